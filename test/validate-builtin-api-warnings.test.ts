// TT0028: the warnings the API server sends with a create (the strategies' WarningsOnCreate, Kubernetes 1.33),
// cases adapted from pkg/api/pod's, pkg/api/persistentvolume's and pkg/api/service's warning tests.
import { validateObjects } from '../src/validate';
import { check, obj } from './support/objects';

// sorted: the order of findings is the order of their lines
const warnings = (o: ReturnType<typeof obj>) =>
  check(o)
    .filter((f) => f.code === 'TT0028')
    .map((f) => `${f.field}: ${f.message}`)
    .sort();
const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  warnings(obj('v1', 'Pod', 'web', { metadata, spec: { containers: [{ name: 'web', image: 'web' }], ...spec } }));
const deployment = (podSpec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  warnings(
    obj('apps/v1', 'Deployment', 'web', {
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, ...metadata }, spec: { containers: [{ name: 'web', image: 'web' }], ...podSpec } } },
    }),
  );
const container = (changes: Record<string, unknown>) => ({ containers: [{ name: 'web', image: 'web', ...changes }] });

describe('API server warnings (TT0028)', () => {
  test('none for a plain pod, nor for an env var that builds on the one it follows', () => {
    expect(pod({})).toEqual([]);
    expect(pod(container({ env: [{ name: 'PATH', value: '/bin' }, { name: 'PATH', value: '$(PATH):/opt/bin' }] }))).toEqual([]);
  });

  test('an env var set again, hiding the first (a value without $(NAME), $(NAME) alone, or valueFrom)', () => {
    expect(pod(container({ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }, { name: 'A', value: '$(A)' }] }))).toEqual(
      [
        'spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
        'spec.containers[0].env[2]: hides previous definition of "A", which may be dropped when using apply',
      ].sort(),
    );
    expect(deployment(container({ env: [{ name: 'A', value: '1' }, { name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }))).toEqual(
      [
        'spec.template.spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
      ].sort(),
    );
  });

  test('ports defined twice (the protocol TCP by default), overlapping, ambiguous, or a hostIP without hostPort', () => {
    expect(pod({ containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'b', ports: [{ containerPort: 80, protocol: 'TCP' }] }] })).toEqual([
      'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]',
    ]);
    expect(pod(container({ ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 80 }] }))).toEqual([
      'spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]',
    ]);
    expect(pod(container({ ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }, { containerPort: 80, hostPort: 8080 }] }))).toEqual([
      'spec.containers[0].ports[1]: dangerously ambiguous port definition with spec.containers[0].ports[0]',
    ]);
    expect(pod(container({ ports: [{ containerPort: 80, hostIP: '10.0.0.1' }] }))[0]).toMatch(/^spec\.containers\[0\]\.ports\[0\]: hostIP set without hostPort/);
    // a Pod on the host's network has its hostPort defaulted to the containerPort first (SetDefaults_Pod); a template has not
    expect(pod({ hostNetwork: true, ...container({ ports: [{ containerPort: 80, hostIP: '127.0.0.1' }] }) })).toEqual([]);
    expect(deployment({ hostNetwork: true, ...container({ ports: [{ containerPort: 80, hostIP: '127.0.0.1' }] }) })[0]).toMatch(/hostIP set without hostPort/);
    // a port name two containers give (a sidecar too): Services and probes get the first
    expect(
      pod({
        initContainers: [{ name: 'proxy', image: 'p', restartPolicy: 'Always', ports: [{ containerPort: 15090, name: 'metrics' }] }],
        containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 9090, name: 'metrics' }] }],
      }),
    ).toEqual([
      'spec.containers[0].ports[0]: duplicate port name "metrics" with spec.initContainers[0].ports[0], services and probes that select ports by name will use spec.initContainers[0].ports[0]',
    ]);
    // UDP and TCP on one port number are two ports
    expect(pod(container({ ports: [{ containerPort: 53 }, { containerPort: 53, protocol: 'UDP' }] }))).toEqual([]);
  });

  test('deprecated node labels in node selectors, affinity and spread constraints; null label selectors', () => {
    expect(
      deployment({
        nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'failure-domain.beta.kubernetes.io/zone', operator: 'In', values: ['a'] }] }],
            },
          },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] },
        },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'failure-domain.beta.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
      }),
    ).toEqual(
      [
        'spec.template.spec.nodeSelector["beta.kubernetes.io/arch"]: deprecated since v1.14; use "kubernetes.io/arch" instead',
        'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
        'spec.template.spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
        'spec.template.spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
        'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: a null labelSelector results in matching no pod',
      ].sort(),
    );
    // the labels 1.32 added to pkg/api/node/util.go, the master role's among them
    expect(
      deployment({
        nodeSelector: { 'node-role.kubernetes.io/master': '', 'app.kubernetes.io/created-by': 'x' },
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 1, preference: { matchExpressions: [{ key: 'scheduler.alpha.kubernetes.io/preferAvoidPods', operator: 'Exists' }] } },
            ],
          },
        },
      }),
    ).toEqual(
      [
        'spec.template.spec.nodeSelector["node-role.kubernetes.io/master"]: use "node-role.kubernetes.io/control-plane" instead',
        'spec.template.spec.nodeSelector["app.kubernetes.io/created-by"]: deprecated since v1.9',
        'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key: scheduler.alpha.kubernetes.io/preferAvoidPods is deprecated since v1.22; use Taints and Tolerations instead',
      ].sort(),
    );
  });

  test('deprecated annotations and volume plugins; seccomp and AppArmor annotations without their fields', () => {
    expect(
      deployment(
        { volumes: [{ name: 'src', gitRepo: { repository: 'https://example.com/r.git' } }] },
        {
          annotations: {
            'scheduler.alpha.kubernetes.io/critical-pod': '',
            'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
            'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default',
          },
        },
      ),
    ).toEqual(
      [
        'spec.template.metadata.annotations["scheduler.alpha.kubernetes.io/critical-pod"]: non-functional in v1.16+; use the "priorityClassName" field instead',
        'spec.template.spec.volumes[0].gitRepo: deprecated in v1.11',
        'spec.template.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]: non-functional in v1.27+; use the "seccompProfile" field instead',
        'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]: deprecated since v1.30; use the "appArmorProfile" field instead',
      ].sort(),
    );
    // with the fields set, the annotations are not warned of
    expect(
      deployment(
        { securityContext: { seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'RuntimeDefault' } } },
        { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' } },
      ),
    ).toEqual([]);
  });

  test("a bare Pod's AppArmor annotation, as its create's version skew warns of it (strategy.go's applyAppArmorVersionSkew)", () => {
    const key = 'container.apparmor.security.beta.kubernetes.io/web';
    const warning = `metadata.annotations["${key}"]: deprecated since v1.30; use the "appArmorProfile" field instead`;
    // read into the container's field: warned of
    expect(pod({}, { annotations: { [key]: 'runtime/default' } })).toEqual([warning]);
    // no field can be read from it: warned of too
    expect(pod({}, { annotations: { [key]: 'localhost/' } })).toEqual([warning]);
    // the same as the pod's field: not copied, not warned of
    expect(pod({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }, { annotations: { [key]: 'runtime/default' } })).toEqual([]);
    expect(pod({ securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } } }, { annotations: { [key]: 'localhost/p' } })).toEqual([]);
    // another than the pod's field: copied into the container's, warned of
    expect(pod({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }, { annotations: { [key]: 'localhost/p' } })).toEqual([warning]);
    // the container's own field: no skew
    expect(pod({ containers: [{ name: 'web', image: 'web', securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }] }, { annotations: { [key]: 'runtime/default' } })).toEqual([]);
  });

  test('fractional bytes, repeated host aliases and pull secrets, an empty pull secret, a negative grace period', () => {
    expect(
      pod({
        ...container({ resources: { requests: { memory: '0.5' } } }),
        hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }, { ip: '10.0.0.1', hostnames: ['b'] }],
        imagePullSecrets: [{ name: 'regcred' }, { name: 'regcred' }],
        terminationGracePeriodSeconds: -1,
      }),
    ).toEqual(
      [
        'spec.hostAliases[1].ip: duplicate ip "10.0.0.1"',
        'spec.imagePullSecrets[1].name: duplicate name "regcred"',
        // the value as Quantity.String() prints it: "0.5" is not canonical, so the server writes it anew
        'spec.containers[0].resources.requests.memory: fractional byte value "500m" is invalid, must be an integer',
        'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
      ].sort(),
    );
    // a canonical text is kept as written; a binary or exponent one is written in DecimalSI or DecimalExponent
    const memory = (value: unknown) => pod(container({ resources: { limits: { memory: value }, requests: { memory: value } } }));
    expect(memory('1500m')).toContain('spec.containers[0].resources.limits.memory: fractional byte value "1500m" is invalid, must be an integer');
    expect(memory('0.1Ki')).toContain('spec.containers[0].resources.limits.memory: fractional byte value "102400m" is invalid, must be an integer');
    expect(memory('1.5E-1')).toContain('spec.containers[0].resources.limits.memory: fractional byte value "150e-3" is invalid, must be an integer');
    // SetDefaults_ResourceList rounds every value up to milli first, and a value finer than that is written anew
    expect(memory(2.0005)).toContain('spec.containers[0].resources.limits.memory: fractional byte value "2001m" is invalid, must be an integer');
    expect(memory('100u')).toContain('spec.containers[0].resources.limits.memory: fractional byte value "1m" is invalid, must be an integer');
  });

  test('volume paths that overlap: one path twice, one inside another, across projected sources, and an empty source', () => {
    const volume = (volumeSource: Record<string, unknown>) => pod({ volumes: [{ name: 'config', ...volumeSource }] });
    expect(volume({ configMap: { name: 'app', items: [{ key: 'a', path: 'conf' }, { key: 'b', path: 'conf/extra' }] } })).toEqual([
      'spec.volumes[0]: volume "config" (ConfigMap "app"): overlapping paths: "conf/extra" with "conf"',
    ]);
    expect(
      volume({ projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'ca', items: [{ key: 'k', path: 'token' }] } }, {}] } }),
    ).toEqual(
      [
        'spec.volumes[0]: volume "config" (Projected ConfigMap "ca"): overlapping paths: "token" with "token"',
        'spec.volumes[0]: volume "config" (Projected) has no sources provided',
      ].sort(),
    );
    // Go's prefix test: `a` overlaps `ab`
    expect(volume({ secret: { secretName: 's', items: [{ key: 'x', path: 'ab' }, { key: 'y', path: 'a' }] } })).toEqual([
      'spec.volumes[0]: volume "config" (Secret "s"): overlapping paths: "a" with "ab"',
    ]);
    expect(volume({ configMap: { name: 'app', items: [{ key: 'a', path: 'one' }, { key: 'b', path: 'two' }] } })).toEqual([]);
  });

  test('a name that is not a DNS label for the kinds whose pods take it; an Indexed Job past the soft limits', () => {
    expect(warnings(obj('apps/v1', 'Deployment', 'web.v2', { spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web' }] } } } }))).toEqual([
      "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
    ]);
    expect(warnings(obj('apps/v1', 'DaemonSet', 'web.v2', { spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web' }] } } } }))).toEqual([]);
    const job = (spec: Record<string, unknown>) =>
      warnings(obj('batch/v1', 'Job', 'index', { spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'c' }] } } } }));
    expect(job({ completionMode: 'Indexed', completions: 100_001, parallelism: 10_001 })).toEqual([
      'spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail',
    ]);
    expect(job({ completionMode: 'Indexed', completions: 100_001 })).toEqual([]);
  });

  test('IP addresses and CIDRs in non-standard forms: source ranges, IP blocks, endpoints and slices but the controllers\' own', () => {
    // a pod's host aliases and nameservers: no such warning in the stored 1.33 sources
    expect(pod({ hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }], dnsPolicy: 'None', dnsConfig: { nameservers: ['2001:DB8::53'] } })).toEqual([]);
    const service = obj('v1', 'Service', 'web', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }], selector: { app: 'web' }, loadBalancerSourceRanges: ['10.0.0.1/24'] } });
    expect(warnings(service)).toEqual(['spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)']);
    const policy = obj('networking.k8s.io/v1', 'NetworkPolicy', 'p', { spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/08', except: ['10.1.0.0/16'] } }] }] } });
    expect(warnings(policy)).toEqual([
      'spec.egress[0].to[0].ipBlock.cidr: non-standard CIDR value "10.0.0.0/08" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    ]);
    // an IPv4-mapped network is written back as IPv4, with the last 32 bits of its mask
    const mapped = obj('networking.k8s.io/v1', 'NetworkPolicy', 'p', { spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '::ffff:10.0.0.0/104' } }] }] } });
    expect(warnings(mapped)).toEqual([
      'spec.egress[0].to[0].ipBlock.cidr: non-standard CIDR value "::ffff:10.0.0.0/104" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    ]);
    const endpoints = (labels: Record<string, string>) =>
      warnings(obj('v1', 'Endpoints', 'db', { metadata: { labels }, subsets: [{ addresses: [{ ip: '10.0.0.01' }], ports: [{ port: 5432 }] }] }));
    // 1.33 deprecates the v1 Endpoints API: every request for it is warned of (the warning names no field)
    const deprecated = 'undefined: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';
    expect(endpoints({})).toEqual([
      'subsets[0].addresses[0].ip: non-standard IP address "10.0.0.01" will be considered invalid in a future Kubernetes release: use "10.0.0.1"',
      deprecated,
    ]);
    // the Endpoints controller's own objects are not warned of their addresses
    expect(endpoints({ 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' })).toEqual([deprecated]);
    const at127 = validateObjects([{ object: obj('v1', 'Endpoints', 'db', { subsets: [] }), file: 'f.yaml' }], { kubernetesVersion: '1.27' });
    expect(at127.filter((f) => f.code === 'TT0028')).toEqual([]);
    const slice = (labels: Record<string, string>) =>
      warnings(obj('discovery.k8s.io/v1', 'EndpointSlice', 'db-1', { metadata: { labels }, addressType: 'IPv6', endpoints: [{ addresses: ['2001:0db8::1'] }], ports: [] }));
    expect(slice({})).toEqual(['endpoints[0].addresses[0]: IPv6 address "2001:0db8::1" should be in RFC 5952 canonical format ("2001:db8::1")']);
    expect(slice({ 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' })).toEqual([]);
  });

  test('the deprecated ingress class annotation without spec.ingressClassName; a StatefulSet claim of fractional bytes', () => {
    const ingress = (spec: Record<string, unknown>) =>
      warnings(obj('networking.k8s.io/v1', 'Ingress', 'web', { metadata: { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } }, ...spec } }));
    expect(ingress({})).toEqual([`metadata.annotations["kubernetes.io/ingress.class"]: annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead`]);
    const statefulSet = obj('apps/v1', 'StatefulSet', 'db', {
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200m' } } } }],
      },
    });
    expect(warnings(statefulSet)).toEqual(['spec.volumeClaimTemplates[0].spec.resources.requests.storage: fractional byte value "200m" is invalid, must be an integer']);
  });

  test("a ServiceAccount's enforce-mountable-secrets annotation, whatever its value (strategy_test.go's case)", () => {
    const account = (annotations?: Record<string, string>) => warnings(obj('v1', 'ServiceAccount', 'web', annotations ? { metadata: { annotations } } : {}));
    expect(account()).toEqual([]);
    const message = 'metadata.annotations["kubernetes.io/enforce-mountable-secrets"]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets';
    expect(account({ 'kubernetes.io/enforce-mountable-secrets': 'true' })).toEqual([message]);
    expect(account({ 'kubernetes.io/enforce-mountable-secrets': 'false' })).toEqual([message]);
  });

  test('PersistentVolumes and claims: the beta storage class annotation, Recycle, deprecated plugins, fractional storage', () => {
    const pv = obj(
      'v1',
      'PersistentVolume',
      'data',
      {
        metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': 'slow' } },
        spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, persistentVolumeReclaimPolicy: 'Recycle', nfs: { server: 'nfs', path: '/x' } },
      },
      undefined,
    );
    expect(warnings(pv)).toEqual(
      [
        'metadata.annotations["volume.beta.kubernetes.io/storage-class"]: deprecated since v1.8; use "storageClassName" attribute instead',
        'spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.',
      ].sort(),
    );
    const pvc = obj('v1', 'PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1500m' } } } });
    expect(warnings(pvc)).toEqual(['spec.resources.requests.storage: fractional byte value "1500m" is invalid, must be an integer']);
  });

  test("a Service's IP addresses in non-standard forms, and fields its type ignores", () => {
    const service = (spec: Record<string, unknown>) => warnings(obj('v1', 'Service', 'web', { spec: { ports: [{ port: 80 }], selector: { app: 'web' }, ...spec } }));
    expect(service({ clusterIP: '10.96.0.010' })).toEqual([
      'spec.clusterIP: non-standard IP address "10.96.0.010" will be considered invalid in a future Kubernetes release: use "10.96.0.10"',
    ]);
    expect(service({ externalIPs: ['2001:DB8::1'] })).toEqual(['spec.externalIPs[0]: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")']);
    expect(service({ externalName: 'db.example.com' })).toEqual(['spec.externalName: spec.externalName is ignored when spec.type is not "ExternalName"']);
    expect(service({ clusterIP: 'None' })).toEqual([]);
  });

  test('no warnings for an object the API server refuses, nor for another Kubernetes version than 1.33', () => {
    const env = container({ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] });
    expect(pod({ ...env, restartPolicy: 'Sometimes' })).toEqual([]);
    // refused for its name, checked apart from the kind's own validation
    expect(warnings(obj('v1', 'Pod', 'Web_1', { spec: env }))).toEqual([]);
    // an unknown field, which kubectl's strict field validation refuses
    expect(warnings(obj('v1', 'Pod', 'web', { spec: { ...env, hostname2: 'x' } }))).toEqual([]);
    const source = { object: obj('v1', 'Pod', 'web', { spec: env }), file: 'pod.yaml' };
    expect(validateObjects([source], { kubernetesVersion: '1.33' }).filter((f) => f.code === 'TT0028')).toHaveLength(1);
    expect(validateObjects([source], { kubernetesVersion: '1.27' }).filter((f) => f.code === 'TT0028')).toEqual([]);
  });
});
