// TT0022 (overlapping workload selectors), IST0144 (the proxy's UID 1337 for an app) and TT0023 (pod templates against
// their namespace's Pod Security level).
import { buildApp, ENVIRONMENTS, TUTORIAL_PROJECT } from '../src/project';
import { synthesize } from '../src/synth/synthesize';
import { validateObjects } from '../src/validate';

const source = (object: any, file = 'x.yaml') => ({ object, file });
const namespace = (name: string, labels: Record<string, string>) => source({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const deployment = (name: string, selector: Record<string, string>, podLabels: Record<string, string>, podSpec: any = {}) =>
  source({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { matchLabels: selector }, template: { metadata: { labels: podLabels }, spec: { containers: [{ name: 'app', image: 'app:1' }], ...podSpec } } },
  });
const HARDENED = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', image: 'app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
};
const withCode = (code: string, findings: ReturnType<typeof validateObjects>) => findings.filter((f) => f.code === code);

describe('TT0022 overlapping workload selectors', () => {
  test("fails when the operator's Deployment would claim the canary's pods (the layout the canary had before)", () => {
    const app = source({ apiVersion: 'appsody.dev/v1beta1', kind: 'AppsodyApplication', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: {} });
    const canary = deployment('web-v2', { 'app.kubernetes.io/instance': 'web', version: 'v2' }, { app: 'web', version: 'v2', 'app.kubernetes.io/instance': 'web' });
    const findings = withCode('TT0022', validateObjects([app, canary]));
    expect(findings.map((f) => `${f.kind}/${f.name} ${f.field}`)).toEqual(['AppsodyApplication/web metadata.name']);
    expect(findings[0].message).toMatch(/^the selector app.kubernetes.io\/instance=web also selects the pods of Deployment shop\/web-v2/);
  });

  test('fails when a selector without the version selects every version', () => {
    const v1 = deployment('web', { app: 'web' }, { app: 'web', version: 'v1' });
    const v2 = deployment('web-v2', { app: 'web', version: 'v2' }, { app: 'web', version: 'v2' });
    expect(withCode('TT0022', validateObjects([v1, v2])).map((f) => f.name)).toEqual(['web']);
  });

  test('passes when every workload selects by an instance of its own', () => {
    const v1 = deployment('web', { 'app.kubernetes.io/instance': 'web' }, { app: 'web', 'app.kubernetes.io/instance': 'web' });
    const v2 = deployment('web-v2', { 'app.kubernetes.io/instance': 'web-v2' }, { app: 'web', 'app.kubernetes.io/instance': 'web-v2' });
    expect(withCode('TT0022', validateObjects([v1, v2]))).toEqual([]);
  });

  test('passes for one workload written in two files (alternatives, applied one at a time), as velero\'s examples are', () => {
    const base = deployment('web', { app: 'web' }, { app: 'web' });
    const withVolume = { ...base, file: 'with-pv.yaml' };
    expect(withCode('TT0022', validateObjects([base, withVolume]))).toEqual([]);
  });

  test('passes for the same labels in two namespaces', () => {
    const a = deployment('web', { app: 'web' }, { app: 'web' });
    const b = { ...a, object: { ...a.object, metadata: { name: 'web', namespace: 'other' } } };
    expect(withCode('TT0022', validateObjects([a, b]))).toEqual([]);
  });
});

describe('IST0144 InvalidApplicationUID', () => {
  const pod = (name: string, spec: any, labels: Record<string, string> = {}) =>
    source({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels }, spec });
  const asProxy = { runAsUser: 1337 };
  const uids = (...objects: ReturnType<typeof source>[]) =>
    withCode('IST0144', validateObjects(objects)).map((f) => `${f.kind}/${f.name} ${f.field} ${f.severity}: ${f.message}`);

  test("a Pod or Deployment run as the proxy's user, by the pod or by an app container: once per object, naming each place", () => {
    expect(
      uids(
        pod('by-pod', { securityContext: asProxy, containers: [{ name: 'app', image: 'app:1' }] }),
        deployment('by-container', { app: 'a' }, { app: 'a' }, { containers: [{ name: 'app', image: 'app:1' }, { name: 'side', image: 's:1', securityContext: asProxy }] }),
        deployment('by-both', { app: 'b' }, { app: 'b' }, { securityContext: asProxy, containers: [{ name: 'app', image: 'app:1', securityContext: asProxy }] }),
      ),
    ).toEqual([
      'Deployment/by-both metadata.name warning: User ID (UID) 1337 is reserved for the sidecar proxy (set at spec.template.spec.securityContext.runAsUser, ' +
        'spec.template.spec.containers[0].securityContext.runAsUser); run the app as another user',
      'Deployment/by-container metadata.name warning: User ID (UID) 1337 is reserved for the sidecar proxy (set at spec.template.spec.containers[1].securityContext.runAsUser); ' +
        'run the app as another user',
      'Pod/by-pod metadata.name warning: User ID (UID) 1337 is reserved for the sidecar proxy (set at spec.securityContext.runAsUser); run the app as another user',
    ]);
  });

  test("passes over what istioctl passes over: the proxy's and the operator's containers, init containers, Istio's own objects, other kinds, kube-system", () => {
    const own = { containers: [{ name: 'istio-proxy', image: 'auto', securityContext: asProxy }, { name: 'istio-operator', image: 'o:1', securityContext: asProxy }] };
    const init = { initContainers: [{ name: 'setup', image: 's:1', securityContext: asProxy }], containers: [{ name: 'app', image: 'app:1' }] };
    const statefulSet = source({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: { metadata: { labels: { app: 'db' } }, spec: { securityContext: asProxy, containers: [] } } },
    });
    expect(
      uids(
        pod('own', own),
        pod('init', init),
        pod('istiod', { securityContext: asProxy, containers: [] }, { istio: 'pilot' }),
        pod('release', { securityContext: asProxy, containers: [] }, { release: 'istio' }),
        pod('quoted', { securityContext: { runAsUser: '1337' }, containers: [] }),
        pod('other', { securityContext: { runAsUser: 1338 }, containers: [{ name: 'app', image: 'app:1', securityContext: { runAsUser: 0 } }] }),
        statefulSet,
        // istioctl's file reader drops the namespaces it ignores
        source({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'system', namespace: 'kube-system' }, spec: { securityContext: asProxy, containers: [] } }),
      ),
    ).toEqual([]);
  });
});

describe('TT0023 Pod Security', () => {
  const istio = (cni: boolean) =>
    source({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'i', namespace: 'istio-system' }, spec: { profile: 'demo', components: { cni: { enabled: cni } } } });

  test('fails when an injected pod needs istio-init (no CNI node agent) in a baseline namespace', () => {
    const findings = withCode('TT0023', validateObjects([namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'baseline' }),
      deployment('web', { app: 'web' }, { app: 'web' }), istio(false)]));
    expect(findings.map((f) => f.message)).toEqual([
      'is admitted, but each of its pods is refused when it is created: they violate the baseline Pod Security Standard its namespace enforces ' +
        '(pod-security.kubernetes.io/enforce): capabilities NET_ADMIN, NET_RAW are beyond the baseline set',
    ]);
    expect(findings[0].field).toMatch(/istio-init/);
  });

  test('passes over a workload of an apiVersion the version does not serve: it is refused before admission (TT0027)', () => {
    const ns = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    const old = source({
      apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'old', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'old' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'i' }] } } },
    });
    const findings = validateObjects([ns, old]);
    expect(withCode('TT0023', findings)).toEqual([]);
    expect(withCode('TT0027', findings)).toHaveLength(1);
  });

  test('a bare Pod is itself refused', () => {
    const ns = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    const pod = source({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'i' }] } });
    expect(withCode('TT0023', validateObjects([ns, pod])).map((f) => f.message)).toEqual([
      'violates the baseline Pod Security Standard its namespace enforces (pod-security.kubernetes.io/enforce): hostNetwork must be unset or false',
    ]);
  });

  test('passes the same with the CNI node agent, or a pod that opts out of injection', () => {
    const ns = namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(withCode('TT0023', validateObjects([ns, deployment('web', { app: 'web' }, { app: 'web' }), istio(true)]))).toEqual([]);
    const optOut = deployment('web', { app: 'web' }, { app: 'web', 'sidecar.istio.io/inject': 'false' });
    expect(withCode('TT0023', validateObjects([ns, optOut, istio(false)]))).toEqual([]);
    // nor a pod on the host's network, which the injector passes over (its hostNetwork is the only reason given)
    const onHost = deployment('web', { app: 'web' }, { app: 'web' }, { hostNetwork: true });
    expect(withCode('TT0023', validateObjects([ns, onHost, istio(false)])).map((f) => f.field)).toEqual(['spec.template.spec.hostNetwork']);
  });

  test('sees the containers injection adds: istio-proxy and istio-validation set no seccomp profile unless the install gives one', () => {
    const ns = namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted' });
    // hardened per container, as the Runtime Component Operator does, with no profile on the pod
    const perContainer = {
      securityContext: { runAsNonRoot: true },
      containers: [{
        name: 'app', image: 'app:1',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      }],
    };
    const sail = (values: any = {}) => source({ apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: { namespace: 'istio-system', values } });
    const cni = source({ apiVersion: 'sailoperator.io/v1', kind: 'IstioCNI', metadata: { name: 'default' }, spec: { namespace: 'istio-cni' } });
    const fields = (...objects: ReturnType<typeof source>[]) => withCode('TT0023', validateObjects(objects)).map((f) => f.field);
    const withCni = { pilot: { cni: { enabled: true } } };
    expect(fields(ns, deployment('web', { app: 'web' }, { app: 'web' }, perContainer), sail(withCni), cni)).toEqual([
      'the istio-proxy container injection adds.securityContext.seccompProfile.type',
      'the istio-validation container injection adds with Istio\'s CNI node agent.securityContext.seccompProfile.type',
    ]);
    // the IstioCNI resource alone does not tell the injector (DependsOnIstioCNI: off OpenShift, pilot.cni.enabled must)
    expect(fields(ns, deployment('web', { app: 'web' }, { app: 'web' }, HARDENED), sail(), cni)).toEqual([
      'the istio-init container injection adds without Istio\'s CNI node agent.securityContext.capabilities.add',
      'the istio-init container injection adds without Istio\'s CNI node agent.securityContext.runAsNonRoot',
      'the istio-init container injection adds without Istio\'s CNI node agent.securityContext.runAsUser',
    ]);
    // an empty profile is none to the template
    expect(fields(ns, deployment('web', { app: 'web' }, { app: 'web' }, perContainer), sail({ ...withCni, global: { proxy: { seccompProfile: {} } } }), cni)).toHaveLength(2);
    const withProfile = sail({ ...withCni, global: { proxy: { seccompProfile: { type: 'RuntimeDefault' } } } });
    expect(fields(ns, deployment('web', { app: 'web' }, { app: 'web' }, perContainer), withProfile, cni)).toEqual([]);
    expect(fields(ns, deployment('web', { app: 'web' }, { app: 'web' }, HARDENED), sail(withCni), cni)).toEqual([]);
    // without an install in the set, istio-proxy only: which init container comes is not known
    expect(fields(ns, deployment('web', { app: 'web' }, { app: 'web' }, perContainer))).toEqual(['the istio-proxy container injection adds.securityContext.seccompProfile.type']);
    // TPROXY interception runs the proxy as root with NET_ADMIN
    const tproxy = deployment('web', { app: 'web' }, { app: 'web' }, HARDENED);
    (tproxy.object.spec as any).template.metadata.annotations = { 'sidecar.istio.io/interceptionMode': 'TPROXY' };
    expect(fields(ns, tproxy, withProfile, cni)).toEqual([
      'the istio-proxy container injection adds.securityContext.capabilities.add',
      'the istio-proxy container injection adds.securityContext.runAsNonRoot',
      'the istio-proxy container injection adds.securityContext.runAsUser',
    ]);
    // a gateway injected with the gateway template gets no init container: baseline takes it without the CNI node agent
    const baseline = namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'baseline' });
    const gatewayPod = deployment('gw', { istio: 'gw' }, { istio: 'gw', 'sidecar.istio.io/inject': 'true' }, { containers: [{ name: 'istio-proxy', image: 'auto' }] });
    (gatewayPod.object.spec as any).template.metadata.annotations = { 'inject.istio.io/templates': 'gateway' };
    expect(fields(baseline, gatewayPod, istio(false))).toEqual([]);
  });

  test('injects as the template and webhooks do: interception NONE, privileged proxies, the pod\'s own istio-proxy, the webhooks\' selectors', () => {
    const baseline = namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'baseline' });
    const fields = (...objects: ReturnType<typeof source>[]) => withCode('TT0023', validateObjects(objects)).map((f) => f.field);
    const plainPod = (annotations: Record<string, string> = {}, labels: Record<string, string> = {}, containers: any[] = [{ name: 'app', image: 'app:1' }]) =>
      source({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', annotations, labels }, spec: { containers } });
    // without the CNI node agent istio-init refuses baseline, but not when interception is NONE (no init container)
    expect(fields(baseline, plainPod(), istio(false))).toHaveLength(1);
    expect(fields(baseline, plainPod({ 'sidecar.istio.io/interceptionMode': 'NONE' }), istio(false))).toEqual([]);
    expect(fields(baseline, plainPod({ 'proxy.istio.io/config': 'interceptionMode: NONE' }), istio(false))).toEqual([]);
    // values.global.proxy.privileged makes both containers privileged
    const privileged = source({
      apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'i', namespace: 'istio-system' },
      spec: { profile: 'demo', components: { cni: { enabled: true } }, values: { global: { proxy: { privileged: true } } } },
    });
    expect(fields(baseline, plainPod(), privileged)).toEqual([
      'the istio-proxy container injection adds.securityContext.privileged',
      'the istio-validation container injection adds with Istio\'s CNI node agent.securityContext.privileged',
    ]);
    // a container of the pod named istio-proxy is laid over the template's: its own settings win
    const own = plainPod({}, {}, [{ name: 'app', image: 'app:1' }, { name: 'istio-proxy', image: 'auto', securityContext: { privileged: true } }]);
    expect(fields(baseline, own, istio(true))).toEqual(['spec.containers[1].securityContext.privileged']);
    // the webhooks decide: a pod asking for injection in a namespace that turns it off is not injected
    const disabled = namespace('shop', { 'istio-injection': 'disabled', 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(fields(disabled, plainPod({}, { 'sidecar.istio.io/inject': 'true' }), istio(false))).toEqual([]);
    expect(fields(namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' }), plainPod({}, { 'istio.io/rev': 'default' }), istio(false))).toHaveLength(1);
    // the gateway template adds istio-proxy as 1337 only, which restricted refuses
    const restricted = namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted' });
    const gateway = plainPod({ 'inject.istio.io/templates': 'gateway' }, {}, [{ name: 'app', image: 'app:1', securityContext: HARDENED.containers[0].securityContext }]);
    (gateway.object.spec as any).securityContext = HARDENED.securityContext;
    expect(fields(restricted, gateway, istio(true))).toEqual([
      'the istio-proxy container the gateway template adds.securityContext.allowPrivilegeEscalation',
      'the istio-proxy container the gateway template adds.securityContext.capabilities.drop',
    ]);
    // a pod the injector refuses (TT0044) is never created: no Pod Security finding
    const refused = plainPod({ 'sidecar.istio.io/interceptionMode': 'redirect' });
    const findings = validateObjects([baseline, refused, istio(false)]);
    expect(findings.filter((f) => f.code === 'TT0023' || f.code === 'TT0028')).toEqual([]);
    expect(withCode('TT0044', findings)).toHaveLength(1);
  });

  test('fails on each restricted rule a plain pod breaks, and passes a hardened one', () => {
    const ns = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    const plain = withCode('TT0023', validateObjects([ns, deployment('web', { app: 'web' }, { app: 'web' })]));
    expect(plain.map((f) => f.field)).toEqual([
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'spec.template.spec.containers[0].securityContext.capabilities.drop',
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      'spec.template.spec.containers[0].securityContext.seccompProfile.type',
    ]);
    expect(withCode('TT0023', validateObjects([ns, deployment('web', { app: 'web' }, { app: 'web' }, HARDENED)]))).toEqual([]);
  });

  test('fails on a hostPath volume in a baseline namespace, and an AppsodyApplication in a restricted one', () => {
    const baseline = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    const host = deployment('web', { app: 'web' }, { app: 'web' }, { volumes: [{ name: 'h', hostPath: { path: '/' } }] });
    expect(withCode('TT0023', validateObjects([baseline, host])).map((f) => f.field)).toEqual(['spec.template.spec.volumes[0].hostPath']);
    const app = source({ apiVersion: 'appsody.dev/v1beta1', kind: 'AppsodyApplication', metadata: { name: 'web', namespace: 'shop' }, spec: { applicationImage: 'app' } });
    expect(withCode('TT0023', validateObjects([namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' }), app])).length).toBeGreaterThan(0);
    expect(withCode('TT0023', validateObjects([baseline, app]))).toEqual([]);
  });

  test('mirrors the checks of pod-security-admission v0.33.9 case by case', () => {
    const restricted = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    const baseline = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    const pod = (spec: any, annotations: Record<string, string> = {}) =>
      source({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', annotations }, spec });
    const fields = (...objects: ReturnType<typeof source>[]) => withCode('TT0023', validateObjects(objects)).map((f) => f.field);
    // a Windows pod passes the restricted checks of Linux-only fields (from 1.25), not runAsNonRoot
    const windows = { os: { name: 'windows' }, containers: [{ name: 'app', image: 'app:1' }] };
    expect(fields(restricted, pod(windows))).toEqual(['spec.containers[0].securityContext.runAsNonRoot']);
    expect(fields(restricted, pod({ ...windows, securityContext: { runAsNonRoot: true } }))).toEqual([]);
    // the TCP buffer sysctls are safe from 1.32
    const buffers = { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' }] }, containers: [{ name: 'app', image: 'app:1' }] };
    expect(fields(baseline, pod(buffers))).toEqual([]);
    const at131 = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.31' });
    expect(withCode('TT0023', validateObjects([at131, pod(buffers)])).map((f) => f.message)).toEqual([
      'violates the baseline Pod Security Standard its namespace enforces (pod-security.kubernetes.io/enforce, at v1.31): sysctl net.ipv4.tcp_rmem is not one of the safe set',
    ]);
    // image volumes are allowed at restricted; a hostPath volume is one finding there, the restricted volume check
    const volumes = (volume: any) => ({ ...HARDENED, volumes: [volume] });
    expect(fields(restricted, pod(volumes({ name: 'model', image: { reference: 'quay.io/x/model:1' } })))).toEqual([]);
    expect(fields(restricted, pod(volumes({ name: 'h', hostPath: { path: '/' } })))).toEqual(['spec.volumes[0]']);
    // a source written as null is none: the volume's emptyDir decides, or its default, an emptyDir
    expect(fields(restricted, pod({ ...volumes({ name: 'v', hostPath: null, emptyDir: {} }), volumes: [{ name: 'v', hostPath: null, emptyDir: {} }, { name: 'w', hostPath: null }] }))).toEqual([]);
    // ephemeral containers are visited too
    expect(fields(baseline, pod({ ...HARDENED, ephemeralContainers: [{ name: 'debug', image: 'busybox', securityContext: { privileged: true } }] }))).toContain(
      'spec.ephemeralContainers[0].securityContext.privileged',
    );
    // an empty AppArmor annotation is allowed; the pod's own appArmorProfile and runAsNonRoot are checked too
    const appArmor = 'container.apparmor.security.beta.kubernetes.io/app';
    expect(fields(baseline, pod(HARDENED, { [appArmor]: '' }))).toEqual([]);
    expect(fields(baseline, pod({ ...HARDENED, securityContext: { appArmorProfile: { type: 'Unconfined' } } }))).toEqual(['spec.securityContext.appArmorProfile.type']);
    const rootPod = { ...HARDENED, securityContext: { ...HARDENED.securityContext, runAsNonRoot: false } };
    rootPod.containers = [{ ...HARDENED.containers[0], securityContext: { ...HARDENED.containers[0].securityContext, runAsNonRoot: true } as any }];
    expect(fields(restricted, pod(rootPod))).toEqual(['spec.securityContext.runAsNonRoot']);
    // a pinned older version: capabilities from 1.22, runAsUser from 1.23
    const at121 = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.21' });
    const asRoot = { securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'app', image: 'app:1', securityContext: { allowPrivilegeEscalation: false } }] };
    expect(fields(at121, pod(asRoot))).toEqual([]);
    expect(fields(restricted, pod(asRoot))).toEqual(['spec.containers[0].securityContext.capabilities.drop', 'spec.securityContext.runAsUser']);
  });

  test('fails on a namespace whose Pod Security labels admission refuses at its create', () => {
    const invalid = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'Restricted', 'pod-security.kubernetes.io/warn-version': '1.33' });
    expect(withCode('TT0023', validateObjects([invalid])).map((f) => [f.kind, f.field, f.message])).toEqual([
      ['Namespace', 'metadata.labels["pod-security.kubernetes.io/enforce"]',
        'the Pod Security admission controller refuses the namespace: Invalid value: "Restricted": must be one of privileged, baseline, restricted'],
      ['Namespace', 'metadata.labels["pod-security.kubernetes.io/warn-version"]',
        'the Pod Security admission controller refuses the namespace: Invalid value: "1.33": must be "latest" or "v1.x"'],
    ]);
    // ParseVersion's Atoi refuses a minor beyond int64
    const overflow = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.99999999999999999999' });
    expect(withCode('TT0023', validateObjects([overflow])).map((f) => f.field)).toEqual(['metadata.labels["pod-security.kubernetes.io/enforce-version"]']);
    const valid = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest', 'pod-security.kubernetes.io/audit-version': 'v1.0' });
    expect(withCode('TT0023', validateObjects([valid]))).toEqual([]);
  });

  describe('the warning of the warn level (TT0028)', () => {
    const warnings = (objects: ReturnType<typeof source>[], options = {}) =>
      withCode('TT0028', validateObjects(objects, options)).map((f) => `${f.kind} ${f.field}: ${f.message}`);
    const pod = (spec: any) => source({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec });
    const RESTRICTED_DEFAULTS = 'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set ' +
      'securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set ' +
      'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

    test('warns of a workload as written in a namespace that warns at a stricter level than it enforces', () => {
      const ns = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' });
      const findings = validateObjects([ns, deployment('web', { app: 'web' }, { app: 'web' })]);
      expect(withCode('TT0023', findings)).toEqual([]);
      expect(warnings([ns, deployment('web', { app: 'web' }, { app: 'web' })])).toEqual([
        `Deployment spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: ${RESTRICTED_DEFAULTS}`,
      ]);
      expect(warnings([namespace('shop', { 'pod-security.kubernetes.io/warn': 'restricted' }), pod({ containers: [{ name: 'app', image: 'app:1' }] })])).toEqual([
        `Pod spec.containers[0].securityContext.allowPrivilegeEscalation: ${RESTRICTED_DEFAULTS}`,
      ]);
      expect(warnings([ns, deployment('web', { app: 'web' }, { app: 'web' }, HARDENED)])).toEqual([]);
    });

    test('takes the enforced level and version when the namespace has no warn level, and leaves refusals to TT0023', () => {
      const restricted = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' });
      // the pods a workload makes are refused: TT0023 says so, and no warning repeats it
      expect(warnings([restricted, deployment('web', { app: 'web' }, { app: 'web' })])).toEqual([]);
      // a refused Pod gets no warning
      expect(warnings([restricted, pod({ hostNetwork: true, containers: [{ name: 'app', image: 'app:1' }] })])).toEqual([]);
      // warn-version without a warn level: the enforced level at that version
      const buffers = { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' }] }, containers: [{ name: 'app', image: 'app:1' }] };
      const at131 = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn-version': 'v1.31' });
      expect(warnings([at131, pod(buffers)])).toEqual([
        'Pod spec.securityContext.sysctls[0].name: would violate PodSecurity "baseline:v1.31": forbidden sysctls (net.ipv4.tcp_rmem)',
      ]);
      expect(warnings([namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' }), pod(buffers)])).toEqual([]);
      // an explicit privileged warn level warns of nothing
      const quiet = namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'privileged' });
      expect(warnings([quiet, deployment('web', { app: 'web' }, { app: 'web' }, { hostNetwork: true })])).toEqual([]);
    });

    test("sees a bare Pod's AppArmor annotation and field as its create syncs them (applyAppArmorVersionSkew)", () => {
      const warned = namespace('shop', { 'pod-security.kubernetes.io/warn': 'baseline' });
      const expected = 'would violate PodSecurity "baseline:latest": forbidden AppArmor profiles (container "app" and annotation must not set AppArmor ' +
        'profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")';
      const annotated = source({
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: 'p', namespace: 'shop', annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
        spec: { containers: [{ name: 'app', image: 'app:1' }] },
      });
      expect(withCode('TT0028', validateObjects([warned, annotated])).map((f) => f.message)).toContain(expected);
      expect(warnings([warned, pod({ containers: [{ name: 'app', image: 'app:1', securityContext: { appArmorProfile: { type: 'Unconfined' } } }] })])).toEqual([
        `Pod spec.containers[0].securityContext.appArmorProfile.type: ${expected}`,
      ]);
    });

    test('sees a Pod as injected and a template as written; no warning with an error, nor for Kubernetes 1.27', () => {
      const ns = namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/warn': 'baseline' });
      expect(warnings([ns, pod({ containers: [{ name: 'app', image: 'app:1' }] }), istio(false)])).toEqual([
        'Pod the istio-init container injection adds without Istio\'s CNI node agent.securityContext.capabilities.add: would violate PodSecurity "baseline:latest": ' +
          'non-default capabilities (container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)',
      ]);
      expect(warnings([ns, deployment('web', { app: 'web' }, { app: 'web' }), istio(false)])).toEqual([]);
      const warned = namespace('shop', { 'pod-security.kubernetes.io/warn': 'baseline' });
      const onHost = pod({ hostNetwork: true, hostPID: true, containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 80, hostPort: 80 }] }] });
      expect(warnings([warned, onHost])).toEqual([
        'Pod spec.hostNetwork: would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), hostPort (container "app" uses hostPort 80)',
      ]);
      expect(warnings([warned, onHost], { kubernetesVersion: '1.27' })).toEqual([]);
      const broken = pod({ hostNetwork: true, containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 80, hostPort: 81 }] }] });
      expect(withCode('TT0028', validateObjects([warned, broken]))).toEqual([]);
      expect(validateObjects([warned, broken]).some((f) => f.severity === 'error')).toBe(true);
    });
  });

  test('every pod template in every environment meets the level its namespace is labelled with', () => {
    for (const environment of ENVIRONMENTS) {
      const result = synthesize(buildApp(TUTORIAL_PROJECT, environment));
      // istio-system keeps the cluster's default: the Sail file creates it for Istio, whose own pods need more than restricted
      const namespaces = result.manifests.flatMap((m) => m.objects).filter((o) => o.kind === 'Namespace' && o.metadata.name !== 'istio-system');
      expect(namespaces.every((n) => n.metadata.labels?.['pod-security.kubernetes.io/enforce'])).toBe(true);
      expect(result.findings.filter((f) => f.code === 'TT0023' || f.code === 'TT0022')).toEqual([]);
    }
  });
});
