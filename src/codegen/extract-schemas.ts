import { parseAllDocuments } from 'yaml';
import { defaultsOf } from './schema-defaults';

/** A JSON schema node as it appears in CRDs and in the Kubernetes OpenAPI definitions. */
export type SchemaNode = { [key: string]: unknown };

/** The schema of one served custom resource version. */
export interface CrdSchema {
  readonly scope: 'Namespaced' | 'Cluster';
  /** The kind's plural resource name (`virtualservices`), as kubectl and the API paths name it. */
  readonly plural: string;
  /**
   * The schema pruned to the properties that have a default (which the API server fills in) and their parents: what
   * the defaulting reads. Absent when no property has one.
   */
  readonly defaults?: SchemaNode;
  /**
   * Whether the version has the status subresource: the API server then drops a `status` written with the object
   * before it validates it (status is written through its own endpoint). Absent when it has not.
   */
  readonly statusSubresource?: true;
  /** The version's scale subresource, whose paths the API server checks in each object. Absent when it has none. */
  readonly scale?: ScaleSubresource;
  readonly schema: SchemaNode;
}

/** A CRD version's `subresources.scale`: where its objects keep their replicas and label selector. */
export interface ScaleSubresource {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** The Kubernetes definitions, and which definition each core apiVersion/kind is validated against. */
export interface KubernetesSchemas {
  /** `apiVersion/kind` (e.g. `apps/v1/Deployment`) to definition name. */
  readonly kinds: Record<string, string>;
  readonly definitions: Record<string, SchemaNode>;
}

/**
 * The entries of kubernetes-<version>.json, written one per line so that validation parses only the definitions it
 * uses: `kinds`, then each definition under its reference, `#/definitions/<name>`.
 */
export function kubernetesSchemaEntries(schemas: KubernetesSchemas): Record<string, unknown> {
  return { kinds: schemas.kinds, ...Object.fromEntries(Object.entries(schemas.definitions).map(([name, node]) => [definitionRef(name), node])) };
}

/** The key (and JSON reference) of a definition: `#/definitions/<name>`. */
export function definitionRef(name: string): string {
  return `#/definitions/${name}`;
}

// Keys that only document a schema: dropped from the committed files, which are loaded on every synth.
const DOCUMENTATION_KEYS = new Set(['description', 'example', 'externalDocs', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key']);
// Keys whose value is a schema, or a map or list of schemas.
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);

/** A copy of a schema without its documentation, with keys sorted so the committed file is stable. */
export function stripSchema(node: SchemaNode): SchemaNode {
  const out: SchemaNode = {};
  for (const key of Object.keys(node).sort()) {
    if (DOCUMENTATION_KEYS.has(key)) continue;
    const value = node[key];
    if (SCHEMA_KEYS.has(key) && isObject(value)) {
      out[key] = stripSchema(value);
    } else if (SCHEMA_MAP_KEYS.has(key) && isObject(value)) {
      // the keys here are field names: a field called `description` is kept
      const map: SchemaNode = {};
      for (const name of Object.keys(value).sort()) map[name] = stripSchema(value[name] as SchemaNode);
      out[key] = map;
    } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => stripSchema(v as SchemaNode));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Every served version of every CustomResourceDefinition in a YAML stream, keyed `group/version/Kind`. */
export function extractCrdSchemas(yamlText: string, origin: string): Record<string, CrdSchema> {
  const result: Record<string, CrdSchema> = {};
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0) throw new Error(`${origin}: invalid YAML: ${doc.errors[0].message}`);
    const crd = doc.toJSON() as SchemaNode | null;
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    Object.assign(result, crdVersionSchemas(crd, origin));
  }
  return result;
}

/** The schema of every served version of one CustomResourceDefinition, keyed `group/version/Kind`; throws when it has none. */
export function crdVersionSchemas(crd: SchemaNode, origin: string): Record<string, CrdSchema> {
  const result: Record<string, CrdSchema> = {};
  const spec = crd.spec as SchemaNode;
  const names = spec.names as SchemaNode;
  const scope = spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
  if (typeof names.plural !== 'string') throw new Error(`${origin}: CustomResourceDefinition of ${names.kind} has no spec.names.plural`);
  // apiextensions v1 puts a schema on each version; v1beta1 may put one schema for all at spec.validation
  const shared = (spec.validation as SchemaNode | undefined)?.openAPIV3Schema as SchemaNode | undefined;
  const sharedStatus = hasStatusSubresource(spec);
  const versions = (spec.versions as SchemaNode[] | undefined) ?? [{ name: spec.version, served: true }];
  for (const version of versions) {
    if (version.served === false) continue;
    const schema = ((version.schema as SchemaNode | undefined)?.openAPIV3Schema as SchemaNode | undefined) ?? shared;
    if (!schema) throw new Error(`${origin}: ${names.kind} ${version.name} has no openAPIV3Schema`);
    const stripped = stripSchema(schema);
    const defaults = defaultsOf(stripped);
    const statusSubresource = version.subresources === undefined ? sharedStatus : hasStatusSubresource(version);
    const scale = scaleSubresource(version.subresources === undefined ? spec : version);
    result[`${spec.group}/${version.name}/${names.kind}`] = {
      scope,
      plural: names.plural,
      ...(defaults && { defaults }),
      ...(statusSubresource && { statusSubresource }),
      ...(scale && { scale }),
      schema: stripped,
    };
  }
  return result;
}

/** Whether a CRD version (v1) or a v1beta1 CRD's spec declares the status subresource (`subresources.status: {}`). */
function hasStatusSubresource(node: SchemaNode): true | undefined {
  const subresources = node.subresources as SchemaNode | undefined;
  return isObject(subresources) && isObject(subresources.status) ? true : undefined;
}

/** A CRD version's (v1) or a v1beta1 CRD spec's scale subresource, when it declares one with its two required paths. */
function scaleSubresource(node: SchemaNode): ScaleSubresource | undefined {
  const scale = (node.subresources as SchemaNode | undefined)?.scale as SchemaNode | undefined;
  if (!isObject(scale) || typeof scale.specReplicasPath !== 'string' || typeof scale.statusReplicasPath !== 'string') return undefined;
  const { specReplicasPath, statusReplicasPath, labelSelectorPath } = scale;
  return { specReplicasPath, statusReplicasPath, ...(typeof labelSelectorPath === 'string' && { labelSelectorPath }) };
}

/** The Kubernetes definitions without documentation, and the kinds they define. */
export function extractKubernetesSchemas(jsonText: string): KubernetesSchemas {
  const source = JSON.parse(jsonText) as { definitions: Record<string, SchemaNode> };
  const kinds: Record<string, string> = {};
  const definitions: Record<string, SchemaNode> = {};
  for (const name of Object.keys(source.definitions).sort()) {
    const definition = source.definitions[name];
    definitions[name] = stripSchema(definition);
    const gvks = (definition['x-kubernetes-group-version-kind'] ?? []) as { group: string; version: string; kind: string }[];
    for (const gvk of gvks) {
      const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
      // list, options and event kinds are listed under several definitions; a top-level resource appears once
      kinds[`${apiVersion}/${gvk.kind}`] ??= name;
    }
  }
  return { kinds: sortKeys(kinds), definitions };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function isObject(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
