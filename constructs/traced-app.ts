import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppsodyApplication, AppsodyApplicationSpecLivenessProbeHttpGetPort, AppsodyApplicationSpecReadinessProbeHttpGetPort } from '../imports/appsody.dev';
import { checkDnsLabel, checkInteger, checkPath } from './names';
import { TracingConfig } from './tracing-config';

/** Probe timings as `appsody deploy` generates them. */
const PROBE_TIMINGS = { initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 12 };
const READINESS_TIMEOUT_SECONDS = 1;

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
}

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
    const replicas = props.replicas ?? 1;
    checkInteger(replicas, 0, 1000, `replicas of app ${props.name}`);

    new AppsodyApplication(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: { app: this.name, version: this.version },
        annotations: { 'sidecar.istio.io/inject': String(this.sidecarInject) },
      },
      spec: {
        applicationImage: props.image,
        stack: props.stack,
        pullPolicy: props.pullPolicy ?? 'IfNotPresent',
        replicas,
        createKnativeService: false,
        expose: false,
        envFrom: [{ configMapRef: { name: props.tracingConfig.name } }],
        service: { type: 'ClusterIP', port: this.port, portName: this.portName },
        livenessProbe: {
          httpGet: { path: props.livenessPath, port: AppsodyApplicationSpecLivenessProbeHttpGetPort.fromNumber(this.port) },
          ...PROBE_TIMINGS,
        },
        readinessProbe: {
          httpGet: { path: props.readinessPath, port: AppsodyApplicationSpecReadinessProbeHttpGetPort.fromNumber(this.port) },
          ...PROBE_TIMINGS,
          timeoutSeconds: READINESS_TIMEOUT_SECONDS,
        },
      },
    });
  }
}
