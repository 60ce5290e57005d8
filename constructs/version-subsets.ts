import { Construct } from 'constructs';
import { DestinationRule } from '../imports/networking.istio.io';
import { requireDnsLabel } from './prop-guards';
import { TracedApp } from './traced-app';
import { PropError } from './prop-error';

/** Props for {@link VersionSubsets}. */
export interface VersionSubsetsProps {
  /** The app whose Service the subsets divide. */
  readonly app: TracedApp;
  /**
   * The versions, each a subset of the same name selecting pods by their `version` label.
   * @default - the app's own version
   */
  readonly versions?: readonly string[];
}

/** A DestinationRule that names one subset per version of an app, so routes can send traffic to a version. */
export class VersionSubsets extends Construct {
  /** The subset names. */
  public readonly versions: readonly string[];
  /** The app. */
  public readonly app: TracedApp;

  constructor(scope: Construct, id: string, props: VersionSubsetsProps) {
    super(scope, id);
    this.app = props.app;
    this.versions = props.versions ?? [props.app.version];
    if (this.versions.length === 0) throw new PropError(`subsets of app ${props.app.name} must name at least one version, got none`);
    if (new Set(this.versions).size !== this.versions.length)
      throw new PropError(`subsets of app ${props.app.name} must be unique, got ${this.versions.join(', ')}`);
    for (const v of this.versions) requireDnsLabel(v, `subset of app ${props.app.name}`);
    new DestinationRule(this, 'Resource', {
      metadata: { name: props.app.name },
      spec: { host: props.app.host, subsets: this.versions.map((v) => ({ name: v, labels: { version: v } })) },
    });
  }

  /** Whether `subset` is one of the subsets. */
  public has(subset: string): boolean {
    return this.versions.includes(subset);
  }
}
