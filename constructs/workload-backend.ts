import type { Construct } from 'constructs';
import type { PodSecurityLevel } from './pod-security';
import type { TracedApp } from './traced-app';

/** What runs a {@link TracedApp}'s pods. */
export type WorkloadKind = 'appsody' | 'kubernetes' | 'runtime-component';

/**
 * A way to run a traced app: the objects that start its stable version's pods and expose them as the app's Service
 * (named after the app, selecting `app.kubernetes.io/instance: <app>`, as the operators do). Another version of the
 * app (a canary) always runs as a plain Deployment and Service of its own, whatever the backend.
 */
export interface WorkloadBackend {
  readonly kind: WorkloadKind;
  /** The strictest Pod Security Standard the pods this backend starts meet (with Istio's CNI node agent). */
  readonly podSecurity: PodSecurityLevel;
  /** Adds the objects that run `app`'s stable version to `app`. */
  addWorkload(app: TracedApp): Construct;
}
