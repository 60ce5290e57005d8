// TT0023: a Pod or pod template that does not meet the Pod Security Standard its namespace enforces (label
// pod-security.kubernetes.io/enforce), as the Pod Security admission controller checks it (the "latest" version of
// the standards: https://kubernetes.io/docs/concepts/security/pod-security-standards/). Injection is checked too:
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
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

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

/** Every pod template that does not meet its namespace's enforced level, one finding per failed check. */
export function checkPodSecurity(index: MeshIndex): Finding[] {
  const levels = new Map<string, PodSecurityLevel>();
  for (const [name, ns] of index.namespaces) {
    const level = ns.object.metadata?.labels?.[POD_SECURITY_ENFORCE_LABEL];
    if (POD_SECURITY_LEVELS.includes(level as PodSecurityLevel)) levels.set(name, level as PodSecurityLevel);
  }
  if (levels.size === 0) return [];
  const cni = cniOf(index.objects);
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const level = levels.get(source.object.metadata?.namespace ?? 'default');
    if (!level || level === 'privileged') continue;
    // a kind the version does not serve (an extensions/v1beta1 Deployment) is refused before admission: TT0027 says so
    if (unservedBuiltInKind(source.object.apiVersion, source.object.kind) !== undefined) continue;
    // admission refuses a Pod at its create; a controller it admits (with a warning at most: ValidatePodController
    // never enforces), and refuses each pod the controller then creates
    const what = source.object.kind === 'Pod'
      ? 'violates'
      : 'is admitted, but each of its pods is refused when it is created: they violate';
    for (const pod of admittedPods(source, index, cni)) {
      for (const [field, problem] of [...baselineProblems(pod), ...(level === 'restricted' ? restrictedProblems(pod) : [])]) {
        findings.push(finding(MESSAGES.podSecurityViolation, source,
          `${what} the ${level} Pod Security Standard its namespace enforces (${POD_SECURITY_ENFORCE_LABEL}): ${problem}`, field));
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
  const labels = source.object.kind === 'Pod' ? source.object.metadata?.labels : (source.object.spec as any)?.template?.metadata?.labels;
  const podLabel = labels?.['sidecar.istio.io/inject'] ?? source.object.metadata?.labels?.['sidecar.istio.io/inject'];
  const annotation = pod.annotations['sidecar.istio.io/inject'] ?? source.object.metadata?.annotations?.['sidecar.istio.io/inject'];
  if (podLabel === 'false' || (podLabel === undefined && annotation === 'false')) return false;
  if (podLabel === 'true') return true;
  const ns = index.namespaces.get(source.object.metadata?.namespace ?? 'default')?.object.metadata?.labels ?? {};
  return ns['istio-injection'] === 'enabled' || ns['istio.io/rev'] !== undefined;
}

type Problem = readonly [field: string, message: string];

function baselineProblems(pod: AdmittedPod): Problem[] {
  const problems: Problem[] = [];
  const spec = pod.spec;
  const sc = spec.securityContext ?? {};
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[key] === true) problems.push([`${pod.field}.${key}`, `${key} must be unset or false`]);
  if (sc.windowsOptions?.hostProcess === true) problems.push([`${pod.field}.securityContext.windowsOptions.hostProcess`, 'host processes are not allowed']);
  if (sc.seccompProfile?.type === 'Unconfined') problems.push([`${pod.field}.securityContext.seccompProfile.type`, 'seccomp must not be Unconfined']);
  seLinuxProblems(sc.seLinuxOptions, `${pod.field}.securityContext.seLinuxOptions`, problems);
  (sc.sysctls ?? []).forEach((s: any, i: number) => {
    if (!SAFE_SYSCTLS.has(s?.name)) problems.push([`${pod.field}.securityContext.sysctls[${i}].name`, `sysctl ${s?.name} is not one of the safe set`]);
  });
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (v?.hostPath) problems.push([`${pod.field}.volumes[${i}].hostPath`, `hostPath volumes are not allowed (volume ${v.name})`]);
  });
  for (const [key, value] of Object.entries(pod.annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      problems.push([`metadata.annotations["${key}"]`, `AppArmor profile ${value} is not allowed (runtime/default or localhost/*)`]);
    }
  }
  for (const { container: c, field } of pod.containers) {
    const csc = c?.securityContext ?? {};
    if (csc.privileged === true) problems.push([`${field}.securityContext.privileged`, 'privileged containers are not allowed']);
    if (csc.windowsOptions?.hostProcess === true) problems.push([`${field}.securityContext.windowsOptions.hostProcess`, 'host processes are not allowed']);
    const added = (csc.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap));
    if (added.length > 0) problems.push([`${field}.securityContext.capabilities.add`, `capabilities ${added.join(', ')} are beyond the baseline set`]);
    if (csc.procMount !== undefined && csc.procMount !== 'Default') problems.push([`${field}.securityContext.procMount`, 'procMount must be Default']);
    if (csc.seccompProfile?.type === 'Unconfined') problems.push([`${field}.securityContext.seccompProfile.type`, 'seccomp must not be Unconfined']);
    if (csc.appArmorProfile?.type === 'Unconfined') problems.push([`${field}.securityContext.appArmorProfile.type`, 'AppArmor must not be Unconfined']);
    seLinuxProblems(csc.seLinuxOptions, `${field}.securityContext.seLinuxOptions`, problems);
    (c?.ports ?? []).forEach((p: any, i: number) => {
      if (p?.hostPort) problems.push([`${field}.ports[${i}].hostPort`, `host ports are not allowed (${p.hostPort})`]);
    });
  }
  return problems;
}

function seLinuxProblems(options: any, field: string, problems: Problem[]): void {
  if (!options) return;
  if (!SELINUX_TYPES.has(options.type ?? '')) problems.push([`${field}.type`, `SELinux type ${options.type} is not allowed`]);
  if (options.user) problems.push([`${field}.user`, 'SELinux user must be unset']);
  if (options.role) problems.push([`${field}.role`, 'SELinux role must be unset']);
}

function restrictedProblems(pod: AdmittedPod): Problem[] {
  const problems: Problem[] = [];
  const sc = pod.spec.securityContext ?? {};
  (pod.spec.volumes ?? []).forEach((v: any, i: number) => {
    const type = Object.keys(v ?? {}).find((k) => k !== 'name');
    if (type && !RESTRICTED_VOLUMES.has(type)) problems.push([`${pod.field}.volumes[${i}]`, `volume type ${type} is not allowed (volume ${v.name})`]);
  });
  if (sc.runAsUser === 0) problems.push([`${pod.field}.securityContext.runAsUser`, 'must not run as root (user 0)']);
  const podSeccomp = sc.seccompProfile?.type;
  for (const { container: c, field } of pod.containers) {
    const csc = c?.securityContext ?? {};
    if (csc.allowPrivilegeEscalation !== false) problems.push([`${field}.securityContext.allowPrivilegeEscalation`, 'must be false']);
    if ((csc.runAsNonRoot ?? sc.runAsNonRoot) !== true) problems.push([`${field}.securityContext.runAsNonRoot`, 'must be true (on the container or the pod)']);
    if (csc.runAsUser === 0) problems.push([`${field}.securityContext.runAsUser`, 'must not run as root (user 0)']);
    const seccomp = csc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      problems.push([`${field}.securityContext.seccompProfile.type`, 'must be RuntimeDefault or Localhost (on the container or the pod)']);
    }
    const drop: string[] = csc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) problems.push([`${field}.securityContext.capabilities.drop`, 'must include ALL']);
    const added = (csc.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push([`${field}.securityContext.capabilities.add`, `only NET_BIND_SERVICE may be added, got ${added.join(', ')}`]);
  }
  return problems;
}
