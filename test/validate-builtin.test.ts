import { validateObjects } from '../src/validate';
import { check, obj, withCode } from './support/objects';

const errorsOf = (findings: ReturnType<typeof check>) => findings.filter((f) => f.severity === 'error');

/** A Deployment that passes every check, with `spec` fields and pod spec fields merged in. */
function deployment(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  return obj('apps/v1', 'Deployment', 'web', {
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', version: 'v1' } },
        spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ name: 'http', containerPort: 8080 }], ...container }], ...podSpec },
      },
      ...spec,
    },
  });
}

const service = (spec: Record<string, unknown>, name = 'web') =>
  obj('v1', 'Service', name, { spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec } });

const job = (podSpec: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) =>
  obj('batch/v1', 'Job', 'migrate', {
    spec: { template: { spec: { containers: [{ name: 'migrate', image: 'migrate:1' }], restartPolicy: 'Never', ...podSpec } }, ...spec },
  });

describe('built-in validation of the API server', () => {
  test('valid core objects pass', () => {
    const objects = [
      deployment(),
      service({}),
      obj('v1', 'ConfigMap', 'config', { data: { 'app.properties': 'a=b', JAEGER_AGENT_HOST: 'jaeger' } }),
      obj('v1', 'Secret', 'token', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } }),
      obj('v1', 'Namespace', 'cloudlab', { metadata: { labels: { 'istio-injection': 'enabled' } } }, undefined),
      obj('v1', 'ServiceAccount', 'web'),
      job(),
      obj('apps/v1', 'DaemonSet', 'agent', {
        spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'a' }] } } },
      }),
    ];
    expect(errorsOf(check(...objects))).toEqual([]);
  });

  describe('TT0014 ports', () => {
    test('fails when a Service port is 0 or 70000', () => {
      for (const port of [0, 70000]) {
        expect(withCode(check(service({ ports: [{ name: 'http', port }] })), 'TT0014')).toEqual([
          expect.objectContaining({ field: 'spec.ports[0].port', message: `port must be a port number between 1 and 65535, got ${port}`, severity: 'error' }),
        ]);
      }
    });

    test('fails when a targetPort is out of range or no port name, and passes a named one', () => {
      expect(withCode(check(service({ ports: [{ name: 'http', port: 80, targetPort: 70000 }] })), 'TT0014')).toEqual([
        expect.objectContaining({ field: 'spec.ports[0].targetPort', message: expect.stringMatching(/^targetPort must be a port number between 1 and 65535 or a port name, got 70000$/) }),
      ]);
      expect(withCode(check(service({ ports: [{ name: 'http', port: 80, targetPort: 'HTTP_port' }] })), 'TT0014')).toHaveLength(1);
      expect(withCode(check(service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] })), 'TT0014')).toEqual([]);
    });

    test('fails when a ClusterIP Service sets a nodePort, or a NodePort one is outside the node port range', () => {
      expect(withCode(check(service({ ports: [{ name: 'http', port: 80, nodePort: 30080 }] })), 'TT0014')).toEqual([
        expect.objectContaining({ field: 'spec.ports[0].nodePort', message: 'nodePort may not be set when type is ClusterIP, got 30080' }),
      ]);
      expect(withCode(check(service({ type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 80 }] })), 'TT0014')).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^nodePort must be in the API server's node port range \(30000-32767 by default\), got 80$/) }),
      ]);
    });

    test('fails when Service ports lack names, repeat names, or repeat a port with a defaulted protocol', () => {
      const findings = withCode(check(service({ ports: [{ port: 80 }, { name: 'http', port: 81 }, { name: 'http', port: 80, protocol: 'TCP' }] })), 'TT0014');
      expect(findings.map((f) => [f.field, f.message])).toEqual([
        ['spec.ports[0].name', 'a port name is required when a Service has 3 ports'],
        ['spec.ports[2].name', 'port name "http" is already used by spec.ports[1]'],
        ['spec.ports[2]', 'port 80/TCP is already exposed by spec.ports[0]'],
      ]);
      const duplicate = withCode(check(service({ ports: [{ name: 'a', port: 80, protocol: 'TCP' }, { name: 'b', port: 80 }] })), 'TT0014');
      expect(duplicate).toEqual([expect.objectContaining({ field: 'spec.ports[1]', message: 'port 80/TCP is already exposed by spec.ports[0]' })]);
      // the protocol is defaulted in either item, before ValidateService compares the pairs
      const defaultedFirst = withCode(check(service({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, protocol: 'TCP' }] })), 'TT0014');
      expect(defaultedFirst).toEqual([expect.objectContaining({ field: 'spec.ports[1]', message: 'port 80/TCP is already exposed by spec.ports[0]' })]);
      // the same pair as written too, once: the schema's list check leaves Service ports to ValidateService
      const asWritten = check(service({ ports: [{ name: 'a', port: 80, protocol: 'UDP' }, { name: 'b', port: 80, protocol: 'UDP' }] }));
      expect(asWritten.map((f) => [f.code, f.field])).toEqual([['TT0014', 'spec.ports[1]']]);
      // every later repeat is told, whichever item writes the protocol, with the rest of ValidateService's findings
      const three = check(service({ ports: [{ port: 80 }, { name: 'b', port: 80, protocol: 'TCP' }, { name: 'b', port: 80, protocol: 'TCP' }] }));
      expect(three.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}: ${f.message}`)).toEqual([
        'TT0014 spec.ports[0].name: a port name is required when a Service has 3 ports',
        'TT0014 spec.ports[1]: port 80/TCP is already exposed by spec.ports[0]',
        'TT0014 spec.ports[2].name: port name "b" is already used by spec.ports[1]',
        'TT0014 spec.ports[2]: port 80/TCP is already exposed by spec.ports[0]',
      ]);
    });

    test('fails when a containerPort is 0 or 70000, or a container port name is no IANA service name', () => {
      const ports = [
        { name: 'http', containerPort: 0 },
        { name: 'metrics-endpoint-port', containerPort: 70000 },
        { name: 'http', containerPort: 9090 },
      ];
      expect(withCode(check(deployment({}, {}, { ports })), 'TT0014').map((f) => [f.field, f.message])).toEqual([
        ['spec.template.spec.containers[0].ports[0].containerPort', 'containerPort must be a port number between 1 and 65535, got 0'],
        ['spec.template.spec.containers[0].ports[1].containerPort', 'containerPort must be a port number between 1 and 65535, got 70000'],
        ['spec.template.spec.containers[0].ports[1].name', expect.stringMatching(/^port name must be an IANA service name .*got "metrics-endpoint-port"$/)],
        ['spec.template.spec.containers[0].ports[2].name', 'port name "http" is already used by spec.template.spec.containers[0].ports[0]'],
      ]);
    });

    test('fails when a probe port is out of range', () => {
      const livenessProbe = { httpGet: { path: '/live', port: 0 } };
      expect(withCode(check(deployment({}, {}, { livenessProbe })), 'TT0014')).toEqual([
        expect.objectContaining({ field: 'spec.template.spec.containers[0].livenessProbe.httpGet.port' }),
      ]);
    });
  });

  describe('TT0015 values the OpenAPI document leaves free', () => {
    test.each([
      ['imagePullPolicy', deployment({}, {}, { imagePullPolicy: 'Sometimes' }), 'spec.template.spec.containers[0].imagePullPolicy', /^imagePullPolicy must be one of Always, IfNotPresent, Never, got "Sometimes"$/],
      ['container port protocol', deployment({}, {}, { ports: [{ containerPort: 80, protocol: 'HTTP' }] }), 'spec.template.spec.containers[0].ports[0].protocol', /^protocol must be one of TCP, UDP, SCTP, got "HTTP"$/],
      ['restartPolicy', deployment({}, { restartPolicy: 'Sometimes' }), 'spec.template.spec.restartPolicy', /^restartPolicy must be one of Always, OnFailure, Never/],
      ['dnsPolicy', deployment({}, { dnsPolicy: 'Custom' }), 'spec.template.spec.dnsPolicy', /^dnsPolicy must be one of ClusterFirstWithHostNet, ClusterFirst, Default, None/],
      ['Service type', service({ type: 'Internal' }), 'spec.type', /^Service type must be one of ClusterIP, NodePort, LoadBalancer, ExternalName, got "Internal"$/],
      ['sessionAffinity', service({ sessionAffinity: 'Sticky' }), 'spec.sessionAffinity', /^sessionAffinity must be one of ClientIP, None/],
      ['externalTrafficPolicy', service({ type: 'NodePort', externalTrafficPolicy: 'Global' }), 'spec.externalTrafficPolicy', /must be one of Cluster, Local, got "Global"$/],
      ['Service port protocol', service({ ports: [{ name: 'http', port: 80, protocol: 'tcp' }] }), 'spec.ports[0].protocol', /must be one of TCP, UDP, SCTP, got "tcp"$/],
      ['seccomp profile type', deployment({}, { securityContext: { seccompProfile: { type: 'Default' } } }), 'spec.template.spec.securityContext.seccompProfile.type', /must be one of Localhost, RuntimeDefault, Unconfined/],
      ['Deployment strategy', deployment({ strategy: { type: 'BlueGreen' } }), 'spec.strategy.type', /must be one of Recreate, RollingUpdate/],
    ])('fails when the %s is not one the API server knows', (_what, object, field, message) => {
      expect(withCode(check(object), 'TT0015')).toEqual([expect.objectContaining({ field, message: expect.stringMatching(message), severity: 'error' })]);
    });

    test("fails when a Deployment's pods do not restart Always", () => {
      expect(withCode(check(deployment({}, { restartPolicy: 'OnFailure' })), 'TT0015')).toEqual([
        expect.objectContaining({ field: 'spec.template.spec.restartPolicy', message: 'restartPolicy of a Deployment\'s pods must be Always, got "OnFailure"' }),
      ]);
    });

    test("fails when a Job's pods restart Always, also by default, and passes OnFailure and Never", () => {
      expect(withCode(check(job({ restartPolicy: undefined })), 'TT0015')).toEqual([
        expect.objectContaining({
          field: 'spec.template.spec.restartPolicy',
          message: 'restartPolicy of a Job\'s pods must be OnFailure or Never, got "Always" (the default when none is given)',
        }),
      ]);
      expect(withCode(check(job({ restartPolicy: 'Always' })), 'TT0015')).toHaveLength(1);
      expect(withCode(check(job({ restartPolicy: 'OnFailure' }), job({ restartPolicy: 'Never' })), 'TT0015')).toEqual([]);
    });
  });

  describe('TT0007 names per kind', () => {
    test('fails when a Service name is no DNS-1035 label, or a Namespace or StatefulSet name no DNS-1123 label', () => {
      expect(withCode(check(service({}, '1web')), 'TT0007')).toEqual([
        expect.objectContaining({ field: 'metadata.name', message: expect.stringMatching(/^must be a DNS-1035 label .*got "1web"$/) }),
      ]);
      expect(withCode(check(obj('v1', 'Namespace', 'cloud.lab', {}, undefined)), 'TT0007')[0].message).toMatch(/must be a DNS-1123 label/);
      expect(withCode(check(obj('v1', 'ConfigMap', '1-config.v2')), 'TT0007')).toEqual([]);
    });

    const nameMessages = (o: ReturnType<typeof obj>) => withCode(check(o), 'TT0007').map((f) => f.message);

    test('a kind whose validation checks no name (PodDisruptionBudget, CertificateSigningRequest, core Event) takes any path segment', () => {
      const pdb = (name: string) => obj('policy/v1', 'PodDisruptionBudget', name, { spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
      expect(nameMessages(pdb('Web_PDB:1'))).toEqual([]);
      expect(nameMessages(pdb('a/b'))).toEqual([`must be a path segment name (not '.' or '..', and without '/' or '%'), got "a/b"`]);
      const csr = obj('certificates.k8s.io/v1', 'CertificateSigningRequest', 'Node CSR 1', {
        spec: { request: 'Y3Ny', signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
      }, undefined);
      expect(nameMessages(csr)).toEqual([]);
      const event = (apiVersion: string) =>
        obj(apiVersion, 'Event', 'Web.17f0', { involvedObject: { kind: 'Pod', name: 'web' }, reason: 'Started', eventTime: null, regarding: { kind: 'Pod' } });
      expect(nameMessages(event('v1'))).toEqual([]);
      // events.k8s.io/v1 validates its name as a DNS-1123 subdomain
      expect(nameMessages(obj('events.k8s.io/v1', 'Event', 'Web.17f0', { eventTime: '2026-01-01T00:00:00.000000Z', reportingController: 'x/y', reportingInstance: 'i', action: 'A', reason: 'R', type: 'Normal' }))).toEqual([
        expect.stringMatching(/^must be a DNS-1123 subdomain .*got "Web.17f0"$/),
      ]);
    });

    test('an IPAddress is named by its IP address in canonical form; a review needs no name, and an access review takes none', () => {
      const ipAddress = (name: string) => obj('networking.k8s.io/v1', 'IPAddress', name, { spec: { parentRef: { group: '', resource: 'services', name: 'foo', namespace: 'bar' } } }, undefined);
      expect(nameMessages(ipAddress('2001:db8::1'))).toEqual([]);
      expect(nameMessages(ipAddress('10.0.0.1'))).toEqual([]);
      expect(nameMessages(ipAddress('2001:DB8:0:0:0:0:0:1'))).toEqual(['must be an IP address in canonical form ("2001:db8::1"), got "2001:DB8:0:0:0:0:0:1"']);
      expect(nameMessages(ipAddress('010.0.0.1'))).toEqual(['must be an IP address without leading 0s, got "010.0.0.1"']);
      expect(nameMessages(ipAddress('::ffff:10.0.0.1'))).toEqual(['must be an IP address that is not IPv4-mapped IPv6, got "::ffff:10.0.0.1"']);
      expect(nameMessages(ipAddress('web'))).toEqual(['must be a valid IP address, such as 10.9.8.7 or 2001:db8::ffff, got "web"']);
      const review = (kind: string, name: string, group = 'authorization.k8s.io') =>
        obj(`${group}/v1`, kind, name, { spec: { resourceAttributes: { group: 'apps', resource: 'deployments', verb: 'create' } } }, undefined);
      expect(nameMessages(review('SelfSubjectAccessReview', ''))).toEqual([]);
      expect(nameMessages(obj('authentication.k8s.io/v1', 'TokenReview', '', { spec: { token: 't' } }, undefined))).toEqual([]);
      expect(nameMessages(review('SubjectAccessReview', 'check'))).toEqual(['must be left out: an access review takes no name, got "check"']);
    });

    test('an object without a name needs one; a generateName does for the API server, not for kubectl apply (TT0043, a warning)', () => {
      const job = (generateName: string) => obj('batch/v1', 'Job', '', { metadata: { generateName } });
      expect(nameMessages(job('cleanup-'))).toEqual([]);
      expect(withCode(check(job('cleanup-')), 'TT0043').map((f) => [f.severity, f.field, f.message])).toEqual([
        ['warning', 'metadata.generateName', expect.stringMatching(/kubectl apply refuses an object without metadata\.name \("cannot use generate name with apply"\)$/)],
      ]);
      // the generateName is checked by the kind's rule, its trailing dash masked as maskTrailingDash does
      expect(nameMessages(job('Cleanup-'))).toEqual([expect.stringMatching(/^generateName must be a DNS-1123 subdomain .*, got "Cleanup-"$/)]);
      // maskTrailingDash replaces the last two characters: `web.-` passes as `weba`, the names made from it do not
      expect(nameMessages(job('web.-'))).toEqual([expect.stringMatching(/^the names the API server generates from generateName "web\.-" \(10 characters/)]);
      // checked beside a name too; and the name generated from it (58 characters of it and 5 random ones) is checked
      expect(nameMessages(obj('v1', 'ConfigMap', 'web', { metadata: { generateName: 'Bad_Prefix-' } }))).toEqual([expect.stringMatching(/^generateName must be/)]);
      const cronJob = (generateName: string) => obj('batch/v1', 'CronJob', '', {
        metadata: { generateName },
        spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'c' }], restartPolicy: 'Never' } } } } },
      });
      expect(nameMessages(cronJob('r'.repeat(47)))).toEqual([]);
      expect(nameMessages(cronJob('r'.repeat(48)))).toEqual([
        `the names the API server generates from generateName "${'r'.repeat(48)}" (53 characters: its first 58 and 5 random ones) must be at most 52 characters (its Jobs add 11 to it)`,
      ]);
      expect(nameMessages(obj('v1', 'Service', '', { metadata: { generateName: '1web-' }, spec: { ports: [{ port: 80 }] } }))).toEqual([
        expect.stringMatching(/^generateName must be a DNS-1035 label/),
      ]);
      expect(withCode(check(job('Cleanup-')), 'TT0043')).toEqual([]);
      // reviews are created, never stored: no name is generated; an access review takes no metadata at all
      const tokenReview = obj('authentication.k8s.io/v1', 'TokenReview', '', { metadata: { generateName: 'Check_' }, spec: { token: 't' } }, undefined);
      expect(check(tokenReview).filter((f) => f.code === 'TT0007' || f.code === 'TT0043')).toEqual([]);
      const access = obj('authorization.k8s.io/v1', 'SubjectAccessReview', '', {
        metadata: { generateName: 'check-' }, spec: { user: 'u', resourceAttributes: { verb: 'get', resource: 'pods' } },
      }, undefined);
      expect(nameMessages(access)).toEqual(['generateName must be left out: an access review takes no metadata, got "check-"']);
      expect(nameMessages(obj('v1', 'ConfigMap', ''))).toEqual(['is required']);
      // an IstioOperator is istioctl's input, which needs no name (Istio's profiles have none)
      expect(nameMessages(obj('install.istio.io/v1alpha1', 'IstioOperator', '', { spec: { profile: 'demo' } }, 'istio-system'))).toEqual([]);
    });

    test("a CronJob's name is at most 52 characters; a CRD's is <plural>.<group>; an APIService's <version>.<group>", () => {
      const cronJob = (name: string) =>
        obj('batch/v1', 'CronJob', name, { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'c' }], restartPolicy: 'Never' } } } } } });
      expect(nameMessages(cronJob('c'.repeat(52)))).toEqual([]);
      expect(nameMessages(cronJob('c'.repeat(53)))).toEqual([`must be at most 52 characters (its Jobs add 11 to it), got "${'c'.repeat(53)}"`]);
      const crd = (name: string) =>
        obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', name, {
          spec: {
            group: 'example.com',
            names: { plural: 'widgets', kind: 'Widget' },
            scope: 'Namespaced',
            versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
          },
        }, undefined);
      expect(nameMessages(crd('widgets.example.com'))).toEqual([]);
      expect(nameMessages(crd('widget.example.com'))).toEqual(['must be spec.names.plural + "." + spec.group ("widgets.example.com"), got "widget.example.com"']);
      // a kustomize patch of a CRD's metadata has no spec to compare with: the schema reports that alone
      expect(nameMessages(obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', {}, undefined))).toEqual([]);
      const apiService = (name: string) =>
        obj('apiregistration.k8s.io/v1', 'APIService', name, { spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100 } }, undefined);
      expect(nameMessages(apiService('v1beta1.metrics.k8s.io'))).toEqual([]);
      expect(nameMessages(apiService('metrics'))).toEqual(['must be spec.version + "." + spec.group ("v1beta1.metrics.k8s.io"), got "metrics"']);
      // the core group's APIService is v1. (its group is "")
      const core = obj('apiregistration.k8s.io/v1', 'APIService', 'v1', { spec: { version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 } }, undefined);
      expect(nameMessages(core)).toEqual(['must be spec.version + "." + spec.group ("v1."), got "v1"']);
    });

    test("an Indexed Job's name leaves its last pod's hostname <name>-<completions - 1> a DNS label (ValidateJob)", () => {
      const job = (name: string, spec: Record<string, unknown>) =>
        obj('batch/v1', 'Job', name, { spec: { ...spec, template: { spec: { containers: [{ name: 'c', image: 'c' }], restartPolicy: 'Never' } } } });
      expect(nameMessages(job('j'.repeat(61), { completionMode: 'Indexed', completions: 10 }))).toEqual([]);
      expect(nameMessages(job('j'.repeat(61), { completionMode: 'Indexed', completions: 11 }))).toEqual([
        `must let an Indexed Job name its pods: the last one's hostname "${'j'.repeat(61)}-10" must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got "${'j'.repeat(61)}"`,
      ]);
      expect(nameMessages(job('migrate.v2', { completionMode: 'Indexed', completions: 3 }))[0]).toMatch(/the last one's hostname "migrate\.v2-2" must be a DNS-1123 label/);
      // a NonIndexed Job names its pods otherwise; without completions and parallelism, SetDefaults_Job makes both 1
      expect(nameMessages(job('migrate.v2', { completions: 3 }))).toEqual([]);
      expect(nameMessages(job('migrate.v2', { completionMode: 'Indexed' }))[0]).toMatch(/the last one's hostname "migrate\.v2-0" must be a DNS-1123 label/);
      // parallelism without completions: no completions to name the pods by (and completions is required)
      expect(nameMessages(job('migrate.v2', { completionMode: 'Indexed', parallelism: 2 }))).toEqual([]);
    });
  });

  describe('TT0013 labels and annotations', () => {
    test('fails when a label key or value is not what Kubernetes allows', () => {
      const labels = { '-app': 'web', 'app.kubernetes.io/name': 'x'.repeat(64), tier: 'front end', 'example.com/ok': 'v1' };
      const findings = withCode(check(obj('v1', 'ConfigMap', 'c', { metadata: { labels } })), 'TT0013');
      expect(findings.map((f) => [f.field, f.message.replace(/ \(.*\)/, '')])).toEqual([
        ['metadata.labels.tier', 'label value must be a label value, got "front end"'],
        ['metadata.labels["-app"]', 'label key must be a qualified name, got "-app"'],
        ['metadata.labels["app.kubernetes.io/name"]', `label value must be a label value, got "${'x'.repeat(64)}"`],
      ]);
    });

    test('fails when a pod template or selector label is invalid', () => {
      const findings = withCode(check(deployment({ selector: { matchLabels: { app: 'web', 'bad key': 'x' } } })), 'TT0013');
      expect(findings.map((f) => f.field)).toEqual(['spec.selector.matchLabels["bad key"]']);
    });

    test('fails when an annotation key is invalid, or the annotations total more than 256 KiB', () => {
      expect(withCode(check(obj('v1', 'ConfigMap', 'c', { metadata: { annotations: { 'a/b/c': 'x' } } })), 'TT0013')).toHaveLength(1);
      const big = obj('v1', 'ConfigMap', 'c', { metadata: { annotations: { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(60 * 1024) } } });
      expect(withCode(check(big), 'TT0018')).toEqual([
        expect.objectContaining({ field: 'metadata.annotations', message: 'annotations must total at most 262144 bytes (keys and values), got 266242' }),
      ]);
    });

    test('checks the labels of custom resources too', () => {
      const vs = obj('networking.istio.io/v1', 'VirtualService', 'web', {
        metadata: { labels: { version: 'v1.0/beta' } },
        spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web' } }] }] },
      });
      expect(withCode(check(vs), 'TT0013')).toHaveLength(1);
    });
  });

  describe('TT0016 selectors', () => {
    test('fails when a Deployment selector does not match its template labels', () => {
      const findings = withCode(check(deployment({ selector: { matchLabels: { app: 'api' } } })), 'TT0016');
      expect(findings).toEqual([
        expect.objectContaining({
          field: 'spec.template.metadata.labels',
          message: 'selector {"matchLabels":{"app":"api"}} does not match the template labels {"app":"web","version":"v1"}',
          severity: 'error',
        }),
      ]);
    });

    test('fails when a Deployment selector is empty', () => {
      expect(withCode(check(deployment({ selector: {} })), 'TT0016')).toEqual([
        expect.objectContaining({ field: 'spec.selector', message: 'the selector of a Deployment must not be empty, got {}' }),
      ]);
      // labels written straight under selector are unknown fields, dropped: the message says where they go
      expect(withCode(check(deployment({ selector: { app: 'web' } })), 'TT0016')).toEqual([
        expect.objectContaining({
          field: 'spec.selector',
          message: 'the selector of a Deployment must not be empty (labels go under matchLabels: "app" is dropped), got {"app":"web"}',
        }),
      ]);
    });

    test('matches selector expressions as Kubernetes does', () => {
      const matching = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }, { key: 'canary', operator: 'DoesNotExist' }] };
      expect(withCode(check(deployment({ selector: matching })), 'TT0016')).toEqual([]);
      const excluding = { matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }] };
      expect(withCode(check(deployment({ selector: excluding })), 'TT0016')).toHaveLength(1);
    });

    test('fails when a DaemonSet or StatefulSet selects other labels than its template', () => {
      const template = { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'a' }] } };
      const ds = obj('apps/v1', 'DaemonSet', 'agent', { spec: { selector: { matchLabels: { app: 'other' } }, template } });
      const sts = obj('apps/v1', 'StatefulSet', 'db', { spec: { serviceName: 'db', selector: { matchLabels: { app: 'other' } }, template } });
      expect(withCode(check(ds, sts), 'TT0016').map((f) => f.kind)).toEqual(['DaemonSet', 'StatefulSet']);
    });

    test('fails when a Job gives a selector without manualSelector', () => {
      const findings = withCode(check(job({}, { selector: { matchLabels: { app: 'migrate' } } })), 'TT0016');
      expect(findings).toEqual([expect.objectContaining({ field: 'spec.selector', message: expect.stringMatching(/generated by the API server/) })]);
    });
  });

  describe('TT0017 fields built-in validation requires', () => {
    test('fails when a container has no image', () => {
      expect(withCode(check(deployment({}, {}, { image: '' })), 'TT0017')).toEqual([
        expect.objectContaining({ field: 'spec.template.spec.containers[0].image', message: 'is required' }),
      ]);
      const noImage = obj('v1', 'Pod', 'p', { spec: { containers: [{ name: 'c' }] } });
      expect(withCode(check(noImage), 'TT0017').map((f) => f.field)).toEqual(['spec.containers[0].image']);
    });

    test('fails when a pod template or a Pod has no spec: it is validated as an empty one, without containers', () => {
      const noSpec = obj('apps/v1', 'Deployment', 'web', { spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } } });
      expect(withCode(check(noSpec), 'TT0017')).toEqual([
        expect.objectContaining({ field: 'spec.template.spec.containers', message: 'containers must list at least one container' }),
      ]);
      expect(withCode(check(obj('v1', 'Pod', 'p')), 'TT0017').map((f) => f.field)).toEqual(['spec.containers']);
      // a ReplicaSet's template and a CronJob's job spec are values too, and their schemas do not require them
      const replicaSet = obj('apps/v1', 'ReplicaSet', 'web', { spec: { selector: { matchLabels: { app: 'web' } } } });
      expect(withCode(check(replicaSet), 'TT0017').map((f) => f.field)).toEqual(['spec.template.spec.containers']);
      const cronJob = obj('batch/v1', 'CronJob', 'nightly', { spec: { schedule: '@daily', jobTemplate: {} } });
      expect(withCode(check(cronJob), 'TT0017').map((f) => f.field)).toEqual(['spec.jobTemplate.spec.template.spec.containers']);
    });

    test('fails when a probe has no handler (a volume without a source is an emptyDir: SetDefaults_Volume)', () => {
      const findings = withCode(check(deployment({}, { volumes: [{ name: 'data' }] }, { readinessProbe: { periodSeconds: 5 } })), 'TT0017');
      expect(findings.map((f) => f.field)).toEqual(['spec.template.spec.containers[0].readinessProbe']);
    });

    test('fails when a TLS Secret lacks its keys', () => {
      const secret = obj('v1', 'Secret', 'tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==' } });
      expect(withCode(check(secret), 'TT0017')).toEqual([expect.objectContaining({ field: 'data["tls.key"]' })]);
    });
  });

  describe('TT0018 and TT0019 ConfigMap and Secret data', () => {
    test('fails when a ConfigMap key is invalid, or in both data and binaryData', () => {
      const cm = obj('v1', 'ConfigMap', 'c', { data: { 'bad key': 'x', same: 'y' }, binaryData: { same: 'eQ==' } });
      expect(withCode(check(cm), 'TT0019').map((f) => [f.field, f.message.replace(/ of at most.*got/, ' ... got')])).toEqual([
        ['data.same', 'key "same" is also a key of binaryData'],
        ['data["bad key"]', 'key must be a key ... got "bad key"'],
      ]);
    });

    test('fails when a ConfigMap holds more than 1 MiB', () => {
      const cm = obj('v1', 'ConfigMap', 'c', { data: { a: 'x'.repeat(600 * 1024), b: 'y'.repeat(500 * 1024) } });
      expect(withCode(check(cm), 'TT0018')).toEqual([
        expect.objectContaining({ message: 'the data and binaryData of a ConfigMap must total at most 1048576 bytes (1 MiB), got 1126400' }),
      ]);
      expect(withCode(check(obj('v1', 'ConfigMap', 'c', { data: { a: 'x'.repeat(1024 * 1024) } })), 'TT0018')).toEqual([]);
    });

    test('fails when a Secret holds more than 1 MiB, counting decoded data and stringData', () => {
      const data = { a: Buffer.alloc(800 * 1024).toString('base64') };
      expect(withCode(check(obj('v1', 'Secret', 's', { data })), 'TT0018')).toEqual([]);
      const secret = obj('v1', 'Secret', 's', { data, stringData: { b: 'z'.repeat(300 * 1024) } });
      expect(withCode(check(secret), 'TT0018')).toEqual([expect.objectContaining({ field: 'data', message: expect.stringMatching(/got 1126400$/) })]);
    });
  });

  describe('TT0019 other built-in rules', () => {
    test("fails when a Service port's appProtocol is no qualified name, \"\" included (Go's *string: given)", () => {
      const appProtocol = (value: string) => withCode(check(service({ ports: [{ name: 'http', port: 80, appProtocol: value }] })), 'TT0019');
      expect(appProtocol('kubernetes.io/h2c')).toEqual([]);
      expect(appProtocol('')).toEqual([expect.objectContaining({ field: 'spec.ports[0].appProtocol', message: expect.stringMatching(/^must be a qualified name/) })]);
      expect(appProtocol('bad name!')).toEqual([expect.objectContaining({ field: 'spec.ports[0].appProtocol', message: expect.stringMatching(/^must be a qualified name/) })]);
    });

    test('fails when a container name is no DNS-1123 label', () => {
      expect(withCode(check(deployment({}, {}, { name: 'Web_App' })), 'TT0019')).toEqual([
        expect.objectContaining({ field: 'spec.template.spec.containers[0].name', message: expect.stringMatching(/^container name must be a DNS-1123 label/) }),
      ]);
    });

    test('fails when a volume mount names no volume of the pod', () => {
      const findings = withCode(check(deployment({}, { volumes: [{ name: 'tmp', emptyDir: {} }] }, { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] })), 'TT0019');
      expect(findings).toEqual([
        expect.objectContaining({ field: 'spec.template.spec.containers[0].volumeMounts[0].name', message: 'volume mount names no volume of the pod: "cache" (volumes: tmp)' }),
      ]);
    });

    test('fails when a resource request exceeds its limit', () => {
      const resources = { requests: { cpu: '1', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
      expect(withCode(check(deployment({}, {}, { resources })), 'TT0019')).toEqual([
        expect.objectContaining({ field: 'spec.template.spec.containers[0].resources.requests.cpu', message: 'request of cpu must be at most its limit "500m", got "1"' }),
      ]);
    });

    test('fails when a liveness probe must succeed more than once', () => {
      const livenessProbe = { tcpSocket: { port: 'http' }, successThreshold: 2 };
      expect(withCode(check(deployment({}, {}, { livenessProbe })), 'TT0019')).toEqual([
        expect.objectContaining({ message: 'successThreshold of a livenessProbe must be 1, got 2' }),
      ]);
    });

    test('fails when an environment variable name starts with a digit (Kubernetes 1.27), or holds = (1.33)', () => {
      // 1.33 has the RelaxedEnvironmentVariableValidation gate on: any printable ASCII but '='
      const env = (name: string) => deployment({}, {}, { env: [{ name, value: 'x' }] });
      const on127 = (object: ReturnType<typeof obj>) => validateObjects([{ object, file: 'f.yaml' }], { kubernetesVersion: '1.27' });
      expect(withCode(on127(env('1ST')), 'TT0019')).toEqual([expect.objectContaining({ field: 'spec.template.spec.containers[0].env[0].name' })]);
      expect(withCode(check(env('1ST')), 'TT0019')).toEqual([]);
      expect(withCode(check(env('1=ST')), 'TT0019')).toEqual([expect.objectContaining({ field: 'spec.template.spec.containers[0].env[0].name' })]);
    });

    test("fails when a DNS search domain holds '_' (Kubernetes 1.27), which 1.33 allows", () => {
      const dns = deployment({}, { dnsConfig: { searches: ['svc_a.cluster.local', '.'] } });
      const on127 = validateObjects([{ object: dns, file: 'f.yaml' }], { kubernetesVersion: '1.27' });
      expect(withCode(on127, 'TT0019').map((f) => f.field)).toEqual(['spec.template.spec.dnsConfig.searches[0]', 'spec.template.spec.dnsConfig.searches[1]']);
      expect(withCode(check(dns), 'TT0019')).toEqual([]);
    });

    test('fails when maxSurge and maxUnavailable are both 0', () => {
      const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } };
      expect(withCode(check(deployment({ strategy })), 'TT0019')).toEqual([
        expect.objectContaining({ field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'maxUnavailable and maxSurge may not both be 0' }),
      ]);
    });

    test('fails when a user ID is out of range, or privileged containers forbid privilege escalation', () => {
      const securityContext = { runAsUser: -1, privileged: true, allowPrivilegeEscalation: false };
      expect(withCode(check(deployment({}, {}, { securityContext })), 'TT0019').map((f) => f.message).sort()).toEqual([
        'allowPrivilegeEscalation: false and privileged: true exclude each other',
        'runAsUser must be between 0 and 2147483647, got -1',
      ]);
    });

    test('fails when externalTrafficPolicy is set on a Service reachable only inside the cluster', () => {
      expect(withCode(check(service({ externalTrafficPolicy: 'Local' })), 'TT0019')).toEqual([
        expect.objectContaining({ field: 'spec.externalTrafficPolicy' }),
      ]);
    });
  });

  test('does not run on objects whose schema fails, as the API server stops there', () => {
    const broken = deployment({}, {}, { ports: [{ containerPort: 'eighty' }], imagePullPolicy: 'Sometimes' });
    expect(check(broken).map((f) => f.code)).toEqual(['TT0001']);
  });
});
