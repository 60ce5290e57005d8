// The shape of a MeshTopologyProps, checked at run time: what `tsc` would say of a topology, and the ranges and name
// rules the API server and Istio apply to the fields it becomes.
import { Fault } from '../../../constructs/fault';
import { DNS_LABEL_RULE } from '../../../constructs/dns-names';
import { TRACING_CLIENTS } from '../../../constructs/traced-app';
import { TRACING_BACKENDS } from '../../../constructs/tracing-collector';
import { POD_SECURITY_LEVELS } from '../../../constructs/pod-security';
import { WORKLOAD_KINDS } from '../../../constructs/workload-backends';
import { DATAPLANES, INGRESS_APIS } from '../../../constructs/mesh-modes';
import {
  array,
  boolean,
  integer,
  join,
  nonEmptyString,
  number,
  object,
  oneOf,
  optional,
  problem,
  record,
  required,
  satisfying,
  Shape,
  string,
} from './shape';

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 label: names of namespaces, Services, versions, scenarios. */
export const dnsLabel: Shape = string(DNS_LABEL, DNS_LABEL_RULE);
/** A port number. */
export const port: Shape = integer(1, 65535);
/** An absolute URI path. */
export const uriPath: Shape = string(/^\/\S*$/, "a path starting with '/' and without spaces");
/** An image reference: `[registry/]repository[:tag][@digest]`, no spaces, no uppercase in the repository. */
export const imageReference: Shape = string(
  /^(?:[A-Za-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*:[0-9a-fA-F]{32,})?$/,
  'an image reference such as registry.example.com/team/app:1.0 (lowercase repository, no spaces)',
);
/** A port name Kubernetes accepts on containers and Services (IANA service name), e.g. `http` or `http-web`. */
export const portName: Shape = string(
  /^(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  "a port name: at most 15 lowercase letters, digits and '-', with a letter, not starting or ending with '-'",
);
const HTTP_METHOD = oneOf('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE');
/** A host an ingress gateway accepts, as a Gateway's `hosts` take it. */
export const GATEWAY_HOST = string(
  /^(?=.{1,253}$)(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/,
  "'*' or a lowercase DNS name, optionally starting with '*.'",
);
const LABEL_VALUE = string(
  /^(?=.{0,63}$)([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/,
  "a label value (at most 63 letters, digits, '-', '_' and '.')",
);
const LABEL_KEY = string(
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
  'a label key',
);

/**
 * An app named by its props object: only its `name` matters here (the app itself is checked in `apps`, and that the
 * name is one of the topology's apps by the references).
 */
const appReference: Shape = (value, path, problems) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return void problems.push(problem(path, "must be one of the topology's apps", value));
  dnsLabel((value as { name?: unknown }).name, join(path, 'name'), problems);
};

const resources: Shape = object({
  cpuRequestMillis: required(integer(1, 1_000_000)),
  cpuLimitMillis: required(integer(1, 1_000_000)),
  memoryRequestMiB: required(integer(1, 1_048_576)),
  memoryLimitMiB: required(integer(1, 1_048_576)),
});

/** A MeshCallProps. */
const call: Shape = object({
  to: required(appReference),
  paths: required(array(uriPath, 1)),
  methods: optional(array(HTTP_METHOD, 1)),
});

/** A MeshAppProps. */
const app: Shape = object({
  name: required(dnsLabel),
  image: required(imageReference),
  stack: required(nonEmptyString),
  port: required(port),
  livenessPath: required(uriPath),
  readinessPath: required(uriPath),
  version: optional(dnsLabel),
  portName: optional(portName),
  sidecarInject: optional(boolean),
  replicas: optional(integer(0, 1000)),
  pullPolicy: optional(oneOf('Always', 'IfNotPresent', 'Never')),
  resources: optional(resources),
  tracingClient: optional(oneOf(...TRACING_CLIENTS)),
  calls: optional(array(call)),
  subsets: optional(array(dnsLabel, 1)),
});

/** A TracingCollectorProps. */
export const collector: Shape = object({
  backend: optional(oneOf(...TRACING_BACKENDS)),
  service: optional(dnsLabel),
  namespace: optional(dnsLabel),
  httpPort: optional(port),
  httpPath: optional(uriPath),
  zipkinPort: optional(port),
  otlpGrpcPort: optional(port),
  otlpHttpPort: optional(port),
  providerName: optional(dnsLabel),
});

/** A percentage of requests. */
export const percentage: Shape = number(0, 100);

const tracing: Shape = object({
  collector: optional(collector),
  name: optional(dnsLabel),
  samplingPercentage: optional(percentage),
  propagation: optional(string(/^(b3|jaeger|w3c)(,(b3|jaeger|w3c))*$/, 'formats the Jaeger clients propagate: b3, jaeger or w3c, comma-separated')),
  logSpans: optional(boolean),
});

const route: Shape = object({
  prefix: required(uriPath),
  rewrite: optional(uriPath),
  to: required(appReference),
  subset: optional(dnsLabel),
});

const ingress: Shape = object({
  api: optional(oneOf(...INGRESS_APIS)),
  routes: required(array(route, 1)),
  gatewayName: optional(dnsLabel),
  virtualServiceName: optional(dnsLabel),
  hosts: optional(array(GATEWAY_HOST, 1)),
  selector: optional(record(LABEL_VALUE, LABEL_KEY)),
  port: optional(port),
});

const faultScenario: Shape = object({
  name: required(dnsLabel),
  target: required(appReference),
  fault: required(satisfying((v) => v instanceof Fault, 'a Fault, e.g. Fault.abort(502).percent(70) or Fault.delay(Duration.seconds(1))')),
});

// the profiles of Istio 1.30's manifests/profiles
const ISTIO_PROFILES = ['ambient', 'default', 'demo', 'empty', 'minimal', 'openshift', 'openshift-ambient', 'preview', 'remote', 'stable'];

const GRAFANA_UID = string(
  /^(?=.{1,40}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  "a dashboard uid that is also a ConfigMap name (at most 40 lowercase letters, digits and '-')",
);

/** The shape of a whole MeshTopologyProps. */
export const topologyShape: Shape = object({
  name: required(dnsLabel),
  namespace: required(dnsLabel),
  workload: optional(oneOf(...WORKLOAD_KINDS)),
  podSecurity: optional(oneOf(...POD_SECURITY_LEVELS)),
  security: optional(boolean),
  dataplane: optional(oneOf(...DATAPLANES)),
  tracing: required(tracing),
  apps: required(array(app, 1)),
  ingress: required(ingress),
  faultScenarios: required(array(faultScenario)),
  istio: optional(object({ profile: optional(oneOf(...ISTIO_PROFILES)), name: optional(dnsLabel), version: optional(string(/^\d+\.\d+\.\d+$/, 'an Istio release such as 1.30.3')) })),
  dashboard: optional(object({ title: optional(nonEmptyString), uid: optional(GRAFANA_UID) })),
  trafficGenerator: optional(
    object({
      gatewayUrl: optional(string(/^https?:\/\/[^\s/]+$/, 'http(s)://host[:port], without a path')),
      paths: optional(array(uriPath, 1)),
      intervalSeconds: optional(integer(1, 3600)),
      image: optional(imageReference),
    }),
  ),
  canary: optional(
    object({
      app: required(appReference),
      version: optional(dnsLabel),
      image: optional(imageReference),
      weight: optional(integer(0, 100)),
    }),
  ),
});
