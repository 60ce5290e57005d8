import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { INGRESS_GATEWAY_SELECTOR } from './istio-defaults';
import { ISTIO_NAMESPACE } from './sail-install';

/**
 * The ingress gateway of an Istio Gateway beside a {@link SailInstall}, which installs none, the way Istio documents
 * it: a Deployment that injection turns into a gateway (`inject.istio.io/templates: gateway`, image `auto`), with the
 * labels, ServiceAccount and Service of the default install's `istio-ingressgateway`, so the Gateway, routes and
 * policies apply unchanged.
 *
 * It is applied once istiod runs (`kubectl wait --for=condition=Ready istios/default`): a pod created before the
 * injector's webhook exists is never injected and stays on the image `auto`, which no registry has, until it is
 * recreated; applied with the `Istio` in one go, the Deployment's first pod is created well before the Sail Operator
 * has installed istiod.
 */
export class SailIngressGateway extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const name = 'istio-ingressgateway';
    const metadata = { name, namespace: ISTIO_NAMESPACE, labels: { ...INGRESS_GATEWAY_SELECTOR, app: name } };
    new k8s.KubeServiceAccount(this, 'Account', { metadata: { name: `${name}-service-account`, namespace: ISTIO_NAMESPACE } });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        selector: { matchLabels: { ...INGRESS_GATEWAY_SELECTOR } },
        template: {
          metadata: {
            labels: { ...INGRESS_GATEWAY_SELECTOR, app: name, 'sidecar.istio.io/inject': 'true' },
            annotations: { 'inject.istio.io/templates': 'gateway' },
          },
          spec: {
            serviceAccountName: `${name}-service-account`,
            securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
            containers: [{ name: 'istio-proxy', image: 'auto' }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata,
      spec: {
        type: 'LoadBalancer',
        selector: { ...INGRESS_GATEWAY_SELECTOR },
        ports: [
          { name: 'status-port', port: 15021, targetPort: k8s.IntOrString.fromNumber(15021) },
          { name: 'http2', port: 80, targetPort: k8s.IntOrString.fromNumber(80) },
          { name: 'https', port: 443, targetPort: k8s.IntOrString.fromNumber(443) },
        ],
      },
    });
  }
}
