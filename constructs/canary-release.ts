import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppWorkload } from './app-workload';
import { Ingress } from './ingress';
import { MeshSecurity } from './mesh-security';
import { PropError } from './prop-error';
import { requireDnsLabel, requireInteger } from './prop-guards';
import { instanceSelector, TracedApp } from './traced-app';

/** Props for {@link CanaryRelease}. */
export interface CanaryReleaseProps {
  /** The app that gets a second version. */
  readonly app: TracedApp;
  /** The ingress whose routes to the app are split. */
  readonly ingress: Ingress;
  /**
   * The namespace's security policies, which the new version's Service needs an allow-list of its own in where they
   * attach to Services (ambient mode).
   * @default - none
   */
  readonly security?: MeshSecurity;
  /**
   * The new version's `version` label; its workload and Service are named `<app>-<version>`.
   * @default 'v2'
   */
  readonly version?: string;
  /**
   * The new version's image.
   * @default - the app's image
   */
  readonly image?: string;
  /**
   * The percentage of the app's ingress requests the new version gets; the stable version gets the rest.
   * @default 10
   */
  readonly weight?: number;
}

/**
 * A canary release of an app: its new version as a Deployment and a ClusterIP Service of its own (`<app>-<version>`,
 * selecting only that version's pods), and the ingress routes of the app again (the VirtualService, or the app's
 * HTTPRoute), split by weight between the app's Service and the new version's. Applying it replaces them;
 * re-applying the ingress file ends the split. In ambient mode, where allow-lists attach to Services, it brings the
 * new Service's allow-list too.
 *
 * The new version's pods never carry the stable workload's selector (`app.kubernetes.io/instance: <app>`, which the
 * operators' Deployments and Services use), so no workload claims another's pods; they keep the `app` label, so the
 * app's AuthorizationPolicy and telemetry cover them, and the `version` label. Requests between apps keep going to
 * the stable version: only the ingress routes are split.
 */
export class CanaryRelease extends Construct {
  /** The new version. */
  public readonly version: string;
  /** The new version's share of requests, in percent. */
  public readonly weight: number;
  /** The new version's Service, which the split routes send its share to. */
  public readonly host: string;
  /** The app that gets the new version. */
  public readonly app: TracedApp;

  constructor(scope: Construct, id: string, props: CanaryReleaseProps) {
    super(scope, id);
    const { app, ingress } = props;
    this.app = app;
    this.version = props.version ?? 'v2';
    this.weight = props.weight ?? 10;
    requireDnsLabel(this.version, `canary version of app ${app.name}`);
    requireInteger(this.weight, 0, 100, `canary weight of app ${app.name}`);
    if (this.version === app.version) {
      throw new PropError(`canary version of app ${app.name} must differ from its stable version, got '${this.version}' for both`);
    }
    if (!ingress.routes.some((r) => r.app === app)) throw new PropError(`canary of app ${app.name} needs an ingress route to the app, got none`);

    const workload = new AppWorkload(this, 'Workload', app.workloadProps({ version: this.version, image: props.image, replicas: 1 }));
    this.host = workload.deployment.name;
    const service = new kplus.Service(this, 'Service', {
      metadata: { name: this.host, labels: { app: app.name, version: this.version, 'app.kubernetes.io/name': app.name } },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: app.portName, port: app.port, targetPort: app.port }],
    });
    for (const [key, value] of Object.entries(instanceSelector(this.host))) service.selectLabel(key, value);
    ingress.splitRoutes(this, app, [
      { app, weight: 100 - this.weight },
      { app, host: this.host, weight: this.weight },
    ]);
    props.security?.addAllowListFor(this, app, this.host);
  }
}
