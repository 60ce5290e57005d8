// TT0023: a Pod or pod template that does not meet the Pod Security Standard its namespace enforces (label
// pod-security.kubernetes.io/enforce), as the Pod Security admission controller of Kubernetes 1.33 checks it
// (pod-security-admission v0.33.9's policy checks, at the version `enforce-version` pins, else the latest: 1.33);
// and a Namespace whose Pod Security labels that controller refuses. Injection is checked too:
// admission sees the pod after Istio's webhook added its containers, and without Istio's CNI node agent that adds an
// istio-init container with NET_ADMIN and NET_RAW, which `baseline` already refuses.
import { POD_SECURITY_ENFORCE_LABEL, POD_SECURITY_LEVELS, PodSecurityLevel } from '../../../../constructs/pod-security';
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { unservedBuiltInKind } from '../../schemas';
import { podSpecs } from '../../mesh/workloads';
import { isIstioOperator, isSailIstio } from '../../mesh/install-workloads';

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

/** A container as admission sees it, with the JSON path it has in the object (or a note for an injected one). */
interface AdmittedContainer {
  readonly container: any;
  readonly field: string;
}

/** A pod as admission sees it. */
interface AdmittedPod {
  readonly source: SourcedObject;
  readonly spec: any;
  readonly annotations: Readonly<Record<string, string>>;
  readonly field: string;
  readonly containers: readonly AdmittedContainer[];
}

/** A namespace's enforced policy: the level, and the version of the standards it is checked at. */
interface EnforcedPolicy {
  readonly level: PodSecurityLevel;
  readonly version: StandardsVersion;
  /** The `enforce-version` label, when it pins a version older than the latest. */
  readonly pinned?: string;
}

const POD_SECURITY_LABELS = ['enforce', 'audit', 'warn'].flatMap((mode) => [`pod-security.kubernetes.io/${mode}`, `pod-security.kubernetes.io/${mode}-version`]);
const VERSION_LABEL = /^v1\.([0-9]|[1-9][0-9]*)$/;
const MAX_INT64 = 2n ** 63n - 1n;

/**
 * The Pod Security labels of a namespace that admission refuses at its create (PolicyToEvaluate, ValidateNamespace):
 * a level that is not privileged, baseline or restricted, a version that is not `latest` or `v1.<minor>`.
 */
function invalidLabels(labels: Readonly<Record<string, string>>): Problem[] {
  return POD_SECURITY_LABELS.filter((key) => labels[key] !== undefined).flatMap((key): Problem[] => {
    const value = labels[key];
    if (key.endsWith('-version')) {
      // ParseVersion's Atoi fails on a minor beyond int64 too
      const minor = VERSION_LABEL.exec(value)?.[1];
      const valid = value === 'latest' || (minor !== undefined && BigInt(minor) <= MAX_INT64);
      return valid ? [] : [[`metadata.labels["${key}"]`, `Invalid value: ${JSON.stringify(value)}: must be "latest" or "v1.x"`]];
    }
    return POD_SECURITY_LEVELS.includes(value as PodSecurityLevel)
      ? []
      : [[`metadata.labels["${key}"]`, `Invalid value: ${JSON.stringify(value)}: must be one of ${POD_SECURITY_LEVELS.join(', ')}`]];
  });
}

/** The policy a namespace's labels enforce (PolicyToEvaluate): none without the enforce label; `latest` unless pinned. */
function enforcedPolicy(labels: Readonly<Record<string, string>>): EnforcedPolicy | undefined {
  const level = labels[POD_SECURITY_ENFORCE_LABEL] as PodSecurityLevel | undefined;
  if (level === undefined || !POD_SECURITY_LEVELS.includes(level)) return undefined;
  const pinned = VERSION_LABEL.exec(labels[`${POD_SECURITY_ENFORCE_LABEL}-version`] ?? '');
  const minor = pinned ? Number(pinned[1]) : LATEST_VERSION;
  return minor < LATEST_VERSION ? { level, version: minor, pinned: pinned![0] } : { level, version: LATEST_VERSION };
}

/**
 * Every pod template that does not meet its namespace's enforced level, one finding per failed check; and every
 * Namespace whose Pod Security labels admission refuses (its pods are then not checked: the namespace is not there).
 */
export function checkPodSecurity(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const policies = new Map<string, EnforcedPolicy>();
  for (const [name, ns] of index.namespaces) {
    const labels = ns.object.metadata?.labels ?? {};
    const invalid = invalidLabels(labels);
    for (const [field, problem] of invalid) {
      findings.push(finding(MESSAGES.podSecurityViolation, ns, `the Pod Security admission controller refuses the namespace: ${problem}`, field));
    }
    const policy = invalid.length === 0 ? enforcedPolicy(labels) : undefined;
    if (policy) policies.set(name, policy);
  }
  if (policies.size === 0) return findings;
  const cni = cniOf(index.objects);
  for (const source of index.objects) {
    const policy = policies.get(source.object.metadata?.namespace ?? 'default');
    if (!policy || policy.level === 'privileged') continue;
    // a kind the version does not serve (an extensions/v1beta1 Deployment) is refused before admission: TT0027 says so
    if (unservedBuiltInKind(source.object.apiVersion, source.object.kind) !== undefined) continue;
    // admission refuses a Pod at its create; a controller it admits (with a warning at most: ValidatePodController
    // never enforces), and refuses each pod the controller then creates
    const what = source.object.kind === 'Pod'
      ? 'violates'
      : 'is admitted, but each of its pods is refused when it is created: they violate';
    const label = policy.pinned ? `${POD_SECURITY_ENFORCE_LABEL}, at ${policy.pinned}` : POD_SECURITY_ENFORCE_LABEL;
    const restricted = policy.level === 'restricted';
    for (const pod of admittedPods(source, index, cni)) {
      const problems = [...baselineProblems(pod, policy.version, restricted), ...(restricted ? restrictedProblems(pod, policy.version) : [])];
      for (const [field, problem] of problems) {
        findings.push(finding(MESSAGES.podSecurityViolation, source,
          `${what} the ${policy.level} Pod Security Standard its namespace enforces (${label}): ${problem}`, field));
      }
    }
  }
  return findings;
}

/** Whether the set's Istio install runs the CNI node agent; undefined when the set has no install. */
function cniOf(objects: readonly SourcedObject[]): boolean | undefined {
  let found: boolean | undefined;
  for (const { object } of objects) {
    const spec = object.spec as any;
    if (object.kind === 'IstioCNI' && object.apiVersion.startsWith('sailoperator.io/')) return true;
    if (isIstioOperator(object)) {
      const profile = spec?.profile ?? 'default';
      const enabled = spec?.components?.cni?.enabled;
      found = enabled ?? (profile === 'ambient' || profile === 'openshift' || profile === 'openshift-ambient');
      if (found) return true;
    }
    if (isSailIstio(object)) found ??= false;
  }
  return found;
}

/** The pods an object makes, as admission would see them: their templates, with what injection would add. */
function admittedPods(source: SourcedObject, index: MeshIndex, cni: boolean | undefined): AdmittedPod[] {
  const { object } = source;
  const pods: AdmittedPod[] = podSpecs(source).map((t) => ({
    source,
    spec: t.spec ?? {},
    annotations: { ...t.metadata?.annotations },
    field: t.field,
    containers: [
      ...((t.spec?.initContainers ?? []) as any[]).map((c, i) => ({ container: c, field: `${t.field}.initContainers[${i}]` })),
      ...((t.spec?.containers ?? []) as any[]).map((c, i) => ({ container: c, field: `${t.field}.containers[${i}]` })),
      // visitContainers visits ephemeral containers too (a create refuses them anyway: TT0019)
      ...((t.spec?.ephemeralContainers ?? []) as any[]).map((c, i) => ({ container: c, field: `${t.field}.ephemeralContainers[${i}]` })),
    ],
  }));
  // the Runtime Component Operator gives its container a restricted security context unless the resource sets one
  if (object.kind === 'RuntimeComponent') {
    const spec = object.spec as any;
    const securityContext = {
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' },
      ...spec?.securityContext,
    };
    pods.push({ source, spec: {}, annotations: {}, field: 'spec', containers: [{ container: { securityContext }, field: 'spec' }] });
  }
  // the Appsody operator sets no security context: its pods meet baseline only
  if (object.kind === 'AppsodyApplication') {
    pods.push({ source, spec: {}, annotations: {}, field: 'spec', containers: [{ container: { securityContext: (object.spec as any)?.securityContext }, field: 'spec' }] });
  }
  if (cni !== false) return pods;
  return pods.map((pod) => (injected(pod, source, index) ? { ...pod, containers: [...pod.containers, ISTIO_INIT] } : pod));
}

// what Istio's sidecar template adds without the CNI node agent (1.30): it rewrites iptables as root
const ISTIO_INIT: AdmittedContainer = {
  container: {
    name: 'istio-init',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, runAsNonRoot: false, runAsUser: 0 },
  },
  field: 'the istio-init container injection adds without Istio\'s CNI node agent',
};

function injected(pod: AdmittedPod, source: SourcedObject, index: MeshIndex): boolean {
  // the injector passes over a pod on the host's network (injectRequired)
  if (pod.spec.hostNetwork === true) return false;
  const labels = source.object.kind === 'Pod' ? source.object.metadata?.labels : (source.object.spec as any)?.template?.metadata?.labels;
  const podLabel = labels?.['sidecar.istio.io/inject'] ?? source.object.metadata?.labels?.['sidecar.istio.io/inject'];
  const annotation = pod.annotations['sidecar.istio.io/inject'] ?? source.object.metadata?.annotations?.['sidecar.istio.io/inject'];
  if (podLabel === 'false' || (podLabel === undefined && annotation === 'false')) return false;
  if (podLabel === 'true') return true;
  const ns = index.namespaces.get(source.object.metadata?.namespace ?? 'default')?.object.metadata?.labels ?? {};
  return ns['istio-injection'] === 'enabled' || ns['istio.io/rev'] !== undefined;
}

type Problem = readonly [field: string, message: string];

/** The standards' version an enforced level is checked at: the minor of `v1.<minor>`; newer than the latest is the latest. */
type StandardsVersion = number;
const LATEST_VERSION: StandardsVersion = 33;

const SAFE_SYSCTLS_SINCE: readonly (readonly [StandardsVersion, readonly string[]])[] = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
];

/** Whether `spec.os.name` says Windows: from 1.25 the restricted checks of Linux-only fields pass such pods. */
const isWindows = (pod: AdmittedPod) => pod.spec.os?.name === 'windows';

/**
 * The baseline checks (policy/check_*.go of pod-security-admission v0.33.9). At the restricted level, the restricted
 * checks that override baseline ones replace them: capabilities (from 1.22), seccomp (from 1.19), hostPath volumes.
 */
function baselineProblems(pod: AdmittedPod, version: StandardsVersion, restricted: boolean): Problem[] {
  const problems: Problem[] = [];
  const spec = pod.spec;
  const sc = spec.securityContext ?? {};
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[key] === true) problems.push([`${pod.field}.${key}`, `${key} must be unset or false`]);
  if (sc.windowsOptions?.hostProcess === true) problems.push([`${pod.field}.securityContext.windowsOptions.hostProcess`, 'host processes are not allowed']);
  const seccompOverridden = restricted && version >= 19;
  if (!seccompOverridden && version >= 19 && sc.seccompProfile && !validSeccomp(sc.seccompProfile.type)) {
    problems.push([`${pod.field}.securityContext.seccompProfile.type`, `seccomp must be RuntimeDefault or Localhost, not ${sc.seccompProfile.type}`]);
  }
  if (!seccompOverridden && version < 19) seccompAnnotationProblems(pod, problems);
  if (sc.appArmorProfile && !APPARMOR_TYPES.has(sc.appArmorProfile.type)) {
    problems.push([`${pod.field}.securityContext.appArmorProfile.type`, `AppArmor must be RuntimeDefault or Localhost, not ${sc.appArmorProfile.type}`]);
  }
  seLinuxProblems(sc.seLinuxOptions, `${pod.field}.securityContext.seLinuxOptions`, version, problems);
  const safe = new Set(SAFE_SYSCTLS_SINCE.filter(([since]) => version >= since).flatMap(([, names]) => names));
  (sc.sysctls ?? []).forEach((s: any, i: number) => {
    if (!safe.has(s?.name)) problems.push([`${pod.field}.securityContext.sysctls[${i}].name`, `sysctl ${s?.name} is not one of the safe set`]);
  });
  if (!restricted) {
    (spec.volumes ?? []).forEach((v: any, i: number) => {
      if (v?.hostPath) problems.push([`${pod.field}.volumes[${i}].hostPath`, `hostPath volumes are not allowed (volume ${v.name})`]);
    });
  }
  for (const [key, value] of Object.entries(pod.annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== '' && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      problems.push([`metadata.annotations["${key}"]`, `AppArmor profile ${value} is not allowed (runtime/default or localhost/*)`]);
    }
  }
  const capabilitiesOverridden = restricted && version >= 22;
  for (const { container: c, field } of pod.containers) {
    const csc = c?.securityContext ?? {};
    if (csc.privileged === true) problems.push([`${field}.securityContext.privileged`, 'privileged containers are not allowed']);
    if (csc.windowsOptions?.hostProcess === true) problems.push([`${field}.securityContext.windowsOptions.hostProcess`, 'host processes are not allowed']);
    const added = (csc.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap));
    if (!capabilitiesOverridden && added.length > 0) problems.push([`${field}.securityContext.capabilities.add`, `capabilities ${added.join(', ')} are beyond the baseline set`]);
    if (csc.procMount !== undefined && csc.procMount !== null && csc.procMount !== 'Default') problems.push([`${field}.securityContext.procMount`, 'procMount must be Default']);
    if (!seccompOverridden && version >= 19 && csc.seccompProfile && !validSeccomp(csc.seccompProfile.type)) {
      problems.push([`${field}.securityContext.seccompProfile.type`, `seccomp must be RuntimeDefault or Localhost, not ${csc.seccompProfile.type}`]);
    }
    if (csc.appArmorProfile && !APPARMOR_TYPES.has(csc.appArmorProfile.type)) {
      problems.push([`${field}.securityContext.appArmorProfile.type`, `AppArmor must be RuntimeDefault or Localhost, not ${csc.appArmorProfile.type}`]);
    }
    seLinuxProblems(csc.seLinuxOptions, `${field}.securityContext.seLinuxOptions`, version, problems);
    (c?.ports ?? []).forEach((p: any, i: number) => {
      if (p?.hostPort) problems.push([`${field}.ports[${i}].hostPort`, `host ports are not allowed (${p.hostPort})`]);
    });
  }
  return problems;
}

const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const validSeccomp = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';

/** Before 1.19 the standards read seccomp from the pod's and its containers' annotations (seccompProfileBaseline_1_0). */
function seccompAnnotationProblems(pod: AdmittedPod, problems: Problem[]): void {
  const valid = (value: string) => value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
  const keys = ['seccomp.security.alpha.kubernetes.io/pod', ...pod.containers.map(({ container }) => `container.seccomp.security.alpha.kubernetes.io/${container?.name ?? ''}`)];
  for (const key of keys) {
    const value = pod.annotations[key];
    if (value !== undefined && !valid(value)) problems.push([`metadata.annotations["${key}"]`, `seccomp profile ${value} is not allowed (runtime/default, docker/default or localhost/*)`]);
  }
}

function seLinuxProblems(options: any, field: string, version: StandardsVersion, problems: Problem[]): void {
  if (!options) return;
  const type = options.type ?? '';
  if (!SELINUX_TYPES.has(type) || (type === 'container_engine_t' && version < 31)) problems.push([`${field}.type`, `SELinux type ${options.type} is not allowed`]);
  if (options.user) problems.push([`${field}.user`, 'SELinux user must be unset']);
  if (options.role) problems.push([`${field}.role`, 'SELinux role must be unset']);
}

/** The restricted checks (policy/check_*.go of pod-security-admission v0.33.9), at the version enforced. */
function restrictedProblems(pod: AdmittedPod, version: StandardsVersion): Problem[] {
  const problems: Problem[] = [];
  const sc = pod.spec.securityContext ?? {};
  (pod.spec.volumes ?? []).forEach((v: any, i: number) => {
    // a source written as null is none (and a volume without one defaults to emptyDir)
    const type = Object.keys(v ?? {}).find((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
    if (type && !RESTRICTED_VOLUMES.has(type)) problems.push([`${pod.field}.volumes[${i}]`, `volume type ${type} is not allowed (volume ${v.name})`]);
  });
  // Windows pods pass the checks of the Linux-only fields from 1.25 on
  const linuxOnly = !(isWindows(pod) && version >= 25);
  if (sc.runAsNonRoot === false) problems.push([`${pod.field}.securityContext.runAsNonRoot`, 'must not be false']);
  if (version >= 23 && sc.runAsUser === 0) problems.push([`${pod.field}.securityContext.runAsUser`, 'must not run as root (user 0)']);
  const podSeccomp = sc.seccompProfile?.type;
  if (version >= 19 && linuxOnly && sc.seccompProfile && !validSeccomp(podSeccomp)) {
    problems.push([`${pod.field}.securityContext.seccompProfile.type`, `must be RuntimeDefault or Localhost, not ${podSeccomp}`]);
  }
  for (const { container: c, field } of pod.containers) {
    const csc = c?.securityContext ?? {};
    if (version >= 8 && linuxOnly && csc.allowPrivilegeEscalation !== false) problems.push([`${field}.securityContext.allowPrivilegeEscalation`, 'must be false']);
    if (csc.runAsNonRoot === false) problems.push([`${field}.securityContext.runAsNonRoot`, 'must not be false']);
    else if (csc.runAsNonRoot !== true && sc.runAsNonRoot !== true) problems.push([`${field}.securityContext.runAsNonRoot`, 'must be true (on the container or the pod)']);
    if (version >= 23 && csc.runAsUser === 0) problems.push([`${field}.securityContext.runAsUser`, 'must not run as root (user 0)']);
    if (version >= 19 && linuxOnly) {
      if (csc.seccompProfile) {
        if (!validSeccomp(csc.seccompProfile.type)) problems.push([`${field}.securityContext.seccompProfile.type`, `must be RuntimeDefault or Localhost, not ${csc.seccompProfile.type}`]);
      } else if (!validSeccomp(podSeccomp)) {
        problems.push([`${field}.securityContext.seccompProfile.type`, 'must be RuntimeDefault or Localhost (on the container or the pod)']);
      }
    }
    if (version >= 22 && linuxOnly) {
      const drop: string[] = csc.capabilities?.drop ?? [];
      if (!drop.includes('ALL')) problems.push([`${field}.securityContext.capabilities.drop`, 'must include ALL']);
      const added = (csc.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
      if (added.length > 0) problems.push([`${field}.securityContext.capabilities.add`, `only NET_BIND_SERVICE may be added, got ${added.join(', ')}`]);
    }
  }
  return problems;
}
