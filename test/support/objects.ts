import type { KubeObject } from '../../src/manifests/kube-object';
import { SourcedObject, validateObjects } from '../../src/validate';

/** A namespaced object literal for validation tests. */
export function obj(
  apiVersion: string,
  kind: string,
  name: string,
  rest: Record<string, unknown> = {},
  namespace: string | undefined = 'shop',
): KubeObject {
  const { metadata, ...others } = rest as { metadata?: Record<string, unknown> };
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(metadata ?? {}) }, ...others } as KubeObject;
}

/** The ConfigMap an install renders its mesh config into (`istio`, `istio-<revision>`), as istiod reads it. */
export const meshConfigMap = (mesh: string, name = 'istio', namespace = 'istio-system') => obj('v1', 'ConfigMap', name, { data: { mesh } }, namespace);

export const virtualService = (name: string, spec: unknown, extra: Record<string, unknown> = {}) =>
  obj('networking.istio.io/v1', 'VirtualService', name, { spec, ...extra });
export const gateway = (name: string, hosts: string[] = ['*']) =>
  obj('networking.istio.io/v1', 'Gateway', name, {
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] },
  });
export const service = (name: string, ports: unknown[] = [{ name: 'http', port: 8080 }], extra: Record<string, unknown> = {}) =>
  obj('v1', 'Service', name, { spec: { ports, selector: { app: name } }, ...extra });
export const destinationRule = (name: string, host: string, subsets: string[]) =>
  obj('networking.istio.io/v1', 'DestinationRule', name, { spec: { host, subsets: subsets.map((s) => ({ name: s, labels: { version: s } })) } });
/** A route to `host`; `weight` goes on the route, the rest (port, subset) on the destination. */
export const route = (host: string, extra: Record<string, unknown> = {}) => {
  const { weight, ...destination } = extra;
  return { destination: { host, ...destination }, ...(weight !== undefined ? { weight } : {}) };
};

/** Validates objects given without files (file names `f0.yaml`, ... in order unless given). */
export function check(...objects: (KubeObject | SourcedObject)[]) {
  return validateObjects(
    objects.map((o, i): SourcedObject => ('object' in o ? (o as SourcedObject) : { object: o as KubeObject, file: `f${i}.yaml` })),
  );
}

/** The findings of one code. */
export function withCode(findings: ReturnType<typeof check>, code: string) {
  return findings.filter((f) => f.code === code);
}

/** The errors of validating `objects`, each as `<code> <field>: <message>`. */
export function errorLines(...objects: (KubeObject | SourcedObject)[]): string[] {
  return check(...objects)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.code} ${f.field}: ${f.message}`);
}
