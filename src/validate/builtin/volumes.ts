// Pod volumes (ValidateVolumes, validateVolumeSource and the common sources' validators): unique DNS-label names,
// exactly one source each, the fields each source needs, file modes and relative paths. The sources of old in-tree
// drivers (iscsi, rbd, cinder, ...) are only counted, not checked field by field.
import { MESSAGES } from '../findings';
import { parseQuantity, quantitySign } from '../quantity';
import { join, show } from '../structural';
import { checkClaimTemplate } from './claims';
import { checkFieldSelector, checkResourceFieldSelector } from './env';
import { Fields, goToLower, list, num, record, text } from './go-values';
import { dnsLabelProblem, dnsSubdomainProblem } from './identifiers';
import { Report } from './report';

const MAX_MODE = 0o777;
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
// clusterTrustBundle is dropped before validation (disabled-pod-fields.ts)
const PROJECTION_SOURCES = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken'];
/** validVolumeDownwardAPIFieldPathExpressions. */
const DOWNWARD_FIELDS: ReadonlySet<string> = new Set(['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid']);
/** The sources of core.VolumeSource, as validateVolumeSource counts them (other fields of a volume are unknown). */
const VOLUME_SOURCES: ReadonlySet<string> = new Set([
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
]);

/** validateLocalDescendingPath: a path that must stay below its base, relative and with no '..' element. */
export function checkDescendingPath(path: string, field: string, report: Report): void {
  if (path.startsWith('/')) report(MESSAGES.invalidFieldValue, field, `must be a relative path, got ${show(path)}`);
  if (path.split('/').includes('..')) report(MESSAGES.invalidFieldValue, field, `must not contain '..', got ${show(path)}`);
}

/** ValidateLocalNonReservedPath: a descending path that also does not start with '..' (the kubelet's ..data links). */
export function checkRelativePath(path: string, field: string, report: Report): void {
  checkDescendingPath(path, field, report);
  if (path.startsWith('..') && !path.startsWith('../')) report(MESSAGES.invalidFieldValue, field, `must not start with '..', got ${show(path)}`);
}

function checkMode(value: unknown, field: string, report: Report): void {
  const mode = num(value);
  if (mode !== undefined && (mode < 0 || mode > MAX_MODE)) {
    report(MESSAGES.invalidFieldValue, field, `file mode must be between 0 and 0777 (octal; 511 in decimal), got ${mode}`);
  }
}

function checkRequired(value: unknown, field: string, report: Report): void {
  if (text(value) === undefined) report(MESSAGES.requiredValue, field, 'is required');
}

function checkKeyToPaths(items: unknown, field: string, report: Report, paths?: Map<string, string>): void {
  list(items).forEach((item, i) => {
    const kp = record(item) ?? {};
    const path = `${field}[${i}]`;
    checkRequired(kp.key, `${path}.key`, report);
    checkRequired(kp.path, `${path}.path`, report);
    if (typeof kp.path === 'string') {
      checkRelativePath(kp.path, `${path}.path`, report);
      noteProjectedPath(kp.path, `${path}.path`, report, paths);
    }
    checkMode(kp.mode, `${path}.mode`, report);
  });
}

function noteProjectedPath(path: string, field: string, report: Report, paths?: Map<string, string>): void {
  if (!paths || path === '') return;
  const first = paths.get(path);
  if (first !== undefined) report(MESSAGES.invalidFieldValue, field, `path ${show(path)} is already projected by ${first}`);
  else paths.set(path, field);
}

function checkDownwardItems(items: unknown, field: string, report: Report, paths?: Map<string, string>): void {
  list(items).forEach((item, i) => {
    const file = record(item) ?? {};
    const path = `${field}[${i}]`;
    checkRequired(file.path, `${path}.path`, report);
    if (typeof file.path === 'string') {
      checkRelativePath(file.path, `${path}.path`, report);
      noteProjectedPath(file.path, `${path}.path`, report, paths);
    }
    const fieldRef = record(file.fieldRef);
    const resourceRef = record(file.resourceFieldRef);
    if (fieldRef && resourceRef) report(MESSAGES.invalidFieldValue, path, 'fieldRef and resourceFieldRef may not both be set');
    else if (!fieldRef && !resourceRef) report(MESSAGES.requiredValue, path, 'one of fieldRef, resourceFieldRef is required');
    if (fieldRef) checkFieldSelector(fieldRef, DOWNWARD_FIELDS, `${path}.fieldRef`, report);
    else checkResourceFieldSelector(resourceRef, `${path}.resourceFieldRef`, report, true);
    checkMode(file.mode, `${path}.mode`, report);
  });
}

function checkProjected(source: Fields, field: string, report: Report): void {
  checkMode(source.defaultMode, join(field, 'defaultMode'), report);
  const paths = new Map<string, string>();
  list(source.sources).forEach((s, i) => {
    const projection = record(s) ?? {};
    const path = `${field}.sources[${i}]`;
    const set = PROJECTION_SOURCES.filter((k) => record(projection[k]) !== undefined);
    if (set.length > 1) report(MESSAGES.invalidFieldValue, path, `may set only one source per projection, got ${set.join(', ')}`);
    for (const kind of ['secret', 'configMap']) {
      const ref = record(projection[kind]);
      if (!ref) continue;
      checkRequired(ref.name, `${path}.${kind}.name`, report);
      checkKeyToPaths(ref.items, `${path}.${kind}.items`, report, paths);
    }
    const downward = record(projection.downwardAPI);
    if (downward) checkDownwardItems(downward.items, `${path}.downwardAPI.items`, report, paths);
    const token = record(projection.serviceAccountToken);
    if (token) {
      // SetDefaults_ServiceAccountTokenProjection sets a missing expirationSeconds to 3600
      const seconds = num(token.expirationSeconds);
      if (seconds !== undefined && (seconds < 600 || seconds > 2 ** 32)) {
        report(MESSAGES.invalidFieldValue, `${path}.serviceAccountToken.expirationSeconds`, `expirationSeconds must be between 600 and 4294967296, got ${seconds}`);
      }
      // Go checks the token's path but does not count it among the paths that must be unique
      checkRequired(token.path, `${path}.serviceAccountToken.path`, report);
      if (typeof token.path === 'string') checkRelativePath(token.path, `${path}.serviceAccountToken.path`, report);
    }
  });
}

/** One volume source's own rules, by its kind (`hostPath`, `nfs`, ...): the pod volume sources and the PersistentVolume ones they share. */
export function checkVolumeSource(kind: string, source: Fields, field: string, report: Report): void {
  switch (kind) {
    case 'emptyDir': {
      const limit = parseQuantity(source.sizeLimit);
      if (limit !== undefined && quantitySign(limit) < 0) report(MESSAGES.invalidFieldValue, join(field, 'sizeLimit'), `sizeLimit must not be negative, got ${show(source.sizeLimit)}`);
      break;
    }
    case 'configMap':
    case 'secret':
      checkRequired(kind === 'secret' ? source.secretName : source.name, join(field, kind === 'secret' ? 'secretName' : 'name'), report);
      checkMode(source.defaultMode, join(field, 'defaultMode'), report);
      checkKeyToPaths(source.items, join(field, 'items'), report);
      break;
    case 'persistentVolumeClaim':
      checkRequired(source.claimName, join(field, 'claimName'), report);
      break;
    case 'hostPath': {
      // an empty path is reported alone: Go returns before it looks at the type
      if (text(source.path) === undefined) return checkRequired(source.path, join(field, 'path'), report);
      if (source.path.split('/').includes('..')) report(MESSAGES.invalidFieldValue, join(field, 'path'), `must not contain '..', got ${show(source.path)}`);
      const type = source.type ?? '';
      if (!HOST_PATH_TYPES.includes(type)) {
        report(MESSAGES.unsupportedValue, join(field, 'type'), `hostPath type must be one of ${HOST_PATH_TYPES.filter(Boolean).join(', ')} or empty, got ${show(type)}`);
      }
      break;
    }
    case 'downwardAPI':
      checkMode(source.defaultMode, join(field, 'defaultMode'), report);
      checkDownwardItems(source.items, join(field, 'items'), report);
      break;
    case 'projected':
      checkProjected(source, field, report);
      break;
    case 'csi': {
      checkCsiDriverName(source.driver, join(field, 'driver'), report);
      // validateCSIVolumeSource (Go reports a bad name at csi.name)
      const secret = record(source.nodePublishSecretRef);
      const name = text(secret?.name);
      if (secret && name === undefined) report(MESSAGES.requiredValue, `${field}.nodePublishSecretRef.name`, 'nodePublishSecretRef needs the name of a Secret');
      const problem = name === undefined ? undefined : dnsSubdomainProblem(name);
      if (problem) report(MESSAGES.invalidFieldValue, `${field}.nodePublishSecretRef.name`, `Secret name must be ${problem}, got ${show(name)}`);
      break;
    }
    case 'nfs':
      checkRequired(source.server, join(field, 'server'), report);
      checkRequired(source.path, join(field, 'path'), report);
      if (!String(source.path ?? '').startsWith('/')) report(MESSAGES.invalidFieldValue, join(field, 'path'), `NFS path must be an absolute path, got ${show(source.path ?? '')}`);
      break;
    case 'gitRepo':
      checkRequired(source.repository, join(field, 'repository'), report);
      if (typeof source.directory === 'string') checkDescendingPath(source.directory, join(field, 'directory'), report);
      break;
    case 'ephemeral':
      checkClaimTemplate(source, field, report);
      break;
  }
}

/** ValidateCSIDriverName: required, at most 63 bytes, a DNS-1123 subdomain once lowered (letters in any case). */
export function checkCsiDriverName(value: unknown, field: string, report: Report): void {
  const driver = text(value);
  if (driver === undefined) checkRequired(value, field, report);
  else if (Buffer.byteLength(driver) > 63 || dnsSubdomainProblem(goToLower(driver))) {
    report(MESSAGES.invalidFieldValue, field, `CSI driver name must be a DNS-1123 subdomain of at most 63 characters (letters in any case), got ${show(driver)}`);
  }
}

/** The volumes of a pod; returns the source kind of each by name, for the volume mounts and devices that name them. */
export function checkVolumes(value: unknown, field: string, report: Report): Map<string, string | undefined> {
  const names = new Map<string, number>();
  const all = new Map<string, string | undefined>();
  list(value).forEach((v, i) => {
    const volume = record(v) ?? {};
    const path = `${field}[${i}]`;
    const name = text(volume.name);
    const problem = name === undefined ? undefined : dnsLabelProblem(name);
    const first = name === undefined ? undefined : names.get(name);
    if (name === undefined) report(MESSAGES.requiredValue, `${path}.name`, 'is required');
    else if (problem) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume name must be ${problem}, got ${show(name)}`);
    else if (first !== undefined) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume name ${show(name)} is already used by ${field}[${first}]`);
    else names.set(name, i);
    const sources = Object.keys(volume).filter((k) => VOLUME_SOURCES.has(k) && volume[k] !== null && volume[k] !== undefined);
    if (sources.length > 1) report(MESSAGES.invalidFieldValue, path, `may set only one volume source, got ${sources.join(', ')}`);
    // SetDefaults_Volume: a volume that sets no source (or sets one to null) is an emptyDir
    const kind = sources[0] ?? 'emptyDir';
    if (name !== undefined && !all.has(name)) all.set(name, kind);
    const source = record(volume[kind]);
    if (source) checkVolumeSource(kind, source, join(path, kind), report);
  });
  // a mount of a volume with a bad name is reported once, with the volume
  return all;
}
