// What a set says its callers need: the routes of its ingress gateways (an Istio VirtualService bound to a Gateway,
// a Gateway API HTTPRoute of an ingress Gateway), each sending the gateway's requests to a Service with the path the
// route rewrites them to, and the calls a namespace declares on an AuthorizationPolicy (the annotation the security
// construct writes from the topology's routes and `calls`). Only a namespace that declares its calls says everything
// its apps need: the least-privilege check looks at no other.
import { DECLARED_CALLS_ANNOTATION, DeclaredCall, parseDeclaredCalls } from '../../../constructs/declared-calls';
import type { SourcedObject } from '../findings';
import { backendRefsOf, gatewayPrincipal, ingressGatewaysOf, isServiceRef } from '../analyzers/gateway-api/references';
import { routePrincipals } from '../mesh/gateway-principals';
import { fqdn, MeshIndex, namespaceOf } from '../mesh/mesh-index';
import { destinations } from '../mesh/virtual-services';
import { oncePer } from '../once-per';
import { Pattern, parsePattern } from './istio-patterns';

/** Requests a caller needs to make to a Service: methods and paths (undefined: any), on one port or any. */
export interface Need {
  readonly principal: string;
  /** The Service, `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  readonly methods?: readonly Pattern[];
  readonly paths?: readonly Pattern[];
  /** The Service port; undefined for any. */
  readonly port?: number;
}

/** A call declared by an annotated AuthorizationPolicy. */
export interface DeclaredEdge {
  readonly call: DeclaredCall;
  /** The policy that declares it. */
  readonly declaredBy: SourcedObject;
  /** The Service called, `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
}

/** The calls the set declares, the namespaces that declare theirs, and the lines that declare nothing readable. */
export interface Declarations {
  readonly calls: readonly DeclaredEdge[];
  readonly namespaces: ReadonlySet<string>;
  readonly errors: readonly { readonly declaredBy: SourcedObject; readonly line: number; readonly reason: string }[];
}

/** The JSON path of the declaration on its policy. */
export const DECLARATION_FIELD = `metadata.annotations["${DECLARED_CALLS_ANNOTATION}"]`;

/** The calls the AuthorizationPolicies of the set declare, read once per index (two checks ask). */
export const declarationsOf = oncePer((index: MeshIndex): Declarations => {
  const calls: DeclaredEdge[] = [];
  const namespaces = new Set<string>();
  const errors: { declaredBy: SourcedObject; line: number; reason: string }[] = [];
  for (const policy of index.authorizationPolicies) {
    const value = policy.object.metadata?.annotations?.[DECLARED_CALLS_ANNOTATION];
    if (typeof value !== 'string') continue;
    const namespace = namespaceOf(policy);
    namespaces.add(namespace);
    const parsed = parseDeclaredCalls(value);
    errors.push(...parsed.errors.map((e) => ({ declaredBy: policy, ...e })));
    for (const call of parsed.calls) calls.push({ call, declaredBy: policy, host: fqdn(call.service, namespace) });
  }
  return { calls, namespaces, errors };
});

/** The path a route's requests arrive with, as a pattern: the rewrite, else what the route matches. */
function pathPattern(kind: 'exact' | 'prefix' | 'other', value: string | undefined, rewrite: { full?: string; prefix?: string }): Pattern | undefined {
  if (rewrite.full !== undefined) return { kind: 'exact', text: rewrite.full };
  if (kind === 'exact' && value !== undefined) return { kind: 'exact', text: value };
  const prefix = rewrite.prefix ?? (kind === 'prefix' ? value : undefined);
  return prefix === undefined ? undefined : { kind: 'prefix', text: prefix };
}

/** What the ingress routes of the set need: the gateway's requests to each Service a route sends to. */
export function routeNeeds(index: MeshIndex): Need[] {
  const needs: Need[] = [];
  for (const vs of index.virtualServices) {
    const spec = vs.object.spec as any;
    const ns = namespaceOf(vs);
    const gateways = ((spec?.gateways ?? []) as unknown[]).filter((g): g is string => typeof g === 'string' && g !== 'mesh');
    if (gateways.length === 0) continue;
    // as TT0011: the principals of the workloads its Gateways select, else the install's ingress gateway's
    const principals = routePrincipals(index, vs);
    const rules = (spec?.http ?? []) as any[];
    for (const d of destinations(vs)) {
      const ruleIndex = Number(/^spec\.http\[(\d+)\]/.exec(d.field)?.[1] ?? NaN);
      if (Number.isNaN(ruleIndex)) continue;
      const rule = rules[ruleIndex];
      const matches = (Array.isArray(rule?.match) && rule.match.length > 0 ? rule.match : [undefined]) as any[];
      for (const m of matches) {
        const uri = m?.uri ?? {};
        const kind = typeof uri.exact === 'string' ? 'exact' : typeof uri.prefix === 'string' ? 'prefix' : 'other';
        const rewrite = typeof rule?.rewrite?.uri === 'string' ? (kind === 'exact' ? { full: rule.rewrite.uri } : { prefix: rule.rewrite.uri }) : {};
        const path = rule?.rewrite?.uriRegexRewrite ? undefined : pathPattern(kind, uri.exact ?? uri.prefix, rewrite);
        const method = typeof m?.method?.exact === 'string' ? { kind: 'exact' as const, text: m.method.exact } : undefined;
        for (const principal of principals) {
          needs.push({
            principal,
            host: fqdn(d.host, ns),
            ...(method ? { methods: [method] } : {}),
            ...(path ? { paths: [path] } : {}),
            ...(d.port !== undefined ? { port: d.port } : {}),
          });
        }
      }
    }
  }
  for (const route of index.httpRoutes) {
    const gateways = ingressGatewaysOf(index, route);
    const principals = [...new Set(gateways.map((g) => gatewayPrincipal(g, index)))];
    const rules = ((route.object.spec as any)?.rules ?? []) as any[];
    for (const ref of backendRefsOf(route).filter(isServiceRef)) {
      const rule = rules[ref.rule];
      const filter = ((rule?.filters ?? []) as any[]).find((f) => f?.type === 'URLRewrite')?.urlRewrite?.path;
      const rewrite =
        filter?.type === 'ReplaceFullPath' ? { full: filter.replaceFullPath } : filter?.type === 'ReplacePrefixMatch' ? { prefix: filter.replacePrefixMatch } : {};
      const matches = (Array.isArray(rule?.matches) && rule.matches.length > 0 ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }]) as any[];
      for (const m of matches) {
        const type = m?.path?.type ?? 'PathPrefix';
        const value = m?.path?.value ?? '/';
        const path = pathPattern(type === 'Exact' ? 'exact' : type === 'PathPrefix' ? 'prefix' : 'other', value, rewrite);
        for (const principal of principals) {
          needs.push({
            principal,
            host: `${ref.name}.${ref.namespace}.svc.cluster.local`,
            ...(typeof m?.method === 'string' ? { methods: [{ kind: 'exact' as const, text: m.method }] } : {}),
            ...(path ? { paths: [path] } : {}),
            ...(ref.port !== undefined ? { port: ref.port } : {}),
          });
        }
      }
    }
  }
  return needs;
}

/** What the declared calls need. */
export function callNeeds(declarations: Declarations): Need[] {
  return declarations.calls.map(({ call, host }) => ({
    principal: call.principal,
    host,
    methods: call.methods.map((m) => parsePattern(m)),
    paths: call.paths.map((p) => parsePattern(p, 'path')),
  }));
}
