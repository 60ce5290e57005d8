import { Construct } from 'constructs';
import { FaultScenario } from './fault-scenario';
import { Ingress, IngressProps } from './ingress';
import { MeshNamespace } from './mesh-namespace';
import { OutputChart } from './output-chart';
import { TracedApp, TracedAppProps, WorkloadKind } from './traced-app';
import { AppCall, MeshSecurity } from './mesh-security';
import { TracingConfig, TracingConfigProps } from './tracing-config';
import { VersionSubsets } from './version-subsets';
import { checkDnsLabel } from './names';
import { tracingDashboard, TracingDashboardOptions } from '../src/grafana/tracing-dashboard';
import { CanaryRelease, CanaryReleaseProps } from './canary-release';
import { GrafanaDashboard } from './grafana-dashboard';
import { IstioInstall, IstioInstallProps } from './istio-install';
import { MeshTelemetry } from './mesh-telemetry';
import { TracingCollector, TracingCollectorProps } from './tracing-collector';
import { TrafficGenerator, TrafficGeneratorProps } from './traffic-generator';
import { Fault } from './fault';

/** A call an app of a topology makes to another. */
export interface CallSpec {
  /** The app called. */
  readonly to: AppSpec;
  /** The paths called. */
  readonly paths: readonly string[];
  /**
   * The methods used.
   * @default ['GET']
   */
  readonly methods?: readonly string[];
}

/** An app of a topology: a {@link TracedApp} less the objects and choices the topology provides. */
export interface AppSpec extends Omit<TracedAppProps, 'tracingConfig' | 'workload'> {
  /**
   * The other apps it calls, which the authorization policies allow.
   * @default - none
   */
  readonly calls?: readonly CallSpec[];
  /**
   * Versions to name as DestinationRule subsets (written with the app), for routes that target a version.
   * @default - no DestinationRule
   */
  readonly subsets?: readonly string[];
}

/** An ingress route of a topology, naming its target by its {@link AppSpec}. */
export interface RouteSpec {
  /** The URI prefix matched. */
  readonly prefix: string;
  /**
   * The path the app receives instead of the prefix.
   * @default - unchanged
   */
  readonly rewrite?: string;
  /** The app the requests go to. */
  readonly to: AppSpec;
  /**
   * The subset of the app the requests go to; the app must name it in its `subsets`.
   * @default - any pod of the app
   */
  readonly subset?: string;
}

/** A fault scenario of a topology. */
export interface FaultScenarioSpec {
  /** The scenario's name, also its file name under `faults/`. */
  readonly name: string;
  /** The app whose requests get the fault. */
  readonly target: AppSpec;
  /** The fault. */
  readonly fault: Fault;
}

/** How the mesh traces requests: one collector and one sampling percentage for apps and proxies alike. */
export interface TracingSpec extends Omit<TracingConfigProps, 'collector'> {
  /**
   * Where spans go.
   * @default - Istio's Jaeger add-on in istio-system
   */
  readonly collector?: TracingCollectorProps;
}

/** A canary release in a topology. */
export interface CanarySpec extends Omit<CanaryReleaseProps, 'app' | 'ingress'> {
  /** The app that gets a new version; the ingress must route to it. */
  readonly app: AppSpec;
}

/** The traffic generator of a topology. */
export interface TrafficSpec extends Partial<Omit<TrafficGeneratorProps, 'name'>> {}

/** A whole mesh deployment, described as data: what {@link MeshTopology} synthesizes. */
export interface TopologySpec {
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
   * Whether the namespace is locked down: strict mTLS, deny by default, allow-lists per app.
   * @default true
   */
  readonly security?: boolean;
  /** Tracing settings, shared by the apps' Jaeger clients, the Istio install and the Telemetry resource. */
  readonly tracing: TracingSpec;
  /** The traced apps. */
  readonly apps: readonly AppSpec[];
  /** The ingress gateway and its routes. */
  readonly ingress: Omit<IngressProps, 'routes'> & { readonly routes: readonly RouteSpec[] };
  /** Fault experiments, each written to its own opt-in file. */
  readonly faultScenarios: readonly FaultScenarioSpec[];
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
  readonly trafficGenerator?: TrafficSpec;
  /**
   * A canary release of one app (`canary/`).
   * @default - none
   */
  readonly canary?: CanarySpec;
}

/** Where the Istio ingress gateway answers inside the cluster (the demo profile's gateway Service). */
export const INGRESS_GATEWAY_URL = 'http://istio-ingressgateway.istio-system.svc.cluster.local';

/**
 * Synthesizes a {@link TopologySpec}: one {@link OutputChart} per file, in apply order (namespace, tracing settings,
 * security policies, apps with their ServiceAccounts, ingress), and the opt-in outputs in folders of their own: one file per fault scenario under `faults/`,
 * the Istio install under `istio/`, the dashboard under `grafana/`, the traffic generator under `traffic/` and
 * the canary release under `canary/`.
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

  constructor(scope: Construct, id: string, spec: TopologySpec) {
    super(scope, id);
    const ns = spec.namespace;
    checkDnsLabel(spec.name, 'topology name');
    this.name = spec.name;
    // every object says what it is part of, for `kubectl apply --prune -l` and `kubectl delete -l`
    const labels = { 'app.kubernetes.io/part-of': spec.name, 'app.kubernetes.io/managed-by': 'cdk8s' };
    // charts of cluster-scoped objects, or of objects that name their own namespace, pass null
    const outputChart = (chartId: string, file: string, namespace: string | null = ns) =>
      new OutputChart(this, chartId, { file, namespace: namespace ?? undefined, labels });
    this.namespace = new MeshNamespace(outputChart('namespace', '00-namespace.yaml', null), 'Namespace', { name: ns });
    const { collector: collectorProps, ...tracing } = spec.tracing;
    const collector = new TracingCollector(collectorProps);
    const tracingChart = outputChart('tracing', '10-tracing.yaml');
    this.tracingConfig = new TracingConfig(tracingChart, 'TracingConfig', { ...tracing, collector });
    new MeshTelemetry(tracingChart, 'Telemetry', { tracing: this.tracingConfig });

    const apps = new Map<string, TracedApp>();
    const subsets = new Map<string, VersionSubsets>();
    for (const { subsets: versions, calls: _calls, ...app } of spec.apps) {
      if (apps.has(app.name)) throw new Error(`app names must be unique in a topology, got '${app.name}' twice`);
      const chart = outputChart(`app-${app.name}`, `20-app-${app.name}.yaml`);
      const traced = new TracedApp(chart, 'App', { ...app, workload: spec.workload, tracingConfig: this.tracingConfig });
      apps.set(app.name, traced);
      if (versions) subsets.set(app.name, new VersionSubsets(chart, 'Subsets', { app: traced, versions }));
    }
    this.apps = apps;
    const appOf = (target: AppSpec, user: string): TracedApp => {
      const app = apps.get(target.name);
      if (!app) throw new Error(`${user} targets app '${target.name}', which is not one of the topology's apps (${[...apps.keys()].join(', ')})`);
      return app;
    };

    this.ingress = new Ingress(outputChart('ingress', '30-ingress.yaml'), 'Ingress', {
      ...spec.ingress,
      routes: spec.ingress.routes.map((r) => {
        const app = appOf(r.to, `ingress route ${r.prefix}`);
        if (r.subset !== undefined && !subsets.get(app.name)?.has(r.subset)) {
          throw new Error(`ingress route ${r.prefix} targets subset '${r.subset}' of app ${app.name}, which names ${subsets.get(app.name)?.versions.join(', ') || 'no subsets'}`);
        }
        return { prefix: r.prefix, rewrite: r.rewrite, app, subset: r.subset };
      }),
    });

    this.calls = spec.apps.flatMap((caller) => (caller.calls ?? []).map((call) => ({
      from: apps.get(caller.name)!,
      to: appOf(call.to, `call from app ${caller.name}`),
      paths: call.paths,
      methods: call.methods,
    })));
    if (spec.security ?? true) {
      this.security = new MeshSecurity(outputChart('security', '15-security.yaml'), 'Security', { apps: [...apps.values()], ingress: this.ingress, calls: this.calls });
    }

    const scenarioNames = new Set<string>();
    this.faultScenarios = spec.faultScenarios.map((s) => {
      if (scenarioNames.has(s.name)) throw new Error(`fault scenario names must be unique, got '${s.name}' twice`);
      scenarioNames.add(s.name);
      const chart = outputChart(`fault-${s.name}`, `faults/${s.name}.yaml`);
      return new FaultScenario(chart, 'Scenario', { name: s.name, app: appOf(s.target, `fault scenario ${s.name}`), fault: s.fault });
    });

    if (spec.istio) {
      new IstioInstall(outputChart('istio', 'istio/istio-operator.yaml', null), 'Istio', { ...spec.istio, collector });
    }
    if (spec.dashboard) {
      const dashboard = tracingDashboard({ ...spec.dashboard, namespace: ns });
      new GrafanaDashboard(outputChart('grafana', 'grafana/dashboard-configmap.yaml'), 'Dashboard', {
        dashboard, file: `grafana/${dashboard.uid}-dashboard.json`,
      });
    }
    if (spec.trafficGenerator) {
      const prefixes = this.ingress.routes.map((r) => r.prefix);
      const paths = spec.trafficGenerator.paths ?? prefixes;
      const unrouted = paths.filter((p) => !prefixes.includes(p));
      if (unrouted.length > 0) throw new Error(`traffic generator paths must be ingress route prefixes (${prefixes.join(', ')}), got ${unrouted.join(', ')}`);
      new TrafficGenerator(outputChart('traffic', 'traffic/traffic-generator.yaml'), 'Generator', {
        gatewayUrl: INGRESS_GATEWAY_URL, ...spec.trafficGenerator, paths,
      });
    }
    if (spec.canary) {
      const { app: target, ...canary } = spec.canary;
      const app = appOf(target, 'canary release');
      const version = canary.version ?? 'v2';
      this.canary = new CanaryRelease(outputChart('canary', `canary/${app.name}-${version}.yaml`), 'Canary', {
        ...canary, version, app, ingress: this.ingress,
      });
    }
  }
}
