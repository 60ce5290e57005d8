// TT0028: the warnings the API server sends with a create (the strategies' WarningsOnCreate, Kubernetes 1.33),
// cases adapted from pkg/api/pod's, pkg/api/persistentvolume's and pkg/api/service's warning tests.
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
        'spec.containers[0].resources.requests.memory: fractional byte value "0.5" is invalid, must be an integer',
        'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
      ].sort(),
    );
  });

  test('a projected path that collides with the service account token', () => {
    expect(
      pod({
        volumes: [
          {
            name: 'projected',
            projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'c', items: [{ key: 'k', path: 'token' }] } }] },
          },
        ],
      }),
    ).toEqual(['spec.volumes[0].projected.sources[1].configMap.items[0]: has duplicated path with ServiceAccountToken "token"']);
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

  test('no warnings for an object the API server refuses', () => {
    expect(pod({ ...container({ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }), restartPolicy: 'Sometimes' })).toEqual([]);
  });
});
