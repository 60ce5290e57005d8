// The CEL expressions of admission policies and of webhooks' match conditions, compiled as the API server compiles
// them at create (k8s.io/apiserver's admission/plugin/cel compile.go and composition.go, with the options
// pkg/apis/admissionregistration/validation gives each field): the variables each may read and the type it must
// evaluate to, with ./cel-check.ts for the rest.
// - Every expression reads `object` and `oldObject` (dyn), `request` (the admission request's declared type) and
//   `namespaceObject` (the Namespace's); `params` (dyn) where the policy has a paramKind, `authorizer` (and
//   `authorizer.requestResource`, typed as the authorizer library declares them) everywhere but
//   in a validation's messageExpression, and `variables` in a policy with variables (not in its match conditions),
//   each variable typed as its expression is and read only by the expressions after it.
// - A validation and a match condition evaluate to bool, a messageExpression to string, an audit annotation's value
//   to string or null; cel-go wants the exact type, so dyn (a value read from `object`) is refused.
import { show } from '../structural';
import type { KubernetesVersion } from '../schemas';
import { type CelEnv, compileCel } from './cel-check';
import { AUTHORIZER_TYPE, RESOURCE_CHECK_TYPE } from './cel-functions';
import {
  BOOL, type CelType, describe, DYN, DYNAMIC, INT, known, listOf, mapOf, mismatches, objectType, scalar, STRING,
} from './cel-types';

const TIMESTAMP = scalar('timestamp');
const NULL = scalar('null_type');
const GROUP_VERSION_KIND = objectType({ group: STRING, version: STRING, kind: STRING });
const GROUP_VERSION_RESOURCE = objectType({ group: STRING, version: STRING, resource: STRING });
/** BuildRequestType: the admission request, without its uid, object and oldObject. */
const REQUEST = objectType({
  kind: GROUP_VERSION_KIND,
  resource: GROUP_VERSION_RESOURCE,
  subResource: STRING,
  requestKind: GROUP_VERSION_KIND,
  requestResource: GROUP_VERSION_RESOURCE,
  requestSubResource: STRING,
  name: STRING,
  namespace: STRING,
  operation: STRING,
  userInfo: objectType({ username: STRING, uid: STRING, groups: listOf(STRING), extra: mapOf(listOf(STRING)) }),
  dryRun: BOOL,
  options: DYNAMIC,
});
/** BuildNamespaceType: the fields of a Namespace an expression may read. */
const NAMESPACE = objectType({
  metadata: objectType({
    name: STRING,
    generateName: STRING,
    namespace: STRING,
    labels: mapOf(STRING),
    annotations: mapOf(STRING),
    UID: STRING,
    creationTimestamp: TIMESTAMP,
    deletionGracePeriodSeconds: INT,
    deletionTimestamp: TIMESTAMP,
    generation: INT,
    resourceVersion: STRING,
    finalizers: listOf(STRING),
  }),
  spec: objectType({ finalizers: listOf(STRING) }),
  status: objectType({
    conditions: listOf(objectType({ status: STRING, type: STRING, lastTransitionTime: TIMESTAMP, message: STRING, reason: STRING })),
    phase: STRING,
  }),
});

/** composition.go's convertCelTypeToDeclType: how a variable's type is declared (an object's becomes dyn). */
export function composedType(type: CelType): CelType {
  switch (type.kind) {
    case 'list':
      return listOf(composedType(type.element));
    case 'map':
      return { kind: 'map', key: composedType(type.key), value: composedType(type.value) };
    case 'object':
      return DYNAMIC;
    case 'scalar':
      return COMPOSED_SCALARS.has(type.name) ? type : DYNAMIC;
    default:
      return type;
  }
}
const COMPOSED_SCALARS = new Set(['bool', 'bytes', 'double', 'duration', 'int', 'null_type', 'string', 'timestamp', 'uint']);

/** The variables an expression may read beyond object, oldObject, request and namespaceObject. */
export interface Declarations {
  readonly params: boolean;
  readonly authorizer: boolean;
  /** A policy's variables declared so far, by name, when it has any. */
  readonly variables?: ReadonlyMap<string, CelType>;
}

/** The type an expression must evaluate to (ReturnTypes). */
export type Returns = 'bool' | 'string' | 'string or null' | 'any';

/** Why the API server refuses an expression of a kind that returns `returns`, if it does; and its type, if known. */
export function admissionExpressionProblem(
  expression: string,
  declarations: Declarations,
  returns: Returns,
  version: KubernetesVersion,
): { readonly problem?: string; readonly type: CelType } {
  const variables = new Map<string, CelType>([['object', DYNAMIC], ['oldObject', DYNAMIC], ['namespaceObject', NAMESPACE], ['request', REQUEST]]);
  if (declarations.params) variables.set('params', DYNAMIC);
  if (declarations.authorizer) variables.set('authorizer', AUTHORIZER_TYPE).set('authorizer.requestResource', RESOURCE_CHECK_TYPE);
  if (declarations.variables) variables.set('variables', { kind: 'object', fields: declarations.variables });
  const readable = [...variables.keys()].filter((name) => !name.includes('.')).join(', ');
  const env: CelEnv = { variables, undeclaredHint: `this expression may read ${readable}`, libraries: version };
  const compiled = compileCel(expression, env);
  // CompileCELExpression: the compilation, the type it must have, then the program
  if (compiled.problem !== undefined && !compiled.instantiation) {
    return { problem: `${compiled.syntax ? 'must be a CEL expression' : 'compilation failed'}: ${compiled.problem}`, type: DYN };
  }
  const type = compiled.type ?? DYN;
  const got = () => describe(type);
  if (returns === 'bool' && mismatches(type, BOOL)) return { problem: `must evaluate to bool but got ${got()}`, type };
  if (returns === 'string' && mismatches(type, STRING)) return { problem: `must evaluate to string but got ${got()}`, type };
  if (returns === 'string or null' && mismatches(type, STRING) && (!known(type) || mismatches(type, NULL))) {
    return { problem: `must evaluate to one of ${show(['string', 'null_type'])} but got ${got()}`, type };
  }
  if (compiled.problem !== undefined) return { problem: `program instantiation failed: ${compiled.problem}`, type };
  return { type };
}
