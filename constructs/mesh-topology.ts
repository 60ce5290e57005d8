import { Construct } from 'constructs';
import { CanaryRelease, CanaryReleaseProps } from './canary-release';
import { Fault } from './fault';
import { FaultScenario } from './fault-scenario';
import { tracingDashboard, TracingDashboardOptions } from './grafana/tracing-dashboard';
import { GrafanaDashboard } from './grafana-dashboard';
import { INGRESS_GATEWAY_URL } from './istio-defaults';
import { IstioInstall, IstioInstallProps } from './istio-install';
import { JaegerCollector } from './jaeger-collector';
import { SailInstall } from './sail-install';
import { MeshIngress, MeshIngressProps } from './mesh-ingress';
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
export interface MeshCanaryProps extends Omit<CanaryReleaseProps, 'app' | 'ingress'> {
  /** The app that gets a new version; the ingress must route to it. */
  readonly app: MeshAppProps;
}

/** The traffic generator of a topology. */
export type MeshTrafficProps = Partial<Omit<TrafficGeneratorProps, 'name'>>;

/** The ingress of a topology: a {@link MeshIngress} whose routes name their apps by their {@link MeshAppProps}. */
export interface MeshIngressTopologyProps extends Omit<MeshIngressProps, 'routes'> {
  /** The routes, matched in order. */
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
 * Synthesizes a {@link MeshTopologyProps}: one {@link OutputChart} per file, in apply order (namespace, tracing
 * settings, security policies, apps with their ServiceAccounts, ingress), and the opt-in outputs in folders of their
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
  public readonly ingress: MeshIngress;
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
    this.namespace = new MeshNamespace(outputChart('namespace', '00-namespace.yaml', null), 'Namespace', { name: ns, podSecurity });
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
      const traced = new TracedApp(chart, 'App', { ...app, workload: props.workload, tracingConfig: this.tracingConfig });
      apps.set(app.name, traced);
      if (versions) subsets.set(app.name, new VersionSubsets(chart, 'Subsets', { app: traced, versions }));
    }
    this.apps = apps;
    const appOf = (target: MeshAppProps, user: string): TracedApp => {
      const app = apps.get(target.name);
      if (!app) throw new PropError(`${user} targets app '${target.name}', which is not one of the topology's apps (${[...apps.keys()].join(', ')})`);
      return app;
    };

    this.ingress = new MeshIngress(outputChart('ingress', '30-ingress.yaml'), 'Ingress', {
      ...props.ingress,
      routes: props.ingress.routes.map((r) => ({
        prefix: r.prefix,
        rewrite: r.rewrite,
        app: appOf(r.to, `ingress route ${r.prefix}`),
        subset: r.subset,
      })),
    });

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
      });
    }

    this.faultScenarios = props.faultScenarios.map((s) => {
      const chart = outputChart(`fault-${s.name}`, `faults/${s.name}.yaml`);
      return new FaultScenario(chart, 'Scenario', { name: s.name, app: appOf(s.target, `fault scenario ${s.name}`), fault: s.fault });
    });

    if (props.istio) {
      new IstioInstall(outputChart('istio', 'istio/istio-operator.yaml', null, installLabels), 'Istio', { ...props.istio, collector });
      new SailInstall(outputChart('sail', 'istio/sail.yaml', null, installLabels), 'Sail', {
        profile: props.istio.profile,
        version: props.istio.version,
        collector,
      });
    }
    if (props.dashboard) {
      const dashboard = tracingDashboard({ ...props.dashboard, namespace: ns });
      new GrafanaDashboard(outputChart('grafana', 'grafana/dashboard-configmap.yaml'), 'Dashboard', {
        dashboard,
        file: `grafana/${dashboard.uid}-dashboard.json`,
      });
    }
    if (props.trafficGenerator) {
      new TrafficGenerator(outputChart('traffic', 'traffic/traffic-generator.yaml'), 'Generator', {
        gatewayUrl: INGRESS_GATEWAY_URL,
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
      });
    }
  }
}
