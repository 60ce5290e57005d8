// TT0028: the warnings the API server sends back with a successful create, which kubectl prints as `Warning: ...`
// (the strategies' WarningsOnCreate, Kubernetes 1.33): for a pod and every pod template (pkg/api/pod/warnings.go:
// deprecated node labels in node selectors, affinity and spread constraints, null label selectors, deprecated
// annotations and volume plugins, projected paths that collide with a service account token's, repeated host
// aliases and image pull secrets, fractional bytes of memory or ephemeral storage, seccomp and AppArmor annotations
// without their fields, an env var that hides an earlier one, ports defined twice or ambiguously, a negative grace
// period); for PersistentVolumes and claims (the beta storage class annotation, the Recycle policy, deprecated
// plugins and node labels, fractional storage); a RuntimeClass's deprecated node labels; and a Service's IP
// addresses in non-standard forms, the deprecated topology hints annotation, and externalIPs or externalName its
// type ignores. The API server sends them only when the create succeeds: they are reported for an object without
// errors. Paths are the object's own (Go writes a projected item's without its source's index).
import { parseQuantity } from '../quantity';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, num, record, str, text } from './go-values';
import { ipFormWarning } from './identifiers';

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
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const STORAGE_CLASS_ANNOTATION_MESSAGE = 'deprecated since v1.8; use "storageClassName" attribute instead';
const TOPOLOGY_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
const NULL_SELECTOR = 'a null labelSelector results in matching no pod';

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
  if (key === 'v1/Pod') podWarnings(record(object.spec) ?? {}, record(object.metadata) ?? {}, '', false, warn);
  const templatePath = POD_TEMPLATES[key];
  if (templatePath !== undefined) {
    const template = templatePath.split('.').reduce<Fields | undefined>((at, part) => record(at?.[part]), object);
    if (template) podWarnings(record(template.spec) ?? {}, record(template.metadata) ?? {}, templatePath, true, warn);
  }
  if (key === 'v1/PersistentVolume') persistentVolumeWarnings(object, warn);
  if (key === 'v1/PersistentVolumeClaim') {
    if (hasAnnotation(object, BETA_STORAGE_CLASS_ANNOTATION)) warn(join('metadata.annotations', BETA_STORAGE_CLASS_ANNOTATION), STORAGE_CLASS_ANNOTATION_MESSAGE);
    claimSpecWarnings(record(object.spec) ?? {}, 'spec', warn);
  }
  if (key === 'node.k8s.io/v1/RuntimeClass') {
    for (const [label] of entries(record(object.scheduling)?.nodeSelector)) {
      const message = deprecatedNodeLabel(label);
      if (message) warn('scheduling.nodeSelector', message);
    }
  }
  if (key === 'v1/Service') serviceWarnings(object, warn);
  return warnings;
}

type Warn = (field: string, message: string) => void;

const hasAnnotation = (object: Fields, key: string) => Object.hasOwn(record(record(object.metadata)?.annotations) ?? {}, key);
const at = (prefix: string, path: string) => (prefix === '' ? path : `${prefix}.${path}`);

/** warningsForPodSpecAndMeta; `template` for a pod template (the AppArmor annotation is then warned of here). */
function podWarnings(spec: Fields, metadata: Fields, prefix: string, template: boolean, warn: Warn): void {
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
    const appArmorField = isSet(podSecurity?.appArmorProfile) || isSet(security?.appArmorProfile);
    if (template && !appArmorField && Object.hasOwn(annotations, APPARMOR_CONTAINER_PREFIX + name)) {
      warn(join(at(prefix, 'metadata.annotations'), APPARMOR_CONTAINER_PREFIX + name), 'deprecated since v1.30; use the "appArmorProfile" field instead');
    }
    const resources = record(container.resources);
    for (const side of ['limits', 'requests']) {
      for (const resource of ['memory', 'ephemeral-storage']) fractionalBytes(record(resources?.[side])?.[resource], join(`${path}.resources.${side}`, resource), warn);
    }
    envWarnings(container, path, warn);
  }
  portWarnings(containers, warn);
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

/** Deprecated volume plugins, ephemeral claims' fractional storage, and projected paths colliding with a token's. */
function volumeWarnings(spec: Fields, prefix: string, warn: Warn): void {
  const volumes = list(spec.volumes).map((volume) => record(volume) ?? {});
  const tokenPaths = new Set<string>();
  volumes.forEach((volume, i) => {
    const path = `${at(prefix, 'spec.volumes')}[${i}]`;
    for (const [plugin, message] of Object.entries(DEPRECATED_POD_VOLUMES)) if (isSet(volume[plugin])) warn(`${path}.${plugin}`, message);
    const claim = record(record(volume.ephemeral)?.volumeClaimTemplate);
    if (claim) claimSpecWarnings(record(claim.spec) ?? {}, `${path}.ephemeral.volumeClaimTemplate.spec`, warn);
    for (const source of list(record(volume.projected)?.sources)) {
      const token = record(record(source)?.serviceAccountToken);
      if (token) tokenPaths.add(str(token.path));
    }
  });
  if (tokenPaths.size === 0) return;
  volumes.forEach((volume, i) => {
    list(record(volume.projected)?.sources).forEach((item, s) => {
      const source = record(item) ?? {};
      const path = `${at(prefix, 'spec.volumes')}[${i}].projected.sources[${s}]`;
      for (const kind of ['configMap', 'secret', 'downwardAPI']) {
        list(record(source[kind])?.items).forEach((entry, j) => {
          const itemPath = str(record(entry)?.path);
          if (tokenPaths.has(itemPath)) warn(`${path}.${kind}.items[${j}]`, `has duplicated path with ServiceAccountToken ${JSON.stringify(itemPath)}`);
        });
      }
      const bundle = record(source.clusterTrustBundle);
      if (bundle && tokenPaths.has(str(bundle.path))) warn(`${path}.clusterTrustBundle`, `has duplicated path with ServiceAccountToken ${JSON.stringify(str(bundle.path))}`);
    });
  });
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

/** A quantity of bytes that is not whole (its MilliValue not a multiple of 1000). */
function fractionalBytes(quantity: unknown, path: string, warn: Warn): void {
  const amount = parseQuantity(quantity);
  if (amount === undefined || Number.isInteger(Math.round(amount * 1000) / 1000)) return;
  warn(path, `fractional byte value ${show(quantity)} is invalid, must be an integer`);
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
  if (type === 'ExternalName' && list(spec.externalIPs).length > 0) warn('spec.externalIPs', 'spec.externalIPs is ignored when spec.type is "ExternalName"');
  if (type !== 'ExternalName' && str(spec.externalName) !== '') warn('spec.externalName', 'spec.externalName is ignored when spec.type is not "ExternalName"');
}

function ipWarning(ip: string, path: string, warn: Warn): void {
  const message = ipFormWarning(ip);
  if (message) warn(path, message);
}
