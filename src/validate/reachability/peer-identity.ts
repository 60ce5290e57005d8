// Who a request comes from, as an AuthorizationPolicy's source conditions see it: the SPIFFE identity of the peer's
// mTLS certificate (`spiffe://cluster.local/ns/<namespace>/sa/<account>`), or none for a plaintext peer. Each
// condition is matched as Istio 1.30.3 generates it (pilot/pkg/security/authz/model/generator.go): principals with
// `spiffe://` in front, namespaces and service accounts by regular expressions over the whole identity, trust
// domains by prefix. Every one of them needs an authenticated peer, so a plaintext request matches none of them,
// and every `not` form.

import { escapeRegex } from './istio-patterns';

/** A request's peer: its principal (`cluster.local/ns/<ns>/sa/<sa>`), or undefined when it comes in plaintext. */
export type PeerPrincipal = string | undefined;

// each condition's expression compiled once: a policy's conditions are matched against every caller of the matrix
const compiled = new Map<string, RegExp>();
const fullMatch = (regex: string, value: string) => {
  let compiledRegex = compiled.get(regex);
  if (!compiledRegex) compiled.set(regex, (compiledRegex = new RegExp(`^(?:${regex})$`)));
  return compiledRegex.test(value);
};
const uriOf = (principal: string) => `spiffe://${principal}`;

/** `principals` (and `source.principal`): `*` any authenticated peer, `prefix*`, `*suffix`, or the exact principal. */
export function principalMatches(value: string, principal: PeerPrincipal): boolean {
  if (principal === undefined) return false;
  if (value === '*') return true;
  if (value.startsWith('*')) return principal.endsWith(value.slice(1));
  if (value.endsWith('*')) return principal.startsWith(value.slice(0, -1));
  return principal === value;
}

/** `namespaces` (and `source.namespace`): a regular expression over the identity, the value between `/ns/` and `/`, each `*` any text. */
export function namespaceMatches(value: string, principal: PeerPrincipal): boolean {
  if (principal === undefined) return false;
  return fullMatch(`.*/ns/${value.split('*').map(escapeRegex).join('.*')}/.*`, uriOf(principal));
}

/** `serviceAccounts` (and `source.serviceAccount`): `<namespace>/<name>`, or `<name>` in the policy's namespace. */
export function serviceAccountMatches(value: string, policyNamespace: string, principal: PeerPrincipal): boolean {
  if (principal === undefined) return false;
  const slash = value.indexOf('/');
  const [ns, sa] = slash < 0 ? [policyNamespace, value] : [value.slice(0, slash), value.slice(slash + 1)];
  return fullMatch(`spiffe://.+/ns/${escapeRegex(ns)}/(.+/|)sa/${escapeRegex(sa)}(/.+)?`, uriOf(principal));
}

/** `trustDomains` (and `source.trustDomain`): `*` any, the exact domain, or one `*` inside a domain label. */
export function trustDomainMatches(value: string, principal: PeerPrincipal): boolean {
  if (principal === undefined) return false;
  const uri = uriOf(principal);
  if (value === '*') return true;
  if (!value.includes('*')) return uri.startsWith(`spiffe://${value}/`);
  const star = value.indexOf('*');
  return fullMatch(`spiffe://${escapeRegex(value.slice(0, star))}[^/]*${escapeRegex(value.slice(star + 1))}/.*`, uri);
}

/** The namespace a principal names, or undefined. */
export function namespaceOfPrincipal(principal: PeerPrincipal): string | undefined {
  return principal === undefined ? undefined : /\/ns\/([^/]+)\//.exec(principal)?.[1];
}
