// IST0171 NegativeConditionStatus, as istioctl 1.30.3's conditions.ConditionAnalyzer reports it
// (pkg/config/analysis/analyzers/conditions/conditions.go): a condition the controllers wrote into an object's status
// that says it is not working (a Service or ServiceEntry not bound to its waypoint, an AuthorizationPolicy ztunnel or
// the waypoint refused, a Gateway API Gateway or route not accepted, programmed or resolved). Objects synthesized
// here have no status; files exported from a cluster (`kubectl get -o yaml`) do. Only the condition types below, at
// the status below, are reported, each condition of the status once (a route's from every parent); an
// AuthorizationPolicy's `WaypointAccepted` condition with reason `PartiallyInvalid` is reported whatever its status,
// as Istio sets it with status True. Every served version of a kind counts, as istioctl's file reader maps them to one.
// Deliberate difference: istioctl compares a condition's status with its type's entry in a Go map, which is "" for a
// type it does not list, so it also reports a condition of any other type that has no status; such a condition is
// not one of Istio's, and is passed over here.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { list, record, text } from '../injection-annotations/manifest-values';
import { resourcesOf } from '../policies/policy-resources';

/** Where a kind keeps its conditions: in `status.conditions`, or in those of each of `status.parents`. */
type ConditionsAt = 'status' | 'parents';

interface ConditionKind {
  readonly group: string;
  readonly kind: string;
  readonly at: ConditionsAt;
  /** The condition types reported, each with the status that is negative for it. */
  readonly negative: ReadonlyMap<string, string>;
}

const WAYPOINT_BOUND = new Map([['istio.io/WaypointBound', 'False']]);
const GATEWAY_API = new Map([['Accepted', 'False'], ['Programmed', 'False'], ['ResolvedRefs', 'False']]);

/** The kinds the analyzer reads, in its order. */
const KINDS: readonly ConditionKind[] = [
  { group: '', kind: 'Service', at: 'status', negative: WAYPOINT_BOUND },
  { group: 'networking.istio.io', kind: 'ServiceEntry', at: 'status', negative: WAYPOINT_BOUND },
  { group: 'networking.istio.io', kind: 'WorkloadEntry', at: 'status', negative: WAYPOINT_BOUND },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy', at: 'status', negative: new Map([['ZtunnelAccepted', 'False'], ['WaypointAccepted', 'False']]) },
  { group: 'gateway.networking.k8s.io', kind: 'Gateway', at: 'status', negative: GATEWAY_API },
  { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', at: 'parents', negative: GATEWAY_API },
  { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', at: 'parents', negative: GATEWAY_API },
];

type Fields = Readonly<Record<string, unknown>>;

// a field Go decodes into a string: absent or null is ""
const goString = (value: unknown): string => text(value) ?? '';

/** The objects of a kind: a core kind by its `v1` apiVersion, the others by their API group. */
function objectsOf(index: MeshIndex, { group, kind }: ConditionKind): SourcedObject[] {
  return group === '' ? resourcesOf(index, '', kind, 'v1') : resourcesOf(index, group, kind);
}

/** The conditions of an object's status, in order. */
function conditionsOf(source: SourcedObject, at: ConditionsAt): Fields[] {
  const status = record((source.object as Fields).status);
  const lists = at === 'status' ? [status?.conditions] : list(status?.parents).map((parent) => record(parent)?.conditions);
  return lists.flatMap(list).map((c) => record(c) ?? {});
}

/** Conditions with a negative status on the objects of the set. */
export function checkStatusConditions(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const kind of KINDS) {
    for (const source of objectsOf(index, kind)) {
      for (const condition of conditionsOf(source, kind.at)) {
        const [type, status, reason] = [goString(condition.type), goString(condition.status), goString(condition.reason)];
        const reported = kind.negative.get(type) === status ||
          (kind.kind === 'AuthorizationPolicy' && type === 'WaypointAccepted' && reason === 'PartiallyInvalid');
        if (!reported) continue;
        findings.push(finding(
          MESSAGES.negativeConditionStatus,
          source,
          `A condition with a negative status is present: type=${type}, reason=${reason}, message=${goString(condition.message)}.`,
        ));
      }
    }
  }
  return findings;
}
