// The API server's built-in validation as Kubernetes 1.33 runs it (pkg/apis/core/validation, pkg/apis/apps/validation),
// case by case from its table tests (TestValidateServiceCreate, TestValidatePorts, TestValidateEnv,
// TestRelaxedValidateEnv, TestValidateVolumeMounts, Test_validateProbe, TestValidatePodCreate, ...) and its source.
import { validateObjects } from '../src/validate';
import { check, obj } from './support/objects';

type Spec = Record<string, unknown>;
/** The findings of the schema and of built-in validation, the ones that make the API server refuse an object. */
const refusals = (object: unknown) => check(object as never).filter((f) => f.severity === 'error' && /^TT00(0[1237]|1[3-9])$/.test(f.code));

const svc = (spec: Spec = {}, metadata: Spec = {}) =>
  obj('v1', 'Service', 'web', { metadata, spec: { selector: { app: 'web' }, ports: [{ name: 'p', port: 80, targetPort: 8080 }], ...spec } });
const lb = (spec: Spec = {}, metadata: Spec = {}) => svc({ type: 'LoadBalancer', ...spec }, metadata);
const pod = (spec: Spec = {}, container: Spec = {}, metadata: Spec = {}) =>
  obj('v1', 'Pod', 'p', { metadata, spec: { containers: [{ name: 'c', image: 'i', ...container }], ...spec } });
const env = (e: Spec) => pod({}, { env: [e] });
const events = (changes: Spec = {}) => obj('events.k8s.io/v1', 'Event', 'e.1', {
  eventTime: '2024-01-01T00:00:00.000000Z', type: 'Normal', reason: 'Done', action: 'Sync', reportingController: 'example.com/sync', reportingInstance: 'sync-1',
  regarding: { kind: 'Pod', name: 'p', namespace: 'default' }, ...changes,
});
const fieldRef = (fieldPath: string, apiVersion?: string) => env({ name: 'abc', valueFrom: { fieldRef: { fieldPath, ...(apiVersion ? { apiVersion } : {}) } } });
const divisor = (resource: string, value: string) => env({ name: 'a', valueFrom: { resourceFieldRef: { resource, divisor: value } } });
const mount = (m: Spec, container: Spec = {}) => pod({ volumes: [{ name: 'abc', emptyDir: {} }] }, { volumeMounts: [{ name: 'abc', mountPath: '/m', ...m }], ...container });
const res = (limits: Record<string, string>, requests: Record<string, string>) => pod({}, { resources: { limits, requests } });
const nodeRequirement = (requirement: Spec) => {
  const required = { nodeSelectorTerms: [{ matchExpressions: [requirement] }] };
  return pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } });
};
const antiAffinity = (term: Spec) => pod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } });
const spread = (constraints: Spec[]) => pod({ topologySpreadConstraints: constraints });
const zone = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' };
const volume = (v: Spec) => pod({ volumes: [{ name: 'v', ...v }] });
const secret = (type: string, data: Record<string, string>) => obj('v1', 'Secret', 's', { type, data });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const template = (annotations: Record<string, string>) =>
  obj('apps/v1', 'Deployment', 'web', {
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, annotations }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  });
/** A Deployment whose template has `annotations`, a pod securityContext and its container's. */
const profiled = (annotations: Record<string, string>, podContext: Spec, containerContext: Spec, podSpec: Spec = {}) =>
  obj('apps/v1', 'Deployment', 'web', {
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations },
        spec: { securityContext: podContext, containers: [{ name: 'c', image: 'i', securityContext: containerContext }], ...podSpec },
      },
    },
  });
const sts = (spec: Spec) =>
  obj('apps/v1', 'StatefulSet', 'db', {
    spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }, ...spec },
  });

describe('Kubernetes 1.33 built-in validation, case by case', () => {
  test.each([
    // env names are checked with RelaxedEnvironmentVariableValidation, beta and on by default since 1.32
    ['an env name with punctuation', env({ name: '!"#$%&\'()', value: 'value' })],
    ['an env name with a space and digits first', env({ name: '* +,-./0123456789', value: 'value' })],
    ['an env name starting with a digit', env({ name: '1ST', value: 'x' })],
    ['an envFrom prefix starting with a digit', pod({}, { envFrom: [{ prefix: '1_', configMapRef: { name: 'cm' } }] })],
    ['an envFrom reference ending with a dash (checked as a prefix)', pod({}, { envFrom: [{ secretRef: { name: 'creds-' } }] })],
    ['a fieldRef of spec.host (read as spec.nodeName)', fieldRef('spec.host')],
    ['a subPath starting with ..data (only ".." elements are refused)', mount({ subPath: '..data/config' })],
    ['a seccomp localhost profile starting with ..', pod({ securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: '..profiles/a.json' } } })],
    ['a DNS search domain with underscores (RelaxedDNSSearchValidation)', pod({ dnsConfig: { searches: ['_sip._tcp.example.com'] } })],
    ['a Pod on the host network whose hostPort is left to the default', pod({ hostNetwork: true }, { ports: [{ containerPort: 80 }] })],
    ['a topologyKey that is no label key (only an empty one is refused)', spread([{ ...zone, topologyKey: 'rack name' }])],
    ['a token path that a configMap item of the same projection also uses', volume({
      projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'cm', items: [{ key: 'k', path: 'token' }] } }] },
    })],
    ['a nodePort on an ExternalName Service', svc({ type: 'ExternalName', externalName: 'db.example.com', ports: [{ name: 'p', port: 80, nodePort: 30080 }] })],
    // SetDefaults_Volume: a volume without a source is an emptyDir
    // the sysctls of a namespace the pod does not share with the host
    ['a net sysctl with the host IPC namespace only', pod({ hostIPC: true, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } })],
    ['an IPC sysctl on the host network only', pod({ hostNetwork: true, securityContext: { sysctls: [{ name: 'kernel.shmmax', value: '1' }] } })],
    // component-helpers v0.33 knows the IPC sysctls of kernel by name: kernel.shm_next_id is not one of them
    ['a kernel.shm sysctl that is not namespaced, with the host IPC namespace', pod({ hostIPC: true, securityContext: { sysctls: [{ name: 'kernel.shm_next_id', value: '1' }] } })],
    // Go's strings.TrimSpace: the byte order mark is no white space, so the skew reads this annotation into the field
    ['a bare Pod AppArmor annotation whose profile starts with a byte order mark', pod(
      { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }, {}, { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/\ufefffoo' } })],
    ['the Recursive SELinux change policy', pod({ securityContext: { seLinuxChangePolicy: 'Recursive' } })],
    ['a valid serviceAccount beside an empty serviceAccountName', pod({ serviceAccount: 'web', serviceAccountName: '' })],
    ['a scheduling-gated Pod without a node', pod({ schedulingGates: [{ name: 'example.com/wait' }] })],
    // ValidatePodTemplateSpec checks a template's labels and annotations only
    ['finalizers in a pod template', obj('apps/v1', 'Deployment', 'web', {
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, finalizers: ['orphan', 'foregroundDeletion'] }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    })],
    ['a hostProcess pod on the host network, its containers inheriting it', pod({ hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true } } })],
    ['a pod template overhead of cpu and memory', profiled({}, {}, {}, { overhead: { cpu: '250m', memory: '120Mi' } })],
    // the annotations and fields of the profiles say the same, or are not compared
    ['a docker/default seccomp annotation beside the RuntimeDefault field',
      pod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, {}, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'docker/default' } })],
    ['a container seccomp annotation beside only the pod field (containers compare their own)',
      pod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, {}, { annotations: { 'container.seccomp.security.alpha.kubernetes.io/c': 'unconfined' } })],
    ['an AppArmor annotation and field that disagree in a StatefulSet template', sts({
      template: {
        metadata: { labels: { app: 'db' }, annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default' } },
        spec: { containers: [{ name: 'c', image: 'i', securityContext: { appArmorProfile: { type: 'Unconfined' } } }] },
      },
    })],
    // a bare Pod's create copies the annotation into the container's field first (applyAppArmorVersionSkew)
    ['a bare Pod AppArmor annotation beside a pod field of another type', pod(
      { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }, {}, { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/p' } })],
    ['a volume that sets no source', pod({ volumes: [{ name: 'abc' }] }, { volumeMounts: [{ name: 'abc', mountPath: '/m' }] })],
    ['a volume whose emptyDir is null', pod({ volumes: [{ name: 'abc', emptyDir: null }] }, { volumeMounts: [{ name: 'abc', mountPath: '/m' }] })],
    // the ImageVolume and ClusterTrustBundleProjection gates are off in 1.33: a create drops those fields before validating
    ['an image volume and its mount, whatever they hold (dropped)', pod(
      { volumes: [{ name: 'models', image: { reference: 'img:1', pullPolicy: 'Sometimes' } }] },
      { volumeMounts: [{ name: 'models', mountPath: '/models', subPath: 'a' }] },
    )],
    ['a clusterTrustBundle projection, whatever it holds (dropped)', volume({ projected: { sources: [{ clusterTrustBundle: { name: 'a', signerName: 'example.com/s', path: '../ca.pem' } }] } })],
    // quantities compared exactly, after v1's defaults round them up to milli (SetDefaults_ResourceList)
    ['a cpu request of 2300m within its limit of 2.3', res({ cpu: '2.3' }, { cpu: '2300m' })],
    ['a cpu request of 1.5m within its limit of 1.2m (both 2m once defaulted)', res({ cpu: '1.2m' }, { cpu: '1.5m' })],
    ['an extended resource requested as 1000m and limited as 1', res({ 'example.com/gpu': '1' }, { 'example.com/gpu': '1000m' })],
    ['huge pages of 4Mi, two pages of 2Mi, written in bytes', res({ 'hugepages-2Mi': '4Mi', memory: '1Gi' }, { 'hugepages-2Mi': '4194304', memory: '1Gi' })],
    ['quantities with spaces around them (UnmarshalJSON trims them)', res({ cpu: ' 500m ' }, { cpu: '\u00a0250m' })],
    ['a cpu divisor of 1000u (1m)', divisor('limits.cpu', '1000u')],
    // ValidateEventCreate: a v1 Event gets legacyValidateEvent only; an empty involved object passes in the default namespace
    // validateInitContainers: with InPlacePodVerticalScaling on (1.33), AllowSidecarResizePolicy lets any init container have one
    ['a resizePolicy on a sidecar', pod({ initContainers: [{ name: 'proxy', image: 'p', restartPolicy: 'Always', resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] }] })],
    ['a resizePolicy on an init container', pod({ initContainers: [{ name: 'init', image: 'i', resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] }] })],
    // ValidateEventCreate (TestValidateEventForCoreV1Events, TestValidateEventForNewV1EventsAPI)
    ['a v1 Event of the namespace of its involved object', obj('v1', 'Event', 'e.1', { metadata: { namespace: 'blue' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'blue' } })],
    ['a v1 Event with an eventTime in kube-system for a cluster-scoped object', obj('v1', 'Event', 'e.1', {
      metadata: { namespace: 'kube-system' }, eventTime: '2024-01-01T00:00:00.000000Z', involvedObject: { kind: 'Node', name: 'n' },
      reportingComponent: 'example.com/sync', reportingInstance: 'sync-1', action: 'Sync', reason: 'Done',
    })],
    ['an events.k8s.io/v1 Event', events()],
    ['a v1 Event without an involved object', obj('v1', 'Event', 'hello.1', { type: 'Normal', reason: 'Done', message: 'ok', source: { component: 'sync' } }, 'default')],
  ])('accepts %s', (_name, object) => {
    expect(refusals(object)).toEqual([]);
  });

  test.each([
    // Services (TestValidateServiceCreate)
    ['an external IP in the loopback range', svc({ externalIPs: ['127.0.0.1'] }), 'spec.externalIPs[0]', 'TT0019'],
    ['the unspecified external IP', svc({ externalIPs: ['0.0.0.0'] }), 'spec.externalIPs[0]', 'TT0019'],
    ['a link-local IPv6 external IP', svc({ externalIPs: ['fe80::1'] }), 'spec.externalIPs[0]', 'TT0019'],
    ['a source ranges annotation that is no CIDR', lb({}, { annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '1.2.3.4/33' } }),
      'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]', 'TT0019'],
    ['an empty source ranges annotation on a ClusterIP Service', svc({}, { annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '' } }),
      'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]', 'TT0019'],
    ['ipFamilies on an ExternalName Service', svc({ type: 'ExternalName', externalName: 'a.example.com', ipFamilies: ['IPv4'] }), 'spec.ipFamilies', 'TT0019'],
    ['ipFamilyPolicy on an ExternalName Service', svc({ type: 'ExternalName', externalName: 'a.example.com', ipFamilyPolicy: 'SingleStack' }), 'spec.ipFamilyPolicy', 'TT0019'],
    ['the same ip family twice', svc({ ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv6'] }), 'spec.ipFamilies[1]', 'TT0019'],
    ['a second clusterIP that is no IP', svc({ clusterIP: '2001::1', clusterIPs: ['2001::1', 'garbage-ip'] }), 'spec.clusterIPs[1]', 'TT0019'],
    ['None beside an IP in clusterIPs', svc({ clusterIP: 'None', clusterIPs: ['None', '2001::1'] }), 'spec.clusterIPs', 'TT0019'],
    ['two clusterIPs of one family', svc({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', '10.0.0.10'] }), 'spec.clusterIPs', 'TT0019'],
    ['three clusterIPs', svc({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', '2001::1', '10.0.0.10'] }), 'spec.clusterIPs', 'TT0019'],
    ['a clusterIP of another family than ipFamilies says', svc({ clusterIP: '10.0.0.1', ipFamilies: ['IPv6'] }), 'spec.clusterIPs[0]', 'TT0019'],
    ['clusterIPs without clusterIP', svc({ clusterIPs: ['10.0.0.1'] }), 'spec.clusterIPs', 'TT0019'],
    ['a loadBalancerClass that is no qualified name', lb({ loadBalancerClass: 'Bad/LoadBalancerClass' }), 'spec.loadBalancerClass', 'TT0019'],
    ['topology annotations that disagree', svc({}, { annotations: { 'service.kubernetes.io/topology-aware-hints': 'original', 'service.kubernetes.io/topology-mode': 'different' } }),
      'metadata.annotations["service.kubernetes.io/topology-mode"]', 'TT0019'],
    ['a trafficDistribution other than PreferClose', svc({ trafficDistribution: 'Random' }), 'spec.trafficDistribution', 'TT0015'],
    // env (TestValidateEnv, TestRelaxedValidateEnv)
    ['a fieldRef of metadata.labels without a key', fieldRef('metadata.labels'), 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath', 'TT0015'],
    ['a fieldRef of metadata.annotations without a key', fieldRef('metadata.annotations'), 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath', 'TT0015'],
    ['a fieldRef of another apiVersion', fieldRef('metadata.name', 'v2'), 'spec.containers[0].env[0].valueFrom.fieldRef.apiVersion', 'TT0015'],
    ['a cpu divisor of 1Mi', divisor('limits.cpu', '1Mi'), 'spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor', 'TT0019'],
    ['a memory divisor of 2Mi', divisor('requests.memory', '2Mi'), 'spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor', 'TT0019'],
    ['a cpu request of 1.5m over its limit of 1m (2m once defaulted)', res({ cpu: '1m' }, { cpu: '1.5m' }), 'spec.containers[0].resources.requests.cpu', 'TT0019'],
    ['a quantity after a tab, which kubectl sends as a JSON escape that TrimSpace cannot take', res({ cpu: '1' }, { cpu: '\t250m' }), 'spec.containers[0].resources.requests.cpu', 'TT0001'],
    ['an extended resource requested as 1001m and limited as 1', res({ 'example.com/gpu': '1' }, { 'example.com/gpu': '1001m' }), 'spec.containers[0].resources.requests["example.com/gpu"]', 'TT0019'],
    // volume mounts and volumes (TestValidateVolumeMounts, TestValidateVolumes)
    ['recursiveReadOnly on a writable mount', mount({ recursiveReadOnly: 'Enabled' }), 'spec.containers[0].volumeMounts[0].recursiveReadOnly', 'TT0019'],
    ['recursiveReadOnly with HostToContainer propagation', mount({ readOnly: true, recursiveReadOnly: 'IfPossible', mountPropagation: 'HostToContainer' }),
      'spec.containers[0].volumeMounts[0].recursiveReadOnly', 'TT0019'],
    ['an unknown recursiveReadOnly', mount({ readOnly: true, recursiveReadOnly: 'Always' }), 'spec.containers[0].volumeMounts[0].recursiveReadOnly', 'TT0015'],
    ['a volume device of an emptyDir volume', pod({ volumes: [{ name: 'abc', emptyDir: {} }] }, { volumeDevices: [{ name: 'abc', devicePath: '/dev/xvda' }] }),
      'spec.containers[0].volumeDevices[0].name', 'TT0019'],
    ['a downward API label key that is no qualified name', volume({ downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: "metadata.labels['bad key']" } }] } }),
      'spec.volumes[0].downwardAPI.items[0].fieldRef.fieldPath', 'TT0019'],
    ['a downward API resource that does not exist', volume({ downwardAPI: { items: [{ path: 'l', resourceFieldRef: { containerName: 'c', resource: 'limits.gpu' } }] } }),
      'spec.volumes[0].downwardAPI.items[0].resourceFieldRef.resource', 'TT0015'],
    ['a CSI driver name that is no DNS subdomain', volume({ csi: { driver: 'Bad_Driver' } }), 'spec.volumes[0].csi.driver', 'TT0019'],
    ['a relative NFS path', volume({ nfs: { server: 'nfs', path: 'exports' } }), 'spec.volumes[0].nfs.path', 'TT0019'],
    ['a gitRepo without repository', volume({ gitRepo: { repository: '' } }), 'spec.volumes[0].gitRepo.repository', 'TT0017'],
    ['an ephemeral claim without a storage request', volume({ ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } }),
      'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage', 'TT0017'],
    // lifecycle and probes (validateSleepAction, validateLivenessProbe)
    ['a preStop sleep beyond the default grace period of 30 seconds', pod({}, { lifecycle: { preStop: { sleep: { seconds: 60 } } } }),
      'spec.containers[0].lifecycle.preStop.sleep.seconds', 'TT0019'],
    ['a negative sleep', pod({}, { lifecycle: { preStop: { sleep: { seconds: -1 } } } }), 'spec.containers[0].lifecycle.preStop.sleep.seconds', 'TT0019'],
    // resources (validateResourceRequirements)
    ['an extended resource named requests.<domain>/<name>', res({ 'requests.example.com/a': '2' }, { 'requests.example.com/a': '2' }),
      'spec.containers[0].resources.limits["requests.example.com/a"]', 'TT0019'],
    ['huge pages without cpu or memory', res({ 'hugepages-2Mi': '1Gi' }, { 'hugepages-2Mi': '1Gi' }), 'spec.containers[0].resources', 'TT0017'],
    ['huge pages that are no whole number of pages', res({ cpu: '1', 'hugepages-2Mi': '3Mi' }, { cpu: '1', 'hugepages-2Mi': '3Mi' }),
      'spec.containers[0].resources.limits["hugepages-2Mi"]', 'TT0019'],
    ['a resize policy for another resource than cpu and memory', pod({}, { resizePolicy: [{ resourceName: 'gpu', restartPolicy: 'NotRequired' }] }),
      'spec.containers[0].resizePolicy[0].resourceName', 'TT0015'],
    ['a container restart on resize in a pod that never restarts', pod({ restartPolicy: 'Never' }, { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }] }),
      'spec.containers[0].resizePolicy[0].restartPolicy', 'TT0019'],
    // pod spec (ValidatePodSpec, validatePodDNSConfig, ValidateHostAliases, validateHostUsers, validateOS)
    ['a DNS option without a name', pod({ dnsConfig: { options: [{ value: '2' }] } }), 'spec.dnsConfig.options[0].name', 'TT0017'],
    ['DNS search domains of more than 2048 characters', pod({ dnsConfig: { searches: Array.from({ length: 30 }, (_, i) => `${'a'.repeat(60)}.${i}.example.com`) } }),
      'spec.dnsConfig.searches', 'TT0019'],
    ['a host alias hostname that is no DNS subdomain', pod({ hostAliases: [{ ip: '10.0.0.1', hostnames: ['Bad_Host'] }] }), 'spec.hostAliases[0].hostnames[0]', 'TT0019'],
    ['a readiness gate that is no qualified name', pod({ readinessGates: [{ conditionType: 'bad condition' }] }), 'spec.readinessGates[0].conditionType', 'TT0019'],
    ['a scheduling gate that is no qualified name', pod({ schedulingGates: [{ name: 'bad gate' }] }), 'spec.schedulingGates[0].name', 'TT0019'],
    ['an empty runtimeClassName', pod({ runtimeClassName: '' }), 'spec.runtimeClassName', 'TT0019'],
    ['shareProcessNamespace beside hostPID', pod({ shareProcessNamespace: true, hostPID: true }), 'spec.shareProcessNamespace', 'TT0019'],
    ['the host network in its own user namespace', pod({ hostUsers: false, hostNetwork: true }), 'spec.hostNetwork', 'TT0019'],
    ['a sysctl name that is no sysctl', pod({ securityContext: { sysctls: [{ name: 'Bad Name', value: '1' }] } }), 'spec.securityContext.sysctls[0].name', 'TT0019'],
    ['a sysctl set twice', pod({ securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.core.somaxconn', value: '2' }] } }),
      'spec.securityContext.sysctls[1].name', 'TT0019'],
    ['an unknown supplementalGroupsPolicy', pod({ securityContext: { supplementalGroupsPolicy: 'Bad' } }), 'spec.securityContext.supplementalGroupsPolicy', 'TT0015'],
    ['a Localhost AppArmor profile without a name', pod({ securityContext: { appArmorProfile: { type: 'Localhost' } } }), 'spec.securityContext.appArmorProfile.localhostProfile', 'TT0017'],
    ['an AppArmor profile padded with whitespace', pod({}, { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'foo-bar ' } } }),
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile', 'TT0019'],
    // ValidateAppArmorProfileField: white space alone is padding, not a missing profile
    ['an AppArmor profile of white space alone', pod({}, { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: '   ' } } }),
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile', 'TT0019'],
    ['an empty AppArmor localhost profile', pod({}, { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: '' } } }),
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile', 'TT0017'],
    ['an unknown os', pod({ os: { name: 'plan9' } }), 'spec.os.name', 'TT0015'],
    ['a seccomp profile in a Windows pod', pod({ os: { name: 'windows' }, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      'spec.securityContext.seccompProfile', 'TT0019'],
    // affinity and topology spread (validateAffinity, validateTopologySpreadConstraints)
    ['no node selector terms', pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }),
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', 'TT0017'],
    ['In without values', nodeRequirement({ key: 'zone', operator: 'In' }),
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values', 'TT0017'],
    ['Gt with two values', nodeRequirement({ key: 'cores', operator: 'Gt', values: ['1', '2'] }),
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values', 'TT0019'],
    ['an unknown node selector operator', nodeRequirement({ key: 'zone', operator: 'Equals', values: ['a'] }),
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator', 'TT0015'],
    ['a required node affinity value that is no label value', nodeRequirement({ key: 'zone', operator: 'In', values: ['-1'] }),
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]', 'TT0013'],
    ['an empty anti-affinity topologyKey', antiAffinity({ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: '' }),
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey', 'TT0017'],
    ['an anti-affinity selector without values for In', antiAffinity({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, topologyKey: 'kubernetes.io/hostname' }),
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values', 'TT0017'],
    ['minDomains with ScheduleAnyway', spread([{ ...zone, whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }]), 'spec.topologySpreadConstraints[0].minDomains', 'TT0019'],
    ['an unknown nodeAffinityPolicy', spread([{ ...zone, nodeAffinityPolicy: 'Bad' }]), 'spec.topologySpreadConstraints[0].nodeAffinityPolicy', 'TT0015'],
    ['matchLabelKeys without a labelSelector', spread([{ ...zone, matchLabelKeys: ['pod-template-hash'] }]), 'spec.topologySpreadConstraints[0].matchLabelKeys', 'TT0019'],
    ['a spread selector value that is no label value', spread([{ ...zone, labelSelector: { matchLabels: { app: '-web' } } }]),
      'spec.topologySpreadConstraints[0].labelSelector.matchLabels.app', 'TT0013'],
    // pod annotations (ValidatePodSpecificAnnotations)
    ['a pod deletion cost with a leading zero', pod({}, {}, { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '008' } }),
      'metadata.annotations["controller.kubernetes.io/pod-deletion-cost"]', 'TT0019'],
    ['an AppArmor annotation for no container of the template', template({ 'container.apparmor.security.beta.kubernetes.io/nginx': 'runtime/default' }),
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/nginx"]', 'TT0019'],
    ['a seccomp annotation that names no profile', pod({}, {}, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'default' } }),
      'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]', 'TT0019'],
    // ConfigMap, Secret, Namespace and finalizers (ValidateSecret, ValidateNamespace, ValidateObjectMeta)
    ['a dockerconfigjson Secret that is no JSON', secret('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('not json') }), 'data[".dockerconfigjson"]', 'TT0019'],
    ['a dockercfg Secret holding a JSON array', secret('kubernetes.io/dockercfg', { '.dockercfg': b64('[1]') }), 'data[".dockercfg"]', 'TT0019'],
    ['an ssh-auth Secret with an empty key', secret('kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }), 'data["ssh-privatekey"]', 'TT0017'],
    ['a Namespace finalizer without a domain that Kubernetes does not define', obj('v1', 'Namespace', 'n', { spec: { finalizers: ['cleanup'] } }, undefined),
      'spec.finalizers[0]', 'TT0019'],
    ['a ConfigMap finalizer without a domain', obj('v1', 'ConfigMap', 'c', { metadata: { finalizers: ['my-finalizer'] } }), 'metadata.finalizers[0]', 'TT0019'],
    ['the orphan and foregroundDeletion finalizers together', obj('v1', 'ConfigMap', 'c', { metadata: { finalizers: ['orphan', 'foregroundDeletion'] } }),
      'metadata.finalizers', 'TT0019'],
    // apps (ValidateStatefulSetSpec)
    ['a negative StatefulSet ordinals start', sts({ ordinals: { start: -1 } }), 'spec.ordinals.start', 'TT0019'],
    ['a StatefulSet serviceName that is no DNS label (1.33: it becomes the pods\' subdomain)', sts({ serviceName: 'db.headless' }), 'spec.serviceName', 'TT0019'],
    ['a StatefulSet AppArmor annotation for no container', sts({
      template: { metadata: { labels: { app: 'db' }, annotations: { 'container.apparmor.security.beta.kubernetes.io/x': 'runtime/default' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    }), 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/x"]', 'TT0019'],
    // validateSysctls with ValidateHostSysctl: no sysctl of a namespace the pod shares with the host
    ['a net sysctl on the host network', pod({ hostNetwork: true, securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] } }),
      'spec.securityContext.sysctls[0].name', 'TT0019'],
    ['a net sysctl written with slashes on the host network', pod({ hostNetwork: true, securityContext: { sysctls: [{ name: 'net/core/somaxconn', value: '1024' }] } }),
      'spec.securityContext.sysctls[0].name', 'TT0019'],
    ['an IPC sysctl (kernel.sem) with the host IPC namespace', pod({ hostIPC: true, securityContext: { sysctls: [{ name: 'kernel.sem', value: '250 32000 32 128' }] } }),
      'spec.securityContext.sysctls[0].name', 'TT0019'],
    ['an IPC sysctl (fs.mqueue.*) with the host IPC namespace', pod({ hostIPC: true, securityContext: { sysctls: [{ name: 'fs.mqueue.msg_max', value: '20' }] } }),
      'spec.securityContext.sysctls[0].name', 'TT0019'],
    // *string fields: "" is a value, not an allowed one
    ['an empty fsGroupChangePolicy', pod({ securityContext: { fsGroupChangePolicy: '' } }), 'spec.securityContext.fsGroupChangePolicy', 'TT0015'],
    ['an empty supplementalGroupsPolicy', pod({ securityContext: { supplementalGroupsPolicy: '' } }), 'spec.securityContext.supplementalGroupsPolicy', 'TT0015'],
    ['an empty procMount', pod({}, { securityContext: { procMount: '' } }), 'spec.containers[0].securityContext.procMount', 'TT0015'],
    ['an empty mountPropagation', mount({ mountPropagation: '' }), 'spec.containers[0].volumeMounts[0].mountPropagation', 'TT0015'],
    ['an empty recursiveReadOnly', mount({ recursiveReadOnly: '' }), 'spec.containers[0].volumeMounts[0].recursiveReadOnly', 'TT0015'],
    ['an empty nodeAffinityPolicy', spread([{ ...zone, nodeAffinityPolicy: '' }]), 'spec.topologySpreadConstraints[0].nodeAffinityPolicy', 'TT0015'],
    ['an empty init container restartPolicy', pod({ initContainers: [{ name: 'init', image: 'i', restartPolicy: '' }] }), 'spec.initContainers[0].restartPolicy', 'TT0015'],
    // ValidateEventCreate: legacyValidateEvent, and the strict checks of events.k8s.io/v1
    ['a v1 Event in another namespace than its involved object', obj('v1', 'Event', 'e.1', { metadata: { namespace: 'blue' }, involvedObject: { kind: 'Pod', name: 'p' } }),
      'involvedObject.namespace', 'TT0019'],
    ['a v1 Event with an eventTime and no reporting component', obj('v1', 'Event', 'e.1', {
      eventTime: '2024-01-01T00:00:00.000000Z', involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reportingInstance: 'i', action: 'a', reason: 'r',
    }), 'reportingComponent', 'TT0017'],
    ['an events.k8s.io/v1 Event of an unknown type', events({ type: 'Bogus' }), 'type', 'TT0015'],
    ['an events.k8s.io/v1 Event with a deprecated count', events({ deprecatedCount: 3 }), 'deprecatedCount', 'TT0019'],
    ['an events.k8s.io/v1 Event series of one', events({ series: { count: 1, lastObservedTime: '2024-01-01T00:00:00.000000Z' } }), 'series.count', 'TT0019'],
    ['an empty preemptionPolicy', pod({ preemptionPolicy: '' }), 'spec.preemptionPolicy', 'TT0017'],
    // SELinuxMount is off in 1.33: a create allows only the Recursive change policy
    ['the MountOption SELinux change policy', pod({ securityContext: { seLinuxChangePolicy: 'MountOption' } }), 'spec.securityContext.seLinuxChangePolicy', 'TT0015'],
    // the v1 conversion reads the deprecated serviceAccount into serviceAccountName
    ['a deprecated serviceAccount that is no DNS subdomain', pod({ serviceAccount: 'My_Account' }), 'spec.serviceAccountName', 'TT0019'],
    // validateCSIVolumeSource
    ['a CSI volume whose secret reference has no name', volume({ csi: { driver: 'secrets-store.csi.k8s.io', nodePublishSecretRef: {} } }),
      'spec.volumes[0].csi.nodePublishSecretRef.name', 'TT0017'],
    ['a CSI volume whose secret reference names no valid Secret', volume({ csi: { driver: 'secrets-store.csi.k8s.io', nodePublishSecretRef: { name: 'Store_Creds' } } }),
      'spec.volumes[0].csi.nodePublishSecretRef.name', 'TT0019'],
    // validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate
    ['a pod seccomp annotation that says another type than the field',
      pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } }, {}, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' } }),
      'spec.securityContext.seccompProfile.type', 'TT0019'],
    ['a container seccomp annotation with another localhost profile than the field',
      pod({}, { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'a.json' } } },
        { annotations: { 'container.seccomp.security.alpha.kubernetes.io/c': 'localhost/b.json' } }),
      'spec.containers[0].securityContext.seccompProfile.localhostProfile', 'TT0019'],
    ['a template AppArmor annotation that says another type than the container field', profiled(
      { 'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default' }, {}, { appArmorProfile: { type: 'Unconfined' } }),
    'spec.template.spec.containers[0].securityContext.appArmorProfile.type', 'TT0019'],
    ['an AppArmor annotation that says another type than the pod field the container inherits', profiled(
      { 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/p' }, { appArmorProfile: { type: 'RuntimeDefault' } }, {}),
    'spec.template.spec.containers[0].securityContext.appArmorProfile.type', 'TT0019'],
    ['an IPC sysctl (kernel.msgmax) with the host IPC namespace', pod({ hostIPC: true, securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '8192' }] } }),
      'spec.securityContext.sysctls[0].name', 'TT0019'],
    // NEL is white space to Go: the skew cannot read this annotation, which then contradicts the pod field
    ['a bare Pod AppArmor annotation whose profile ends with NEL', pod(
      { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }, {}, { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/foo\u0085' } }),
    'spec.containers[0].securityContext.appArmorProfile.type', 'TT0019'],
    ['a bare Pod AppArmor annotation naming no profile, beside a pod field of another type', pod(
      { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }, {}, { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/' } }),
    'spec.containers[0].securityContext.appArmorProfile.type', 'TT0019'],
    // validateWindowsHostProcessPod
    ['a hostProcess pod without the host network', pod({ securityContext: { windowsOptions: { hostProcess: true } } }), 'spec.hostNetwork', 'TT0019'],
    ['a hostProcess container beside one that is not', pod({ hostNetwork: true, initContainers: [{ name: 'init', image: 'i' }] },
      { securityContext: { windowsOptions: { hostProcess: true } } }), 'spec', 'TT0019'],
    ['a container hostProcess other than the pod\'s', pod({ hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true } } },
      { securityContext: { windowsOptions: { hostProcess: false } } }), 'spec.containers[0].securityContext.windowsOptions.hostProcess', 'TT0019'],
    // validateOverhead: a pod template's overhead, checked as a container's limits
    ['an overhead resource containers do not have', profiled({}, {}, {}, { overhead: { foo: '1' } }), 'spec.template.spec.overhead.foo', 'TT0015'],
    ['a negative overhead', profiled({}, {}, {}, { overhead: { cpu: '-250m' } }), 'spec.template.spec.overhead.cpu', 'TT0019'],
    // AccumulateUniqueHostPorts after SetDefaults_Pod: on the host's network, two containers' ports defaulted to one hostPort
    ['two containers of a Pod on the host network with one containerPort', pod({
      hostNetwork: true, containers: ['a', 'b'].map((name) => ({ name, image: 'i', ports: [{ containerPort: 9090 }] })),
    }), 'spec.containers[1].ports[0].hostPort', 'TT0014'],
    // ValidatePodCreate
    ['a Pod that names its node while it has scheduling gates', pod({ nodeName: 'node-1', schedulingGates: [{ name: 'example.com/wait' }] }), 'spec.nodeName', 'TT0019'],
  ])('refuses %s', (_name, object, field, code) => {
    expect(refusals(object)).toContainEqual(expect.objectContaining({ field, code, severity: 'error' }));
  });

  test("a StatefulSet's serviceName is checked as a DNS label from 1.33 on, and may be left out", () => {
    const withName = (serviceName?: string) => sts(serviceName === undefined ? { serviceName: undefined } : { serviceName });
    expect(refusals(withName('db-headless'))).toEqual([]);
    expect(refusals(withName())).toEqual([]);
    const on127 = validateObjects([{ object: withName('db.headless') as never, file: 'a.yaml' }], { kubernetesVersion: '1.27' });
    expect(on127.filter((f) => f.field === 'spec.serviceName')).toEqual([]);
  });

  test("a Windows pod's AppArmor field is refused for itself, and not compared with the annotation", () => {
    const windows = profiled({ 'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default' }, { appArmorProfile: { type: 'Unconfined' } }, {}, { os: { name: 'windows' } });
    expect(refusals(windows).map((f) => `${f.field}: ${f.message}`)).toEqual(['spec.template.spec.securityContext.appArmorProfile: appArmorProfile may not be set for a windows pod']);
  });

  test('says what is wrong, in the project\'s words', () => {
    const messages = (object: unknown) => refusals(object).map((f) => f.message);
    expect(messages(svc({ externalIPs: ['127.0.0.1'] }))).toEqual(['an external IP may not be a loopback address (127.0.0.0/8), got "127.0.0.1"']);
    expect(messages(env({ name: '=abc', value: 'x' }))).toEqual([
      'environment variable name must be an environment variable name (printable ASCII characters other than \'=\'), got "=abc"',
    ]);
    expect(messages(pod({}, { lifecycle: { preStop: { sleep: { seconds: 60 } } } }))).toEqual([
      'sleep seconds must be between 0 and the pod\'s terminationGracePeriodSeconds 30, got 60',
    ]);
    expect(messages(svc({ clusterIP: '10.0.0.1', ipFamilies: ['IPv6'] }))).toEqual(['clusterIPs[0] must be an IPv6 address, as ipFamilies[0] says, got "10.0.0.1"']);
  });
});
