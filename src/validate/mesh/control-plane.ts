// Istio's own objects, as istioctl's analyzers pass them over (pkg/config/analysis/analyzers/util/config.go
// IsIstioControlPlane): those whose own labels have an `istio` key, or `release: istio`.

/** Whether an object's own labels mark it as Istio's control plane. */
export function isIstioControlPlane(labels: Readonly<Record<string, unknown>> | undefined): boolean {
  return labels !== undefined && (Object.hasOwn(labels, 'istio') || labels.release === 'istio');
}
