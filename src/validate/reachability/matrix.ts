// Who can call whom: for every caller of a set (sources.ts) and every app (apps.ts), what reaches each port of each
// of the app's workloads (request-path.ts). A cell is computed when asked for; `reachable()` lists the cells that
// allow anything without computing the others, so that a set of a thousand apps, each allowing one caller, costs a
// thousand cells, not a million: a caller an ALLOW rule cannot match (its `from` names other principals exactly) is
// refused without being evaluated.
import type { SourcedObject } from '../findings';
import { MeshIndex, Workload } from '../mesh/mesh-index';
import { enforced } from './access';
import { App, appsOf } from './apps';
import { PortReach, RequestPaths } from './request-path';
import { Source, sourcesOf } from './sources';
import { oncePer } from '../once-per';
import { push } from '../grouped';

/** What one caller's requests reach of one app: per workload of the app, per port of its Service. */
export interface Cell {
  readonly source: Source;
  readonly app: App;
  readonly workloads: readonly { readonly workload: Workload; readonly ports: readonly PortReach[] }[];
}

/** Whether a cell allows any request to any port. */
export function allowsAnything(cell: Cell): boolean {
  return cell.workloads.some((w) => w.ports.some((p) => !p.access.refused));
}

/** The exact principals the ALLOW rules of `policies` can match, or `all` when a rule may match other callers too. */
function principalsGate(policies: readonly SourcedObject[]): 'all' | Set<string> {
  const allows = policies.filter((p) => enforced(p) && ((p.object.spec as any)?.action ?? 'ALLOW') === 'ALLOW');
  if (allows.length === 0) return 'all';
  const principals = new Set<string>();
  for (const policy of allows) {
    for (const rule of ((policy.object.spec as any)?.rules ?? []) as any[]) {
      if (((rule?.when ?? []) as any[]).some((w) => typeof w?.key === 'string' && w.key.startsWith('source.'))) return 'all';
      const from = (Array.isArray(rule?.from) ? rule.from : []) as any[];
      if (from.length === 0) return 'all';
      for (const f of from) {
        const source = f?.source;
        const keys = source && typeof source === 'object' ? Object.keys(source) : [];
        const values = Array.isArray(source?.principals) ? (source.principals as unknown[]) : [];
        if (keys.some((k) => k !== 'principals') || values.length === 0 || values.some((v) => typeof v !== 'string' || v.includes('*'))) return 'all';
        for (const v of values as string[]) principals.add(v);
      }
    }
  }
  return principals;
}

/** The reachability matrix of a set of objects. */
export class Reachability {
  /** The callers, in the matrix's order. */
  public readonly sources: readonly Source[];
  /** The apps, sorted by namespace and name. */
  public readonly apps: readonly App[];
  public readonly paths: RequestPaths;
  private readonly byPrincipal = new Map<string, Source[]>();
  private readonly byHost: Map<string, App>;
  private readonly position: Map<Source, number>;
  private readonly plaintext: readonly Source[];
  private readonly gates = new Map<readonly SourcedObject[], 'all' | Set<string>>();

  constructor(index: MeshIndex) {
    this.sources = sourcesOf(index);
    this.apps = appsOf(index);
    this.paths = new RequestPaths(index);
    for (const s of this.sources) if (s.principal !== undefined) push(this.byPrincipal, s.principal, s);
    this.byHost = new Map(this.apps.map((a) => [a.host, a]));
    this.position = new Map(this.sources.map((s, i) => [s, i]));
    this.plaintext = this.sources.filter((s) => s.principal === undefined);
  }

  /** The app of a Service host (`<name>.<namespace>.svc.cluster.local`), if the matrix has it. */
  public appAt(host: string): App | undefined {
    return this.byHost.get(host);
  }

  /** The caller with a principal: its row, else a workload identity of its own (a principal a declaration names). */
  public sourceFor(principal: string): Source {
    return this.byPrincipal.get(principal)?.[0] ?? { kind: 'workload', label: principal, principal, objects: [] };
  }

  /** What `source`'s requests reach of `app`. */
  public cell(source: Source, app: App): Cell {
    return {
      source,
      app,
      workloads: app.workloads.map((workload) => ({ workload, ports: app.ports.map((port) => this.paths.reach(source, app, workload, port)) })),
    };
  }

  /** Every cell that allows anything, app by app (in the matrix's order), then caller by caller. */
  public reachable(): Cell[] {
    const cells: Cell[] = [];
    for (const app of this.apps) {
      const candidates = [...this.candidates(app)].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
      for (const source of candidates) {
        const cell = this.cell(source, app);
        if (allowsAnything(cell)) cells.push(cell);
      }
    }
    return cells;
  }

  /** The callers an app's proxies may let through: the others match no ALLOW rule on the way. */
  private candidates(app: App): Set<Source> {
    const found = new Set<Source>(this.plaintext);
    const admit = (policies: readonly SourcedObject[]): boolean => {
      const gate = this.gate(policies);
      if (gate === 'all') return true;
      for (const p of gate) for (const s of this.byPrincipal.get(p) ?? []) found.add(s);
      return false;
    };
    for (const workload of app.workloads) {
      const mode = this.paths.modeOf(workload);
      if (mode === 'none') return new Set(this.sources);
      if (admit(this.paths.policiesOf(workload))) return new Set(this.sources);
      // through a waypoint, the pods' ztunnel sees the waypoint's principal: the waypoint's policies tell the callers apart
      if (mode === 'ambient' && this.paths.waypointOf(app) && admit(this.paths.policiesAtWaypoint(app))) return new Set(this.sources);
    }
    return found;
  }

  private gate(policies: readonly SourcedObject[]): 'all' | Set<string> {
    let gate = this.gates.get(policies);
    if (!gate) this.gates.set(policies, (gate = principalsGate(policies)));
    return gate;
  }
}

/** The reachability matrix of the index's set, built once per index. */
export const reachabilityOf = oncePer((index: MeshIndex) => new Reachability(index));
