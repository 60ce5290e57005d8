// The parts of Go's strconv whose exact error texts istioctl prints in its findings: Quote (the `%q` verb), ParseUint,
// ParseBool and Atoi.

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** `s` as Go's `strconv.Quote` (and `%q`) writes it: double quotes, backslash escapes, `\x..` for control bytes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/**
 * The error of Go's `strconv.ParseUint(s, 10, bits)`, or undefined when `s` parses: digits only (no sign, space or
 * underscore), `value out of range` as soon as the digits read so far exceed the bit size.
 */
export function parseUintError(s: string, bits: 16 | 32 | 64): string | undefined {
  const syntax = `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`;
  if (s === '') return syntax;
  const max = 2n ** BigInt(bits) - 1n;
  let n = 0n;
  for (const ch of s) {
    if (ch < '0' || ch > '9') return syntax;
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (n > max) return `strconv.ParseUint: parsing ${goQuote(s)}: value out of range`;
  }
  return undefined;
}

const BOOLS: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The error of Go's `strconv.ParseBool(s)`, or undefined when `s` is one of the twelve spellings it accepts. */
export function parseBoolError(s: string): string | undefined {
  return BOOLS.has(s) ? undefined : `strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`;
}

/** The error of Go's `strconv.Atoi(s)`, or undefined when `s` is an optional sign and decimal digits that fit in 64 bits. */
export function atoiError(s: string): string | undefined {
  const match = /^([+-]?)([0-9]+)$/.exec(s);
  if (!match) return `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
  const value = BigInt(match[2]);
  const fits = match[1] === '-' ? value <= 2n ** 63n : value < 2n ** 63n;
  return fits ? undefined : `strconv.Atoi: parsing ${goQuote(s)}: value out of range`;
}
