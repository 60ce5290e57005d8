import { Construct } from 'constructs';
import {
  RuntimeComponent,
  RuntimeComponentSpecProbesLivenessHttpGetPort,
  RuntimeComponentSpecProbesReadinessHttpGetPort,
  RuntimeComponentSpecResourcesLimits,
  RuntimeComponentSpecResourcesRequests,
} from '../imports/rc.app.stacks';
import { PROBE_TIMINGS } from './app-workload';
import { stackProfile } from './stack-profile';
import type { TracedApp } from './traced-app';
import { envOf, nonEmpty } from './workload-env';
import type { WorkloadBackend } from './workload-backend';

const { initialDelaySeconds, periodSeconds, failureThreshold, readinessTimeoutSeconds } = PROBE_TIMINGS;
const TIMINGS = { initialDelaySeconds, periodSeconds, failureThreshold };

/** Props for {@link RuntimeComponentWorkload}. */
export interface RuntimeComponentWorkloadProps {
  /** The app the RuntimeComponent runs. */
  readonly app: TracedApp;
}

/**
 * A traced app as a `rc.app.stacks/v1` RuntimeComponent, which the Runtime Component Operator (1.6.2, the maintained
 * successor of the Appsody operator) turns into a Deployment and a ClusterIP Service named after the app, both
 * selecting `app.kubernetes.io/instance: <app>`, with the component's labels and annotations on its pods.
 *
 * What the operator does that this relies on or turns off:
 * - it leaves the ServiceAccount named in `serviceAccount.name` alone, and deletes the one named after the app only
 *   when the two differ (none exists here);
 * - it gives the container a restricted security context by default (non-root, no privilege escalation, all
 *   capabilities dropped, RuntimeDefault seccomp; `utils.GetSecurityContext`), so the pods meet the `restricted` Pod
 *   Security Standard, and keeps what `securityContext` sets: the stack's user and group ids, without which the
 *   kubelet refuses to start an image whose user is a name (`USER node`: "container has runAsNonRoot and image has
 *   non-numeric user, cannot verify user is non-root");
 * - `manageTLS: false`: it would otherwise serve the app over TLS with a certificate of its own; the mesh's mutual
 *   TLS encrypts instead, and the probes and Istio's protocol detection stay plain HTTP;
 * - `networkPolicy.disable`: its NetworkPolicy admits only pods of the same application, which would shut out the
 *   Istio ingress gateway; the mesh's AuthorizationPolicies decide who may call.
 */
export class RuntimeComponentWorkload extends Construct {
  constructor(scope: Construct, id: string, props: RuntimeComponentWorkloadProps) {
    super(scope, id);
    const { app } = props;
    const r = app.resources;
    const user = stackProfile(app.stack).runAsUser;
    new RuntimeComponent(this, 'Resource', {
      metadata: {
        name: app.name,
        // the operator copies these to the pods: the label, not the deprecated annotation, asks for injection
        labels: { app: app.name, version: app.version, ...app.meshLabels },
        ...nonEmpty('annotations', app.podAnnotations),
      },
      spec: {
        applicationImage: app.image,
        serviceAccount: { name: app.serviceAccountName, mountToken: false },
        pullPolicy: app.pullPolicy,
        replicas: app.replicas,
        createKnativeService: false,
        expose: false,
        manageTls: false,
        networkPolicy: { disable: true },
        envFrom: [{ configMapRef: { name: app.tracingConfig.name } }],
        securityContext: { runAsUser: user, runAsGroup: user },
        ...envOf(app),
        service: { type: 'ClusterIP', port: app.port, portName: app.portName },
        resources: {
          requests: { cpu: RuntimeComponentSpecResourcesRequests.fromString(`${r.cpuRequestMillis}m`), memory: RuntimeComponentSpecResourcesRequests.fromString(`${r.memoryRequestMiB}Mi`) },
          limits: { cpu: RuntimeComponentSpecResourcesLimits.fromString(`${r.cpuLimitMillis}m`), memory: RuntimeComponentSpecResourcesLimits.fromString(`${r.memoryLimitMiB}Mi`) },
        },
        probes: {
          liveness: { httpGet: { path: app.livenessPath, port: RuntimeComponentSpecProbesLivenessHttpGetPort.fromNumber(app.port) }, ...TIMINGS },
          readiness: {
            httpGet: { path: app.readinessPath, port: RuntimeComponentSpecProbesReadinessHttpGetPort.fromNumber(app.port) },
            ...TIMINGS,
            timeoutSeconds: readinessTimeoutSeconds,
          },
        },
      },
    });
  }
}

/** Runs apps with the Runtime Component Operator. */
export const RUNTIME_COMPONENT_BACKEND: WorkloadBackend = {
  kind: 'runtime-component',
  podSecurity: 'restricted',
  addWorkload: (app) => new RuntimeComponentWorkload(app, 'Resource', { app }),
};
