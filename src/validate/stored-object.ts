// An admitted object as the API server stores it, as far as the mesh checks read it: a Pod's host network ports
// defaulted (SetDefaults_Pod), and metadata as Go decodes it into ObjectMeta (and a pod template's into the
// template's), so a null metadata is an empty one, a null label or annotation map none, and a null value in one the
// empty string.
import { SourcedObject } from './findings';
import { Fields, record } from './builtin/go-values';
import { asDecoded } from './builtin/pod-defaults';

function isStringMap(value: unknown): boolean {
  const map = record(value);
  if (!map) return value === undefined;
  for (const key in map) if (typeof map[key] !== 'string') return false;
  return true;
}

function isPlainMetadata(metadata: unknown): boolean {
  const fields = record(metadata);
  return fields !== undefined && isStringMap(fields.labels) && isStringMap(fields.annotations);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  const map = record(value);
  if (!map) return undefined;
  const strings: Record<string, string> = {};
  for (const [key, item] of Object.entries(map)) strings[key] = typeof item === 'string' ? item : item === null ? '' : String(item);
  return strings;
}

function plainMetadata(metadata: unknown): Fields {
  const { labels, annotations, ...rest } = record(metadata) ?? {};
  const plainLabels = stringMap(labels);
  const plainAnnotations = stringMap(annotations);
  return { ...rest, ...(plainLabels ? { labels: plainLabels } : {}), ...(plainAnnotations ? { annotations: plainAnnotations } : {}) };
}

/** The object as stored: itself when its metadata (and its pod template's) is already plain and nothing is defaulted, else a copy. */
export function asStored(source: SourcedObject): SourcedObject {
  const decoded = asDecoded(source.object);
  if (decoded !== source.object) source = { ...source, object: decoded };
  const { object } = source;
  const spec = record(object.spec);
  const template = record(spec?.template);
  const templateIsPlain = !template || template.metadata === undefined || isPlainMetadata(template.metadata);
  if (isPlainMetadata(object.metadata) && templateIsPlain) return source;
  const copy: Fields = { ...object, metadata: plainMetadata(object.metadata) };
  if (!templateIsPlain) copy.spec = { ...spec, template: { ...template, metadata: plainMetadata(template!.metadata) } };
  return { ...source, object: copy as SourcedObject['object'] };
}
