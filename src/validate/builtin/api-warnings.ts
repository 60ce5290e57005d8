// TT0028: the warnings the API server sends back with a successful create, which kubectl prints as `Warning: ...`
// (the strategies' WarningsOnCreate, Kubernetes 1.33). For a pod and every pod template (pkg/api/pod/warnings.go):
// deprecated node labels in node selectors, affinity and spread constraints, null label selectors, deprecated
// annotations and volume plugins, volume paths that overlap, repeated host aliases and image pull secrets,
// fractional bytes of memory or ephemeral storage, seccomp and AppArmor annotations without their fields (a bare Pod's
// AppArmor ones as its create's version skew warns of them), an env var that hides an earlier one, ports defined
// twice or ambiguously, a negative grace period; the name of a pod, or of a
// workload whose pods take it, that is not a DNS label; an Indexed Job past both soft limits; a StatefulSet's and a
// claim's fractional storage; for PersistentVolumes the beta storage class annotation, the Recycle policy,
// deprecated plugins and node labels; the deprecated node labels of a RuntimeClass and a StorageClass; the
// deprecated ingress class annotation; a ServiceAccount's deprecated enforce-mountable-secrets annotation; and IP
// addresses and CIDRs in non-standard forms (apimachinery v0.33's GetWarningsForIP and GetWarningsForCIDR) in
// Services, Endpoints, EndpointSlices and NetworkPolicies, with a Service's deprecated topology hints annotation and
// the fields its type ignores. The API server sends them only when the create succeeds: they are reported for an
// object without errors. Paths are the object's own: Go writes some without an index, or none at all.
import { fractionalQuantityText, isWholeQuantity, parseQuantity } from '../quantity';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, num, record, str, stringPointer, text } from './go-values';
import { withoutDisabledFields } from './disabled-pod-fields';
import { APPARMOR_CONTAINER_PREFIX, appArmorFieldFor, SECCOMP_CONTAINER_PREFIX, SECCOMP_POD_ANNOTATION } from './profile-annotations';
import { cidrFormWarnings, dnsLabelProblem, ipFormWarning } from './identifiers';
import { TOPOLOGY_HINTS_ANNOTATION, TOPOLOGY_MODE_ANNOTATION } from './services';

/** One warning: where, and what the API server says. */
export interface ApiWarning {
  readonly field: string;
  readonly message: string;
}

/** node.GetNodeLabelDeprecatedMessage. */
const DEPRECATED_NODE_LABELS: Readonly<Record<string, string>> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
  'app.kubernetes.io/created-by': 'deprecated since v1.9',
  'scheduler.alpha.kubernetes.io/preferAvoidPods': 'deprecated since v1.22; use Taints and Tolerations instead',
  'node-role.kubernetes.io/master': 'use "node-role.kubernetes.io/control-plane" instead',
};
const deprecatedNodeLabel = (key: string) => (Object.hasOwn(DEPRECATED_NODE_LABELS, key) ? DEPRECATED_NODE_LABELS[key] : undefined);

const DEPRECATED_POD_ANNOTATIONS: Readonly<Record<string, string>> = {
  'scheduler.alpha.kubernetes.io/critical-pod': 'non-functional in v1.16+; use the "priorityClassName" field instead',
  'security.alpha.kubernetes.io/sysctls': 'non-functional in v1.11+; use the "sysctls" field instead',
  'security.alpha.kubernetes.io/unsafe-sysctls': 'non-functional in v1.11+; use the "sysctls" field instead',
};
/** The volume plugins Kubernetes deprecated or removed, by a pod volume's field. */
const DEPRECATED_POD_VOLUMES: Readonly<Record<string, string>> = {
  photonPersistentDisk: 'deprecated in v1.11, non-functional in v1.16+',
  gitRepo: 'deprecated in v1.11',
  scaleIO: 'deprecated in v1.16, non-functional in v1.22+',
  flocker: 'deprecated in v1.22, non-functional in v1.25+',
  storageos: 'deprecated in v1.22, non-functional in v1.25+',
  quobyte: 'deprecated in v1.22, non-functional in v1.25+',
  glusterfs: 'deprecated in v1.25, non-functional in v1.26+',
  cephfs: 'deprecated in v1.28, non-functional in v1.31+',
  rbd: 'deprecated in v1.28, non-functional in v1.31+',
};
const DEPRECATED_PV_SOURCES: Readonly<Record<string, string>> = {
  cephfs: DEPRECATED_POD_VOLUMES.cephfs,
  photonPersistentDisk: DEPRECATED_POD_VOLUMES.photonPersistentDisk,
  scaleIO: DEPRECATED_POD_VOLUMES.scaleIO,
  storageos: DEPRECATED_POD_VOLUMES.storageos,
  glusterfs: DEPRECATED_POD_VOLUMES.glusterfs,
  rbd: DEPRECATED_POD_VOLUMES.rbd,
};
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const STORAGE_CLASS_ANNOTATION_MESSAGE = 'deprecated since v1.8; use "storageClassName" attribute instead';
const NULL_SELECTOR = 'a null labelSelector results in matching no pod';

/** The kinds whose name should be a DNS label, as their strategies warn (a DaemonSet's and a StatefulSet's do not). */
const NAME_USES: Readonly<Record<string, string>> = {
  'v1/Pod': "the Pod's hostname",
  'apps/v1/Deployment': 'Pod names and hostnames',
  'apps/v1/ReplicaSet': 'Pod names and hostnames',
  'v1/ReplicationController': 'Pod names and hostnames',
  'batch/v1/Job': 'Pod names and hostnames',
  'batch/v1/CronJob': 'Pod names and hostnames',
};
const ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
const ENDPOINTS_CONTROLLER = 'endpoint-controller';
// warnOnBadIPs passes over the slices of the EndpointSlice and mirroring controllers
const SLICE_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const SLICE_CONTROLLERS = ['endpointslice-controller.k8s.io', 'endpointslicemirroring-controller.k8s.io'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const ENFORCE_MOUNTABLE_SECRETS = 'kubernetes.io/enforce-mountable-secrets';
/** pkg/api/job's soft limits of an Indexed Job, past which its failed indexes may not be tracked. */
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_SOFT_LIMIT = 10_000;

/** Where each workload kind keeps its pod template, by `<apiVersion>/<kind>`. */
const POD_TEMPLATES: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': 'spec.template',
  'apps/v1/ReplicaSet': 'spec.template',
  'apps/v1/StatefulSet': 'spec.template',
  'apps/v1/DaemonSet': 'spec.template',
  'batch/v1/Job': 'spec.template',
  'batch/v1/CronJob': 'spec.jobTemplate.spec.template',
  'v1/ReplicationController': 'spec.template',
  'v1/PodTemplate': 'template',
};

/** The warnings a create of `object` gets. */
export function apiServerWarnings(object: Fields, apiVersion: string, kind: string): ApiWarning[] {
  const warnings: ApiWarning[] = [];
  const warn = (field: string, message: string) => warnings.push({ field, message });
  const key = `${apiVersion}/${kind}`;
  const nameUse = NAME_USES[key];
  const name = str(record(object.metadata)?.name);
  const labelProblem = nameUse && name !== '' ? dnsLabelProblem(name) : undefined;
  if (labelProblem) warn('metadata.name', `this is used in ${nameUse}, which can result in surprising behavior; a DNS label is recommended: ${labelProblem}`);
  if (key === 'v1/Pod') podWarnings(record(object.spec) ?? {}, record(object.metadata) ?? {}, '', false, warn);
  if (key === 'batch/v1/Job') jobWarnings(record(object.spec) ?? {}, 'spec', warn);
  if (key === 'batch/v1/CronJob') jobWarnings(record(record(record(object.spec)?.jobTemplate)?.spec) ?? {}, 'spec.jobTemplate.spec', warn);
  if (key === 'apps/v1/StatefulSet') {
    list(record(object.spec)?.volumeClaimTemplates).forEach((template, i) =>
      claimSpecWarnings(record(record(template)?.spec) ?? {}, `spec.volumeClaimTemplates[${i}].spec`, warn),
    );
  }
  const templatePath = POD_TEMPLATES[key];
  if (templatePath !== undefined) {
    const template = templatePath.split('.').reduce<Fields | undefined>((at, part) => record(at?.[part]), object);
    if (template) podWarnings(record(template.spec) ?? {}, record(template.metadata) ?? {}, templatePath, true, warn);
  }
  // 1.33 deprecates the v1 Endpoints API (KEP-4974): every request for it gets this warning, a create too
  if (key === 'v1/Endpoints') warn('', 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
  if (key === 'v1/PersistentVolume') persistentVolumeWarnings(object, warn);
  if (key === 'v1/PersistentVolumeClaim') {
    if (hasAnnotation(object, BETA_STORAGE_CLASS_ANNOTATION)) warn(join('metadata.annotations', BETA_STORAGE_CLASS_ANNOTATION), STORAGE_CLASS_ANNOTATION_MESSAGE);
    claimSpecWarnings(record(object.spec) ?? {}, 'spec', warn);
  }
  if (key === 'node.k8s.io/v1/RuntimeClass') {
    for (const [label] of entries(record(object.scheduling)?.nodeSelector)) {
      const message = deprecatedNodeLabel(label);
      // Go names the selector without the label
      if (message) warn(join('scheduling.nodeSelector', label), message);
    }
  }
  if (key === 'v1/Service') serviceWarnings(object, warn);
  // warnIfHasEnforceMountableSecretsAnnotation: whatever its value
  if (key === 'v1/ServiceAccount' && hasAnnotation(object, ENFORCE_MOUNTABLE_SECRETS)) {
    warn(join('metadata.annotations', ENFORCE_MOUNTABLE_SECRETS), 'deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets');
  }
  if (key === 'v1/Endpoints' && record(record(object.metadata)?.labels)?.[ENDPOINTS_MANAGED_BY] !== ENDPOINTS_CONTROLLER) {
    list(object.subsets).forEach((subset, i) => {
      for (const kind of ['addresses', 'notReadyAddresses']) {
        list(record(subset)?.[kind]).forEach((address, j) => ipWarning(str(record(address)?.ip), `subsets[${i}].${kind}[${j}].ip`, warn));
      }
    });
  }
  const sliceManager = str(record(record(object.metadata)?.labels)?.[SLICE_MANAGED_BY]);
  if (key === 'discovery.k8s.io/v1/EndpointSlice' && (object.addressType === 'IPv4' || object.addressType === 'IPv6') && !SLICE_CONTROLLERS.includes(sliceManager)) {
    list(object.endpoints).forEach((endpoint, i) => list(record(endpoint)?.addresses).forEach((ip, j) => ipWarning(str(ip), `endpoints[${i}].addresses[${j}]`, warn)));
  }
  if (key === 'networking.k8s.io/v1/NetworkPolicy') networkPolicyWarnings(record(object.spec) ?? {}, warn);
  if (key === 'networking.k8s.io/v1/Ingress' && hasAnnotation(object, INGRESS_CLASS_ANNOTATION) && stringPointer(record(object.spec)?.ingressClassName) === undefined) {
    warn(join('metadata.annotations', INGRESS_CLASS_ANNOTATION), `annotation "${INGRESS_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`);
  }
  if (key === 'storage.k8s.io/v1/StorageClass') {
    list(object.allowedTopologies).forEach((term, i) =>
      list(record(term)?.matchLabelExpressions).forEach((expression, j) => {
        const label = str(record(expression)?.key);
        const message = deprecatedNodeLabel(label);
        if (message) warn(`allowedTopologies[${i}].matchLabelExpressions[${j}].key`, `${label} is ${message}`);
      }),
    );
  }
  return warnings;
}

type Warn = (field: string, message: string) => void;

const hasAnnotation = (object: Fields, key: string) => Object.hasOwn(record(record(object.metadata)?.annotations) ?? {}, key);
const at = (prefix: string, path: string) => (prefix === '' ? path : `${prefix}.${path}`);

/**
 * Whether a container's AppArmor annotation is warned of: in a pod template (warningsForPodSpecAndMeta) when neither
 * the pod nor the container sets the field; for a bare Pod by the version skew of its create (applyAppArmorVersionSkew,
 * not for Windows pods) when the container sets no field and the annotation does not read as the pod's own field.
 */
function appArmorWarned(annotation: string, podField: Fields | undefined, ownField: Fields | undefined, template: boolean, spec: Fields): boolean {
  if (template) return !podField && !ownField;
  if (ownField || str(record(spec.os)?.name) === 'windows') return false;
  const read = appArmorFieldFor(annotation);
  return !read || !podField || read.type !== podField.type || read.localhostProfile !== stringPointer(podField.localhostProfile);
}

/** warningsForPodSpecAndMeta; `template` for a pod template, false for a bare Pod's spec. */
function podWarnings(given: Fields, metadata: Fields, prefix: string, template: boolean, warn: Warn): void {
  // the create warns of the spec it keeps
  const spec = withoutDisabledFields(given);
  const annotations = record(metadata.annotations) ?? {};
  for (const [label] of entries(spec.nodeSelector)) {
    const message = deprecatedNodeLabel(label);
    if (message) warn(join(at(prefix, 'spec.nodeSelector'), label), message);
  }
  const affinity = record(spec.affinity);
  const nodeAffinity = record(affinity?.nodeAffinity);
  const requiredPath = at(prefix, 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms');
  list(record(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms).forEach((term, i) =>
    nodeSelectorTermWarnings(term, `${requiredPath}[${i}]`, warn),
  );
  const preferredPath = at(prefix, 'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution');
  list(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) =>
    nodeSelectorTermWarnings(record(term)?.preference, `${preferredPath}[${i}].preference`, warn),
  );
  list(spec.topologySpreadConstraints).forEach((item, i) => {
    const constraint = record(item) ?? {};
    const path = `${at(prefix, 'spec.topologySpreadConstraints')}[${i}]`;
    const message = deprecatedNodeLabel(str(constraint.topologyKey));
    if (message) warn(`${path}.topologyKey`, `${str(constraint.topologyKey)} is ${message}`);
    if (!isSet(constraint.labelSelector)) warn(`${path}.labelSelector`, NULL_SELECTOR);
  });
  for (const [key, message] of Object.entries(DEPRECATED_POD_ANNOTATIONS)) {
    if (Object.hasOwn(annotations, key)) warn(join(at(prefix, 'metadata.annotations'), key), message);
  }
  volumeWarnings(spec, prefix, warn);
  hostAliasAndPullSecretWarnings(spec, prefix, warn);
  for (const resource of ['memory', 'ephemeral-storage']) fractionalBytes(record(spec.overhead)?.[resource], join(at(prefix, 'spec.overhead'), resource), warn);
  const podSecurity = record(spec.securityContext);
  if (!isSet(podSecurity?.seccompProfile) && Object.hasOwn(annotations, SECCOMP_POD_ANNOTATION)) {
    warn(join(at(prefix, 'metadata.annotations'), SECCOMP_POD_ANNOTATION), 'non-functional in v1.27+; use the "seccompProfile" field instead');
  }
  const containers = podContainers(spec, at(prefix, 'spec'));
  for (const { container, path } of containers) {
    const security = record(container.securityContext);
    const name = str(container.name);
    if (!isSet(security?.seccompProfile) && Object.hasOwn(annotations, SECCOMP_CONTAINER_PREFIX + name)) {
      warn(join(at(prefix, 'metadata.annotations'), SECCOMP_CONTAINER_PREFIX + name), 'non-functional in v1.27+; use the "seccompProfile" field instead');
    }
    const appArmorAnnotation = annotations[APPARMOR_CONTAINER_PREFIX + name];
    if (typeof appArmorAnnotation === 'string' && appArmorWarned(appArmorAnnotation, record(podSecurity?.appArmorProfile), record(security?.appArmorProfile), template, spec)) {
      warn(join(at(prefix, 'metadata.annotations'), APPARMOR_CONTAINER_PREFIX + name), 'deprecated since v1.30; use the "appArmorProfile" field instead');
    }
    const resources = record(container.resources);
    for (const side of ['limits', 'requests']) {
      for (const resource of ['memory', 'ephemeral-storage']) fractionalBytes(record(resources?.[side])?.[resource], join(`${path}.resources.${side}`, resource), warn);
    }
    envWarnings(container, path, warn);
  }
  portWarnings(containers, warn);
  portNameWarnings(spec, at(prefix, 'spec'), warn);
  const grace = num(spec.terminationGracePeriodSeconds);
  if (grace !== undefined && grace < 0) {
    warn(at(prefix, 'spec.terminationGracePeriodSeconds'), 'must be >= 0; negative values are invalid and will be treated as 1');
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const terms = record(affinity?.[kind]);
    const path = at(prefix, `spec.affinity.${kind}`);
    list(terms?.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (!isSet(record(term)?.labelSelector)) warn(`${path}.requiredDuringSchedulingIgnoredDuringExecution[${i}].labelSelector`, NULL_SELECTOR);
    });
    list(terms?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (!isSet(record(record(term)?.podAffinityTerm)?.labelSelector)) {
        warn(`${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm.labelSelector`, NULL_SELECTOR);
      }
    });
  }
}

/** GetWarningsForNodeSelectorTerm: deprecated node labels as expression keys. */
function nodeSelectorTermWarnings(term: unknown, path: string, warn: Warn): void {
  list(record(term)?.matchExpressions).forEach((expression, j) => {
    const key = str(record(expression)?.key);
    const message = deprecatedNodeLabel(key);
    if (message) warn(`${path}.matchExpressions[${j}].key`, `${key} is ${message}`);
  });
}

/** Deprecated volume plugins, ephemeral claims' fractional storage, and overlapping paths. */
function volumeWarnings(spec: Fields, prefix: string, warn: Warn): void {
  list(spec.volumes).forEach((item, i) => {
    const volume = record(item) ?? {};
    const path = `${at(prefix, 'spec.volumes')}[${i}]`;
    for (const [plugin, message] of Object.entries(DEPRECATED_POD_VOLUMES)) if (isSet(volume[plugin])) warn(`${path}.${plugin}`, message);
    const claim = record(record(volume.ephemeral)?.volumeClaimTemplate);
    if (claim) claimSpecWarnings(record(claim.spec) ?? {}, `${path}.ephemeral.volumeClaimTemplate.spec`, warn);
    overlappingPathWarnings(volume, (message) => warn(path, message));
  });
}

/**
 * warningsForOverlappingVirtualPaths, for one volume: items of a configMap, secret or downwardAPI volume, and the
 * sources of a projected one, that write one path twice or a path inside another's. As Go has it: a path is inside
 * another when the other and a slash start with it (so `a` overlaps `ab`), and a projected source that gives no
 * paths is checked again with the paths and message of the source before it. Where Go looks through a set in no
 * fixed order for the path a new one collides with, the first one written is named.
 */
function overlappingPathWarnings(volume: Fields, warn: (message: string) => void): void {
  const name = JSON.stringify(str(volume.name));
  const pathsOf = (items: unknown) => list(items).map((entry) => str(record(entry)?.path));
  const configMap = record(volume.configMap);
  if (configMap && Array.isArray(configMap.items)) checkOverlaps(pathsOf(configMap.items), `volume ${name} (ConfigMap ${JSON.stringify(str(configMap.name))}): overlapping paths`, warn);
  const secret = record(volume.secret);
  if (secret && Array.isArray(secret.items)) checkOverlaps(pathsOf(secret.items), `volume ${name} (Secret ${JSON.stringify(str(secret.secretName))}): overlapping paths`, warn);
  const downward = record(volume.downwardAPI);
  if (downward && Array.isArray(downward.items)) checkOverlaps(pathsOf(downward.items), `volume ${name} (DownwardAPI): overlapping paths`, warn);
  const projected = record(volume.projected);
  if (!projected) return;
  let paths: string[] = [];
  let message = '';
  const all: string[] = [];
  for (const item of list(projected.sources)) {
    const source = record(item) ?? {};
    if (!Object.values(source).some(isSet)) {
      warn(`volume ${name} (Projected) has no sources provided`);
      continue;
    }
    const [cm, sec, api, token, bundle] = ['configMap', 'secret', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'].map((key) => record(source[key]));
    if (cm && Array.isArray(cm.items)) {
      [paths, message] = [pathsOf(cm.items), `volume ${name} (Projected ConfigMap ${JSON.stringify(str(cm.name))}): overlapping paths`];
    } else if (sec && Array.isArray(sec.items)) {
      [paths, message] = [pathsOf(sec.items), `volume ${name} (Projected Secret ${JSON.stringify(str(sec.name))}): overlapping paths`];
    } else if (api && Array.isArray(api.items)) {
      [paths, message] = [pathsOf(api.items), `volume ${name} (Projected DownwardAPI): overlapping paths`];
    } else if (token) {
      [paths, message] = [[str(token.path)], `volume ${name} (Projected ServiceAccountToken): overlapping paths`];
    } else if (bundle) {
      const bundleName = text(bundle.name) ?? str(bundle.signerName);
      [paths, message] = [[str(bundle.path)], `volume ${name} (Projected ClusterTrustBundle ${JSON.stringify(bundleName)}): overlapping paths`];
    }
    if (paths.length === 0) continue;
    checkOverlaps(paths, message, warn);
    const unique = [...new Set(paths)];
    checkOverlaps([...unique, ...all].sort(), message, warn);
    all.push(...unique.filter((path) => !all.includes(path)));
  }
}

/** checkVolumeMappingForOverlap and checkForOverlap. */
function checkOverlaps(paths: readonly string[], message: string, warn: (message: string) => void): void {
  const seen: string[] = [];
  for (const path of paths) {
    const normalized = path.replace(/\/+$/, '');
    const collision = overlapOf(seen, normalized);
    if (collision !== undefined) warn(`${message}: ${JSON.stringify(normalized)} with ${JSON.stringify(collision)}`);
    if (!seen.includes(normalized)) seen.push(normalized);
  }
}

function overlapOf(seen: readonly string[], path: string): string | undefined {
  for (const item of seen) {
    if (item === '' || path === '') return undefined;
    if (item === path || `${item}/`.startsWith(path) || `${path}/`.startsWith(item)) return item;
  }
  return undefined;
}

function hostAliasAndPullSecretWarnings(spec: Fields, prefix: string, warn: Warn): void {
  const aliases = list(spec.hostAliases);
  if (aliases.length > 1) {
    const ips = new Set<string>();
    aliases.forEach((alias, i) => {
      const ip = str(record(alias)?.ip);
      if (ips.has(ip)) warn(`${at(prefix, 'spec.hostAliases')}[${i}].ip`, `duplicate ip ${JSON.stringify(ip)}`);
      ips.add(ip);
    });
  }
  const secrets = list(spec.imagePullSecrets);
  const names = new Set<string>();
  secrets.forEach((secret, i) => {
    const name = str(record(secret)?.name);
    const path = `${at(prefix, 'spec.imagePullSecrets')}[${i}].name`;
    if (secrets.length > 1 && names.has(name)) warn(path, `duplicate name ${JSON.stringify(name)}`);
    names.add(name);
    if (name === '') warn(path, 'invalid empty name ""');
  });
}

/** A quantity of bytes that is not whole (its MilliValue not a multiple of 1000), quoted as Quantity.String() gives it. */
function fractionalBytes(quantity: unknown, path: string, warn: Warn): void {
  const amount = parseQuantity(quantity);
  if (amount === undefined || isWholeQuantity(amount)) return;
  warn(path, `fractional byte value ${JSON.stringify(fractionalQuantityText(quantity) ?? String(quantity))} is invalid, must be an integer`);
}

/** GetWarningsForPersistentVolumeClaimSpec: fractional storage. */
function claimSpecWarnings(spec: Fields, path: string, warn: Warn): void {
  for (const side of ['requests', 'limits']) fractionalBytes(record(record(spec.resources)?.[side])?.storage, join(`${path}.resources.${side}`, 'storage'), warn);
}

/** Every container of a pod, with its path (pods.VisitContainersWithPath: init containers, containers, ephemeral). */
function podContainers(spec: Fields, path: string): { container: Fields; path: string }[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((kind) =>
    list(spec[kind]).map((container, i) => ({ container: record(container) ?? {}, path: `${path}.${kind}[${i}]` })),
  );
}

/** A repeated env var that does not build on the one it hides (X=$(X)... does). */
function envWarnings(container: Fields, path: string, warn: Warn): void {
  const env = list(container.env).map((item) => record(item) ?? {});
  if (env.length <= 1) return;
  const names = new Set<string>();
  env.forEach((item, i) => {
    const name = str(item.name);
    if (!names.has(name)) {
      names.add(name);
      return;
    }
    const reference = `$(${name})`;
    const value = str(item.value);
    if (isSet(item.valueFrom) || value === reference || !value.includes(reference)) {
      warn(`${path}.env[${i}]`, `hides previous definition of ${JSON.stringify(name)}, which may be dropped when using apply`);
    }
  });
}

/** Container ports defined twice, overlapping or ambiguously across the pod's containers, and hostIP without hostPort. */
function portWarnings(containers: readonly { container: Fields; path: string }[], warn: Warn): void {
  const seen = new Map<string, { path: string; hostIP: string; hostPort: number }[]>();
  for (const { container, path } of containers) {
    list(container.ports).forEach((item, i) => {
      const port = record(item) ?? {};
      const portPath = `${path}.ports[${i}]`;
      const hostIP = str(port.hostIP);
      const hostPort = num(port.hostPort) ?? 0;
      if (hostIP !== '' && hostPort === 0) warn(portPath, `hostIP set without hostPort: ${show(port)}`);
      // SetDefaults_ContainerPort: TCP
      const key = `${num(port.containerPort) ?? 0}/${text(port.protocol) ?? 'TCP'}`;
      const others = seen.get(key) ?? [];
      for (const other of others) {
        if (hostIP === other.hostIP && hostPort === other.hostPort) {
          warn(portPath, `duplicate port definition with ${other.path}`);
        } else if (hostPort === 0 || other.hostPort === 0) {
          warn(portPath, `overlapping port definition with ${other.path}`);
        } else if (hostPort === other.hostPort && (hostIP === '') !== (other.hostIP === '')) {
          warn(portPath, `dangerously ambiguous port definition with ${other.path}`);
        }
      }
      seen.set(key, [...others, { path: portPath, hostIP, hostPort }]);
    });
  }
}

/**
 * A port name given again by another container or sidecar (an init container that restarts Always): Services and
 * probes that name the port get the first one.
 */
function portNameWarnings(spec: Fields, path: string, warn: Warn): void {
  const sidecars = list(spec.initContainers)
    .map((container, i) => ({ container: record(container) ?? {}, path: `${path}.initContainers[${i}]` }))
    .filter(({ container }) => container.restartPolicy === 'Always');
  const containers = list(spec.containers).map((container, i) => ({ container: record(container) ?? {}, path: `${path}.containers[${i}]` }));
  const first = new Map<string, string>();
  for (const { container, path: containerPath } of [...sidecars, ...containers]) {
    list(container.ports).forEach((port, i) => {
      const name = str(record(port)?.name);
      if (name === '') return;
      const portPath = `${containerPath}.ports[${i}]`;
      const other = first.get(name);
      if (other === undefined) first.set(name, portPath);
      else warn(portPath, `duplicate port name ${JSON.stringify(name)} with ${other}, services and probes that select ports by name will use ${other}`);
    });
  }
}

/** warningsForPersistentVolumeSpecAndMeta. */
function persistentVolumeWarnings(object: Fields, warn: Warn): void {
  const spec = record(object.spec) ?? {};
  if (hasAnnotation(object, BETA_STORAGE_CLASS_ANNOTATION)) warn(join('metadata.annotations', BETA_STORAGE_CLASS_ANNOTATION), STORAGE_CLASS_ANNOTATION_MESSAGE);
  if (spec.persistentVolumeReclaimPolicy === 'Recycle') {
    warn('spec.persistentVolumeReclaimPolicy', 'The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.');
  }
  list(record(record(spec.nodeAffinity)?.required)?.nodeSelectorTerms).forEach((term, i) =>
    nodeSelectorTermWarnings(term, `spec.nodeAffinity.required.nodeSelectorTerms[${i}]`, warn),
  );
  for (const [source, message] of Object.entries(DEPRECATED_PV_SOURCES)) if (isSet(spec[source])) warn(`spec.${source}`, message);
}

/** GetWarningsForService, as far as 1.33 has it. */
function serviceWarnings(object: Fields, warn: Warn): void {
  const spec = record(object.spec) ?? {};
  if (hasAnnotation(object, TOPOLOGY_HINTS_ANNOTATION)) {
    warn(join('metadata.annotations', TOPOLOGY_HINTS_ANNOTATION), `annotation ${TOPOLOGY_HINTS_ANNOTATION} is deprecated, please use ${TOPOLOGY_MODE_ANNOTATION} instead`);
  }
  const type = text(spec.type) ?? 'ClusterIP';
  // helper.IsServiceIPSet: a cluster IP that is neither None nor empty
  const clusterIP = str(spec.clusterIP);
  if (clusterIP !== '' && clusterIP !== 'None') {
    // the defaults copy clusterIP into clusterIPs when only the first is given
    if (list(spec.clusterIPs).length === 0) ipWarning(clusterIP, 'spec.clusterIP', warn);
    else list(spec.clusterIPs).forEach((ip, i) => ipWarning(str(ip), `spec.clusterIPs[${i}]`, warn));
  }
  list(spec.externalIPs).forEach((ip, i) => ipWarning(str(ip), `spec.externalIPs[${i}]`, warn));
  const loadBalancerIP = text(spec.loadBalancerIP);
  if (loadBalancerIP !== undefined) ipWarning(loadBalancerIP, 'spec.loadBalancerIP', warn);
  list(spec.loadBalancerSourceRanges).forEach((cidr, i) => cidrWarnings(str(cidr), `spec.loadBalancerSourceRanges[${i}]`, warn));
  if (type === 'ExternalName' && list(spec.externalIPs).length > 0) warn('spec.externalIPs', 'spec.externalIPs is ignored when spec.type is "ExternalName"');
  if (type !== 'ExternalName' && str(spec.externalName) !== '') warn('spec.externalName', 'spec.externalName is ignored when spec.type is not "ExternalName"');
}

function ipWarning(ip: string, path: string, warn: Warn): void {
  const message = ipFormWarning(ip);
  if (message) warn(path, message);
}

/** WarningsForJobSpec: an Indexed Job past both soft limits (parallelism 1 by default). */
function jobWarnings(spec: Fields, path: string, warn: Warn): void {
  if (spec.completionMode !== 'Indexed') return;
  if ((num(spec.completions) ?? 0) > COMPLETIONS_SOFT_LIMIT && (num(spec.parallelism) ?? 1) > PARALLELISM_SOFT_LIMIT) {
    warn(
      path,
      'In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail',
    );
  }
}

/** The CIDRs of a NetworkPolicy's IP blocks in non-standard forms. */
function networkPolicyWarnings(spec: Fields, warn: Warn): void {
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']]) {
    list(spec[direction]).forEach((rule, i) =>
      list(record(rule)?.[peers]).forEach((peer, j) => {
        const block = record(record(peer)?.ipBlock);
        if (!block) return;
        const path = `spec.${direction}[${i}].${peers}[${j}].ipBlock`;
        cidrWarnings(str(block.cidr), `${path}.cidr`, warn);
        list(block.except).forEach((cidr, k) => cidrWarnings(str(cidr), `${path}.except[${k}]`, warn));
      }),
    );
  }
}

function cidrWarnings(cidr: string, path: string, warn: Warn): void {
  for (const message of cidrFormWarnings(cidr)) warn(path, message);
}
