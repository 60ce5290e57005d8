// The checks of the reachability matrix:
//
// - TT0040: a call a namespace declares (the annotation of one of its AuthorizationPolicies, which the security
//   construct writes from the topology's routes and `calls`) that the policies on its way refuse, on every port of
//   the Service. A refused ingress route is TT0011, reported on the route; a synthesized topology also declares its
//   routes' calls, so there both say it.
// - TT0041: least privilege, in a namespace that declares its calls only (elsewhere nothing says what is needed, and
//   any allowance would be reported): a request a caller may make to an app of the namespace that no ingress route of
//   the set and no declared call needs. It is reported on the ALLOW rule that allows it, or on the workload that no
//   ALLOW policy guards.
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { MeshIndex } from '../mesh/mesh-index';
import { Access, decide, formatOperation, operationAdmits, RequestPattern } from './access';
import { App, portLabel } from './apps';
import { callNeeds, DECLARATION_FIELD, declarationsOf, Need, routeNeeds } from './declared-edges';
import { parsePattern, Pattern, patternCovers, patternMatches } from './istio-patterns';
import { reachabilityOf } from './matrix';
import { Operation } from './policy-rules';
import { push } from '../grouped';

const describe = (source: SourcedObject) => `${source.object.kind} ${source.object.metadata?.namespace ?? 'default'}/${source.object.metadata?.name ?? ''}`;

/** TT0040: declared calls that the policies on their way refuse. */
export function checkDeclaredCallsAllowed(index: MeshIndex): Finding[] {
  const declarations = declarationsOf(index);
  if (declarations.calls.length === 0 && declarations.errors.length === 0) return [];
  const findings = declarations.errors.map((e) =>
    finding(MESSAGES.declaredCallRefused, e.declaredBy, `line ${e.line} of the declared calls is no call, so it cannot be checked: ${e.reason}`, DECLARATION_FIELD),
  );
  const matrix = reachabilityOf(index);
  for (const { call, declaredBy, host } of declarations.calls) {
    const app = matrix.appAt(host);
    if (!app) {
      findings.push(
        finding(MESSAGES.declaredCallRefused, declaredBy, `the call from ${call.principal} to ${call.service} cannot be made: the set has no Service ${host} with workloads`, DECLARATION_FIELD),
      );
      continue;
    }
    const source = matrix.sourceFor(call.principal);
    for (const workload of app.workloads) {
      const reaches = app.ports.map((port) => matrix.paths.reach(source, app, workload, port));
      const refused = new Map<string, string[]>();
      for (const method of call.methods) {
        for (const path of call.paths) {
          const request: RequestPattern = { method: { kind: 'exact', text: method }, path: parsePattern(path, 'path') };
          const outcomes = reaches.map((r) => refusal(r.hops, request));
          if (outcomes.some((o) => o === undefined)) continue;
          const reason = outcomes[0] ?? 'the Service has no port';
          push(refused, reason, `${method} ${path}`);
        }
      }
      for (const [reason, requests] of refused) {
        findings.push(
          finding(
            MESSAGES.declaredCallRefused,
            declaredBy,
            `${requests.join(', ')} from ${call.principal} to ${describe(workload.source)} (Service ${app.name}) is refused: ${reason}`,
            DECLARATION_FIELD,
          ),
        );
      }
    }
  }
  return findings;
}

/** Why a request is refused on its way, or undefined when it passes every proxy. */
function refusal(hops: readonly { where: string; access: Access }[], request: RequestPattern): string | undefined {
  for (const hop of hops) {
    const decision = decide(hop.access, request, hop.where);
    if (!decision.allowed) return decision.reason;
  }
  return undefined;
}

/** TT0041: requests allowed to an app of a declaring namespace that no route and no declared call needs. */
export function checkLeastPrivilege(index: MeshIndex): Finding[] {
  const declarations = declarationsOf(index);
  if (declarations.namespaces.size === 0) return [];
  const needs = new Map<string, Need[]>();
  for (const need of [...routeNeeds(index), ...callNeeds(declarations)]) {
    const key = `${need.principal} ${need.host}`;
    push(needs, key, need);
  }
  const matrix = reachabilityOf(index);
  // one finding per rule (or unguarded workload), app and port: the callers and requests it allows beyond the needs
  const groups = new Map<string, Group>();
  for (const cell of matrix.reachable()) {
    if (!declarations.namespaces.has(cell.app.namespace)) continue;
    const own = cell.source.principal === undefined ? [] : (needs.get(`${cell.source.principal} ${cell.app.host}`) ?? []);
    for (const { ports } of cell.workloads) {
      for (const reach of ports) {
        if (reach.access.refused) continue;
        const needed = own.filter((n) => n.port === undefined || n.port === reach.port.port);
        for (const op of reach.access.allow) {
          const extra = beyond(op, reach.access.deny, needed);
          if (extra.length === 0) continue;
          const origin = op.origin;
          const on = origin.kind === 'rule' ? origin.policy : origin.source;
          const field = origin.kind === 'rule' ? `spec.rules[${origin.rule}]` : undefined;
          const key = `${describe(on)} ${field ?? ''} ${cell.app.host} ${portLabel(reach.port)}`;
          let group = groups.get(key);
          if (!group) {
            group = { on, field, app: cell.app, port: portLabel(reach.port), requests: new Set(), callers: [], ...(origin.kind === 'open' ? { open: origin.why } : {}) };
            groups.set(key, group);
          }
          for (const e of extra) group.requests.add(e);
          if (!group.callers.includes(cell.source.label)) group.callers.push(cell.source.label);
        }
      }
    }
  }
  return [...groups.values()].map((g) => {
    const callers = g.callers.length > 4 ? `${g.callers.slice(0, 4).join(', ')} and ${g.callers.length - 4} more` : g.callers.join(', ');
    const what = `${[...g.requests].join('; ')} to ${g.app.name} (port ${g.port}) from ${callers}`;
    const message = g.open
      ? `least privilege: ${g.open} ${describe(g.on)}, so it allows ${what}, which no route or declared call needs`
      : `least privilege: allows ${what}, which no route or declared call needs`;
    return finding(MESSAGES.allowedButNotNeeded, g.on, message, g.field);
  });
}

/** What one rule (or one unguarded workload) allows one app's port beyond the needs, and to whom. */
interface Group {
  readonly on: SourcedObject;
  readonly field?: string;
  /** Why the workload is open, when no rule allows it. */
  readonly open?: string;
  readonly app: App;
  readonly port: string;
  readonly requests: Set<string>;
  readonly callers: string[];
}

/** The requests of an allowed operation that no need covers (and no DENY rule refuses), in the policies' words. */
function beyond(op: Operation, deny: readonly Operation[], needs: readonly Need[]): string[] {
  const any: Pattern = { kind: 'any' };
  const excluded = (nots: readonly Pattern[], p: Pattern) => p.kind === 'exact' && nots.some((n) => patternMatches(n, p.text));
  const extra: string[] = [];
  for (const method of op.methods ?? [any]) {
    if (excluded(op.notMethods, method)) continue;
    for (const path of op.paths ?? [any]) {
      if (excluded(op.notPaths, path)) continue;
      const request = { method, path };
      if (deny.some((d) => operationAdmits(d, request))) continue;
      const covered = needs.some(
        (n) => (!n.methods || n.methods.some((m) => patternCovers(m, method))) && (!n.paths || n.paths.some((p) => patternCovers(p, path, 'path'))),
      );
      if (covered) continue;
      const { methods: _m, paths: _p, ...rest } = op;
      extra.push(formatOperation({ ...rest, ...(op.methods ? { methods: [method] } : {}), ...(op.paths ? { paths: [path] } : {}) }));
    }
  }
  return extra;
}

