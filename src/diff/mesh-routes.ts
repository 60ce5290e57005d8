// Routes and fault scenarios as the mesh reads them: the HTTP rules of Istio VirtualServices and of Gateway API
// HTTPRoutes, each with where its weights send requests (app and version), and the fault injection rules.
import type { SourcedObject } from '../validate/findings';
import { fqdn, MeshIndex, Workload } from '../validate/mesh/mesh-index';
import { gatewayKey } from '../validate/mesh/virtual-services';
import type { FaultModel, ModelContext, RouteDestination, RouteModel } from './mesh-model';
import { objectName } from './output-objects';
import { asRecord, at, listAt, numberAt, stringAt, stringMapAt, stringsAt } from './yaml-value';

/** The routes and fault rules of every VirtualService and HTTPRoute. */
export function meshRules(context: ModelContext): { routes: RouteModel[]; faults: FaultModel[] } {
  const routes: RouteModel[] = [];
  const faults: FaultModel[] = [];
  for (const vs of context.index.virtualServices) virtualServiceRules(context, vs, routes, faults);
  for (const route of context.index.httpRoutes) routes.push(...httpRouteRules(context, route));
  return { routes, faults };
}

/** The workloads a host (and subset) sends requests to. */
export function workloadsAt(index: MeshIndex, host: string, subset: string | undefined): Workload[] {
  const behind = index.workloadsBehind(host);
  if (subset === undefined) return behind;
  const rule = index.destinationRules.get(host)?.[0];
  const labels = stringMapAt(listAt(rule?.object, 'spec', 'subsets').find((s) => stringAt(s, 'name') === subset), 'labels');
  return behind.filter((w) => Object.entries(labels).every(([k, v]) => w.podLabels[k] === v));
}

function destination(context: ModelContext, host: string, subset: string | undefined, weight: number): RouteDestination {
  const reached = workloadsAt(context.index, host, subset).flatMap((w) => (context.workloads.has(w) ? [context.workloads.get(w)!] : []));
  const labels = [...new Set(reached.map((m) => m.label))];
  const shortHost = host.replace(/\.svc\.cluster\.local$/, '');
  return {
    label: labels.length > 0 ? labels.join(' + ') : `${shortHost}${subset ? ` subset ${subset}` : ''}`,
    host,
    subset,
    apps: [...new Set(reached.map((m) => m.appLabel))],
    weight,
  };
}

function virtualServiceRules(context: ModelContext, vs: SourcedObject, routes: RouteModel[], faults: FaultModel[]): void {
  const namespace = vs.object.metadata.namespace ?? 'default';
  const name = objectName(vs.object);
  const file = vs.file ?? '';
  const gatewayNames = stringsAt(vs.object, 'spec', 'gateways');
  const gateways = gatewayNames.length === 0 ? ['mesh'] : gatewayNames.map((g) => gatewayKey(g, namespace));
  listAt(vs.object, 'spec', 'http').forEach((rule, i) => {
    const targets = listAt(rule, 'route');
    const destinations = targets.map((r) =>
      destination(context, fqdn(stringAt(r, 'destination', 'host') ?? '', namespace), stringAt(r, 'destination', 'subset'), numberAt(r, 'weight') ?? (targets.length === 1 ? 100 : 0)),
    );
    const fault = at(rule, 'fault');
    if (asRecord(fault)) {
      const delay = stringAt(fault, 'delay', 'fixedDelay');
      const code = numberAt(fault, 'abort', 'httpStatus') ?? stringAt(fault, 'abort', 'grpcStatus') ?? numberAt(fault, 'abort', 'http2Error');
      faults.push({
        key: `${file}\u0000${name}\u0000${i}`,
        scenario: /^faults\/(.+)\.ya?ml$/.exec(file)?.[1] ?? vs.object.metadata.name ?? name,
        file,
        target: destinations.map((d) => d.label).join(', ') || stringsAt(vs.object, 'spec', 'hosts').join(', '),
        apps: [...new Set(destinations.flatMap((d) => d.apps))],
        ...(delay !== undefined ? { delay: { duration: delay, percent: percentOf(at(fault, 'delay')) } } : {}),
        ...(code !== undefined ? { abort: { code: String(code), percent: percentOf(at(fault, 'abort')) } } : {}),
      });
      return;
    }
    const matches = listAt(rule, 'match').map(virtualServiceMatch);
    routes.push(
      routeModel({ file, object: name, gateways, hosts: stringsAt(vs.object, 'spec', 'hosts'), index: i, matches, rewrite: stringAt(rule, 'rewrite', 'uri'), destinations }),
    );
  });
}

/** One entry of a VirtualService rule's `match` (its entries are alternatives). */
function virtualServiceMatch(match: unknown): RequestMatch {
  const uri = at(match, 'uri');
  // header names are case-insensitive; query parameter names are not
  const conditions = (field: string, mark: string, fold: boolean) =>
    Object.entries(asRecord(at(match, field)) ?? {}).map(([name, m]) => `${mark}${fold ? name.toLowerCase() : name}${stringMatchText(m)}`);
  const method = at(match, 'method');
  // a method matched by prefix or regex is no one request's method: a condition
  const methodCondition = stringAt(method, 'exact') === undefined && asRecord(method) ? [`method${stringMatchText(method)}`] : [];
  return {
    exact: stringAt(uri, 'exact'),
    prefix: stringAt(uri, 'prefix'),
    regex: stringAt(uri, 'regex'),
    method: stringAt(method, 'exact'),
    methodByPattern: methodCondition.length > 0,
    conditions: [
      ...methodCondition,
      ...conditions('headers', 'header ', true),
      ...conditions('withoutHeaders', 'no header ', true),
      ...conditions('queryParams', 'query ', false),
    ].sort(),
  };
}

/** An Istio StringMatch as text: `=v`, `^=v` (prefix), `~=re`, or nothing (present). */
function stringMatchText(m: unknown): string {
  const exact = stringAt(m, 'exact');
  if (exact !== undefined) return `=${conditionValue(exact)}`;
  const prefix = stringAt(m, 'prefix');
  if (prefix !== undefined) return `^=${conditionValue(prefix)}`;
  const regex = stringAt(m, 'regex');
  return regex !== undefined ? `~=${conditionValue(regex)}` : '';
}

/** A value in a list of conditions: quoted when it would read as more than one (a comma, a bracket, a quote, a space). */
function conditionValue(value: string): string {
  return /[,[\]"\s]/.test(value) || value === '' ? JSON.stringify(value) : value;
}

/** One entry of an HTTPRoute rule's `matches` (its entries are alternatives). */
function httpRouteMatch(match: unknown): RequestMatch {
  const pathType = stringAt(match, 'path', 'type') ?? 'PathPrefix';
  const value = stringAt(match, 'path', 'value') ?? '/';
  // header names are case-insensitive; query parameter names are not
  const conditions = (field: string, mark: string, fold: boolean) =>
    listAt(match, field).map((c) => {
      const name = stringAt(c, 'name') ?? '';
      return `${mark}${fold ? name.toLowerCase() : name}${stringAt(c, 'type') === 'RegularExpression' ? '~=' : '='}${conditionValue(stringAt(c, 'value') ?? '')}`;
    });
  return {
    exact: pathType === 'Exact' ? value : undefined,
    prefix: pathType === 'PathPrefix' ? value : undefined,
    regex: pathType === 'RegularExpression' ? value : undefined,
    method: stringAt(match, 'method'),
    conditions: [...conditions('headers', 'header ', true), ...conditions('queryParams', 'query ', false)].sort(),
  };
}

function percentOf(part: unknown): number | undefined {
  return numberAt(part, 'percentage', 'value') ?? numberAt(part, 'percent');
}

/** The rules of a Gateway API HTTPRoute: bound to the Gateways of its parentRefs, or to the mesh for a Service parent. */
function httpRouteRules(context: ModelContext, route: SourcedObject): RouteModel[] {
  const namespace = route.object.metadata.namespace ?? 'default';
  const parents = listAt(route.object, 'spec', 'parentRefs');
  const gateways = parents.map((p) =>
    (stringAt(p, 'kind') ?? 'Gateway') === 'Gateway' ? `${stringAt(p, 'namespace') ?? namespace}/${stringAt(p, 'name') ?? ''}` : 'mesh',
  );
  const meshParents = parents.filter((p) => stringAt(p, 'kind') === 'Service').map((p) => stringAt(p, 'name') ?? '');
  const hosts = [...stringsAt(route.object, 'spec', 'hostnames'), ...meshParents];
  return listAt(route.object, 'spec', 'rules').map((rule, i) => {
    const backends = listAt(rule, 'backendRefs').filter((b) => (stringAt(b, 'kind') ?? 'Service') === 'Service');
    // Gateway API weights are proportions (1 each unless set), not percentages
    const weights = backends.map((b) => numberAt(b, 'weight') ?? 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const destinations = backends.map((b, j) =>
      destination(context, fqdn(stringAt(b, 'name') ?? '', stringAt(b, 'namespace') ?? namespace), undefined, total > 0 ? Math.round((weights[j] / total) * 1000) / 10 : 0),
    );
    const rewritePath = at(listAt(rule, 'filters').find((f) => stringAt(f, 'type') === 'URLRewrite'), 'urlRewrite', 'path');
    return routeModel({
      file: route.file ?? '',
      object: objectName(route.object),
      gateways: gateways.length > 0 ? [...new Set(gateways)] : ['mesh'],
      hosts,
      index: i,
      // no matches: one that matches every request (the prefix /)
      matches: listAt(rule, 'matches').length > 0 ? listAt(rule, 'matches').map(httpRouteMatch) : [httpRouteMatch({})],
      rewrite: stringAt(rewritePath, 'replacePrefixMatch') ?? stringAt(rewritePath, 'replaceFullPath'),
      destinations,
    });
  });
}

/** What one alternative of a rule's match asks of a request. */
interface RequestMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
  /** The method it matches exactly. */
  readonly method?: string;
  /** Whether it matches the method by prefix or regex: no one method to try. */
  readonly methodByPattern?: boolean;
  /** Headers and query parameters, as text: `header end-user=jason`, `query v^=2`, `no header x-debug`. */
  readonly conditions: readonly string[];
}

interface RuleParts {
  readonly file: string;
  readonly object: string;
  readonly gateways: readonly string[];
  readonly hosts: readonly string[];
  readonly index: number;
  /** The alternatives of the rule's match; none matches every request. */
  readonly matches: readonly RequestMatch[];
  readonly rewrite?: string;
  readonly destinations: readonly RouteDestination[];
}

/** A match alternative as text: `/shop GET`, `= /x`, `~ re`, `any path`, with its conditions in brackets. */
function matchText(m: RequestMatch): string {
  const matched = m.prefix ?? (m.exact !== undefined ? `= ${m.exact}` : m.regex !== undefined ? `~ ${m.regex}` : 'any path');
  return `${matched}${m.method ? ` ${m.method}` : ''}${m.conditions.length > 0 ? ` [${m.conditions.join(', ')}]` : ''}`;
}

/**
 * The requests a destination sees, one of each match alternative that names one, as lint's TT0011 tries them: the
 * tutorial's routes are GETs unless they match a method; the path is the rewrite, else the one matched (`/` when none
 * is). A method matched by prefix or regex, or a path by regex without a rewrite, names no request to try.
 */
function routeRequests(matches: readonly RequestMatch[], rewrite: string | undefined): { method: string; path: string }[] {
  const requests = new Map<string, { method: string; path: string }>();
  for (const m of matches) {
    const path = rewrite ?? m.exact ?? m.prefix ?? (m.regex === undefined ? '/' : undefined);
    if (m.methodByPattern || path === undefined) continue;
    const method = m.method ?? 'GET';
    requests.set(`${method} ${path}`, { method, path });
  }
  return [...requests.values()].sort((a, b) => (`${a.method} ${a.path}` < `${b.method} ${b.path}` ? -1 : 1));
}

function routeModel(p: RuleParts): RouteModel {
  // alternatives in any order match the same requests
  const match = p.matches.length > 0 ? [...new Set(p.matches.map(matchText))].sort().join(' or ') : 'any path';
  return {
    key: `${p.file}\u0000${p.object}\u0000${match}`,
    position: `${p.file}\u0000${p.object}\u0000${p.index}`,
    file: p.file,
    object: p.object,
    gateways: p.gateways,
    hosts: p.hosts,
    match,
    requests: routeRequests(p.matches.length > 0 ? p.matches : [{ conditions: [] }], p.rewrite),
    rewrite: p.rewrite,
    destinations: p.destinations,
  };
}
