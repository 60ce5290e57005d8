// The namespaces a cluster would have once the set is applied, for references by namespace name.
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { installOf } from '../../mesh/install-workloads';

/**
 * The Namespaces of the set, the namespaces its objects are in (they must exist for the objects to be applied),
 * Istio's namespace, and those every cluster has. istioctl drops kube-system, kube-public and kube-node-lease
 * from what it reads, and so reports a policy naming them; they exist in every cluster, so they are counted here.
 */
export function clusterNamespaces(index: MeshIndex): string[] {
  const names = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', installOf(index.objects).namespace]);
  for (const name of index.namespaces.keys()) names.add(name);
  for (const source of [...index.objects, ...index.provided]) if (source.object.metadata?.namespace) names.add(namespaceOf(source));
  return [...names];
}

/** istioctl's namespace pattern: `*`, `*suffix`, `prefix*`, or a name compared without case. */
export function namespaceMatches(pattern: string, namespace: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return namespace.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return namespace.startsWith(pattern.slice(0, -1));
  return namespace.toLowerCase() === pattern.toLowerCase();
}
