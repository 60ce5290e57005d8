import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppResources, AppWorkloadProps, PullPolicy } from './app-workload';
import { Dataplane, DATAPLANES, meshPodLabels } from './mesh-modes';
import { PropError } from './prop-error';
import { quote, requireDnsLabel, requireInteger, requirePath } from './prop-guards';
import { stackProfile } from './stack-profile';
import { TracingConfig } from './tracing-config';
import { WorkloadBackend, WorkloadKind } from './workload-backend';
import { workloadBackend } from './workload-backends';

/** The tracing library of an app. */
export type TracingClient = 'jaeger' | 'opentelemetry';

/** The tracing libraries. */
export const TRACING_CLIENTS: readonly TracingClient[] = ['jaeger', 'opentelemetry'];

/** The labels that select the pods of the workload `name`, as the operators select theirs. */
export function instanceSelector(name: string): Readonly<Record<string, string>> {
  return { 'app.kubernetes.io/instance': name };
}

/** Which version of a {@link TracedApp} a workload runs. */
export interface AppVersionOptions {
  /** The `version` label; the stable version keeps the app's name, any other is named `<app>-<version>`. */
  readonly version: string;
  /**
   * The version's image.
   * @default - the app's image
   */
  readonly image?: string;
  /** How many pods. */
  readonly replicas: number;
}

/** Props for {@link TracedApp}. */
export interface TracedAppProps {
  /** The app's name: its AppsodyApplication, Service and `app` label. */
  readonly name: string;
  /** The container image, e.g. `dev.local/nodejs-tracing`. */
  readonly image: string;
  /** The Appsody stack the app was built from, e.g. `nodejs-express`. */
  readonly stack: string;
  /** The port the app listens on, which its Service exposes too. */
  readonly port: number;
  /** The liveness probe's HTTP path. */
  readonly livenessPath: string;
  /** The readiness probe's HTTP path. */
  readonly readinessPath: string;
  /** The Jaeger client settings, read through `envFrom`. */
  readonly tracingConfig: TracingConfig;
  /**
   * The `version` label, which Istio's telemetry and DestinationRule subsets use.
   * @default 'v1'
   */
  readonly version?: string;
  /**
   * The Service port's name; Istio picks the protocol from its prefix.
   * @default 'http'
   */
  readonly portName?: string;
  /**
   * Whether the app's pods are in the mesh: with sidecars, whether Istio injects one (`sidecar.istio.io/inject`); in
   * ambient mode, whether ztunnel captures their traffic (`istio.io/dataplane-mode: none` when not).
   * @default true
   */
  readonly sidecarInject?: boolean;
  /**
   * How the mesh runs its proxies: a sidecar in each pod, or ambient mode (no sidecar, no injection labels).
   * @default 'sidecar'
   */
  readonly dataplane?: Dataplane;
  /**
   * How many pods run the app.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * When the image is pulled; `dev.local` images exist only on the node, so never pulling them by default.
   * @default 'IfNotPresent'
   */
  readonly pullPolicy?: PullPolicy;
  /**
   * What runs the app: an AppsodyApplication for the Appsody operator, or the Deployment and Service the operator
   * would have created, for clusters without it.
   * @default 'appsody'
   */
  readonly workload?: WorkloadKind;
  /**
   * The tracing library in the app: the Jaeger client the tutorial's apps use, which reads the `JAEGER_*` settings,
   * or an OpenTelemetry SDK, which reads the `OTEL_*` settings and gets `OTEL_SERVICE_NAME` from here.
   * @default 'jaeger'
   */
  readonly tracingClient?: TracingClient;
  /**
   * The container's requests and limits (where the project runs the pods itself: the `kubernetes` workload, and a canary).
   * @default - the stack's profile
   */
  readonly resources?: AppResources;
}

/**
 * A traced microservice in the mesh: its ServiceAccount (the identity authorization policies name), and its pods and
 * ClusterIP Service as its {@link WorkloadBackend} runs them (the Appsody operator, or plain Kubernetes objects).
 */
export class TracedApp extends Construct {
  /** The app's name, also its Service's name. */
  public readonly name: string;
  /** The namespace the app runs in. */
  public readonly namespace: string;
  /** The Service port. */
  public readonly port: number;
  /** The Service port's name. */
  public readonly portName: string;
  /** The `version` label of the stable version. */
  public readonly version: string;
  /** Whether the app's pods are in the mesh (with sidecars: whether the sidecar is injected). */
  public readonly sidecarInject: boolean;
  /** How the mesh runs its proxies. */
  public readonly dataplane: Dataplane;
  /** The pod labels that say whether the app's pods are in the mesh, as its data plane reads them. */
  public readonly meshLabels: Readonly<Record<string, string>>;
  /** The Service host that routes send traffic to (the short name, resolved in the app's namespace). */
  public readonly host: string;
  /** The container image. */
  public readonly image: string;
  /** The Appsody stack. */
  public readonly stack: string;
  /** The liveness probe's path. */
  public readonly livenessPath: string;
  /** The readiness probe's path. */
  public readonly readinessPath: string;
  /** The Jaeger client settings. */
  public readonly tracingConfig: TracingConfig;
  /** When the image is pulled. */
  public readonly pullPolicy: PullPolicy;
  /** How many pods run the stable version. */
  public readonly replicas: number;
  /** Requests and limits of the pods the project runs itself. */
  public readonly resources: AppResources;
  /** The tracing library in the app. */
  public readonly tracingClient: TracingClient;
  /** Environment variables of the app's container beyond the tracing ConfigMap's (the OpenTelemetry service name). */
  public readonly env: Readonly<Record<string, string>>;
  /** The annotations of every pod of the app. */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  /** The labels the app's Service and its stable workload select its pods by; a pod with them serves the app's host. */
  public readonly serviceSelector: Readonly<Record<string, string>>;
  /** The ServiceAccount the app's pods run as. */
  public readonly serviceAccountName: string;
  /** What runs the app. */
  public readonly workload: WorkloadKind;
  /** How the app's stable version runs. */
  public readonly backend: WorkloadBackend;

  constructor(scope: Construct, id: string, props: TracedAppProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'app name');
    requireInteger(props.port, 1, 65535, `port of app ${props.name}`);
    requirePath(props.livenessPath, `liveness path of app ${props.name}`);
    requirePath(props.readinessPath, `readiness path of app ${props.name}`);
    if (typeof props.image !== 'string' || props.image.trim() === '' || /\s/.test(props.image)) {
      throw new PropError(`image of app ${props.name} must be an image reference without spaces, got ${quote(props.image)}`);
    }
    this.name = props.name;
    this.namespace = Chart.of(this).namespace ?? 'default';
    this.port = props.port;
    this.portName = props.portName ?? 'http';
    this.version = props.version ?? 'v1';
    requireDnsLabel(this.version, `version of app ${props.name}`);
    this.sidecarInject = props.sidecarInject ?? true;
    this.dataplane = props.dataplane ?? 'sidecar';
    if (!DATAPLANES.includes(this.dataplane)) {
      throw new PropError(`data plane of app ${props.name} must be one of ${DATAPLANES.join(', ')}, got ${quote(this.dataplane)}`);
    }
    this.meshLabels = meshPodLabels(this.dataplane, this.sidecarInject);
    this.host = props.name;
    this.image = props.image;
    this.stack = props.stack;
    this.livenessPath = props.livenessPath;
    this.readinessPath = props.readinessPath;
    this.tracingConfig = props.tracingConfig;
    this.pullPolicy = props.pullPolicy ?? 'IfNotPresent';
    this.replicas = props.replicas ?? 1;
    requireInteger(this.replicas, 0, 1000, `replicas of app ${props.name}`);
    this.resources = props.resources ?? stackProfile(this.stack).resources;
    this.tracingClient = props.tracingClient ?? 'jaeger';
    if (!TRACING_CLIENTS.includes(this.tracingClient)) {
      throw new PropError(`tracing client of app ${props.name} must be one of ${TRACING_CLIENTS.join(', ')}, got ${quote(this.tracingClient)}`);
    }
    this.env = this.tracingClient === 'opentelemetry' ? { OTEL_SERVICE_NAME: this.name } : {};
    // explicit, so that the probes keep working under strict mTLS even where a mesh changes the default; ambient mode
    // has no sidecar to rewrite them, and ztunnel lets the kubelet's probes through
    this.podAnnotations = this.dataplane === 'sidecar' ? { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' } : {};
    this.workload = props.workload ?? 'appsody';
    const backend = workloadBackend(this.workload, `app ${props.name}`);
    this.backend = backend;
    this.serviceSelector = instanceSelector(this.name);
    // Not the app's name: the Appsody operator deletes the ServiceAccount named after the application whenever
    // spec.serviceAccountName is set (it cleans up the one it would have generated), and the Runtime Component
    // Operator does so when the name differs from the application's.
    this.serviceAccountName = `${this.name}-sa`;

    // its own account, so that authorization policies can name the app as a caller
    new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, labels: { app: this.name } },
      automountToken: false,
    });
    backend.addWorkload(this);
  }

  /** The name of the workload and Service of `version`: the app's own for its stable version, else `<app>-<version>`. */
  public workloadName(version: string): string {
    return version === this.version ? this.name : `${this.name}-${version}`;
  }

  /**
   * The Deployment props of one version of the app, for the backends and releases that run its pods themselves: the
   * app's labels with the version, and a selector by the workload's own instance name, which no other version's
   * pods carry (workloads never claim each other's pods) and which stays the same from release to release (a
   * Deployment's selector cannot change).
   */
  public workloadProps(options: AppVersionOptions): AppWorkloadProps {
    const { version } = options;
    const profile = stackProfile(this.stack);
    const name = this.workloadName(version);
    return {
      name,
      labels: { app: this.name, version, 'app.kubernetes.io/name': this.name },
      selector: instanceSelector(name),
      podAnnotations: this.podAnnotations,
      image: options.image ?? this.image,
      port: this.port,
      portName: this.portName,
      livenessPath: this.livenessPath,
      readinessPath: this.readinessPath,
      envFromConfigMap: this.tracingConfig.name,
      env: this.env,
      serviceAccountName: this.serviceAccountName,
      meshLabels: this.meshLabels,
      resources: this.resources,
      runAsUser: profile.runAsUser,
      writablePaths: profile.writablePaths,
      replicas: options.replicas,
      pullPolicy: this.pullPolicy,
    };
  }
}
