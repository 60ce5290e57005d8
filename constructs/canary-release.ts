import { Construct } from 'constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { AppWorkload } from './app-workload';
import { MeshIngress } from './mesh-ingress';
import { PropError } from './prop-error';
import { requireDnsLabel, requireInteger } from './prop-guards';
import { TracedApp } from './traced-app';
import { VersionSubsets } from './version-subsets';

/** Props for {@link CanaryRelease}. */
export interface CanaryReleaseProps {
  /** The app that gets a second version. */
  readonly app: TracedApp;
  /** The ingress whose routes to the app are split. */
  readonly ingress: MeshIngress;
  /**
   * The new version's `version` label and subset name.
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
 * A canary release of an app: its new version's pods, a DestinationRule with one subset per version (by the
 * `version` label), and the ingress VirtualService again, with the app's routes split by weight between the two
 * subsets. Applying it replaces the ingress VirtualService; re-applying the ingress file ends the split.
 *
 * The new version runs as a Deployment whose pods carry the labels the app's Service selects, so they serve the
 * app's host and the `version` label alone tells the subsets apart. (A second AppsodyApplication would get a
 * Service of its own, and its pods would never be in the app's subsets.)
 */
export class CanaryRelease extends Construct {
  /** The new version. */
  public readonly version: string;
  /** The new version's share of requests, in percent. */
  public readonly weight: number;
  /** The subsets. */
  public readonly subsets: VersionSubsets;
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
    if (this.version === app.version)
      throw new PropError(`canary version of app ${app.name} must differ from its stable version, got '${this.version}' for both`);
    if (!ingress.routes.some((r) => r.app === app)) throw new PropError(`canary of app ${app.name} needs an ingress route to the app, got none`);

    new AppWorkload(this, 'Workload', app.workloadProps({ version: this.version, image: props.image, replicas: 1 }));
    this.subsets = new VersionSubsets(this, 'Subsets', { app, versions: [app.version, this.version] });
    new VirtualService(this, 'Resource', {
      metadata: { name: ingress.virtualServiceName },
      spec: ingress.virtualServiceSpec((route) =>
        route.app !== app
          ? undefined
          : [
            { app, subset: app.version, weight: 100 - this.weight },
            { app, subset: this.version, weight: this.weight },
          ],
      ),
    });
  }
}
