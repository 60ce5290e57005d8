// The string rules of k8s.io/apimachinery/pkg/util/validation that built-in validation applies to names, keys and
// values (IsQualifiedName, IsValidLabelValue, IsDNS1035Label, IsValidPortName, IsRelaxedEnvVarName, IsConfigMapKey, ...),
// and core validation's ValidateNonSpecialIP and IsValidSysctlName.
// Each returns undefined for a valid value, else what is allowed, as messages say it.
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain } from '../../../constructs/dns-names';
import { isCidr as isCidrOf, isIpAddress } from '../ip-addresses';
import { show } from '../structural';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const RELAXED_ENV_VAR_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;
const DNS_SUBDOMAIN_WITH_UNDERSCORE = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const PERCENT = /^[0-9]+%$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** What a qualified name may be. */
export const QUALIFIED_NAME_RULE =
  "a qualified name (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

// label and annotation keys repeat across objects: each is checked once per process
const qualifiedNames = new Map<string, string | undefined>();

/** IsQualifiedName: label keys, annotation keys (lowercased first), finalizers, appProtocol. */
export function qualifiedNameProblem(value: string): string | undefined {
  if (qualifiedNames.has(value)) return qualifiedNames.get(value);
  const problem = checkQualifiedName(value);
  if (qualifiedNames.size < 10_000) qualifiedNames.set(value, problem);
  return problem;
}

function checkQualifiedName(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return QUALIFIED_NAME_RULE;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix === '' || !isDnsSubdomain(prefix))) return `${QUALIFIED_NAME_RULE}; the prefix must be ${DNS_SUBDOMAIN_RULE}`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return QUALIFIED_NAME_RULE;
  return undefined;
}

/** IsValidLabelValue. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value))) return undefined;
  return "a label value (empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";
}

/** IsDNS1123Label. */
export function dnsLabelProblem(value: string): string | undefined {
  return isDnsLabel(value) ? undefined : DNS_LABEL_RULE;
}

/** IsDNS1123Subdomain. */
export function dnsSubdomainProblem(value: string): string | undefined {
  return isDnsSubdomain(value) ? undefined : DNS_SUBDOMAIN_RULE;
}

/** apimachinery's IsValidPathSegmentName: the names of roles and bindings, which become one segment of their URL. */
export function pathSegmentNameProblem(value: string): string | undefined {
  if (value !== '.' && value !== '..' && !value.includes('/') && !value.includes('%')) return undefined;
  return "a path segment name (not '.' or '..', and without '/' or '%')";
}

/** IsDNS1123SubdomainWithUnderscore: pod DNS search domains (RelaxedDNSSearchValidation, beta and on in 1.33). */
export function dnsSearchDomainProblem(value: string): string | undefined {
  if (value.length <= 253 && DNS_SUBDOMAIN_WITH_UNDERSCORE.test(value)) return undefined;
  return "a DNS-1123 subdomain that may also hold '_' (lowercase letters, digits, '-', '_' and '.', at most 253 characters)";
}

/**
 * apimachinery's maskTrailingDash, for names validated as prefixes (envFrom references): a trailing '-' is allowed, as Go
 * replaces the last two characters with "a" before checking.
 */
export function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** IsValidSysctlName (core validation): dot- or slash-separated segments of lowercase letters, digits, '-' and '_'. */
export function isSysctlName(value: string): boolean {
  return value.length <= 253 && SYSCTL_NAME.test(value);
}

/** What a DNS-1035 label may be. */
export const DNS_1035_LABEL_RULE =
  "a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters)";

/** IsDNS1035Label: Service names. */
export function dns1035LabelProblem(value: string): string | undefined {
  return value.length <= 63 && DNS_1035_LABEL.test(value) ? undefined : DNS_1035_LABEL_RULE;
}

/** IsValidPortName: an IANA_SVC_NAME, for container port names and named target ports. */
export function portNameProblem(value: string): string | undefined {
  const valid = value.length <= 15 && /^[-a-z0-9]+$/.test(value) && /[a-z]/.test(value) && !value.includes('--') && !/^-|-$/.test(value);
  return valid ? undefined : "an IANA service name (at most 15 lowercase letters, digits and '-', with a letter, no '--', not starting or ending with '-')";
}

/** IsValidPortNum. */
export function portNumberProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : 'a port number between 1 and 65535';
}

/**
 * An environment variable name (and envFrom prefix): IsRelaxedEnvVarName, any printable ASCII but '=', where the
 * RelaxedEnvironmentVariableValidation gate is on (Kubernetes 1.32 and later), else IsEnvVarName.
 */
export function envVarNameProblem(value: string, relaxed: boolean): string | undefined {
  if (relaxed) {
    if (value !== '' && RELAXED_ENV_VAR_NAME.test(value)) return undefined;
    return "an environment variable name (printable ASCII characters other than '=')";
  }
  if (ENV_VAR_NAME.test(value) && !isChDir(value)) return undefined;
  return "an environment variable name (letters, digits, '_', '-' and '.', not starting with a digit, not '.', '..' or starting with '..')";
}

/** IsConfigMapKey: ConfigMap and Secret keys, and the keys selectors name. */
export function configMapKeyProblem(value: string): string | undefined {
  if (value.length <= 253 && CONFIG_MAP_KEY.test(value) && !isChDir(value)) return undefined;
  return "a key of at most 253 letters, digits, '-', '_' and '.', not '.', '..' or starting with '..'";
}

/** IsValidPercent. */
export function isPercent(value: string): boolean {
  return PERCENT.test(value);
}

/** IsHTTPHeaderName. */
export function httpHeaderNameProblem(value: string): string | undefined {
  return HTTP_HEADER_NAME.test(value) ? undefined : "an HTTP header name (letters, digits and '-')";
}

function isChDir(value: string): boolean {
  return value === '.' || value === '..' || value.startsWith('..');
}

// an IPv4 address as written: four groups of digits (each read in decimal, leading zeros and all)
const DOTTED_IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether `value` is an IP address as netutils.ParseIPSloppy reads it. */
export function isIp(value: string): boolean {
  return isIpAddress(value, true);
}

/** Whether `value` is a CIDR as netutils.ParseCIDRSloppy reads it. */
export function isCidr(value: string): boolean {
  return isCidrOf(value, true);
}

/**
 * The family of an address netutils.ParseIPSloppy reads, as net.IP's To4 decides it (an IPv4-mapped IPv6 address is
 * 4), or undefined when it reads none.
 */
export function ipFamily(value: string): 4 | 6 | undefined {
  const bytes = ipBytes(value);
  if (!bytes) return undefined;
  return isMapped(bytes) ? 4 : 6;
}

/** The 16 bytes of an IPv6 address (IPv4-mapped when `value` is IPv4), or undefined when netutils.ParseIPSloppy fails. */
function ipBytes(value: string): number[] | undefined {
  const v4 = DOTTED_IPV4.exec(value);
  if (v4) return isIp(value) ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...v4.slice(1).map(Number)] : undefined;
  if (!isIp(value)) return undefined;
  // the URL parser writes an IPv6 address in its compressed hexadecimal form, embedded IPv4 included
  const host = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const [head, tail] = host.includes('::') ? host.split('::') : [host, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = groups(tail);
  const all = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((g) => [g >> 8, g & 255]);
}

/**
 * apimachinery's IsValidIP (new fields, such as an IPAddress's name): what is wrong with `value`, or undefined. An
 * address netutils.ParseIPSloppy reads, without leading zeros, not IPv4-mapped, and written as net.IP writes it
 * (IPv6 in lowercase, without leading zeros in a group, its longest run of two or more zero groups as `::`).
 */
export function strictIpProblem(value: string): string | undefined {
  const bytes = ipBytes(value);
  if (bytes === undefined) return 'a valid IP address, such as 10.9.8.7 or 2001:db8::ffff';
  const v4 = DOTTED_IPV4.exec(value);
  if (v4 && v4.slice(1).some((octet) => octet.length > 1 && octet.startsWith('0'))) return 'an IP address without leading 0s';
  if (!v4 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return 'an IP address that is not IPv4-mapped IPv6';
  const canonical = v4 ? bytes.slice(12).join('.') : ipv6String(bytes);
  return canonical === value ? undefined : `an IP address in canonical form (${JSON.stringify(canonical)})`;
}

/**
 * apimachinery's GetWarningsForIP: the warning the API server gives for an address netutils.ParseIPSloppy reads but
 * not in its standard form (leading zeros, IPv4-mapped IPv6: net.IP's text is the one to use) or, for IPv6, not in
 * RFC 5952's canonical text; undefined for an address in standard form, or one that does not parse.
 */
export function ipFormWarning(value: string): string | undefined {
  const bytes = ipBytes(value);
  if (!bytes) return undefined;
  const v4 = DOTTED_IPV4.exec(value);
  const mapped = isMapped(bytes);
  if ((v4 && v4.slice(1).some((octet) => octet.length > 1 && octet.startsWith('0'))) || (!v4 && mapped)) {
    return `non-standard IP address ${JSON.stringify(value)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(bytes.slice(12).join('.'))}`;
  }
  if (v4) return undefined;
  const canonical = ipv6String(bytes);
  return canonical === value ? undefined : `IPv6 address ${JSON.stringify(value)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})`;
}

/** net.IP's String of an IPv6 address (RFC 5952): the first longest run of two or more zero groups as `::`. */
function ipv6String(bytes: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let [bestStart, bestLength] = [-1, 0];
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) [bestStart, bestLength] = [i, j - i];
    i = Math.max(i, j);
  }
  const hex = (part: number[]) => part.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/**
 * A CIDR as netutils.ParseCIDRSloppy reads it: its address's 16 bytes (IPv4 ones mapped), the prefix length as
 * written, and whether it was written as IPv6 (so that its mask has 128 bits).
 */
export interface CidrNetwork {
  readonly bytes: readonly number[];
  readonly ones: number;
  readonly writtenAsIpv6: boolean;
}

/** The network of a CIDR netutils.ParseCIDRSloppy reads, or undefined when it does not. */
export function cidrNetwork(value: string): CidrNetwork | undefined {
  if (!isCidr(value)) return undefined;
  const slash = value.lastIndexOf('/');
  const bytes = ipBytes(value.slice(0, slash));
  if (bytes === undefined) return undefined;
  return { bytes, ones: Number(value.slice(slash + 1)), writtenAsIpv6: value.slice(0, slash).includes(':') };
}

/**
 * apimachinery's GetWarningsForCIDR: a CIDR netutils.ParseCIDRSloppy reads whose address has bits set past its
 * prefix (ambiguous), that has leading zeros or an IPv4-mapped address (non-standard), or, for IPv6 and only when
 * neither of those, that is not in RFC 5952's canonical text.
 */
export function cidrFormWarnings(value: string): string[] {
  const network = cidrNetwork(value);
  if (!network) return [];
  const [address, bits] = [value.slice(0, value.lastIndexOf('/')), value.slice(value.lastIndexOf('/') + 1)];
  const mapped = isMapped(network.bytes);
  // the address bits the mask covers: an IPv4 CIDR's mask has 32 bits, an IPv6 one's 128
  const v4 = mapped && !network.writtenAsIpv6;
  const ones = v4 ? network.ones + 96 : network.ones;
  const masked = network.bytes.map((byte, i) => {
    const kept = Math.min(8, Math.max(0, ones - i * 8));
    return byte & ((0xff << (8 - kept)) & 0xff);
  });
  const text = (bytes: readonly number[]) => (isMapped(bytes) ? bytes.slice(12).join('.') : ipv6String(bytes));
  // net.IPNet's String writes an IPv4-mapped network as IPv4, with the last 32 bits of its mask
  const networkText = `${text(masked)}/${network.writtenAsIpv6 && isMapped(masked) ? network.ones - 96 : network.ones}`;
  const warnings: string[] = [];
  if (masked.some((byte, i) => byte !== network.bytes[i])) {
    const single = `${text(network.bytes)}/${network.writtenAsIpv6 ? 128 : 32}`;
    warnings.push(`CIDR value ${JSON.stringify(value)} is ambiguous in this context (should be ${JSON.stringify(networkText)} or ${JSON.stringify(single)}?)`);
  }
  const leadingZeros = /^0\d/.test(bits) || (!network.writtenAsIpv6 && address.split('.').some((octet) => octet.length > 1 && octet.startsWith('0')));
  if (leadingZeros || (mapped && network.writtenAsIpv6)) {
    warnings.push(`non-standard CIDR value ${JSON.stringify(value)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(networkText)}`);
  }
  if (warnings.length === 0 && network.writtenAsIpv6) {
    const canonical = `${ipv6String(network.bytes)}/${network.ones}`;
    if (canonical !== value) warnings.push(`IPv6 CIDR value ${JSON.stringify(value)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})`);
  }
  return warnings;
}

/**
 * apimachinery's IsValidCIDR (new fields, such as a ServiceCIDR's): what is wrong with `value`, or undefined. A CIDR
 * netutils.ParseCIDRSloppy reads that netip.ParsePrefix reads too (no leading 0s in its IPv4 address or prefix
 * length), not IPv4-mapped, with no address bits set beyond its prefix, written as net.IPNet writes it.
 */
export function strictCidrProblem(value: string): string | undefined {
  const network = cidrNetwork(value);
  if (!network) return 'a valid CIDR value, such as 10.9.8.0/24 or 2001:db8::/64';
  const [address, bits] = [value.slice(0, value.lastIndexOf('/')), value.slice(value.lastIndexOf('/') + 1)];
  if (/^0\d/.test(bits) || (!network.writtenAsIpv6 && address.split('.').some((octet) => octet.length > 1 && octet.startsWith('0')))) {
    return 'a CIDR without leading 0s in its IP address or prefix length';
  }
  const mapped = isMapped(network.bytes);
  if (mapped && network.writtenAsIpv6) return 'a CIDR whose address is not IPv4-mapped IPv6';
  const ones = mapped ? network.ones + 96 : network.ones;
  const masked = network.bytes.map((byte, i) => byte & ((0xff << (8 - Math.min(8, Math.max(0, ones - i * 8)))) & 0xff));
  if (masked.some((byte, i) => byte !== network.bytes[i])) return 'a CIDR without address bits set beyond its prefix length';
  const canonical = `${mapped ? network.bytes.slice(12).join('.') : ipv6String(network.bytes)}/${network.ones}`;
  return canonical === value ? undefined : `a CIDR in canonical form (${JSON.stringify(canonical)})`;
}

const isMapped = (bytes: readonly number[]) => bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;

/**
 * net.IPNet's Contains of the other network's (masked) address: an address that is IPv4 or IPv4-mapped is compared
 * as 4 bytes (To4), and a network whose address is so takes the last 32 bits of an IPv6 mask, so an IPv4 network and
 * an IPv4-mapped IPv6 one compare as IPv4; an IPv4 address is never in an IPv6 network, nor the other way round.
 */
export function networkContains(outer: CidrNetwork, inner: CidrNetwork): boolean {
  const outer4 = isMapped(outer.bytes);
  if (outer4 !== isMapped(inner.bytes)) return false;
  const offset = outer4 ? 96 : 0;
  // the outer mask's ones within the bytes compared (an IPv6 mask of a mapped address loses its first 96 bits)
  const ones = outer.writtenAsIpv6 || !outer4 ? outer.ones - offset : outer.ones;
  const innerOnes = (inner.writtenAsIpv6 ? inner.ones : inner.ones + 96) - offset;
  for (let bit = 0; bit < ones; bit++) {
    const at = offset + bit;
    const mask = 0x80 >> (at & 7);
    // the inner network's address is masked by its own prefix first
    const innerBit = bit < innerOnes ? inner.bytes[at >> 3] & mask : 0;
    if ((outer.bytes[at >> 3] & mask) !== innerBit) return false;
  }
  return true;
}

/**
 * ValidateNonSpecialIP (external IPs of Services): what is wrong with an IP address a Service may not expose (unspecified,
 * loopback, link-local unicast or link-local multicast, as Go's net.IP classifies it), or undefined.
 */
export function specialIpProblem(value: string): string | undefined {
  const b = ipBytes(value);
  if (!b) return undefined;
  const v4 = b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255;
  if (v4) {
    const [a, c, d] = [b[12], b[13], b[14]];
    if (b.slice(12).every((x) => x === 0)) return 'an unspecified address (0.0.0.0)';
    if (a === 127) return 'a loopback address (127.0.0.0/8)';
    if (a === 169 && c === 254) return 'a link-local address (169.254.0.0/16)';
    if (a === 224 && c === 0 && d === 0) return 'a link-local multicast address (224.0.0.0/24)';
    return undefined;
  }
  if (b.every((x) => x === 0)) return 'an unspecified address (::)';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'a loopback address (::1)';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'a link-local address (fe80::/10)';
  if (b[0] === 0xff && (b[1] & 0x0f) === 0x02) return 'a link-local multicast address (ff02::/16)';
  return undefined;
}

/** IsDomainPrefixedPath's path part. */
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/**
 * IsDomainPrefixedPath of a value that is not empty: what is wrong with it, one message each (a domain that is no
 * DNS-1123 subdomain and a path of other characters are both said), or none.
 */
export function domainPrefixedPathProblems(value: string, example: string): string[] {
  const slash = value.indexOf('/');
  const [domain, path] = slash < 0 ? [value, ''] : [value.slice(0, slash), value.slice(slash + 1)];
  if (domain === '' || path === '') return [`must be a domain-prefixed path such as ${example}, got ${show(value)}`];
  const problems: string[] = [];
  const domainProblem = dnsSubdomainProblem(domain);
  if (domainProblem) problems.push(`its domain must be ${domainProblem}, got ${show(domain)}`);
  if (!HTTP_PATH.test(path)) problems.push(`its path may hold letters, digits and -._~%!$&'()*+,;=:/ only, got ${show(path)}`);
  return problems;
}
