// PersistentVolumeClaims, and the claim templates of ephemeral volumes, as the API server validates them at create
// (core validation ValidatePersistentVolumeClaimSpec, validateEphemeralVolumeSource), after the claim strategy's
// PrepareForCreate: a dataSourceRef naming a namespace is dropped (CrossNamespaceVolumeDataSource is alpha and off in
// 1.33), a dataSource that is neither a claim nor a VolumeSnapshot is dropped when no dataSourceRef is given, and
// either of the two left out becomes a copy of the other (AnyVolumeDataSource). volumeAttributesClassName is dropped
// too (VolumeAttributesClass is beta and off in 1.33). Only the storage request is checked among the resources.
// A StatefulSet's volumeClaimTemplates are not validated by Kubernetes 1.33 (they are from 1.34), so not here.
import { MESSAGES } from '../findings';
import { parseResourceQuantity, quantitySign } from '../quantity';
import { join, show } from '../structural';
import { Fields, isSet, list, record, str } from './go-values';
import { dnsSubdomainProblem } from './identifiers';
import { checkAnnotations, checkLabels, checkLabelSelector } from './metadata';
import { Report } from './report';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';
/** The metadata a claim template may carry: the rest is the claim's the pod makes ("cannot be set"). */
const TEMPLATE_METADATA = new Set(['labels', 'annotations']);

/** Built-in validation of a PersistentVolumeClaim. */
export function checkClaim(object: Fields, report: Report): void {
  checkClaimSpec(record(object.spec) ?? {}, 'spec', report);
}

/** validateEphemeralVolumeSource: a claim template, whose metadata has labels and annotations only. */
export function checkClaimTemplate(source: Fields, field: string, report: Report): void {
  const template = record(source.volumeClaimTemplate);
  if (!template) return report(MESSAGES.requiredValue, join(field, 'volumeClaimTemplate'), 'is required');
  const path = join(field, 'volumeClaimTemplate');
  // ValidateTemplateObjectMeta: the labels and annotations are checked as any object's
  const metadata = record(template.metadata) ?? {};
  checkLabels(metadata.labels, `${path}.metadata.labels`, report);
  checkAnnotations(metadata.annotations, `${path}.metadata.annotations`, report);
  // validateFieldAllowList: a field other than these is refused when it is not its Go zero value (a generated
  // `creationTimestamp: null` or `name: ""` passes; an empty list is no zero value)
  for (const [key, value] of Object.entries(record(template.metadata) ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!TEMPLATE_METADATA.has(key) && !isZero(value)) {
      report(MESSAGES.invalidFieldValue, `${path}.metadata.${key}`, 'cannot be set in a claim template (only labels and annotations)');
    }
  }
  checkClaimSpec(record(template.spec) ?? {}, `${path}.spec`, report);
}

/** Whether a decoded value is its Go field's zero value: absent, null, "", 0 or false. */
const isZero = (value: unknown) => !isSet(value) || value === '' || value === 0 || value === false;

/**
 * The access modes of a claim or a PersistentVolume (ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeSpec):
 * at least one, each one Kubernetes knows, ReadWriteOncePod alone.
 */
export function checkAccessModes(value: unknown, field: string, report: Report): void {
  const modes = list(value);
  if (modes.length === 0) report(MESSAGES.requiredValue, field, 'accessModes must list at least one access mode');
  modes.forEach((mode, i) => {
    if (!ACCESS_MODES.includes(mode as string)) report(MESSAGES.unsupportedValue, `${field}[${i}]`, `access mode must be one of ${ACCESS_MODES.join(', ')}, got ${show(mode)}`);
  });
  if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m as string))) {
    report(MESSAGES.invalidFieldValue, field, 'ReadWriteOncePod may not be combined with other access modes');
  }
}

function checkClaimSpec(spec: Fields, path: string, report: Report): void {
  checkAccessModes(spec.accessModes, `${path}.accessModes`, report);
  checkLabelSelector(spec.selector, join(path, 'selector'), report);
  const storage = record(record(spec.resources)?.requests)?.storage;
  const amount = parseResourceQuantity(storage);
  if (!isSet(storage)) report(MESSAGES.requiredValue, `${path}.resources.requests.storage`, 'a storage request is required');
  else if (amount !== undefined && quantitySign(amount) <= 0) report(MESSAGES.invalidFieldValue, `${path}.resources.requests.storage`, `storage request must be greater than 0, got ${show(storage)}`);
  const className = str(spec.storageClassName);
  const classProblem = className === '' ? undefined : dnsSubdomainProblem(className);
  if (classProblem) report(MESSAGES.invalidFieldValue, join(path, 'storageClassName'), `must be ${classProblem}, got ${show(className)}`);
  if (isSet(spec.volumeMode) && !VOLUME_MODES.includes(str(spec.volumeMode))) {
    report(MESSAGES.unsupportedValue, join(path, 'volumeMode'), `must be one of ${VOLUME_MODES.join(', ')}, got ${show(spec.volumeMode)}`);
  }
  checkDataSources(spec, path, report);
}

/** A data source as PrepareForCreate leaves it, then validateDataSource / validateDataSourceRef, then that they agree. */
function checkDataSources(spec: Fields, path: string, report: Report): void {
  let ref = record(spec.dataSourceRef);
  if (ref && str(ref.namespace) !== '') ref = undefined;
  let source = record(spec.dataSource);
  if (source && !ref && !isKnownSource(source)) source = undefined;
  if (source) checkReference(source, join(path, 'dataSource'), report);
  if (ref) checkReference(ref, join(path, 'dataSourceRef'), report);
  // isDataSourceEqualDataSourceRef compares the API groups as pointers: left out and "" differ
  const group = (r: Fields) => (isSet(r.apiGroup) ? str(r.apiGroup) : undefined);
  if (source && ref && (group(source) !== group(ref) || str(source.kind) !== str(ref.kind) || str(source.name) !== str(ref.name))) {
    report(MESSAGES.invalidFieldValue, join(path, 'dataSource'), 'must match dataSourceRef (its apiGroup, kind and name) when both are given');
  }
}

/** EnforceDataSourceBackwardsCompatibility keeps a dataSource that is a claim or a VolumeSnapshot. */
function isKnownSource(source: Fields): boolean {
  const group = str(source.apiGroup);
  return (group === '' && str(source.kind) === 'PersistentVolumeClaim') || (group === SNAPSHOT_GROUP && str(source.kind) === 'VolumeSnapshot');
}

function checkReference(ref: Fields, field: string, report: Report): void {
  if (str(ref.name) === '') report(MESSAGES.requiredValue, join(field, 'name'), 'the data source needs a name');
  const kind = str(ref.kind);
  if (kind === '') report(MESSAGES.requiredValue, join(field, 'kind'), 'the data source needs a kind');
  const group = str(ref.apiGroup);
  if (group === '' && kind !== '' && kind !== 'PersistentVolumeClaim') {
    report(MESSAGES.invalidFieldValue, field, `a data source of the core group must be a PersistentVolumeClaim, got ${show(kind)}`);
  }
  const groupProblem = group === '' ? undefined : dnsSubdomainProblem(group);
  if (groupProblem) report(MESSAGES.invalidFieldValue, join(field, 'apiGroup'), `must be ${groupProblem}, got ${show(group)}`);
}
