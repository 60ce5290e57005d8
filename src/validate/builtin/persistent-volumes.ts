// PersistentVolumes (v1), as core's ValidatePersistentVolume checks them at create, after the v1 defaults (reclaim
// policy Retain, volume mode Filesystem): access modes (ReadWriteOncePod alone), a capacity of storage only and
// above zero, the reclaim policy, a required node affinity when given (and for a local volume), exactly one volume
// source, a hostPath of `/` not recycled, the storage class name, the volume mode, and the legacy mount options
// annotation only on the sources that take it (pkg/volume/validation). Of the sources, hostPath and
// nfs are checked as a pod's are, local and csi as a PersistentVolume's are; the in-tree plugins Kubernetes is
// removing (iscsi, rbd, cephfs, glusterfs, fc, flexVolume, the cloud disks, ...) are counted but their fields are
// not checked. volumeAttributesClassName is not checked: its feature gate is off in 1.33, which drops the field.
import { MESSAGES } from '../findings';
import { parseResourceQuantity, quantitySign } from '../quantity';
import { join, show } from '../structural';
import { entries, Fields, record, str, stringPointer, text } from './go-values';
import { dnsLabelProblem, dnsSubdomainProblem } from './identifiers';
import { checkAccessModes } from './claims';
import { checkNodeSelector } from './pod-spec';
import { checkEnum, Report } from './report';
import { checkCsiDriverName, checkVolumeSource } from './volumes';

const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const VOLUME_MODES = ['Block', 'Filesystem'];
/** The sources in the order ValidatePersistentVolumeSpec looks at them: a source after the first is refused. */
const SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi', 'cinder', 'fc',
  'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO', 'local', 'storageos', 'csi',
];
const MOUNT_OPTIONS_ANNOTATION = 'volume.beta.kubernetes.io/mount-options';
/** The sources that take the mount options annotation (checkMountOption). */
const MOUNT_OPTION_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'iscsi', 'cinder', 'cephfs', 'azureFile', 'vsphereVolume',
  'azureDisk', 'photonPersistentDisk',
];
const CSI_SECRET_REFERENCES = ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef'];

/** Built-in validation of a PersistentVolume. */
export function checkPersistentVolume(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  checkAccessModes(spec.accessModes, 'spec.accessModes', report);
  checkCapacity(spec.capacity, report);
  // SetDefaults_PersistentVolume: Retain
  checkEnum(spec.persistentVolumeReclaimPolicy, RECLAIM_POLICIES, 'spec.persistentVolumeReclaimPolicy', 'the reclaim policy', report);
  const affinity = record(spec.nodeAffinity);
  if (affinity) {
    const required = record(affinity.required);
    if (required) checkNodeSelector(required, 'spec.nodeAffinity.required', report);
    else report(MESSAGES.requiredValue, 'spec.nodeAffinity.required', 'a node affinity must give its required node constraints');
  }
  checkSources(spec, affinity !== undefined, report);
  const hostPath = record(spec.hostPath);
  if (hostPath && cleanPath(str(hostPath.path)) === '/' && spec.persistentVolumeReclaimPolicy === 'Recycle') {
    report(MESSAGES.invalidFieldValue, 'spec.persistentVolumeReclaimPolicy', "may not be Recycle for a hostPath of '/'");
  }
  const storageClass = text(spec.storageClassName);
  const classProblem = storageClass === undefined ? undefined : dnsSubdomainProblem(storageClass);
  if (classProblem) report(MESSAGES.invalidFieldValue, 'spec.storageClassName', `must be ${classProblem}, got ${show(storageClass)}`);
  checkEnum(spec.volumeMode, VOLUME_MODES, 'spec.volumeMode', 'the volume mode', report, stringPointer);
  checkMountOptionsAnnotation(object, spec, report);
}

/**
 * pkg/volume/validation's checkMountOption, which the strategy runs beside ValidatePersistentVolume: the legacy
 * mount options annotation only on the in-tree sources that take mount options.
 */
function checkMountOptionsAnnotation(object: Fields, spec: Fields, report: Report): void {
  const annotations = record(record(object.metadata)?.annotations);
  if (!annotations || !Object.hasOwn(annotations, MOUNT_OPTIONS_ANNOTATION)) return;
  if (MOUNT_OPTION_SOURCES.some((kind) => record(spec[kind]) !== undefined)) return;
  report(MESSAGES.invalidFieldValue, join('metadata.annotations', MOUNT_OPTIONS_ANNOTATION),
    `may not give mount options for this volume source (only ${MOUNT_OPTION_SOURCES.join(', ')} take them)`);
}

/** A capacity of `storage` alone, each quantity above zero. */
function checkCapacity(value: unknown, report: Report): void {
  const capacity = entries(value);
  if (capacity.length === 0) report(MESSAGES.requiredValue, 'spec.capacity', 'a PersistentVolume needs its capacity (storage)');
  if (!capacity.some(([name]) => name === 'storage') || capacity.length > 1) {
    report(MESSAGES.unsupportedValue, 'spec.capacity', `must give storage and nothing else, got ${show(capacity.map(([name]) => name))}`);
  }
  for (const [name, quantity] of capacity) {
    const amount = parseResourceQuantity(quantity);
    // a quantity that does not parse is a schema finding already
    if (amount !== undefined && quantitySign(amount) <= 0) report(MESSAGES.invalidFieldValue, join('spec.capacity', name), `must be greater than zero, got ${show(quantity)}`);
  }
}

/** Exactly one source, each checked where the project has its rules; a local volume needs a node affinity. */
function checkSources(spec: Fields, hasAffinity: boolean, report: Report): void {
  let count = 0;
  for (const kind of SOURCES) {
    const source = record(spec[kind]);
    if (!source) continue;
    const field = `spec.${kind}`;
    // Go counts a flexVolume without asking whether one came before
    if (count > 0 && kind !== 'flexVolume') {
      report(MESSAGES.invalidFieldValue, field, 'a PersistentVolume may have only one volume source');
      continue;
    }
    count++;
    if (kind === 'hostPath' || kind === 'nfs') checkVolumeSource(kind, source, field, report);
    if (kind === 'local') {
      checkLocalSource(source, field, report);
      if (!hasAffinity) report(MESSAGES.requiredValue, 'spec.nodeAffinity', 'a local volume needs a node affinity (the node its path is on)');
    }
    if (kind === 'csi') checkCsiSource(source, field, report);
  }
  if (count === 0) report(MESSAGES.requiredValue, 'spec', 'a PersistentVolume needs a volume source (csi, nfs, local, hostPath, ...)');
}

/** validateLocalVolumeSource: a path without `..` segments. */
function checkLocalSource(source: Fields, field: string, report: Report): void {
  const path = str(source.path);
  if (path === '') report(MESSAGES.requiredValue, join(field, 'path'), 'a local volume needs its path');
  else if (path.split('/').includes('..')) report(MESSAGES.invalidFieldValue, join(field, 'path'), `must not contain '..', got ${show(path)}`);
}

/** validateCSIPersistentVolumeSource: the driver's name, the volume handle, and each secret reference. */
function checkCsiSource(source: Fields, field: string, report: Report): void {
  checkCsiDriverName(source.driver, join(field, 'driver'), report);
  if (str(source.volumeHandle) === '') report(MESSAGES.requiredValue, join(field, 'volumeHandle'), 'a CSI volume needs its volume handle');
  for (const name of CSI_SECRET_REFERENCES) {
    const reference = record(source[name]);
    if (!reference) continue;
    // validatePVSecretReference
    const at = join(field, name);
    const secret = str(reference.name);
    const secretProblem = secret === '' ? undefined : dnsSubdomainProblem(secret);
    if (secret === '') report(MESSAGES.requiredValue, join(at, 'name'), 'a secret reference needs the secret name');
    else if (secretProblem) report(MESSAGES.invalidFieldValue, join(at, 'name'), `must be ${secretProblem}, got ${show(secret)}`);
    const namespace = str(reference.namespace);
    const namespaceProblem = namespace === '' ? undefined : dnsLabelProblem(namespace);
    if (namespace === '') report(MESSAGES.requiredValue, join(at, 'namespace'), 'a secret reference of a PersistentVolume needs the namespace');
    else if (namespaceProblem) report(MESSAGES.invalidFieldValue, join(at, 'namespace'), `must be ${namespaceProblem}, got ${show(namespace)}`);
  }
}

/** Go's path.Clean, enough to tell whether a path is the root: `/`, `//`, `/./`, `/a/..` all are. */
function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!path.startsWith('/')) parts.push('..');
    } else {
      parts.push(part);
    }
  }
  const joined = parts.join('/');
  return path.startsWith('/') ? `/${joined}` : joined || '.';
}
