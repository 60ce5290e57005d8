import { TrafficGenerator } from '../constructs';
import { DNS_SUBDOMAIN_RULE } from '../constructs/dns-names';
import { objectIn, synthChart, synthTopology } from './support/synth';

describe('TrafficGenerator', () => {
  const deployment = objectIn(synthTopology(), 'traffic/traffic-generator.yaml', 'Deployment', 'traffic-generator');
  const pod = deployment.spec.template;
  const container = pod.spec.containers[0];
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));

  test('calls /quoteItem and /quoteOrder in turn through the ingress gateway, every 2 s', () => {
    expect(env).toEqual({ GATEWAY_URL: 'http://istio-ingressgateway.istio-system.svc.cluster.local', PATHS: '/quoteItem /quoteOrder', INTERVAL_SECONDS: '2' });
    expect(container.command.join(' ')).toMatch(/for path in \$PATHS; do.*curl .*"\$GATEWAY_URL\$path".*sleep "\$INTERVAL_SECONDS"/s);
  });

  test('runs a pinned image without a sidecar, with requests and limits, hardened', () => {
    expect(container.image).toMatch(/^curlimages\/curl:\d+\.\d+\.\d+$/);
    expect(pod.metadata.labels['sidecar.istio.io/inject']).toEqual('false');
    expect(container.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.metadata.namespace).toEqual('cloudlab');
  });

  test('interval and paths are configurable', () => {
    const [d] = synthChart((chart) => new TrafficGenerator(chart, 'T', { gatewayUrl: 'http://gw:8080', paths: ['/a'], intervalSeconds: 5 })) as any[];
    expect(d.spec.template.spec.containers[0].env.map((e: any) => e.value)).toEqual(['http://gw:8080', '/a', '5']);
  });

  test('fails when the interval is not a whole number of seconds', () => {
    expect(() => synthChart((chart) => new TrafficGenerator(chart, 'T', { gatewayUrl: 'http://gw', paths: ['/a'], intervalSeconds: 0.5 })))
      .toThrow('traffic generator interval in seconds must be a whole number between 1 and 3600, got 0.5');
  });

  test('names the host the gateway takes the requests for, when given one, and fails on a host that is no DNS name', () => {
    const [deployment] = synthChart((chart) => new TrafficGenerator(chart, 'T', { gatewayUrl: 'http://gw', host: 'shop.example.com', paths: ['/a'] })) as any[];
    const container = deployment.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'GATEWAY_HOST', value: 'shop.example.com' });
    expect(container.command[2]).toContain('-H "Host: $GATEWAY_HOST" "$GATEWAY_URL$path"');
    for (const host of ['Shop.example.com', '*.example.com', 'a b', '']) {
      expect(() => synthChart((chart) => new TrafficGenerator(chart, 'T', { gatewayUrl: 'http://gw', host, paths: ['/a'] })))
        .toThrow(`traffic generator host must be ${DNS_SUBDOMAIN_RULE}, got '${host}'`);
    }
  });

  test('fails when there is no path to call', () => {
    expect(() => synthChart((chart) => new TrafficGenerator(chart, 'T', { gatewayUrl: 'http://gw', paths: [] }))).toThrow('traffic generator must call at least one path, got none');
  });

  test('in ambient mode, stays out of the mesh with istio.io/dataplane-mode: none, and calls the Gateway API gateway', () => {
    const [d] = synthChart((chart) => new TrafficGenerator(chart, 'T', { gatewayUrl: 'http://gw', paths: ['/a'], dataplane: 'ambient' })) as any[];
    expect(d.spec.template.metadata.labels).toEqual({ app: 'traffic-generator', 'istio.io/dataplane-mode': 'none' });
  });
});
