// Labels, annotations, finalizers and label selectors, as apimachinery's ValidateObjectMeta, ValidateLabels,
// ValidateAnnotations and ValidateLabelSelector check them for every kind, custom resources included.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, goToLower, list, record, text } from './go-values';
import { labelValueProblem, qualifiedNameProblem } from './identifiers';
import { Report } from './report';

/** apimachinery TotalAnnotationSizeLimitB: keys and values together, in bytes. */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

/** Label keys and values of a label map (metadata.labels, a selector's matchLabels, a nodeSelector). */
export function checkLabels(labels: unknown, field: string, report: Report): void {
  for (const [key, value] of entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) report(MESSAGES.invalidLabelOrAnnotation, join(field, key), `label key must be ${keyProblem}, got ${show(key)}`);
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (valueProblem) report(MESSAGES.invalidLabelOrAnnotation, join(field, key), `label value must be ${valueProblem}, got ${show(value)}`);
  }
}

/** Annotation keys (qualified names, case-insensitively) and their total size. */
export function checkAnnotations(annotations: unknown, field: string, report: Report): void {
  let size = 0;
  for (const [key, value] of entries(annotations)) {
    const keyProblem = qualifiedNameProblem(goToLower(key));
    if (keyProblem) report(MESSAGES.invalidLabelOrAnnotation, join(field, key), `annotation key must be ${keyProblem}, got ${show(key)}`);
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_SIZE_LIMIT) {
    report(MESSAGES.sizeLimitExceeded, field, `annotations must total at most ${ANNOTATIONS_SIZE_LIMIT} bytes (keys and values), got ${size}`);
  }
}

/** Labels, annotations and finalizers of an ObjectMeta, or of a pod template's metadata. */
export function checkObjectMeta(metadata: unknown, field: string, report: Report): void {
  const meta = record(metadata);
  if (!meta) return;
  checkLabels(meta.labels, join(field, 'labels'), report);
  checkAnnotations(meta.annotations, join(field, 'annotations'), report);
  list(meta.finalizers).forEach((finalizer, i) => {
    const problem = typeof finalizer === 'string' ? qualifiedNameProblem(finalizer) : undefined;
    if (problem) report(MESSAGES.invalidFieldValue, `${field}.finalizers[${i}]`, `finalizer must be ${problem}, got ${show(finalizer)}`);
  });
  // ValidateFinalizers: the two deletion propagation finalizers exclude each other
  const finalizers = list(meta.finalizers);
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    report(MESSAGES.invalidFieldValue, `${field}.finalizers`, 'finalizers orphan and foregroundDeletion may not both be set');
  }
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A LabelSelector's labels and expressions (ValidateLabelSelector, invalid label values not allowed). */
export function checkLabelSelector(selector: unknown, field: string, report: Report): void {
  const s = record(selector);
  if (!s) return;
  checkLabels(s.matchLabels, join(field, 'matchLabels'), report);
  list(s.matchExpressions).forEach((expression, i) => {
    const path = `${field}.matchExpressions[${i}]`;
    const e = record(expression) ?? {};
    const values = list(e.values);
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) report(MESSAGES.requiredValue, `${path}.values`, `values must be given when operator is ${e.operator}`);
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) report(MESSAGES.invalidFieldValue, `${path}.values`, `values must be empty when operator is ${e.operator}, got ${show(values)}`);
    } else {
      report(MESSAGES.unsupportedValue, `${path}.operator`, `operator must be one of ${SELECTOR_OPERATORS.join(', ')}, got ${show(e.operator ?? '')}`);
    }
    const keyProblem = qualifiedNameProblem(text(e.key) ?? '');
    if (keyProblem) report(MESSAGES.invalidLabelOrAnnotation, `${path}.key`, `label key must be ${keyProblem}, got ${show(e.key ?? '')}`);
    values.forEach((value, j) => {
      const problem = typeof value === 'string' ? labelValueProblem(value) : undefined;
      if (problem) report(MESSAGES.invalidLabelOrAnnotation, `${path}.values[${j}]`, `label value must be ${problem}, got ${show(value)}`);
    });
  });
}

/** Whether a LabelSelector selects nothing at all (no labels, no expressions). */
export function isEmptySelector(selector: unknown): boolean {
  const s = record(selector);
  return entries(s?.matchLabels).length + list(s?.matchExpressions).length === 0;
}

/** Whether a LabelSelector matches a label set, as labels.Selector.Matches does. */
export function selectorMatches(selector: unknown, labels: unknown): boolean {
  const s = record(selector) ?? {};
  const set = record(labels) ?? {};
  const has = (key: string) => Object.prototype.hasOwnProperty.call(set, key);
  for (const [key, value] of entries(s.matchLabels)) if (!has(key) || set[key] !== (value ?? '')) return false;
  for (const expression of list(s.matchExpressions)) {
    const e = record(expression) ?? {};
    const key = String(e.key ?? '');
    const values = list(e.values);
    const ok = {
      In: has(key) && values.includes(set[key]),
      NotIn: !has(key) || !values.includes(set[key]),
      Exists: has(key),
      DoesNotExist: !has(key),
    }[e.operator as string];
    if (!ok) return false;
  }
  return true;
}
