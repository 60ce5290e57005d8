import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppWorkload } from './app-workload';
import type { TracedApp } from './traced-app';
import type { WorkloadBackend } from './workload-backend';

/** Props for {@link KubernetesWorkload}. */
export interface KubernetesWorkloadProps {
  /** The app the Deployment and Service run. */
  readonly app: TracedApp;
}

/**
 * A traced app as what the Appsody operator would create for it, for clusters without the operator: a hardened
 * Deployment of its stable version and its ClusterIP Service, both selecting `app.kubernetes.io/instance: <app>`, and
 * with more than one replica a PodDisruptionBudget that lets voluntary evictions take one pod at a time.
 */
export class KubernetesWorkload extends Construct {
  /** The stable version's Deployment. */
  public readonly workload: AppWorkload;
  /** The app's Service. */
  public readonly service: kplus.Service;
  /** The PodDisruptionBudget of the stable version's pods, when it runs more than one. */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: KubernetesWorkloadProps) {
    super(scope, id);
    const { app } = props;
    this.workload = new AppWorkload(this, 'Resource', app.workloadProps({ version: app.version, replicas: app.replicas }));
    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: app.name, labels: { app: app.name, 'app.kubernetes.io/name': app.name } },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: app.portName, port: app.port, targetPort: app.port }],
    });
    for (const [key, value] of Object.entries(app.serviceSelector)) this.service.selectLabel(key, value);
    // with more than one pod, a drain or node upgrade evicts them one at a time, so the app keeps serving
    if (app.replicas > 1) {
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: app.name, labels: { app: app.name, 'app.kubernetes.io/name': app.name } },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...app.serviceSelector } } },
      });
    }
  }
}

/** Runs apps as plain Deployments and Services. */
export const KUBERNETES_BACKEND: WorkloadBackend = {
  kind: 'kubernetes',
  // hardened pods: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp
  podSecurity: 'restricted',
  addWorkload: (app) => new KubernetesWorkload(app, 'Workload', { app }),
};
