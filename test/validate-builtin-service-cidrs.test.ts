// ServiceCIDRs as the API server validates them at create (pkg/apis/networking/validation ValidateServiceCIDR), with
// each CIDR checked as apimachinery v0.33's IsValidCIDR checks a new field's: the extra Service ranges a cluster
// repository may add.
import { strictCidrProblem } from '../src/validate/builtin/identifiers';
import { errorLines, obj } from './support/objects';

const serviceCidr = (cidrs: unknown) =>
  errorLines(obj('networking.k8s.io/v1', 'ServiceCIDR', 'extra', { spec: { cidrs } }, undefined));

describe('ServiceCIDRs', () => {
  test('one CIDR, or one of each IP family, passes', () => {
    expect(serviceCidr(['10.96.0.0/12'])).toEqual([]);
    expect(serviceCidr(['10.96.0.0/12', 'fd00:10:96::/112'])).toEqual([]);
    expect(serviceCidr(['2001:db8::/64', '192.168.0.0/24'])).toEqual([]);
  });

  test('refuses no CIDR, more than two, or two of one family', () => {
    expect(serviceCidr([])).toEqual(['TT0017 spec.cidrs: a ServiceCIDR needs at least one CIDR']);
    expect(serviceCidr(['10.0.0.0/16', '10.1.0.0/16', 'fd00::/64'])).toEqual(['TT0019 spec.cidrs: may hold at most 2 CIDRs (one of each IP family), got 3']);
    expect(serviceCidr(['10.0.0.0/16', '10.1.0.0/16'])).toEqual([
      'TT0019 spec.cidrs: two CIDRs must be one IPv4 and one IPv6, such as 192.168.0.0/24 and 2001:db8::/64, got ["10.0.0.0/16","10.1.0.0/16"]',
    ]);
    // netutils.IsDualStackCIDRStrings reads an IPv4-mapped network as IPv4, and fails on one it cannot parse
    expect(serviceCidr(['10.0.0.0/16', '::ffff:10.1.0.0/112'])[0]).toMatch(/^TT0019 spec\.cidrs: two CIDRs must be one IPv4 and one IPv6/);
    expect(serviceCidr(['10.0.0.0/16', 'fd00::/200'])[0]).toMatch(/^TT0019 spec\.cidrs: two CIDRs must be one IPv4 and one IPv6/);
  });

  test('refuses each CIDR a new field refuses', () => {
    expect(serviceCidr(['10.96.0.1/16'])).toEqual(['TT0019 spec.cidrs[0]: must be a CIDR without address bits set beyond its prefix length, got "10.96.0.1/16"']);
    expect(serviceCidr(['10.96.0.0/12', '2001:DB8::/64'])).toEqual(['TT0019 spec.cidrs[1]: must be a CIDR in canonical form ("2001:db8::/64"), got "2001:DB8::/64"']);
  });
});

describe("IsValidCIDR's rule: apimachinery v0.33's TestIsValidCIDR cases", () => {
  const invalid = 'a valid CIDR value, such as 10.9.8.0/24 or 2001:db8::/64';
  const leadingZeros = 'a CIDR without leading 0s in its IP address or prefix length';
  const mapped = 'a CIDR whose address is not IPv4-mapped IPv6';
  const beyond = 'a CIDR without address bits set beyond its prefix length';
  test.each([
    ['1.0.0.0/8', undefined],
    ['0.0.0.0/0', undefined],
    ['1.1.1.1/32', undefined],
    ['2001:4860:4860::/48', undefined],
    ['::/0', undefined],
    ['::1/128', undefined],
    ['2a00:79e0:2:0::/64', 'a CIDR in canonical form ("2a00:79e0:2::/64")'],
    ['2001:DB8::/64', 'a CIDR in canonical form ("2001:db8::/64")'],
    ['1.1.01.0/24', leadingZeros],
    ['::ffff:1.1.1.0/24', mapped],
    ['::ffff:1.1.1.0/120', mapped],
    ['1.2.3.4/24', beyond],
    ['2001:db8::1/64', beyond],
    ['192.168.0.0/016', leadingZeros],
    ['', invalid],
    ['aaaaaaa', invalid],
    ['1.2.3.4', invalid],
    ['192.168.0.1/healthz', invalid],
    ['192.168.0.1/0/99', invalid],
    ['192.168.0.0/-16', invalid],
    ['192.168.0.0/+16', invalid],
  ])('%j', (value, problem) => {
    expect(strictCidrProblem(value)).toEqual(problem);
  });
});
