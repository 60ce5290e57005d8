// Hosts as istioctl analyze (pkg/config/analysis/analyzers/util/hosts.go) and istiod read them. Only a name without a
// dot is short: `reviews` in namespace `shop` is `reviews.shop.svc.cluster.local`, while `reviews.other` stays as
// written, which is no Service's host (istiod's ResolveShortnameToFQDN expands no dotted name either).

const CLUSTER_LOCAL = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/** `host` made fully qualified from `namespace`: names without a dot (and not wildcards) get `.<ns>.svc.cluster.local`. */
export function toFqdn(namespace: string, host: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** The Service a `<name>.<namespace>.svc.cluster.local` host names, if it is one (greedy, as istioctl's pattern). */
export function serviceOfHost(host: string): { name: string; namespace: string } | undefined {
  const match = CLUSTER_LOCAL.exec(host);
  return match ? { name: match[1], namespace: match[2] } : undefined;
}

/** Whether two hosts overlap, wildcards (`*suffix`) included, symmetric (pkg/config/host Name.Matches). */
export function hostsMatch(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}
