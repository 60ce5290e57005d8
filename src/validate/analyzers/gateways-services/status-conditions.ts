// IST0171 NegativeConditionStatus, as istioctl 1.30.3's conditions.ConditionAnalyzer reports it
// (pkg/config/analysis/analyzers/conditions/conditions.go): a condition the controllers wrote into an object's status
// that says it is not working (a Service or ServiceEntry not bound to its waypoint, an AuthorizationPolicy ztunnel or
// the waypoint refused, a Gateway API Gateway or route not accepted, programmed or resolved). Objects synthesized
// here have no status; files exported from a cluster (`kubectl get -o yaml`) do. Only the condition types below, at
// the status below, are reported, each condition of the status once (a route's from every parent); an
// AuthorizationPolicy's `WaypointAccepted` condition with reason `PartiallyInvalid` is reported whatever its status,
// as Istio sets it with status True. Every served version of a kind counts, as istioctl's file reader maps them to one.
// A status istioctl's file reader cannot decode into the kind's Go type (a value of the wrong type, a time that is no
// RFC 3339 time) it drops, logging it, and reports nothing on: so here, as far as the kind's schema tells (core and
// Gateway API kinds) or, for Istio's status messages, their fields (strings, times, a generation).
// Deliberate difference: istioctl compares a condition's status with its type's entry in a Go map, which is "" for a
// type it does not list, so it also reports a condition of any other type that has no status; such a condition is
// not one of Istio's, and is passed over here.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { Fields, isSet, list, record, str } from '../../builtin/go-values';
import { protoField } from '../injection-annotations/manifest-values';
import { resourcesOf } from '../policies/policy-resources';
import { isRfc3339 } from '../../formats';
import { schemaFor } from '../../schemas';
import { SchemaProblem, SchemaSink, underStatus } from '../../structural';

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

const ISTIO_GROUPS = new Set(['networking.istio.io', 'security.istio.io']);
/** Whether protojson reads a field as an int64: unset, an integer, or an integer written as a string. */
const readsAsInt64 = (value: unknown) => !isSet(value) || Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));

/** Whether an IstioStatus or ServiceEntryStatus decodes as protojson reads it: its conditions and generation. */
function istioStatusDecodes(status: unknown): boolean {
  if (!isSet(status)) return true;
  const fields = record(status);
  if (!fields || !readsAsInt64(protoField(fields, 'observedGeneration'))) return false;
  const conditions = protoField(fields, 'conditions');
  if (isSet(conditions) && !Array.isArray(conditions)) return false;
  return list(conditions).every((item) => {
    if (!isSet(item)) return true;
    const condition = record(item);
    if (!condition) return false;
    const value = (name: string) => protoField(condition, name);
    return ['type', 'status', 'reason', 'message'].every((name) => !isSet(value(name)) || typeof value(name) === 'string') &&
      ['lastProbeTime', 'lastTransitionTime'].every((name) => !isSet(value(name)) || (typeof value(name) === 'string' && isRfc3339(value(name) as string))) &&
      readsAsInt64(value('observedGeneration'));
  });
}

/** Whether istioctl's file reader decodes an object's status into its kind's Go type, and so keeps it. */
function statusDecodes(source: SourcedObject, kind: ConditionKind): boolean {
  const status = (source.object as Fields).status;
  if (ISTIO_GROUPS.has(kind.group)) return istioStatusDecodes(status);
  const schema = schemaFor(source.object.apiVersion, source.object.kind);
  if (!schema) return true;
  let count = 0;
  let decodes = true;
  const sink: SchemaSink = {
    report(problem: SchemaProblem, field: string) {
      count++;
      if (underStatus(field) && (problem === 'type' || problem === 'format' || problem === 'decode')) decodes = false;
    },
    get count() {
      return count;
    },
  };
  schema.check(source.object, '', sink);
  return decodes;
}

/** Conditions with a negative status on the objects of the set. */
export function checkStatusConditions(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const kind of KINDS) {
    for (const source of objectsOf(index, kind)) {
      const reported = conditionsOf(source, kind.at).filter((condition) => {
        const [type, status, reason] = [str(condition.type), str(condition.status), str(condition.reason)];
        return kind.negative.get(type) === status || (kind.kind === 'AuthorizationPolicy' && type === 'WaypointAccepted' && reason === 'PartiallyInvalid');
      });
      // a status is decoded (and its check run) only when it has something to report
      if (reported.length === 0 || !statusDecodes(source, kind)) continue;
      for (const condition of reported) {
        const [type, reason] = [str(condition.type), str(condition.reason)];
        findings.push(finding(
          MESSAGES.negativeConditionStatus,
          source,
          `A condition with a negative status is present: type=${type}, reason=${reason}, message=${str(condition.message)}.`,
        ));
      }
    }
  }
  return findings;
}
