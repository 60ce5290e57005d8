import { Construct } from 'constructs';
import { CanaryRelease, CanaryReleaseProps } from './canary-release';
import { Fault } from './fault';
import { FaultScenario } from './fault-scenario';
import { tracingDashboard, TracingDashboardOptions } from './grafana/tracing-dashboard';
import { GrafanaDashboard } from './grafana-dashboard';
import { GatewayApiIngress } from './gateway-api-ingress';
import { Ingress } from './ingress';
import { IstioInstall, IstioInstallProps, profileFor } from './istio-install';
import { JaegerCollector } from './jaeger-collector';
import { SailIngressGateway } from './sail-ingress-gateway';
import { SailInstall } from './sail-install';
import { DEFAULT_VIRTUAL_SERVICE_NAME, MeshIngress, MeshIngressProps } from './mesh-ingress';
import { Dataplane, IngressApi } from './mesh-modes';
import { MeshNamespace } from './mesh-namespace';
import { AppCall, MeshSecurity } from './mesh-security';
import { MeshTelemetry } from './mesh-telemetry';
import { OutputChart } from './output-chart';
import { PropError } from './prop-error';
import { requireDnsLabel } from './prop-guards';
import { TracedApp, TracedAppProps } from './traced-app';
import { TracingCollector, TracingCollectorProps } from './tracing-collector';
import { TracingConfig, TracingConfigProps } from './tracing-config';
import { TrafficGenerator, TrafficGeneratorProps } from './traffic-generator';
import { VersionSubsets } from './version-subsets';
import { PodSecurityLevel } from './pod-security';
import { WorkloadKind } from './workload-backend';
import { workloadBackend } from './workload-backends';
import { DEFAULT_WAYPOINT_NAME, Waypoint } from './waypoint';

/** A call an app of a topology makes to another. */
export interface MeshCallProps {
  /** The app called. */
  readonly to: MeshAppProps;
  /** The paths called. */
  readonly paths: readonly string[];
  /**
   * The methods used.
   * @default ['GET']
   */
  readonly methods?: readonly string[];
}

/** An app of a topology: a {@link TracedApp} less the objects and choices the topology provides. */
export interface MeshAppProps extends Omit<TracedAppProps, 'tracingConfig' | 'workload'> {
  /**
   * The other apps it calls, which the authorization policies allow.
   * @default - none
   */
  readonly calls?: readonly MeshCallProps[];
  /**
   * Versions to name as DestinationRule subsets (written with the app), for routes that target a version.
   * @default - no DestinationRule
   */
  readonly subsets?: readonly string[];
}

/** An ingress route of a topology, naming its target by its {@link MeshAppProps}. */
export interface MeshRouteProps {
  /** The URI prefix matched. */
  readonly prefix: string;
  /**
   * The path the app receives instead of the prefix.
   * @default - unchanged
   */
  readonly rewrite?: string;
  /** The app the requests go to. */
  readonly to: MeshAppProps;
  /**
   * The subset of the app the requests go to; the app must name it in its `subsets`.
   * @default - any pod of the app
   */
  readonly subset?: string;
}

/** A fault scenario of a topology. */
export interface MeshFaultScenarioProps {
  /** The scenario's name, also its file name under `faults/`. */
  readonly name: string;
  /** The app whose requests get the fault. */
  readonly target: MeshAppProps;
  /** The fault. */
  readonly fault: Fault;
}

/** How the mesh traces requests: one collector and one sampling percentage for apps and proxies alike. */
export interface MeshTracingProps extends Omit<TracingConfigProps, 'collector'> {
  /**
   * Where spans go.
   * @default - Istio's Jaeger add-on in istio-system
   */
  readonly collector?: TracingCollectorProps;
}

/** A canary release in a topology. */
export interface MeshCanaryProps extends Omit<CanaryReleaseProps, 'app' | 'ingress' | 'security'> {
  /** The app that gets a new version; the ingress must route to it. */
  readonly app: MeshAppProps;
}

/** The traffic generator of a topology. */
export type MeshTrafficProps = Partial<Omit<TrafficGeneratorProps, 'name'>>;

/**
 * The ingress of a topology: its routes, naming their apps by their {@link MeshAppProps}, written as a
 * {@link MeshIngress} (Istio API) or a {@link GatewayApiIngress}.
 */
export interface MeshIngressTopologyProps extends Omit<MeshIngressProps, 'routes'> {
  /**
   * The API the ingress is written in: Istio's Gateway and VirtualService on Istio's ingress gateway, or a Gateway
   * API Gateway (class `istio`) and HTTPRoutes. The Gateway API ignores `virtualServiceName`, and has no `selector`
   * (Istio deploys the Gateway's own pods) and no route `subset`.
   * @default 'istio'
   */
  readonly api?: IngressApi;
  /** The routes, matched in order (with the Gateway API: by the longest prefix). */
  readonly routes: readonly MeshRouteProps[];
}

/** A whole mesh deployment, described as data: what {@link MeshTopology} synthesizes. */
export interface MeshTopologyProps {
  /** The topology's name. */
  readonly name: string;
  /** The namespace everything runs in. */
  readonly namespace: string;
  /**
   * What runs the apps: the Appsody operator, or plain Deployments and Services.
   * @default 'appsody'
   */
  readonly workload?: WorkloadKind;
  /**
   * The Pod Security Standard the namespace enforces; every pod template in it must meet it.
   * @default - the strictest level the workload backend's pods meet (`baseline` for appsody, `restricted` for kubernetes)
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Whether the namespace is locked down: strict mTLS, deny by default, allow-lists per app.
   * @default true
   */
  readonly security?: boolean;
  /**
   * How the mesh runs its proxies: a sidecar in every pod, or ambient mode (ztunnel, and a waypoint for the L7
   * features: allow-lists, fault injection, subsets), which needs a Gateway API ingress.
   * @default 'sidecar'
   */
  readonly dataplane?: Dataplane;
  /** Tracing settings, shared by the apps' Jaeger clients, the Istio install and the Telemetry resource. */
  readonly tracing: MeshTracingProps;
  /** The traced apps. */
  readonly apps: readonly MeshAppProps[];
  /** The ingress gateway and its routes. */
  readonly ingress: MeshIngressTopologyProps;
  /** Fault experiments, each written to its own opt-in file. */
  readonly faultScenarios: readonly MeshFaultScenarioProps[];
  /**
   * The Istio installation (`istio/istio-operator.yaml`, for `istioctl install -f`).
   * @default - none
   */
  readonly istio?: Omit<IstioInstallProps, 'collector'>;
  /**
   * The Grafana dashboard of the namespace's services (`grafana/`).
   * @default - none
   */
  readonly dashboard?: Omit<TracingDashboardOptions, 'namespace'>;
  /**
   * A workload that sends requests through the ingress gateway (`traffic/`).
   * @default - none
   */
  readonly trafficGenerator?: MeshTrafficProps;
  /**
   * A canary release of one app (`canary/`).
   * @default - none
   */
  readonly canary?: MeshCanaryProps;
}

/**
 * Synthesizes a {@link MeshTopologyProps}: one {@link OutputChart} per file, in apply order (namespace, the waypoint
 * in ambient mode, tracing settings, security policies, apps with their ServiceAccounts, ingress), written for its
 * data plane and ingress API, and the opt-in outputs in folders of their
 * own: one file per fault scenario under `faults/`, the Istio install under `istio/`, the dashboard under `grafana/`,
 * the traffic generator under `traffic/` and the canary release under `canary/`.
 *
 * It only wires: the checks across its parts (unique names, references between apps, routes, subsets and scenarios)
 * are the topology validation's (`src/validate/topology/`), which runs on the props before this is built. What it
 * cannot wire (a reference to an app it does not have) throws.
 */
export class MeshTopology extends Construct {
  /** Whether `x` is a MeshTopology. */
  public static isMeshTopology(x: unknown): x is MeshTopology {
    return x instanceof MeshTopology;
  }

  /** The namespace. */
  public readonly namespace: MeshNamespace;
  /** The Jaeger client settings. */
  public readonly tracingConfig: TracingConfig;
  /** The apps, by name. */
  public readonly apps: ReadonlyMap<string, TracedApp>;
  /** The ingress. */
  public readonly ingress: Ingress;
  /** The name the ingress VirtualService has (or would have, with the Istio API). */
  public readonly virtualServiceName: string;
  /** How the mesh runs its proxies. */
  public readonly dataplane: Dataplane;
  /** The waypoint of the namespace's Services, when ambient mode needs one. */
  public readonly waypoint?: Waypoint;
  /** The install profile the topology names, before its data plane's own choice (ambient mode takes an ambient one). */
  public readonly istioProfile?: string;
  /** The Istio install (`istioctl install -f`), when the topology has one. */
  public readonly istioInstall?: IstioInstall;
  /** The DestinationRule subsets of the apps that name versions, by app name. */
  public readonly subsets: ReadonlyMap<string, VersionSubsets>;
  /** The traffic generator, when the topology has one. */
  public readonly trafficGenerator?: TrafficGenerator;
  /** The fault scenarios, in the order given. */
  public readonly faultScenarios: readonly FaultScenario[];
  /** The namespace's security policies, unless the topology turns them off. */
  public readonly security?: MeshSecurity;
  /** The calls between apps. */
  public readonly calls: readonly AppCall[];
  /** The canary release, if the topology has one. */
  public readonly canary?: CanaryRelease;
  /** The topology's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: MeshTopologyProps) {
    super(scope, id);
    const ns = props.namespace;
    requireDnsLabel(props.name, 'topology name');
    this.name = props.name;
    // every object says what it is part of, for `kubectl apply --prune -l` and `kubectl delete -l`
    const labels = { 'app.kubernetes.io/part-of': props.name, 'app.kubernetes.io/managed-by': 'cdk8s' };
    // charts of cluster-scoped objects, or of objects that name their own namespace, pass null
    const outputChart = (chartId: string, file: string, namespace: string | null = ns, chartLabels = labels) =>
      new OutputChart(this, chartId, { file, namespace: namespace ?? undefined, labels: chartLabels });
    // the Istio install is the cluster's, not the app's: pruning or deleting the app by its label leaves it alone
    const installLabels = { 'app.kubernetes.io/part-of': 'istio', 'app.kubernetes.io/managed-by': 'cdk8s' };
    const podSecurity = props.podSecurity ?? workloadBackend(props.workload ?? 'appsody', `topology ${props.name}`).podSecurity;
    const dataplane = props.dataplane ?? 'sidecar';
    this.dataplane = dataplane;
    const ingressApi = props.ingress.api ?? 'istio';
    if (dataplane === 'ambient' && ingressApi !== 'gateway-api') {
      throw new PropError(`ambient mode needs a Gateway API ingress: the ambient profile installs no ingress gateway for an Istio Gateway, got ingress api '${ingressApi}'`);
    }
    // in ambient mode, L7 (methods and paths in the allow-lists, fault injection, subsets) takes a waypoint
    const l7 = (props.security ?? true) || props.faultScenarios.length > 0 || props.apps.some((a) => (a.subsets ?? []).length > 0);
    const waypointName = dataplane === 'ambient' && l7 ? DEFAULT_WAYPOINT_NAME : undefined;
    this.namespace = new MeshNamespace(outputChart('namespace', '00-namespace.yaml', null), 'Namespace', {
      name: ns,
      podSecurity,
      dataplane,
      waypoint: waypointName,
    });
    if (waypointName) this.waypoint = new Waypoint(outputChart('waypoint', '05-waypoint.yaml'), 'Waypoint', { name: waypointName, podSecurity });
    const { collector: collectorProps, ...tracing } = props.tracing;
    const collector = new TracingCollector(collectorProps);
    const tracingChart = outputChart('tracing', '10-tracing.yaml');
    this.tracingConfig = new TracingConfig(tracingChart, 'TracingConfig', { ...tracing, collector });
    new MeshTelemetry(tracingChart, 'Telemetry', { tracing: this.tracingConfig });
    if (collector.backend === 'jaeger-v2') new JaegerCollector(outputChart('observability', 'observability/jaeger.yaml', null), 'Jaeger', { collector });

    const apps = new Map<string, TracedApp>();
    const subsets = new Map<string, VersionSubsets>();
    for (const { subsets: versions, calls: _calls, ...app } of props.apps) {
      const chart = outputChart(`app-${app.name}`, `20-app-${app.name}.yaml`);
      const traced = new TracedApp(chart, 'App', { ...app, workload: props.workload, dataplane, tracingConfig: this.tracingConfig });
      apps.set(app.name, traced);
      if (versions) subsets.set(app.name, new VersionSubsets(chart, 'Subsets', { app: traced, versions }));
    }
    this.apps = apps;
    this.subsets = subsets;
    const appOf = (target: MeshAppProps, user: string): TracedApp => {
      const app = apps.get(target.name);
      if (!app) throw new PropError(`${user} targets app '${target.name}', which is not one of the topology's apps (${[...apps.keys()].join(', ')})`);
      return app;
    };

    const { api: _api, routes: ingressRoutes, ...ingress } = props.ingress;
    const routes = ingressRoutes.map((r) => ({
      prefix: r.prefix,
      rewrite: r.rewrite,
      app: appOf(r.to, `ingress route ${r.prefix}`),
      subset: r.subset,
    }));
    const ingressChart = outputChart('ingress', '30-ingress.yaml');
    this.virtualServiceName = ingress.virtualServiceName ?? DEFAULT_VIRTUAL_SERVICE_NAME;
    this.ingress =
      ingressApi === 'gateway-api'
        ? new GatewayApiIngress(ingressChart, 'Ingress', {
          routes,
          gatewayName: ingress.gatewayName,
          hosts: ingress.hosts,
          port: ingress.port,
          podSecurity,
          namespaceWaypoint: waypointName,
        })
        : new MeshIngress(ingressChart, 'Ingress', { ...ingress, routes });

    this.calls = props.apps.flatMap((caller) =>
      (caller.calls ?? []).map((call) => ({
        from: apps.get(caller.name)!,
        to: appOf(call.to, `call from app ${caller.name}`),
        paths: call.paths,
        methods: call.methods,
      })),
    );
    if (props.security ?? true) {
      this.security = new MeshSecurity(outputChart('security', '15-security.yaml'), 'Security', {
        apps: [...apps.values()],
        ingress: this.ingress,
        calls: this.calls,
        dataplane,
        waypoint: this.waypoint,
      });
    }

    this.faultScenarios = props.faultScenarios.map((s) => {
      const chart = outputChart(`fault-${s.name}`, `faults/${s.name}.yaml`);
      return new FaultScenario(chart, 'Scenario', {
        name: s.name,
        app: appOf(s.target, `fault scenario ${s.name}`),
        fault: s.fault,
        waypoint: this.waypoint,
      });
    });

    if (props.istio) {
      // one topology, either data plane: a sidecar profile (the tutorial's demo) becomes the ambient one in ambient mode
      const profile = profileFor(dataplane, props.istio.profile);
      this.istioProfile = props.istio.profile;
      const samplingPercentage = this.tracingConfig.samplingPercentage;
      this.istioInstall = new IstioInstall(outputChart('istio', 'istio/istio-operator.yaml', null, installLabels), 'Istio', {
        ...props.istio,
        profile,
        dataplane,
        collector,
        samplingPercentage,
      });
      new SailInstall(outputChart('sail', 'istio/sail.yaml', null, installLabels), 'Sail', {
        profile,
        samplingPercentage,
        version: props.istio.version,
        dataplane,
        collector,
      });
      // with a Gateway API ingress, Istio deploys the gateway of each Gateway itself
      if (ingressApi === 'istio') new SailIngressGateway(outputChart('sail-gateway', 'istio/sail-gateway.yaml', null, installLabels), 'Gateway');
    }
    if (props.dashboard) {
      const dashboard = tracingDashboard({ ...props.dashboard, namespace: ns });
      new GrafanaDashboard(outputChart('grafana', 'grafana/dashboard-configmap.yaml'), 'Dashboard', {
        dashboard,
        file: `grafana/${dashboard.uid}-dashboard.json`,
      });
    }
    if (props.trafficGenerator) {
      this.trafficGenerator = new TrafficGenerator(outputChart('traffic', 'traffic/traffic-generator.yaml'), 'Generator', {
        gatewayUrl: this.ingress.url,
        host: requestHost(this.ingress.hosts),
        dataplane,
        ...props.trafficGenerator,
        paths: props.trafficGenerator.paths ?? this.ingress.routes.map((r) => r.prefix),
      });
    }
    if (props.canary) {
      const { app: target, ...canary } = props.canary;
      const app = appOf(target, 'canary release');
      const version = canary.version ?? 'v2';
      this.canary = new CanaryRelease(outputChart('canary', `canary/${app.name}-${version}.yaml`), 'Canary', {
        ...canary,
        version,
        app,
        ingress: this.ingress,
        security: this.security,
      });
    }
  }
}

/**
 * The host a client's requests name for the gateway to take them: none where it takes any host, else its first host
 * (a wildcard's `*` standing for `traffic-generator`).
 */
function requestHost(hosts: readonly string[]): string | undefined {
  if (hosts.includes('*')) return undefined;
  return hosts[0]?.replace(/^\*\./, 'traffic-generator.');
}
