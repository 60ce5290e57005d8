// What `kubectl apply -f` adds to every object it applies (client-side, its default): the annotation
// kubectl.kubernetes.io/last-applied-configuration, holding the object as kubectl encodes it (k8s.io/kubectl
// pkg/util/apply.go GetModifiedConfiguration: the object without that annotation, by unstructured's JSON encoder,
// encoding/json's Encoder: compact, `<`, `>`, `&`, U+2028 and U+2029 escaped, a newline after). The API server refuses
// an object whose annotations total more than 262,144 bytes (apimachinery ValidateAnnotationsSize), so a large object
// (a CRD of a megabyte) cannot be applied so, while `kubectl apply --server-side` and `kubectl create` take it.
import { entries, record } from './builtin/go-values';
import { ANNOTATIONS_SIZE_LIMIT } from './builtin/metadata';
import { Finding, finding, MESSAGES, SourcedObject } from './findings';
import { isNamespaced } from './schemas';

// what kubectl adds to an object's text before it encodes it: `,"namespace":"…"` (at most 63 characters), which it
// sets on an object that names none, and `"annotations":{},` on one that has none
const KUBECTL_ROOM = 100;

/** The annotation client-side apply writes. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** TT0047 when the annotations of `source`'s object, once `kubectl apply -f` has added its own, pass the API server's limit. */
export function lastAppliedFindings(source: SourcedObject): Finding[] {
  const object = source.object as unknown as Record<string, unknown>;
  const metadata = record(object.metadata);
  if (metadata === undefined) return [];
  // the annotations kubectl keeps: the object's but its own, if they are all strings (else none: unstructured's
  // NestedStringMap fails on them)
  const written = entries(metadata.annotations);
  const kept = written.every(([, value]) => typeof value === 'string') ? written.filter(([key]) => key !== LAST_APPLIED) : [];
  let others = 0;
  for (const [key, value] of kept) others += Buffer.byteLength(key) + Buffer.byteLength(value as string);
  // annotations already over the limit are the object's own error (TT0018)
  if (others > ANNOTATIONS_SIZE_LIMIT) return [];
  const room = ANNOTATIONS_SIZE_LIMIT - others - Buffer.byteLength(LAST_APPLIED) - 1;
  // the bound of the object's text, with room for what kubectl adds; then Go's encoding takes at most 6 bytes for each
  // UTF-16 unit of JSON.stringify's: most objects need no exact count
  if (source.encodedSizeBound !== undefined && source.encodedSizeBound + KUBECTL_ROOM <= room) return [];
  // the namespace kubectl sets on a namespaced object that names none (`default`, without -n): lint has set it already
  const named = typeof metadata.namespace === 'string' && metadata.namespace !== '';
  const namespace = named || !isNamespaced(String(object.apiVersion), String(object.kind)) ? {} : { namespace: 'default' };
  // never left out: GetModifiedConfiguration sets an empty map on an object that has none ("annotations":{})
  const encoded = { ...object, metadata: { ...metadata, ...namespace, annotations: Object.fromEntries(kept) } };
  const plain = JSON.stringify(encoded);
  if (plain.length * 6 <= room) return [];
  const size = goJsonSize(encoded);
  if (size <= room) return [];
  const total = ANNOTATIONS_SIZE_LIMIT - room + size;
  return [
    finding(MESSAGES.lastAppliedTooLong, source,
      `\`kubectl apply -f\` (client-side) stores the object in its annotation ${LAST_APPLIED}, which makes the annotations ` +
        `${total} bytes, over the ${ANNOTATIONS_SIZE_LIMIT} the API server allows (metadata.annotations: Too long): ` +
        'apply it with `kubectl apply --server-side`, or create it with `kubectl create`'),
  ];
}

/**
 * A bound of the bytes of Go's JSON encoding of the objects a YAML or JSON text holds, from its length in UTF-16 units
 * (UTF-8 bytes take at most 3 each): each byte of text gives at most 6 (`<` in a plain scalar is "\u003c"; `1e20`
 * is 21 digits), but an alias (`*name`) may stand for any node, so a YAML text that may hold one has none.
 */
export function encodedSizeBound(text: string, yaml: boolean): number | undefined {
  return yaml && text.includes('*') ? undefined : text.length * 18;
}

/** The bytes of Go's encoding/json of a JSON value (HTML escaping on, as json.Marshal and the Encoder do). */
export function goJsonSize(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (typeof value === 'number') return Object.is(value, -0) ? 2 : JSON.stringify(value).length;
  if (typeof value === 'string') return goStringSize(value);
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + goJsonSize(item) + 1, value.length === 0 ? 2 : 1);
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.reduce((sum, [key, item]) => sum + goStringSize(key) + 1 + goJsonSize(item) + 1, entries.length === 0 ? 2 : 1);
}

/** The bytes of a string as encoding/json writes it, quotes included: UTF-8, with Go's escapes (a lone surrogate as \ufffd). */
function goStringSize(text: string): number {
  let size = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // since Go 1.22 \b and \f are short escapes too (kubectl 1.32 is built with Go 1.23)
    if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c) size += 2;
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) size += 6;
    else if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      size += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) size += 6;
    else size += 3;
  }
  return size;
}
