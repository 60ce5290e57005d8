// The string positions of cel-go's strings extension (ext/strings.go, v0.23.2, which Kubernetes 1.33 builds with):
// charAt(), indexOf(), lastIndexOf() and substring() count runes (code points), where @bufbuild/cel counts UTF-16 units
// (a character outside the Basic Multilingual Plane is one rune, two units), and answer an offset past the end as Go
// does (indexOf and lastIndexOf -1, the others an error); replace() and split() are Go's strings.Replace and SplitN,
// which split and match an empty string between runes. Errors carry cel-go's texts.

const runes = (text: string): string[] => Array.from(text);

const outOfRange = (index: number | bigint): Error => new Error(`index out of range: ${index}`);

/** `s.charAt(i)`: the rune at i, "" at the end, an error past it. */
export function charAt(text: string, index: bigint): string {
  const chars = runes(text);
  if (index < 0n || index > BigInt(chars.length)) throw outOfRange(index);
  return index === BigInt(chars.length) ? '' : chars[Number(index)];
}

/** `s.indexOf(sub[, offset])`: the first rune index of sub at or after offset, -1 when none or the offset is past the end. */
export function indexOf(text: string, sub: string, offset = 0n): bigint {
  if (sub === '') return offset;
  if (offset < 0n) throw outOfRange(offset);
  const chars = runes(text);
  const subChars = runes(sub);
  if (offset >= BigInt(chars.length)) return -1n;
  for (let i = Number(offset); i < chars.length - (subChars.length - 1); i++) {
    if (subChars.every((c, j) => chars[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

/** `s.lastIndexOf(sub[, offset])`: the last rune index of sub at or before offset. */
export function lastIndexOf(text: string, sub: string, offset?: bigint): bigint {
  const chars = runes(text);
  if (offset === undefined) {
    if (sub === '') return BigInt(chars.length);
    offset = BigInt(chars.length - 1);
  }
  if (sub === '') return offset;
  if (offset < 0n) throw outOfRange(offset);
  if (offset >= BigInt(chars.length)) return -1n;
  const subChars = runes(sub);
  const from = Math.min(Number(offset), chars.length - subChars.length);
  for (let i = from; i >= 0; i--) {
    if (subChars.every((c, j) => chars[i + j] === c)) return BigInt(i);
  }
  return -1n;
}

/** `s.substring(start[, end])`: the runes from start to end, an error for a start after the end or a bound out of range. */
export function substring(text: string, start: bigint, end?: bigint): string {
  const chars = runes(text);
  const length = BigInt(chars.length);
  if (end === undefined) {
    if (start < 0n || start > length) throw outOfRange(start);
    return chars.slice(Number(start)).join('');
  }
  if (start > end) throw new Error(`invalid substring range. start: ${start}, end: ${end}`);
  if (start < 0n || start > length) throw outOfRange(start);
  if (end < 0n || end > length) throw outOfRange(end);
  return chars.slice(Number(start), Number(end)).join('');
}

/**
 * `s.replace(old, new[, n])`: Go's strings.Replace (n < 0, or no n, for every one): an empty `old` matches before each
 * rune and at the end (JavaScript's would match at the start only, however many times).
 */
export function replace(text: string, from: string, to: string, n = -1n): string {
  if (from === to || n === 0n) return text;
  if (from === '') {
    const chars = runes(text);
    const count = n < 0n || n > BigInt(chars.length + 1) ? chars.length + 1 : Number(n);
    return chars.map((c, i) => (i < count ? to + c : c)).join('') + (count > chars.length ? to : '');
  }
  let out = '';
  let start = 0;
  for (let done = 0n; n < 0n || done < n; done++) {
    const at = text.indexOf(from, start);
    if (at < 0) break;
    out += text.slice(start, at) + to;
    start = at + from.length;
  }
  return out + text.slice(start);
}

/**
 * `s.split(sep[, n])`: Go's strings.SplitN (n < 0, or no n, for every piece; 0 for none): an empty `sep` splits between
 * runes (JavaScript's between UTF-16 units), and the last of n pieces holds the rest.
 */
export function split(text: string, sep: string, n = -1n): string[] {
  if (n === 0n) return [];
  if (sep === '') {
    const chars = runes(text);
    if (n < 0n || n >= BigInt(chars.length)) return chars;
    return [...chars.slice(0, Number(n) - 1), chars.slice(Number(n) - 1).join('')];
  }
  const pieces: string[] = [];
  let start = 0;
  while (n < 0n || BigInt(pieces.length) < n - 1n) {
    const at = text.indexOf(sep, start);
    if (at < 0) break;
    pieces.push(text.slice(start, at));
    start = at + sep.length;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** The names of the strings extension's functions this file replaces. */
export const RUNE_POSITION_FUNCTIONS: ReadonlySet<string> = new Set(['charAt', 'indexOf', 'lastIndexOf', 'substring', 'replace', 'split']);
