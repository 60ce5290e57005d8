// IST0002 Deprecated, as istioctl 1.30.3's hand-written deprecation.DeprecationAnalyzer reports it
// (pkg/config/analysis/analyzers/deprecation/deprecation.go): a VirtualService fault delay's integer `percent`
// (once per VirtualService), a Sidecar's `outboundTrafficPolicy.egressProxy`, and the CRDs of the removed
// rbac.istio.io kinds. It flags no deprecated API version (networking.istio.io/v1alpha3 and v1beta1,
// security.istio.io/v1beta1, telemetry.istio.io/v1alpha1 are all served), and neither does this.
// Deliberate difference: the CRD case is checked on `spec.group` and `spec.names.kind`, as istioctl does on a
// cluster's CRDs; reading files, istioctl decodes only a CRD's spec into a whole CRD, so the case never fires there.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { at, list, record, text } from './manifest-values';

const REMOVED_KINDS: ReadonlySet<string> = new Set(['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding']);

function virtualService(source: SourcedObject): Finding[] {
  const http = list(at(source.object, 'spec', 'http'));
  const i = http.findIndex((route) => {
    const percent = at(route, 'fault', 'delay', 'percent');
    return typeof percent === 'number' && percent > 0;
  });
  if (i < 0) return [];
  return [
    finding(
      MESSAGES.deprecated,
      source,
      'deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
      `spec.http[${i}].fault.delay`,
    ),
  ];
}

function sidecar(source: SourcedObject): Finding[] {
  const policy = record(at(source.object, 'spec', 'outboundTrafficPolicy'));
  if (policy?.egressProxy === undefined || policy.egressProxy === null) return [];
  return [finding(MESSAGES.deprecated, source, 'deprecated: OutboundTrafficPolicy.EgressProxy ignored', 'spec.outboundTrafficPolicy.egressProxy')];
}

function customResourceDefinition(source: SourcedObject): Finding[] {
  const group = text(at(source.object, 'spec', 'group'));
  const kind = text(at(source.object, 'spec', 'names', 'kind'));
  if (group !== 'rbac.istio.io' || kind === undefined || !REMOVED_KINDS.has(kind)) return [];
  return [finding(MESSAGES.deprecated, source, `deprecated: Custom resource type ${group} ${kind} is removed`, 'spec.names')];
}

/** Deprecated Istio fields and removed Istio resource types. */
export function checkDeprecatedFields(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const { kind, apiVersion } = source.object;
    if (kind === 'VirtualService' && apiVersion.startsWith('networking.istio.io/')) findings.push(...virtualService(source));
    else if (kind === 'Sidecar' && apiVersion.startsWith('networking.istio.io/')) findings.push(...sidecar(source));
    else if (kind === 'CustomResourceDefinition' && apiVersion.startsWith('apiextensions.k8s.io/')) findings.push(...customResourceDefinition(source));
  }
  return findings;
}
