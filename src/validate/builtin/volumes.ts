// Pod volumes (ValidateVolumes, validateVolumeSource and the common sources' validators): unique DNS-label names,
// exactly one source each, the fields each source needs, file modes and relative paths.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, list, num, record, text } from './go-values';
import { dnsLabelProblem } from './identifiers';
import { Report } from './report';

const MAX_MODE = 0o777;
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
const PROJECTION_SOURCES = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'];
const DOWNWARD_FIELDS = new Set(['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid']);

/** A path that must stay below its base: relative, with no '..' element. */
export function checkRelativePath(path: string, field: string, report: Report): void {
  if (path.startsWith('/')) report(MESSAGES.invalidFieldValue, field, `must be a relative path, got ${show(path)}`);
  if (path.split('/').includes('..')) report(MESSAGES.invalidFieldValue, field, `must not contain '..', got ${show(path)}`);
  else if (path.startsWith('..')) report(MESSAGES.invalidFieldValue, field, `must not start with '..', got ${show(path)}`);
}

function checkMode(value: unknown, field: string, report: Report): void {
  const mode = num(value);
  if (mode !== undefined && (mode < 0 || mode > MAX_MODE)) {
    report(MESSAGES.invalidFieldValue, field, `file mode must be between 0 and 0777 (octal; 511 in decimal), got ${mode}`);
  }
}

function checkRequired(value: unknown, field: string, report: Report): void {
  if (text(value) === undefined) report(MESSAGES.requiredValue, field, `${field.split('.').pop()} is required`);
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
    const fieldPath = text(record(file.fieldRef)?.fieldPath);
    if (record(file.fieldRef) && record(file.resourceFieldRef)) {
      report(MESSAGES.invalidFieldValue, path, 'fieldRef and resourceFieldRef may not both be set');
    } else if (!record(file.fieldRef) && !record(file.resourceFieldRef)) {
      report(MESSAGES.requiredValue, path, 'one of fieldRef, resourceFieldRef is required');
    } else if (fieldPath !== undefined && !DOWNWARD_FIELDS.has(fieldPath) && !/^metadata\.(labels|annotations)\['.+'\]$/.test(fieldPath)) {
      report(MESSAGES.unsupportedValue, `${path}.fieldRef.fieldPath`, `fieldPath must be one of ${[...DOWNWARD_FIELDS].join(', ')}, got ${show(fieldPath)}`);
    }
    if (record(file.resourceFieldRef) && text(file.resourceFieldRef.containerName) === undefined) {
      report(MESSAGES.requiredValue, `${path}.resourceFieldRef.containerName`, 'containerName is required');
    }
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
      const seconds = num(token.expirationSeconds);
      if (seconds !== undefined && (seconds < 600 || seconds > 2 ** 32)) {
        report(MESSAGES.invalidFieldValue, `${path}.serviceAccountToken.expirationSeconds`, `expirationSeconds must be between 600 and 4294967296, got ${seconds}`);
      }
      checkRequired(token.path, `${path}.serviceAccountToken.path`, report);
      if (typeof token.path === 'string') {
        checkRelativePath(token.path, `${path}.serviceAccountToken.path`, report);
        noteProjectedPath(token.path, `${path}.serviceAccountToken.path`, report, paths);
      }
    }
  });
}

function checkSource(kind: string, source: Fields, field: string, report: Report): void {
  switch (kind) {
    case 'emptyDir': {
      const limit = source.sizeLimit;
      if ((typeof limit === 'string' && limit.startsWith('-')) || (typeof limit === 'number' && limit < 0)) {
        report(MESSAGES.invalidFieldValue, join(field, 'sizeLimit'), `sizeLimit must not be negative, got ${show(limit)}`);
      }
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
      checkRequired(source.path, join(field, 'path'), report);
      if (typeof source.path === 'string' && source.path.split('/').includes('..')) {
        report(MESSAGES.invalidFieldValue, join(field, 'path'), `must not contain '..', got ${show(source.path)}`);
      }
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
    case 'csi':
      checkRequired(source.driver, join(field, 'driver'), report);
      break;
  }
}

/** The volumes of a pod; returns their names, one of which each volume mount must name. */
export function checkVolumes(value: unknown, field: string, report: Report): Set<string> {
  const names = new Map<string, number>();
  const all = new Set<string>();
  list(value).forEach((v, i) => {
    const volume = record(v) ?? {};
    const path = `${field}[${i}]`;
    const name = text(volume.name);
    const problem = name === undefined ? undefined : dnsLabelProblem(name);
    const first = name === undefined ? undefined : names.get(name);
    if (name !== undefined) all.add(name);
    if (name === undefined) report(MESSAGES.requiredValue, `${path}.name`, 'volume name is required');
    else if (problem) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume name must be ${problem}, got ${show(name)}`);
    else if (first !== undefined) report(MESSAGES.invalidFieldValue, `${path}.name`, `volume name ${show(name)} is already used by ${field}[${first}]`);
    else names.set(name, i);
    const sources = Object.keys(volume).filter((k) => k !== 'name' && volume[k] !== null && volume[k] !== undefined);
    if (sources.length === 0) report(MESSAGES.requiredValue, path, 'must set one volume source (emptyDir, configMap, secret, persistentVolumeClaim, projected, ...)');
    if (sources.length > 1) report(MESSAGES.invalidFieldValue, path, `may set only one volume source, got ${sources.join(', ')}`);
    const kind = sources[0];
    const source = kind === undefined ? undefined : record(volume[kind]);
    if (source) checkSource(kind, source, join(path, kind), report);
  });
  // a mount of a volume with a bad name is reported once, with the volume
  return all;
}
