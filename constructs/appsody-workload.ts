import { Construct } from 'constructs';
import {
  AppsodyApplication,
  AppsodyApplicationSpecLivenessProbeHttpGetPort,
  AppsodyApplicationSpecReadinessProbeHttpGetPort,
} from '../imports/appsody.dev';
import { PROBE_TIMINGS } from './app-workload';
import type { TracedApp } from './traced-app';
import type { WorkloadBackend } from './workload-backend';

const { initialDelaySeconds, periodSeconds, failureThreshold, readinessTimeoutSeconds } = PROBE_TIMINGS;
const APPSODY_PROBE_TIMINGS = { initialDelaySeconds, periodSeconds, failureThreshold };

/** Props for {@link AppsodyWorkload}. */
export interface AppsodyWorkloadProps {
  /** The app the AppsodyApplication runs. */
  readonly app: TracedApp;
}

/**
 * A traced app as an AppsodyApplication, which the Appsody operator turns into a Deployment and a ClusterIP Service,
 * both named after the app. The operator selects the app's pods by `app.kubernetes.io/instance` (see
 * {@link APPSODY_BACKEND}) and passes the `sidecar.istio.io/inject` annotation on to them.
 */
export class AppsodyWorkload extends Construct {
  constructor(scope: Construct, id: string, props: AppsodyWorkloadProps) {
    super(scope, id);
    const { app } = props;
    new AppsodyApplication(this, 'Resource', {
      metadata: {
        name: app.name,
        labels: { app: app.name, version: app.version },
        annotations: { 'sidecar.istio.io/inject': String(app.sidecarInject), ...app.podAnnotations },
      },
      spec: {
        applicationImage: app.image,
        serviceAccountName: app.serviceAccountName,
        stack: app.stack,
        pullPolicy: app.pullPolicy,
        replicas: app.replicas,
        createKnativeService: false,
        expose: false,
        envFrom: [{ configMapRef: { name: app.tracingConfig.name } }],
        service: { type: 'ClusterIP', port: app.port, portName: app.portName },
        livenessProbe: {
          httpGet: { path: app.livenessPath, port: AppsodyApplicationSpecLivenessProbeHttpGetPort.fromNumber(app.port) },
          ...APPSODY_PROBE_TIMINGS,
        },
        readinessProbe: {
          httpGet: { path: app.readinessPath, port: AppsodyApplicationSpecReadinessProbeHttpGetPort.fromNumber(app.port) },
          ...APPSODY_PROBE_TIMINGS,
          timeoutSeconds: readinessTimeoutSeconds,
        },
      },
    });
  }
}

/** Runs apps with the Appsody operator. */
export const APPSODY_BACKEND: WorkloadBackend = {
  kind: 'appsody',
  // the operator's Service selects by instance (read in the operator's source), which every version's pods carry
  serviceSelector: (appName) => ({ 'app.kubernetes.io/instance': appName }),
  addWorkload: (app) => new AppsodyWorkload(app, 'Resource', { app }),
};
