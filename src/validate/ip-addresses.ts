// IP addresses and CIDRs, as Go parses them: net.ParseIP / netip.ParseAddr refuse IPv4 octets with leading zeros,
// Kubernetes' netutils.ParseIPSloppy accepts them (for addresses stored before Go 1.17 made parsing strict).

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
// the forked parser of k8s.io/utils/net reads an octet with dtoi: any run of digits whose value fits
const SLOPPY_IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

function isIpv4(value: string, sloppy: boolean): boolean {
  const match = (sloppy ? SLOPPY_IPV4 : IPV4).exec(value);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255 && (sloppy || octet === String(Number(octet))));
}

function isIpv6(value: string): boolean {
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.length > 0;
  } catch {
    return false;
  }
}

/** Whether `value` is an IPv4 or IPv6 address; `sloppy` accepts IPv4 octets with leading zeros. */
export function isIpAddress(value: string, sloppy = false): boolean {
  return isIpv4(value, sloppy) || isIpv6(value);
}

/** Whether `value` is an IPv4 address in dotted form. */
export function isIpv4Address(value: string): boolean {
  return isIpv4(value, false);
}

/** Whether `value` is an IPv6 address. */
export function isIpv6Address(value: string): boolean {
  return isIpv6(value);
}

/**
 * Whether `value` is an address/prefix-length CIDR; `sloppy` as netutils.ParseCIDRSloppy reads it, leading zeros
 * allowed in IPv4 octets and in the prefix length (its IPv6 groups of more than four hex digits are not).
 */
export function isCidr(value: string, sloppy = false): boolean {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length > 0 || bits === undefined || !(sloppy ? /^\d+$/ : /^\d{1,3}$/).test(bits) || !isIpAddress(address, sloppy)) return false;
  return Number(bits) <= (address.includes(':') ? 128 : 32);
}
