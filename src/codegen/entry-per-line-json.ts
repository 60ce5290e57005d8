// A JSON object written one entry per line, so that a reader can parse only the entries it needs: validation reads
// imports/schemas/crds.json (some 770 KB, every pinned CRD) this way, and parses the schemas of the kinds it meets.
// The file stays plain JSON for every other reader.

/** `record` as a JSON object with one `"key":value` entry per line, keys in the record's order. */
export function entryPerLineJson(record: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(record).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return entries.length === 0 ? '{}\n' : `{\n${entries.join(',\n')}\n}\n`;
}

/**
 * The entries of a JSON object's text (or its UTF-8 bytes), each parsed when first asked for when the text is written
 * one entry per line ({@link entryPerLineJson}); any other JSON object is parsed whole. From bytes, only the keys and
 * the entries asked for are decoded: validation reads some 1.8 MB of such files and needs a few entries of each.
 * `parse` turns an entry's JSON text into its value.
 */
/** An entry's value by its key, and the keys of every entry (in the text's order). */
export type LazyEntries<T> = ((key: string) => T | undefined) & { readonly keys: () => readonly string[] };

export function lazyEntries<T>(json: string | Uint8Array, parse: (text: string) => unknown = JSON.parse): LazyEntries<T> {
  const bytes = typeof json === 'string' ? Buffer.from(json) : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  // (a pretty-printed object also starts with `{` and a newline, but indents its keys)
  const oneEntryPerLine = startsWith(bytes, '{\n"') && endsWith(bytes, '\n}\n');
  if (!oneEntryPerLine) {
    const whole = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const value = (key: string) => (parse === JSON.parse ? whole[key] : parse(JSON.stringify(whole[key])));
    return Object.assign((key: string) => (Object.hasOwn(whole, key) ? (value(key) as T) : undefined), { keys: () => Object.keys(whole) });
  }
  // each line: "key":value, with a comma but on the last; where its value starts and ends
  const entries = new Map<string, [start: number, end: number]>();
  const last = bytes.length - 2;
  for (let start = 2; start < last; ) {
    const newline = bytes.indexOf(NEWLINE, start);
    const keyEnd = bytes[start] === QUOTE && newline > 0 ? endOfString(bytes, start + 1, newline) : -1;
    if (keyEnd < 0 || bytes[keyEnd + 1] !== COLON) {
      throw new SyntaxError(`not an entry of a JSON object: ${bytes.toString('utf8', start, Math.min(newline < 0 ? bytes.length : newline, start + 80))}`);
    }
    // no value ends in a comma: one there separates this entry from the next
    const end = bytes[newline - 1] === COMMA ? newline - 1 : newline;
    // a key without a backslash is its own text; JSON.parse decodes the others
    const text = bytes.toString('utf8', start + 1, keyEnd);
    entries.set(text.includes('\\') ? (JSON.parse(`"${text}"`) as string) : text, [keyEnd + 2, end]);
    start = newline + 1;
  }
  const parsed = new Map<string, T>();
  const entry = (key: string): T | undefined => {
    if (parsed.has(key)) return parsed.get(key);
    const at = entries.get(key);
    if (at === undefined) return undefined;
    const value = parse(bytes.toString('utf8', at[0], at[1])) as T;
    parsed.set(key, value);
    return value;
  };
  return Object.assign(entry, { keys: () => [...entries.keys()] });
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;

/**
 * The index of the quote that ends the JSON string whose content starts at `from`, or -1 before `limit`: the first
 * quote not escaped, that is preceded by an even number of backslashes (found by the native search, as keys are
 * long CEL expressions).
 */
function endOfString(bytes: Buffer, from: number, limit: number): number {
  for (let quote = bytes.indexOf(QUOTE, from); quote >= 0 && quote < limit; quote = bytes.indexOf(QUOTE, quote + 1)) {
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && bytes[quote - backslashes - 1] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

function startsWith(bytes: Buffer, text: string): boolean {
  return bytes.length >= text.length && bytes.toString('latin1', 0, text.length) === text;
}

function endsWith(bytes: Buffer, text: string): boolean {
  return bytes.length >= text.length && bytes.toString('latin1', bytes.length - text.length) === text;
}
