// The environments the tutorial's topology is synthesized for: the tutorial itself (dist/), and variants.
import { Environment } from './environment';

/** The environment `npm run synth` writes when given none. */
export const DEFAULT_ENVIRONMENT = 'tutorial';

/** Every environment, by name. */
export const ENVIRONMENTS: readonly Environment[] = [
  {
    name: DEFAULT_ENVIRONMENT,
    description: 'the tutorial as written: Appsody operator, dev.local images, namespace cloudlab',
    outdir: 'dist',
    overrides: {},
  },
  {
    name: 'kubernetes',
    description: 'the same, on clusters without the Appsody operator: Deployments and Services',
    outdir: 'dist-kubernetes',
    overrides: { workload: 'kubernetes' },
  },
  {
    name: 'staging',
    description: 'a shared cluster: its own ingress host, registry images, 2 replicas, 10 % sampling, one fault scenario, no canary',
    outdir: 'dist-staging',
    overrides: {
      namespace: 'tracing-staging',
      // a host of its own at the cluster's ingress gateway, which the tutorial's routes for the same paths share
      ingressHosts: ['tracing-staging.example.com'],
      workload: 'kubernetes',
      images: { registry: 'registry.example.com/tracing', tag: '1.0.0' },
      replicas: 2,
      samplingPercentage: 10,
      faultScenarios: ['springboot-delay'],
      canary: false,
    },
  },
  {
    name: 'modern',
    description: 'a current cluster: Runtime Component Operator, its own Jaeger v2 collector, restricted Pod Security',
    outdir: 'dist-modern',
    overrides: { workload: 'runtime-component', collector: { backend: 'jaeger-v2' } },
  },
  {
    name: 'gateway-api',
    description: 'sidecars with a Gateway API ingress: a Gateway of class istio and HTTPRoutes, Deployments and Services',
    outdir: 'dist-gateway-api',
    overrides: { workload: 'kubernetes', ingress: 'gateway-api' },
  },
  {
    name: 'ambient',
    description: 'ambient mode: ztunnel, a waypoint for the L7 policies and faults, a Gateway API ingress, no sidecars',
    outdir: 'dist-ambient',
    overrides: { workload: 'kubernetes', ingress: 'gateway-api', dataplane: 'ambient' },
  },
];
