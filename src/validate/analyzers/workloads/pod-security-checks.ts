// The Pod Security Standards' checks as pod-security-admission v0.33.9 evaluates a pod (policy/check_*.go and
// registry.go): each check at the version asked for, the restricted checks replacing the baseline ones they override,
// in the registry's order (baseline checks by ID, then restricted ones by ID). A failed check gives what admission
// says of it (its reason and detail, joined into the message of a refusal or a warning as AggregateCheckResult's
// ForbiddenDetail joins them) and the fields that fail it, one problem each, for findings that point at a line.
import type { PodSecurityLevel } from '../../../../constructs/pod-security';
import { goQuote } from '../../go-strconv';

/** A container as admission sees it, with the JSON path it has in the object (or a note for an injected one). */
export interface AdmittedContainer {
  readonly container: any;
  readonly field: string;
}

/** A pod as admission sees it: its spec and annotations, where they are in the object, and every container. */
export interface AdmittedPod {
  readonly spec: any;
  readonly annotations: Readonly<Record<string, string>>;
  readonly field: string;
  readonly metadataField: string;
  readonly containers: readonly AdmittedContainer[];
  /** The fields and annotations the create derives (applyAppArmorVersionSkew): admission sees them, the object has none. */
  readonly derivedFields?: ReadonlySet<string>;
}

/** A field that fails a check, and the project's words for why. */
export type Problem = readonly [field: string, message: string];

/** A failed check: admission's reason and detail, and the fields that fail it. */
export interface FailedCheck {
  readonly reason: string;
  readonly detail: string;
  readonly problems: readonly Problem[];
}

/** The standards' version a level is checked at: the minor of `v1.<minor>`. */
export type StandardsVersion = number;
/** The newest version any check has (sysctls, 1.32): a newer one, or `latest`, is checked as this one. */
export const LATEST_VERSION: StandardsVersion = 32;

type CheckPod = (pod: AdmittedPod) => FailedCheck | undefined;

interface VersionedCheck {
  readonly since: StandardsVersion;
  readonly check: CheckPod;
  /** The baseline checks this restricted one replaces, from its version on. */
  readonly overrides?: readonly string[];
}

interface PodCheck {
  readonly id: string;
  readonly level: Exclude<PodSecurityLevel, 'privileged'>;
  readonly versions: readonly VersionedCheck[];
}

const plural = (singular: string, many: string, count: number) => (count === 1 ? singular : many);
/** joinQuote: the items in double quotes, as they are (no escaping). */
const joinQuote = (items: readonly string[]) => (items.length === 0 ? '' : `"${items.join('", "')}"`);
/** A sets.String's List(): unique and sorted by bytes. */
const sortedSet = (items: Iterable<string>) => [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const nameOf = (c: AdmittedContainer) => String(c.container?.name ?? '');
const containersPhrase = (names: readonly string[]) => `${plural('container', 'containers', names.length)} ${joinQuote(names)}`;
const failed = (reason: string, detail: string, problems: readonly Problem[]): FailedCheck => ({ reason, detail, problems });
/** The pods whose `spec.os.name` is windows pass the restricted checks of Linux-only fields from 1.25 on. */
const exceptWindows = (check: CheckPod): CheckPod => (pod) => (pod.spec.os?.name === 'windows' ? undefined : check(pod));

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const SELINUX_TYPES_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES_1_0, 'container_engine_t']);
const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
/** The sources restrictedVolumes names, in the order of its switch. */
const NAMED_VOLUMES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc',
  'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const isSet = (value: unknown): boolean => value !== undefined && value !== null;
const validProfileType = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';
const typeText = (type: unknown) => String(type ?? '');

function hostNamespaces(pod: AdmittedPod): FailedCheck | undefined {
  const keys = ['hostNetwork', 'hostPID', 'hostIPC'].filter((key) => pod.spec[key] === true);
  if (keys.length === 0) return undefined;
  return failed('host namespaces', keys.map((key) => `${key}=true`).join(', '), keys.map((key) => [`${pod.field}.${key}`, `${key} must be unset or false`]));
}

function windowsHostProcess(pod: AdmittedPod): FailedCheck | undefined {
  const problems: Problem[] = [];
  const setters: string[] = [];
  if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) {
    setters.push('pod');
    problems.push([`${pod.field}.securityContext.windowsOptions.hostProcess`, 'host processes are not allowed']);
  }
  const bad = pod.containers.filter((c) => c.container?.securityContext?.windowsOptions?.hostProcess === true);
  if (bad.length > 0) setters.push(containersPhrase(bad.map(nameOf)));
  for (const c of bad) problems.push([`${c.field}.securityContext.windowsOptions.hostProcess`, 'host processes are not allowed']);
  if (setters.length === 0) return undefined;
  return failed('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, problems);
}

function privileged(pod: AdmittedPod): FailedCheck | undefined {
  const bad = pod.containers.filter((c) => c.container?.securityContext?.privileged === true);
  if (bad.length === 0) return undefined;
  return failed('privileged', `${containersPhrase(bad.map(nameOf))} must not set securityContext.privileged=true`,
    bad.map((c) => [`${c.field}.securityContext.privileged`, 'privileged containers are not allowed']));
}

function capabilitiesBaseline(pod: AdmittedPod): FailedCheck | undefined {
  const names: string[] = [];
  const added: string[] = [];
  const problems: Problem[] = [];
  for (const c of pod.containers) {
    const add = (c.container?.securityContext?.capabilities?.add ?? []) as unknown[];
    const beyond = add.map(String).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (beyond.length === 0) continue;
    names.push(nameOf(c));
    added.push(...beyond);
    problems.push([`${c.field}.securityContext.capabilities.add`, `capabilities ${beyond.join(', ')} are beyond the baseline set`]);
  }
  if (names.length === 0) return undefined;
  return failed('non-default capabilities', `${containersPhrase(names)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`, problems);
}

function procMount(pod: AdmittedPod): FailedCheck | undefined {
  const bad = pod.containers.filter((c) => isSet(c.container?.securityContext?.procMount) && c.container.securityContext.procMount !== 'Default');
  if (bad.length === 0) return undefined;
  const types = sortedSet(bad.map((c) => String(c.container.securityContext.procMount)));
  return failed('procMount', `${containersPhrase(bad.map(nameOf))} must not set securityContext.procMount to ${joinQuote(types)}`,
    bad.map((c) => [`${c.field}.securityContext.procMount`, 'procMount must be Default']));
}

function hostPorts(pod: AdmittedPod): FailedCheck | undefined {
  const names: string[] = [];
  const ports: string[] = [];
  const problems: Problem[] = [];
  for (const c of pod.containers) {
    const used = ((c.container?.ports ?? []) as any[]).map((p, i) => [p?.hostPort, i] as const).filter(([port]) => isSet(port) && port !== 0);
    if (used.length === 0) continue;
    names.push(nameOf(c));
    for (const [port, i] of used) {
      ports.push(String(port));
      problems.push([`${c.field}.ports[${i}].hostPort`, `host ports are not allowed (${port})`]);
    }
  }
  if (names.length === 0) return undefined;
  const unique = sortedSet(ports);
  return failed('hostPort',
    `${containersPhrase(names)} ${plural('uses', 'use', names.length)} ${plural('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`, problems);
}

function hostPathVolumes(pod: AdmittedPod): FailedCheck | undefined {
  const volumes = ((pod.spec.volumes ?? []) as any[]).map((v, i) => [v, i] as const).filter(([v]) => isSet(v?.hostPath));
  if (volumes.length === 0) return undefined;
  const names = volumes.map(([v]) => String(v.name ?? ''));
  return failed('hostPath volumes', `${plural('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    volumes.map(([v, i]) => [`${pod.field}.volumes[${i}].hostPath`, `hostPath volumes are not allowed (volume ${v.name})`]));
}

/** Who sets a value admission forbids: "pod", then "container(s) ...", joined with "and". */
function setters(podBad: boolean, containerNames: readonly string[]): string[] {
  return [...(podBad ? ['pod'] : []), ...(containerNames.length > 0 ? [containersPhrase(containerNames)] : [])];
}

function appArmorProfile(pod: AdmittedPod): FailedCheck | undefined {
  const problems: Problem[] = [];
  const values: string[] = [];
  const podProfile = pod.spec.securityContext?.appArmorProfile;
  const podBad = isSet(podProfile) && !validProfileType(podProfile.type);
  if (podBad) {
    values.push(typeText(podProfile.type));
    problems.push([`${pod.field}.securityContext.appArmorProfile.type`, `AppArmor must be RuntimeDefault or Localhost, not ${typeText(podProfile.type)}`]);
  }
  const badContainers: string[] = [];
  for (const c of pod.containers) {
    const profile = c.container?.securityContext?.appArmorProfile;
    if (!isSet(profile) || validProfileType(profile.type)) continue;
    badContainers.push(nameOf(c));
    values.push(typeText(profile.type));
    problems.push([`${c.field}.securityContext.appArmorProfile.type`, `AppArmor must be RuntimeDefault or Localhost, not ${typeText(profile.type)}`]);
  }
  const annotations: string[] = [];
  for (const [key, value] of Object.entries(pod.annotations)) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    annotations.push(`${key}=${goQuote(value)}`);
    problems.push([`${pod.metadataField}.annotations["${key}"]`, `AppArmor profile ${value} is not allowed (runtime/default or localhost/*)`]);
  }
  const who = setters(podBad, badContainers);
  if (annotations.length > 0) who.push(plural('annotation', 'annotations', annotations.length));
  if (who.length === 0) return undefined;
  const list = [...sortedSet(values), ...sortedSet(annotations)];
  return failed(plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', list.length),
    `${who.join(' and ')} must not set AppArmor profile type to ${joinQuote(list)}`, problems);
}

function seLinuxOptions(types: ReadonlySet<string>): CheckPod {
  return (pod) => {
    const problems: Problem[] = [];
    const badTypes: string[] = [];
    let user = false;
    let role = false;
    const valid = (options: any, field: string): boolean => {
      if (!isSet(options)) return true;
      const before = problems.length;
      const type = typeText(options.type);
      if (!types.has(type)) {
        badTypes.push(type);
        problems.push([`${field}.type`, `SELinux type ${options.type} is not allowed`]);
      }
      if (options.user) {
        user = true;
        problems.push([`${field}.user`, 'SELinux user must be unset']);
      }
      if (options.role) {
        role = true;
        problems.push([`${field}.role`, 'SELinux role must be unset']);
      }
      return problems.length === before;
    };
    const podBad = !valid(pod.spec.securityContext?.seLinuxOptions, `${pod.field}.securityContext.seLinuxOptions`);
    const badContainers = pod.containers.filter((c) => !valid(c.container?.securityContext?.seLinuxOptions, `${c.field}.securityContext.seLinuxOptions`)).map(nameOf);
    const who = setters(podBad, badContainers);
    if (who.length === 0) return undefined;
    const unique = sortedSet(badTypes);
    const data = [
      ...(unique.length > 0 ? [`${plural('type', 'types', unique.length)} ${joinQuote(unique)}`] : []),
      ...(user ? ['user may not be set'] : []),
      ...(role ? ['role may not be set'] : []),
    ];
    return failed('seLinuxOptions', `${who.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, problems);
  };
}

/** Before 1.19 the standards read seccomp from the pod's and its containers' annotations. */
function seccompAnnotations(pod: AdmittedPod): FailedCheck | undefined {
  const valid = (value: string) => value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
  const keys = [SECCOMP_POD_ANNOTATION, ...pod.containers.map((c) => `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${nameOf(c)}`)];
  const forbidden: string[] = [];
  const problems: Problem[] = [];
  for (const key of new Set(keys)) {
    const value = Object.hasOwn(pod.annotations, key) ? pod.annotations[key] : undefined;
    if (value === undefined || valid(value)) continue;
    forbidden.push(`${key}=${goQuote(value)}`);
    problems.push([`${pod.metadataField}.annotations["${key}"]`, `seccomp profile ${value} is not allowed (runtime/default, docker/default or localhost/*)`]);
  }
  if (forbidden.length === 0) return undefined;
  const list = sortedSet(forbidden);
  return failed('seccompProfile', `forbidden ${plural('annotation', 'annotations', list.length)} ${list.join(', ')}`, problems);
}

/** The seccomp profile types set to other than RuntimeDefault or Localhost; at restricted, the containers that set none either. */
function seccompFields(restricted: boolean): CheckPod {
  return (pod) => {
    const problems: Problem[] = [];
    const values: string[] = [];
    const message = (type: unknown) => (restricted ? `must be RuntimeDefault or Localhost, not ${typeText(type)}` : `seccomp must be RuntimeDefault or Localhost, not ${typeText(type)}`);
    const podProfile = pod.spec.securityContext?.seccompProfile;
    const podBad = isSet(podProfile) && !validProfileType(podProfile.type);
    if (podBad) {
      values.push(typeText(podProfile.type));
      problems.push([`${pod.field}.securityContext.seccompProfile.type`, message(podProfile.type)]);
    }
    const podSet = isSet(podProfile) && !podBad;
    const explicit: string[] = [];
    const implicit: string[] = [];
    for (const c of pod.containers) {
      const profile = c.container?.securityContext?.seccompProfile;
      if (isSet(profile)) {
        if (validProfileType(profile.type)) continue;
        explicit.push(nameOf(c));
        values.push(typeText(profile.type));
        problems.push([`${c.field}.securityContext.seccompProfile.type`, message(profile.type)]);
      } else if (restricted && !podSet) {
        implicit.push(nameOf(c));
        problems.push([`${c.field}.securityContext.seccompProfile.type`, 'must be RuntimeDefault or Localhost (on the container or the pod)']);
      }
    }
    const who = setters(podBad, explicit);
    if (who.length > 0) {
      return failed('seccompProfile', `${who.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`, problems);
    }
    if (implicit.length === 0) return undefined;
    return failed('seccompProfile', `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`, problems);
  };
}

function sysctls(allowed: readonly string[]): CheckPod {
  const safe = new Set(allowed);
  return (pod) => {
    const forbidden = ((pod.spec.securityContext?.sysctls ?? []) as any[]).map((s, i) => [String(s?.name ?? ''), i] as const).filter(([name]) => !safe.has(name));
    if (forbidden.length === 0) return undefined;
    return failed('forbidden sysctls', forbidden.map(([name]) => name).join(', '),
      forbidden.map(([name, i]) => [`${pod.field}.securityContext.sysctls[${i}].name`, `sysctl ${name} is not one of the safe set`]));
  };
}

function allowPrivilegeEscalation(pod: AdmittedPod): FailedCheck | undefined {
  const bad = pod.containers.filter((c) => c.container?.securityContext?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return undefined;
  return failed('allowPrivilegeEscalation != false', `${containersPhrase(bad.map(nameOf))} must set securityContext.allowPrivilegeEscalation=false`,
    bad.map((c) => [`${c.field}.securityContext.allowPrivilegeEscalation`, 'must be false']));
}

function capabilitiesRestricted(pod: AdmittedPod): FailedCheck | undefined {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const added: string[] = [];
  const problems: Problem[] = [];
  for (const c of pod.containers) {
    const capabilities = c.container?.securityContext?.capabilities;
    const drop = (isSet(capabilities) ? capabilities.drop ?? [] : []) as unknown[];
    if (!drop.includes('ALL')) {
      missingDrop.push(nameOf(c));
      problems.push([`${c.field}.securityContext.capabilities.drop`, 'must include ALL']);
    }
    // a container without capabilities is only missing the drop
    if (!isSet(capabilities)) continue;
    const forbidden = ((capabilities.add ?? []) as unknown[]).map(String).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (forbidden.length === 0) continue;
    adding.push(nameOf(c));
    added.push(...forbidden);
    problems.push([`${c.field}.securityContext.capabilities.add`, `only NET_BIND_SERVICE may be added, got ${forbidden.join(', ')}`]);
  }
  const details = [
    ...(missingDrop.length > 0 ? [`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`] : []),
    ...(adding.length > 0 ? [`${containersPhrase(adding)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`] : []),
  ];
  return details.length === 0 ? undefined : failed('unrestricted capabilities', details.join('; '), problems);
}

function restrictedVolumes(pod: AdmittedPod): FailedCheck | undefined {
  const names: string[] = [];
  const types: string[] = [];
  const problems: Problem[] = [];
  ((pod.spec.volumes ?? []) as any[]).forEach((v, i) => {
    // a source written as null is none; a volume without one is defaulted to an emptyDir
    const sources = Object.keys(v ?? {}).filter((key) => key !== 'name' && isSet(v[key]));
    if (sources.length === 0 || sources.some((key) => ALLOWED_VOLUMES.has(key))) return;
    names.push(String(v.name ?? ''));
    types.push(NAMED_VOLUMES.find((key) => sources.includes(key)) ?? 'unknown');
    problems.push([`${pod.field}.volumes[${i}]`, `volume type ${sources[0]} is not allowed (volume ${v.name})`]);
  });
  if (names.length === 0) return undefined;
  const unique = sortedSet(types);
  return failed('restricted volume types',
    `${plural('volume', 'volumes', names.length)} ${joinQuote(names)} ${plural('uses', 'use', names.length)} ` +
      `${plural('restricted volume type', 'restricted volume types', unique.length)} ${joinQuote(unique)}`, problems);
}

function runAsNonRoot(pod: AdmittedPod): FailedCheck | undefined {
  const problems: Problem[] = [];
  const podValue = pod.spec.securityContext?.runAsNonRoot;
  const podBad = podValue === false;
  if (podBad) problems.push([`${pod.field}.securityContext.runAsNonRoot`, 'must not be false']);
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of pod.containers) {
    const value = c.container?.securityContext?.runAsNonRoot;
    if (isSet(value)) {
      if (value !== false) continue;
      explicit.push(nameOf(c));
      problems.push([`${c.field}.securityContext.runAsNonRoot`, 'must not be false']);
    } else if (podValue !== true) {
      implicit.push(nameOf(c));
      problems.push([`${c.field}.securityContext.runAsNonRoot`, 'must be true (on the container or the pod)']);
    }
  }
  const who = setters(podBad, explicit);
  if (who.length > 0) return failed('runAsNonRoot != true', `${who.join(' and ')} must not set securityContext.runAsNonRoot=false`, problems);
  if (implicit.length === 0) return undefined;
  return failed('runAsNonRoot != true', `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`, problems);
}

function runAsUser(pod: AdmittedPod): FailedCheck | undefined {
  const problems: Problem[] = [];
  const podBad = pod.spec.securityContext?.runAsUser === 0;
  if (podBad) problems.push([`${pod.field}.securityContext.runAsUser`, 'must not run as root (user 0)']);
  const bad = pod.containers.filter((c) => c.container?.securityContext?.runAsUser === 0);
  for (const c of bad) problems.push([`${c.field}.securityContext.runAsUser`, 'must not run as root (user 0)']);
  const who = setters(podBad, bad.map(nameOf));
  return who.length === 0 ? undefined : failed('runAsUser=0', `${who.join(' and ')} must not set runAsUser=0`, problems);
}

const CHECKS: readonly PodCheck[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ since: 0, check: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ since: 0, check: capabilitiesBaseline }] },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ since: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ since: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ since: 0, check: hostPorts }] },
  { id: 'privileged', level: 'baseline', versions: [{ since: 0, check: privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ since: 0, check: procMount }] },
  { id: 'seLinuxOptions', level: 'baseline', versions: [{ since: 0, check: seLinuxOptions(SELINUX_TYPES_1_0) }, { since: 31, check: seLinuxOptions(SELINUX_TYPES_1_31) }] },
  { id: 'seccompProfile_baseline', level: 'baseline', versions: [{ since: 0, check: seccompAnnotations }, { since: 19, check: seccompFields(false) }] },
  {
    id: 'sysctls', level: 'baseline',
    versions: [
      { since: 0, check: sysctls(SYSCTLS_1_0) }, { since: 27, check: sysctls(SYSCTLS_1_27) },
      { since: 29, check: sysctls(SYSCTLS_1_29) }, { since: 32, check: sysctls(SYSCTLS_1_32) },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ since: 0, check: windowsHostProcess }] },
  { id: 'allowPrivilegeEscalation', level: 'restricted', versions: [{ since: 8, check: allowPrivilegeEscalation }, { since: 25, check: exceptWindows(allowPrivilegeEscalation) }] },
  {
    id: 'capabilities_restricted', level: 'restricted',
    versions: [
      { since: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { since: 25, check: exceptWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  { id: 'restrictedVolumes', level: 'restricted', versions: [{ since: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ since: 0, check: runAsNonRoot }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ since: 23, check: runAsUser }] },
  {
    id: 'seccompProfile_restricted', level: 'restricted',
    versions: [
      { since: 19, check: seccompFields(true), overrides: ['seccompProfile_baseline'] },
      { since: 25, check: exceptWindows(seccompFields(true)), overrides: ['seccompProfile_baseline'] },
    ],
  },
];

/** The version of a check in force at a version of the standards, if the check exists then. */
const versionAt = (check: PodCheck, version: StandardsVersion) => [...check.versions].reverse().find((v) => v.since <= version);

/** The checks of a level at a version, in the registry's order: baseline by ID, then restricted by ID, overridden ones left out. */
function checksAt(level: Exclude<PodSecurityLevel, 'privileged'>, version: StandardsVersion): CheckPod[] {
  const byId = (a: PodCheck, b: PodCheck) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const restricted = level === 'restricted' ? CHECKS.filter((c) => c.level === 'restricted').sort(byId) : [];
  const overridden = new Set(restricted.flatMap((c) => versionAt(c, version)?.overrides ?? []));
  const baseline = CHECKS.filter((c) => c.level === 'baseline' && !overridden.has(c.id)).sort(byId);
  return [...baseline, ...restricted].flatMap((c) => versionAt(c, version)?.check ?? []);
}

const CACHE = new Map<string, CheckPod[]>();

/** The checks a pod fails at a level and version (EvaluatePod); none at privileged. */
export function evaluatePod(pod: AdmittedPod, level: PodSecurityLevel, version: StandardsVersion): FailedCheck[] {
  if (level === 'privileged') return [];
  const at = Math.min(version, LATEST_VERSION);
  const key = `${level}:${at}`;
  let checks = CACHE.get(key);
  if (!checks) CACHE.set(key, (checks = checksAt(level, at)));
  return checks.flatMap((check) => check(pod) ?? []);
}

/** AggregateCheckResult's ForbiddenDetail: each reason with its detail in parentheses, joined by commas. */
export function forbiddenDetail(failures: readonly FailedCheck[]): string {
  return failures.map((f) => (f.detail === '' ? f.reason : `${f.reason} (${f.detail})`)).join(', ');
}
