// A JSON object written one entry per line, so that a reader can parse only the entries it needs: validation reads
// imports/schemas/crds.json (some 770 KB, every pinned CRD) this way, and parses the schemas of the kinds it meets.
// The file stays plain JSON for every other reader.

/** `record` as a JSON object with one `"key":value` entry per line, keys in the record's order. */
export function entryPerLineJson(record: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(record).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return entries.length === 0 ? '{}\n' : `{\n${entries.join(',\n')}\n}\n`;
}

/**
 * The entries of a JSON object's text, each parsed when first asked for when the text is written one entry per line
 * ({@link entryPerLineJson}); any other JSON object is parsed whole.
 */
export function lazyEntries<T>(text: string): (key: string) => T | undefined {
  const lines = text.split('\n');
  const oneEntryPerLine = lines[0] === '{' && lines.at(-2) === '}' && lines.at(-1) === '';
  if (!oneEntryPerLine) {
    const whole = JSON.parse(text) as Record<string, T>;
    return (key) => (Object.hasOwn(whole, key) ? whole[key] : undefined);
  }
  const entries = new Map<string, string>();
  for (const line of lines.slice(1, -2)) {
    // a key is a JSON string: the first `":` not escaped ends it (an escaped quote inside is `\"`)
    const end = /^"(?:[^"\\]|\\.)*":/.exec(line);
    if (!end) throw new SyntaxError(`not an entry of a JSON object: ${line.slice(0, 80)}`);
    entries.set(JSON.parse(end[0].slice(0, -1)) as string, line.slice(end[0].length).replace(/,$/, ''));
  }
  const parsed = new Map<string, T>();
  return (key) => {
    if (parsed.has(key)) return parsed.get(key);
    const value = entries.get(key);
    if (value === undefined) return undefined;
    const entry = JSON.parse(value) as T;
    parsed.set(key, entry);
    return entry;
  };
}
