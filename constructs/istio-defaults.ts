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

/** The GatewayClass of Istio's own gateways: Istio deploys a gateway for each Gateway of this class. */
export const ISTIO_GATEWAY_CLASS = 'istio';

/** The GatewayClass of ambient mode's waypoint proxies. */
export const WAYPOINT_GATEWAY_CLASS = 'istio-waypoint';

/** The GatewayClasses Istio 1.30 creates itself (ingress, waypoint, remote and east-west gateways). */
export const ISTIO_GATEWAY_CLASSES: readonly string[] = [ISTIO_GATEWAY_CLASS, WAYPOINT_GATEWAY_CLASS, 'istio-remote', 'istio-east-west'];

/** The pod label Istio gives every pod it deploys for a Gateway API Gateway: the Gateway's name. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The pod label naming the GatewayClass of the Gateway a pod serves. */
export const GATEWAY_CLASS_NAME_LABEL = 'gateway.networking.k8s.io/gateway-class-name';

/** The annotation of a Gateway that names the ServiceAccount its deployed pods run as. */
export const GATEWAY_SERVICE_ACCOUNT_ANNOTATION = 'gateway.istio.io/service-account';

/**
 * The name of the Deployment, Service and ServiceAccount Istio deploys for a Gateway API Gateway: `<name>-<class>`
 * (`tutorial-gateway-istio`), except for waypoints, which keep the Gateway's name.
 */
export function gatewayDeploymentName(name: string, gatewayClassName: string): string {
  return gatewayClassName === WAYPOINT_GATEWAY_CLASS || gatewayClassName === 'istio-east-west' ? name : `${name}-${gatewayClassName}`;
}
