// The containers and init containers of a pod (validateContainers, validateInitContainers, validateContainerCommon):
// names, image, enumerated policies, volume mounts, and the ports, env, probes, resources and security of each.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { checkEnv, checkEnvFrom } from './env';
import type { VersionRules } from './version-rules';
import { Fields, isSet, list, record, stringPointer, text } from './go-values';
import { dnsLabelProblem } from './identifiers';
import { checkContainerPorts, checkHostPortConflicts } from './ports';
import { checkLifecycle, checkProbe } from './probes';
import { checkEnum, Report } from './report';
import { checkResourceRequirements } from './resources';
import { checkSecurityContext } from './security-context';
import { checkDescendingPath } from './volumes';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const MOUNT_PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];
const RECURSIVE_READ_ONLY = ['Disabled', 'IfPossible', 'Enabled'];
const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

/** What a pod spec gives each of its containers to be checked against. */
export interface PodContext {
  /** The pod's volumes: the source kind (emptyDir, persistentVolumeClaim, ...) of each by name. */
  readonly volumes: ReadonlyMap<string, string | undefined>;
  /** Whether the pod shares the host's user namespace (hostUsers unset or true). */
  readonly hostUsers: boolean;
  /** The pod's terminationGracePeriodSeconds (defaulted to 30), which bounds the sleep of lifecycle hooks. */
  readonly gracePeriod: number | undefined;
  /** The pod's restartPolicy (defaulted to Always). */
  readonly restartPolicy: string;
  /** The rules of the Kubernetes version checked against. */
  readonly rules: VersionRules;
}

function checkVolumeMounts(container: Fields, pod: PodContext, field: string, report: Report): void {
  const mountPaths = new Map<string, number>();
  const devices = new Map(list(container.volumeDevices).map((d) => [String(record(d)?.name ?? ''), String(record(d)?.devicePath ?? '')]));
  list(container.volumeMounts).forEach((m, i) => {
    const mount = record(m) ?? {};
    const path = `${field}[${i}]`;
    const name = text(mount.name);
    if (name === undefined) report(MESSAGES.requiredValue, `${path}.name`, 'is required');
    else if (!pod.volumes.has(name)) {
      const known = [...pod.volumes.keys()].join(', ') || 'none';
      report(MESSAGES.invalidFieldValue, `${path}.name`, `volume mount names no volume of the pod: ${show(name)} (volumes: ${known})`);
    }
    const mountPath = text(mount.mountPath);
    if (mountPath === undefined) report(MESSAGES.requiredValue, `${path}.mountPath`, 'is required');
    else if (mountPaths.has(mountPath)) {
      report(MESSAGES.invalidFieldValue, `${path}.mountPath`, `mountPath ${show(mountPath)} is already used by ${field}[${mountPaths.get(mountPath)}]`);
    } else mountPaths.set(mountPath, i);
    if (name !== undefined && devices.has(name)) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume ${show(name)} is also a volumeDevice of the container`);
    if (mountPath !== undefined && [...devices.values()].includes(mountPath)) {
      report(MESSAGES.invalidFieldValue, `${path}.mountPath`, `mountPath ${show(mountPath)} is also the devicePath of a volumeDevice`);
    }
    const subPath = text(mount.subPath);
    const subPathExpr = text(mount.subPathExpr);
    if (subPath !== undefined) checkDescendingPath(subPath, `${path}.subPath`, report);
    if (subPathExpr !== undefined) {
      if (subPath !== undefined) report(MESSAGES.invalidFieldValue, `${path}.subPathExpr`, 'subPathExpr and subPath may not both be set');
      checkDescendingPath(subPathExpr, `${path}.subPathExpr`, report);
    }
    // *string fields, the two of them: "" is a value, and not an allowed one
    checkEnum(mount.mountPropagation, MOUNT_PROPAGATIONS, `${path}.mountPropagation`, 'mountPropagation', report, stringPointer);
    if (mount.mountPropagation === 'Bidirectional' && record(container.securityContext)?.privileged !== true) {
      report(MESSAGES.invalidFieldValue, `${path}.mountPropagation`, 'mountPropagation Bidirectional is only allowed in privileged containers');
    }
    // validateMountRecursiveReadOnly
    const rro = stringPointer(mount.recursiveReadOnly);
    if (rro === 'IfPossible' || rro === 'Enabled') {
      if (mount.readOnly !== true) report(MESSAGES.invalidFieldValue, `${path}.recursiveReadOnly`, `recursiveReadOnly ${rro} needs readOnly: true`);
      if (stringPointer(mount.mountPropagation) !== undefined && mount.mountPropagation !== 'None') {
        report(MESSAGES.invalidFieldValue, `${path}.recursiveReadOnly`, `recursiveReadOnly ${rro} needs mountPropagation None or unset, got ${show(mount.mountPropagation)}`);
      }
    } else checkEnum(rro, RECURSIVE_READ_ONLY, `${path}.recursiveReadOnly`, 'recursiveReadOnly', report, stringPointer);
  });
}

/** ValidateVolumeDevices: raw block devices of persistentVolumeClaim or ephemeral volumes, at unique paths. */
function checkVolumeDevices(container: Fields, pod: PodContext, field: string, report: Report): void {
  const names = new Set<string>();
  const paths = new Set<string>();
  const mounts = new Map(list(container.volumeMounts).map((m) => [String(record(m)?.name ?? ''), String(record(m)?.mountPath ?? '')]));
  list(container.volumeDevices).forEach((d, i) => {
    const device = record(d) ?? {};
    const path = `${field}[${i}]`;
    const name = text(device.name);
    const devicePath = text(device.devicePath);
    if (name === undefined) report(MESSAGES.requiredValue, `${path}.name`, 'is required');
    else if (names.has(name)) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume device name ${show(name)} is used twice`);
    else if (!pod.volumes.has(name)) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume device names no volume of the pod: ${show(name)}`);
    else if (pod.volumes.get(name) !== 'persistentVolumeClaim' && pod.volumes.get(name) !== 'ephemeral') {
      report(MESSAGES.invalidFieldValue, `${path}.name`, `a volume device must be a persistentVolumeClaim or ephemeral volume, got ${show(name)}`);
    }
    if (name !== undefined) names.add(name);
    if (name !== undefined && mounts.has(name)) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume ${show(name)} is also mounted by volumeMounts`);
    if (devicePath === undefined) return report(MESSAGES.requiredValue, `${path}.devicePath`, 'is required');
    if (paths.has(devicePath)) report(MESSAGES.invalidFieldValue, `${path}.devicePath`, `devicePath ${show(devicePath)} is used twice`);
    if (devicePath.split('/').includes('..')) report(MESSAGES.invalidFieldValue, `${path}.devicePath`, `devicePath must not contain '..', got ${show(devicePath)}`);
    else paths.add(devicePath);
    if ([...mounts.values()].includes(devicePath)) report(MESSAGES.invalidFieldValue, `${path}.devicePath`, `devicePath ${show(devicePath)} is also a mountPath`);
  });
}

/** validateResizePolicy: cpu and memory at most once each; a pod that never restarts cannot restart a container. */
function checkResizePolicy(container: Fields, pod: PodContext, field: string, report: Report): void {
  const seen = new Set<string>();
  list(container.resizePolicy).forEach((p, i) => {
    const policy = record(p) ?? {};
    const path = `${field}[${i}]`;
    const resource = String(policy.resourceName ?? '');
    if (seen.has(resource)) report(MESSAGES.invalidFieldValue, `${path}.resourceName`, `resize policy for ${show(resource)} is given twice`);
    seen.add(resource);
    if (!RESIZE_RESOURCES.includes(resource)) {
      report(MESSAGES.unsupportedValue, `${path}.resourceName`, `resourceName must be one of ${RESIZE_RESOURCES.join(', ')}, got ${show(resource)}`);
    }
    const restart = String(policy.restartPolicy ?? '');
    if (!RESIZE_POLICIES.includes(restart)) {
      report(MESSAGES.unsupportedValue, `${path}.restartPolicy`, `restartPolicy must be one of ${RESIZE_POLICIES.join(', ')}, got ${show(restart)}`);
    }
    if (pod.restartPolicy === 'Never' && restart !== 'NotRequired') {
      report(MESSAGES.invalidFieldValue, `${path}.restartPolicy`, `restartPolicy must be NotRequired when the pod's restartPolicy is Never, got ${show(restart)}`);
    }
  });
}

/** What every kind of container must have. */
function checkContainerCommon(container: Fields, pod: PodContext, field: string, report: Report): void {
  const name = text(container.name);
  const nameProblem = name === undefined ? undefined : dnsLabelProblem(name);
  if (name === undefined) report(MESSAGES.requiredValue, join(field, 'name'), 'is required');
  else if (nameProblem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `container name must be ${nameProblem}, got ${show(name)}`);
  if (text(container.image) === undefined) report(MESSAGES.requiredValue, join(field, 'image'), 'is required');
  checkEnum(container.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, join(field, 'terminationMessagePolicy'), 'terminationMessagePolicy', report);
  checkContainerPorts(container.ports, join(field, 'ports'), report);
  checkEnv(container.env, join(field, 'env'), report, pod.rules.relaxedEnvNames);
  checkEnvFrom(container.envFrom, join(field, 'envFrom'), report, pod.rules.relaxedEnvNames);
  checkVolumeMounts(container, pod, join(field, 'volumeMounts'), report);
  checkVolumeDevices(container, pod, join(field, 'volumeDevices'), report);
  checkEnum(container.imagePullPolicy, PULL_POLICIES, join(field, 'imagePullPolicy'), 'imagePullPolicy', report);
  checkResourceRequirements(container.resources, join(field, 'resources'), report);
  checkResizePolicy(container, pod, join(field, 'resizePolicy'), report);
  checkSecurityContext(container.securityContext, pod.hostUsers, join(field, 'securityContext'), report);
}

function checkProbesAndLifecycle(container: Fields, pod: PodContext, field: string, report: Report): void {
  checkLifecycle(container.lifecycle, pod.gracePeriod, join(field, 'lifecycle'), report);
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
    checkProbesAndLifecycle(container, pod, path, report);
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
    checkEnum(container.restartPolicy, ['Always'], join(path, 'restartPolicy'), 'restartPolicy of an init container', report, stringPointer);
    if (container.restartPolicy === 'Always') {
      checkProbesAndLifecycle(container, pod, path, report);
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(container[f])) report(MESSAGES.invalidFieldValue, join(path, f), `${f} may not be set on an init container without restartPolicy Always`);
      }
    }
    checkHostPortConflicts([container], [path], report);
  });
}
