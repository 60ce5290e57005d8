// Who may call whom: the AuthorizationPolicies that apply to each app, as the requests their rules match, and
// whether each gateway route's request passes them. A policy applies where Istio enforces it: one that selects
// workloads at their sidecar or, in ambient mode, their ztunnel (which sees no HTTP, so L7 conditions cannot match);
// one whose targetRefs name a Service or a waypoint at the waypoint the Service uses. Rules are evaluated by the
// mesh checks' evaluator.
import {
  GATEWAY_NAME_LABEL,
  GATEWAY_SERVICE_ACCOUNT_ANNOTATION,
  gatewayDeploymentName,
  INGRESS_GATEWAY_PRINCIPAL,
  principalOf,
  WAYPOINT_GATEWAY_CLASS,
} from '../../constructs/istio-defaults';
import { DATAPLANE_MODE_LABEL, INGRESS_USE_WAYPOINT_LABEL, USE_WAYPOINT_LABEL } from '../../constructs/mesh-modes';
import type { KubeObject } from '../manifests/kube-object';
import { GATEWAY_API_GROUP } from '../validate/analyzers/gateway-api/references';
import type { SourcedObject } from '../validate/findings';
import { Decision, PolicyIndex } from '../validate/mesh/authorization';
import { Workload } from '../validate/mesh/mesh-index';
import type { AppAccess, Grant, ModelContext, RouteModel, RouteReach } from './mesh-model';
import { workloadsAt } from './mesh-routes';
import { asRecord, at, listAt, stringAt, stringMapAt, stringsAt } from './yaml-value';

/** Policies in Istio's root namespace apply to every workload of the mesh. */
const ROOT_NAMESPACE = 'istio-system';

/** The name a sentence uses for an ingress gateway. */
export const INGRESS_GATEWAY = 'the ingress gateway';

const action = (p: SourcedObject) => stringAt(p.object, 'spec', 'action') ?? 'ALLOW';

function targetRefs(p: SourcedObject): unknown[] {
  const refs = at(p.object, 'spec', 'targetRefs');
  if (Array.isArray(refs)) return refs;
  return asRecord(at(p.object, 'spec', 'targetRef')) ? [at(p.object, 'spec', 'targetRef')] : [];
}

/** The policies a workload's own proxy (sidecar or ztunnel) applies: those that select it. */
function selecting(context: ModelContext, w: Workload): SourcedObject[] {
  return context.index.authorizationPolicies.filter((p) => {
    const namespace = p.object.metadata.namespace ?? 'default';
    if (targetRefs(p).length > 0 || (namespace !== w.namespace && namespace !== ROOT_NAMESPACE)) return false;
    return Object.entries(stringMapAt(p.object, 'spec', 'selector', 'matchLabels')).every(([k, v]) => w.podLabels[k] === v);
  });
}

/** The policies a waypoint applies to requests for a Service: those attached to the Service or to the waypoint. */
function attached(context: ModelContext, namespace: string, service: string, waypoint: string): SourcedObject[] {
  return context.index.authorizationPolicies.filter(
    (p) =>
      (p.object.metadata.namespace ?? 'default') === namespace &&
      targetRefs(p).some(
        (r) =>
          (stringAt(r, 'kind') === 'Service' && (stringAt(r, 'group') ?? '') === '' && stringAt(r, 'name') === service) ||
          (stringAt(r, 'kind') === 'Gateway' && stringAt(r, 'group') === GATEWAY_API_GROUP && stringAt(r, 'name') === waypoint),
      ),
  );
}

/** How requests for a Service reach a workload in ambient mode: not at all (sidecar mode), through ztunnel, or a waypoint. */
interface AmbientPath {
  /** Whether the workload is in ambient mode. */
  readonly ambient: boolean;
  /** The waypoint its Service's requests go through. */
  readonly waypoint?: string;
  /** Whether requests from a gateway go through the waypoint too. */
  readonly ingressUsesWaypoint: boolean;
}

function ambientPath(context: ModelContext, w: Workload, service: SourcedObject | undefined): AmbientPath {
  const nsLabels = context.index.namespaces.get(w.namespace)?.object.metadata.labels ?? {};
  const svcLabels = service?.object.metadata.labels ?? {};
  const ambient = (w.podLabels[DATAPLANE_MODE_LABEL] ?? nsLabels[DATAPLANE_MODE_LABEL]) === 'ambient';
  const waypoint = svcLabels[USE_WAYPOINT_LABEL] ?? nsLabels[USE_WAYPOINT_LABEL];
  return {
    ambient,
    waypoint: waypoint && waypoint !== 'none' ? waypoint : undefined,
    ingressUsesWaypoint: (svcLabels[INGRESS_USE_WAYPOINT_LABEL] ?? nsLabels[INGRESS_USE_WAYPOINT_LABEL]) === 'true',
  };
}

/** The Services in a workload's namespace that select its pods (an operator's own Service included). */
function servicesOf(context: ModelContext, w: Workload): SourcedObject[] {
  const own = ['AppsodyApplication', 'RuntimeComponent'].includes(w.source.object.kind) ? [w.source] : [];
  const selected = context.index.objects.filter((s) => {
    if (s.object.kind !== 'Service' || (s.object.metadata.namespace ?? 'default') !== w.namespace) return false;
    const selector = Object.entries(stringMapAt(s.object, 'spec', 'selector'));
    return selector.length > 0 && selector.every(([k, v]) => w.podLabels[k] === v);
  });
  return [...own, ...selected];
}

const L7_OPERATION = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];
const L7_SOURCE = ['requestPrincipals', 'notRequestPrincipals'];

function isL7(rule: unknown): boolean {
  return (
    listAt(rule, 'to').some((t) => L7_OPERATION.some((k) => at(t, 'operation', k) !== undefined)) ||
    listAt(rule, 'from').some((f) => L7_SOURCE.some((k) => at(f, 'source', k) !== undefined)) ||
    listAt(rule, 'when').some((c) => /^(request|experimental)\./.test(stringAt(c, 'key') ?? ''))
  );
}

function without(value: unknown, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(asRecord(value) ?? {}).filter(([k]) => !keys.includes(k)));
}

/**
 * Decides a request by the policies that apply where it is checked. The evaluator is given the policies as if they
 * selected one workload; at ztunnel (`l4`) an ALLOW rule with L7 conditions matches nothing and a DENY rule loses them.
 */
function decideBy(policies: readonly SourcedObject[], request: { principal: string; method: string; path: string }, l4: boolean): Decision {
  const here = 'here';
  const prepared = policies.map((p): SourcedObject => {
    const spec = without(p.object.spec, ['selector', 'targetRefs', 'targetRef']);
    const rules = listAt(spec, 'rules').flatMap((rule) => {
      if (!l4 || !isL7(rule)) return [rule];
      if (action(p) !== 'DENY') return [];
      return [
        {
          from: listAt(rule, 'from').map((f) => ({ source: without(at(f, 'source'), L7_SOURCE) })),
          to: listAt(rule, 'to').map((t) => ({ operation: without(at(t, 'operation'), L7_OPERATION) })),
        },
      ];
    });
    const object = {
      ...p.object,
      metadata: { ...p.object.metadata, namespace: here },
      spec: { ...spec, ...(spec.rules !== undefined ? { rules } : {}) },
    };
    return { ...p, object: object as KubeObject };
  });
  return new PolicyIndex(prepared).decide({ namespace: here, podLabels: {} }, request);
}

/** Per app, the rules of every policy that applies to any of its pods or Services. */
export function appAccess(context: ModelContext): AppAccess[] {
  const byApp = new Map<string, { label: string; policies: Set<SourcedObject> }>();
  for (const [w, m] of context.workloads) {
    const key = `${m.namespace}/${m.app}`;
    const entry = byApp.get(key) ?? { label: m.appLabel, policies: new Set<SourcedObject>() };
    for (const p of selecting(context, w)) entry.policies.add(p);
    for (const service of servicesOf(context, w)) {
      const { waypoint } = ambientPath(context, w, service);
      for (const p of attached(context, w.namespace, service.object.metadata.name ?? '', waypoint ?? '')) entry.policies.add(p);
    }
    byApp.set(key, entry);
  }
  return [...byApp].map(([key, { label, policies }]) => {
    const list = [...policies];
    return {
      key,
      label,
      open: !list.some((p) => action(p) === 'ALLOW'),
      grants: uniqueGrants(list.flatMap((p) => listAt(p.object, 'spec', 'rules').flatMap((rule) => grantsOf(action(p), rule)))),
    };
  });
}

function uniqueGrants(grants: readonly Grant[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const g of grants) seen.set(grantKey(g), g);
  return [...seen.values()];
}

/** What identifies a grant. */
export function grantKey(g: Grant): string {
  return `${g.action} ${g.caller} ${g.method} ${g.path}`;
}

/** The requests one rule matches, as caller × method × path. */
function grantsOf(ruleAction: string, rule: unknown): Grant[] {
  const when = listAt(rule, 'when').map((w) => `${stringAt(w, 'key')} in ${stringsAt(w, 'values').join('|')}`);
  const sources = listAt(rule, 'from').map((f) => at(f, 'source'));
  const operations = listAt(rule, 'to').map((t) => at(t, 'operation'));
  const callers = (sources.length > 0 ? sources : [undefined]).flatMap(callersOf);
  const requests = (operations.length > 0 ? operations : [undefined]).flatMap(requestsOf);
  const condition = when.length > 0 ? ` when ${when.join(' and ')}` : '';
  return callers.flatMap((caller) => requests.map(({ method, path }) => ({ action: ruleAction, caller: `${caller}${condition}`, method, path })));
}

function callersOf(source: unknown): string[] {
  const except = ['notPrincipals', 'notNamespaces', 'notServiceAccounts', 'notIpBlocks', 'notRemoteIpBlocks', 'notRequestPrincipals']
    .flatMap((k) => stringsAt(source, k))
    .join(', ');
  const suffix = except ? ` except ${except}` : '';
  const named = [
    ...stringsAt(source, 'principals'),
    ...stringsAt(source, 'serviceAccounts').map((sa) => principalOf(sa.split('/')[0], sa.split('/')[1] ?? '')),
    ...stringsAt(source, 'namespaces').map((ns) => `namespace ${ns}`),
    ...['ipBlocks', 'remoteIpBlocks', 'requestPrincipals'].flatMap((k) => stringsAt(source, k).map((v) => `${k} ${v}`)),
  ];
  return (named.length > 0 ? named : ['*']).map((c) => `${c}${suffix}`);
}

function requestsOf(operation: unknown): { method: string; path: string }[] {
  const methods = stringsAt(operation, 'methods');
  const paths = stringsAt(operation, 'paths');
  const notPaths = stringsAt(operation, 'notPaths');
  const notMethods = stringsAt(operation, 'notMethods');
  const pathList = (paths.length > 0 ? paths : ['*']).map((p) => (notPaths.length > 0 ? `${p} except ${notPaths.join(', ')}` : p));
  const methodList = (methods.length > 0 ? methods : ['*']).map((m) => (notMethods.length > 0 ? `${m} except ${notMethods.join(', ')}` : m));
  return methodList.flatMap((method) => pathList.map((path) => ({ method, path })));
}

/** The principal Istio's deployed pods of a Gateway API Gateway run as: its annotation's, else the deployment's name. */
function kubernetesGatewayPrincipal(gateway: SourcedObject): string {
  const name = gateway.object.metadata.name ?? '';
  const gatewayClass = stringAt(gateway.object, 'spec', 'gatewayClassName') ?? '';
  const account = gateway.object.metadata.annotations?.[GATEWAY_SERVICE_ACCOUNT_ANNOTATION] ?? gatewayDeploymentName(name, gatewayClass);
  return principalOf(gateway.object.metadata.namespace ?? 'default', account);
}

/** The principals of a gateway's pods: the ones in the set (the install's included), else what Istio deploys. */
function gatewayPrincipals(context: ModelContext, gateway: string, kubernetes: ReadonlyMap<string, SourcedObject>): string[] {
  const [namespace, name] = gateway.split('/');
  const kube = kubernetes.get(gateway);
  const istio = context.index.gateways.get(gateway);
  const selector = kube ? { [GATEWAY_NAME_LABEL]: name } : stringMapAt(istio?.object, 'spec', 'selector');
  const selects = (w: Workload) => (!kube || w.namespace === namespace) && Object.entries(selector).every(([k, v]) => w.podLabels[k] === v);
  const pods = Object.keys(selector).length === 0 ? [] : context.index.workloads.filter(selects);
  if (pods.length > 0) return [...new Set(pods.map((w) => principalOf(w.namespace, w.serviceAccount)))];
  return [kube ? kubernetesGatewayPrincipal(kube) : INGRESS_GATEWAY_PRINCIPAL];
}

/** For every gateway route and destination workload: may the gateway send the route's request, where it is checked? */
export function routeReach(context: ModelContext, routes: readonly RouteModel[]): RouteReach[] {
  const kubernetes = context.index.kubernetesGateways;
  const reach: RouteReach[] = [];
  for (const route of routes) {
    const principals = [...new Set(route.gateways.filter((g) => g !== 'mesh').flatMap((g) => gatewayPrincipals(context, g, kubernetes)))];
    if (principals.length === 0) continue;
    for (const d of route.destinations) {
      const service = context.index.services.get(d.host)?.[0]?.source;
      for (const workload of workloadsAt(context.index, d.host, d.subset)) {
        const model = context.workloads.get(workload);
        if (!model) continue;
        const path = ambientPath(context, workload, service);
        const atWaypoint = path.ambient && path.waypoint !== undefined && path.ingressUsesWaypoint;
        const policies = atWaypoint ? attached(context, workload.namespace, service?.object.metadata.name ?? '', path.waypoint!) : selecting(context, workload);
        for (const principal of principals) {
          for (const request of route.requests) {
            const decision = decideBy(policies, { principal, ...request }, path.ambient && !atWaypoint);
            const reason = atWaypoint ? decision.reason.replace('selecting it', `attached to the waypoint ${path.waypoint} or the Service`) : decision.reason;
            reach.push({
              route: route.key,
              destination: d.label,
              workload: model.label,
              app: model.appLabel,
              principal,
              method: request.method,
              path: request.path,
              allowed: decision.allowed,
              reason: path.ambient && !atWaypoint && !decision.allowed ? `${reason}, at ztunnel, which sees no HTTP` : reason,
            });
          }
        }
      }
    }
  }
  return reach;
}

/**
 * Who each principal is: the ingress gateway, a waypoint, an app. The ingress gateway is known by the pods the set
 * (or its Istio install) runs for it; Istio's default principal stands for it only when the set names none, so that
 * an edited default does not pass for the gateway.
 */
export function callerNames(context: ModelContext): Map<string, string> {
  const names = new Map<string, string>();
  for (const gateway of context.index.kubernetesGateways.values()) {
    const waypoint = stringAt(gateway.object, 'spec', 'gatewayClassName') === WAYPOINT_GATEWAY_CLASS;
    names.set(kubernetesGatewayPrincipal(gateway), waypoint ? `the waypoint ${gateway.object.metadata.name}` : INGRESS_GATEWAY);
  }
  for (const w of context.index.workloads) {
    const principal = principalOf(w.namespace, w.serviceAccount);
    if (w.podLabels.istio === 'ingressgateway') names.set(principal, INGRESS_GATEWAY);
    else if (!names.has(principal) && context.workloads.has(w)) names.set(principal, context.workloads.get(w)!.appLabel);
  }
  if (![...names.values()].includes(INGRESS_GATEWAY)) names.set(INGRESS_GATEWAY_PRINCIPAL, INGRESS_GATEWAY);
  return names;
}
