import { Construct } from 'constructs';
import {
  AuthorizationPolicy,
  AuthorizationPolicySpecAction,
  AuthorizationPolicySpecRules,
  PeerAuthentication,
  PeerAuthenticationSpecMtlsMode,
} from '../imports/security.istio.io';
import { INGRESS_GATEWAY_PRINCIPAL, principalOf } from './istio-defaults';
import { MeshIngress } from './mesh-ingress';
import { requirePath } from './prop-guards';
import { TracedApp } from './traced-app';
import { PropError } from './prop-error';

/** A call one app makes to another. */
export interface AppCall {
  /** The caller, whose ServiceAccount is the request's principal. */
  readonly from: TracedApp;
  /** The app called. */
  readonly to: TracedApp;
  /** The paths called. */
  readonly paths: readonly string[];
  /**
   * The methods used.
   * @default ['GET']
   */
  readonly methods?: readonly string[];
}

/** Props for {@link MeshSecurity}. */
export interface MeshSecurityProps {
  /** The apps; each gets an allow-list of who may call it with what. */
  readonly apps: readonly TracedApp[];
  /** The ingress, whose routes the gateway may send to their apps. */
  readonly ingress: MeshIngress;
  /** The calls between apps. */
  readonly calls: readonly AppCall[];
  /**
   * The ingress gateway's principal.
   * @default INGRESS_GATEWAY_PRINCIPAL
   */
  readonly gatewayPrincipal?: string;
}

/** One allowed request kind: who, to which app, how. */
interface Flow {
  readonly principal: string;
  readonly app: TracedApp;
  readonly methods: readonly string[];
  readonly paths: readonly string[];
}

/**
 * Locks the namespace down: mutual TLS only (PeerAuthentication STRICT), nothing allowed by default
 * (an AuthorizationPolicy with an empty spec), and per app an ALLOW policy for exactly the requests the topology
 * makes: the ingress gateway's to the paths its routes rewrite to, and each caller's (by its ServiceAccount's
 * principal) to the paths it calls. Policies select apps by their `app` label, so every version of an app (a
 * canary's too) is covered. Probes are unaffected: Istio rewrites HTTP probes to its agent, which calls the app
 * from inside the pod, past the sidecar's inbound policy checks.
 */
export class MeshSecurity extends Construct {
  /** Every allowed request kind, by app. */
  public readonly flows: ReadonlyMap<TracedApp, readonly Flow[]>;

  constructor(scope: Construct, id: string, props: MeshSecurityProps) {
    super(scope, id);
    const gateway = props.gatewayPrincipal ?? INGRESS_GATEWAY_PRINCIPAL;
    const flows = new Map<TracedApp, Flow[]>(props.apps.map((a) => [a, []]));
    const add = (flow: Flow) => {
      const list = flows.get(flow.app);
      if (!list) throw new PropError(`allowed requests to app ${flow.app.name} need the app in the security policy's apps`);
      flow.paths.forEach((p) => requirePath(p, `path allowed to app ${flow.app.name}`));
      list.push(flow);
    };
    for (const route of props.ingress.routes) add({ principal: gateway, app: route.app, methods: ['GET'], paths: [route.rewrite ?? route.prefix] });
    for (const call of props.calls) {
      add({
        principal: principalOf(call.from.namespace, call.from.serviceAccountName),
        app: call.to,
        methods: call.methods ?? ['GET'],
        paths: call.paths,
      });
    }
    this.flows = flows;

    new PeerAuthentication(this, 'Mtls', { metadata: { name: 'default' }, spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } } });
    new AuthorizationPolicy(this, 'AllowNothing', { metadata: { name: 'allow-nothing' }, spec: {} });
    for (const [app, appFlows] of flows) {
      if (appFlows.length === 0) continue;
      new AuthorizationPolicy(this, `Allow-${app.name}`, {
        metadata: { name: app.name },
        spec: { selector: { matchLabels: { app: app.name } }, action: AuthorizationPolicySpecAction.ALLOW, rules: rulesOf(appFlows) },
      });
    }
  }
}

/** One rule per source principal and method set, listing the paths in the order first allowed. */
function rulesOf(flows: readonly Flow[]): AuthorizationPolicySpecRules[] {
  const grouped = new Map<string, { principal: string; methods: readonly string[]; paths: string[] }>();
  for (const f of flows) {
    const key = `${f.principal} ${f.methods.join(',')}`;
    const group = grouped.get(key) ?? { principal: f.principal, methods: f.methods, paths: [] };
    for (const p of f.paths) if (!group.paths.includes(p)) group.paths.push(p);
    grouped.set(key, group);
  }
  return [...grouped.values()].map((g) => ({
    from: [{ source: { principals: [g.principal] } }],
    to: [{ operation: { methods: [...g.methods], paths: g.paths } }],
  }));
}
