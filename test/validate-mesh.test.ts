import { check, destinationRule, gateway, obj, route, service, virtualService, withCode } from './support/objects';

describe('mesh checks', () => {
  const web = service('web');
  const api = service('api', [{ name: 'http', port: 9080 }]);

  describe('IST0101 ReferencedResourceNotFound', () => {
    test('fails when a route sends traffic to a host that no Service has', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('springboot-jee')] }] });
      expect(withCode(check(web, vs), 'IST0101')).toEqual([
        expect.objectContaining({
          severity: 'error',
          kind: 'VirtualService',
          name: 'web',
          field: 'spec.http[0].route[0].destination.host',
          message: expect.stringMatching(
            /^referenced host not found: "springboot-jee" \(no Service, AppsodyApplication or ServiceEntry for springboot-jee.shop.svc.cluster.local/,
          ),
        }),
      ]);
    });

    test('passes for a Service, an AppsodyApplication and a ServiceEntry host, short or fully qualified', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'orders', {
        spec: { applicationImage: 'o', service: { port: 3000, portName: 'http' } },
      });
      const external = obj('networking.istio.io/v1', 'ServiceEntry', 'ext', {
        spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS' },
      });
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ route: [route('web.shop.svc.cluster.local', { weight: 50 }), route('orders', { port: { number: 3000 }, weight: 50 })] }],
      });
      const out = virtualService('out', { hosts: ['api.example.com'], http: [{ route: [route('api.example.com')] }] });
      expect(withCode(check(web, app, external, vs, out), 'IST0101')).toEqual([]);
    });

    test('a fully qualified host in another namespace is looked up there', () => {
      const other = { ...service('web'), metadata: { name: 'web', namespace: 'other' } };
      const vs = virtualService('web', { hosts: ['web.other.svc.cluster.local'], http: [{ route: [route('web.other.svc.cluster.local')] }] });
      expect(withCode(check(other, vs), 'IST0101')).toEqual([]);
      expect(withCode(check(web, vs), 'IST0101')).toHaveLength(1);
    });

    test('fails when a host is <name>.<namespace>: Istio expands only names without a dot', () => {
      const other = { ...service('web'), metadata: { name: 'web', namespace: 'other' } };
      const vs = virtualService('web', { hosts: ['web.other.svc.cluster.local'], http: [{ route: [route('web.other')] }] });
      expect(withCode(check(other, vs), 'IST0101')).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^referenced host not found: "web.other" .*write web.other.svc.cluster.local\)$/) }),
      ]);
    });

    test('fails when the destination port is not one the Service exposes', () => {
      const vs = virtualService('api', { hosts: ['api'], http: [{ route: [route('api', { port: { number: 9081 } })] }] });
      expect(withCode(check(api, vs), 'IST0101')).toEqual([
        expect.objectContaining({
          field: 'spec.http[0].route[0].destination.port.number',
          message: 'referenced host:port not found: "api:9081" (the Service exposes 9080)',
        }),
      ]);
    });

    test('fails when a gateways entry names no Gateway, and passes for mesh and an existing one', () => {
      const vs = virtualService('web', { hosts: ['*'], gateways: ['mesh', 'web-gateway', 'missing-gateway'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, gateway('web-gateway'), vs), 'IST0101')).toEqual([
        expect.objectContaining({
          field: 'spec.gateways[2]',
          message: expect.stringMatching(/^referenced gateway not found: "missing-gateway"/),
        }),
      ]);
    });

    test("fails when a route subset is missing from the host's DestinationRule", () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ route: [route('web', { subset: 'v1', weight: 90 }), route('web', { subset: 'v3', weight: 10 })] }],
      });
      const findings = withCode(check(web, destinationRule('web', 'web', ['v1', 'v2']), vs), 'IST0101');
      expect(findings).toEqual([
        expect.objectContaining({
          field: 'spec.http[0].route[1].destination.subset',
          message: 'referenced host+subset in destinationrule not found: "web+v3" (its DestinationRule defines v1, v2)',
        }),
      ]);
    });

    test('fails when a route names a subset and the host has no DestinationRule', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { subset: 'v1' })] }] });
      expect(withCode(check(web, vs), 'IST0101')[0].message).toMatch(/no DestinationRule for web.shop.svc.cluster.local in the set/);
    });
  });

  describe('IST0109 ConflictingMeshGatewayVirtualServiceHosts', () => {
    test('fails when two VirtualServices bound to the mesh define the same host', () => {
      const a = virtualService('jee-delay', { hosts: ['jee-tracing'], http: [{ route: [route('jee-tracing')] }] });
      const b = virtualService('jee-abort', { hosts: ['jee-tracing.shop.svc.cluster.local'], http: [{ route: [route('jee-tracing')] }] });
      const findings = withCode(check(service('jee-tracing'), a, b), 'IST0109');
      expect(findings.map((f) => [f.name, f.severity]).sort()).toEqual([
        ['jee-abort', 'error'],
        ['jee-delay', 'error'],
      ]);
      expect(findings[0].message).toMatch(
        /the VirtualServices shop\/jee-abort, shop\/jee-delay associated with mesh gateway define the same host jee-tracing.shop.svc.cluster.local/,
      );
    });

    test('passes for gateway-bound VirtualServices, and for one object in two files (alternatives)', () => {
      const meshVs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')] }] });
      const gatewayVs = virtualService('edge', { hosts: ['web'], gateways: ['gw'], http: [{ route: [route('web')] }] });
      const other = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, gateway('gw', ['web']), meshVs, gatewayVs, { object: other, file: 'alternative.yaml' }), 'IST0109')).toEqual([]);
    });

    test('passes when exportTo keeps the two apart', () => {
      const a = virtualService('a', { hosts: ['web'], exportTo: ['.'], http: [{ route: [route('web')] }] });
      const b = {
        ...virtualService('b', {
          hosts: ['web.shop.svc.cluster.local'],
          exportTo: ['team-b'],
          http: [{ route: [route('web.shop.svc.cluster.local')] }],
        }),
      };
      expect(withCode(check(web, a, b), 'IST0109')).toEqual([]);
    });
  });

  describe('IST0132 VirtualServiceHostNotFoundInGateway', () => {
    test("warns when the Gateway serves none of the VirtualService's hosts", () => {
      const vs = virtualService('web', { hosts: ['shop.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, gateway('gw', ['api.example.com']), vs), 'IST0132')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          field: 'spec.gateways[0]',
          message: expect.stringMatching(/^one or more host \[shop.example.com\] defined in VirtualService shop\/web not found in Gateway shop\/gw/),
        }),
      ]);
    });

    test.each([
      [['*'], ['shop.example.com']],
      [['*.example.com'], ['shop.example.com']],
      [['shop/shop.example.com'], ['shop.example.com']],
      [['./shop.example.com'], ['shop.example.com']],
    ])('passes when gateway hosts %j serve %j', (gatewayHosts, hosts) => {
      const vs = virtualService('web', { hosts, gateways: ['gw'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, gateway('gw', gatewayHosts), vs), 'IST0132')).toEqual([]);
    });

    test('a namespace-qualified gateway host serves only that namespace', () => {
      const vs = virtualService('web', { hosts: ['shop.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, gateway('gw', ['other/shop.example.com']), vs), 'IST0132')).toHaveLength(1);
    });
  });

  describe('IST0118 PortNameIsNotUnderNamingConvention', () => {
    test('reports Service ports whose names tell no protocol', () => {
      const svc = service('web', [
        { name: 'web', port: 80 },
        { name: 'http-alt', port: 8080 },
        { name: 'GRPC', port: 9000 },
        { name: 'x', port: 81, appProtocol: 'http' },
      ]);
      expect(withCode(check(svc), 'IST0118')).toEqual([
        expect.objectContaining({
          severity: 'info',
          field: 'spec.ports[0].name',
          message: expect.stringMatching(/^port name "web" \(port: 80\) doesn't follow/),
        }),
      ]);
    });

    test('reports an AppsodyApplication portName that tells no protocol', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', {
        spec: { applicationImage: 'w', service: { port: 3000, portName: 'web' } },
      });
      expect(withCode(check(app), 'IST0118')).toEqual([expect.objectContaining({ field: 'spec.service.portName' })]);
      const good = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', {
        spec: { applicationImage: 'w', service: { port: 3000, portName: 'http' } },
      });
      expect(withCode(check(good), 'IST0118')).toEqual([]);
    });
  });

  describe('IST0102 NamespaceNotInjected', () => {
    test('reports a namespace without an injection label', () => {
      expect(withCode(check(obj('v1', 'Namespace', 'plain', {}, undefined)), 'IST0102')).toEqual([
        expect.objectContaining({ severity: 'info', name: 'plain' }),
      ]);
    });

    test.each([{ 'istio-injection': 'enabled' }, { 'istio-injection': 'disabled' }, { 'istio.io/rev': 'canary' }])(
      'passes with labels %j',
      (labels) => {
        expect(withCode(check(obj('v1', 'Namespace', 'meshed', { metadata: { labels } }, undefined)), 'IST0102')).toEqual([]);
      },
    );
  });

  describe('IST0108 UnknownAnnotation and IST0135 DeprecatedAnnotation', () => {
    test('warns about a misspelled sidecar annotation and suggests the right one', () => {
      const pod = obj('v1', 'Pod', 'p', {
        metadata: { annotations: { 'sidecar.istio.io/injct': 'true' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      });
      expect(withCode(check(pod), 'IST0108')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          message: 'unknown annotation: sidecar.istio.io/injct (did you mean sidecar.istio.io/inject?); Istio ignores it',
        }),
      ]);
    });

    test('checks pod templates and AppsodyApplications too', () => {
      const deployment = obj('apps/v1', 'Deployment', 'd', {
        spec: {
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { labels: { app: 'd' }, annotations: { 'proxy.istio.io/confg': '{}' } },
            spec: { containers: [{ name: 'c', image: 'i' }] },
          },
        },
      });
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'a', {
        metadata: { annotations: { 'sidecar.istio.io/rewriteAppHTTPProber': 'true' } },
        spec: { applicationImage: 'a' },
      });
      expect(
        withCode(check(deployment, app), 'IST0108')
          .map((f) => `${f.kind} ${f.field}`)
          .sort(),
      ).toEqual([
        'AppsodyApplication metadata.annotations["sidecar.istio.io/rewriteAppHTTPProber"]',
        'Deployment spec.template.metadata.annotations["proxy.istio.io/confg"]',
      ]);
    });

    test('notes a deprecated annotation, unless the label that replaces it is there too', () => {
      const annotated = obj('v1', 'Pod', 'p', {
        metadata: { annotations: { 'sidecar.istio.io/inject': 'true' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      });
      expect(withCode(check(annotated), 'IST0135')).toEqual([
        expect.objectContaining({ severity: 'info', message: expect.stringMatching(/in favor of the "sidecar.istio.io\/inject" label/) }),
      ]);
      const labelled = obj('v1', 'Pod', 'p', {
        metadata: { annotations: { 'sidecar.istio.io/inject': 'true' }, labels: { 'sidecar.istio.io/inject': 'true' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      });
      expect(withCode(check(labelled), 'IST0135')).toEqual([]);
    });

    test("ignores annotations that are not Istio's", () => {
      const pod = obj('v1', 'Pod', 'p', {
        metadata: { annotations: { 'example.com/inject': 'x', 'prometheus.io/scrape': 'true' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      });
      expect(withCode(check(pod), 'IST0108')).toEqual([]);
    });
  });

  describe('route weights and fault percentages', () => {
    test('warns when the weights of several destinations do not add up to 100 (Istio takes them as proportions)', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { weight: 90 }), route('web', { weight: 20 })] }] });
      expect(withCode(check(web, vs), 'TT0005')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          field: 'spec.http[0].route',
          message: 'route weights add up to 90 + 20 = 110, not 100: Istio sends each destination its weight/110 of the requests',
        }),
      ]);
    });

    test("several destinations without weights are the webhook's refusal (TT0020); one destination takes every request, whatever its weight", () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web'), route('api')] }] });
      expect(withCode(check(web, api, vs), 'TT0005')).toEqual([]);
      expect(withCode(check(web, api, vs), 'TT0020')).toEqual([
        expect.objectContaining({ field: 'spec.http[0].route', message: expect.stringMatching(/^total destination weight = 0/) }),
      ]);
      const single = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { weight: 55 })] }], tcp: [{ route: [route('web', { weight: 0 })] }] });
      expect([...withCode(check(web, single), 'TT0005'), ...withCode(check(web, single), 'TT0020')]).toEqual([]);
    });

    test('passes a single destination without weight, and weights that add up', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ route: [route('web')] }, { route: [route('web', { weight: 75 }), route('api', { weight: 25 })] }],
      });
      expect(withCode(check(web, api, vs), 'TT0005')).toEqual([]);
    });

    test('fails when a fault percentage is above 100', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ fault: { abort: { httpStatus: 502, percentage: { value: 150 } } }, route: [route('web')] }],
      });
      expect(withCode(check(web, vs), 'TT0006')).toEqual([
        expect.objectContaining({
          field: 'spec.http[0].fault.abort.percentage.value',
          message: 'fault percentage must be between 0 and 100, got 150',
        }),
      ]);
    });

    test('passes fault percentages within 0..100', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [
          {
            fault: { delay: { fixedDelay: '1s', percentage: { value: 0 } }, abort: { httpStatus: 500, percentage: { value: 100 } } },
            route: [route('web')],
          },
        ],
      });
      expect(withCode(check(web, vs), 'TT0006')).toEqual([]);
    });
  });

  describe('names and references', () => {
    test('fails when a name is not a valid DNS-1123 name', () => {
      expect(withCode(check(obj('v1', 'ConfigMap', 'Jaeger_Config')), 'TT0007')).toEqual([
        expect.objectContaining({
          field: 'metadata.name',
          message: expect.stringMatching(/must be a DNS-1123 subdomain.*got "Jaeger_Config"/),
        }),
      ]);
      expect(withCode(check(obj('v1', 'Service', 'web.v1')), 'TT0007')[0].message).toMatch(/must be a DNS-1035 label/);
      expect(withCode(check(obj('v1', 'ConfigMap', 'jaeger.config')), 'TT0007')).toEqual([]);
    });

    test('fails when envFrom names a ConfigMap that is not in the set, unless optional', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', {
        spec: { applicationImage: 'w', envFrom: [{ configMapRef: { name: 'jaeger-config' } }] },
      });
      expect(withCode(check(app), 'TT0008')).toEqual([
        expect.objectContaining({
          field: 'spec.envFrom[0].configMapRef.name',
          message: expect.stringMatching(/envFrom refers to ConfigMap "jaeger-config", which is not in the set/),
        }),
      ]);
      expect(withCode(check(app, obj('v1', 'ConfigMap', 'jaeger-config')), 'TT0008')).toEqual([]);
      const pod = obj('v1', 'Pod', 'p', {
        spec: {
          containers: [{ name: 'c', image: 'i', envFrom: [{ configMapRef: { name: 'x', optional: true } }, { configMapRef: { name: 'y' } }] }],
        },
      });
      expect(withCode(check(pod), 'TT0008').map((f) => f.field)).toEqual(['spec.containers[0].envFrom[1].configMapRef.name']);
    });

    test('warns when one file defines the same object twice', () => {
      const cm = obj('v1', 'ConfigMap', 'c');
      expect(withCode(check({ object: cm, file: 'a.yaml' }, { object: cm, file: 'a.yaml' }), 'TT0010')).toHaveLength(1);
      expect(withCode(check({ object: cm, file: 'a.yaml' }, { object: cm, file: 'b.yaml' }), 'TT0010')).toEqual([]);
    });

    test('one kind and name in two API groups is two objects; two versions of one group are one', () => {
      // the API server stores each group's resources apart: a core ServiceAccount and a talos.dev one coexist
      const core = obj('v1', 'ServiceAccount', 'runner');
      const talos = obj('talos.dev/v1alpha1', 'ServiceAccount', 'runner');
      expect(withCode(check({ object: core, file: 'a.yaml' }, { object: talos, file: 'a.yaml' }), 'TT0010')).toEqual([]);
      const hpa = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 2 } });
      const hpaV1 = obj('autoscaling/v1', 'HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 2 } });
      expect(withCode(check({ object: hpa, file: 'a.yaml' }, { object: hpaV1, file: 'a.yaml' }), 'TT0010')).toHaveLength(1);
      // core and events.k8s.io Events cohabit: one storage, one object
      const event = obj('v1', 'Event', 'e1', { involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'R', message: 'm' });
      const newEvent = obj('events.k8s.io/v1', 'Event', 'e1', { eventTime: '2024-01-01T00:00:00.000000Z', reportingController: 'a/b', reportingInstance: 'i', action: 'A', reason: 'R', type: 'Normal' });
      expect(withCode(check({ object: event, file: 'a.yaml' }, { object: newEvent, file: 'a.yaml' }), 'TT0010')).toHaveLength(1);
    });
  });
});

describe('what the mesh checks see of objects the API server refuses or reads leniently', () => {
  test('an object of values of the wrong type is left out of the mesh checks, as istioctl cannot decode it either', () => {
    const entry = obj('networking.istio.io/v1', 'ServiceEntry', 'api', { spec: { hosts: ['api.example.com'], ports: [null], resolution: 'DNS' } });
    const findings = check(entry);
    expect(findings.map((f) => f.code)).toContain('TT0001');
    // no finding of a mesh check about it either
    expect(findings.filter((f) => f.code.startsWith('IST'))).toEqual([]);
    // a null port of a Service decodes as an empty port, as Go decodes it
    expect(() => check(service('web', [null, { name: 'http', port: 80 }]))).not.toThrow();
    // an IstioOperator (no schema here) whose namespace is a list, beside a policy naming namespaces; a route whose
    // rules are a number, beside one without parents (found by a fuzz of this session's repros)
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'i', namespace: [1, 'a', null] }, spec: {} };
    const policy = obj('security.istio.io/v1', 'AuthorizationPolicy', 'p', { spec: { rules: [{ from: [{ source: { namespaces: ['foo'] } }] }] } });
    expect(() => check(operator as unknown as ReturnType<typeof obj>, policy)).not.toThrow();
    const numbered = obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r', { spec: { parentRefs: [{ name: 'gw' }], rules: 0 } });
    expect(() => check(numbered, obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'orphan', { spec: {} }))).not.toThrow();
  });

  test('an object that breaks only bounds, rules or required fields is still read by the mesh checks, as istioctl reads it', () => {
    // the port without a name is refused by the CRD, and istioctl still reports what IST0134 finds
    const entry = obj('networking.istio.io/v1', 'ServiceEntry', 'db', { spec: { hosts: ['db.example.com'], ports: [{ number: 5432, protocol: 'TCP' }], resolution: 'DNS' } });
    expect(check(entry).map((f) => f.code)).toEqual(expect.arrayContaining(['TT0001', 'IST0134']));
  });

  test('a null metadata, label map or label value reads as Go decodes it: empty', () => {
    const namespace = obj('v1', 'Namespace', 'shop', { metadata: { labels: null } }, undefined);
    const deployment = obj('apps/v1', 'Deployment', 'web', {
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web', 'sidecar.istio.io/inject': null } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      },
    });
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: null, spec: {} } as unknown as ReturnType<typeof obj>;
    expect(() => check(namespace, deployment, operator)).not.toThrow();
    // the namespace has no injection label: istioctl's IST0102 about it, as for `labels: {}`
    expect(check(namespace, deployment).filter((f) => f.code === 'IST0102').map((f) => f.name)).toEqual(['shop']);
  });

  test('a route of a kind without a pinned schema is read leniently', () => {
    const route = obj('gateway.networking.k8s.io/v1alpha2', 'TCPRoute', 'r', { spec: { parentRefs: 'gw', rules: [{ backendRefs: 'web' }] } });
    expect(() => check(route)).not.toThrow();
  });
});
