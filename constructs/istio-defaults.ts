// What a default Istio install (the demo and default profiles) provides, which the constructs and the mesh checks
// both rely on: the ingress gateway's identity, labels and address.

/** The SPIFFE principal of a ServiceAccount, as AuthorizationPolicy `principals` name it. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/** The principal Istio's default ingress gateway runs as (the gateway ServiceAccount of the install profiles). */
export const INGRESS_GATEWAY_PRINCIPAL = principalOf('istio-system', 'istio-ingressgateway-service-account');

/** The pod labels of Istio's default ingress gateway, which a Gateway's `selector` names. */
export const INGRESS_GATEWAY_SELECTOR: Readonly<Record<string, string>> = { istio: 'ingressgateway' };

/** Where the Istio ingress gateway answers inside the cluster (the install profiles' gateway Service). */
export const INGRESS_GATEWAY_URL = 'http://istio-ingressgateway.istio-system.svc.cluster.local';
