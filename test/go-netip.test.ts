// The port of Go's netip.ParseAddr (src/validate/go-netip.ts): which strings are addresses, of which family, with a
// zone or IPv4-mapped, as Go 1.25 parses them. Its ParsePrefix errors are checked with the annotations that use them
// (test/analyzers-injection-annotations.test.ts).
import { parseAddress } from '../src/validate/go-netip';

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
});
