// Host names as Istio's validation webhook reads them (istio/istio 1.30 pkg/config/validation/agent:
// ValidateWildcardDomain, ValidateFQDN, ValidateNamespaceSlashWildcardHostname; pkg/config/host Name.Matches).
// Istio's DNS labels allow upper case, unlike Kubernetes'.
import { parseAddress } from '../go-netip';
import { atoiError } from '../go-strconv';
import { isIpAddress } from '../ip-addresses';

export { isIpAddress };

const LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const NUMBER = /^[+-]?\d+$/;
const WILDCARD_PREFIX = /^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

/** Istio's labels.IsDNS1123Label. */
export function isIstioLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

/** ValidateDNS1123Labels: dot-separated DNS labels, the last one not all digits (a trailing dot is allowed). */
function labelsProblem(domain: string): string | undefined {
  const parts = domain.split('.');
  const top = parts[parts.length - 1];
  // strconv.Atoi: a number too big for an int64 is no number, and such a label passes
  if (NUMBER.test(top) && atoiError(top) === undefined) return `has a top-level domain of digits only (${JSON.stringify(top)})`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isIstioLabel(parts[i])) return `label ${JSON.stringify(parts[i])} is no DNS-1123 label`;
  }
  return undefined;
}

function preconditionProblem(domain: string): string | undefined {
  if (domain.length > 255) return `is longer than 255 characters (${domain.length})`;
  if (domain === '') return 'is empty';
  return undefined;
}

/** Why a domain is no valid FQDN for Istio, or undefined. */
export function fqdnProblem(domain: string): string | undefined {
  return preconditionProblem(domain) ?? labelsProblem(domain);
}

/** Why a domain is no valid host for Istio (a wildcard only as, or at the start of, the first label), or undefined. */
export function wildcardDomainProblem(domain: string): string | undefined {
  const precondition = preconditionProblem(domain);
  if (precondition) return precondition;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (first.length > 63 || !WILDCARD_PREFIX.test(first)) return `label ${JSON.stringify(first)} is no DNS-1123 label or wildcard (*, *.example.com, *-suffix)`;
  return dot < 0 ? undefined : labelsProblem(domain.slice(dot + 1));
}

/** Why a Gateway server host (`[namespace/]host`) is invalid, or undefined (validateSidecarOrGatewayHostnamePart). */
export function gatewayHostProblem(entry: string): string | undefined {
  const slash = entry.indexOf('/');
  let host = entry;
  if (slash >= 0) {
    const namespace = entry.slice(0, slash);
    host = entry.slice(slash + 1);
    if (namespace === '' || host === '') return 'namespace and host of a namespace/host entry must both be set';
    if (namespace !== '*' && namespace !== '.' && !isIstioLabel(namespace)) return `namespace ${JSON.stringify(namespace)} must be *, . or a DNS-1123 label`;
  }
  if (host !== '*' && !host.includes('.')) return 'short host names are not allowed (use a fully qualified name or *)';
  const problem = wildcardDomainProblem(host);
  // netutil.IsValidIPAddress: netip.ParseAddr, which takes an IPv6 zone
  if (problem && !parseAddress(host)) return `host ${problem}`;
  if (host.includes('*') && host !== '*' && !host.startsWith('*.')) return 'partial wildcards are not allowed (use * or *.domain)';
  return undefined;
}

/** Whether two hosts overlap, either possibly a wildcard (host.Name.Matches). */
export function hostsMatch(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/** Whether host `a` is within host `b` (host.Name.SubsetOf). */
export function hostSubsetOf(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild) return bWild && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}
