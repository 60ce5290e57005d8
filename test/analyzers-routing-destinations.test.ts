// The routing analyzers about DestinationRules and ServiceEntries, as istioctl analyze 1.30.3 reports them (IST0173,
// IST0174, IST0128, IST0129, IST0134), TT0008, and the analyzers' cost on a large set.
import { validateObjects } from '../src/validate';
import type { SourcedObject } from '../src/validate';
import { check, destinationRule, meshConfigMap, obj, route, service, virtualService, withCode } from './support/objects';

const deployment = (name: string, labels: Record<string, string>, namespace = 'shop') =>
  obj('apps/v1', 'Deployment', name, { spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: name }] } } } }, namespace);
const serviceEntry = (name: string, spec: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  obj('networking.istio.io/v1', 'ServiceEntry', name, { spec: { hosts: ['db.example.com'], resolution: 'DNS', ...spec }, ...rest });
const tlsRule = (trafficPolicy: unknown, extra: Record<string, unknown> = {}) =>
  obj('networking.istio.io/v1', 'DestinationRule', 'api', { spec: { host: 'api.example.com', trafficPolicy, ...extra } });

describe('routing analyzers: destinations', () => {
  const reviews = service('reviews', [{ name: 'http', port: 9080 }]);

  describe('IST0174 UnknownDestinationRuleHost', () => {
    test('warns when a DestinationRule host is no Service or ServiceEntry host', () => {
      expect(withCode(check(reviews, destinationRule('ratings', 'ratings', [])), 'IST0174')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          kind: 'DestinationRule',
          name: 'ratings',
          field: 'spec.host',
          message:
            'the host ratings defined in the DestinationRule does not match any services in the mesh ' +
            '(no Service, AppsodyApplication or ServiceEntry for ratings.shop.svc.cluster.local in the set)',
        }),
      ]);
    });

    test("looks the host up with the DestinationRule's namespace and exportTo", () => {
      const local = { ...reviews, metadata: { ...reviews.metadata, annotations: { 'networking.istio.io/exportTo': '.' } } };
      const fromOther = { ...destinationRule('reviews', 'reviews.shop.svc.cluster.local', []), metadata: { name: 'reviews', namespace: 'other' } };
      expect(withCode(check(local, fromOther), 'IST0174')).toHaveLength(1);
      expect(withCode(check(reviews, fromOther), 'IST0174')).toEqual([]);
    });

    test('passes a Service host, a ServiceEntry host, and a wildcard host that covers a Service', () => {
      const external = serviceEntry('db', { ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }], addresses: ['10.0.0.9'] });
      const objects = [reviews, external, destinationRule('reviews', 'reviews', []), destinationRule('db', 'db.example.com', []), destinationRule('all', '*.local', [])];
      expect(withCode(check(...objects), 'IST0174')).toEqual([]);
      // the install's ingress gateway Service is in istio-system
      expect(withCode(check(destinationRule('all', '*.local', [])), 'IST0174')).toEqual([]);
      expect(withCode(check(destinationRule('all', '*.shop.svc.cluster.local', [])), 'IST0174')).toHaveLength(1);
    });
  });

  test("istiod's Service is the install's: istiod, istiod-<revision>, none when the install runs no istiod", () => {
    const toIstiod = (host: string) => obj('networking.istio.io/v1', 'DestinationRule', 'istiod', { spec: { host, trafficPolicy: { tls: { mode: 'DISABLE' } } } }, 'istio-system');
    const iop = (spec: Record<string, unknown>) => obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec }, 'istio-system');
    expect(withCode(check(toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toEqual([]);
    expect(withCode(check(iop({ revision: 'canary' }), toIstiod('istiod-canary.istio-system.svc.cluster.local')), 'IST0174')).toEqual([]);
    expect(withCode(check(iop({ revision: 'canary' }), toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toHaveLength(1);
    // a canary revision installed beside the stable one: both istiods are there, whatever the order
    const stable = obj('install.istio.io/v1alpha1', 'IstioOperator', 'stable', { spec: {} }, 'istio-system');
    for (const host of ['istiod', 'istiod-canary']) {
      expect(withCode(check(iop({ revision: 'canary' }), stable, toIstiod(`${host}.istio-system.svc.cluster.local`)), 'IST0174')).toEqual([]);
    }
    expect(withCode(check(iop({ components: { pilot: { enabled: false } } }), toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toHaveLength(1);
    expect(withCode(check(iop({ profile: 'remote' }), toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toHaveLength(1);
    // a remote cluster's istiod Service, selectorless, when the install names the remote istiod's address
    const remote = iop({ profile: 'remote', values: { global: { remotePilotAddress: '10.10.0.5' } } });
    expect(withCode(check(remote, toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toEqual([]);
    // the empty profile turns pilot off, an IstioOperator's own pilot component back on, in its namespace if it names one
    expect(withCode(check(iop({ profile: 'empty' }), toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toHaveLength(1);
    expect(withCode(check(iop({ profile: 'empty', components: { pilot: { enabled: true } } }), toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toEqual([]);
    expect(withCode(check(iop({ components: { pilot: { namespace: 'control' } } }), toIstiod('istiod.control.svc.cluster.local')), 'IST0174')).toEqual([]);
    // istioctl installs into values.global.istioNamespace, whatever the IstioOperator's own namespace
    const unplaced = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { profile: 'minimal' } }, 'default');
    expect(withCode(check(unplaced, toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toEqual([]);
    const moved = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { values: { global: { istioNamespace: 'mesh' } } } }, 'istio-system');
    expect(withCode(check(moved, toIstiod('istiod.mesh.svc.cluster.local')), 'IST0174')).toEqual([]);
    const sail = (name: string) => obj('sailoperator.io/v1', 'Istio', name, { spec: { namespace: 'istio-system' } }, undefined);
    expect(withCode(check(sail('default'), toIstiod('istiod.istio-system.svc.cluster.local')), 'IST0174')).toEqual([]);
    expect(withCode(check(sail('blue'), toIstiod('istiod-blue.istio-system.svc.cluster.local')), 'IST0174')).toEqual([]);
  });

  describe('IST0173 DestinationRuleSubsetNotSelectPods', () => {
    const v1 = deployment('reviews-v1', { app: 'reviews', version: 'v1' });

    test('fails when no pod carries the labels of a subset', () => {
      expect(withCode(check(reviews, v1, destinationRule('reviews', 'reviews', ['v1', 'v3'])), 'IST0173')).toEqual([
        expect.objectContaining({
          severity: 'error',
          kind: 'DestinationRule',
          field: 'spec.subsets[1]',
          message: 'the subset v3 defined in the DestinationRule does not select any pods, which may lead to 503 UH (NoHealthyUpstream): no pod in the set is labelled version=v3',
        }),
      ]);
    });

    test('passes when a pod template of any kind carries them: Deployment, StatefulSet, CronJob, Pod, AppsodyApplication', () => {
      const statefulSet = obj('apps/v1', 'StatefulSet', 'r2', { spec: { serviceName: 'r2', selector: { matchLabels: { version: 'v2' } }, template: { metadata: { labels: { version: 'v2' } }, spec: { containers: [{ name: 'a', image: 'a' }] } } } });
      const cronJob = obj('batch/v1', 'CronJob', 'r3', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { version: 'v3' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'a' }] } } } } } });
      const pod = obj('v1', 'Pod', 'r4', { metadata: { labels: { version: 'v4' } }, spec: { containers: [{ name: 'a', image: 'a' }] } });
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'r5', { metadata: { labels: { version: 'v5' } }, spec: { applicationImage: 'a' } });
      const dr = destinationRule('reviews', 'reviews', ['v1', 'v2', 'v3', 'v4', 'v5']);
      expect(withCode(check(reviews, v1, statefulSet, cronJob, pod, app, dr), 'IST0173')).toEqual([]);
    });

    test("an Argo Rollout's pods carry its template's labels; a custom resource's kind named Deployment has none", () => {
      const template = (version: string) => ({ metadata: { labels: { app: 'reviews', version } }, spec: { containers: [{ name: 'a', image: 'a' }] } });
      const rollout = obj('argoproj.io/v1alpha1', 'Rollout', 'r2', { spec: { selector: { matchLabels: { version: 'v2' } }, template: template('v2'), strategy: { canary: {} } } });
      const lookalike = obj('example.com/v1', 'Deployment', 'r3', { spec: { selector: { matchLabels: { version: 'v3' } }, template: template('v3') } });
      expect(withCode(check(reviews, v1, rollout, lookalike, destinationRule('reviews', 'reviews', ['v1', 'v2', 'v3'])), 'IST0173')).toEqual([
        expect.objectContaining({ field: 'spec.subsets[2]', message: expect.stringMatching(/no pod in the set is labelled version=v3$/) }),
      ]);
    });

    test("a ServiceEntry's endpoints and the WorkloadEntries it selects count, as istiod builds the subset from them (istioctl walks Pods only)", () => {
      const entry = (extra: Record<string, unknown>) =>
        obj('networking.istio.io/v1', 'ServiceEntry', 'rpc', { spec: { hosts: ['rpc.example.internal'], ports: [{ number: 8080, name: 'http', protocol: 'HTTP' }], resolution: 'DNS', ...extra } });
      const rule = obj('networking.istio.io/v1', 'DestinationRule', 'rpc', { spec: { host: 'rpc.example.internal', subsets: [{ name: 'east', labels: { cluster: 'east' } }] } });
      const endpoints = entry({ endpoints: [{ address: 'a.example.com', labels: { cluster: 'east' } }, { address: 'b.example.com', labels: { cluster: 'west' } }] });
      expect(withCode(check(endpoints, rule), 'IST0173')).toEqual([]);
      expect(withCode(check(entry({ endpoints: [{ address: 'b.example.com', labels: { cluster: 'west' } }] }), rule), 'IST0173')).toHaveLength(1);
      const selecting = entry({ workloadSelector: { labels: { app: 'vm' } }, resolution: 'STATIC' });
      const vm = (labels: Record<string, string>, namespace = 'shop') =>
        obj('networking.istio.io/v1', 'WorkloadEntry', 'vm', { spec: { address: '10.0.0.1', labels } }, namespace);
      expect(withCode(check(selecting, vm({ app: 'vm', cluster: 'east' }), rule), 'IST0173')).toEqual([]);
      expect(withCode(check(selecting, vm({ app: 'other', cluster: 'east' }), rule), 'IST0173')).toHaveLength(1);
      expect(withCode(check(selecting, vm({ app: 'vm', cluster: 'east' }, 'elsewhere'), rule), 'IST0173')).toHaveLength(1);
      // without a workloadSelector, a ServiceEntry selects no WorkloadEntry; an empty one selects them all
      expect(withCode(check(entry({ endpoints: [] }), vm({ cluster: 'east' }), rule), 'IST0173')).toHaveLength(1);
      expect(withCode(check(entry({ workloadSelector: {}, resolution: 'STATIC' }), vm({ cluster: 'east' }), rule), 'IST0173')).toEqual([]);
      // a WorkloadEntry's own metadata labels count, over its spec's
      const labelled = obj('networking.istio.io/v1', 'WorkloadEntry', 'vm', { metadata: { labels: { app: 'vm', cluster: 'east' } }, spec: { address: '10.0.0.1' } });
      expect(withCode(check(selecting, labelled, rule), 'IST0173')).toEqual([]);
      // a Service's selector takes the WorkloadEntries of its namespace too
      const legacy = { ...service('legacy', [{ name: 'http', port: 80 }]), spec: { selector: { app: 'legacy' }, ports: [{ name: 'http', port: 80 }] } };
      const legacyRule = obj('networking.istio.io/v1', 'DestinationRule', 'legacy', { spec: { host: 'legacy', subsets: [{ name: 'v1', labels: { version: 'v1' } }] } });
      expect(withCode(check(legacy, vm({ app: 'legacy', version: 'v1' }), legacyRule), 'IST0173')).toEqual([]);
      expect(withCode(check(legacy, vm({ app: 'other', version: 'v1' }), legacyRule), 'IST0173')).toHaveLength(1);
    });

    test('a subset without labels selects any pod, such as the ingress gateway the install provides', () => {
      const all = obj('networking.istio.io/v1', 'DestinationRule', 'reviews', { spec: { host: 'reviews', subsets: [{ name: 'all' }] } });
      expect(withCode(check(reviews, all), 'IST0173')).toEqual([]);
      // istiod's pods count: the minimal profile runs them
      const minimal = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { profile: 'minimal' } }, 'istio-system');
      expect(withCode(check(reviews, all, minimal), 'IST0173')).toEqual([]);
      const empty = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { profile: 'empty' } }, 'istio-system');
      expect(withCode(check(reviews, all, empty), 'IST0173')).toEqual([expect.objectContaining({ message: expect.stringMatching(/: the set runs no pods$/) })]);
    });

    test('checks no subsets of a DestinationRule whose host is unknown', () => {
      const findings = check(v1, destinationRule('ratings', 'ratings', ['v3']));
      expect(withCode(findings, 'IST0174')).toHaveLength(1);
      expect(withCode(findings, 'IST0173')).toEqual([]);
    });

    test("merges a ServiceEntry's workloadSelector into its subsets", () => {
      const mesh = serviceEntry('db', { hosts: ['db.internal'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], workloadSelector: { labels: { app: 'db' } } });
      const dr = obj('networking.istio.io/v1', 'DestinationRule', 'db', { spec: { host: 'db.internal', subsets: [{ name: 'v1', labels: { version: 'v1' } }] } });
      expect(withCode(check(mesh, dr, v1), 'IST0173')[0].message).toMatch(/labelled app=db,version=v1$/);
      expect(withCode(check(mesh, dr, v1, deployment('db', { app: 'db', version: 'v1' })), 'IST0173')).toEqual([]);
    });
  });

  describe('IST0128 and IST0129 NoServerCertificateVerification', () => {
    test('warns when SIMPLE or MUTUAL TLS has no caCertificates, for the destination and per port', () => {
      const dr = tlsRule({ tls: { mode: 'SIMPLE' }, portLevelSettings: [{ port: { number: 8443 }, tls: { mode: 'MUTUAL', clientCertificate: 'c', privateKey: 'k' } }] });
      const findings = check(dr);
      expect(withCode(findings, 'IST0128')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          field: 'spec.trafficPolicy.tls.caCertificates',
          message: expect.stringMatching(
            /^DestinationRule shop\/api in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com;/,
          ),
        }),
      ]);
      expect(withCode(findings, 'IST0129')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          field: 'spec.trafficPolicy.portLevelSettings[0].tls.caCertificates',
          message: expect.stringMatching(/has TLS mode set to MUTUAL but no caCertificates .* for host: api.example.com at port number:8443;/),
        }),
      ]);
    });

    test('passes with caCertificates, with a credentialName on a DestinationRule that selects workloads, and with ISTIO_MUTUAL', () => {
      expect(withCode(check(tlsRule({ tls: { mode: 'SIMPLE', caCertificates: '/etc/ca.pem' } })), 'IST0128')).toEqual([]);
      expect(withCode(check(tlsRule({ tls: { mode: 'SIMPLE', credentialName: 'api-ca' } }, { workloadSelector: { matchLabels: { app: 'gw' } } })), 'IST0128')).toEqual([]);
      expect(withCode(check(tlsRule({ tls: { mode: 'SIMPLE', credentialName: 'api-ca' } })), 'IST0128')).toHaveLength(1);
      expect(withCode(check(tlsRule({ tls: { mode: 'ISTIO_MUTUAL' }, portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'DISABLE' } }] })), 'IST0129')).toEqual([]);
    });
  });

  describe('IST0134 ServiceEntryAddressesRequired', () => {
    test('warns about each TCP port (or port without protocol) of a ServiceEntry without addresses', () => {
      const se = serviceEntry('db', { ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }, { number: 6379 }, { number: 443, name: 'https', protocol: 'HTTPS' }] });
      expect(withCode(check(se), 'IST0134').sort((a, b) => (a.field! < b.field! ? -1 : 1))).toEqual([
        expect.objectContaining({ severity: 'warning', kind: 'ServiceEntry', field: 'spec.ports[0].name', message: expect.stringMatching(/^ServiceEntry addresses are required for this protocol \(port 5432 is TCP/) }),
        expect.objectContaining({ field: 'spec.ports[1]', message: expect.stringMatching(/\(port 6379 is of no protocol, so TCP/) }),
      ]);
    });

    test('passes with addresses, with allocated addresses in the status, and with DNS auto-allocation in the mesh config', () => {
      const ports = [{ number: 5432, name: 'tcp-pg', protocol: 'tcp' }];
      expect(withCode(check(serviceEntry('db', { ports, addresses: ['10.0.0.9'] })), 'IST0134')).toEqual([]);
      expect(withCode(check(serviceEntry('db', { ports }, { status: { addresses: [{ value: '240.240.0.1' }] } })), 'IST0134')).toEqual([]);
      const proxyMetadata = { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_DNS_AUTO_ALLOCATE: 'true' };
      const install = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { meshConfig: { defaultConfig: { proxyMetadata } } } }, 'istio-system');
      expect(withCode(check(install, serviceEntry('db', { ports })), 'IST0134')).toEqual([]);
    });

    test("reads DNS auto-allocation from the install's `istio` ConfigMap (a Helm install's), which wins over the install resource", () => {
      const ports = [{ number: 5432, name: 'tcp-pg', protocol: 'tcp' }];
      const allocating = 'defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n';
      expect(withCode(check(meshConfigMap(allocating), serviceEntry('db', { ports })), 'IST0134')).toEqual([]);
      // what the cluster runs with: the rendered ConfigMap, not the IstioOperator it came from
      const proxyMetadata = { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_DNS_AUTO_ALLOCATE: 'true' };
      const install = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { meshConfig: { defaultConfig: { proxyMetadata } } } }, 'istio-system');
      expect(withCode(check(install, meshConfigMap('enableTracing: true\n'), serviceEntry('db', { ports })), 'IST0134')).toHaveLength(1);
      // a ConfigMap `istio` of another namespace, one without `mesh`, or a revision's for another revision is not the install's
      for (const other of [meshConfigMap(allocating, 'istio', 'shop'), obj('v1', 'ConfigMap', 'istio', { data: {} }, 'istio-system'), meshConfigMap(allocating, 'istio-canary')]) {
        expect(withCode(check(other, serviceEntry('db', { ports })), 'IST0134')).toHaveLength(1);
      }
      const canary = obj('install.istio.io/v1alpha1', 'IstioOperator', 'canary', { spec: { revision: 'canary' } }, 'istio-system');
      expect(withCode(check(canary, meshConfigMap(allocating, 'istio-canary'), serviceEntry('db', { ports })), 'IST0134')).toEqual([]);
    });
  });

  describe('TT0008 ConfigMapNotFound', () => {
    test('fails when envFrom names a ConfigMap that is not in the set, and passes when it is or the reference is optional', () => {
      const pod = (optional?: boolean) =>
        obj('v1', 'Pod', 'p', { spec: { containers: [{ name: 'a', image: 'a', envFrom: [{ configMapRef: { name: 'settings', ...(optional ? { optional } : {}) } }] }] } });
      expect(withCode(check(pod()), 'TT0008')).toEqual([expect.objectContaining({ field: 'spec.containers[0].envFrom[0].configMapRef.name' })]);
      expect(withCode(check(pod(), obj('v1', 'ConfigMap', 'settings')), 'TT0008')).toEqual([]);
      expect(withCode(check(pod(true)), 'TT0008')).toEqual([]);
    });

    const settings = obj('v1', 'ConfigMap', 'settings', { data: { level: 'debug' }, binaryData: { logo: 'AA==' } });
    /** A Deployment whose container mounts each of `volumes` (unless `mounted` is false). */
    const uses = (container: Record<string, unknown>, volumes: { name: string; [field: string]: unknown }[] = [], mounted = true) => {
      const volumeMounts = mounted ? volumes.map((v) => ({ name: v.name, mountPath: `/${v.name}` })) : [];
      const spec = { containers: [{ name: 'a', image: 'a', ...(volumeMounts.length > 0 ? { volumeMounts } : {}), ...container }], volumes };
      return obj('apps/v1', 'Deployment', 'web', { spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec } } });
    };
    const keyRef = (key: string, optional?: boolean) => ({ env: [{ name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key, ...(optional ? { optional } : {}) } } }] });

    test('an env var taken from a ConfigMap that is missing, or lacks the key, fails; an optional one passes', () => {
      expect(withCode(check(uses(keyRef('level'))), 'TT0008')).toEqual([expect.objectContaining({
        field: 'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name',
        message: 'env LEVEL takes a key of ConfigMap "settings", which is not in the set (namespace shop); add it or mark the reference optional',
      })]);
      expect(withCode(check(uses(keyRef('level')), settings), 'TT0008')).toEqual([]);
      // an env var's key is looked up in data only
      expect(withCode(check(uses(keyRef('logo')), settings), 'TT0008').map((f) => f.message)).toEqual([expect.stringMatching(/which has no key "logo"/)]);
      expect(withCode(check(uses(keyRef('colour')), settings), 'TT0008').map((f) => f.message)).toEqual([
        'env LEVEL takes a key of ConfigMap "settings", which has no key "colour" (namespace shop); add the key or mark the reference optional',
      ]);
      expect(withCode(check(uses(keyRef('colour', true))), 'TT0008')).toEqual([]);
    });

    test('a configMap volume or projected source of a missing ConfigMap, or of an item key it lacks, fails', () => {
      const volume = (configMap: Record<string, unknown>) => uses({}, [{ name: 'conf', configMap: { name: 'settings', ...configMap } }]);
      expect(withCode(check(volume({})), 'TT0008').map((f) => f.field)).toEqual(['spec.template.spec.volumes[0].configMap.name']);
      // a volume's items may take binaryData's keys; a volume no container mounts is not set up at all
      expect(withCode(check(volume({ items: [{ key: 'logo', path: 'logo' }] }), settings), 'TT0008')).toEqual([]);
      expect(withCode(check(uses({}, [{ name: 'conf', configMap: { name: 'gone' } }], false)), 'TT0008')).toEqual([]);
      expect(withCode(check(volume({ optional: true })), 'TT0008')).toEqual([]);
      expect(withCode(check(volume({ items: [{ key: 'level', path: 'level' }] }), settings), 'TT0008')).toEqual([]);
      expect(withCode(check(volume({ items: [{ key: 'level', path: 'a' }, { key: 'x', path: 'b' }, { key: 'y', path: 'c' }] }), settings), 'TT0008').map((f) => f.message)).toEqual([
        'volume conf mounts ConfigMap "settings", which has no key "x", "y" (namespace shop); add the key or mark the reference optional',
      ]);
      const projected = uses({}, [{ name: 'p', projected: { sources: [{ serviceAccountToken: { path: 't' } }, { configMap: { name: 'settings' } }] } }]);
      expect(withCode(check(projected), 'TT0008').map((f) => f.field)).toEqual(['spec.template.spec.volumes[0].projected.sources[1].configMap.name']);
    });

    test("an operator resource's main, init and sidecar containers and the volumes they mount", () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'web', {
        spec: {
          applicationImage: 'web',
          envFrom: [{ configMapRef: { name: 'main-env' } }],
          volumes: [{ name: 'side', configMap: { name: 'side-volume' } }, { name: 'unused', configMap: { name: 'unused-volume' } }],
          sidecarContainers: [{ name: 's', image: 's', envFrom: [{ configMapRef: { name: 'side-env' } }], volumeMounts: [{ name: 'side', mountPath: '/s' }] }],
          initContainers: [{ name: 'i', image: 'i', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'init-env', key: 'x' } } }] }],
        },
      });
      expect(withCode(check(app), 'TT0008').map((f) => f.field).sort()).toEqual([
        'spec.envFrom[0].configMapRef.name',
        'spec.initContainers[0].env[0].valueFrom.configMapKeyRef.name',
        'spec.sidecarContainers[0].envFrom[0].configMapRef.name',
        'spec.volumes[0].configMap.name',
      ]);
    });

    test('the ConfigMaps the cluster writes into every namespace count as present, with their keys', () => {
      const rootCa = uses({}, [
        { name: 'kube-api-access', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } },
        { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
      ]);
      expect(withCode(check(rootCa), 'TT0008')).toEqual([]);
      // istiod writes its root certificate into every namespace but those injection leaves alone, kube-system aside (ztunnel's)
      const inNamespace = (namespace: string) => ({ ...rootCa, metadata: { name: 'web', namespace } });
      expect(withCode(check(inNamespace('kube-public')), 'TT0008').map((f) => f.message)).toEqual([expect.stringMatching(/ConfigMap "istio-ca-root-cert", which is not in the set/)]);
      expect(withCode(check(inNamespace('kube-system')), 'TT0008')).toEqual([]);
      const wrongKey = uses({}, [{ name: 'ca', configMap: { name: 'kube-root-ca.crt', items: [{ key: 'tls.crt', path: 'ca' }] } }]);
      expect(withCode(check(wrongKey), 'TT0008')).toHaveLength(1);
      // the installer's own in kube-system (any key), not elsewhere
      const proxy = (namespace: string) => ({ ...uses({}, [{ name: 'p', configMap: { name: 'kube-proxy', items: [{ key: 'config.conf', path: 'c' }] } }]), metadata: { name: 'web', namespace } });
      expect(withCode(check(proxy('kube-system')), 'TT0008')).toEqual([]);
      expect(withCode(check(proxy('shop')), 'TT0008')).toHaveLength(1);
    });
  });

  test('analyzes 1,000 apps with routes, subsets and DestinationRules in linear time', () => {
    const apps = (n: number): SourcedObject[] =>
      Array.from({ length: n }, (_, i) => [
        service(`app-${i}`),
        deployment(`app-${i}`, { app: `app-${i}`, version: 'v1' }),
        destinationRule(`app-${i}`, `app-${i}`, ['v1']),
        virtualService(`app-${i}`, { hosts: [`app-${i}`], http: [{ match: [{ uri: { prefix: '/a' } }], route: [route(`app-${i}`, { subset: 'v1' })] }, { route: [route(`app-${(i + 1) % n}`)] }] }),
      ]).flatMap((objects, i) => objects.map((object) => ({ object, file: `app-${i}.yaml` })));
    const time = (n: number) => {
      const set = apps(n);
      const start = process.hrtime.bigint();
      const findings = validateObjects(set);
      return { ms: Number(process.hrtime.bigint() - start) / 1e6, findings };
    };
    time(100);
    const small = time(250);
    const large = time(1000);
    expect(large.findings.filter((f) => f.code.startsWith('IST01') && f.severity !== 'info')).toEqual([]);
    // four times the apps in well under sixteen times the time (quadratic), with room for a noisy machine
    expect(large.ms).toBeLessThan(Math.max(small.ms * 10, 1500));
  });
});
