// Kubernetes' CEL IP and CIDR libraries (k8s.io/apiserver pkg/cel/library/ip.go and cidr.go, v0.33) on Go's netip
// semantics (./go-netip.ts): `ip()`, `isIP()`, `cidr()`, `isCIDR()` and the IP and CIDR methods. An IP or CIDR value is kept as
// its canonical text (Addr.String, Prefix.String, the address as written and not masked), so that two values are
// equal exactly when Go's Addr or Prefix values are, and `string()` of one is Go's text; each method reads it again.
// A string that does not parse fails the call with the library's own error text.
import { Address, formatAddress, parseAddressError, parsePrefix, Prefix, parseAddress } from './go-netip';
import { goQuote } from './go-strconv';

/** The library's parseIPAddr: a netip address without a zone that is not IPv4-mapped IPv6, or its error text. */
function parseIp(text: string): Address | string {
  const address = parseAddress(text);
  if (!address) return `IP Address ${goQuote(text)} parse error during conversion from string: ${parseAddressError(text)}`;
  if (address.zone) return `IP address ${goQuote(text)} with zone value is not allowed`;
  if (address.is4In6) return `IPv4-mapped IPv6 address ${goQuote(text)} is not allowed`;
  return address;
}

/** The library's parseCIDR, or its error text. */
function parseCidr(text: string): Prefix | string {
  const prefix = parsePrefix(text);
  if (typeof prefix === 'string') return `network address parse error during conversion from string: ${prefix}`;
  if (prefix.address.is4In6) return `IPv4-mapped IPv6 address ${goQuote(text)} is not allowed`;
  return prefix;
}

function required<T>(value: T | string): T {
  if (typeof value === 'string') throw new Error(value);
  return value;
}

const ipOf = (text: string): Address => required(parseIp(text));
const cidrOf = (text: string): Prefix => required(parseCidr(text));
const cidrText = (prefix: Prefix): string => `${formatAddress(prefix.address)}/${prefix.bits}`;

/** `ip(string)`: the address, as its canonical text. */
export const celIp = (text: string): string => formatAddress(ipOf(text));

/** `cidr(string)`: the prefix, as its canonical text (stringToCIDR adds its own words before parseCIDR's). */
export function celCidr(text: string): string {
  const prefix = parseCidr(text);
  if (typeof prefix === 'string') throw new Error(`network address parse error during conversion from string: ${prefix}`);
  return cidrText(prefix);
}

/**
 * `isIP(string)`: an address netip.ParseAddr reads, without a zone and not IPv4-mapped IPv6 (`1.2.3.4` and `::1` are;
 * `01.2.3.4`, `fe80::1%eth0` and `::ffff:1.2.3.4` are not).
 */
export const isIp = (text: string): boolean => typeof parseIp(text) !== 'string';

/** `isCIDR(string)`. */
export const isCidr = (text: string): boolean => typeof parseCidr(text) !== 'string';

/** `<ip>.family()`: 4 or 6. */
export const family = (ip: string): bigint => BigInt(ipOf(ip).version);

const byte = (address: Address, i: number): number => address.bytes[i];
const firstGroup = (address: Address): number => (byte(address, 0) << 8) | byte(address, 1);

const isLoopbackAddress = (a: Address): boolean =>
  a.version === 4 ? byte(a, 0) === 127 : a.bytes.subarray(0, 15).every((b) => b === 0) && byte(a, 15) === 1;
const isMulticastAddress = (a: Address): boolean => (a.version === 4 ? (byte(a, 0) & 0xf0) === 0xe0 : byte(a, 0) === 0xff);
const isLinkLocalUnicastAddress = (a: Address): boolean =>
  a.version === 4 ? byte(a, 0) === 169 && byte(a, 1) === 254 : (firstGroup(a) & 0xffc0) === 0xfe80;
const isUnspecifiedAddress = (a: Address): boolean => a.bytes.every((b) => b === 0);

/** The IP methods that classify an address (netip's Addr.Is... of the same names). */
export const ipPredicates: Readonly<Record<string, (ip: string) => boolean>> = {
  isUnspecified: (ip) => isUnspecifiedAddress(ipOf(ip)),
  isLoopback: (ip) => isLoopbackAddress(ipOf(ip)),
  isLinkLocalMulticast: (ip) => {
    const a = ipOf(ip);
    return a.version === 4 ? byte(a, 0) === 224 && byte(a, 1) === 0 && byte(a, 2) === 0 : (firstGroup(a) & 0xff0f) === 0xff02;
  },
  isLinkLocalUnicast: (ip) => isLinkLocalUnicastAddress(ipOf(ip)),
  isGlobalUnicast: (ip) => {
    const a = ipOf(ip);
    if (a.version === 4 && (isUnspecifiedAddress(a) || a.bytes.every((b) => b === 255))) return false;
    return !(a.version === 6 && isUnspecifiedAddress(a)) && !isLoopbackAddress(a) && !isMulticastAddress(a) && !isLinkLocalUnicastAddress(a);
  },
};

/** Whether the first `bits` bits of two addresses of one family are the same. */
function samePrefixBits(a: Address, b: Address, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const left = Math.min(8, bits - i);
    const mask = (0xff << (8 - left)) & 0xff;
    if ((a.bytes[i / 8] & mask) !== (b.bytes[i / 8] & mask)) return false;
  }
  return true;
}

/** `<cidr>.containsIP(<ip or string>)`: Prefix.Contains, false across families. */
export function containsIp(cidr: string, ip: string): boolean {
  const prefix = cidrOf(cidr);
  const address = ipOf(ip);
  return prefix.address.version === address.version && samePrefixBits(prefix.address, address, prefix.bits);
}

/** `<cidr>.containsCIDR(<cidr or string>)`: the prefixes overlap and the other is no shorter. */
export function containsCidr(cidr: string, other: string): boolean {
  const prefix = cidrOf(cidr);
  const inner = cidrOf(other);
  if (prefix.address.version !== inner.address.version || prefix.bits > inner.bits) return false;
  return samePrefixBits(prefix.address, inner.address, prefix.bits);
}

/** `<cidr>.ip()`: the address as written in the prefix. */
export const cidrIp = (cidr: string): string => formatAddress(cidrOf(cidr).address);

/** `<cidr>.prefixLength()`. */
export const prefixLength = (cidr: string): bigint => BigInt(cidrOf(cidr).bits);

/** `<cidr>.masked()`: Prefix.Masked, the host bits cleared. */
export function masked(cidr: string): string {
  const prefix = cidrOf(cidr);
  const bytes = Uint8Array.from(prefix.address.bytes, (b, i) => {
    const kept = Math.max(0, Math.min(8, prefix.bits - i * 8));
    return b & ((0xff << (8 - kept)) & 0xff);
  });
  return cidrText({ address: { ...prefix.address, bytes }, bits: prefix.bits });
}

/** Whether an evaluation error is one of these libraries' (a value that does not parse), which the API server reports. */
export const isNetParseError = (message: string): boolean =>
  /^(IP Address ".*" parse error during conversion from string|IP address ".*" with zone value is not allowed|IPv4-mapped IPv6 address ".*" is not allowed|network address parse error during conversion from string)/.test(message);
