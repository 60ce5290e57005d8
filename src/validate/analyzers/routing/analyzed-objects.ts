// The objects of a set as istioctl analyze's routing analyzers read them: Istio's own kinds by API group, and nothing
// in the namespaces istioctl never loads (kube-system, kube-public, kube-node-lease, local-path-storage).
import type { SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { oncePer } from '../../once-per';

/** Namespaces whose objects istioctl drops when it loads them, and whose Services and Pods it does not watch. */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Whether istioctl sees `source` at all. */
export function isAnalyzed(source: SourcedObject): boolean {
  return !IGNORED_NAMESPACES.has(namespaceOf(source));
}

/** Whether `source` is `kind` of the API group `group` (`''` for the core group). */
export function isKind(source: SourcedObject, group: string, kind: string): boolean {
  const { apiVersion, kind: actual } = source.object;
  if (actual !== kind || typeof apiVersion !== 'string') return false;
  return group === '' ? !apiVersion.includes('/') : apiVersion.startsWith(`${group}/`);
}

/** The Istio configuration of a set that the routing analyzers read, in the order of the set. */
export interface AnalyzedObjects {
  readonly virtualServices: readonly SourcedObject[];
  readonly destinationRules: readonly SourcedObject[];
  readonly serviceEntries: readonly SourcedObject[];
  readonly requestAuthentications: readonly SourcedObject[];
  /** Istio Gateways by `namespace/name` (the last definition of one name wins, as when applied). */
  readonly gateways: ReadonlyMap<string, SourcedObject>;
}

/** The Istio configuration of `index`'s set, read once per set. */
export const analyzedObjects = oncePer((index: MeshIndex): AnalyzedObjects => {
  const virtualServices: SourcedObject[] = [];
  const destinationRules: SourcedObject[] = [];
  const serviceEntries: SourcedObject[] = [];
  const requestAuthentications: SourcedObject[] = [];
  const gateways = new Map<string, SourcedObject>();
  for (const source of index.objects) {
    if (!isAnalyzed(source)) continue;
    if (isKind(source, 'networking.istio.io', 'VirtualService')) virtualServices.push(source);
    else if (isKind(source, 'networking.istio.io', 'DestinationRule')) destinationRules.push(source);
    else if (isKind(source, 'networking.istio.io', 'ServiceEntry')) serviceEntries.push(source);
    else if (isKind(source, 'networking.istio.io', 'Gateway')) gateways.set(`${namespaceOf(source)}/${source.object.metadata?.name ?? ''}`, source);
    else if (isKind(source, 'security.istio.io', 'RequestAuthentication')) requestAuthentications.push(source);
  }
  return { virtualServices, destinationRules, serviceEntries, requestAuthentications, gateways };
});
