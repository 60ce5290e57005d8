import type { Construct } from 'constructs';
import type { TracedApp } from './traced-app';

/** What runs a {@link TracedApp}'s pods. */
export type WorkloadKind = 'appsody' | 'kubernetes';

/**
 * A way to run a traced app: the objects that start its stable version's pods and expose them as the app's Service.
 * A second version of the app (a canary) always runs as a plain Deployment carrying {@link serviceSelector}'s
 * labels, whatever the backend, so that it serves the app's host.
 */
export interface WorkloadBackend {
  readonly kind: WorkloadKind;
  /** The labels the app's Service selects its pods by, whatever their version. */
  serviceSelector(appName: string): Readonly<Record<string, string>>;
  /** Adds the objects that run `app`'s stable version to `app`. */
  addWorkload(app: TracedApp): Construct;
}
