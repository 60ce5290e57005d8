// What a change of the output does to the mesh, in sentences: routes and their weights, fault scenarios, who may
// call whom (and routes the ingress gateway can no longer use, as errors), mTLS, tracing, images and replicas.
import { countOf } from '../messages/problem-list';
import { push } from '../validate/grouped';
import { grantKey, INGRESS_GATEWAY } from './mesh-access';
import type { AppAccess, FaultModel, Grant, MeshModel, RouteModel, RouteReach, Setting, WorkloadModel } from './mesh-model';

/** The part of the mesh a change is about. */
export type MeshArea = 'route' | 'fault' | 'access' | 'mtls' | 'tracing' | 'workload';

/** How much a change matters: an error breaks something that worked (a route cut off), a warning weakens security. */
export type ChangeSeverity = 'error' | 'warning' | 'info';

/** One change of the mesh, as a sentence. */
export interface MeshChange {
  readonly area: MeshArea;
  readonly severity: ChangeSeverity;
  readonly message: string;
}

const AREA_ORDER: readonly MeshArea[] = ['route', 'fault', 'access', 'mtls', 'tracing', 'workload'];
const SEVERITY_ORDER: readonly ChangeSeverity[] = ['error', 'warning', 'info'];

/** The changes from `base` to `head`: errors first, then by area. */
export function meshChanges(base: MeshModel, head: MeshModel): MeshChange[] {
  const callers = new Map([...base.callers, ...head.callers]);
  const cutOff = reachChanges(base, head, callers);
  const changes = [
    ...cutOff.changes,
    ...routeChanges(base.routes, head.routes),
    ...faultChanges(base.faults, head.faults),
    ...accessChanges(base, head, callers, cutOff.covered),
    ...settingChanges('mtls', base.mtls, head.mtls),
    ...settingChanges('tracing', base.tracing, head.tracing),
    ...workloadChanges(base.workloads, head.workloads),
  ];
  const rank = (c: MeshChange) => SEVERITY_ORDER.indexOf(c.severity) * AREA_ORDER.length + AREA_ORDER.indexOf(c.area);
  return changes.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

const percent = (n: number | undefined) => (n === undefined ? '100 %' : `${n} %`);

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

// --- routes

function routeName(r: RouteModel): string {
  const meshOnly = r.gateways.length === 1 && r.gateways[0] === 'mesh';
  return `${meshOnly ? `mesh route to ${r.hosts.join(', ')}` : 'route'} ${r.match} (${r.file})`;
}

function routeTargets(r: RouteModel): string {
  const to =
    r.destinations.length === 1 ? `to ${r.destinations[0].label}` : r.destinations.map((d) => `${d.weight} % to ${d.label}`).join(' and ') || 'nowhere';
  return `${to}${r.rewrite !== undefined ? `, rewritten to ${r.rewrite}` : ''}`;
}

function routeChanges(base: readonly RouteModel[], head: readonly RouteModel[]): MeshChange[] {
  const before = byKey(base, (r) => r.key);
  const after = byKey(head, (r) => r.key);
  const removed = base.filter((r) => !after.has(r.key));
  const added = head.filter((r) => !before.has(r.key));
  const changes: MeshChange[] = [];
  const info = (message: string): MeshChange => ({ area: 'route', severity: 'info', message });
  for (const r of removed) {
    // the same rule of the same VirtualService with another match: the match changed
    const now = added.find((a) => a.position === r.position);
    if (now) {
      added.splice(added.indexOf(now), 1);
      changes.push(info(`${routeName(r)} now matches ${now.match}`));
      changes.push(...routeDetailChanges(r, now, routeName(now)).map(info));
    } else {
      changes.push(info(`${routeName(r)} removed: it sent requests ${routeTargets(r)}`));
    }
  }
  for (const r of added) changes.push(info(`new ${routeName(r)}${onGateways(r)}: sends requests ${routeTargets(r)}`));
  for (const r of head) {
    const was = before.get(r.key);
    if (was) changes.push(...routeDetailChanges(was, r, routeName(r)).map(info));
  }
  return changes;
}

function onGateways(r: RouteModel): string {
  const gateways = r.gateways.filter((g) => g !== 'mesh');
  return gateways.length > 0 ? ` on gateway ${gateways.join(', ')}` : '';
}

function routeDetailChanges(was: RouteModel, now: RouteModel, name: string): string[] {
  const sentences: string[] = [];
  // the hosts a route serves are a set of DNS names: their order, case and repeats mean nothing
  const hostSet = (hosts: readonly string[]) => [...new Set(hosts.map((h) => h.toLowerCase()))].sort().join('\u0000');
  if (hostSet(was.hosts) !== hostSet(now.hosts)) {
    sentences.push(`${name} now serves ${hostList(now.hosts)} (was ${hostList(was.hosts)})`);
  }
  if (was.rewrite !== now.rewrite) sentences.push(`${name} now rewrites the path to ${now.rewrite ?? '(no rewrite)'} (was ${was.rewrite ?? 'no rewrite'})`);
  const weights = (r: RouteModel) => new Map(r.destinations.map((d) => [d.label, d.weight]));
  const [b, h] = [weights(was), weights(now)];
  if (was.destinations.length === 1 && now.destinations.length === 1) {
    if (was.destinations[0].label !== now.destinations[0].label) {
      sentences.push(`${name} now sends requests to ${now.destinations[0].label} (was ${was.destinations[0].label})`);
    }
    return sentences;
  }
  const parts: string[] = [];
  for (const label of [...new Set([...h.keys(), ...b.keys()])]) {
    const [old, weight] = [b.get(label), h.get(label)];
    if (old === weight) continue;
    if (weight === undefined) parts.push(`nothing to ${label} (was ${percent(old)})`);
    else parts.push(`${percent(weight)} to ${label} (${old === undefined ? 'new' : `was ${percent(old)}`})`);
  }
  if (parts.length > 0) sentences.push(`${name} now sends ${parts.join(' and ')}`);
  return sentences;
}

function hostList(hosts: readonly string[]): string {
  return hosts.length === 0 ? 'no host' : `host${hosts.length === 1 ? '' : 's'} ${hosts.join(', ')}`;
}

// --- faults

/** A fault rule in words: `abort 502 on 70 % of requests to jee-tracing v1`. */
export function describeFault(f: FaultModel): string {
  const parts = [
    ...(f.delay ? [`delay ${f.delay.duration} on ${percent(f.delay.percent)}`] : []),
    ...(f.abort ? [`abort ${f.abort.code} on ${percent(f.abort.percent)}`] : []),
  ];
  return `${parts.join(' and ') || 'no fault'} of requests to ${f.target}`;
}

function faultChanges(base: readonly FaultModel[], head: readonly FaultModel[]): MeshChange[] {
  const before = byKey(base, (f) => f.key);
  const after = byKey(head, (f) => f.key);
  const info = (message: string): MeshChange => ({ area: 'fault', severity: 'info', message });
  const name = (f: FaultModel) => `fault scenario ${f.scenario} (${f.file})`;
  const changes = base.filter((f) => !after.has(f.key)).map((f) => info(`${name(f)} removed: it injected ${describeFault(f)}`));
  for (const f of head) {
    const was = before.get(f.key);
    if (!was) {
      changes.push(info(`new ${name(f)}: ${describeFault(f)}`));
      continue;
    }
    const parts: string[] = [];
    const compare = (what: string, old: string | undefined, now: string | undefined) => {
      if (old !== now) parts.push(old === undefined ? `${what} ${now} (new)` : now === undefined ? `no ${what} (was ${old})` : `${what} ${old} -> ${now}`);
    };
    if (was.delay && f.delay) {
      compare('delay', was.delay.duration, f.delay.duration);
      compare('delay percentage', percent(was.delay.percent), percent(f.delay.percent));
    } else {
      compare('delay', was.delay && `${was.delay.duration} on ${percent(was.delay.percent)}`, f.delay && `${f.delay.duration} on ${percent(f.delay.percent)}`);
    }
    if (was.abort && f.abort) {
      compare('abort code', was.abort.code, f.abort.code);
      compare('abort percentage', percent(was.abort.percent), percent(f.abort.percent));
    } else {
      compare('abort', was.abort && `${was.abort.code} on ${percent(was.abort.percent)}`, f.abort && `${f.abort.code} on ${percent(f.abort.percent)}`);
    }
    compare('target', was.target, f.target);
    if (parts.length > 0) changes.push(info(`${name(f)}: ${parts.join(', ')}; it now injects ${describeFault(f)}`));
  }
  return changes;
}

// --- who may call whom

/** A caller in words: the ingress gateway, an app, a namespace, any caller, or the principal itself. */
function callerName(caller: string, callers: ReadonlyMap<string, string>): string {
  if (caller === '*') return 'any caller';
  const [principal, ...rest] = caller.split(/(?= except | when )/);
  const name = callers.get(principal) ?? (principal.startsWith('namespace ') ? `anything in ${principal}` : principal);
  return `${name}${rest.join('')}`;
}

function request(g: Pick<Grant, 'method' | 'path'>): string {
  return `${g.method === '*' ? 'any method' : g.method} ${g.path === '*' ? 'any path' : g.path}`;
}

const VERBS: Readonly<Record<string, { gained: string; lost: string }>> = {
  ALLOW: { gained: 'can now call', lost: 'can no longer call' },
  DENY: { gained: 'is now denied calling', lost: 'is no longer denied calling' },
};

function accessChanges(base: MeshModel, head: MeshModel, callers: ReadonlyMap<string, string>, covered: ReadonlySet<string>): MeshChange[] {
  const before = byKey(base.access, (a) => a.key);
  const changes: MeshChange[] = [];
  // whether the mesh limits callers at all: an app open to any caller is news only then
  const limited = [...base.access, ...head.access].some((a) => !a.open);
  for (const now of head.access) {
    const was = before.get(now.key);
    if (!was) {
      if (now.open && limited) changes.push({ area: 'access', severity: 'warning', message: `no ALLOW policy applies to new app ${now.label}: any caller can reach it` });
      else if (!now.open) changes.push({ area: 'access', severity: 'info', message: `new app ${now.label} accepts ${allowList(now, (c) => callerName(c, callers))}` });
      continue;
    }
    const opened = now.open && !was.open;
    const closed = !now.open && was.open;
    // an app that no ALLOW policy applies to lost no caller, and one that only now has one gained none
    const lost = was.grants.filter((g) => !now.grants.some((n) => grantKey(n) === grantKey(g)) && !(opened && g.action === 'ALLOW'));
    const gained = now.grants.filter((g) => !was.grants.some((n) => grantKey(n) === grantKey(g)) && !(closed && g.action === 'ALLOW'));
    const uncovered = lost.filter((g) => !covered.has(`${g.caller}\u0000${now.label}\u0000${g.method}\u0000${g.path}`));
    // two principals of one name (an app that changed ServiceAccount): name them both by their principals too
    const principalsOf = new Map<string, Set<string>>();
    for (const g of [...uncovered, ...gained]) {
      const name = callerName(g.caller, callers);
      principalsOf.set(name, (principalsOf.get(name) ?? new Set<string>()).add(g.caller));
    }
    const describe = (caller: string) => {
      const name = callerName(caller, callers);
      return (principalsOf.get(name)?.size ?? 0) > 1 && name !== caller ? `${name} (${caller})` : name;
    };
    changes.push(...grantSentences(uncovered, now, describe, 'lost'), ...grantSentences(gained, now, describe, 'gained'));
    if (opened) {
      changes.push({ area: 'access', severity: 'warning', message: `no ALLOW policy applies to ${now.label} any more: any caller can reach it` });
    } else if (closed) {
      const message = `${now.label} now accepts ${allowList(now, describe)} (before, no ALLOW policy applied to it: any caller)`;
      changes.push({ area: 'access', severity: 'info', message });
    }
  }
  return changes;
}

/** The requests an app's ALLOW policies let through, by caller: `only frontend GET /items; batch any method any path`. */
function allowList(app: AppAccess, describe: (caller: string) => string): string {
  const byCaller = new Map<string, Grant[]>();
  for (const g of app.grants) if (g.action === 'ALLOW') push(byCaller, g.caller, g);
  if (byCaller.size === 0) return 'no request: its ALLOW policies match none';
  return `only ${[...byCaller].map(([caller, grants]) => `${describe(caller)} ${grants.map(request).join(', ')}`).join('; ')}`;
}

function grantSentences(grants: readonly Grant[], app: AppAccess, describe: (caller: string) => string, how: 'lost' | 'gained'): MeshChange[] {
  const groups = new Map<string, Grant[]>();
  for (const g of grants) push(groups, `${g.action}\u0000${g.caller}`, g);
  return [...groups.values()].map((group) => {
    const { action, caller } = group[0];
    const verb = VERBS[action]?.[how] ?? `${how === 'gained' ? 'is now matched by' : 'is no longer matched by'} an ${action} rule calling`;
    return { area: 'access', severity: 'info', message: `${describe(caller)} ${verb} ${app.label} ${group.map(request).join(', ')}` };
  });
}

/** Gateway routes whose requests the policies now refuse: errors; and what they cover of the lost grants. */
function reachChanges(base: MeshModel, head: MeshModel, callers: ReadonlyMap<string, string>): { changes: MeshChange[]; covered: Set<string> } {
  const target = (r: RouteReach) => `${r.route}\u0000${r.destination}\u0000${r.workload}\u0000${r.principal}`;
  const key = (r: RouteReach) => `${target(r)}\u0000${r.method}\u0000${r.path}`;
  const before = byKey(base.reach, key);
  const beforeByTarget = new Map<string, RouteReach[]>();
  for (const r of base.reach) push(beforeByTarget, target(r), r);
  // a route whose other requests still pass from the caller to the workload is not cut off as a whole
  const passing = new Set(head.reach.filter((r) => r.allowed).map(target));
  const routesBefore = new Set(base.routes.map((r) => r.key));
  const routes = byKey(head.routes, (r) => r.key);
  const covered = new Set<string>();
  // one sentence per route, caller, request and outcome, naming every workload it concerns
  const groups = new Map<string, { r: RouteReach; how: 'cut' | 'still' | 'new' | 'moved'; partial: boolean; workloads: string[] }>();
  for (const r of head.reach) {
    if (r.allowed) continue;
    covered.add(`${r.principal}\u0000${r.app}\u0000${r.method}\u0000${r.path}`);
    // a request the route did not name before (its rewrite changed) is judged by the route's requests then
    const was = before.get(key(r));
    const earlier = beforeByTarget.get(target(r));
    const wasAllowed = was ? was.allowed : earlier?.some((e) => e.allowed);
    const how = was || earlier ? (wasAllowed ? 'cut' : 'still') : routesBefore.has(r.route) ? 'moved' : 'new';
    const partial = passing.has(target(r));
    const group = `${r.route}\u0000${r.principal}\u0000${r.method}\u0000${r.path}\u0000${how}\u0000${partial}\u0000${r.reason}`;
    const entry = groups.get(group) ?? { r, how, partial, workloads: [] };
    if (!entry.workloads.includes(r.workload)) entry.workloads.push(r.workload);
    groups.set(group, entry);
  }
  const changes = [...groups.values()].map(({ r, how, partial, workloads }): MeshChange => {
    const route = routes.get(r.route);
    const name = route ? routeName(route) : 'a route';
    const caller = callerName(r.principal, callers);
    const call = `${workloads.join(', ')} ${r.method} ${r.path}`;
    const why = `(${caller === INGRESS_GATEWAY ? `as ${r.principal}: ` : ''}${r.reason})`;
    const message = {
      cut: `${caller} can no longer call ${call}: ${name} ${partial ? 'no longer passes that request' : 'is cut off'} ${why}`,
      still: `${caller} still cannot call ${call}: ${name} ${partial ? 'still refuses that request' : 'stays cut off'} ${why}`,
      new: partial ? `new ${name}: ${caller} cannot call ${call} ${why}` : `new ${name} is cut off: ${caller} cannot call ${call} ${why}`,
      moved: `${name} now sends requests to ${workloads.join(', ')}, which ${caller} cannot call with ${r.method} ${r.path} ${why}`,
    }[how];
    return { area: 'route', severity: how === 'still' ? 'warning' : 'error', message };
  });
  return { changes, covered };
}

// --- mTLS and tracing

function settingChanges(area: 'mtls' | 'tracing', base: readonly Setting[], head: readonly Setting[]): MeshChange[] {
  const before = byKey(base, (s) => s.key);
  const after = byKey(head, (s) => s.key);
  const weakened = (old: string | undefined, now: string | undefined) => area === 'mtls' && old === 'STRICT' && now !== 'STRICT';
  const changes: MeshChange[] = [];
  for (const s of base) {
    if (after.has(s.key)) continue;
    changes.push({ area, severity: weakened(s.value, undefined) ? 'warning' : 'info', message: `${s.label} removed (was ${s.value})` });
  }
  for (const s of head) {
    const was = before.get(s.key);
    if (!was) changes.push({ area, severity: 'info', message: `${s.label}: ${s.value} (new)` });
    else if (was.value !== s.value) changes.push({ area, severity: weakened(was.value, s.value) ? 'warning' : 'info', message: `${s.label}: ${was.value} -> ${s.value}` });
  }
  return changes;
}

// --- images and replicas

function workloadChanges(base: readonly WorkloadModel[], head: readonly WorkloadModel[]): MeshChange[] {
  const before = byKey(base, (w) => w.key);
  const after = byKey(head, (w) => w.key);
  const appsBefore = new Set(base.map((w) => `${w.namespace}/${w.app}`));
  const appsAfter = new Set(head.map((w) => `${w.namespace}/${w.app}`));
  const info = (message: string): MeshChange => ({ area: 'workload', severity: 'info', message });
  const images = (w: WorkloadModel) => {
    const list = Object.values(w.images);
    return list.length === 0 ? 'no image' : `image${list.length > 1 ? 's' : ''} ${list.join(', ')}`;
  };
  const replicas = (w: WorkloadModel) => (w.replicas === undefined ? '' : `, ${countOf(w.replicas, 'replica')}`);
  const changes: MeshChange[] = [];
  for (const w of base) {
    if (after.has(w.key)) continue;
    const whole = !appsAfter.has(`${w.namespace}/${w.app}`);
    changes.push(info(`${whole ? `${w.gateway ? 'gateway' : 'app'} ${w.appLabel} removed: ` : ''}${w.label} no longer runs (${w.object}, ${w.file})`));
  }
  for (const w of head) {
    const was = before.get(w.key);
    if (!was) {
      const whole = !appsBefore.has(`${w.namespace}/${w.app}`);
      changes.push(info(`${whole ? `new ${w.gateway ? 'gateway' : 'app'}` : 'new version'} ${w.label} (${w.object}, ${w.file}): ${images(w)}${replicas(w)}`));
      continue;
    }
    if (was.object !== w.object) changes.push(info(`${w.label} now runs as ${w.object} (was ${was.object})`));
    const containers = [...new Set([...Object.keys(was.images), ...Object.keys(w.images)])];
    for (const c of containers) {
      const [old, now] = [was.images[c], w.images[c]];
      if (old === now) continue;
      const which = containers.length > 1 ? ` of container ${c}` : '';
      changes.push(info(`${w.label}: image${which} ${old ?? '(none)'} -> ${now ?? '(none)'}`));
    }
    if (was.replicas !== w.replicas) changes.push(info(`${w.label}: replicas ${was.replicas ?? '(none)'} -> ${w.replicas ?? '(none)'}`));
    if (was.serviceAccount !== w.serviceAccount) {
      changes.push(info(`${w.label} now runs as ServiceAccount ${w.serviceAccount} (was ${was.serviceAccount}), which changes which policies let it call`));
    }
  }
  return changes;
}
