// Checks each object on its own: its shape, and its schema (types, bounds, unknown fields, CEL rules).
import { Finding, finding, MESSAGES, SourcedObject } from './findings';
import { modelSchemaFor } from './model-schemas';
import { DEFAULT_KUBERNETES_VERSION, KubernetesVersion, otherCrdVersions, schemaFor, UnservedKind, unservedBuiltInKind } from './schemas';
import { checkWholeObject, SchemaProblem, SchemaSink } from './structural';

const PROBLEM_TYPES = {
  blocking: MESSAGES.schemaViolation,
  type: MESSAGES.schemaViolation,
  format: MESSAGES.schemaViolation,
  decode: MESSAGES.schemaViolation,
  schema: MESSAGES.schemaViolation,
  'unknown-field': MESSAGES.unknownField,
  rule: MESSAGES.validationRuleFailed,
} as const;

/** What the schema check of one object found. */
export interface SchemaOutcome {
  readonly findings: Finding[];
  /** Whether every value has its schema's JSON type, so that the kind's Go type (or istioctl's proto) decodes it. */
  readonly decodes: boolean;
  /** Whether the kind has no schema here (TT0004): only its metadata can be checked, as the API server checks every kind's. */
  readonly schemaless?: boolean;
}

/** What TT0027 says of a kind the version does not serve. */
function unservedMessage(apiVersion: string, kind: string, version: KubernetesVersion, { servedAs, offAs, offByDefault }: UnservedKind): string {
  const instead = servedAs.length > 0 ? `; it serves ${kind} as ${servedAs.join(', ')}` : '';
  const enable = (versions: readonly string[]) => versions.map((v) => `--runtime-config=${v}=true`).join(', ');
  if (offByDefault) {
    return `Kubernetes ${version} does not serve ${apiVersion} unless its API server enables it (${enable([apiVersion])}), as an alpha or beta API${instead}`;
  }
  if (instead) return `Kubernetes ${version} does not serve ${kind} in ${apiVersion}${instead}`;
  if (offAs.length > 0) {
    return `Kubernetes ${version} does not serve ${kind} in ${apiVersion}, a version it does not have (a later Kubernetes' or a removed one); ` +
      `it has ${kind} only as ${offAs.join(', ')}, an alpha or beta API off unless its API server enables it (${enable(offAs)})`;
  }
  // a version without a group is one of the core group's (kustomize's `builtin` transformer configs are no objects)
  const why = apiVersion.includes('/') ? "a kind it no longer has, a later Kubernetes' kind, or a misspelt one" : `${apiVersion} would be a version of the core API group`;
  return `Kubernetes ${version} does not serve ${kind} in ${apiVersion}, nor a ${kind} in any version (${why})`;
}

/** Schema findings of one object. Kinds with no schema get one info each per call site (see `unknownKinds`). */
export function checkObjectSchema(
  source: SourcedObject,
  unknownKinds: Set<string>,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
  servedBySet: ReadonlySet<string> = new Set(),
): SchemaOutcome {
  const { object } = source;
  const findings: Finding[] = [];
  // a kind of Kubernetes' own API groups that the version does not serve: kubectl apply fails ("no matches for kind")
  const unserved = unservedBuiltInKind(object.apiVersion, object.kind, version);
  if (unserved !== undefined) {
    findings.push(finding(MESSAGES.kindNotServed, source, unservedMessage(object.apiVersion, object.kind, version, unserved), 'apiVersion'));
    return { findings, decodes: true };
  }
  // where no pinned schema exists, a model package's (Argo CD's and Flux's kinds)
  const schema = schemaFor(object.apiVersion, object.kind, version) ?? modelSchemaFor(object.apiVersion, object.kind);
  if (!schema) {
    // a version the pinned CRDs do not serve: a cluster with them refuses it, one with another release or channel (or
    // a CRD of the set that serves it) may not
    const served = servedBySet.has(`${object.apiVersion}/${object.kind}`) ? [] : otherCrdVersions(object.apiVersion, object.kind);
    if (served.length > 0) {
      findings.push(finding(MESSAGES.customResourceVersionNotServed, source,
        `the pinned CRDs do not serve ${object.kind} in ${object.apiVersion}, only as ${served.join(', ')}: a cluster with them refuses it ` +
          `(kubectl apply: no matches for kind), one with another release or channel (Gateway API's experimental one) may serve it; ` +
          'its objects are not checked', 'apiVersion'));
      return { findings, decodes: true };
    }
    const key = `${object.apiVersion}/${object.kind}`;
    if (!unknownKinds.has(key)) {
      unknownKinds.add(key);
      findings.push(
        finding(
          MESSAGES.unknownKind,
          source,
          `no schema for ${object.kind} (${object.apiVersion}) in Kubernetes ${version} or the pinned CRDs; only the metadata of its objects is checked`,
        ),
      );
    }
    return { findings, decodes: true, schemaless: true };
  }
  let count = 0;
  let decodes = true;
  const sink: SchemaSink = {
    report(problem: SchemaProblem, field: string, message: string) {
      count++;
      if (problem === 'type') decodes = false;
      findings.push(finding(PROBLEM_TYPES[problem], source, message, field));
    },
    get count() {
      return count;
    },
  };
  // the API server validates the metadata first: a missing name (TT0007's, apart from the schema) blocks the rules too
  const metadataBlocks = !object.metadata?.name && !object.metadata?.generateName;
  checkWholeObject(schema.check, object, sink, { kindHasRules: () => schema.hasRules?.() === true, metadataBlocks, status: schema.status });
  return { findings, decodes };
}

/** `<apiVersion>/<kind>` of every version a CustomResourceDefinition of the set serves. */
export function crdServedKinds(objects: readonly SourcedObject[]): ReadonlySet<string> {
  const served = new Set<string>();
  for (const { object } of objects) {
    if (object.kind !== 'CustomResourceDefinition' || !object.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = object.spec as { group?: unknown; names?: { kind?: unknown }; versions?: unknown } | undefined;
    if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string' || !Array.isArray(spec.versions)) continue;
    for (const v of spec.versions as { name?: unknown; served?: unknown }[]) {
      if (typeof v?.name === 'string' && v.served === true) served.add(`${spec.group}/${v.name}/${spec.names.kind}`);
    }
  }
  return served;
}
