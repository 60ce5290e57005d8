import { MeshIngress, TracedApp, TracingCollector, TracingConfig } from '../constructs';
import { objectIn, synthChart, synthTopology } from './support/synth';

describe('MeshIngress', () => {
  const result = synthTopology();

  test('the tutorial gateway serves plain HTTP on port 80 for any host on the ingress gateway', () => {
    const gw = objectIn(result, '30-ingress.yaml', 'Gateway', 'tutorial-gateway');
    expect(gw.apiVersion).toEqual('networking.istio.io/v1');
    expect(gw.metadata.namespace).toEqual('cloudlab');
    expect(gw.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    });
  });

  test('the tutorial VirtualService binds to the gateway and rewrites both quote paths to nodejs-tracing', () => {
    const vs = objectIn(result, '30-ingress.yaml', 'VirtualService', 'tutorial-service');
    expect(vs.apiVersion).toEqual('networking.istio.io/v1');
    expect(vs.spec.gateways).toEqual(['tutorial-gateway']);
    expect(vs.spec.hosts).toEqual(['*']);
    expect(
      vs.spec.http.map((r: any) => [r.match[0].uri.prefix, r.rewrite.uri, r.route[0].destination.host, r.route[0].destination.port.number]),
    ).toEqual([
      ['/quoteOrder', '/node-jee', 'nodejs-tracing', 3000],
      ['/quoteItem', '/node-springboot', 'nodejs-tracing', 3000],
    ]);
  });

  function synthIngress(routes: (app: TracedApp) => { prefix: string; rewrite?: string; app: TracedApp }[], hosts?: string[]) {
    return synthChart((chart) => {
      const tracingConfig = new TracingConfig(chart, 'T', { collector: new TracingCollector() });
      const app = new TracedApp(chart, 'A', {
        name: 'web',
        image: 'web',
        stack: 's',
        port: 8000,
        livenessPath: '/l',
        readinessPath: '/r',
        tracingConfig,
      });
      new MeshIngress(chart, 'I', { routes: routes(app), hosts });
    });
  }

  test('a route without rewrite passes the URI on unchanged, and takes the port from the app', () => {
    const vs = synthIngress((app) => [{ prefix: '/web', app }]).find((o) => o.kind === 'VirtualService') as any;
    expect(vs.spec.http).toEqual([{ match: [{ uri: { prefix: '/web' } }], route: [{ destination: { host: 'web', port: { number: 8000 } } }] }]);
  });

  test('fails when a gateway host is empty', () => {
    expect(() => synthIngress((app) => [{ prefix: '/web', app }], [''])).toThrow(
      "hosts of gateway tutorial-gateway must each be '*' or a lowercase DNS name, optionally starting with '*.', got ''");
  });

  test('fails when the gateway has no hosts', () => {
    expect(() => synthIngress((app) => [{ prefix: '/web', app }], [])).toThrow("hosts of gateway tutorial-gateway must list at least one host ('*' for any), got []");
  });

  test('fails when there are no routes', () => {
    expect(() => synthIngress(() => [])).toThrow(/ingress tutorial-service must have at least one route, got none/);
  });

  test('fails when two routes match the same prefix', () => {
    expect(() =>
      synthIngress((app) => [
        { prefix: '/a', app },
        { prefix: '/a', app },
      ]),
    ).toThrow(/route prefixes must be unique, got '\/a' twice/);
  });

  test('fails when a prefix is not a path', () => {
    expect(() => synthIngress((app) => [{ prefix: 'quote', app }])).toThrow(/ingress route prefix must be a path starting with '\/'.*got 'quote'/);
  });
});
