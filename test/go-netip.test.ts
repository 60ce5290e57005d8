// The port of Go's netip.ParseAddr (src/validate/go-netip.ts): which strings are addresses, of which family, with a
// zone or IPv4-mapped, as Go 1.25 parses them, and Addr.String's text of them. Its ParsePrefix errors are checked with
// the annotations that use them (test/analyzers-injection-annotations.test.ts).
import { Address, formatAddress, parseAddress as parse, parsePrefix } from '../src/validate/go-netip';

/** What ParseAddr tells of an address but its bytes (checked with its text, below). */
const parseAddress = (s: string) => {
  const address = parse(s);
  return address && { version: address.version, zone: address.zone, is4In6: address.is4In6 };
};

describe("Go's netip.ParseAddr", () => {
  test('IPv4: four decimal fields up to 255, without leading zeros', () => {
    for (const s of ['1.2.3.4', '0.0.0.0', '255.255.255.255', '10.0.0.1']) expect([s, parseAddress(s)]).toEqual([s, { version: 4, zone: false, is4In6: false }]);
    for (const s of ['01.2.3.4', '1.2.3.04', '00.0.0.0', '256.1.1.1', '1.2.3', '1.2.3.4.5', '.1.2.3', '1.2.3.', '1..2.3', '1.2.3.a', '1.2.3.4 ', ' 1.2.3.4',
      '1.2.3.4%eth0', 'example.com', '1.2.3.-4']) {
      expect([s, parseAddress(s)]).toEqual([s, undefined]);
    }
  });

  test('IPv6: groups of up to four hex digits, one :: for at least one group, an embedded IPv4 at the end, a zone', () => {
    const v6 = (zone = false, is4In6 = false) => ({ version: 6, zone, is4In6 });
    const cases: [string, unknown][] = [
      ['::', v6()],
      ['::1', v6()],
      ['2001:db8::68', v6()],
      ['1:2:3:4:5:6:7:8', v6()],
      ['1:2:3:4:5:6:7::', v6()],
      ['::2:3:4:5:6:7:8', v6()],
      ['ABCD:ef01::', v6()],
      ['::1.2.3.4', v6()],
      ['1:2:3:4:5:6:1.2.3.4', v6()],
      ['fe80::1%eth0', v6(true)],
      ['::%x', v6(true)],
      ['::ffff:1.2.3.4', v6(false, true)],
      ['::ffff:102:304', v6(false, true)],
      ['0:0:0:0:0:ffff:1.2.3.4', v6(false, true)],
      ['::ffff:0:0', v6(false, true)],
      ['::fffe:1.2.3.4', v6()],
      ['1::ffff:1.2.3.4', v6()],
      ['::ffff', v6()],
      ['1:2:3:4:5:6:7:8:9', undefined],
      ['1:2:3', undefined],
      ['1::2::3', undefined],
      ['12345::', undefined],
      ['1:2:3:4:5:6:7:8::', undefined],
      ['::1:2:3:4:5:6:7:8', undefined],
      ['1:2:3:4:5:6:7:1.2.3.4', undefined],
      ['1:2:1.2.3.4', undefined],
      ['::01.2.3.4', undefined],
      ['fe80::1%', undefined],
      ['%eth0', undefined],
      ['1:', undefined],
      [':1', undefined],
      ['g::', undefined],
      ['', undefined],
    ];
    for (const [s, expected] of cases) expect([s, parseAddress(s)]).toEqual([s, expected]);
  });

  test('Addr.String: IPv4 dotted, IPv6 in lower-case hex with the first longest run of two or more zero groups as ::', () => {
    const text = (s: string) => formatAddress(parse(s) as Address);
    const cases: [string, string][] = [
      ['10.0.0.1', '10.0.0.1'],
      ['::', '::'],
      ['0:0::1', '::1'],
      ['2001:0DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
      ['1:0:0:1:0:0:1:1', '1::1:0:0:1:1'],
      ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
      ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
      ['::1.2.3.4', '::102:304'],
      ['fe80::1%eth0', 'fe80::1'],
    ];
    for (const [s, expected] of cases) expect([s, text(s)]).toEqual([s, expected]);
    const prefix = parsePrefix('10.1.2.3/8');
    expect(typeof prefix !== 'string' && [formatAddress(prefix.address), prefix.bits]).toEqual(['10.1.2.3', 8]);
    expect(parsePrefix('10.0.0.0/08')).toBe('netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"');
  });
});
