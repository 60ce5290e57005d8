// The deprecated seccomp and AppArmor annotations against the securityContext fields that replace them, as a Pod's
// and a pod template's create checks them (validateSeccompAnnotationsAndFields,
// validateAppArmorAnnotationsAndFieldsMatchOnCreate; not a StatefulSet's template, whose pod spec apps validation
// leaves alone): where both are given they must say the same. A container's seccomp annotation is compared with its
// own field only; its AppArmor annotation with its own field or, without one, the pod's. A Windows pod's AppArmor is
// not compared. A bare Pod's create first copies an AppArmor annotation it can read into the field of a container that
// has none (applyAppArmorVersionSkew), so there such a container's annotation is compared with the pod's field only
// when the annotation names no valid profile.
import { Buffer } from 'node:buffer';
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, goTrimSpace, list, record, text } from './go-values';
import { Report } from './report';

/** The deprecated annotations: a pod's seccomp profile, and each container's by `<prefix><container name>`. */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
export const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
/** The prefix of a localhost profile in either annotation. */
export const LOCALHOST_PROFILE = 'localhost/';

/** What an annotation of each profile type must say: the values it may take, or a localhost/ prefix. */
const SECCOMP_VALUES: Readonly<Record<string, readonly string[]>> = { Unconfined: ['unconfined'], RuntimeDefault: ['runtime/default', 'docker/default'] };
const APPARMOR_VALUES: Readonly<Record<string, readonly string[]>> = { Unconfined: ['unconfined'], RuntimeDefault: ['runtime/default'] };

/** Where a profile field and the annotation beside it disagree: the field to report, or undefined. */
function mismatch(annotation: string, profile: Fields, values: Readonly<Record<string, readonly string[]>>): 'type' | 'localhostProfile' | undefined {
  const type = text(profile.type);
  if (type === 'Localhost') {
    if (!annotation.startsWith(LOCALHOST_PROFILE)) return 'type';
    return annotation.slice(LOCALHOST_PROFILE.length) === profile.localhostProfile ? undefined : 'localhostProfile';
  }
  const allowed = type === undefined ? undefined : values[type];
  return allowed === undefined || allowed.includes(annotation) ? undefined : 'type';
}

/** An AppArmor profile field. */
export interface AppArmorField {
  readonly type: string;
  readonly localhostProfile?: string;
}

/**
 * apparmorFieldForAnnotation, kept when ValidateAppArmorProfileField passes it: the field the version skew of a Pod's
 * create reads `annotation` into, or undefined.
 */
export function appArmorFieldFor(annotation: string): AppArmorField | undefined {
  if (annotation === 'unconfined') return { type: 'Unconfined' };
  if (annotation === 'runtime/default') return { type: 'RuntimeDefault' };
  const profile = annotation.startsWith(LOCALHOST_PROFILE) ? annotation.slice(LOCALHOST_PROFILE.length) : '';
  return profile !== '' && goTrimSpace(profile) === profile && Buffer.byteLength(profile) <= 4095 ? { type: 'Localhost', localhostProfile: profile } : undefined;
}

/** appArmorAnnotationForField: the annotation the version skew of a Pod's create writes for a profile field, or `''`. */
export function appArmorAnnotationFor(profile: AppArmorField | undefined): string {
  if (profile?.type === 'RuntimeDefault') return 'runtime/default';
  if (profile?.type === 'Unconfined') return 'unconfined';
  return profile?.type === 'Localhost' && profile.localhostProfile !== undefined ? `${LOCALHOST_PROFILE}${profile.localhostProfile}` : '';
}

/** The annotations of `metadata` against the profiles of `spec` (the pod spec at `specField`); `isPod` for a bare Pod's. */
export function checkProfileAnnotations(metadata: unknown, spec: Fields, specField: string, report: Report, isPod = false): void {
  const annotations = record(record(metadata)?.annotations);
  if (!annotations) return;
  const annotation = (key: string) => (typeof annotations[key] === 'string' ? (annotations[key] as string) : undefined);
  const say = (what: string, key: string, field: string, at: string) =>
    report(MESSAGES.invalidFieldValue, `${field}.${at}`, `the ${what} profile of the field and of the annotation ${key} (${show(annotations[key])}) must match`);
  const podContext = record(spec.securityContext);
  const podSeccomp = record(podContext?.seccompProfile);
  const podAnnotation = annotation(SECCOMP_POD_ANNOTATION);
  const podField = `${specField}.securityContext.seccompProfile`;
  const podWrong = podSeccomp && podAnnotation !== undefined ? mismatch(podAnnotation, podSeccomp, SECCOMP_VALUES) : undefined;
  if (podWrong) say('seccomp', SECCOMP_POD_ANNOTATION, podField, podWrong);
  const windows = text(record(spec.os)?.name) === 'windows';
  for (const kind of ['containers', 'initContainers', 'ephemeralContainers']) {
    list(spec[kind]).forEach((c, i) => {
      const container = record(c) ?? {};
      const name = text(container.name) ?? '';
      const context = record(container.securityContext);
      const path = `${specField}.${kind}[${i}].securityContext`;
      const seccomp = record(context?.seccompProfile);
      const seccompAnnotation = annotation(SECCOMP_CONTAINER_PREFIX + name);
      const seccompWrong = seccomp && seccompAnnotation !== undefined ? mismatch(seccompAnnotation, seccomp, SECCOMP_VALUES) : undefined;
      if (seccompWrong) say('seccomp', SECCOMP_CONTAINER_PREFIX + name, `${path}.seccompProfile`, seccompWrong);
      const appArmorAnnotation = annotation(APPARMOR_CONTAINER_PREFIX + name);
      const own = record(context?.appArmorProfile);
      const copied = isPod && !own && appArmorAnnotation !== undefined && appArmorFieldFor(appArmorAnnotation) !== undefined;
      const appArmor = own ?? (copied ? undefined : record(podContext?.appArmorProfile));
      const compared = !windows && appArmor !== undefined && appArmorAnnotation !== undefined;
      const appArmorWrong = compared ? mismatch(appArmorAnnotation, appArmor, APPARMOR_VALUES) : undefined;
      if (appArmorWrong) say('AppArmor', APPARMOR_CONTAINER_PREFIX + name, `${path}.appArmorProfile`, appArmorWrong);
    });
  }
}
