// Hosts as istioctl analyze (pkg/config/analysis/analyzers/util/hosts.go) and istiod read them. Only a name without a
// dot is short: `reviews` in namespace `shop` is `reviews.shop.svc.cluster.local`, while `reviews.other` stays as
// written, which is no Service's host (istiod's ResolveShortnameToFQDN expands no dotted name either).

// the overlap test is the one the Istio validation uses
export { hostsMatch } from '../../istio/hosts';

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

