// An environment: the few things that differ from the topology's own description where it is deployed.
import {
  DATAPLANES,
  Dataplane,
  INGRESS_APIS,
  IngressApi,
  MeshAppProps,
  MeshTopologyProps,
  TracingCollectorProps,
  WORKLOAD_KINDS,
  WorkloadKind,
} from '../../constructs';
import type { KubernetesVersion } from '../validate';
import { TopologyError } from '../validate/topology';
import { array, boolean, either, integer, object, oneOf, optional, record, ShapeProblem, string } from '../validate/topology/shape';
import { collector, dnsLabel, GATEWAY_HOST, percentage } from '../validate/topology/topology-shape';

/** Where an app's images come from in an environment. */
export interface ImageOverrides {
  /**
   * The registry (and path) every app's image is taken from, in place of the one in its image reference.
   * @default - as the topology says
   */
  readonly registry?: string;
  /**
   * The tag of every app's image.
   * @default - as the topology says (none means `latest`)
   */
  readonly tag?: string;
  /**
   * Tags per app name, over `tag`.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What an environment changes. Everything left out is as the topology describes it. */
export interface EnvironmentOverrides {
  /** The namespace. */
  readonly namespace?: string;
  /** Image registry and tags. */
  readonly images?: ImageOverrides;
  /** Pods per app: one number for all, or per app name. */
  readonly replicas?: number | Readonly<Record<string, number>>;
  /** The percentage of requests traced, by the apps and the proxies. */
  readonly samplingPercentage?: number;
  /** Where spans go. */
  readonly collector?: TracingCollectorProps;
  /** The fault scenarios emitted, by name (all when left out, none for an empty list). */
  readonly faultScenarios?: readonly string[];
  /** Whether the canary release is emitted. */
  readonly canary?: boolean;
  /** What runs the apps. */
  readonly workload?: WorkloadKind;
  /** The API the ingress is written in: Istio's Gateway and VirtualService, or the Gateway API. */
  readonly ingress?: IngressApi;
  /**
   * The hosts the ingress gateway takes the environment's requests for. Environments that share a cluster share its
   * ingress gateway: each needs hosts of its own there, or their routes for the same paths merge and one takes the
   * other's requests (IST0145).
   */
  readonly ingressHosts?: readonly string[];
  /** How the mesh runs its proxies: sidecars, or ambient mode (which needs the Gateway API ingress). */
  readonly dataplane?: Dataplane;
}

/** A named environment. */
export interface Environment {
  /** The name given to `--env`. */
  readonly name: string;
  /** One line on what it is for. */
  readonly description: string;
  /** Where its output goes, relative to the project. */
  readonly outdir: string;
  readonly overrides: EnvironmentOverrides;
  /**
   * The Kubernetes version whose definitions the environment's core kinds are validated against.
   * @default DEFAULT_KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** The problems of `overrides` for `topology`, with paths relative to the overrides (`replicas.nodejs`). */
export function overridesProblems(topology: MeshTopologyProps, overrides: unknown): ShapeProblem[] {
  const appName = oneOf(...topology.apps.map((a) => a.name));
  const scenario = oneOf(...topology.faultScenarios.map((s) => s.name));
  const problems: ShapeProblem[] = [];
  object({
    namespace: optional(dnsLabel),
    images: optional(object({
      registry: optional(string(/^[A-Za-z0-9.-]+(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*\/?$/, 'a registry host[:port], optionally with a path')),
      tag: optional(IMAGE_TAG),
      tags: optional(record(IMAGE_TAG, appName)),
    })),
    replicas: optional(either('a whole number of pods (0 to 1000), or one per app name', integer(0, 1000), record(integer(0, 1000), appName))),
    samplingPercentage: optional(percentage),
    collector: optional(collector),
    faultScenarios: optional(array(scenario)),
    canary: optional(boolean),
    workload: optional(oneOf(...WORKLOAD_KINDS)),
    ingress: optional(oneOf(...INGRESS_APIS)),
    ingressHosts: optional(array(GATEWAY_HOST, 1)),
    dataplane: optional(oneOf(...DATAPLANES)),
  })(overrides, '', problems);
  return problems;
}

const IMAGE_TAG = string(/^[\w][\w.-]{0,127}$/, "an image tag (letters, digits, '_', '.' and '-', at most 128)");

/** `topology` as `overrides` change it; a name the topology does not have is an error, not a silent no-op. */
export function applyOverrides(topology: MeshTopologyProps, overrides: EnvironmentOverrides, where: string): MeshTopologyProps {
  const problems = overridesProblems(topology, overrides);
  if (problems.length > 0) throw new TopologyError(where, problems);
  const images = overrides.images;
  const replicas = overrides.replicas;

  // apps are referenced by routes, calls and scenarios: replace each one everywhere it appears
  const replaced = new Map<string, MeshAppProps>();
  const app = (a: MeshAppProps): MeshAppProps => {
    let result = replaced.get(a.name);
    if (!result) {
      const tag = images?.tags?.[a.name] ?? images?.tag;
      const count = typeof replicas === 'number' ? replicas : replicas?.[a.name];
      result = {
        ...a,
        image: retag(a.image, images?.registry, tag),
        ...(count !== undefined ? { replicas: count } : {}),
      };
      replaced.set(a.name, result);
      if (a.calls) result = Object.assign(result, { calls: a.calls.map((c) => ({ ...c, to: app(c.to) })) });
    }
    return result;
  };
  const keep = overrides.faultScenarios ? new Set(overrides.faultScenarios) : undefined;
  return {
    ...topology,
    namespace: overrides.namespace ?? topology.namespace,
    workload: overrides.workload ?? topology.workload,
    dataplane: overrides.dataplane ?? topology.dataplane,
    tracing: {
      ...topology.tracing,
      ...(overrides.samplingPercentage !== undefined ? { samplingPercentage: overrides.samplingPercentage } : {}),
      ...(overrides.collector ? { collector: { ...topology.tracing.collector, ...overrides.collector } } : {}),
    },
    apps: topology.apps.map(app),
    ingress: {
      ...topology.ingress,
      ...(overrides.ingress !== undefined ? { api: overrides.ingress } : {}),
      ...(overrides.ingressHosts !== undefined ? { hosts: overrides.ingressHosts } : {}),
      routes: topology.ingress.routes.map((r) => ({ ...r, to: app(r.to) })),
    },
    faultScenarios: topology.faultScenarios.filter((s) => !keep || keep.has(s.name)).map((s) => ({ ...s, target: app(s.target) })),
    canary: overrides.canary === false || !topology.canary ? undefined : { ...topology.canary, app: app(topology.canary.app) },
  };
}

/** An image reference with another registry and/or tag: `dev.local/web` to `registry.example.com/team/web:1.2`. */
export function retag(image: string, registry: string | undefined, tag: string | undefined): string {
  const digest = image.indexOf('@');
  if (digest >= 0 && tag !== undefined) throw new Error(`image ${image} is pinned by digest; it takes no tag`);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const repository = colon >= 0 ? image.slice(0, colon) : digest >= 0 ? image.slice(0, digest) : image;
  const suffix = colon >= 0 ? image.slice(colon) : digest >= 0 ? image.slice(digest) : '';
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const base = registry !== undefined ? `${registry.replace(/\/+$/, '')}/${name}` : repository;
  return tag !== undefined ? `${base}:${tag}` : `${base}${suffix}`;
}
