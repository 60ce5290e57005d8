// Go's netip.ParseAddr and ParsePrefix (Go 1.25, which builds istio 1.30.3): for the exact error texts istioctl prints
// when an annotation's CIDR does not parse (ParsePrefix accepts non-canonical prefixes, `10.0.0.1/8`, and trims no
// whitespace), and for what Kubernetes' CEL IP library accepts as an address.
import { atoiError, goQuote } from './go-strconv';

/**
 * What netip.ParseAddr makes of an address: its family, whether it has a zone, whether it is IPv4-mapped IPv6, and its
 * bytes (4 or 16).
 */
export interface Address {
  readonly version: 4 | 6;
  readonly zone: boolean;
  /** Addr.Is4In6: an IPv6 address in ::ffff:0:0/96, however written (`::ffff:1.2.3.4`, `::ffff:102:304`). */
  readonly is4In6: boolean;
  readonly bytes: Uint8Array;
}

class AddrError {
  constructor(
    readonly input: string,
    readonly msg: string,
    readonly at = '',
  ) {}

  text(): string {
    return `ParseAddr(${goQuote(this.input)}): ${this.msg}${this.at ? ` (at ${goQuote(this.at)})` : ''}`;
  }
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const hexValue = (c: string) => (isDigit(c) ? c.charCodeAt(0) - 48 : /[a-f]/i.test(c) && c.length === 1 ? c.toLowerCase().charCodeAt(0) - 87 : -1);

/** netip's parseIPv4Fields over `input[start:end]`: an error, or undefined with the four octets in `fields` from `at`. */
function ipv4Error(input: string, start: number, end: number, fields?: Uint8Array, at = 0): AddrError | undefined {
  const s = input.slice(start, end);
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    if (isDigit(s[i])) {
      if (digits === 1 && val === 0) return new AddrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(s[i]);
      digits++;
      if (val > 255) return new AddrError(input, 'IPv4 field has value >255');
    } else if (s[i] === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return new AddrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (pos === 3) return new AddrError(input, 'IPv4 address too long');
      if (fields) fields[at + pos] = val;
      pos++;
      val = 0;
      digits = 0;
    } else {
      return new AddrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (pos < 3) return new AddrError(input, 'IPv4 address too short');
  if (fields) fields[at + 3] = val;
  return undefined;
}

/** netip's parseIPv6. */
function parseIpv6(input: string): Address | AddrError {
  let s = input;
  let zone = '';
  const percent = s.indexOf('%');
  if (percent >= 0) {
    zone = s.slice(percent + 1);
    s = s.slice(0, percent);
    if (zone === '') return new AddrError(input, 'zone must be a non-empty string');
  }
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { version: 6, zone: zone !== '', is4In6: false, bytes: ip };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const digit = hexValue(s[off]);
      if (digit < 0) break;
      acc = acc * 16 + digit;
      if (off > 3) return new AddrError(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) return new AddrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) return new AddrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return new AddrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) return new AddrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const end = input.length - (zone ? zone.length + 1 : 0);
      const error = ipv4Error(input, end - s.length, end, ip, i);
      if (error) return error;
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') return new AddrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) return new AddrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return new AddrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return new AddrError(input, 'trailing garbage after address', s);
  if (i < 16 && ellipsis < 0) return new AddrError(input, 'address string too short');
  if (i >= 16 && ellipsis >= 0) return new AddrError(input, 'the :: must expand to at least one field of zeros');
  if (i < 16) {
    // the ellipsis stands for the groups not written
    const n = 16 - i;
    ip.copyWithin(ellipsis + n, ellipsis, i);
    ip.fill(0, ellipsis, ellipsis + n);
  }
  const is4In6 = ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  return { version: 6, zone: zone !== '', is4In6, bytes: ip };
}

/** netip.ParseAddr: the address family of `s`, or its error. */
function parseAddr(s: string): Address | AddrError {
  for (const c of s) {
    if (c === '.') {
      const bytes = new Uint8Array(4);
      return ipv4Error(s, 0, s.length, bytes) ?? { version: 4, zone: false, is4In6: false, bytes };
    }
    if (c === ':') return parseIpv6(s);
    if (c === '%') return new AddrError(s, 'missing IPv6 address');
  }
  return new AddrError(s, 'unable to parse IP');
}

/** What Go's `netip.ParseAddr(s)` makes of `s`, or undefined when it returns an error. */
export function parseAddress(s: string): Address | undefined {
  const address = parseAddr(s);
  return address instanceof AddrError ? undefined : address;
}

/** The error of Go's `netip.ParseAddr(s)` as its `Error()` text, or undefined when `s` parses. */
export function parseAddressError(s: string): string | undefined {
  const address = parseAddr(s);
  return address instanceof AddrError ? address.text() : undefined;
}

/** A prefix netip.ParsePrefix read: its address as written (not masked) and its length. */
export interface Prefix {
  readonly address: Address;
  readonly bits: number;
}

/** What Go's `netip.ParsePrefix(s)` makes of `s`: the prefix, or its error's `Error()` text. */
export function parsePrefix(s: string): Prefix | string {
  const fail = (msg: string) => `netip.ParsePrefix(${goQuote(s)}): ${msg}`;
  const slash = s.lastIndexOf('/');
  if (slash < 0) return fail("no '/'");
  const address = parseAddr(s.slice(0, slash));
  if (address instanceof AddrError) return fail(address.text());
  if (address.zone) return fail('IPv6 zones cannot be present in a prefix');
  const bits = s.slice(slash + 1);
  if ((bits.length > 1 && !(bits[0] >= '1' && bits[0] <= '9')) || atoiError(bits) !== undefined) return fail(`bad bits after slash: ${goQuote(bits)}`);
  const n = Number(bits);
  return n < 0 || n > (address.version === 6 ? 128 : 32) ? fail('prefix length out of range') : { address, bits: n };
}

/** The error of Go's `netip.ParsePrefix(s)` as its `Error()` text, or undefined when `s` parses. */
export function parsePrefixError(s: string): string | undefined {
  const prefix = parsePrefix(s);
  return typeof prefix === 'string' ? prefix : undefined;
}

/**
 * Addr.String without a zone: IPv4 dotted, IPv6 in lower-case hex with the longest run of two or more zero groups
 * (the first of equal runs) written `::`, and an IPv4-mapped address as `::ffff:1.2.3.4`.
 */
export function formatAddress(address: Address): string {
  const b = address.bytes;
  if (address.version === 4) return Array.from(b).join('.');
  if (address.is4In6) return `::ffff:${Array.from(b.subarray(12)).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1]);
  let zeroStart = -1;
  let zeroLength = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && j - i > zeroLength) {
      zeroStart = i;
      zeroLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  return zeroStart < 0 ? hex(0, 8) : `${hex(0, zeroStart)}::${hex(zeroStart + zeroLength, 8)}`;
}
