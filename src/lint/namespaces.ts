// The namespace of each object as `kubectl apply -f` (with or without -n) gives it (cli-runtime resource helpers
// SetNamespace, RequireNamespace and FilterNamespace): a namespaced object that names none is in the namespace of the
// command line, `default` when none is given; a cluster-scoped one is in none, whatever it names; and with an
// explicit -n, a namespaced object that names another namespace is refused. Refused objects are unusable input (exit
// 2), as kubectl applies nothing then. Which kinds are namespaced: `isNamespaced`, and for a kind it has no schema of,
// the scope a CustomResourceDefinition of the set gives it (kubectl learns it from the cluster, once the CRD is in).
import { apiGroupOf } from '../manifests/kube-object';
import { setCrds } from '../validate/objects';
import { isNamespaced, schemaFor } from '../validate/schemas';
import type { InputProblem, ReadObject } from './read-objects';

/** The namespace kubectl uses when neither the object nor the command line names one. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * Sets each object's metadata.namespace as kubectl does (in place), with `namespace` the one given on the command
 * line, if any; returns the objects kubectl refuses.
 */
export function applyNamespace(objects: readonly ReadObject[], namespace: string | undefined): InputProblem[] {
  const problems: InputProblem[] = [];
  const { served } = setCrds(objects);
  // a version the set's CRD does not serve (TT0027) still has the kind's scope, which names the object in findings
  const scopeOfKind = new Map<string, boolean>();
  for (const [key, namespaced] of served) scopeOfKind.set(`${apiGroupOf(key.slice(0, key.lastIndexOf('/')))}/${key.slice(key.lastIndexOf('/') + 1)}`, namespaced);
  for (const source of objects) {
    const { object } = source;
    // metadata null: kubectl cannot set a namespace in it, and leaves it as it is
    const metadata = object.metadata as Record<string, unknown> | null;
    if (metadata === null || typeof metadata !== 'object') continue;
    const setScope = schemaFor(object.apiVersion, object.kind)
      ? undefined
      : (served.get(`${object.apiVersion}/${object.kind}`) ?? scopeOfKind.get(`${apiGroupOf(object.apiVersion)}/${object.kind}`));
    if (!(setScope ?? isNamespaced(object.apiVersion, object.kind))) {
      delete metadata.namespace;
      continue;
    }
    const own = metadata.namespace;
    // a namespace that is no string is the schema checks' to report
    if (own === undefined || own === null || own === '') metadata.namespace = namespace ?? DEFAULT_NAMESPACE;
    else if (namespace !== undefined && typeof own === 'string' && own !== namespace) {
      problems.push({
        file: source.file,
        line: source.namespaceLine ?? source.line,
        reason:
          `${object.kind} ${metadata.name ?? ''} is in namespace "${own}", not the namespace "${namespace}" given with --namespace ` +
          `(kubectl refuses it: pass --namespace=${own}, or leave metadata.namespace out)`,
      });
    }
  }
  return problems;
}
