// Security contexts of pods and containers (validatePodSpecSecurityContext, ValidateSecurityContext,
// validateSeccompProfileField, ValidateAppArmorProfileField, validateSysctls): user and group IDs, enumerated
// policies, profiles, sysctl names, windowsOptions (windows-options.ts), and fields that exclude each other. Left
// out: privileged containers, which only a cluster started with --allow-privileged=false refuses.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, goTrimSpace, isSet, list, num, record, stringPointer, text } from './go-values';
import { isSysctlName } from './identifiers';
import { Report } from './report';
import { checkDescendingPath } from './volumes';
import { checkWindowsOptions } from './windows-options';

const MAX_ID = 2 ** 31 - 1;
const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const APP_ARMOR_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

function checkId(value: unknown, field: string, what: string, report: Report): void {
  const id = num(value);
  if (id !== undefined && (id < 0 || id > MAX_ID)) report(MESSAGES.invalidFieldValue, field, `${what} must be between 0 and ${MAX_ID}, got ${id}`);
}

function checkSeccompProfile(value: unknown, field: string, report: Report): void {
  const profile = record(value);
  if (!profile) return;
  const type = text(profile.type);
  if (type === undefined) report(MESSAGES.requiredValue, join(field, 'type'), 'is required');
  else if (!SECCOMP_TYPES.includes(type)) {
    report(MESSAGES.unsupportedValue, join(field, 'type'), `seccomp profile type must be one of ${SECCOMP_TYPES.join(', ')}, got ${show(type)}`);
  }
  const localhost = profile.localhostProfile;
  if (type === 'Localhost') {
    if (typeof localhost !== 'string') report(MESSAGES.requiredValue, join(field, 'localhostProfile'), 'localhostProfile is required when the type is Localhost');
    else checkDescendingPath(localhost, join(field, 'localhostProfile'), report);
  } else if (isSet(localhost)) {
    report(MESSAGES.invalidFieldValue, join(field, 'localhostProfile'), `localhostProfile may only be set when the type is Localhost, got type ${show(type ?? '')}`);
  }
}

/** ValidateAppArmorProfileField. */
function checkAppArmorProfile(value: unknown, field: string, report: Report): void {
  const profile = record(value);
  if (!profile) return;
  const type = text(profile.type);
  const localhost = profile.localhostProfile;
  if (type === undefined) report(MESSAGES.requiredValue, join(field, 'type'), 'is required');
  else if (!APP_ARMOR_TYPES.includes(type)) {
    report(MESSAGES.unsupportedValue, join(field, 'type'), `AppArmor profile type must be one of ${APP_ARMOR_TYPES.join(', ')}, got ${show(type)}`);
  } else if (type !== 'Localhost') {
    if (isSet(localhost)) report(MESSAGES.invalidFieldValue, join(field, 'localhostProfile'), `localhostProfile may only be set when the type is Localhost, got type ${show(type)}`);
  } else if (typeof localhost !== 'string') {
    report(MESSAGES.requiredValue, join(field, 'localhostProfile'), 'localhostProfile is required when the type is Localhost');
  } else {
    // ValidateAppArmorProfileField: padding first (white space alone is padding), then emptiness, and the length apart
    if (goTrimSpace(localhost) !== localhost) {
      report(MESSAGES.invalidFieldValue, join(field, 'localhostProfile'), `localhostProfile must not be padded with whitespace, got ${show(localhost)}`);
    } else if (localhost === '') report(MESSAGES.requiredValue, join(field, 'localhostProfile'), 'localhostProfile is required when the type is Localhost');
    if (Buffer.byteLength(localhost) > 4095) {
      report(MESSAGES.invalidFieldValue, join(field, 'localhostProfile'), `localhostProfile must be at most 4095 bytes, got ${Buffer.byteLength(localhost)}`);
    }
  }
}

/** The host namespaces a pod shares (spec.hostNetwork, spec.hostIPC). */
export interface HostNamespaces {
  readonly network: boolean;
  readonly ipc: boolean;
}

// component-helpers v0.33's sysctl namespaces (namespaceOf): the IPC ones by name, or under fs.mqueue.; net.* is the network's
const IPC_SYSCTLS = new Set([
  'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.shm', 'kernel.msgmax', 'kernel.msgmnb',
  'kernel.msgmni', 'kernel.msg',
]);

/** sysctl.NormalizeName: a name whose first separator is '/' has its '.' and '/' swapped. */
function normalizeSysctl(name: string): string {
  const first = name.search(/[./]/);
  if (first === -1 || name[first] === '.') return name;
  return name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
}

/** validateSysctls, with ValidateHostSysctl: on create, no sysctl of a namespace the pod shares with the host. */
function checkSysctls(context: Fields, host: HostNamespaces, field: string, report: Report): void {
  const names = new Set<string>();
  list(context.sysctls).forEach((s, i) => {
    const name = String(record(s)?.name ?? '');
    const path = `${field}[${i}].name`;
    if (name === '') report(MESSAGES.requiredValue, path, 'is required');
    else if (!isSysctlName(name)) {
      report(MESSAGES.invalidFieldValue, path, `sysctl name must be at most 253 characters of lowercase letters, digits, '-' and '_' in segments separated by '.' or '/', got ${show(name)}`);
    } else if (names.has(name)) report(MESSAGES.invalidFieldValue, path, `sysctl ${show(name)} is set twice`);
    names.add(name);
    // GetNamespace: the name up to its first '*'
    const normalized = normalizeSysctl(name).split('*')[0];
    if (host.network && normalized.startsWith('net.')) {
      report(MESSAGES.invalidFieldValue, path, `sysctl ${show(name)} is in the network namespace, which the pod shares with the host: it may not be set when hostNetwork is true`);
    } else if (host.ipc && (IPC_SYSCTLS.has(normalized) || normalized.startsWith('fs.mqueue.'))) {
      report(MESSAGES.invalidFieldValue, path, `sysctl ${show(name)} is in the IPC namespace, which the pod shares with the host: it may not be set when hostIPC is true`);
    }
  });
}

/** A pod's securityContext; `host`, the host namespaces the pod shares. */
export function checkPodSecurityContext(value: unknown, host: HostNamespaces, field: string, report: Report): void {
  const context = record(value);
  if (!context) return;
  checkSysctls(context, host, join(field, 'sysctls'), report);
  // *string fields: "" is a value, and not an allowed one
  const groupsPolicy = stringPointer(context.supplementalGroupsPolicy);
  if (groupsPolicy !== undefined && groupsPolicy !== 'Merge' && groupsPolicy !== 'Strict') {
    report(MESSAGES.unsupportedValue, join(field, 'supplementalGroupsPolicy'), `supplementalGroupsPolicy must be one of Merge, Strict, got ${show(groupsPolicy)}`);
  }
  // with the SELinuxMount gate off (1.33), a create allows Recursive only (AllowOnlyRecursiveSELinuxChangePolicy)
  const seLinuxPolicy = stringPointer(context.seLinuxChangePolicy);
  if (seLinuxPolicy !== undefined && seLinuxPolicy !== 'Recursive') {
    report(MESSAGES.unsupportedValue, join(field, 'seLinuxChangePolicy'),
      `seLinuxChangePolicy must be Recursive (MountOption needs the SELinuxMount feature gate, off by default), got ${show(seLinuxPolicy)}`);
  }
  checkAppArmorProfile(context.appArmorProfile, join(field, 'appArmorProfile'), report);
  checkId(context.fsGroup, join(field, 'fsGroup'), 'fsGroup', report);
  checkId(context.runAsUser, join(field, 'runAsUser'), 'runAsUser', report);
  checkId(context.runAsGroup, join(field, 'runAsGroup'), 'runAsGroup', report);
  list(context.supplementalGroups).forEach((g, i) => checkId(g, `${field}.supplementalGroups[${i}]`, 'a supplemental group', report));
  const policy = stringPointer(context.fsGroupChangePolicy);
  if (policy !== undefined && policy !== 'OnRootMismatch' && policy !== 'Always') {
    report(MESSAGES.unsupportedValue, join(field, 'fsGroupChangePolicy'), `fsGroupChangePolicy must be one of Always, OnRootMismatch, got ${show(policy)}`);
  }
  checkSeccompProfile(context.seccompProfile, join(field, 'seccompProfile'), report);
  checkWindowsOptions(context.windowsOptions, join(field, 'windowsOptions'), report);
}

/** A container's securityContext; `hostUsers` is the pod's (user namespaces off unless it is false). */
export function checkSecurityContext(value: unknown, hostUsers: boolean, field: string, report: Report): void {
  const context = record(value);
  if (!context) return;
  checkId(context.runAsUser, join(field, 'runAsUser'), 'runAsUser', report);
  checkId(context.runAsGroup, join(field, 'runAsGroup'), 'runAsGroup', report);
  const procMount = stringPointer(context.procMount);
  if (procMount !== undefined && procMount !== 'Default' && procMount !== 'Unmasked') {
    report(MESSAGES.unsupportedValue, join(field, 'procMount'), `procMount must be one of Default, Unmasked, got ${show(procMount)}`);
  } else if (procMount === 'Unmasked' && hostUsers) {
    report(MESSAGES.invalidFieldValue, join(field, 'procMount'), 'procMount Unmasked needs the pod to set hostUsers: false');
  }
  checkSeccompProfile(context.seccompProfile, join(field, 'seccompProfile'), report);
  checkAppArmorProfile(context.appArmorProfile, join(field, 'appArmorProfile'), report);
  checkWindowsOptions(context.windowsOptions, join(field, 'windowsOptions'), report);
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) {
      report(MESSAGES.invalidFieldValue, field, 'allowPrivilegeEscalation: false and privileged: true exclude each other');
    }
    if (list(record(context.capabilities)?.add).includes('CAP_SYS_ADMIN')) {
      report(MESSAGES.invalidFieldValue, field, 'allowPrivilegeEscalation: false and capabilities.add CAP_SYS_ADMIN exclude each other');
    }
  }
}
