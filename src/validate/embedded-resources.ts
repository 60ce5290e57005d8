// The API server's checks of the objects a custom resource embeds (`x-kubernetes-embedded-resource`), beside its
// schema (apiextensions' schema/objectmeta/validation.go): each needs an apiVersion Kubernetes can parse and a kind
// (mixed case, else a DNS-1035 label), and its metadata is validated as ObjectMeta is, its name as a path segment.
import type { SchemaNode } from '../codegen/extract-schemas';
import { checkAnnotations, checkLabels } from './builtin/metadata';
import { dns1035LabelProblem, dnsLabelProblem, pathSegmentNameProblem } from './builtin/identifiers';
import { join, show, SchemaSink } from './structural';

/** Walks a custom resource to its embedded resources and checks each. */
export type EmbeddedResourcesCheck = (object: unknown, sink: SchemaSink) => void;

/** The check of a CRD schema's embedded resources, or undefined when it declares none. */
export function embeddedResourcesCheck(schema: SchemaNode): EmbeddedResourcesCheck | undefined {
  if (!declaresEmbedded(schema)) return undefined;
  return (object, sink) => walk(object, schema, '', sink);
}

function declaresEmbedded(node: unknown): boolean {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const s = node as SchemaNode;
  if (s['x-kubernetes-embedded-resource'] === true) return true;
  return [...Object.values((s.properties ?? {}) as Record<string, unknown>), s.items, s.additionalProperties].some(declaresEmbedded);
}

/** objectmeta.validate: the embedded resources at and below a value, by its schema's properties, items and values. */
function walk(value: unknown, schema: SchemaNode | undefined, field: string, sink: SchemaSink): void {
  if (schema === undefined || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const items = typeof schema.items === 'object' && !Array.isArray(schema.items) ? (schema.items as SchemaNode) : undefined;
    value.forEach((item, i) => walk(item, items, `${field}[${i}]`, sink));
    return;
  }
  const object = value as Record<string, unknown>;
  if (schema['x-kubernetes-embedded-resource'] === true) checkEmbedded(object, field, sink);
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaNode) : undefined;
  for (const [key, child] of Object.entries(object)) {
    walk(child, Object.hasOwn(properties, key) ? properties[key] : additional, join(field, key), sink);
  }
}

/** validateEmbeddedResource of objectmeta/validation.go. */
function checkEmbedded(object: Record<string, unknown>, field: string, sink: SchemaSink): void {
  // a missing apiVersion or kind is a Required error, which keeps the CEL rules from running
  if (!Object.hasOwn(object, 'apiVersion')) sink.report('blocking', join(field, 'apiVersion'), 'is required in an embedded resource');
  if (!Object.hasOwn(object, 'kind')) sink.report('blocking', join(field, 'kind'), 'is required in an embedded resource');
  const problem = (at: string, message: string) => sink.report('schema', join(field, at), message);
  if (Object.hasOwn(object, 'apiVersion')) {
    const { apiVersion } = object;
    // schema.ParseGroupVersion: empty, a version, or a group and a version
    if (typeof apiVersion !== 'string') problem('apiVersion', `must be a string, got ${show(apiVersion)}`);
    else if (apiVersion === '') problem('apiVersion', 'must not be empty');
    else if (apiVersion.split('/').length > 2) problem('apiVersion', `must be a version or a group/version, got ${show(apiVersion)}`);
  }
  if (Object.hasOwn(object, 'kind')) {
    const { kind } = object;
    const kindProblem = typeof kind === 'string' && kind !== '' ? dns1035LabelProblem(kind.toLowerCase()) : undefined;
    if (typeof kind !== 'string') problem('kind', `must be a string, got ${show(kind)}`);
    else if (kind === '') problem('kind', 'must not be empty');
    else if (kindProblem) problem('kind', `may have mixed case, but should otherwise be ${kindProblem}, got ${show(kind)}`);
  }
  if (Object.hasOwn(object, 'metadata')) checkMetadata(object.metadata, join(field, 'metadata'), sink);
}

/** GetObjectMeta and ValidateObjectMeta with a path segment name, as objectmeta/validation.go calls them. */
function checkMetadata(metadata: unknown, field: string, sink: SchemaSink): void {
  if (metadata === null) return;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    sink.report('schema', field, `must be an object, got ${show(metadata)}`);
    return;
  }
  const meta = metadata as Record<string, unknown>;
  for (const key of ['name', 'generateName', 'namespace']) {
    const value = meta[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      sink.report('schema', join(field, key), `must be a string, got ${show(value)}`);
      return;
    }
  }
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : undefined;
  const nameProblem = name === undefined ? undefined : pathSegmentNameProblem(name);
  if (nameProblem) sink.report('schema', join(field, 'name'), `must be ${nameProblem}, got ${show(name)}`);
  // a generateName is a prefix: only the characters a path segment cannot hold are refused
  if (typeof meta.generateName === 'string' && /[/%]/.test(meta.generateName)) {
    sink.report('schema', join(field, 'generateName'), `may not contain '/' or '%', got ${show(meta.generateName)}`);
  }
  const namespaceProblem = typeof meta.namespace === 'string' && meta.namespace !== '' ? dnsLabelProblem(meta.namespace) : undefined;
  if (namespaceProblem) sink.report('schema', join(field, 'namespace'), `must be ${namespaceProblem}, got ${show(meta.namespace)}`);
  const report = (_type: unknown, at: string, message: string) => sink.report('schema', at, message);
  checkLabels(meta.labels, join(field, 'labels'), report);
  checkAnnotations(meta.annotations, join(field, 'annotations'), report);
}
