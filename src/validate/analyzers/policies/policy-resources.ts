// The Istio resources an analyzer reads: one kind of one API group, without those of the namespaces istioctl drops.
import type { SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { IGNORED_NAMESPACES } from './mesh-pods';
import { push } from '../../grouped';
import { oncePer } from '../../once-per';

// the set's objects by kind, in the set's order: a dozen analyzers each ask for a kind or two
const byKind = oncePer((index: MeshIndex) => {
  const kinds = new Map<string, SourcedObject[]>();
  for (const source of index.objects) push(kinds, source.object.kind, source);
  return kinds;
});

/** The objects of `kind` in API group `group` (any version unless `apiVersion` is given), in the set's order. */
export function resourcesOf(index: MeshIndex, group: string, kind: string, apiVersion?: string): SourcedObject[] {
  return objectsOfKind(index, group, kind, apiVersion).filter((s) => !IGNORED_NAMESPACES.has(namespaceOf(s)));
}

/** {@link resourcesOf} in every namespace, as istiod (not istioctl's file reader) sees them. */
export function objectsOfKind(index: MeshIndex, group: string, kind: string, apiVersion?: string): SourcedObject[] {
  const prefix = `${group}/`;
  return (byKind(index).get(kind) ?? []).filter((s) => (apiVersion ? s.object.apiVersion === apiVersion : s.object.apiVersion.startsWith(prefix)));
}

/** The object of `kind` in API group `group` named `namespace/name`, if the set has it. */
export function objectNamed(index: MeshIndex, group: string, kind: string, namespace: string, name: string): SourcedObject | undefined {
  return objectsOfKind(index, group, kind).find((s) => namespaceOf(s) === namespace && nameOf(s) === name);
}

/** The name of an object. */
export function nameOf(source: SourcedObject): string {
  return source.object.metadata?.name ?? '';
}
