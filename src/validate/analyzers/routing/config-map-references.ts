// TT0008 ConfigMapNotFound: a ConfigMap a pod needs to start that is not in the set, or lacks the key it takes. The
// kubelet holds such a pod back: a container whose `envFrom` or `env[].valueFrom.configMapKeyRef` names a missing
// ConfigMap (or key) fails with CreateContainerConfigError, and a `configMap` volume (or projected source) of a missing
// ConfigMap, or of an item key it lacks, never mounts (a volume no container mounts is not set up: the pod starts). An
// env var's key is looked up in `data`, a volume's in `binaryData` too. A reference marked `optional: true` is
// skipped, as the kubelet skips it. The ConfigMaps the cluster itself writes count as present: in every namespace
// kube-root-ca.crt (Kubernetes' root CA publisher, key ca.crt), istio-ca-root-cert (istiod's, key root-cert.pem; not
// in the namespaces it leaves alone) and OpenShift's openshift-service-ca.crt; in kube-system and kube-public, the
// installer's (kube-proxy, coredns, ...). ConfigMaps an operator writes at run time are not known: lint reports them
// as missing, as it reports any other.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { Fields, list, record } from '../../builtin/go-values';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { podSpecs } from '../../mesh/workloads';

/** The ConfigMaps every namespace has without the set writing them, with their keys. */
const CLUSTER_CONFIG_MAPS: Readonly<Record<string, readonly string[]>> = {
  'kube-root-ca.crt': ['ca.crt'],
  'istio-ca-root-cert': ['root-cert.pem'],
  // OpenShift's service CA operator, in every namespace of an OpenShift cluster
  'openshift-service-ca.crt': ['service-ca.crt'],
};

// the namespaces istiod's namespace controller writes no root certificate into (inject.IgnoredNamespaces, but for
// kube-system, where ztunnel may run)
const NO_ISTIO_ROOT_CERT = new Set(['kube-public', 'kube-node-lease', 'local-path-storage']);

// What the cluster's installer (kubeadm and its kin) and the API server write into its own namespaces, whose keys
// differ by installer: any key is taken.
const INSTALLER_CONFIG_MAPS = new Set([
  'kube-system/kube-proxy', 'kube-system/coredns', 'kube-system/kubeadm-config', 'kube-system/kubelet-config',
  'kube-system/extension-apiserver-authentication', 'kube-public/cluster-info',
]);

/** A reference to a ConfigMap (and maybe keys of it) that a pod needs. */
interface Reference {
  readonly name: unknown;
  readonly keys: readonly unknown[];
  readonly optional: boolean;
  /** The JSON path of the name. */
  readonly field: string;
  /** What refers to it, as the message says it. */
  readonly what: string;
  /** Whether its keys are looked up in `data` only (an env var's); a volume's are in `binaryData` too. */
  readonly dataOnly: boolean;
}

/** The containers' and volumes' references of one pod spec (or an operator resource's spec) at `field`. */
function podReferences(spec: Fields | undefined, field: string, groups: readonly string[], ownContainer = false): Reference[] {
  const references: Reference[] = [];
  const containers = groups.flatMap((group) => list(spec?.[group]).map((c, i) => ({ container: record(c), at: `${field}.${group}[${i}]` })));
  // an operator resource's spec holds its main container's env, envFrom and volumeMounts itself
  if (ownContainer) containers.push({ container: spec, at: field });
  for (const { container, at } of containers) {
    list(container?.envFrom).forEach((entry, i) => {
      const ref = record(record(entry)?.configMapRef);
      if (ref) references.push({ name: ref.name, keys: [], optional: ref.optional === true, field: `${at}.envFrom[${i}].configMapRef.name`, what: 'envFrom refers to', dataOnly: true });
    });
    list(container?.env).forEach((entry, i) => {
      const env = record(entry);
      const ref = record(record(env?.valueFrom)?.configMapKeyRef);
      if (!ref) return;
      references.push({
        name: ref.name, keys: [ref.key], optional: ref.optional === true, field: `${at}.env[${i}].valueFrom.configMapKeyRef.name`,
        what: `env ${env?.name} takes a key of`, dataOnly: true,
      });
    });
  }
  // the kubelet sets up only the volumes some container mounts (or uses as a device): a pod starts without the others
  const used = new Set(containers.flatMap(({ container }) =>
    [...list(container?.volumeMounts), ...list(container?.volumeDevices)].map((m) => record(m)?.name)));
  list(spec?.volumes).forEach((v, i) => {
    const volume = record(v);
    if (!used.has(volume?.name)) return;
    const source = record(volume?.configMap);
    const items = (s: Fields) => list(s.items).map((item) => record(item)?.key);
    if (source) {
      references.push({
        name: source.name, keys: items(source), optional: source.optional === true, field: `${field}.volumes[${i}].configMap.name`,
        what: `volume ${volume?.name} mounts`, dataOnly: false,
      });
    }
    list(record(volume?.projected)?.sources).forEach((s, j) => {
      const projected = record(record(s)?.configMap);
      if (!projected) return;
      references.push({
        name: projected.name, keys: items(projected), optional: projected.optional === true,
        field: `${field}.volumes[${i}].projected.sources[${j}].configMap.name`, what: `volume ${volume?.name} projects`, dataOnly: false,
      });
    });
  });
  return references;
}

// the operators' resources hold their main container's env, envFrom and volumeMounts, and the pod's volumes, in their
// spec, beside lists of init and sidecar containers
const OPERATOR_KINDS = new Set(['AppsodyApplication', 'RuntimeComponent']);

/** The references of an object: an operator resource's own, and those of each of its pod templates. */
function referencesOf(source: SourcedObject): Reference[] {
  const spec = record(source.object.spec);
  const own = OPERATOR_KINDS.has(source.object.kind) ? podReferences(spec, 'spec', ['initContainers', 'sidecarContainers'], true) : [];
  return [...own, ...podSpecs(source).flatMap((pod) => podReferences(record(pod.spec), pod.field, ['initContainers', 'containers']))];
}

/**
 * Whether a ConfigMap of the set (or of the cluster's own) has a key, in `data` (and, unless `dataOnly`, in
 * `binaryData`); undefined when there is none of that name.
 */
function keysOf(index: MeshIndex, namespace: string, name: string, dataOnly: boolean): ((key: string) => boolean) | undefined {
  const configMap = index.configMaps.get(`${namespace}/${name}`)?.object;
  if (configMap) {
    const keys = new Set([...Object.keys(record(configMap.data) ?? {}), ...(dataOnly ? [] : Object.keys(record(configMap.binaryData) ?? {}))]);
    return (key) => keys.has(key);
  }
  // an installer's ConfigMap: its keys are not known
  if (INSTALLER_CONFIG_MAPS.has(`${namespace}/${name}`)) return () => true;
  const builtIn = Object.hasOwn(CLUSTER_CONFIG_MAPS, name) ? CLUSTER_CONFIG_MAPS[name] : undefined;
  if (name === 'istio-ca-root-cert' && NO_ISTIO_ROOT_CERT.has(namespace)) return undefined;
  return builtIn && ((key) => builtIn.includes(key));
}

/** Required ConfigMaps (of operator resources and pod templates) that are not in the set, or lack a key taken. */
export function checkConfigMapReferences(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const ns = namespaceOf(source);
    for (const { name, keys, optional, field, what, dataOnly } of referencesOf(source)) {
      if (typeof name !== 'string' || name === '' || optional) continue;
      const has = keysOf(index, ns, name, dataOnly);
      if (!has) {
        findings.push(finding(MESSAGES.configMapNotFound, source,
          `${what} ConfigMap "${name}", which is not in the set (namespace ${ns}); add it or mark the reference optional`, field));
        continue;
      }
      const missing = keys.filter((key): key is string => typeof key === 'string' && key !== '' && !has(key));
      if (missing.length === 0) continue;
      findings.push(finding(MESSAGES.configMapNotFound, source,
        `${what} ConfigMap "${name}", which has no key ${missing.map((k) => `"${k}"`).join(', ')} (namespace ${ns}); add the key or mark the reference optional`, field));
    }
  }
  return findings;
}
