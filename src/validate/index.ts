// Validation of a set of objects: each against its schema, then the API server's built-in validation and Istio's
// webhook on the objects whose schema passed, then the mesh checks across them.
import { checkBuiltinObject, checkSchemalessMetadata } from './builtin';
import { Finding, MESSAGES, SourcedObject, sortFindings } from './findings';
import { checkIstioObject, IstioContext } from './istio';
import { GATEWAY_API_CHECKS } from './analyzers/gateway-api';
import { GATEWAY_SERVICE_CHECKS } from './analyzers/gateways-services';
import { INJECTION_ANNOTATION_CHECKS } from './analyzers/injection-annotations';
import { POLICY_CHECKS } from './analyzers/policies';
import { ROUTING_CHECKS } from './analyzers/routing';
import { WORKLOAD_CHECKS } from './analyzers/workloads';
import { podSecurityWarnings } from './analyzers/workloads/pod-security';
import { MeshCheck } from './mesh/mesh-check';
import { MeshIndex } from './mesh/mesh-index';
import { checkNames, isIstioctlInput } from './mesh/names';
import { checkObjectSchema, setCrds } from './objects';
import { DEFAULT_KUBERNETES_VERSION, KubernetesVersion } from './schemas';
import { versionRules } from './builtin/version-rules';
import { asStored } from './stored-object';
import { lastAppliedFindings } from './last-applied';

const MESH_CHECKS: readonly MeshCheck[] = [
  ...ROUTING_CHECKS,
  ...GATEWAY_SERVICE_CHECKS,
  ...INJECTION_ANNOTATION_CHECKS,
  ...POLICY_CHECKS,
  ...WORKLOAD_CHECKS,
  ...GATEWAY_API_CHECKS,
];

/** Options of {@link validateObjects}. */
export interface ValidateOptions {
  /**
   * The Kubernetes version whose definitions core kinds are checked against.
   * @default DEFAULT_KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * Every finding about a set of objects, sorted. The set is what is applied together; an object defined in several
 * files (the same kind, namespace and name) counts as alternatives of one object.
 */
export function validateObjects(objects: readonly SourcedObject[], options: ValidateOptions = {}): Finding[] {
  const unknownKinds = new Set<string>();
  // the objects refused for their name or namespace, or by their schema: the API server sends no warnings with them
  const refused = new Set<SourcedObject>();
  const findings: Finding[] = checkNames(objects, refused);
  // what decodes as the kind's type: what istioctl analyzes, and what the mesh checks look at (an object that breaks
  // only its schema's bounds, rules or required fields is still read, as istioctl reads it)
  const admitted: SourcedObject[] = [];
  const stored = new Map<SourcedObject, SourcedObject>();
  // the objects whose schema is known and passed, for the API server's built-in validation and Istio's webhook
  const validated: SourcedObject[] = [];
  const crdsOfSet = setCrds(objects, options.kubernetesVersion);
  for (const source of objects) {
    const { findings: schemaFindings, decodes, schemaless } = checkObjectSchema(source, unknownKinds, options.kubernetesVersion, crdsOfSet);
    findings.push(...schemaFindings);
    // istioctl's input (an IstioOperator) never reaches the API server
    if (schemaless && !isIstioctlInput(source.object.apiVersion, source.object.kind)) findings.push(...checkSchemalessMetadata(source));
    if (!isIstioctlInput(source.object.apiVersion, source.object.kind)) findings.push(...lastAppliedFindings(source));
    if (decodes && hasPlainIdentity(source)) {
      const asStoredObject = asStored(source);
      stored.set(source, asStoredObject);
      admitted.push(asStoredObject);
    }
    // the API server stops at an object that does not decode or fails its schema; unknown fields are only dropped
    if (!schemaFindings.some((f) => f.code !== MESSAGES.unknownField.code)) validated.push(source);
    // kubectl's strict field validation refuses unknown fields too: no warnings come back then
    if (schemaFindings.length > 0) refused.add(source);
  }
  const istio = new IstioContext(admitted);
  const rules = versionRules(options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  // the objects the API server creates, as stored: admission's warnings come back with them
  const created: SourcedObject[] = [];
  for (const source of validated) {
    const builtin = checkBuiltinObject(source, rules, rules.createWarnings && !refused.has(source));
    findings.push(...builtin, ...checkIstioObject(source, istio));
    const asCreated = stored.get(source);
    if (asCreated && !refused.has(source) && !builtin.some((f) => f.severity === 'error')) created.push(asCreated);
  }
  const index = new MeshIndex(admitted);
  for (const check of MESH_CHECKS) findings.push(...check(index));
  if (rules.createWarnings) findings.push(...podSecurityWarnings(index, created));
  return sortFindings(findings);
}

/**
 * Whether an object's name and namespace are strings (or absent): one whose are not decodes as no Go object (an
 * IstioOperator, which has no schema here, included), so the mesh checks leave it out; its schema findings say why.
 */
function hasPlainIdentity(source: SourcedObject): boolean {
  const metadata = source.object.metadata as Record<string, unknown> | null | undefined;
  const plain = (value: unknown) => value === undefined || value === null || typeof value === 'string';
  return plain(metadata?.name) && plain(metadata?.namespace);
}

export { Finding, SourcedObject, formatFinding } from './findings';
export { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, KubernetesVersion } from './schemas';
