import { App } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { MeshTopology, OutputChart, MeshTopologyProps } from '../constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { SynthError } from '../src/synth/synth-error';
import { synthesize } from '../src/synth/synthesize';
import { TUTORIAL } from '../src/project';
import { INGRESS_GATEWAY_PRINCIPAL, principalOf } from '../constructs/istio-defaults';
import { decide } from '../src/validate/mesh/authorization';
import { MeshIndex } from '../src/validate/mesh/mesh-index';
import { check, obj, service, virtualService, withCode } from './support/objects';
import { allObjects, objectIn, synthTopology } from './support/synth';

const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const NODEJS = 'cluster.local/ns/cloudlab/sa/nodejs-tracing-sa';

describe("the namespace's security policies", () => {
  const result = synthTopology();
  const policy = (name: string) => objectIn(result, '15-security.yaml', 'AuthorizationPolicy', name);

  test('mTLS is STRICT for the whole namespace', () => {
    const pa = objectIn(result, '15-security.yaml', 'PeerAuthentication', 'default');
    expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(pa.metadata.namespace).toEqual('cloudlab');
  });

  test('nothing is allowed by default', () => {
    expect(policy('allow-nothing').spec).toEqual({});
  });

  test.each([
    ['nodejs-tracing', GATEWAY, ['/node-jee', '/node-springboot']],
    ['springboot-tracing', NODEJS, ['/resource']],
    ['jee-tracing', NODEJS, ['/starter/service']],
  ])('%s accepts GET on its paths only from its caller', (app, principal, paths) => {
    expect(policy(app).spec).toEqual({
      selector: { matchLabels: { app } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: [principal] } }], to: [{ operation: { methods: ['GET'], paths } }] }],
    });
  });

  test('each app runs under its own ServiceAccount, not named after the app (whose account the Appsody operator deletes)', () => {
    for (const name of ['nodejs-tracing', 'springboot-tracing', 'jee-tracing']) {
      const file = `20-app-${name}.yaml`;
      expect(objectIn(result, file, 'ServiceAccount', `${name}-sa`).automountServiceAccountToken).toBe(false);
      expect(objectIn(result, file, 'AppsodyApplication', name).spec.serviceAccountName).toEqual(`${name}-sa`);
    }
  });

  test("probes keep working: every app's pods ask Istio to rewrite HTTP probes to its agent", () => {
    for (const name of ['nodejs-tracing', 'springboot-tracing', 'jee-tracing']) {
      const app = objectIn(result, `20-app-${name}.yaml`, 'AppsodyApplication', name);
      expect(app.metadata.annotations['sidecar.istio.io/rewriteAppHTTPProbers']).toEqual('true');
    }
  });

  test('every route keeps working under the policies: ingress routes (canary included) and the calls the fault scenarios delay or abort', () => {
    // what is applied at once: the main apply with the canary, or with one fault scenario
    const sets = ['canary/nodejs-tracing-v2.yaml', ...result.manifests.filter((m) => m.file.startsWith('faults/')).map((m) => m.file)].map(
      (extra) =>
        new MeshIndex(
          result.manifests
            .filter((m) => !m.file.includes('/') || m.file === extra)
            .flatMap((m) => m.objects.map((object) => ({ object, file: m.file }))),
        ),
    );
    for (const index of sets) {
      const requests = [
        ...TUTORIAL.ingress.routes.map((r) => ({ host: r.to.name, principal: GATEWAY, path: r.rewrite ?? r.prefix })),
        ...(index.objects.some((o) => o.object.metadata.name === 'nodejs-tracing-v2')
          ? TUTORIAL.ingress.routes.map((r) => ({ host: `${r.to.name}-v2`, principal: GATEWAY, path: r.rewrite ?? r.prefix }))
          : []),
        { host: 'springboot-tracing', principal: NODEJS, path: '/resource' },
        { host: 'jee-tracing', principal: NODEJS, path: '/starter/service' },
      ];
      for (const r of requests) {
        const workloads = index.workloadsBehind(`${r.host}.cloudlab.svc.cluster.local`);
        expect(workloads.length).toBeGreaterThan(0);
        for (const w of workloads) {
          expect({
            ...r,
            to: w.source.object.metadata.name,
            ...decide(index.authorizationPolicies, w, { principal: r.principal, method: 'GET', path: r.path }),
          }).toMatchObject({ allowed: true });
        }
      }
    }
  });

  test('anything else is refused: other paths, methods and callers', () => {
    const index = new MeshIndex(allObjects(result).map((object) => ({ object })));
    const [springboot] = index.workloadsBehind('springboot-tracing.cloudlab.svc.cluster.local');
    const denied = (principal: string, method: string, path: string) =>
      decide(index.authorizationPolicies, springboot, { principal, method, path }).allowed;
    expect(denied(NODEJS, 'GET', '/resource')).toBe(true);
    expect(denied(NODEJS, 'POST', '/resource')).toBe(false);
    expect(denied(NODEJS, 'GET', '/admin')).toBe(false);
    expect(denied(GATEWAY, 'GET', '/resource')).toBe(false);
    expect(denied(principalOf('cloudlab', 'jee-tracing-sa'), 'GET', '/resource')).toBe(false);
  });

  test('can be turned off', () => {
    expect(synthTopology({ ...TUTORIAL, security: false }).manifests.map((m) => m.file)).not.toContain('15-security.yaml');
  });
});

describe('policy checks', () => {
  const web = service('web');
  const deployment = obj('apps/v1', 'Deployment', 'web', {
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccountName: 'web', containers: [{ name: 'c', image: 'i' }] } },
    },
  });
  (web as any).spec.selector = { app: 'web' };
  const gatewayRoute = virtualService('edge', {
    hosts: ['*'],
    gateways: ['gw'],
    http: [{ match: [{ uri: { prefix: '/shop' } }], rewrite: { uri: '/' }, route: [{ destination: { host: 'web' } }] }],
  });
  const gw = obj('networking.istio.io/v1', 'Gateway', 'gw', {
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
  });
  const allowNothing = obj('security.istio.io/v1', 'AuthorizationPolicy', 'allow-nothing', { spec: {} });
  const allowGateway = obj('security.istio.io/v1', 'AuthorizationPolicy', 'web', {
    spec: {
      selector: { matchLabels: { app: 'web' } },
      rules: [{ from: [{ source: { principals: [INGRESS_GATEWAY_PRINCIPAL] } }], to: [{ operation: { methods: ['GET'], paths: ['/'] } }] }],
    },
  });

  test('fails when a gateway route goes to a workload that no policy lets the gateway call', () => {
    expect(withCode(check(web, deployment, gw, gatewayRoute, allowNothing), 'TT0011')).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'VirtualService',
        name: 'edge',
        field: 'spec.http[0].route[0].destination',
        message: expect.stringMatching(
          /^GET \/ from the ingress gateway \(cluster.local\/ns\/istio-system\/sa\/istio-ingressgateway-service-account\) to Deployment shop\/web is refused: no rule of the ALLOW policies selecting it \(allow-nothing\) matches it/,
        ),
      }),
    ]);
  });

  test("passes when a policy allows the gateway the route's path", () => {
    expect(withCode(check(web, deployment, gw, gatewayRoute, allowNothing, allowGateway), 'TT0011')).toEqual([]);
  });

  test('a request only a condition the manifests cannot decide allows (a JWT, a header) is not called refused', () => {
    const requireJwt = obj('security.istio.io/v1', 'AuthorizationPolicy', 'require-jwt', {
      spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
    });
    expect(withCode(check(web, deployment, gw, gatewayRoute, requireJwt), 'TT0011')).toEqual([]);
    const header = obj('security.istio.io/v1', 'AuthorizationPolicy', 'hello', {
      spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ when: [{ key: 'request.headers[hello]', values: ['world'] }] }] },
    });
    expect(withCode(check(web, deployment, gw, gatewayRoute, header), 'TT0011')).toEqual([]);
    // a decidable part that does not match still refuses: the gateway is not the principal the rule names
    const other = obj('security.istio.io/v1', 'AuthorizationPolicy', 'other', {
      spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/b'], requestPrincipals: ['*'] } }] }] },
    });
    expect(withCode(check(web, deployment, gw, gatewayRoute, other), 'TT0011')).toHaveLength(1);
    // a when condition on the source's namespace is decided: the gateway is in istio-system
    const fromApp = obj('security.istio.io/v1', 'AuthorizationPolicy', 'from-app', {
      spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ when: [{ key: 'source.namespace', values: ['app'] }] }] },
    });
    expect(withCode(check(web, deployment, gw, gatewayRoute, fromApp), 'TT0011')).toHaveLength(1);
    const fromSystem = obj('security.istio.io/v1', 'AuthorizationPolicy', 'from-system', {
      spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ when: [{ key: 'source.namespace', values: ['istio-system'] }, { key: 'request.headers[x]', values: ['y'] }] }] },
    });
    expect(withCode(check(web, deployment, gw, gatewayRoute, fromSystem), 'TT0011')).toEqual([]);
  });

  test('tries a request of each match of the route, and none for a match by regex it cannot name', () => {
    const allowApi = obj('security.istio.io/v1', 'AuthorizationPolicy', 'api', {
      spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }] },
    });
    const route = (match: unknown[]) => virtualService('edge', { hosts: ['*'], gateways: ['gw'], http: [{ match, route: [{ destination: { host: 'web' } }] }] });
    expect(withCode(check(web, deployment, gw, route([{ uri: { regex: '^/api/.*' } }]), allowApi), 'TT0011')).toEqual([]);
    // a match of the mesh gateway only carries no request of the ingress gateway (sourceMatchHTTP); nor is one of source labels tried
    const both = (match: unknown[]) => virtualService('edge', { hosts: ['*'], gateways: ['gw', 'mesh'], http: [{ match, route: [{ destination: { host: 'web' } }] }] });
    expect(withCode(check(web, deployment, gw, both([{ gateways: ['mesh'], uri: { prefix: '/internal' } }]), allowApi), 'TT0011')).toEqual([]);
    expect(withCode(check(web, deployment, gw, both([{ sourceLabels: { app: 'a' }, uri: { prefix: '/internal' } }]), allowApi), 'TT0011')).toEqual([]);
    expect(withCode(check(web, deployment, gw, both([{ gateways: ['gw'], uri: { prefix: '/internal' } }]), allowApi), 'TT0011')).toHaveLength(1);
    expect(withCode(check(web, deployment, gw, route([{ uri: { prefix: '/api/' } }, { uri: { prefix: '/admin' } }]), allowApi), 'TT0011').map((f) => f.message)).toEqual([
      expect.stringMatching(/^GET \/admin from the ingress gateway .* is refused/),
    ]);
  });

  test("the route's requests come from the workloads its Gateway selects, else from the install's ingress gateway", () => {
    const ownGateway = obj('apps/v1', 'Deployment', 'asm-ingressgateway', {
      spec: {
        selector: { matchLabels: { asm: 'ingressgateway' } },
        template: { metadata: { labels: { asm: 'ingressgateway' } }, spec: { serviceAccountName: 'asm-ingressgateway', containers: [{ name: 'istio-proxy', image: 'auto' }] } },
      },
    }, 'asm-ingress');
    const gw2 = obj('networking.istio.io/v1', 'Gateway', 'asm-ingressgateway', {
      spec: { selector: { asm: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    }, 'asm-ingress');
    const route = virtualService('edge', { hosts: ['*'], gateways: ['asm-ingress/asm-ingressgateway'], http: [{ route: [{ destination: { host: 'web' } }] }] });
    const allow = (principal: string) => obj('security.istio.io/v1', 'AuthorizationPolicy', 'web', {
      spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: [principal] } }] }] },
    });
    expect(withCode(check(web, deployment, ownGateway, gw2, route, allow('cluster.local/ns/asm-ingress/sa/asm-ingressgateway')), 'TT0011')).toEqual([]);
    expect(withCode(check(web, deployment, ownGateway, gw2, route, allow(INGRESS_GATEWAY_PRINCIPAL)), 'TT0011').map((f) => f.message)).toEqual([
      expect.stringMatching(/^GET \/ from the ingress gateway \(cluster.local\/ns\/asm-ingress\/sa\/asm-ingressgateway\) to Deployment shop\/web is refused/),
    ]);
  });

  test('a DENY policy wins over an ALLOW', () => {
    const deny = obj('security.istio.io/v1', 'AuthorizationPolicy', 'deny-gateway', {
      spec: { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['istio-system'] } }] }] },
    });
    expect(withCode(check(web, deployment, gw, gatewayRoute, allowGateway, deny), 'TT0011')[0].message).toMatch(
      /DENY policy deny-gateway matches it/,
    );
  });

  test('a destination of weight 0 beside others gets no request, so no refusal', () => {
    const split = virtualService('edge', {
      hosts: ['*'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'web' }, weight: 100 }, { destination: { host: 'web2' }, weight: 0 }] }],
    });
    const web2 = { ...deployment, metadata: { ...deployment.metadata, name: 'web2' } } as typeof deployment;
    (web2 as any).spec = { ...(deployment as any).spec, selector: { matchLabels: { app: 'web2' } }, template: { ...(deployment as any).spec.template, metadata: { labels: { app: 'web2' } } } };
    const onlyOthers = obj('security.istio.io/v1', 'AuthorizationPolicy', 'web2', {
      spec: { selector: { matchLabels: { app: 'web2' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/other'] } }] }] },
    });
    expect(withCode(check(web, service('web2'), deployment, web2, gw, split, allowGateway, onlyOthers), 'TT0011')).toEqual([]);
    const even = virtualService('edge', { hosts: ['*'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'web' }, weight: 50 }, { destination: { host: 'web2' }, weight: 50 }] }] });
    expect(withCode(check(web, service('web2'), deployment, web2, gw, even, allowGateway, onlyOthers), 'TT0011')).toHaveLength(1);
  });

  test("a DENY rule on a host refuses nothing for certain; on a port, it refuses what reaches the Service's targetPort", () => {
    const denyOn = (operation: Record<string, string[]>) => obj('security.istio.io/v1', 'AuthorizationPolicy', 'deny-admin', {
      spec: { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['istio-system'] } }], to: [{ operation }] }] },
    });
    for (const operation of <Record<string, string[]>[]>[{ ports: ['15000'] }, { notPorts: ['8080'] }, { hosts: ['admin.example.com'] }, { notHosts: ['*.example.com'] }]) {
      expect(withCode(check(web, deployment, gw, gatewayRoute, allowGateway, denyOn(operation)), 'TT0011')).toEqual([]);
    }
    // a DENY rule on what the request carries still refuses it: its method, the pods' port (the Service's 8080)
    expect(withCode(check(web, deployment, gw, gatewayRoute, allowGateway, denyOn({ methods: ['GET'] })), 'TT0011')[0].message).toMatch(
      /DENY policy deny-admin matches it/,
    );
    expect(withCode(check(web, deployment, gw, gatewayRoute, allowGateway, denyOn({ ports: ['8080'] })), 'TT0011')[0].message).toMatch(
      /DENY policy deny-admin matches it/,
    );
    // ports are numbers ("08080" is 8080), and a UDP port of the same number is not the one routed to
    expect(withCode(check(web, deployment, gw, gatewayRoute, allowGateway, denyOn({ ports: ['08080'] })), 'TT0011')).toHaveLength(1);
    const udpFirst = service('web', [{ name: 'dns', port: 8080, protocol: 'UDP', targetPort: 53 }, { name: 'http', port: 8080 }]);
    const toPort = virtualService('edge', {
      hosts: ['*'], gateways: ['gw'], http: [{ match: [{ uri: { prefix: '/shop' } }], rewrite: { uri: '/' }, route: [{ destination: { host: 'web', port: { number: 8080 } } }] }],
    });
    expect(withCode(check(udpFirst, deployment, gw, toPort, allowGateway, denyOn({ ports: ['53'] })), 'TT0011')).toEqual([]);
    // a named targetPort leaves the port unknown: nothing refused for certain
    const named = service('web', [{ name: 'http', port: 8080, targetPort: 'http' }]);
    expect(withCode(check(named, deployment, gw, gatewayRoute, allowGateway, denyOn({ ports: ['8080'] })), 'TT0011')).toEqual([]);
  });

  test("fails synth when a route's caller is allowed by no policy", () => {
    const app = new App();
    new MeshTopology(app, 't', TUTORIAL);
    const extra = new OutputChart(app, 'extra', { file: 'extra.yaml', namespace: 'cloudlab' });
    new VirtualService(extra, 'Direct', {
      metadata: { name: 'direct' },
      spec: {
        hosts: ['*'],
        gateways: ['tutorial-gateway'],
        http: [{ match: [{ uri: { prefix: '/resource' } }], route: [{ destination: { host: 'springboot-tracing' } }] }],
      },
    });
    expect(() => synthesize(app)).toThrow(SynthError);
    expect(() => synthesize(app)).toThrow(
      /\[TT0011\] \(VirtualService cloudlab\/direct .*GET \/resource from the ingress gateway .* to AppsodyApplication cloudlab\/springboot-tracing is refused/,
    );
  });

  test('fails on a Service of type NodePort or LoadBalancer, in lint and in synth', () => {
    const nodePort = { ...service('web'), spec: { type: 'NodePort', ports: [{ name: 'http', port: 80 }] } };
    expect(withCode(check(nodePort), 'TT0009')).toEqual([
      expect.objectContaining({ severity: 'error', field: 'spec.type', message: expect.stringMatching(/^Service type NodePort opens the workload/) }),
    ]);
    const lb = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'a', {
      spec: { applicationImage: 'a', service: { type: 'LoadBalancer', port: 80 } },
    });
    expect(withCode(check(lb), 'TT0009')).toHaveLength(1);
    const gatewayService = {
      ...service('istio-ingressgateway'),
      metadata: { name: 'istio-ingressgateway', namespace: 'istio-system', labels: { istio: 'ingressgateway' } },
      spec: { type: 'LoadBalancer', ports: [{ name: 'http2', port: 80 }] },
    };
    expect(withCode(check(gatewayService), 'TT0009')).toEqual([]);
    // the gateway Helm chart installed as istio-ingress: labels after its release, pods injected with the gateway template
    const chart = (annotations: Record<string, string>) => [
      obj('v1', 'Service', 'istio-ingress', { metadata: { labels: { app: 'istio-ingress', istio: 'ingress' } }, spec: { type: 'LoadBalancer', selector: { app: 'istio-ingress' }, ports: [{ name: 'http2', port: 80 }] } }, 'istio-ingress'),
      obj('apps/v1', 'Deployment', 'istio-ingress', {
        spec: { selector: { matchLabels: { app: 'istio-ingress' } }, template: { metadata: { labels: { app: 'istio-ingress' }, annotations }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
      }, 'istio-ingress'),
    ];
    expect(withCode(check(...chart({ 'inject.istio.io/templates': 'gateway' })), 'TT0009')).toEqual([]);
    expect(withCode(check(...chart({})), 'TT0009')).toHaveLength(1);
    // istioctl's own gateway charts label their Service with the component, whatever the gateway's labels
    const generated = obj('v1', 'Service', 'edge', {
      metadata: { labels: { app: 'edge', istio: 'edge', 'operator.istio.io/component': 'IngressGateways' } },
      spec: { type: 'LoadBalancer', selector: { app: 'edge' }, ports: [{ name: 'http2', port: 80 }] },
    }, 'istio-system');
    expect(withCode(check(generated), 'TT0009')).toEqual([]);

    const app = new App();
    new MeshTopology(app, 't', TUTORIAL);
    new k8s.KubeService(new OutputChart(app, 'extra', { file: 'extra.yaml', namespace: 'cloudlab' }), 'Exposed', {
      metadata: { name: 'nodejs-public' },
      spec: { type: 'NodePort', selector: { app: 'nodejs-tracing' }, ports: [{ name: 'http', port: 3000 }] },
    });
    expect(() => synthesize(app)).toThrow(/\[TT0009\] \(Service cloudlab\/nodejs-public .*spec.type: Service type NodePort/);
  });

  test('warns when a workload turns probe rewriting off under strict mTLS', () => {
    const strict = obj('security.istio.io/v1', 'PeerAuthentication', 'default', { spec: { mtls: { mode: 'STRICT' } } });
    const pod = obj('v1', 'Pod', 'p', {
      metadata: { annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'false' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    expect(withCode(check(strict, pod), 'TT0012')).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Pod' })]);
    expect(withCode(check(pod), 'TT0012')).toEqual([]);
  });

  test('a topology without calls allows nothing between apps', () => {
    const spec: MeshTopologyProps = { ...TUTORIAL, apps: TUTORIAL.apps.map(({ calls: _calls, ...a }) => a) };
    const result = synthTopology(spec);
    expect(result.manifests.find((m) => m.file === '15-security.yaml')!.objects.map((o) => o.metadata.name)).toEqual([
      'default',
      'allow-nothing',
      'nodejs-tracing',
    ]);
  });
});
