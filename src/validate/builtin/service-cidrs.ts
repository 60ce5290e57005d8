// ServiceCIDRs (networking.k8s.io/v1), as pkg/apis/networking/validation's ValidateServiceCIDR checks them at create:
// one CIDR, or two of different IP families, each valid as a new field's CIDR is (apimachinery v0.33's IsValidCIDR:
// canonical, no bits beyond its prefix).
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, list, record, str } from './go-values';
import { cidrNetwork, ipFamily, strictCidrProblem } from './identifiers';
import { Report } from './report';

/** Built-in validation of a ServiceCIDR. */
export function checkServiceCidr(object: Fields, report: Report): void {
  const cidrs = list(record(object.spec)?.cidrs).map(str);
  if (cidrs.length === 0) return report(MESSAGES.requiredValue, 'spec.cidrs', 'a ServiceCIDR needs at least one CIDR');
  if (cidrs.length > 2) return report(MESSAGES.invalidFieldValue, 'spec.cidrs', `may hold at most 2 CIDRs (one of each IP family), got ${cidrs.length}`);
  if (cidrs.length === 2) {
    // netutils.IsDualStackCIDRStrings: an IPv4-mapped IPv6 network counts as IPv4
    const families = cidrs.map((cidr) => (cidrNetwork(cidr) ? ipFamily(cidr.slice(0, cidr.lastIndexOf('/'))) : undefined));
    if (families.includes(undefined) || families[0] === families[1]) {
      return report(MESSAGES.invalidFieldValue, 'spec.cidrs', `two CIDRs must be one IPv4 and one IPv6, such as 192.168.0.0/24 and 2001:db8::/64, got ${show(cidrs)}`);
    }
  }
  cidrs.forEach((cidr, i) => {
    const problem = strictCidrProblem(cidr);
    if (problem) report(MESSAGES.invalidFieldValue, `spec.cidrs[${i}]`, `must be ${problem}, got ${show(cidr)}`);
  });
}
