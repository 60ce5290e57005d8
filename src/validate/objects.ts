// Checks each object on its own: its shape, and its schema (types, bounds, unknown fields, CEL rules).
import { Finding, finding, MESSAGES, SourcedObject } from './findings';
import { modelSchemaFor } from './model-schemas';
import { apiGroupOf } from '../manifests/kube-object';
import { crdVersionSchemas, SchemaNode } from '../codegen/extract-schemas';
import { crdKindSchema, DEFAULT_KUBERNETES_VERSION, KindSchema, KubernetesVersion, otherCrdVersions, schemaFor, UnservedKind, unservedBuiltInKind } from './schemas';
import { withPlainTextHint } from './plain-text-hint';
import { checkWholeObject, NodeRules, SchemaProblem, SchemaSink } from './structural';

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
  return `Kubernetes ${version} does not serve ${kind} in ${apiVersion}, nor the kind ${kind} in any version (${why})`;
}

/** Schema findings of one object. Kinds with no schema get one info each per call site (see `unknownKinds`). */
export function checkObjectSchema(
  source: SourcedObject,
  unknownKinds: Set<string>,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
  setCrds: SetCrds = NO_SET_CRDS,
): SchemaOutcome {
  const { object } = source;
  const findings: Finding[] = [];
  // a kind of Kubernetes' own API groups that the version does not serve: kubectl apply fails ("no matches for kind")
  const unserved = unservedBuiltInKind(object.apiVersion, object.kind, version);
  if (unserved !== undefined) {
    findings.push(finding(MESSAGES.kindNotServed, source, unservedMessage(object.apiVersion, object.kind, version, unserved), 'apiVersion'));
    return { findings, decodes: true };
  }
  // where no pinned schema exists, a model package's (Argo CD's and Flux's kinds), else a CRD's of the set
  const key = `${object.apiVersion}/${object.kind}`;
  const schema = schemaFor(object.apiVersion, object.kind, version) ?? modelSchemaFor(object.apiVersion, object.kind) ?? setCrds.schemaOf(key);
  if (!schema) {
    // a version the set's CRD of the kind does not serve: the cluster it is applied to has no other
    const ownCrd = setCrds.served.has(key) ? undefined : setCrds.crdOfKind(apiGroupOf(object.apiVersion), object.kind);
    if (ownCrd !== undefined) {
      const instead = ownCrd.versions.length > 0 ? `, only as ${ownCrd.versions.join(', ')}` : ' in any version';
      findings.push(finding(MESSAGES.kindNotServed, source,
        `the set's CustomResourceDefinition ${ownCrd.name} does not serve ${object.kind} in ${object.apiVersion}${instead}: ` +
          'once it is applied, kubectl apply refuses the object (no matches for kind)', 'apiVersion'));
      return { findings, decodes: true };
    }
    // a version the pinned CRDs do not serve: a cluster with them refuses it, one with another release or channel (or
    // a CRD of the set that serves it) may not
    const served = setCrds.served.has(key) ? [] : otherCrdVersions(object.apiVersion, object.kind);
    if (served.length > 0) {
      findings.push(finding(MESSAGES.customResourceVersionNotServed, source,
        `the pinned CRDs do not serve ${object.kind} in ${object.apiVersion}, only as ${served.join(', ')}: a cluster with them refuses it ` +
          `(kubectl apply: no matches for kind), one with another release or channel (Gateway API's experimental one) may serve it; ` +
          'its objects are not checked', 'apiVersion'));
      return { findings, decodes: true };
    }
    if (!unknownKinds.has(key)) {
      unknownKinds.add(key);
      findings.push(
        finding(
          MESSAGES.unknownKind,
          source,
          `no schema for ${object.kind} (${object.apiVersion}) in Kubernetes ${version}, the pinned CRDs or a CRD of the set; only the metadata of its objects is checked`,
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
      findings.push(finding(PROBLEM_TYPES[problem], source, withPlainTextHint(source, field, message), field));
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

/** What the CustomResourceDefinitions of the set serve, by `<apiVersion>/<kind>`. */
export interface SetCrds {
  /** Every version a CRD of the set serves, and whether its objects are namespaced (the CRD's scope). */
  readonly served: ReadonlyMap<string, boolean>;
  /** The schema of a version served by an `apiextensions.k8s.io/v1` CRD of the set, with the CEL rules lint can run. */
  schemaOf(key: string): KindSchema | undefined;
  /** The last CRD of the set that defines a kind of an API group: its name and the apiVersions it serves. */
  crdOfKind(group: string, kind: string): { readonly name: string; readonly versions: readonly string[] } | undefined;
}

const NO_SET_CRDS: SetCrds = { served: new Map(), schemaOf: () => undefined, crdOfKind: () => undefined };

/**
 * The custom resources the CRDs of the set serve, and their schemas, which check the kinds that have no pinned or
 * model schema, as a cluster with those CRDs checks them once they are applied (the last CRD of a kind wins, as the
 * last applied). Of their CEL rules, those that evaluate here as the API server evaluates them run (a rule may call a
 * function of Kubernetes' CEL libraries that lint does not have; set-crd-rules.ts), where the pinned CRDs' rules are
 * all known to. A CRD whose schema cannot be read is passed over (its own checks report it).
 */
export function setCrds(objects: readonly SourcedObject[], version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION): SetCrds {
  const served = new Map<string, boolean>();
  // by key, the CRD that serves it; read and compiled when an object of the set asks for it
  const crds = new Map<string, SourcedObject>();
  const kinds = new Map<string, { name: string; versions: string[] }>();
  for (const source of objects) {
    const { object } = source;
    if (object.kind !== 'CustomResourceDefinition' || !object.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = object.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown }; versions?: unknown } | undefined;
    if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string' || !Array.isArray(spec.versions)) continue;
    const versions: string[] = [];
    kinds.set(`${spec.group}/${spec.names.kind}`, { name: String(object.metadata?.name ?? ''), versions });
    for (const v of spec.versions as { name?: unknown; served?: unknown }[]) {
      if (typeof v?.name !== 'string' || v.served !== true) continue;
      versions.push(`${spec.group}/${v.name}`);
      const key = `${spec.group}/${v.name}/${spec.names.kind}`;
      served.set(key, spec.scope !== 'Cluster');
      // apiextensions.k8s.io/v1beta1 is not served since 1.22 (TT0027)
      if (object.apiVersion === 'apiextensions.k8s.io/v1') crds.set(key, source);
    }
  }
  const compiled = new Map<string, KindSchema | undefined>();
  const schemaOf = (key: string): KindSchema | undefined => {
    if (compiled.has(key)) return compiled.get(key);
    let schema: KindSchema | undefined;
    const source = crds.get(key);
    // a CRD the API server refuses for its own schema (a `required` that is no list) serves nothing
    if (source !== undefined && checkObjectSchema(source, new Set(), version).findings.length === 0) {
      const { object } = source;
      try {
        const crd = crdVersionSchemas(object as unknown as SchemaNode, `CustomResourceDefinition ${object.metadata?.name ?? ''}`)[key];
        if (crd !== undefined && isStructural(crd.schema)) schema = guarded(crdKindSchema(crd, version, true));
      } catch {
        // a CRD whose schema cannot be read: its own checks report it
      }
    }
    compiled.set(key, schema);
    return schema;
  };
  return { served, schemaOf, crdOfKind: (group, kind) => kinds.get(`${group}/${kind}`) };
}

/**
 * A set CRD's schema that reports nothing of an object when checking it fails on the schema itself (a `pattern` that
 * is no regular expression, which the API server refuses in the CRD): its findings and the rules it reached are held
 * until the check ends.
 */
function guarded(schema: KindSchema): KindSchema {
  return {
    ...schema,
    check(value, field, sink) {
      const held: [SchemaProblem, string, string][] = [];
      const rules: [NodeRules, unknown, string][] = [];
      const buffer: SchemaSink = {
        report: (problem, at, message) => void held.push([problem, at, message]),
        get count() {
          return sink.count + held.length;
        },
        ...(sink.rules && { rules: (nodeRules, at, ruleField) => void rules.push([nodeRules, at, ruleField]) }),
      };
      try {
        schema.check(value, field, buffer);
      } catch {
        return;
      }
      for (const [problem, at, message] of held) sink.report(problem, at, message);
      for (const [nodeRules, at, ruleField] of rules) sink.rules?.(nodeRules, at, ruleField);
    },
  };
}

/** Whether a CRD version's schema is an object schema the structural checks can read (v1 requires one). */
function isStructural(schema: SchemaNode): boolean {
  return typeof schema === 'object' && schema !== null && (schema.type === 'object' || schema.type === undefined);
}
