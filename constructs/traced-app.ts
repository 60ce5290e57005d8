import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppsodyApplication, AppsodyApplicationSpecLivenessProbeHttpGetPort, AppsodyApplicationSpecReadinessProbeHttpGetPort } from '../imports/appsody.dev';
import * as kplus from 'cdk8s-plus-27';
import { AppResources, AppWorkload, PROBE_TIMINGS } from './app-workload';
import { stackProfile } from './stack-profile';
import { checkDnsLabel, checkInteger, checkPath } from './names';
import { TracingConfig } from './tracing-config';

const { initialDelaySeconds, periodSeconds, failureThreshold, readinessTimeoutSeconds } = PROBE_TIMINGS;
const APPSODY_PROBE_TIMINGS = { initialDelaySeconds, periodSeconds, failureThreshold };

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
   * Whether Istio injects its sidecar (annotation `sidecar.istio.io/inject`).
   * @default true
   */
  readonly sidecarInject?: boolean;
  /**
   * How many pods run the app.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * When the image is pulled; `dev.local` images exist only on the node, so never pulling them by default.
   * @default 'IfNotPresent'
   */
  readonly pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * What runs the app: an AppsodyApplication for the Appsody operator, or the Deployment and Service the operator
   * would have created, for clusters without it.
   * @default 'appsody'
   */
  readonly workload?: WorkloadKind;
  /**
   * The container's requests and limits (`kubernetes` workload).
   * @default - the stack's profile
   */
  readonly resources?: AppResources;
}

/** What runs a {@link TracedApp}. */
export type WorkloadKind = 'appsody' | 'kubernetes';

/** A traced microservice, deployed by the Appsody operator behind a ClusterIP Service in the mesh. */
export class TracedApp extends Construct {
  /** The app's name, also its Service's name. */
  public readonly name: string;
  /** The namespace the app runs in. */
  public readonly namespace: string;
  /** The Service port. */
  public readonly port: number;
  /** The Service port's name. */
  public readonly portName: string;
  /** The `version` label. */
  public readonly version: string;
  /** Whether the sidecar is injected. */
  public readonly sidecarInject: boolean;
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
  public readonly pullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  /** The labels the app's Service selects its pods by; a pod with them serves the app's host. */
  public readonly serviceSelector: Readonly<Record<string, string>>;
  /** The ServiceAccount the app's pods run as. */
  public readonly serviceAccountName: string;
  /** What runs the app. */
  public readonly workload: WorkloadKind;

  constructor(scope: Construct, id: string, props: TracedAppProps) {
    super(scope, id);
    checkDnsLabel(props.name, 'app name');
    checkInteger(props.port, 1, 65535, `port of app ${props.name}`);
    checkPath(props.livenessPath, `liveness path of app ${props.name}`);
    checkPath(props.readinessPath, `readiness path of app ${props.name}`);
    if (props.image.trim() === '' || /\s/.test(props.image)) throw new Error(`image of app ${props.name} must be an image reference, got '${props.image}'`);
    this.name = props.name;
    this.namespace = Chart.of(this).namespace ?? 'default';
    this.port = props.port;
    this.portName = props.portName ?? 'http';
    this.version = props.version ?? 'v1';
    this.sidecarInject = props.sidecarInject ?? true;
    this.host = props.name;
    this.image = props.image;
    this.stack = props.stack;
    this.livenessPath = props.livenessPath;
    this.readinessPath = props.readinessPath;
    this.tracingConfig = props.tracingConfig;
    this.pullPolicy = props.pullPolicy ?? 'IfNotPresent';
    this.workload = props.workload ?? 'appsody';
    // the Appsody operator selects an AppsodyApplication's pods by instance; our own Service by app, so that every
    // version of the app serves its host
    this.serviceSelector = this.workload === 'appsody' ? { 'app.kubernetes.io/instance': this.name } : { app: this.name };
    this.serviceAccountName = this.name;
    const replicas = props.replicas ?? 1;
    checkInteger(replicas, 0, 1000, `replicas of app ${props.name}`);
    const labels = { app: this.name, version: this.version };
    // explicit, so that the probes keep working under strict mTLS even where a mesh changes the default
    const podAnnotations = { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' };

    // its own account, so that authorization policies can name the app as a caller
    new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: { name: this.serviceAccountName, labels: { app: this.name } }, automountToken: false });
    if (this.workload === 'kubernetes') {
      this.renderDeployment(props, labels, podAnnotations, replicas);
      return;
    }

    new AppsodyApplication(this, 'Resource', {
      metadata: {
        name: this.name,
        labels,
        annotations: { 'sidecar.istio.io/inject': String(this.sidecarInject), ...podAnnotations },
      },
      spec: {
        applicationImage: props.image,
        serviceAccountName: this.serviceAccountName,
        stack: props.stack,
        pullPolicy: this.pullPolicy,
        replicas,
        createKnativeService: false,
        expose: false,
        envFrom: [{ configMapRef: { name: props.tracingConfig.name } }],
        service: { type: 'ClusterIP', port: this.port, portName: this.portName },
        livenessProbe: {
          httpGet: { path: props.livenessPath, port: AppsodyApplicationSpecLivenessProbeHttpGetPort.fromNumber(this.port) },
          ...APPSODY_PROBE_TIMINGS,
        },
        readinessProbe: {
          httpGet: { path: props.readinessPath, port: AppsodyApplicationSpecReadinessProbeHttpGetPort.fromNumber(this.port) },
          ...APPSODY_PROBE_TIMINGS,
          timeoutSeconds: readinessTimeoutSeconds,
        },
      },
    });
  }

  /** What the Appsody operator would create for the app: a hardened Deployment and a ClusterIP Service. */
  private renderDeployment(props: TracedAppProps, labels: Record<string, string>, podAnnotations: Record<string, string>, replicas: number): void {
    const profile = stackProfile(this.stack);
    new AppWorkload(this, 'Resource', {
      name: this.name,
      labels: { ...labels, 'app.kubernetes.io/name': this.name },
      selector: { app: this.name, version: this.version },
      podAnnotations,
      image: this.image,
      port: this.port,
      portName: this.portName,
      livenessPath: this.livenessPath,
      readinessPath: this.readinessPath,
      envFromConfigMap: props.tracingConfig.name,
      serviceAccountName: this.serviceAccountName,
      sidecarInject: this.sidecarInject,
      resources: props.resources ?? profile.resources,
      runAsUser: profile.runAsUser,
      writablePaths: profile.writablePaths,
      replicas,
      pullPolicy: this.pullPolicy,
    });
    const service = new kplus.Service(this, 'Service', {
      // one Service for every version of the app
      metadata: { name: this.name, labels: { app: this.name, 'app.kubernetes.io/name': this.name } },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: this.portName, port: this.port, targetPort: this.port }],
    });
    for (const [key, value] of Object.entries(this.serviceSelector)) service.selectLabel(key, value);
  }
}
