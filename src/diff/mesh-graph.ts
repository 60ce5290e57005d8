// A picture of the mesh before and after a change: the gateway's routes (where the policies let the gateway send
// them), the calls the policies allow between apps, and fault scenarios, with added, removed and changed edges marked.
import { push } from '../validate/grouped';
import { describeFault } from './mesh-changes';
import { INGRESS_GATEWAY } from './mesh-access';
import type { MeshModel, RouteReach } from './mesh-model';

/** Whether a node or edge is new, gone, different or the same. */
export type GraphStatus = 'added' | 'removed' | 'changed' | 'same';

/** A node of the picture: an app, with all its versions (the gateway and the client are drawn apart). */
export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly status: GraphStatus;
}

/** An edge: a route, a call, a fault scenario. */
export interface GraphEdge {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** The label before a change. */
  readonly before?: string;
  /** Opt-in outputs (canary, faults) are drawn dashed, as in the output's README. */
  readonly dashed: boolean;
  readonly status: GraphStatus;
}

/** The picture of a change. */
export interface GraphDiff {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

type Drawn = Omit<GraphEdge, 'status' | 'before'>;

const GATEWAY = 'gateway';

/** The node id of an app. */
function nodeId(app: string): string {
  return `app_${app.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** The edges one output draws, and its app nodes' labels. */
function drawn(model: MeshModel): { nodes: Map<string, string>; edges: Drawn[] } {
  const nodes = new Map<string, string>();
  const versions = new Map<string, Set<string>>();
  for (const w of model.workloads) {
    // a gateway's pods are the gateway node
    if (w.gateway) continue;
    if (!versions.has(w.appLabel)) versions.set(w.appLabel, new Set());
    if (w.version) versions.get(w.appLabel)!.add(w.version);
  }
  for (const [app, v] of versions) nodes.set(nodeId(app), v.size > 0 ? `${app}<br/>${[...v].sort().join(', ')}` : app);
  const edges: Drawn[] = [];
  const reach = new Map<string, RouteReach[]>();
  for (const r of model.reach) push(reach, `${r.route}\u0000${r.destination}`, r);
  for (const route of model.routes) {
    if (route.gateways.every((g) => g === 'mesh')) continue;
    const optIn = route.file.includes('/') ? `${route.file.slice(0, route.file.indexOf('/'))} ` : '';
    for (const d of route.destinations) {
      // a route the policies refuse carries no traffic: it is not drawn (one that some of its requests pass, is)
      const tried = reach.get(`${route.key}\u0000${d.label}`) ?? [];
      if (tried.length > 0 && tried.every((r) => !r.allowed)) continue;
      const share = route.destinations.length > 1 ? `: ${d.weight} % ${d.label}` : '';
      const label = `${optIn}${route.match}${route.rewrite !== undefined ? ` → ${route.rewrite}` : ''}${share}`;
      const targets = d.apps.length > 0 ? d.apps.map(nodeId) : [hostNode(nodes, d.host)];
      for (const to of targets) edges.push({ key: `route\u0000${route.key}\u0000${d.label}\u0000${to}`, from: GATEWAY, to, label, dashed: optIn !== '' });
    }
  }
  const callersOf = new Map<string, string[]>();
  for (const access of model.access) {
    const byCaller = new Map<string, string[]>();
    for (const g of access.grants) {
      // calls between apps: the gateway's are its routes, and a waypoint only relays them
      const caller = model.callers.get(g.caller);
      if (g.action !== 'ALLOW' || caller === undefined || !versions.has(caller)) continue;
      push(byCaller, caller, `${g.method === '*' ? 'any' : g.method} ${g.path === '*' ? 'any path' : g.path}`);
    }
    for (const [caller, requests] of byCaller) {
      const [from, to] = [nodeId(caller), nodeId(access.label)];
      push(callersOf, to, from);
      edges.push({ key: `call\u0000${from}\u0000${to}`, from, to, label: requests.join(', '), dashed: false });
    }
  }
  for (const f of model.faults) {
    for (const to of f.apps.map(nodeId)) {
      // drawn from a caller of the app, as in the output's README; which caller is no part of the fault
      const from = [...(callersOf.get(to) ?? [])].sort()[0] ?? GATEWAY;
      edges.push({ key: `fault\u0000${f.key}\u0000${to}`, from, to, label: `fault ${f.scenario}: ${describeFault(f).replace(/ of requests to .*$/, '')}`, dashed: true });
    }
  }
  return { nodes, edges };
}

function hostNode(nodes: Map<string, string>, host: string): string {
  const id = `host_${host.replace(/[^A-Za-z0-9]/g, '_')}`;
  nodes.set(id, host);
  return id;
}

/** The picture of the change from `base` to `head`. */
export function graphDiff(base: MeshModel, head: MeshModel): GraphDiff {
  const [b, h] = [drawn(base), drawn(head)];
  const nodes: GraphNode[] = [];
  for (const [id, label] of h.nodes) {
    const was = b.nodes.get(id);
    nodes.push({ id, label, status: was === undefined ? 'added' : was === label ? 'same' : 'changed' });
  }
  for (const [id, label] of b.nodes) if (!h.nodes.has(id)) nodes.push({ id, label, status: 'removed' });
  const before = new Map(b.edges.map((e) => [e.key, e]));
  const after = new Set(h.edges.map((e) => e.key));
  const edges: GraphEdge[] = h.edges.map((e) => {
    const was = before.get(e.key);
    if (!was) return { ...e, status: 'added' };
    return was.label === e.label ? { ...e, status: 'same' } : { ...e, before: was.label, status: 'changed' };
  });
  for (const e of b.edges) if (!after.has(e.key)) edges.push({ ...e, status: 'removed' });
  // an app that nothing calls and that calls nothing is left out, unless it is what changed
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { nodes: nodes.filter((n) => n.status !== 'same' || linked.has(n.id)), edges };
}

/** Whether the picture shows any change. */
export function graphChanged(diff: GraphDiff): boolean {
  return [...diff.nodes, ...diff.edges].some((x) => x.status !== 'same');
}

const STYLE: Readonly<Record<Exclude<GraphStatus, 'same'>, string>> = {
  added: 'stroke:#1a7f37,stroke-width:3px',
  removed: 'stroke:#cf222e,stroke-width:3px,stroke-dasharray:4 4',
  changed: 'stroke:#bf8700,stroke-width:3px',
};
const MARK: Readonly<Record<GraphStatus, string>> = { added: '+ ', removed: '− ', changed: '~ ', same: '' };

/** The picture as a Mermaid flowchart: added edges green, removed red and dashed, changed amber, each also marked in its label. */
export function mermaid(diff: GraphDiff): string {
  const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  const styles: string[] = [];
  let link = 0;
  if (diff.edges.some((e) => e.from === GATEWAY || e.to === GATEWAY)) {
    lines.push(`  client((client)) --> ${GATEWAY}{{${quote(INGRESS_GATEWAY.replace(/^the /, ''))}}}`);
    link++;
  }
  for (const n of diff.nodes) {
    lines.push(`  ${n.id}[${quote(`${MARK[n.status]}${n.label}`)}]`);
    if (n.status !== 'same') styles.push(`  class ${n.id} ${n.status}`);
  }
  for (const e of diff.edges) {
    const label = e.status === 'changed' ? `${e.label} (was ${e.before})` : e.label;
    lines.push(`  ${e.from} ${e.dashed ? '-.->' : '-->'}|${quote(`${MARK[e.status]}${label}`)}| ${e.to}`);
    if (e.status !== 'same') styles.push(`  linkStyle ${link} ${STYLE[e.status]}`);
    link++;
  }
  lines.push(...styles);
  for (const [status, style] of Object.entries(STYLE)) lines.push(`  classDef ${status} ${style.replace('stroke-width:3px', 'stroke-width:2px')}`);
  return `${lines.join('\n')}\n`;
}
