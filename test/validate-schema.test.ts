import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@bufbuild/cel';
import { formatCheck, NUMBER_FORMATS } from '../src/validate/formats';
import { blocks, CHECKED_KEYWORDS, checkWholeObject, compileSchema, KNOWN_IGNORED_KEYWORDS, SchemaProblem } from '../src/validate/structural';
import { check, obj, route, service, virtualService, withCode } from './support/objects';

const errorsOf = (findings: ReturnType<typeof check>) => findings.filter((f) => f.severity === 'error');

describe('schema validation', () => {
  const web = service('web');

  describe('Kubernetes kinds against the 1.27 definitions', () => {
    test('a valid Deployment passes', () => {
      const deployment = obj('apps/v1', 'Deployment', 'web', {
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }] }] },
          },
        },
      });
      expect(errorsOf(check(deployment))).toEqual([]);
    });

    test("a required field of the definitions that the API server's Go validation accepts missing passes; the others fail", () => {
      // the definitions mark every Go field without omitempty as required; the API server validates the decoded Go value
      const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', 'manual', { addressType: 'IPv4', ports: [{ name: 'http', port: 3000, protocol: 'TCP' }] });
      const limits = obj('v1', 'LimitRange', 'none', { spec: {} });
      const policy = obj('networking.k8s.io/v1', 'NetworkPolicy', 'all-pods', { spec: { policyTypes: ['Ingress'] } });
      const priority = obj('scheduling.k8s.io/v1', 'PriorityClass', 'zero', {});
      const probed = obj('v1', 'Pod', 'probed', {
        spec: { containers: [{ name: 'web', image: 'web:1', readinessProbe: { httpGet: { port: 8080, httpHeaders: [{ name: 'X-Probe' }] } } }] },
      });
      expect(errorsOf(check(slice, limits, policy, priority, probed)).filter((f) => f.code === 'TT0001')).toEqual([]);
      const pod = obj('v1', 'Pod', 'web', { spec: {} });
      expect(withCode(check(pod), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.containers', message: 'is required' })]);
    });

    test('fails when a field has the wrong type, naming the field and the value', () => {
      const deployment = obj('apps/v1', 'Deployment', 'web', { spec: { replicas: 'three', selector: {}, template: {} } });
      expect(withCode(check(deployment), 'TT0001')).toEqual([
        expect.objectContaining({
          kind: 'Deployment',
          name: 'web',
          namespace: 'shop',
          field: 'spec.replicas',
          message: 'must be an integer, got "three"',
          severity: 'error',
        }),
      ]);
    });

    test('fails when a required field is missing', () => {
      const pod = obj('v1', 'Pod', 'p', { spec: { containers: [{ image: 'x' }] } });
      expect(withCode(check(pod), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.containers[0].name', message: 'is required' })]);
    });

    test('fails on an unknown field, as kubectl apply --validate=strict does', () => {
      const cm = obj('v1', 'ConfigMap', 'c', { data: { a: 'b' }, dat: { x: 'y' } });
      expect(withCode(check(cm), 'TT0002')).toEqual([
        expect.objectContaining({ field: 'dat', message: expect.stringMatching(/is not a field of this schema; known fields: .*data/) }),
      ]);
    });

    test('fails on an unknown metadata field', () => {
      expect(withCode(check(obj('v1', 'ConfigMap', 'c', { metadata: { label: { a: 'b' } } })), 'TT0002')).toEqual([
        expect.objectContaining({ field: 'metadata.label' }),
      ]);
    });

    test('int-or-string fields take either, and nothing else', () => {
      const ok = service('a', [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'http-b', port: 81, targetPort: 8081 },
      ]);
      expect(errorsOf(check(ok))).toEqual([]);
      const bad = service('b', [{ name: 'http', port: 80, targetPort: true }]);
      expect(withCode(check(bad), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.ports[0].targetPort' })]);
    });

    test('fails when a list-type map has two items with the same key', () => {
      const spread = { topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', maxSkew: 1, labelSelector: { matchLabels: { app: 'web' } } };
      const pod = obj('v1', 'Pod', 'web', { spec: { containers: [{ name: 'web', image: 'web' }], topologySpreadConstraints: [spread, { ...spread, maxSkew: 2 }] } });
      expect(withCode(check(pod), 'TT0001')).toEqual([
        expect.objectContaining({
          field: 'spec.topologySpreadConstraints[1]',
          message: 'duplicates the key of spec.topologySpreadConstraints[0] (topologyKey "zone", whenUnsatisfiable "DoNotSchedule")',
        }),
      ]);
    });
  });

  describe('custom resources against the pinned CRDs', () => {
    test('a valid VirtualService passes', () => {
      expect(errorsOf(check(web, virtualService('web', { hosts: ['web'], http: [{ timeout: '2s', route: [route('web')] }] })))).toEqual([]);
    });

    test('fails on an unknown field in the spec', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')], retry: { attempts: 3 } }] });
      expect(withCode(check(web, vs), 'TT0002')).toEqual([
        expect.objectContaining({ field: 'spec.http[0].retry', message: expect.stringMatching(/known fields: .*retries/) }),
      ]);
    });

    test('fails when a required field is missing', () => {
      const gw = obj('networking.istio.io/v1', 'Gateway', 'g', { spec: { servers: [{ hosts: ['*'] }] } });
      expect(withCode(check(gw), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.servers[0].port', message: 'is required' })]);
    });

    test('fails when an enum value is misspelled', () => {
      const dr = obj('networking.istio.io/v1', 'DestinationRule', 'd', {
        spec: { host: 'web', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBBIN' } } },
      });
      expect(withCode(check(web, dr), 'TT0001')).toEqual([
        expect.objectContaining({
          field: 'spec.trafficPolicy.loadBalancer.simple',
          message: expect.stringMatching(/must be one of .*"ROUND_ROBIN".*got "ROUND_ROBBIN"/),
        }),
      ]);
    });

    test('fails when a value is above the maximum', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', {
        spec: { applicationImage: 'web', service: { port: 70000, portName: 'http' } },
      });
      expect(withCode(check(app), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.service.port', message: 'must be at most 65535, got 70000' }),
      ]);
    });

    test('fails when a value is below the minimum', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', { spec: { applicationImage: 'web', autoscaling: { maxReplicas: 0 } } });
      expect(withCode(check(app), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.autoscaling.maxReplicas', message: 'must be at least 1, got 0' }),
      ]);
    });

    test('fails when a string does not match the pattern', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', { spec: { applicationImage: 'web', storage: { size: 'lots' } } });
      expect(withCode(check(app), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.storage.size', message: expect.stringMatching(/^must match the pattern .* got "lots"$/) }),
      ]);
    });

    test('fails when a string is longer than maxLength', () => {
      const policy = obj('security.istio.io/v1', 'AuthorizationPolicy', 'a', { spec: { selector: { matchLabels: { app: 'x'.repeat(64) } } } });
      expect(withCode(check(policy), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.selector.matchLabels.app', message: 'must be at most 63 characters long, got 64 characters' }),
      ]);
    });

    test('reports one problem per string, as kube-openapi does: the maximum length, the minimum, then the pattern', () => {
      const policy = (hostname: string) =>
        obj('gateway.networking.k8s.io/v1', 'BackendTLSPolicy', 'p', {
          spec: { targetRefs: [{ group: '', kind: 'Service', name: 'web' }], validation: { hostname, wellKnownCACertificates: 'System' } },
        });
      const problems = (hostname: string) => withCode(check(policy(hostname)), 'TT0001').filter((f) => f.field === 'spec.validation.hostname').map((f) => f.message);
      expect(problems('')).toEqual(['must be at least 1 character long, got ""']);
      expect(problems(`${'a'.repeat(254)}!`)).toEqual(['must be at most 253 characters long, got 255 characters']);
      expect(problems('Web!')).toEqual([expect.stringMatching(/^must match the pattern /)]);
    });

    test('fails when a list has more items than maxItems', () => {
      const tls = { mode: 'SIMPLE', credentialNames: ['a', 'b', 'c'] };
      const gw = obj('networking.istio.io/v1', 'Gateway', 'g', {
        spec: { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls }] },
      });
      expect(withCode(check(gw), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.servers[0].tls.credentialNames', message: 'must have at most 2 items, got 3' }),
      ]);
    });

    test('an AppsodyApplication is checked as the Appsody 0.6.0 CRD says', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', {
        spec: { applicationImage: 'web', service: { port: 'eighty', portName: 'http' } },
      });
      expect(withCode(check(app), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.service.port', message: 'must be an integer, got "eighty"' }),
      ]);
    });

    test('preserve-unknown-fields keeps any content', () => {
      const filter = obj('networking.istio.io/v1alpha3', 'EnvoyFilter', 'f', {
        spec: { configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'MERGE', value: { anything: { goes: [1, 2] } } } }] },
      });
      expect(errorsOf(check(filter))).toEqual([]);
    });

    test('an oneOf of exclusive fields refuses two of them', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ match: [{ uri: { prefix: '/a', exact: '/a' } }], route: [route('web')] }] });
      expect(withCode(check(web, vs), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.http[0].match[0].uri', message: expect.stringMatching(/exactly one/) }),
      ]);
    });
    test("a combinator's branch validates the fields it names and allows the others, as the API server's validator does", () => {
      // the Gateway CRD's addresses: oneOf [{type: enum [IPAddress], value: anyOf ipv4/ipv6}, {type: not enum [IPAddress]}],
      // whose second branch names `type` only; `type` defaults to IPAddress (the gateway-addresses example of Gateway API 1.5.1)
      const gateway = (addresses: unknown[]) =>
        obj('gateway.networking.k8s.io/v1', 'Gateway', 'gw', { spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }], addresses } });
      const schemaErrors = (findings: ReturnType<typeof check>) => errorsOf(findings).filter((f) => /^TT000[0-3]$/.test(f.code));
      expect(
        schemaErrors(check(gateway([{ value: '1.2.3.4' }, { type: 'IPAddress', value: '1234::' }, { type: 'Hostname', value: 'example.com' }, { type: 'NamedAddress', value: 'lb-1' }]))),
      ).toEqual([]);
      // an IPAddress whose value is no IP matches neither branch; the errors of the branch that describes more of the
      // value follow, as kube-openapi reports them (Gateway API v1.5.1's tests/cel/gateway_test.go expects
      // `spec.addresses[0].value in body must be of type ipv4` for this address)
      expect(withCode(check(gateway([{ type: 'IPAddress', value: '1.2.3.4:8080' }])), 'TT0001').map((f) => `${f.field}: ${f.message}`)).toEqual([
        'spec.addresses[0].value: must be an IPv4 address (format ipv4), got "1.2.3.4:8080"',
        'spec.addresses[0].value: must match at least one of the allowed shapes (anyOf), got "1.2.3.4:8080"',
        'spec.addresses[0]: must match exactly one of the allowed shapes (oneOf), got none for {"type":"IPAddress","value":"1.2.3.4:8080"}',
      ]);
      // a field the structural schema does not have is still unknown
      expect(withCode(check(gateway([{ type: 'Hostname', value: 'example.com', port: 80 }])), 'TT0002')).toEqual([
        expect.objectContaining({ field: 'spec.addresses[0].port' }),
      ]);
    });
  });

  describe('x-kubernetes-validations CEL rules', () => {
    test('a rule reads a property by its escaped name, as the API server unescapes it (`p.__namespace__` is `namespace`)', () => {
      // the same Gateway's name in two namespaces is two parents: no sectionName is needed to tell them apart
      const route = (...parentRefs: Record<string, unknown>[]) =>
        obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web', { spec: { parentRefs, rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }] } });
      expect(withCode(check(route({ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'b' })), 'TT0003')).toEqual([]);
      expect(withCode(check(route({ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'a' })), 'TT0003').map((f) => f.message)).toEqual([
        expect.stringMatching(/^sectionName must be unique when parentRefs includes 2 or more references to the same parent/),
      ]);
    });

    test("a custom resource's schema defaults are filled in before its rules run, as the API server decodes it", () => {
      // the HTTPRoute CRD's rules read a backendRef's `group` and `kind` and a parentRef's `group`, which it defaults
      const route = (backend: Record<string, unknown>) =>
        obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web', { spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', ...backend }] }] } });
      const schemaErrors = (findings: ReturnType<typeof check>) => errorsOf(findings).filter((f) => f.code.startsWith('TT000'));
      expect(schemaErrors(check(route({ port: 8080 })))).toEqual([]);
      expect(withCode(check(route({})), 'TT0003')).toEqual([
        expect.objectContaining({ field: 'spec.rules[0].backendRefs[0]', message: expect.stringMatching(/^Must have port for Service reference/) }),
      ]);
      // a kind given is not defaulted over
      expect(schemaErrors(check(route({ group: 'example.com', kind: 'Bucket' })))).toEqual([]);
    });

    test("fails on a fault delay of 0s with the rule's message", () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ fault: { delay: { fixedDelay: '0s', percentage: { value: 10 } } }, route: [route('web')] }],
      });
      expect(withCode(check(web, vs), 'TT0003')).toEqual([
        expect.objectContaining({
          field: 'spec.http[0].fault.delay.fixedDelay',
          message: expect.stringMatching(/^must be a valid duration greater than 1ms \(rule: duration\(self\) >= duration\('1ms'\)\)$/),
        }),
      ]);
    });

    test('fails on a route timeout of 0.5ms', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ timeout: '0.5ms', route: [route('web')] }] });
      expect(withCode(check(web, vs), 'TT0003')).toEqual([
        expect.objectContaining({ field: 'spec.http[0].timeout', message: expect.stringMatching(/greater than 1ms/) }),
      ]);
    });

    test('passes a timeout of 1ms and more', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [
          { timeout: '1ms', route: [route('web')] },
          { timeout: '1h30m', route: [route('web')] },
        ],
      });
      expect(withCode(check(web, vs), 'TT0003')).toEqual([]);
    });

    test('fails on a PeerAuthentication portLevelMtls key of 70000', () => {
      const pa = obj('security.istio.io/v1', 'PeerAuthentication', 'p', {
        spec: { selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 70000: { mode: 'STRICT' } } },
      });
      expect(withCode(check(pa), 'TT0003')).toEqual([
        expect.objectContaining({ field: 'spec.portLevelMtls', message: expect.stringMatching(/^port must be between 1-65535/) }),
      ]);
    });

    test('passes a PeerAuthentication with a valid port and a selector', () => {
      const pa = obj('security.istio.io/v1', 'PeerAuthentication', 'p', {
        spec: { selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 8080: { mode: 'DISABLE' } } },
      });
      expect(errorsOf(check(pa))).toEqual([]);
    });

    test('fails when portLevelMtls has no selector (a rule on the spec)', () => {
      const pa = obj('security.istio.io/v1', 'PeerAuthentication', 'p', { spec: { portLevelMtls: { 8080: { mode: 'DISABLE' } } } });
      expect(withCode(check(pa), 'TT0003')).toEqual([
        expect.objectContaining({ field: 'spec', message: expect.stringMatching(/^portLevelMtls requires selector/) }),
      ]);
    });

    test('URL rules use the Kubernetes url() library', () => {
      const ok = obj('extensions.istio.io/v1alpha1', 'WasmPlugin', 'w', { spec: { url: 'oci://registry/plugin:1' } });
      expect(errorsOf(check(ok))).toEqual([]);
      const bad = obj('extensions.istio.io/v1alpha1', 'WasmPlugin', 'w', { spec: { url: 'ftp://host/plugin.wasm' } });
      expect(withCode(check(bad), 'TT0003')).toEqual([
        expect.objectContaining({ field: 'spec.url', message: expect.stringMatching(/^url must have schema one of \[http, https, file, oci\]/) }),
      ]);
    });

    test("url() and its accessors read URLs as Go's url.ParseRequestURI and url.Parse do", () => {
      const jwksUri = (uri: string) => check(obj('security.istio.io/v1', 'RequestAuthentication', 'r', {
        spec: { selector: { matchLabels: { app: 'web' } }, jwtRules: [{ issuer: 'i', jwksUri: uri }] },
      })).filter((f) => f.code === 'TT0003').map((f) => f.message);
      // Go reads any digits as a port and lower-cases the scheme; it refuses a bad escape and a space in the host
      for (const uri of ['https://example.com:99999/keys', 'HTTPS://example.com/keys', 'https://[::1]:8443/keys']) expect(jwksUri(uri)).toEqual([]);
      for (const uri of ['https://example.com/keys%zz', 'https://ex ample.com/keys']) {
        expect(jwksUri(uri)).toEqual([expect.stringMatching(/^URL parse error during conversion from string: .* evaluating rule: url must have scheme/)]);
      }
      expect(jwksUri('/keys')).toEqual([expect.stringMatching(/^url must have scheme http:\/\/ or https:\/\//)]);
    });

    test("Gateway API's isIP() rule uses the Kubernetes IP library: a TLSRoute's hostnames must not be addresses", () => {
      const tlsRoute = (hostnames: string[]) =>
        obj('gateway.networking.k8s.io/v1', 'TLSRoute', 'r', { spec: { hostnames, rules: [{ backendRefs: [{ name: 'web', port: 443 }] }] } });
      expect(withCode(check(web, tlsRoute(['example.com', '*.example.com', '01.2.3.4'])), 'TT0003')).toEqual([]);
      for (const address of ['1.2.3.4', '10.0.0.1']) {
        expect(withCode(check(web, tlsRoute(['example.com', address])), 'TT0003')).toEqual([
          expect.objectContaining({ field: 'spec.hostnames', message: expect.stringMatching(/^Hostnames cannot contain an IP \(rule: self.all\(h, !isIP\(h\)\)\)$/) }),
        ]);
      }
    });

    test('every rule in the committed schemas compiles', () => {
      const schemas = JSON.parse(readFileSync(path.join(__dirname, '..', 'imports', 'schemas', 'crds.json'), 'utf8'));
      const rules = new Set<string>();
      const walk = (node: any) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          for (const r of node['x-kubernetes-validations'] ?? []) rules.add(r.rule);
          Object.values(node).forEach(walk);
        }
      };
      walk(schemas);
      expect(rules.size).toBeGreaterThan(30);
      for (const rule of rules) expect(() => parse(rule)).not.toThrow();
    });

    describe('which rules run, as the API server decides (apiextensions strategy.go and its hasBlockingErr)', () => {
      const rulesOf = (findings: ReturnType<typeof check>) => withCode(findings, 'TT0003').map((f) => `${f.field ?? ''}: ${f.message.replace(/ \(rule: .*$/, '')}`).sort();

      test("a rule runs though a rule below it failed (Istio's reqauth-invalid case)", () => {
        const policy = obj('security.istio.io/v1', 'RequestAuthentication', 'multi-refs', {
          spec: { selector: { matchLabels: { app: 'web' } }, targetRefs: [{ kind: 'Service', group: '', name: 'web', namespace: 'other' }] },
        });
        expect(rulesOf(check(policy))).toEqual([
          'spec.targetRefs[0].namespace: cross namespace referencing is not currently supported',
          'spec: only one of targetRefs or selector can be set',
        ]);
      });

      test('a rule runs though its own value breaks a bound or a pattern, which do not block the rules', () => {
        // (a WasmPlugin's empty url breaks its minLength only: its rule reads it as http://, which Go's url parser takes)
        const entry = obj('networking.istio.io/v1', 'ServiceEntry', 'db', { spec: { hosts: ['db.example.com'], ports: [{ number: -1, name: 'tcp' }], resolution: 'DNS' } });
        expect(withCode(check(entry), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.ports[0].number', message: expect.stringMatching(/^must be at least 0/) })]);
        expect(rulesOf(check(entry))).toEqual(['spec.ports[0].number: port must be between 1-65535']);
      });

      test("a missing required field, a wrong type or a value outside its enum anywhere stops every rule, and the API server's note says so", () => {
        // the port rule (1-65535) would fail; the missing hosts block it
        const entry = (spec: Record<string, unknown>) => obj('networking.istio.io/v1', 'ServiceEntry', 'ext', { spec: { ports: [{ number: 0, name: 'http' }], ...spec } });
        expect(rulesOf(check(entry({ hosts: ['example.com'] })))).toEqual(['spec.ports[0].number: port must be between 1-65535']);
        const blocked = [': some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'];
        expect(rulesOf(check(entry({})))).toEqual(blocked);
        expect(withCode(check(entry({})), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.hosts', message: 'is required' })]);
        expect(rulesOf(check(entry({ hosts: 'example.com' })))).toEqual(blocked);
        expect(rulesOf(check(entry({ hosts: ['example.com'], resolution: 'SOMETIMES' })))).toEqual(blocked);
        // an unknown field is not the validator's: the rules run
        expect(rulesOf(check(entry({ hosts: ['example.com'], hostz: [] })))).toEqual(['spec.ports[0].number: port must be between 1-65535']);
      });

      test('a format refused, a oneOf whose best branch has a blocking error, or a missing name blocks them too', () => {
        const blocked = [': some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'];
        // kube-openapi reports a refused format as a type error; the route's timeout rule (at least 1ms) would fail
        const vs = (bytes: string) =>
          virtualService('web', { hosts: ['web'], http: [{ timeout: '0s', directResponse: { status: 200, body: { bytes } } }] });
        expect(rulesOf(check(vs('aGk=')))).toEqual([expect.stringMatching(/^spec\.http\[0\]\.timeout: /)]);
        expect(rulesOf(check(vs('not base64!')))).toEqual(blocked);
        // an IPAddress whose value is no IP: the oneOf's best branch (the first) fails on the value's format; the
        // duplicate listener names' rule would fail (the list's own duplicate check does not block)
        const listeners = [{ name: 'http', port: 80, protocol: 'HTTP' }, { name: 'http', port: 8080, protocol: 'HTTP' }];
        const gateway = (value: string) =>
          obj('gateway.networking.k8s.io/v1', 'Gateway', 'gw', { spec: { gatewayClassName: 'istio', addresses: [{ type: 'IPAddress', value }], listeners } });
        expect(rulesOf(check(gateway('1.2.3.4')))).toEqual([expect.stringMatching(/^spec\.listeners: Listener name must be unique/)]);
        expect(rulesOf(check(gateway('example.com')))).toEqual(blocked);
        // ValidateObjectMeta's Required name comes first on the API server
        const nameless = { ...gateway('1.2.3.4'), metadata: { namespace: 'shop' } };
        expect(rulesOf(check(nameless))).toEqual(blocked);
        expect(withCode(check(nameless), 'TT0007')).toHaveLength(1);
      });

      test('a null item of an int-or-string list is a type error, which blocks', () => {
        const problems: string[] = [];
        const sink = { report: (p: SchemaProblem, field: string, message: string) => void problems.push(`${p} ${field}: ${message}`), count: 0 };
        compileSchema({ type: 'array', items: { 'x-kubernetes-int-or-string': true } }, 'crd')([80, 'http', null], 'ports', sink);
        expect(problems).toEqual(['type ports[2]: must be an integer or a string, got null']);
        expect(blocks('type')).toBe(true);
      });

      test("a oneOf or anyOf no branch matches passes on the errors of the branch that describes most of the value (kube-openapi's MatchCount)", () => {
        const problems: string[] = [];
        const sink = { report: (p: SchemaProblem, field: string, message: string) => void problems.push(`${p} ${field}: ${message}`), count: 0 };
        const properties = { a: { type: 'string' }, b: { type: 'integer' } };
        // the second branch describes both fields of the value, the first one only: the second's errors, though more
        const branches = [{ properties: { a: { enum: ['x'] } } }, { properties: { a: { enum: ['y'] }, b: { minimum: 5 } } }];
        for (const combinator of ['oneOf', 'anyOf']) {
          problems.length = 0;
          compileSchema({ type: 'object', properties, [combinator]: branches }, 'crd')({ a: 'z', b: 1 }, 'spec', sink);
          expect(problems.filter((p) => !p.includes('allowed shapes'))).toEqual(['blocking spec.a: must be one of "y", got "z"', 'schema spec.b: must be at least 5, got 1']);
        }
        // the items of a list count as the fields it describes (kube-openapi validates each): the first branch's errors,
        // which block the rules
        problems.length = 0;
        const tagged = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } }, x: { type: 'string' }, w: { type: 'string' } } };
        compileSchema({ ...tagged, oneOf: [{ properties: { tags: { items: { maxLength: 3 } } } }, { properties: { x: { pattern: '^a$' }, w: { minLength: 1 } } }] }, 'crd')(
          { tags: ['toolong', 'b'], x: 'b', w: 'c' },
          'spec',
          sink,
        );
        expect(problems.filter((p) => !p.includes('allowed shapes'))).toEqual([expect.stringMatching(/^blocking spec\.tags\[0\]: /)]);
        // on a tie, the first branch's
        problems.length = 0;
        compileSchema({ type: 'object', properties, oneOf: [{ properties: { a: { enum: ['x'] } } }, { properties: { a: { enum: ['y'] } } }] }, 'crd')({ a: 'z' }, 'spec', sink);
        expect(problems).toEqual(['schema spec: must match exactly one of the allowed shapes (oneOf), got none for {"a":"z"}', 'blocking spec.a: must be one of "x", got "z"']);
      });

      test("a rule that cannot be evaluated is reported with the rule's message, as the API server words it", () => {
        const telemetry = obj('telemetry.istio.io/v1', 'Telemetry', 't', { spec: { metrics: [{ overrides: [{ tagOverrides: { foo: { operation: 'UPSERT' } } }] }] } });
        expect(rulesOf(check(telemetry))).toEqual([
          expect.stringMatching(/^spec\.metrics\[0\]\.overrides\[0\]\.tagOverrides\.foo: .+ evaluating rule: value must be set when operation is UPSERT$/),
        ]);
      });

      test('a rule that fails is reported at its fieldPath, one that cannot be evaluated at its own value', () => {
        const rule = { rule: 'self.port > 0', fieldPath: '.port', message: 'port must be positive' };
        const schema = { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } }, 'x-kubernetes-validations': [rule] };
        const found: string[] = [];
        const sink = { report: (_p: SchemaProblem, field: string, message: string) => void found.push(`${field}: ${message.replace(/ \(rule: .*$/, '')}`), count: 0 };
        const check = compileSchema(schema, 'crd');
        for (const value of [{ port: 0 }, { port: 'http' }]) checkWholeObject(check, value, sink, { kindHasRules: () => true });
        expect(found).toEqual(['port: port must be positive', expect.stringMatching(/^: .+ evaluating rule: port must be positive$/)]);
      });
    });
  });

  describe("a status written with the object, as the API server's create and update handle it", () => {
    const conditions = (items: unknown) => ({ parents: [{ parentRef: { name: 'gw' }, controllerName: 'istio.io/gateway-controller', conditions: items }] });
    const httpRoute = (status: unknown) =>
      obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r', { spec: { parentRefs: [{ name: 'gw' }] }, status });
    const fields = (findings: ReturnType<typeof check>) => findings.filter((f) => /^TT000[123]$/.test(f.code)).map((f) => `${f.code} ${f.field}`);

    test('a CRD version with the status subresource: only an unknown field fails (strict field validation), as status is dropped before validation', () => {
      // a condition without its required fields, of the wrong type, over its maxItems, a malformed time, a CEL rule of
      // the status
      const broken = httpRoute({ parents: [{ parentRef: { name: 'gw' }, conditions: [{ type: 7, lastTransitionTime: 'then' }] }, ...conditions([]).parents] });
      expect(fields(check(broken))).toEqual([]);
      expect(fields(check(httpRoute({ parents: Array.from({ length: 40 }, () => conditions([]).parents[0]) })))).toEqual([]);
      expect(fields(check(httpRoute({ ...conditions([{ type: 'Accepted', status: 'False', reason: 'R', message: 'm', lastTransitionTime: '2026-01-01T00:00:00Z' }]), bogus: 1 }))))
        .toEqual(['TT0002 status.bogus']);
      // nothing in the status blocks the rules of the spec
      const badSpec = obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r', {
        spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'no-slash' } }] }] },
        status: { parents: 'none' },
      });
      expect(fields(check(badSpec))).toEqual([expect.stringMatching(/^TT0003 spec\.rules\[0\]\.matches\[0\]\.path/)]);
    });

    test('a built-in kind: a value of the wrong type and an unknown field fail (decoding), the rest of the status is not validated', () => {
      const deployment = (status: unknown) => obj('apps/v1', 'Deployment', 'web', {
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web' }] } } },
        status,
      });
      expect(fields(check(deployment({ conditions: [{ status: 'Maybe' }], replicas: 2 })))).toEqual([]);
      expect(fields(check(obj('v1', 'Service', 's', { spec: { ports: [{ port: 80 }] }, status: { conditions: [{ type: 'x' }] } })))).toEqual([]);
      expect(fields(check(deployment({ replicas: 'two', bogus: true })))).toEqual(['TT0001 status.replicas', 'TT0002 status.bogus']);
      // what its Go type cannot read: a time, a quantity
      const pod = obj('v1', 'Pod', 'p', { spec: { containers: [{ name: 'web', image: 'web' }] }, status: { phase: 'Running', startTime: 'last tuesday' } });
      const claim = obj('v1', 'PersistentVolumeClaim', 'c', {
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        status: { capacity: { storage: 'lots' } },
      });
      expect(fields(check(pod, claim, deployment({ replicas: 5000000000 }))).sort()).toEqual(['TT0001 status.capacity.storage', 'TT0001 status.replicas', 'TT0001 status.startTime']);
      // a Node is created with its status, which is validated
      expect(fields(check(obj('v1', 'Node', 'n', { status: { conditions: [{ type: 'Ready' }] } }, undefined)))).toEqual(['TT0001 status.conditions[0].status']);
    });

    test('a field merely named like status is validated as ever', () => {
      const broken = obj('v1', 'Pod', 'p', { spec: { containers: [{ name: 'web', image: 'web' }] }, statusx: 1 });
      expect(fields(check(broken))).toEqual(['TT0002 statusx']);
    });
  });

  test('a kind with no schema is reported once, as info', () => {
    const a = obj('example.com/v1', 'Widget', 'a');
    const b = obj('example.com/v1', 'Widget', 'b');
    expect(withCode(check(a, b), 'TT0004')).toEqual([expect.objectContaining({ severity: 'info', kind: 'Widget', name: 'a' })]);
  });

  test('a version of a pinned kind that its CRD does not serve warns on every object (TT0042), naming the served ones', () => {
    const route = (name: string) => obj('gateway.networking.k8s.io/v1alpha2', 'TLSRoute', name, { spec: { parentRefs: [{ name: 'gw' }], rules: [] } });
    expect(check(route('a'), route('b')).filter((f) => ['TT0004', 'TT0042'].includes(f.code)).map((f) => `${f.code} ${f.severity} ${f.name} ${f.field} ${f.message}`)).toEqual([
      'TT0042 warning a apiVersion the pinned CRDs do not serve TLSRoute in gateway.networking.k8s.io/v1alpha2, only as gateway.networking.k8s.io/v1: ' +
        'a cluster with them refuses it (kubectl apply: no matches for kind), one with another release or channel (Gateway API\'s experimental one) ' +
        'may serve it; its objects are not checked',
      expect.stringMatching(/^TT0042 warning b apiVersion /),
    ]);
    // a kind no pinned CRD has stays an info
    expect(withCode(check(obj('example.com/v1alpha1', 'TLSRoute', 'c')), 'TT0004')).toHaveLength(1);
    // a CRD of the set that serves the version (Gateway API's experimental channel): its objects are checked against it
    const experimental = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'tlsroutes.gateway.networking.k8s.io', {
      spec: {
        group: 'gateway.networking.k8s.io', scope: 'Namespaced', names: { plural: 'tlsroutes', kind: 'TLSRoute' },
        versions: [{ name: 'v1alpha2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    }, undefined);
    const checked = check(experimental, route('d'));
    expect(checked.filter((f) => ['TT0004', 'TT0042'].includes(f.code))).toEqual([]);
    // a schema of `type: object` alone declares no field: the API server prunes spec, and strict field validation refuses it
    expect(withCode(checked, 'TT0002').map((f) => f.field)).toEqual(['spec']);
  });

  test('duplicates the API server accepts in a built-in kind pass: env names, container ports, pull secrets, host aliases, finalizers', () => {
    const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => obj('v1', 'Pod', 'p', { metadata, spec });
    const fields = (findings: ReturnType<typeof check>) => findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}`);
    const container = {
      name: 'web',
      image: 'web',
      // as ingress-nginx's NLB manifest: two names for one container port
      ports: [{ containerPort: 80, name: 'http' }, { containerPort: 80, name: 'https' }],
      env: [{ name: 'MODE', value: 'a' }, { name: 'MODE', value: 'b' }],
    };
    const accepted = pod(
      { containers: [container], imagePullSecrets: [{ name: 'reg' }, { name: 'reg' }], hostAliases: [{ ip: '10.0.0.1' }, { ip: '10.0.0.1' }] },
      { finalizers: ['example.com/a', 'example.com/a'] },
    );
    expect(fields(check(accepted))).toEqual([]);
    // the ones its validation refuses are still refused: two volumes of one name by the schema's list check; two
    // Service ports of one port and protocol by ValidateService's (TT0014), which defaults the protocol first
    const volumes = pod({ containers: [{ name: 'web', image: 'web' }], volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] });
    expect(fields(check(volumes))).toEqual(['TT0001 spec.volumes[1]']);
    const service = obj('v1', 'Service', 's', { spec: { ports: [{ name: 'a', port: 80, protocol: 'TCP' }, { name: 'b', port: 80, protocol: 'TCP' }] } });
    expect(fields(check(service))).toEqual(['TT0014 spec.ports[1]']);
  });

  test("a kind of Kubernetes' own groups that the version does not serve fails (TT0027), naming the versions it does serve", () => {
    const messages = (o: ReturnType<typeof obj>) => check(o).filter((f) => ['TT0004', 'TT0027'].includes(f.code)).map((f) => `${f.code} ${f.severity} ${f.message}`);
    expect(messages(obj('extensions/v1beta1', 'Ingress', 'i', { spec: {} }))).toEqual([
      'TT0027 error Kubernetes 1.33 does not serve Ingress in extensions/v1beta1; it serves Ingress as networking.k8s.io/v1',
    ]);
    expect(messages(obj('policy/v1beta1', 'PodDisruptionBudget', 'p', { spec: { minAvailable: 1 } }))).toEqual([
      'TT0027 error Kubernetes 1.33 does not serve PodDisruptionBudget in policy/v1beta1; it serves PodDisruptionBudget as policy/v1',
    ]);
    expect(messages(obj('apps/v1', 'Deploymnet', 'd'))).toEqual([
      'TT0027 error Kubernetes 1.33 does not serve Deploymnet in apps/v1, nor the kind Deploymnet in any version (a kind it no longer has, a later Kubernetes\' kind, or a misspelt one)',
    ]);
    expect(messages(obj('v2', 'Pod', 'p'))).toEqual(['TT0027 error Kubernetes 1.33 does not serve Pod in v2; it serves Pod as v1']);
    // alpha APIs, and 1.33's beta ones (all newer than 1.24, since when beta APIs are off by default), are not served
    expect(messages(obj('networking.k8s.io/v1beta1', 'ServiceCIDR', 'c', { spec: { cidrs: ['10.96.0.0/16'] } }, undefined))).toEqual([
      'TT0027 error Kubernetes 1.33 does not serve networking.k8s.io/v1beta1 unless its API server enables it (--runtime-config=networking.k8s.io/v1beta1=true), ' +
        'as an alpha or beta API; it serves ServiceCIDR as networking.k8s.io/v1',
    ]);
    expect(messages(obj('resource.k8s.io/v1beta1', 'DeviceClass', 'gpu', { spec: {} }, undefined))).toEqual([
      'TT0027 error Kubernetes 1.33 does not serve resource.k8s.io/v1beta1 unless its API server enables it (--runtime-config=resource.k8s.io/v1beta1=true), as an alpha or beta API',
    ]);
    // a later Kubernetes' version of a kind 1.33 has only as an alpha API
    expect(messages(obj('admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicy', 'm', { spec: {} }, undefined))).toEqual([
      "TT0027 error Kubernetes 1.33 does not serve MutatingAdmissionPolicy in admissionregistration.k8s.io/v1, a version it does not have (a later Kubernetes' or a removed one); " +
        'it has MutatingAdmissionPolicy only as admissionregistration.k8s.io/v1alpha1, an alpha or beta API off unless its API server enables it ' +
        '(--runtime-config=admissionregistration.k8s.io/v1alpha1=true)',
    ]);
    expect(messages(obj('builtin', 'LabelTransformer', 'labels'))).toEqual([
      'TT0027 error Kubernetes 1.33 does not serve LabelTransformer in builtin, nor the kind LabelTransformer in any version (builtin would be a version of the core API group)',
    ]);
    // an aggregated API's group or a CRD's is not Kubernetes' own: an info, as for any kind without a schema
    expect(messages(obj('metrics.k8s.io/v1beta1', 'PodMetrics', 'm'))).toEqual([
      'TT0004 info no schema for PodMetrics (metrics.k8s.io/v1beta1) in Kubernetes 1.33, the pinned CRDs or a CRD of the set; only the metadata of its objects is checked',
    ]);
    expect(messages(obj('snapshot.storage.k8s.io/v1', 'VolumeSnapshot', 's'))).toEqual([
      'TT0004 info no schema for VolumeSnapshot (snapshot.storage.k8s.io/v1) in Kubernetes 1.33, the pinned CRDs or a CRD of the set; only the metadata of its objects is checked',
    ]);
  });

  test('checks the metadata of a kind without a schema, as the API server checks every kind\'s (ValidateObjectMetaAccessor)', () => {
    const workflow = obj('argoproj.io/v1alpha1', 'Workflow', 'gifs', { metadata: { labels: { generateName: 'fun-with-gifs-' }, annotations: { 'bad key': 'x' } } });
    expect(check(workflow).map((f) => `${f.code} ${f.severity} ${f.message}`)).toEqual([
      expect.stringMatching(/^TT0013 error annotation key must be .*, got "bad key"$/),
      expect.stringMatching(/^TT0013 error label value must be .*, got "fun-with-gifs-"$/),
      'TT0004 info no schema for Workflow (argoproj.io/v1alpha1) in Kubernetes 1.33, the pinned CRDs or a CRD of the set; only the metadata of its objects is checked',
    ]);
    const labelled = obj('argoproj.io/v1alpha1', 'Workflow', 'gifs', { metadata: { labels: { app: 'gifs' } } });
    expect(check(labelled).map((f) => f.code)).toEqual(['TT0004']);
    // the custom resource handler decodes metadata strictly: a label or annotation value must be a string
    const typed = obj('argoproj.io/v1alpha1', 'Workflow', 'gifs', { metadata: { labels: { replicas: 3 }, annotations: { enabled: true } } });
    expect(check(typed).filter((f) => f.code === 'TT0001').map((f) => `${f.field} ${f.message}`)).toEqual([
      'metadata.annotations.enabled must be a string, got true',
      'metadata.labels.replicas must be a string, got 3',
    ]);
    // an IstioOperator is istioctl's input, which the API server never sees
    const operator = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { metadata: { labels: { version: '1.30.3-' } }, spec: { profile: 'minimal' } }, 'istio-system');
    expect(check(operator).map((f) => f.code)).toEqual(['TT0004']);
  });

  describe('keywords the pinned schemas use', () => {
    const schemaFile = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '..', 'imports', 'schemas', name), 'utf8'));
    // keys whose value is a map of field names, or data, rather than schema keywords
    const MAPS = new Set(['properties', 'definitions', 'fields-to-discriminateBy']);
    const DATA = new Set(['enum', 'required', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations', 'default', 'x-kubernetes-group-version-kind']);
    const keywordsOf = (root: unknown) => {
      const keywords = new Set<string>();
      const formats = new Set<string>();
      const walk = (node: any, isMap: boolean) => {
        if (Array.isArray(node)) return node.forEach((n) => walk(n, false));
        if (!node || typeof node !== 'object') return;
        for (const [key, value] of Object.entries(node)) {
          if (isMap) {
            walk(value, false);
            continue;
          }
          keywords.add(key);
          if (key === 'format') formats.add(value as string);
          if (key === 'x-kubernetes-unions') continue;
          if (!DATA.has(key)) walk(value, MAPS.has(key));
        }
      };
      walk(root, false);
      return { keywords, formats };
    };
    const crds = keywordsOf(Object.values(schemaFile('crds.json')).map((c: any) => c.schema));
    // the 1.33 definitions are imported for the move to a cluster Istio 1.30 supports: the validator must read them too
    const definitions = (file: string) => Object.entries(schemaFile(file)).flatMap(([key, node]) => (key.startsWith('#/definitions/') ? [node] : []));
    const kubernetes = keywordsOf(['kubernetes-1.27.json', 'kubernetes-1.33.json'].flatMap(definitions));

    test('fails when the pinned schemas use a keyword the validator neither checks nor knows to be inert', () => {
      const unknown = [...crds.keywords, ...kubernetes.keywords].filter((k) => !CHECKED_KEYWORDS.has(k) && !KNOWN_IGNORED_KEYWORDS.has(k));
      expect(unknown).toEqual([]);
      expect(crds.keywords.has('maxProperties')).toBe(true);
    });

    test('fails when the pinned schemas use a string format the validator does not check', () => {
      for (const [dialect, { formats }] of [['crd', crds], ['kubernetes', kubernetes]] as const) {
        expect([...formats].filter((f) => !NUMBER_FORMATS.has(f) && !formatCheck(f, dialect))).toEqual([]);
      }
    });
  });

  describe('property counts, multiples and formats', () => {
    test('fails when a PeerAuthentication portLevelMtls map is empty (minProperties), as the API server does', () => {
      const pa = obj('security.istio.io/v1', 'PeerAuthentication', 'p', { spec: { selector: { matchLabels: { app: 'web' } }, portLevelMtls: {} } });
      expect(withCode(check(pa), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.portLevelMtls', message: 'must have at least 1 entry, got 0' })]);
    });

    test('fails when a selector has more labels than maxProperties', () => {
      const matchLabels = Object.fromEntries(Array.from({ length: 4097 }, (_, i) => [`k${i}`, 'v']));
      const pa = obj('security.istio.io/v1', 'PeerAuthentication', 'p', { spec: { selector: { matchLabels } } });
      expect(withCode(check(pa), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.selector.matchLabels', message: 'must have at most 4096 entries, got 4097' }),
      ]);
    });

    test("a custom resource's formats as kube-openapi's strfmt registry checks them", () => {
      const accepted: [string, string[]][] = [
        // netutils.ParseCIDRSloppy and ParseIPSloppy: leading zeros in octets and the prefix length
        ['cidr', ['10.0.0.0/8', '010.0.0.0/8', 'fd00::/8', '0010.0.0.0/0008', '1::/0000000128']],
        ['ipv4', ['10.1.2.3', '010.1.2.3', '::ffff:1.2.3.4']],
        ['uri', ['https://example.com/a?b', '/just/a/path', 'mailto:a@b']],
        ['hostname', ['example.com', 'a', 'xn--bcher-kva.example', 'b\u00fccher.example', '1.example.com']],
        ['uuid', ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000']],
        ['uuid4', ['123e4567-e89b-42d3-a456-426614174000']],
        ['duration', ['1h30m', '-1.5s', '0', '2 days', '1 hour 30 minutes', '3weeks', '5 Mins', 'in 5m']],
        ['hexcolor', ['#fff', 'a0b1c2']],
        ['ssn', ['123-45-6789', '123 45 6789']],
        ['bsonobjectid', ['507f1f77bcf86cd799439011']],
        ['password', ['anything at all']],
        ['email', ['not checked here']],
      ];
      const refused: [string, string[]][] = [
        ['cidr', ['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8']],
        ['ipv4', ['::1', '1.2.3', '256.1.2.3']],
        ['uri', ['example.com', 'relative/path', '']],
        ['hostname', ['-a.example', 'a..b', 'example.c0m', `${'a'.repeat(64)}.com`, 'under_score.com']],
        ['uuid', ['123e4567-e89b-12d3-a456-42661417400', 'nope']],
        ['uuid4', ['123e4567-e89b-12d3-a456-426614174000']],
        // beyond an int64 of nanoseconds time.ParseDuration fails, and the fallback knows no Greek mu
        ['duration', ['soon', '5', '1 fortnight', '99999999999999999999d', '99999999999999999999h', '10000000000000000\u03bcs']],
        ['hexcolor', ['#ffff', 'fff0']],
        ['ssn', ['123456789', '123-45-67890']],
        ['bsonobjectid', ['507f1f77bcf86cd79943901', 'zz7f1f77bcf86cd799439011']],
      ];
      const problems: string[] = [];
      const sink = { report: (_p: SchemaProblem, field: string) => void problems.push(field), count: 0 };
      for (const [format, values] of accepted) for (const v of values) compileSchema({ type: 'string', format }, 'crd')(v, `${format} ${v}`, sink);
      expect(problems).toEqual([]);
      for (const [format, values] of refused) for (const v of values) compileSchema({ type: 'string', format }, 'crd')(v, `${format} ${v}`, sink);
      expect(problems).toEqual(refused.flatMap(([format, values]) => values.map((v) => `${format} ${v}`)));
    });

    test("a custom resource's integer as the API server decodes it: int64's largest is taken, beyond int64 a type error, int32 unchecked", () => {
      const problems: string[] = [];
      const sink = { report: (_p: SchemaProblem, field: string, message: string) => void problems.push(`${field}: ${message}`), count: 0 };
      // 9223372036854775807 reads as 2^63 in JavaScript
      // eslint-disable-next-line no-loss-of-precision
      compileSchema({ type: 'integer', format: 'int64' }, 'crd')(9223372036854775807, 'max', sink);
      compileSchema({ type: 'integer', format: 'int64' }, 'crd')(-9223372036854775808, 'min', sink);
      compileSchema({ type: 'integer' }, 'crd')(1e20, 'plain', sink);
      compileSchema({ type: 'integer', format: 'int64' }, 'crd')(-1e19, 'low', sink);
      // apiextensions does not support the int32 format: it strips it, and checks no 32-bit range
      compileSchema({ type: 'integer', format: 'int32' }, 'crd')(3000000000, 'int32', sink);
      // a built-in kind's int32 field is a Go int32, which the value does not fit
      compileSchema({ type: 'integer', format: 'int32' }, 'kubernetes')(3000000000, 'go', sink);
      expect(problems).toEqual([
        'plain: must be an integer of at most 64 bits, got 100000000000000000000',
        'low: must be an integer of at most 64 bits, got -10000000000000000000',
        'go: must fit in a 32-bit integer, got 3000000000',
      ]);
      // a type error keeps the rules from running
      const blocked: SchemaProblem[] = [];
      compileSchema({ type: 'integer' }, 'crd')(1e20, 'x', { report: (p: SchemaProblem) => void blocked.push(p), count: 0 });
      expect(blocked).toEqual(['type']);
    });

    test('fails when a number is not a multiple of multipleOf', () => {
      const problems: string[] = [];
      const sink = { report: (_p: SchemaProblem, field: string, message: string) => void problems.push(`${field}: ${message}`), count: 0 };
      const checkHalf = compileSchema({ type: 'number', multipleOf: 0.5 }, 'crd');
      checkHalf(1.5, 'x', sink);
      checkHalf(1.2, 'x', sink);
      expect(problems).toEqual(['x: must be a multiple of 0.5, got 1.2']);
      // kube-openapi divides by a factor under 1 as 1/factor*data, with swag's relative error of 1e-9
      const checkTenth = compileSchema({ type: 'number', multipleOf: 0.1 }, 'crd');
      for (const v of [0.3, 0.7, 1.1, 2, 0]) checkTenth(v, 'y', sink);
      checkTenth(0.35, 'y', sink);
      expect(problems).toEqual(['x: must be a multiple of 0.5, got 1.2', 'y: must be a multiple of 0.1, got 0.35']);
    });

    test('an enum of maps or lists matches by content, as reflect.DeepEqual does', () => {
      const problems: string[] = [];
      const sink = { report: (_p: SchemaProblem, field: string, message: string) => void problems.push(`${field}: ${message}`), count: 0 };
      const check = compileSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, enum: [{ a: 1, b: [1, 2] }] }, 'crd');
      check({ b: [1, 2], a: 1 }, 'e', sink);
      check({ a: 2 }, 'e', sink);
      const checkList = compileSchema({ type: 'array', items: { type: 'string' }, enum: [['x', 'y']] }, 'crd');
      checkList(['x', 'y'], 'l', sink);
      checkList(['y', 'x'], 'l', sink);
      expect(problems).toEqual(['e: must be one of {"a":1,"b":[1,2]}, got {"a":2}', 'l: must be one of ["x","y"], got ["y","x"]']);
    });

    test("an enum takes a number Go's conversion to an allowed value's type makes equal to it, as go-openapi's Enum does", () => {
      const problems: string[] = [];
      const sink = { report: (_p: SchemaProblem, field: string, message: string) => void problems.push(`${field}: ${message}`), count: 0 };
      // a fraction converts to int64 by dropping its fraction; a whole number never equals an allowed fraction
      const numbers = compileSchema({ type: 'number', enum: [1, 2.5, 0] }, 'crd');
      for (const v of [1.5, 1.99, 2.5, -0.5]) numbers(v, 'n', sink);
      numbers(2, 'm', sink);
      numbers(0.9 + 2, 'f', sink);
      // a whole number converts to a string as string(rune(n)), U+FFFD for no Unicode scalar value
      const strings = compileSchema({ 'x-kubernetes-int-or-string': true, enum: ['A', '\ufffd'] }, 'crd');
      for (const v of [65, 0xd800, -1]) strings(v, 's', sink);
      strings(66, 't', sink);
      strings(65.5, 'u', sink);
      expect(problems).toEqual([
        'm: must be one of 1, 2.5, 0, got 2',
        'f: must be one of 1, 2.5, 0, got 2.9',
        't: must be one of "A", "\ufffd", got 66',
        'u: must be an integer or a string, got 65.5',
        'u: must be one of "A", "\ufffd", got 65.5',
      ]);
    });

    test('a nullable field with an enum takes no null: kube-openapi checks a null against the enum, which no null matches', () => {
      const problems: string[] = [];
      const sink = { report: (_p: SchemaProblem, field: string, message: string) => void problems.push(`${field}: ${message}`), count: 0 };
      compileSchema({ type: 'string', nullable: true, enum: ['a', null] }, 'crd')(null, 'e', sink);
      compileSchema({ type: 'string', nullable: true }, 'crd')(null, 'n', sink);
      expect(problems).toEqual(['e: must be one of "a", null, got null']);
    });

    test("patterns match as Go's regexp matches: `.` and `\\s` with Go's meaning, RE2's flags and classes", () => {
      const problems: string[] = [];
      const sink = { report: (_p: SchemaProblem, field: string, message: string) => void problems.push(`${field} ${JSON.stringify(message.split(', got ')[1])}`), count: 0 };
      const run = (pattern: string, ...values: string[]) => values.forEach((v) => compileSchema({ type: 'string', pattern }, 'crd')(v, pattern, sink));
      run('^.+$', 'x\ry', 'x\u2028y', 'x\ny');
      run('^\\S+$', 'a\u00a0b', 'a\u000bb', 'a b');
      run('^(?i)(abort|warn)?$', 'WARN', 'Abort', 'stop');
      run('^[[:alpha:]]+$', 'abc', 'ab1');
      run('^\\pL+$', 'é', '1');
      expect(problems).toEqual([
        '^.+$ "\\"x\\\\ny\\""',
        '^\\S+$ "\\"a b\\""',
        '^(?i)(abort|warn)?$ "\\"stop\\""',
        '^[[:alpha:]]+$ "\\"ab1\\""',
        '^\\pL+$ "\\"1\\""',
      ]);
    });

    test('fails when a Secret data value is not base64 (format byte of a built-in kind)', () => {
      const secret = obj('v1', 'Secret', 's', { data: { good: 'aGVsbG8=', empty: '', bad: 'not base64!' } });
      expect(withCode(check(secret), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'data.bad', message: 'must be standard base64 with padding (format byte), got "not base64!"' }),
      ]);
    });

    test('fails when a custom resource byte field is empty or not base64', () => {
      const vs = (bytes: string) =>
        virtualService('web', { hosts: ['web'], http: [{ directResponse: { status: 200, body: { bytes } } }] });
      expect(withCode(check(vs('aGk=')), 'TT0001')).toEqual([]);
      expect(withCode(check(vs('')), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.http[0].directResponse.body.bytes', message: expect.stringMatching(/^must be non-empty base64/) }),
      ]);
    });

    test('fails when a date-time is malformed, in a built-in kind and in a custom resource', () => {
      const cm = obj('v1', 'ConfigMap', 'c', { metadata: { creationTimestamp: '2024-02-30T10:00:00Z' } });
      expect(withCode(check(cm), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'metadata.creationTimestamp', message: expect.stringMatching(/^must be an RFC 3339 date-time.*got "2024-02-30T10:00:00Z"$/) }),
      ]);
      expect(withCode(check(obj('v1', 'ConfigMap', 'c', { metadata: { creationTimestamp: '2024-02-28T10:00:00.5+02:00' } })), 'TT0001')).toEqual([]);
      // the CRD's one date-time outside the status (which the API server drops before validating it)
      const app = (time: string) =>
        obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', {
          spec: { applicationImage: 'web', storage: { volumeClaimTemplate: { status: { conditions: [{ type: 'Resizing', status: 'True', lastTransitionTime: time }] } } } },
        });
      expect(withCode(check(app('2024-01-31T12:00:00Z')), 'TT0001')).toEqual([]);
      expect(withCode(check(app('last tuesday')), 'TT0001')).toEqual([
        expect.objectContaining({ field: 'spec.storage.volumeClaimTemplate.status.conditions[0].lastTransitionTime', message: expect.stringMatching(/format date-time/) }),
      ]);
    });

    test('fails when a resource quantity does not parse', () => {
      const pod = (cpu: unknown) =>
        obj('v1', 'Pod', 'p', { spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu, memory: '128Mi' } } }] } });
      for (const ok of ['500m', '1', 2, '1.5', '2e3', '1Ki', '0.1E2']) expect(withCode(check(pod(ok)), 'TT0001')).toEqual([]);
      for (const bad of ['lots', '1K', '1.2.3', '5 m', 'Mi1']) {
        expect(withCode(check(pod(bad)), 'TT0001')).toEqual([
          expect.objectContaining({ field: 'spec.containers[0].resources.limits.cpu', message: expect.stringMatching(/^must be a quantity such as 500m/) }),
        ]);
      }
    });
  });

  describe('null values, as the API server reads them', () => {
    test('passes what kubectl create --dry-run -o yaml prints: creationTimestamp: null, empty strategy and status', () => {
      const deployment = obj('apps/v1', 'Deployment', 'web', {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          strategy: {},
          template: {
            metadata: { creationTimestamp: null, labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'web:1', resources: {} }] },
          },
        },
        status: {},
      });
      expect(check(deployment).filter((f) => f.severity === 'error')).toEqual([]);
    });

    test('passes null fields of a custom resource, which the API server prunes before validation', () => {
      const vs = virtualService('web', { hosts: ['web'], exportTo: null, http: [{ route: [route('web')], timeout: null }] }, { metadata: { creationTimestamp: null } });
      expect(check(web, vs).filter((f) => f.severity === 'error')).toEqual([]);
    });

    test('fails when a required custom resource field is null (pruned, so missing)', () => {
      const dr = obj('networking.istio.io/v1', 'DestinationRule', 'd', { spec: { host: null } });
      expect(withCode(check(dr), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.host', message: 'is required' })]);
    });

    test('fails when a list item of a custom resource is null and not nullable', () => {
      const vs = virtualService('web', { hosts: ['web', null], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, vs), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.hosts[1]', message: 'must be a string, got null' })]);
    });

    test('fails when a built-in list item is null: it decodes as an empty struct, missing its required fields', () => {
      const pod = obj('v1', 'Pod', 'p', { spec: { containers: [null] } });
      expect(withCode(check(pod), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.containers[0].name', message: 'is required' })]);
    });

    test('fails when a required built-in field is null', () => {
      const pod = obj('v1', 'Pod', 'p', { spec: { containers: null } });
      expect(withCode(check(pod), 'TT0001')).toEqual([expect.objectContaining({ field: 'spec.containers', message: 'is required' })]);
    });

    test('CEL rules do not see pruned nulls', () => {
      // portLevelMtls: null is pruned, so the rule that portLevelMtls needs a selector does not apply
      const pa = obj('security.istio.io/v1', 'PeerAuthentication', 'p', { spec: { portLevelMtls: null, mtls: { mode: 'STRICT' } } });
      expect(check(pa).filter((f) => f.severity === 'error')).toEqual([]);
    });
  });
});
