// The gateway analyzers (istioctl 1.30.3's gateway.*): IST0101 for a Gateway's selector and credentialName, IST0161,
// IST0162, IST0138 and IST0145, on every kind of the set, with the gateways the Istio install provides.
import type { KubeObject } from '../src/manifests/kube-object';
import { GATEWAY_SERVICE_CHECKS } from '../src/validate/analyzers/gateways-services';
import { credentialProblem } from '../src/validate/analyzers/gateways-services/gateway-credentials';
import { MeshIndex } from '../src/validate/mesh/mesh-index';
import { check, obj, withCode } from './support/objects';

/** The findings of the gateway, service and workload analyzers on `objects` (files `f0.yaml`... in order). */
function analyze(...objects: KubeObject[]) {
  const index = new MeshIndex(objects.map((object, i) => ({ object, file: `f${i}.yaml` })));
  return GATEWAY_SERVICE_CHECKS.flatMap((c) => c(index));
}

type Server = Record<string, unknown>;
const server = (number: number, hosts: string[] = ['*'], extra: Server = {}): Server => ({
  port: { number, name: `port-${number}`, protocol: 'HTTP' },
  hosts,
  ...extra,
});
const tlsServer = (tls: Record<string, unknown>, hosts: string[] = ['shop.example.com']): Server => ({
  port: { number: 443, name: 'https', protocol: 'HTTPS' },
  hosts,
  tls: { mode: 'SIMPLE', ...tls },
});
/** An Istio Gateway in `ns` selecting `selector`. */
const gateway = (name: string, servers: Server[] = [server(80)], selector: Record<string, string> = { istio: 'ingressgateway' }, ns = 'shop') =>
  obj('networking.istio.io/v1', 'Gateway', name, { spec: { selector, servers } }, ns);
const deployment = (name: string, labels: Record<string, string>, ns = 'shop') =>
  obj('apps/v1', 'Deployment', name, { spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'gw', image: 'gw' }] } } } }, ns);
const service = (name: string, selector: Record<string, string>, ports: unknown[], ns = 'shop') =>
  obj('v1', 'Service', name, { spec: { selector, ports } }, ns);
const istioOperator = (profile: string) => obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { profile } }, 'istio-system');
const secret = (name: string, fields: Record<string, unknown>, ns = 'istio-system') => obj('v1', 'Secret', name, { type: 'kubernetes.io/tls', ...fields }, ns);
const base64 = (text: string) => Buffer.from(text).toString('base64');

// self-signed EC certificates for shop.example.com, valid 2000-2100 and 2000-2001, with their key
const VALID_CERT = `-----BEGIN CERTIFICATE-----
MIIBVjCB/KADAgECAgEBMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMMEHNob3AuZXhh
bXBsZS5jb20wIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBsxGTAX
BgNVBAMMEHNob3AuZXhhbXBsZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AATW4i+B4nOwDYaw8nZ4sr7dtnk5YnJXl188GgrX1HC4XaJ9YT/YIbrDVIxk2gk0
fRYU4D+2sv2LcFSb5SjGIVZooy8wLTAMBgNVHRMEBTADAQH/MB0GA1UdDgQWBBQx
Ip/fBiqfG8PhDIZoioThjyfqtTAKBggqhkjOPQQDAgNJADBGAiEA2uTeYz11eyQF
saEnuSVun/U+InvSCDd7W/v5FQ6uGHkCIQDdDitvx0BlYUkoCUGA2QVn4fpWhk87
0PHqY4aV+nDffA==
-----END CERTIFICATE-----
`;
const EXPIRED_CERT = `-----BEGIN CERTIFICATE-----
MIIBUzCB+qADAgECAgECMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMMEHNob3AuZXhh
bXBsZS5jb20wHhcNMDAwMTAxMDAwMDAwWhcNMDEwMTAxMDAwMDAwWjAbMRkwFwYD
VQQDDBBzaG9wLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
1uIvgeJzsA2GsPJ2eLK+3bZ5OWJyV5dfPBoK19RwuF2ifWE/2CG6w1SMZNoJNH0W
FOA/trL9i3BUm+UoxiFWaKMvMC0wDAYDVR0TBAUwAwEB/zAdBgNVHQ4EFgQUMSKf
3wYqnxvD4QyGaIqE4Y8n6rUwCgYIKoZIzj0EAwIDSAAwRQIgJh1z1PmILqvjAbWT
T+qnvtirl6MldZcDilL4s/PVLUACIQDPrmd6YlVLurzbvw6nKdxI7loOA8rvR4Tz
2GllJ4Ddcg==
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglcavpdP6lJHncBQh
bwg94alcHnSbIMngGv8bxvpWbwihRANCAATW4i+B4nOwDYaw8nZ4sr7dtnk5YnJX
l188GgrX1HC4XaJ9YT/YIbrDVIxk2gk0fRYU4D+2sv2LcFSb5SjGIVZo
-----END PRIVATE KEY-----
`;
const tlsSecret = (name: string, cert = VALID_CERT, ns = 'istio-system') => secret(name, { data: { 'tls.crt': base64(cert), 'tls.key': base64(KEY) } }, ns);

describe('IST0101 ReferencedResourceNotFound: a Gateway selector', () => {
  test('fails when a Gateway selects labels no pod of the set or of the Istio install has', () => {
    expect(analyze(gateway('web', [server(80)], { istio: 'private-gateway' }))).toEqual([
      expect.objectContaining({
        code: 'IST0101',
        severity: 'error',
        kind: 'Gateway',
        name: 'web',
        namespace: 'shop',
        field: 'spec.selector.istio',
        message:
          'referenced selector not found: "istio=private-gateway" (no Pod, pod template or AppsodyApplication in the set has these labels, ' +
          'and the Istio install (profile default) provides only istio-system/istio-ingressgateway; deploy the gateway, or select one that runs)',
      }),
    ]);
  });

  test('fails with the selector as istioctl prints it, keys in order, and the field of its first key', () => {
    const gw = gateway('web', [server(80)], { zone: 'a', 'app.kubernetes.io/name': 'edge' });
    expect(analyze(gw)).toEqual([
      expect.objectContaining({ field: 'spec.selector["app.kubernetes.io/name"]', message: expect.stringMatching(/^referenced selector not found: "app.kubernetes.io\/name=edge,zone=a" /) }),
    ]);
  });

  test('fails when the install provides no gateway (minimal profile); an empty selector still finds its istiod pods', () => {
    const findings = analyze(istioOperator('minimal'), gateway('web'), gateway('any', [server(80)], {}));
    expect(findings.map((f) => [f.name, f.field, f.message.replace(/ \(.*/, '')])).toEqual([
      ['web', 'spec.selector.istio', 'referenced selector not found: "istio=ingressgateway"'],
      // as istioctl on such a cluster: istiod's Service has no port 80
      ['any', 'spec.servers[0].port.number', 'the gateway is listening on a target port'],
    ]);
    expect(findings[0].message).toMatch(/the Istio install \(profile minimal\) provides no gateway/);
  });

  test('fails even for an empty selector when the install runs nothing (empty profile)', () => {
    const findings = analyze(istioOperator('empty'), gateway('any', [server(80)], {}));
    expect(findings.map((f) => [f.name, f.field, f.message.replace(/ \(.*/, '')])).toEqual([['any', undefined, 'referenced selector not found: ""']]);
  });

  test("reads the IstioOperator's gateway components: the gateways it lists, enables, names and labels", () => {
    const components = (spec: Record<string, unknown>) => obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec }, 'istio-system');
    // an egress gateway the default profile leaves off, turned on
    const egress = components({ components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }] } });
    expect(analyze(egress, gateway('out', [server(80)], { istio: 'egressgateway' }))).toEqual([]);
    // a list replaces the profile's: a gateway of its own, and no istio-ingressgateway
    const own = components({ profile: 'empty', components: { ingressGateways: [{ name: 'ilb-gateway', label: { istio: 'ilbgateway' } }] } });
    expect(analyze(own, gateway('internal', [server(80)], { istio: 'ilbgateway' }))).toEqual([]);
    expect(analyze(own, gateway('web')).map((f) => f.message)).toEqual([expect.stringMatching(/provides only istio-system\/ilb-gateway/)]);
    // the default profile's disabled egress gateway turned on by its values
    const byValues = components({ values: { gateways: { 'istio-egressgateway': { enabled: true } } } });
    expect(analyze(byValues, gateway('out', [server(80)], { istio: 'egressgateway' }))).toEqual([]);
    // the pods carry the chart's other labels too, as istioctl renders them into istio-system
    expect(analyze(gateway('chart', [server(80)], { app: 'istio-ingressgateway', release: 'istio', 'app.kubernetes.io/part-of': 'istio' }))).toEqual([]);
    // the profile's ingress gateway turned off
    const off = components({ components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }] } });
    expect(withCode(analyze(off, gateway('web')), 'IST0101')).toHaveLength(1);
  });

  test('provides the gateways and istiod of every IstioOperator of the set, each installed by its own istioctl install', () => {
    const operator = (name: string, spec: Record<string, unknown>) => obj('install.istio.io/v1alpha1', 'IstioOperator', name, { spec }, 'istio-system');
    const controlPlane = operator('control-plane', { profile: 'minimal' });
    const ingress = operator('ingress', { profile: 'empty', components: { ingressGateways: [{ name: 'istio-ingressgateway', namespace: 'istio-ingress', enabled: true }] } });
    const eastWest = operator('eastwest', {
      profile: 'empty',
      components: { ingressGateways: [{ name: 'istio-eastwestgateway', label: { istio: 'eastwestgateway' }, enabled: true }] },
    });
    for (const set of [[controlPlane, ingress, eastWest], [eastWest, ingress, controlPlane]]) {
      expect(analyze(...set, gateway('web'), gateway('cross-network', [server(80)], { istio: 'eastwestgateway' }))).toEqual([]);
    }
    expect(withCode(analyze(controlPlane, gateway('web')), 'IST0101')).toHaveLength(1);
  });

  test('fails for the egress gateway with the default profile, which installs none', () => {
    expect(withCode(analyze(gateway('out', [server(80)], { istio: 'egressgateway' })), 'IST0101')).toHaveLength(1);
    expect(analyze(istioOperator('demo'), gateway('out', [server(80)], { istio: 'egressgateway' }))).toEqual([]);
  });

  test('fails when the only matching pods are in a namespace istioctl drops (kube-system)', () => {
    expect(withCode(analyze(gateway('web', [server(80)], { app: 'edge' }), deployment('edge', { app: 'edge' }, 'kube-system')), 'IST0101')).toHaveLength(1);
  });

  test('passes for the tutorial-like Gateway selecting the ingress gateway the install provides', () => {
    expect(analyze(gateway('tutorial-gateway'))).toEqual([]);
    expect(check(gateway('tutorial-gateway'))).toEqual([]);
  });

  test('passes for pods of the set in any namespace: a Deployment, a CronJob, an AppsodyApplication (its labels and instance)', () => {
    const cronJob = obj('batch/v1', 'CronJob', 'edge', {
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { role: 'batch-edge' } }, spec: { containers: [] } } } } },
    });
    const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'front', {
      metadata: { labels: { tier: 'front' } },
      spec: { applicationImage: 'front', service: { port: 80, portName: 'http' } },
    });
    expect(
      analyze(
        deployment('edge', { app: 'edge' }, 'edge-system'),
        gateway('a', [server(80)], { app: 'edge' }),
        cronJob,
        gateway('b', [server(81)], { role: 'batch-edge' }),
        app,
        gateway('c', [server(82)], { tier: 'front', 'app.kubernetes.io/instance': 'front' }),
      ).filter((f) => f.code === 'IST0101'),
    ).toEqual([]);
  });

  test('is reported through validateObjects, once per Gateway', () => {
    expect(withCode(check(gateway('web', [server(80), tlsServer({ credentialName: 'c' })], { istio: 'none' })), 'IST0101')).toHaveLength(1);
  });
});

describe('IST0162 GatewayPortNotDefinedOnService', () => {
  test('fails when a server port is not on the Service of the install ingress gateway (default profile: 80, 443, 15021)', () => {
    const gw = gateway('web', [server(80), server(9090), server(9090, ['b.example.com']), server(31400)]);
    expect(analyze(gw)).toEqual([
      expect.objectContaining({
        code: 'IST0162',
        severity: 'warning',
        name: 'web',
        field: 'spec.servers[1].port.number',
        message:
          'the gateway is listening on a target port (port 9090) that is not defined in the Service associated with its workload instances ' +
          '(Pod selector istio=ingressgateway): istio-system/istio-ingressgateway exposes 15021, 80 -> 8080, 443 -> 8443; ' +
          'if you need to access the gateway port through the gateway Service, it will not be available',
      }),
      expect.objectContaining({ field: 'spec.servers[3].port.number', message: expect.stringMatching(/\(port 31400\)/) }),
    ]);
  });

  test('passes for 80, 443 and 15021 with the default profile, 31400 and 15443 with demo, and a targetPort (8080)', () => {
    expect(analyze(gateway('web', [server(80), server(443), server(15021), server(8080)]))).toEqual([]);
    expect(analyze(istioOperator('demo'), gateway('web', [server(80), server(443), server(31400), server(15443)]))).toEqual([]);
  });

  test("takes the chart's ports from values.gateways.<chart>.ports, unless a component's k8s.service.ports replace them", () => {
    const ports = [{ port: 15021, targetPort: 15021, name: 'status-port' }, { port: 80, targetPort: 8080, name: 'http2' }, { port: 31400, targetPort: 31400, name: 'tcp' }];
    const byValues = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { values: { gateways: { 'istio-ingressgateway': { ports } } } } }, 'istio-system');
    expect(analyze(byValues, gateway('tcp', [server(31400)]))).toEqual([]);
    expect(withCode(analyze(byValues, gateway('tls', [server(443)])), 'IST0162')).toHaveLength(1);
    const own = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', {
      spec: {
        components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true, k8s: { service: { ports: [{ port: 443, targetPort: 8443, name: 'https' }] } } }] },
        values: { gateways: { 'istio-ingressgateway': { ports } } },
      },
    }, 'istio-system');
    expect(withCode(analyze(own, gateway('tcp', [server(31400)])), 'IST0162')).toHaveLength(1);
  });

  test('fails against the Services of gateway pods of the set: UDP ports do not count, ports without protocol are TCP', () => {
    const pods = deployment('edge', { app: 'edge' }, 'edge-system');
    const svc = service('edge', { app: 'edge' }, [{ name: 'http', port: 8000 }, { name: 'https', port: 8443, targetPort: 'https', protocol: 'TCP' }, { name: 'udp-dns', port: 53, protocol: 'UDP' }], 'edge-system');
    const gw = gateway('edge', [server(8000), server(8443), server(53)], { app: 'edge' });
    expect(analyze(pods, svc, gw).map((f) => [f.code, f.field])).toEqual([['IST0162', 'spec.servers[2].port.number']]);
  });

  test('fails for every port when no Service selects the gateway pods', () => {
    const findings = analyze(deployment('edge', { app: 'edge' }), gateway('edge', [server(80)], { app: 'edge' }));
    expect(findings).toEqual([expect.objectContaining({ code: 'IST0162', message: expect.stringMatching(/: no Service selects those pods; /) })]);
  });

  test('passes for a Gateway whose selector matches no pod: IST0101 alone is reported', () => {
    expect(analyze(gateway('web', [server(9999)], { istio: 'none' })).map((f) => f.code)).toEqual(['IST0101']);
  });
});

describe('IST0101 ReferencedResourceNotFound: a Gateway credentialName, and IST0161 InvalidGatewayCredential', () => {
  test('fails when the Secret is not in the namespace of the gateway pods (istio-system for the install ingress gateway)', () => {
    const gw = gateway('web', [server(80), tlsServer({ credentialName: 'shop-cert' })]);
    expect(analyze(gw, tlsSecret('shop-cert', VALID_CERT, 'shop'))).toEqual([
      expect.objectContaining({
        code: 'IST0101',
        name: 'web',
        field: 'spec.servers[1].tls.credentialName',
        message:
          'referenced credentialName not found: "shop-cert" (no Secret istio-system/shop-cert in the set: a gateway reads its credential from the ' +
          "namespace of its pods, not the Gateway's; create the Secret there, e.g. kubectl create secret tls, or a cert-manager Certificate)",
      }),
    ]);
    expect(analyze(gateway('web', [tlsServer({ credentialName: 'shop/shop-cert' })]))).toEqual([
      expect.objectContaining({
        code: 'IST0101',
        message: 'referenced credentialName not found: "shop/shop-cert" (no Secret shop/shop-cert in the set; create the Secret there, ' +
          'e.g. kubectl create secret tls, or a cert-manager Certificate)',
      }),
    ]);
  });

  test('passes for a Secret in the gateway pods namespace, a <namespace>/<name> reference, and a cert-manager Certificate', () => {
    const certificate = obj('cert-manager.io/v1', 'Certificate', 'shop', { spec: { secretName: 'managed-cert', issuerRef: { name: 'ca' } } }, 'istio-system');
    const gw = gateway('web', [
      tlsServer({ credentialName: 'shop-cert' }),
      tlsServer({ credentialName: 'shop/other-cert' }, ['other.example.com']),
      tlsServer({ credentialName: 'managed-cert' }, ['managed.example.com']),
    ]);
    expect(analyze(gw, tlsSecret('shop-cert'), tlsSecret('other-cert', VALID_CERT, 'shop'), certificate)).toEqual([]);
  });

  test('fails with IST0161 when the Secret has no certificate keys, no PEM block, no X.509 certificate, or an expired one', () => {
    const gw = gateway('web', ['keys', 'pem', 'x509', 'expired'].map((name) => tlsServer({ credentialName: name }, [`${name}.example.com`])));
    const secrets = [
      secret('keys', { data: { 'tls.crt': base64(VALID_CERT), 'tls.key': '' } }),
      secret('pem', { stringData: { cert: 'not a certificate', key: KEY } }),
      secret('x509', { data: { 'tls.crt': base64(KEY), 'tls.key': base64(KEY) } }),
      tlsSecret('expired', EXPIRED_CERT),
    ];
    const findings = analyze(gw, ...secrets);
    expect(findings.map((f) => [f.code, f.severity, f.field])).toEqual([0, 1, 2, 3].map((i) => ['IST0161', 'error', `spec.servers[${i}].tls.credentialName`]));
    expect(findings.map((f) => f.message.replace(/^the credential referenced by the Gateway web in namespace istio-system is invalid, which can cause the traffic not to work as expected /, ''))).toEqual([
      '(Secret istio-system/keys: it has neither non-empty cert and key nor non-empty tls.crt and tls.key (keys: tls.crt, tls.key))',
      '(Secret istio-system/pem: cert holds no PEM block)',
      '(Secret istio-system/x509: the first PEM block of tls.crt (PRIVATE KEY) is no X.509 certificate)',
      '(Secret istio-system/expired: the certificate in tls.crt expired on 2001-01-01T00:00:00.000Z)',
    ]);
  });

  test('passes for a valid certificate in data (tls.crt, or cert) or in stringData', () => {
    const gw = gateway('web', ['a', 'b', 'c'].map((name) => tlsServer({ credentialName: name }, [`${name}.example.com`])));
    const secrets = [
      tlsSecret('a'),
      secret('b', { type: 'Opaque', data: { cert: base64(VALID_CERT), key: base64(KEY) } }),
      secret('c', { stringData: { 'tls.crt': VALID_CERT, 'tls.key': KEY } }),
    ];
    expect(analyze(gw, ...secrets)).toEqual([]);
  });

  test('fails for a certificate not valid yet, and passes for one valid now', () => {
    const tls = { data: { 'tls.crt': base64(VALID_CERT), 'tls.key': base64(KEY) } };
    expect(credentialProblem(tls, new Date('1999-12-31T00:00:00Z'))).toEqual('the certificate in tls.crt is not valid before 2000-01-01T00:00:00.000Z');
    expect(credentialProblem(tls, new Date('2050-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('IST0138 GatewayDuplicateCertificate', () => {
  test('fails when two Gateways of the same pods serve one credentialName: each is reported, naming itself first', () => {
    const a = gateway('a', [tlsServer({ credentialName: 'shop-cert' })]);
    const b = gateway('b', [tlsServer({ credentialName: 'shop-cert' }, ['b.example.com'])], undefined, 'other');
    const findings = withCode(analyze(a, b, tlsSecret('shop-cert')), 'IST0138');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        name: 'a',
        field: 'spec.servers[0].tls.credentialName',
        message: 'duplicate certificate in multiple gateways [shop/a other/b] may cause 404s if clients re-use HTTP2 connections; serve each certificate from one Gateway',
      }),
      expect.objectContaining({ name: 'b', message: expect.stringMatching(/^duplicate certificate in multiple gateways \[other\/b shop\/a\] /) }),
    ]);
  });

  test('fails only on the Gateway whose selector the other includes, and on files (certificate and key) shared', () => {
    const files = { serverCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem' };
    const narrow = gateway('narrow', [tlsServer(files)]);
    const wide = gateway('wide', [tlsServer(files, ['b.example.com'])], { istio: 'ingressgateway', app: 'istio-ingressgateway' });
    expect(withCode(analyze(narrow, wide), 'IST0138').map((f) => [f.name, f.field])).toEqual([['narrow', 'spec.servers[0].tls.serverCertificate']]);
  });

  test('passes for different credentials, a credentialName against files, a key not shared, other pods, and one Gateway in two files', () => {
    const cred = (name: string) => tlsServer({ credentialName: name });
    const files = (key: string) => tlsServer({ serverCertificate: '/etc/certs/cert.pem', privateKey: key });
    expect(withCode(analyze(gateway('a', [cred('x')]), gateway('b', [cred('y')])), 'IST0138')).toEqual([]);
    expect(withCode(analyze(gateway('a', [cred('x')]), gateway('b', [files('/etc/certs/key.pem')])), 'IST0138')).toEqual([]);
    expect(withCode(analyze(gateway('a', [files('/k1.pem')]), gateway('b', [files('/k2.pem')])), 'IST0138')).toEqual([]);
    expect(withCode(analyze(gateway('a', [cred('x')]), gateway('b', [cred('x')], { istio: 'egressgateway' })), 'IST0138')).toEqual([]);
    expect(withCode(analyze(gateway('a', [cred('x')]), gateway('a', [cred('x')])), 'IST0138')).toEqual([]);
  });
});

describe('IST0145 ConflictingGateways', () => {
  test('fails when Gateways of two namespaces select the same pods, port and host: each is reported', () => {
    const a = gateway('a', [server(80, ['shop.example.com', 'www.example.com'])]);
    const b = gateway('b', [server(80, ['shop.example.com'])], undefined, 'other');
    expect(withCode(analyze(a, b), 'IST0145')).toEqual([
      expect.objectContaining({
        severity: 'error',
        name: 'a',
        namespace: 'shop',
        field: 'spec.servers[0].hosts',
        message:
          'conflict with gateways other/b (workload selector istio=ingressgateway, port 80, hosts shop.example.com,www.example.com): ' +
          'their pods merge the servers of both, and only one serves these hosts; give each Gateway its own hosts, or merge them into one',
      }),
      expect.objectContaining({ name: 'b', message: expect.stringMatching(/^conflict with gateways shop\/a \(workload selector istio=ingressgateway, port 80, hosts shop.example.com\)/) }),
    ]);
  });

  test('fails for different selectors that match one pod, and for any server of the other Gateway on the port', () => {
    const a = gateway('a', [server(443, ['a.example.com'])], { app: 'istio-ingressgateway' });
    const b = gateway('b', [server(443, ['a.example.com']), server(443, ['b.example.com'])]);
    expect(withCode(analyze(a, b), 'IST0145').map((f) => f.name)).toEqual(['a', 'b']);
  });

  test('passes for other hosts, ports, binds or pods, and for one Gateway in two files', () => {
    const a = gateway('a', [server(80, ['a.example.com'])]);
    expect(withCode(analyze(a, gateway('b', [server(80, ['b.example.com'])])), 'IST0145')).toEqual([]);
    expect(withCode(analyze(a, gateway('b', [server(8080, ['a.example.com'])])), 'IST0145')).toEqual([]);
    expect(withCode(analyze(a, gateway('b', [server(80, ['a.example.com'], { bind: '10.0.0.1' })])), 'IST0145')).toEqual([]);
    expect(withCode(analyze(istioOperator('demo'), a, gateway('b', [server(80, ['a.example.com'])], { istio: 'egressgateway' })), 'IST0145')).toEqual([]);
    expect(withCode(analyze(a, gateway('a', [server(80, ['a.example.com'])])), 'IST0145')).toEqual([]);
  });

  test('passes for a Gateway whose host only a third one shares (istioctl would record compared hosts and report it)', () => {
    const findings = analyze(gateway('a', [server(80, ['a.example.com'])]), gateway('b', [server(80, ['b.example.com'])]), gateway('c', [server(80, ['a.example.com'])]));
    expect(withCode(findings, 'IST0145').map((f) => [f.name, f.message.replace(/ \(.*/, '')])).toEqual([
      ['a', 'conflict with gateways shop/c'],
      ['c', 'conflict with gateways shop/a'],
    ]);
  });
});
