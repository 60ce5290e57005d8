// IST0158 PodsIstioProxyImageMismatchInNamespace, as istioctl 1.30.3's injection.ImageAnalyzer reports it
// (pkg/config/analysis/analyzers/injection/injection-image.go): Pods of an injected namespace whose `istio-proxy`
// container (or native sidecar) runs another image than the one the injector of the namespace's revision would give
// them now, as after an upgrade of the control plane; once per namespace, with the Pods' names. Files exported from a
// cluster hold such Pods, and so do manifests injected by `istioctl kube-inject`; pod templates are not read, as by
// istioctl. Pieces, as there:
// - the injectors: every ConfigMap named `istio-sidecar-injector...`, whose `values` key is JSON read as Go's
//   encoding/json reads it into {global: {hub, tag, proxy: {image}}} (keys matched without case, a value of another
//   type makes the image ""); the image is `global.proxy.image` when it has a `/`, else `<hub>/<image>:<tag>`;
// - a namespace is injected with label `istio.io/rev` (its value is the revision, whatever `istio-injection` says)
//   or `istio-injection: enabled` (the default revision); its injector is `istio-sidecar-injector` for the default
//   revision, `istio-sidecar-injector-<revision>` for another; without one, its Pods are passed over;
// - a Pod with annotation `sidecar.istio.io/proxyImage` is passed over; the image may also end in `-<type>`, the
//   image type (`distroless`) of the proxy config that applies to the Pod: the mesh config's `defaultConfig`, then a
//   ProxyConfig of the root namespace, of the Pod's namespace, one selecting the Pod, then its `proxy.istio.io/config`
//   annotation if it decodes (`default` means none). The annotation's decoding is checked as far as proxy-config.ts
//   decodes a ProxyConfig: a value of the wrong type in a field it does not read (`concurrency: two`) is not seen.
// Deliberate difference: istioctl takes a ProxyConfig with a selector for a Pod of any namespace whose name starts
// with the Pod's namespace name (a string prefix test); here only one of the Pod's namespace.
import { parse } from 'yaml';
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { push } from '../../grouped';
import type { MeshIndex } from '../../mesh/mesh-index';
import { namespaceOf } from '../../mesh/mesh-index';
import { meshConfigOf } from '../policies/mesh-config';
import { resourcesOf } from '../policies/policy-resources';
import { installResourceOf } from './install-resource';
import { at, list, protoField, record, stringMap, text } from './manifest-values';
import { proxyConfigError } from './proxy-config';

const INJECTOR = 'istio-sidecar-injector';
const PROXY = 'istio-proxy';

/** What Go's encoding/json reads of `value` for a struct field named `name`: the last key equal to it without case. */
function goField(value: Readonly<Record<string, unknown>>, name: string): unknown {
  let found: unknown;
  for (const key of Object.keys(value)) if (key.toLowerCase() === name) found = value[key];
  return found;
}

/**
 * The proxy image of an injector ConfigMap, as GetIstioProxyImage reads it: "" when its `values` are not JSON or a
 * value is of another type than the struct's (json.Unmarshal then fails).
 */
export function injectorProxyImage(configMap: SourcedObject): string {
  let values: unknown;
  try {
    values = JSON.parse(text(at(configMap.object, 'data', 'values')) ?? '');
  } catch {
    return '';
  }
  const fields = { hub: '', tag: '', image: '' };
  // a null anywhere leaves the zero value, as Go does; a value of another type is an error
  const struct = (value: unknown, read: (map: Readonly<Record<string, unknown>>) => boolean): boolean =>
    value === undefined || value === null || (record(value) !== undefined && read(record(value) ?? {}));
  const string = (value: unknown, set: (s: string) => void): boolean => {
    if (typeof value === 'string') set(value);
    return value === undefined || value === null || typeof value === 'string';
  };
  const decoded = struct(values, (root) =>
    struct(goField(root, 'global'), (global) =>
      string(goField(global, 'hub'), (s) => (fields.hub = s)) &&
      string(goField(global, 'tag'), (s) => (fields.tag = s)) &&
      struct(goField(global, 'proxy'), (proxy) => string(goField(proxy, 'image'), (s) => (fields.image = s)))));
  if (!decoded) return '';
  return fields.image.includes('/') ? fields.image : `${fields.hub}/${fields.image}:${fields.tag}`;
}

/** The image type a proxy config (a mesh config's defaultConfig, a ProxyConfig's spec) sets. */
const imageTypeOf = (config: unknown): string => text(at(config, 'image', 'imageType')) ?? '';

/**
 * The image type a `proxy.istio.io/config` annotation sets, as protomarshal.ApplyYAML decodes it into a ProxyConfig
 * (YAML 1.1, fields by JSON or proto name); "" when it does not decode, as istioctl then ignores it.
 */
function annotationImageType(value: string): string {
  if (proxyConfigError(value)?.startsWith('failed to convert')) return '';
  const config = record(parse(value, { version: '1.1', uniqueKeys: false }) as unknown) ?? {};
  const image = protoField(config, 'image');
  if (image !== undefined && image !== null && !record(image)) return '';
  const type = protoField(record(image) ?? {}, 'imageType');
  return typeof type === 'string' ? type : '';
}

/** The image type of the proxy config that applies to `pod`, "" for the default image (EffectiveProxyConfigResolver). */
function imageType(index: MeshIndex, pod: SourcedObject): string {
  const namespace = namespaceOf(pod);
  const labels = stringMap(pod.object.metadata?.labels);
  const { rootNamespace } = meshConfigOf(index.objects);
  const configs = resourcesOf(index, 'networking.istio.io', 'ProxyConfig').map((config) => ({ namespace: namespaceOf(config), spec: record(config.object.spec) }));
  const selects = (spec: ReturnType<typeof record>) => spec?.selector !== undefined && spec?.selector !== null;
  // istioctl keeps the last ProxyConfig of the root namespace, and of the Pod's namespace without a selector
  const root = configs.filter((c) => c.namespace === rootNamespace).at(-1);
  const own = configs.filter((c) => c.namespace !== rootNamespace && c.namespace === namespace && !selects(c.spec)).at(-1);
  const selecting = configs.filter((c) => c.namespace !== rootNamespace && c.namespace === namespace && selects(c.spec) &&
    Object.entries(stringMap(at(c.spec, 'selector', 'matchLabels'))).every(([k, v]) => labels[k] === v));
  let variant = '';
  const set = (type: string) => {
    if (type !== '') variant = type;
  };
  set(imageTypeOf(installResourceOf(index.objects).meshConfig.defaultConfig));
  for (const config of [root, own, ...selecting]) if (config) set(imageTypeOf(config.spec));
  const annotation = text(pod.object.metadata?.annotations?.['proxy.istio.io/config']);
  if (annotation !== undefined) set(annotationImageType(annotation));
  return variant === 'default' ? '' : variant;
}

/** The revision each injected namespace of the set uses. */
function injectedNamespaces(index: MeshIndex): Map<string, string> {
  const revisions = new Map<string, string>();
  for (const namespace of resourcesOf(index, '', 'Namespace', 'v1')) {
    const labels = stringMap(namespace.object.metadata?.labels);
    const revision = namespace.object.metadata?.labels?.['istio.io/rev'];
    if (typeof revision === 'string') revisions.set(namespace.object.metadata?.name ?? '', revision);
    else if (labels['istio-injection'] === 'enabled') revisions.set(namespace.object.metadata?.name ?? '', 'default');
  }
  return revisions;
}

/** Namespaces whose Pods run another proxy image than their injector's. */
export function checkProxyImages(index: MeshIndex): Finding[] {
  const images = new Map<string, string>();
  for (const configMap of resourcesOf(index, '', 'ConfigMap', 'v1')) {
    const name = configMap.object.metadata?.name ?? '';
    if (name.startsWith(INJECTOR)) images.set(name, injectorProxyImage(configMap));
  }
  if (images.size === 0) return [];
  const revisions = injectedNamespaces(index);
  const mismatched = new Map<string, string[]>();
  for (const pod of resourcesOf(index, '', 'Pod', 'v1')) {
    const namespace = namespaceOf(pod);
    const revision = revisions.get(namespace);
    if (revision === undefined || text(pod.object.metadata?.annotations?.['sidecar.istio.io/proxyImage'])) continue;
    const expected = images.get(revision === '' || revision === 'default' ? INJECTOR : `${INJECTOR}-${revision}`);
    if (expected === undefined) continue;
    const spec = record(pod.object.spec);
    const variant = imageType(index, pod);
    for (const container of [...list(spec?.containers), ...list(spec?.initContainers)].map((c) => record(c) ?? {})) {
      if (container.name !== PROXY) continue;
      const image = text(container.image) ?? '';
      if (image !== expected && image !== `${expected}-${variant}`) push(mismatched, namespace, pod.object.metadata?.name ?? '');
    }
  }
  const findings: Finding[] = [];
  for (const namespace of resourcesOf(index, '', 'Namespace', 'v1')) {
    const pods = mismatched.get(namespace.object.metadata?.name ?? '');
    if (!pods) continue;
    findings.push(finding(
      MESSAGES.podsIstioProxyImageMismatchInNamespace,
      namespace,
      `The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: [${[...pods].sort().join(' ')}]). ` +
        'This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    ));
  }
  return findings;
}
