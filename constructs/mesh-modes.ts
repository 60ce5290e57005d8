// The two ways a mesh runs its proxies and the two APIs its ingress can be written in, with the labels Istio reads to
// tell which: one topology synthesizes to any of them.

/**
 * How the mesh's proxies run: an Envoy sidecar injected into every pod, or ambient mode (a ztunnel on every node for
 * mTLS and L4 policy, and waypoint proxies for L7, configured through the Gateway API).
 */
export type Dataplane = 'sidecar' | 'ambient';

/** Every data plane mode. */
export const DATAPLANES: readonly Dataplane[] = ['sidecar', 'ambient'];

/** The API the ingress is written in: Istio's own Gateway and VirtualService, or the Kubernetes Gateway API. */
export type IngressApi = 'istio' | 'gateway-api';

/** Every ingress API. */
export const INGRESS_APIS: readonly IngressApi[] = ['istio', 'gateway-api'];

/** The namespace (or pod) label that enrolls workloads in ambient mode (`ambient`), or keeps a pod out (`none`). */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
/** The namespace or Service label that names the waypoint its Services' traffic goes through. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** The namespace or Service label that sends an ingress gateway's requests through the waypoint too (they skip it by default). */
export const INGRESS_USE_WAYPOINT_LABEL = 'istio.io/ingress-use-waypoint';
/** The label of a waypoint Gateway that says which traffic it handles: `service`, `workload`, `all` or `none`. */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
/** The namespace label that turns sidecar injection on or off. */
export const INJECTION_LABEL = 'istio-injection';
/** The pod label that asks for a sidecar, or refuses one. */
export const SIDECAR_INJECT_LABEL = 'sidecar.istio.io/inject';

/**
 * The pod labels that say whether a pod is in the mesh: with sidecars, `sidecar.istio.io/inject`; in ambient mode
 * nothing for a pod of the namespace (the namespace label enrolls it), and `istio.io/dataplane-mode: none` for one
 * kept out.
 */
export function meshPodLabels(dataplane: Dataplane, inMesh: boolean): Record<string, string> {
  if (dataplane === 'ambient') return inMesh ? {} : { [DATAPLANE_MODE_LABEL]: 'none' };
  return { [SIDECAR_INJECT_LABEL]: String(inMesh) };
}
