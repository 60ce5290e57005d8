// The proxies a caller's request to one port of an app's workload passes, and what each lets through:
//
// - a workload without a proxy (no sidecar, not in ambient mode) enforces nothing;
// - its PeerAuthentication decides first whether a plaintext caller (a pod outside the mesh) gets in at all: STRICT
//   refuses it; DISABLE makes every caller plaintext, so no policy sees a principal;
// - with a sidecar, the policies selecting the pods (those of its namespace and of the root namespace, without
//   `targetRefs`) decide, with HTTP conditions unless the port is TCP;
// - in ambient mode, a Service bound to a waypoint gets the requests of callers in the mesh through it (an ingress
//   gateway's only with `istio.io/ingress-use-waypoint`): the waypoint applies the policies attached to it, to the
//   Service or (from the root namespace) to the `istio-waypoint` class, then the pods' ztunnel sees the waypoint's
//   principal; other requests reach the ztunnel straight away. ztunnel checks L4 only.
import { WAYPOINT_GATEWAY_CLASS } from '../../../constructs/istio-defaults';
import type { SourcedObject } from '../findings';
import { gatewayPrincipal, ingressUsesWaypoint, serviceWaypoint } from '../analyzers/gateway-api/references';
import { meshConfigOf } from '../analyzers/policies/mesh-config';
import { MeshPod, meshPods } from '../analyzers/policies/mesh-pods';
import { PolicyIndex, policyIndexOf, targetRefsOf } from '../mesh/authorization';
import { MeshIndex, namespaceOf, Workload } from '../mesh/mesh-index';
import { Access, accessAt, combine } from './access';
import { App, AppPort, targetPortOf } from './apps';
import { PeerAuthentications } from './peer-authentication';
import { Source } from './sources';

/** One proxy on the way, and what it lets through. */
export interface Hop {
  /** Where it is, as reasons name it: `selecting it`, `attached to the waypoint or the Service`. */
  readonly where: string;
  readonly access: Access;
}

/** What reaches one port of one workload of an app: each proxy on the way, and what passes them all. */
export interface PortReach {
  readonly port: AppPort;
  readonly hops: readonly Hop[];
  readonly access: Access;
}

/** How a set's requests travel, and the policies each proxy on the way enforces. */
export class RequestPaths {
  private readonly root: string;
  private readonly pods: Map<SourcedObject, MeshPod>;
  private readonly peers: PeerAuthentications;
  private readonly policyIndex: PolicyIndex;
  private readonly selecting = new Map<Workload, SourcedObject[]>();
  private readonly order: Map<SourcedObject, number>;
  private readonly atWaypoint = new Map<App, SourcedObject[]>();
  /** What was found to reach, by caller, port and workload: the checks ask again for what the matrix found. */
  private readonly reached = new WeakMap<Source, Map<AppPort, Map<Workload, PortReach>>>();
  /** The root namespace's policies attached to every waypoint (targetRefs to the waypoints' GatewayClass). */
  private readonly atEveryWaypoint: readonly SourcedObject[];

  constructor(private readonly index: MeshIndex) {
    this.root = meshConfigOf(index.objects).rootNamespace;
    this.pods = new Map(meshPods(index).all.map((p) => [p.source, p]));
    this.peers = new PeerAuthentications(index.peerAuthentications, this.root);
    this.policyIndex = policyIndexOf(index);
    this.order = new Map(index.authorizationPolicies.map((p, i) => [p, i]));
    this.atEveryWaypoint = index.authorizationPolicies.filter(
      (p) => namespaceOf(p) === this.root && targetRefsOf(p).some((r) => r.kind === 'GatewayClass' && r.name === WAYPOINT_GATEWAY_CLASS),
    );
  }

  /** The namespace whose policies apply to every workload of the mesh. */
  public get rootNamespace(): string {
    return this.root;
  }

  /** How the workload's pods run: with a sidecar, in ambient mode, or without a proxy. */
  public modeOf(workload: Workload): 'sidecar' | 'ambient' | 'none' {
    const pod = this.pods.get(workload.source);
    return pod?.inMesh ? 'sidecar' : pod?.ambient ? 'ambient' : 'none';
  }

  /** The AuthorizationPolicies a workload's own proxy enforces: those selecting it, in its namespace and the root namespace. */
  public policiesOf(workload: Workload): SourcedObject[] {
    let found = this.selecting.get(workload);
    if (!found) {
      // in the set's order, as Istio lists them by creation
      found = [...new Set([this.root, workload.namespace])]
        .flatMap((namespace) => this.policyIndex.policiesFor({ namespace, podLabels: workload.podLabels }))
        .sort((a, b) => this.order.get(a)! - this.order.get(b)!);
      this.selecting.set(workload, found);
    }
    return found;
  }

  /** The waypoint of an app, when it runs in ambient mode behind one the set has. */
  public waypointOf(app: App): { gateway: SourcedObject; namespace: string; name: string } | undefined {
    const binding = serviceWaypoint(this.index, app.namespace, app.name);
    return binding?.gateway ? { gateway: binding.gateway, namespace: binding.namespace, name: binding.name } : undefined;
  }

  /** Whether a caller's requests to an ambient app go through its waypoint. */
  public throughWaypoint(source: Source, app: App, workload: Workload): boolean {
    if (this.modeOf(workload) !== 'ambient' || !this.waypointOf(app) || source.kind === 'outside') return false;
    return source.kind !== 'ingress' || ingressUsesWaypoint(this.index, app.namespace, app.name);
  }

  /** The policies a waypoint applies to an app's requests. */
  public policiesAtWaypoint(app: App): SourcedObject[] {
    let found = this.atWaypoint.get(app);
    if (!found) {
      const waypoint = this.waypointOf(app);
      const target = waypoint && { namespace: waypoint.namespace, waypoint: waypoint.name, service: app.name };
      found = target ? [...this.policyIndex.policiesAtWaypoint(target), ...this.atEveryWaypoint] : [];
      this.atWaypoint.set(app, found);
    }
    return found;
  }

  /** What of `source`'s requests reaches `port` of `workload`, one of `app`'s. */
  public reach(source: Source, app: App, workload: Workload, port: AppPort): PortReach {
    let byPort = this.reached.get(source);
    if (!byPort) this.reached.set(source, (byPort = new Map()));
    let byWorkload = byPort.get(port);
    if (!byWorkload) byPort.set(port, (byWorkload = new Map()));
    let found = byWorkload.get(workload);
    if (!found) byWorkload.set(workload, (found = this.firstReach(source, app, workload, port)));
    return found;
  }

  private firstReach(source: Source, app: App, workload: Workload, port: AppPort): PortReach {
    const target = targetPortOf(port, workload);
    const mode = this.modeOf(workload);
    if (mode === 'none') {
      const access: Access = {
        refused: false,
        allow: [{ notMethods: [], notPaths: [], conditions: [], origin: { kind: 'open', source: workload.source, why: 'no proxy enforces the policies of' } }],
        deny: [],
        allowPolicies: [],
        notes: [],
      };
      return { port, hops: [{ where: 'on pods without a proxy', access }], access };
    }
    const mtls = this.peers.modeAt(workload.namespace, workload.podLabels, target);
    if (source.principal === undefined && mtls.mode === 'STRICT') {
      const by = mtls.setBy ? `PeerAuthentication ${namespaceOf(mtls.setBy)}/${mtls.setBy.object.metadata?.name ?? ''}` : 'the mesh';
      const access: Access = { refused: true, reason: `STRICT mTLS (${by}) refuses a plaintext request` };
      return { port, hops: [{ where: 'at its pods', access }], access };
    }
    const seen = mtls.mode === 'DISABLE' ? undefined : source.principal;
    const own = (where: string, principal: string | undefined, l4: boolean): Hop => ({
      where,
      access: accessAt({ where, policies: this.policiesOf(workload), principal, port: target, l4, guarded: workload.source }),
    });
    let hops: Hop[];
    if (mode === 'sidecar') hops = [own('selecting it', seen, port.tcp)];
    else if (this.throughWaypoint(source, app, workload)) {
      const waypoint = this.waypointOf(app)!;
      const where = `attached to waypoint ${waypoint.namespace}/${waypoint.name} or the Service`;
      const policies = this.policiesAtWaypoint(app);
      const atWaypoint = accessAt({ where, policies, principal: source.principal, port: target, l4: port.tcp, guarded: app.source });
      hops = [{ where, access: atWaypoint }, own(`selecting it (its ztunnel, which sees the waypoint's principal)`, gatewayPrincipal(waypoint.gateway, this.index), true)];
    } else hops = [own('selecting it (its ztunnel)', seen, true)];
    return { port, hops, access: hops.map((h) => h.access).reduce(combine) };
  }
}
