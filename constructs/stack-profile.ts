import { AppResources } from './app-workload';

/** What running an Appsody stack's image takes: its user, where it writes, what it needs. */
export interface StackProfile {
  /** The non-root user id the image runs as. */
  readonly runAsUser: number;
  /** Paths the runtime writes to (mounted as `emptyDir`s, the root filesystem being read-only). */
  readonly writablePaths: readonly string[];
  /** Container requests and limits. */
  readonly resources: AppResources;
}

const NODE: StackProfile = {
  runAsUser: 1000,
  writablePaths: ['/tmp'],
  resources: { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMiB: 128, memoryLimitMiB: 256 },
};
const JAVA_RESOURCES: AppResources = { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMiB: 384, memoryLimitMiB: 768 };

/**
 * Defaults for the tutorial's stacks; any other stack gets {@link DEFAULT_STACK_PROFILE}. The user ids are those of the
 * stacks' final images (appsody/stacks `incubator/<stack>/image/project/Dockerfile`): nodejs-express's `node` (1000),
 * java-spring-boot2's `java_user` (created with uid 1000), Open Liberty's 1001.
 */
export const STACK_PROFILES: Readonly<Record<string, StackProfile>> = {
  'nodejs-express': NODE,
  'java-spring-boot2': { runAsUser: 1000, writablePaths: ['/tmp'], resources: JAVA_RESOURCES },
  'java-openliberty': { runAsUser: 1001, writablePaths: ['/tmp', '/logs', '/opt/ol/wlp/output'], resources: JAVA_RESOURCES },
};

/** The profile of a stack not listed in {@link STACK_PROFILES}. */
export const DEFAULT_STACK_PROFILE: StackProfile = { runAsUser: 1001, writablePaths: ['/tmp'], resources: JAVA_RESOURCES };

/** The profile of `stack`. */
export function stackProfile(stack: string): StackProfile {
  return STACK_PROFILES[stack] ?? DEFAULT_STACK_PROFILE;
}
