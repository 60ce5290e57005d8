// Kubernetes' CEL IP and CIDR libraries (src/validate/cel-net.ts), evaluated as the API server's (apiserver v0.33's
// library/ip.go and cidr.go on Go's netip): canonical texts, equality, classification, containment, masking, and the
// library's errors for what does not parse.
import { celResult as value } from './support/cel-values';

describe("Kubernetes' CEL IP and CIDR libraries", () => {
  test('ip(): its family, its canonical text, equal to another text of the same address; its kind', () => {
    const cases: [string, unknown][] = [
      ["ip('10.0.0.1').family()", 4n],
      ["ip('2001:db8::1').family()", 6n],
      ["string(ip('2001:0DB8:0:0:0:0:0:1'))", '2001:db8::1'],
      ["ip('::1') == ip('0:0::1')", true],
      ["ip('10.0.0.1') == ip('10.0.0.2')", false],
      ["ip('::1').isLoopback() && ip('127.1.2.3').isLoopback()", true],
      ["ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified()", true],
      ["ip('fe80::1').isLinkLocalUnicast() && ip('169.254.0.1').isLinkLocalUnicast()", true],
      ["ip('ff02::1').isLinkLocalMulticast() && ip('ff12::1').isLinkLocalMulticast() && ip('224.0.0.9').isLinkLocalMulticast()", true],
      ["ip('ff01::1').isLinkLocalMulticast() || ip('224.0.1.1').isLinkLocalMulticast()", false],
      ["ip('10.0.0.1').isGlobalUnicast() && ip('fd00::1').isGlobalUnicast()", true],
      ["ip('255.255.255.255').isGlobalUnicast() || ip('ff05::1').isGlobalUnicast() || ip('fe80::1').isGlobalUnicast()", false],
    ];
    for (const [expression, expected] of cases) expect([expression, value(expression)]).toEqual([expression, expected]);
  });

  test('cidr(): containment across one family only, masking, its address as written, its length', () => {
    const cases: [string, unknown][] = [
      ["cidr('10.0.0.0/8').containsIP('10.1.2.3') && cidr('10.0.0.0/8').containsIP(ip('10.255.0.1'))", true],
      ["cidr('10.0.0.0/8').containsIP('11.1.2.3')", false],
      ["cidr('::/0').containsIP('1.2.3.4')", false],
      ["cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && cidr('10.0.0.0/8').containsCIDR(cidr('10.0.0.0/8'))", true],
      ["cidr('10.1.0.0/16').containsCIDR('10.0.0.0/8')", false],
      ["cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')", true],
      ["cidr('10.1.2.3/8') == cidr('10.0.0.0/8')", false],
      ["string(cidr('2001:db8:ffff::1/33').masked())", '2001:db8:8000::/33'],
      ["string(cidr('10.1.2.3/8').ip())", '10.1.2.3'],
      ["cidr('10.1.2.3/8').prefixLength()", 8n],
      ["isCIDR('10.0.0.0/32') && !isCIDR('10.0.0.0/33') && !isCIDR('10.0.0.0/08') && !isCIDR('::ffff:1.2.3.4/120')", true],
    ];
    for (const [expression, expected] of cases) expect([expression, value(expression)]).toEqual([expression, expected]);
  });

  test("what does not parse is the library's error, with Go's netip text", () => {
    expect(value("ip('10.0.0.01')")).toBe('error: IP Address "10.0.0.01" parse error during conversion from string: ParseAddr("10.0.0.01"): IPv4 field has octet with leading zero');
    expect(value("ip('fe80::1%eth0')")).toBe('error: IP address "fe80::1%eth0" with zone value is not allowed');
    expect(value("ip('::ffff:1.2.3.4')")).toBe('error: IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed');
    expect(value("cidr('10.0.0.0/08')")).toBe(
      'error: network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"',
    );
  });
});
