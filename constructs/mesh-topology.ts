import { Construct } from 'constructs';
import { FaultScenario } from './fault-scenario';
import { Ingress, IngressProps } from './ingress';
import { MeshNamespace } from './mesh-namespace';
import { OutputChart } from './output-chart';
import { TracedApp, TracedAppProps } from './traced-app';
import { TracingConfig, TracingConfigProps } from './tracing-config';
import { VersionSubsets } from './version-subsets';
import { Fault } from './fault';

/** An app of a topology: a {@link TracedApp} less the objects the topology provides. */
export interface AppSpec extends Omit<TracedAppProps, 'tracingConfig'> {
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

/** A whole mesh deployment, described as data: what {@link MeshTopology} synthesizes. */
export interface TopologySpec {
  /** The topology's name. */
  readonly name: string;
  /** The namespace everything runs in. */
  readonly namespace: string;
  /** The Jaeger client settings shared by every app. */
  readonly tracing: TracingConfigProps;
  /** The traced apps. */
  readonly apps: readonly AppSpec[];
  /** The ingress gateway and its routes. */
  readonly ingress: Omit<IngressProps, 'routes'> & { readonly routes: readonly RouteSpec[] };
  /** Fault experiments, each written to its own opt-in file. */
  readonly faultScenarios: readonly FaultScenarioSpec[];
}

/**
 * Synthesizes a {@link TopologySpec}: one {@link OutputChart} per file, in apply order (namespace, tracing settings,
 * apps, ingress), and one opt-in file per fault scenario under `faults/`.
 */
export class MeshTopology extends Construct {
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

  constructor(scope: Construct, id: string, spec: TopologySpec) {
    super(scope, id);
    const ns = spec.namespace;
    this.namespace = new MeshNamespace(new OutputChart(this, 'namespace', { file: '00-namespace.yaml' }), 'Namespace', { name: ns });
    this.tracingConfig = new TracingConfig(new OutputChart(this, 'tracing', { file: '10-tracing.yaml', namespace: ns }), 'TracingConfig', spec.tracing);

    const apps = new Map<string, TracedApp>();
    const subsets = new Map<string, VersionSubsets>();
    for (const { subsets: versions, ...app } of spec.apps) {
      if (apps.has(app.name)) throw new Error(`app names must be unique in a topology, got '${app.name}' twice`);
      const chart = new OutputChart(this, `app-${app.name}`, { file: `20-app-${app.name}.yaml`, namespace: ns });
      const traced = new TracedApp(chart, 'App', { ...app, tracingConfig: this.tracingConfig });
      apps.set(app.name, traced);
      if (versions) subsets.set(app.name, new VersionSubsets(chart, 'Subsets', { app: traced, versions }));
    }
    this.apps = apps;
    const appOf = (target: AppSpec, user: string): TracedApp => {
      const app = apps.get(target.name);
      if (!app) throw new Error(`${user} targets app '${target.name}', which is not one of the topology's apps (${[...apps.keys()].join(', ')})`);
      return app;
    };

    this.ingress = new Ingress(new OutputChart(this, 'ingress', { file: '30-ingress.yaml', namespace: ns }), 'Ingress', {
      ...spec.ingress,
      routes: spec.ingress.routes.map((r) => {
        const app = appOf(r.to, `ingress route ${r.prefix}`);
        if (r.subset !== undefined && !subsets.get(app.name)?.has(r.subset)) {
          throw new Error(`ingress route ${r.prefix} targets subset '${r.subset}' of app ${app.name}, which names ${subsets.get(app.name)?.versions.join(', ') || 'no subsets'}`);
        }
        return { prefix: r.prefix, rewrite: r.rewrite, app, subset: r.subset };
      }),
    });

    const scenarioNames = new Set<string>();
    this.faultScenarios = spec.faultScenarios.map((s) => {
      if (scenarioNames.has(s.name)) throw new Error(`fault scenario names must be unique, got '${s.name}' twice`);
      scenarioNames.add(s.name);
      const chart = new OutputChart(this, `fault-${s.name}`, { file: `faults/${s.name}.yaml`, namespace: ns });
      return new FaultScenario(chart, 'Scenario', { name: s.name, app: appOf(s.target, `fault scenario ${s.name}`), fault: s.fault });
    });
  }
}
