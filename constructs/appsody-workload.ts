import { Construct } from 'constructs';
import {
  AppsodyApplication,
  AppsodyApplicationSpecLivenessProbeHttpGetPort,
  AppsodyApplicationSpecReadinessProbeHttpGetPort,
} from '../imports/appsody.dev';
import { PROBE_TIMINGS } from './app-workload';
import type { TracedApp } from './traced-app';
import { envOf, nonEmpty } from './workload-env';
import type { WorkloadBackend } from './workload-backend';

const { initialDelaySeconds, periodSeconds, failureThreshold, readinessTimeoutSeconds } = PROBE_TIMINGS;
const APPSODY_PROBE_TIMINGS = { initialDelaySeconds, periodSeconds, failureThreshold };

/** Props for {@link AppsodyWorkload}. */
export interface AppsodyWorkloadProps {
  /** The app the AppsodyApplication runs. */
  readonly app: TracedApp;
}

/**
 * A traced app as an AppsodyApplication, which the Appsody operator (0.6.0) turns into a Deployment and a ClusterIP
 * Service, both named after the app and both selecting `app.kubernetes.io/instance: <app>`; it passes the
 * application's labels and annotations (`sidecar.istio.io/inject`) on to the pods, runs them as
 * `spec.serviceAccountName`, and deletes the ServiceAccount named after the app when that is set (hence the app's
 * account is `<app>-sa`).
 */
export class AppsodyWorkload extends Construct {
  constructor(scope: Construct, id: string, props: AppsodyWorkloadProps) {
    super(scope, id);
    const { app } = props;
    new AppsodyApplication(this, 'Resource', {
      metadata: {
        name: app.name,
        // the operator copies both to the pods; with sidecars the 0.6.0 operator's pods ask for injection by annotation
        labels: { app: app.name, version: app.version, ...(app.dataplane === 'ambient' ? app.meshLabels : {}) },
        ...nonEmpty('annotations', { ...(app.dataplane === 'sidecar' ? app.meshLabels : {}), ...app.podAnnotations }),
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
        ...envOf(app),
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
  // the operator's pods run as the AppsodyApplication leaves them: no securityContext, so not `restricted`
  podSecurity: 'baseline',
  addWorkload: (app) => new AppsodyWorkload(app, 'Resource', { app }),
};
