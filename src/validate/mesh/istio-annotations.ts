// Istio's resource annotations as istioctl 1.30.3 knows them: `annotation.AllResourceAnnotations()` of istio.io/api
// v1.30.3-0.20260710004328-2e43f07b30b6 (the version istio 1.30.3's go.mod requires, commit 2e43f07b30b6 of
// github.com/istio/api), generated from that commit's annotation/annotations.gen.go, in its order: name, feature
// status, deprecated, and the resource types it may be placed on (as istioctl prints them).

/** How mature an annotation's feature is. */
export type FeatureStatus = 'Alpha' | 'Beta' | 'Stable';

/** The resource types an annotation is defined for (`Any` means every kind). */
export type AnnotationResource =
  | 'Any'
  | 'AuthorizationPolicy'
  | 'Gateway'
  | 'GatewayClass'
  | 'Ingress'
  | 'Namespace'
  | 'Pod'
  | 'Service'
  | 'ServiceEntry'
  | 'WorkloadEntry';

/** One of Istio's annotations. */
export interface IstioAnnotation {
  readonly name: string;
  readonly featureStatus: FeatureStatus;
  readonly deprecated: boolean;
  readonly resources: readonly AnnotationResource[];
}

type Row = readonly [string, FeatureStatus, boolean, readonly AnnotationResource[]];

const ROWS: readonly Row[] = [
  ['alpha.istio.io/canonical-serviceaccounts', 'Alpha', true, ['Service']],
  ['alpha.istio.io/kubernetes-serviceaccounts', 'Alpha', true, ['Service']],
  ['ambient.istio.io/bypass-inbound-capture', 'Alpha', false, ['Pod']],
  ['ambient.istio.io/dns-capture', 'Alpha', false, ['Pod']],
  ['ambient.istio.io/redirection', 'Beta', false, ['Pod']],
  ['ambient.istio.io/waypoint-inbound-binding', 'Alpha', false, ['GatewayClass', 'Gateway']],
  ['galley.istio.io/analyze-suppress', 'Alpha', false, ['Any']],
  ['gateway.istio.io/controller-version', 'Alpha', false, ['Any']],
  ['gateway.istio.io/name-override', 'Alpha', false, ['Gateway']],
  ['gateway.istio.io/service-account', 'Alpha', false, ['Gateway']],
  ['inject.istio.io/templates', 'Alpha', false, ['Pod']],
  ['istio.io/autoRegistrationGroup', 'Alpha', false, ['WorkloadEntry']],
  ['istio.io/connectedAt', 'Alpha', false, ['WorkloadEntry']],
  ['istio.io/disconnectedAt', 'Alpha', false, ['WorkloadEntry']],
  ['istio.io/dry-run', 'Alpha', false, ['AuthorizationPolicy']],
  ['istio.io/reroute-virtual-interfaces', 'Alpha', false, ['Pod']],
  ['istio.io/rev', 'Alpha', false, ['Pod']],
  ['istio.io/workloadController', 'Alpha', false, ['WorkloadEntry']],
  ['kubernetes.io/ingress.class', 'Stable', false, ['Ingress']],
  ['networking.istio.io/exportTo', 'Alpha', false, ['Service']],
  ['networking.istio.io/service-type', 'Alpha', false, ['Gateway']],
  ['networking.istio.io/traffic-distribution', 'Alpha', false, ['Namespace', 'Service', 'ServiceEntry']],
  ['prometheus.istio.io/merge-metrics', 'Alpha', false, ['Pod']],
  ['proxy.istio.io/config', 'Beta', false, ['Pod']],
  ['proxy.istio.io/overrides', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/applicationPorts', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/failureThreshold', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', 'Alpha', false, ['Pod']],
  ['readiness.status.sidecar.istio.io/periodSeconds', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/agentLogLevel', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/bootstrapOverride', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/componentLogLevel', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/discoveryAddress', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/extraStatTags', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/inject', 'Beta', true, ['Pod']],
  ['sidecar.istio.io/interceptionMode', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/logLevel', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/nativeSidecar', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyCPU', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyCPULimit', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyImage', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyImageType', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyMemory', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/proxyMemoryLimit', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/rewriteAppHTTPProbers', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsCompression', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/statsEvictionInterval', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsFlushInterval', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsHistogramBins', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsHistogramBuckets', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/statsInclusionPrefixes', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/statsInclusionRegexps', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/statsInclusionSuffixes', 'Alpha', true, ['Pod']],
  ['sidecar.istio.io/status', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/userVolume', 'Alpha', false, ['Pod']],
  ['sidecar.istio.io/userVolumeMount', 'Alpha', false, ['Pod']],
  ['status.sidecar.istio.io/port', 'Alpha', false, ['Pod']],
  ['topology.istio.io/controlPlaneClusters', 'Alpha', false, ['Namespace']],
  ['traffic.istio.io/nodeSelector', 'Stable', false, ['Service']],
  ['traffic.sidecar.istio.io/excludeInboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/excludeInterfaces', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/includeInboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/includeOutboundPorts', 'Alpha', false, ['Pod']],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', 'Alpha', true, ['Pod']],
];

/** Every annotation of istio.io/api 1.30.3, by name (67). */
export const ISTIO_ANNOTATIONS: ReadonlyMap<string, IstioAnnotation> = new Map(
  ROWS.map(([name, featureStatus, deprecated, resources]) => [name, { name, featureStatus, deprecated, resources }]),
);

/** Annotations Istio itself sets, which istioctl never reports on (maturity.AlwaysIgnoredAnnotations). */
export const ALWAYS_IGNORED_ANNOTATIONS: ReadonlySet<string> = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

/** What istioctl adds to the deprecation message of an annotation that has a replacement. */
export const DEPRECATION_REPLACEMENTS: Readonly<Record<string, string>> = {
  'sidecar.istio.io/inject': ' in favor of the "sidecar.istio.io/inject" label',
};

/**
 * Whether istioctl treats a key as an Istio annotation: the ingress class it documents, or a key whose part before the
 * first `/` (the whole key when there is none) ends in `istio.io`, a plain suffix test (`notistio.io/x` counts).
 */
export function isIstioAnnotation(key: string): boolean {
  return key === 'kubernetes.io/ingress.class' || key.split('/')[0].endsWith('istio.io');
}
