// The containers and init containers of a pod (validateContainers, validateInitContainers, validateContainerCommon):
// names, image, enumerated policies, volume mounts, and the ports, env, probes, resources and security of each.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { checkEnv, checkEnvFrom } from './env';
import { Fields, isSet, list, record, text } from './go-values';
import { dnsLabelProblem } from './identifiers';
import { checkContainerPorts, checkHostPortConflicts } from './ports';
import { checkLifecycle, checkProbe } from './probes';
import { Report } from './report';
import { checkResourceRequirements } from './resources';
import { checkSecurityContext } from './security-context';
import { checkRelativePath } from './volumes';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const MOUNT_PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];

/** What a pod spec gives each of its containers to be checked against. */
export interface PodContext {
  /** The names of the pod's volumes. */
  readonly volumes: ReadonlySet<string>;
  /** Whether the pod shares the host's user namespace (hostUsers unset or true). */
  readonly hostUsers: boolean;
}

function checkEnum(value: unknown, allowed: readonly string[], field: string, what: string, report: Report): void {
  const v = text(value);
  if (v !== undefined && !allowed.includes(v)) report(MESSAGES.unsupportedValue, field, `${what} must be one of ${allowed.join(', ')}, got ${show(v)}`);
}

function checkVolumeMounts(container: Fields, pod: PodContext, field: string, report: Report): void {
  const mountPaths = new Map<string, number>();
  list(container.volumeMounts).forEach((m, i) => {
    const mount = record(m) ?? {};
    const path = `${field}[${i}]`;
    const name = text(mount.name);
    if (name === undefined) report(MESSAGES.requiredValue, `${path}.name`, 'volume mount name is required');
    else if (!pod.volumes.has(name)) {
      const known = [...pod.volumes].join(', ') || 'none';
      report(MESSAGES.invalidFieldValue, `${path}.name`, `volume mount names no volume of the pod: ${show(name)} (volumes: ${known})`);
    }
    const mountPath = text(mount.mountPath);
    if (mountPath === undefined) report(MESSAGES.requiredValue, `${path}.mountPath`, 'mountPath is required');
    else if (mountPaths.has(mountPath)) {
      report(MESSAGES.invalidFieldValue, `${path}.mountPath`, `mountPath ${show(mountPath)} is already used by ${field}[${mountPaths.get(mountPath)}]`);
    } else mountPaths.set(mountPath, i);
    const subPath = text(mount.subPath);
    if (subPath !== undefined) checkRelativePath(subPath, `${path}.subPath`, report);
    const subPathExpr = text(mount.subPathExpr);
    if (subPathExpr !== undefined) {
      if (subPath !== undefined) report(MESSAGES.invalidFieldValue, `${path}.subPathExpr`, 'subPathExpr and subPath may not both be set');
      checkRelativePath(subPathExpr, `${path}.subPathExpr`, report);
    }
    checkEnum(mount.mountPropagation, MOUNT_PROPAGATIONS, `${path}.mountPropagation`, 'mountPropagation', report);
    if (mount.mountPropagation === 'Bidirectional' && record(container.securityContext)?.privileged !== true) {
      report(MESSAGES.invalidFieldValue, `${path}.mountPropagation`, 'mountPropagation Bidirectional is only allowed in privileged containers');
    }
  });
}

/** What every kind of container must have. */
function checkContainerCommon(container: Fields, pod: PodContext, field: string, report: Report): void {
  const name = text(container.name);
  const nameProblem = name === undefined ? undefined : dnsLabelProblem(name);
  if (name === undefined) report(MESSAGES.requiredValue, join(field, 'name'), 'container name is required');
  else if (nameProblem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `container name must be ${nameProblem}, got ${show(name)}`);
  if (text(container.image) === undefined) report(MESSAGES.requiredValue, join(field, 'image'), 'image is required');
  checkEnum(container.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, join(field, 'terminationMessagePolicy'), 'terminationMessagePolicy', report);
  checkContainerPorts(container.ports, join(field, 'ports'), report);
  checkEnv(container.env, join(field, 'env'), report);
  checkEnvFrom(container.envFrom, join(field, 'envFrom'), report);
  checkVolumeMounts(container, pod, join(field, 'volumeMounts'), report);
  checkEnum(container.imagePullPolicy, PULL_POLICIES, join(field, 'imagePullPolicy'), 'imagePullPolicy', report);
  checkResourceRequirements(container.resources, join(field, 'resources'), report);
  checkSecurityContext(container.securityContext, pod.hostUsers, join(field, 'securityContext'), report);
}

function checkProbesAndLifecycle(container: Fields, field: string, report: Report): void {
  checkLifecycle(container.lifecycle, join(field, 'lifecycle'), report);
  checkProbe(container.livenessProbe, 'livenessProbe', join(field, 'livenessProbe'), report);
  checkProbe(container.readinessProbe, 'readinessProbe', join(field, 'readinessProbe'), report);
  checkProbe(container.startupProbe, 'startupProbe', join(field, 'startupProbe'), report);
}

/** A pod spec's containers and init containers; names are unique across both lists. */
export function checkContainers(spec: Fields, pod: PodContext, field: string, report: Report): void {
  const containers = list(spec.containers);
  if (containers.length === 0) report(MESSAGES.requiredValue, join(field, 'containers'), 'containers must list at least one container');
  const names = new Map<string, string>();
  const noteName = (container: Fields, path: string) => {
    const name = text(container.name);
    if (name === undefined) return;
    const first = names.get(name);
    if (first !== undefined) report(MESSAGES.invalidFieldValue, join(path, 'name'), `container name ${show(name)} is already used by ${first}`);
    else names.set(name, path);
  };
  containers.forEach((c, i) => {
    const container = record(c) ?? {};
    const path = `${field}.containers[${i}]`;
    checkContainerCommon(container, pod, path, report);
    noteName(container, path);
    checkProbesAndLifecycle(container, path, report);
    if (isSet(container.restartPolicy)) {
      report(MESSAGES.invalidFieldValue, join(path, 'restartPolicy'), `restartPolicy may only be set on init containers, got ${show(container.restartPolicy)}`);
    }
  });
  checkHostPortConflicts(containers, containers.map((_, i) => `${field}.containers[${i}]`), report);
  list(spec.initContainers).forEach((c, i) => {
    const container = record(c) ?? {};
    const path = `${field}.initContainers[${i}]`;
    checkContainerCommon(container, pod, path, report);
    noteName(container, path);
    checkEnum(container.restartPolicy, ['Always'], join(path, 'restartPolicy'), 'restartPolicy of an init container', report);
    if (container.restartPolicy === 'Always') {
      checkProbesAndLifecycle(container, path, report);
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(container[f])) report(MESSAGES.invalidFieldValue, join(path, f), `${f} may not be set on an init container without restartPolicy Always`);
      }
    }
    checkHostPortConflicts([container], [path], report);
  });
}
