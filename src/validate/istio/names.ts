// Names and label maps in Istio configuration as its webhook checks them: subset names (DNS-1123 labels), exportTo
// entries (pkg/config/visibility), label maps (pkg/config/labels Instance.Validate).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, list } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { isIstioLabel } from './hosts';

const TAG_KEY = /^((?:[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*\/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;
const TAG_VALUE = /^((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A subset name: set, and a DNS-1123 label. */
export function checkSubsetName(name: unknown, field: string, report: Report): void {
  if (typeof name !== 'string' || name === '') report(MESSAGES.istioValidationFailed, field, 'subset name must not be empty');
  else if (!isIstioLabel(name)) report(MESSAGES.istioValidationFailed, field, `subset name must be a DNS-1123 label, got ${show(name)}`);
}

/** A label map of Istio configuration (subset labels, sourceLabels): Kubernetes label keys and values. */
export function checkLabelMap(labels: unknown, field: string, report: Report): void {
  for (const [key, value] of entries(labels)) {
    const match = TAG_KEY.exec(key);
    if (!match || (match[1] !== undefined && match[1].length - 1 > 253) || match[2].length > 63) {
      report(MESSAGES.istioValidationFailed, join(field, key), `label key must be a Kubernetes label key, got ${show(key)}`);
    }
    if (typeof value === 'string' && !TAG_VALUE.test(value)) {
      report(MESSAGES.istioValidationFailed, join(field, key), `label value must be a Kubernetes label value, got ${show(value)}`);
    }
  }
}

/**
 * exportTo: ".", "*" alone, or namespaces (DNS-1123 labels), without duplicates; for a ServiceEntry also "~" (no one),
 * alone (validateExportTo).
 */
export function checkExportTo(value: unknown, namespace: string, field: string, report: Report, serviceEntry = false): void {
  const exportTo = list(value);
  const seen = new Map<string, unknown>();
  exportTo.forEach((entry, i) => {
    const path = `${field}[${i}]`;
    // "." is the object's own namespace
    const key = entry === '.' ? namespace : String(entry);
    const first = seen.get(key);
    if (seen.has(key)) {
      const how = first === entry ? '' : ` (as ${show(first)} and ${show(entry)}: . is the object's own namespace)`;
      report(MESSAGES.istioValidationFailed, path, `exportTo lists ${show(key)} twice${how}`);
    } else if (entry === '~' && !serviceEntry) report(MESSAGES.istioValidationFailed, path, 'exportTo ~ (no one) is only allowed in ServiceEntries');
    else if (entry !== '~' && entry !== '.' && entry !== '*' && !isIstioLabel(String(entry))) {
      report(MESSAGES.istioValidationFailed, path, `exportTo entry must be ., * or a namespace (a DNS-1123 label), got ${show(entry)}`);
    } else seen.set(key, entry);
  });
  if (seen.has('*') && exportTo.length > 1) report(MESSAGES.istioValidationFailed, field, `exportTo may not list * with other entries, got ${show(exportTo)}`);
  if (seen.has('~') && exportTo.length > 1) report(MESSAGES.istioValidationFailed, field, `exportTo may not list ~ (no one) with other entries, got ${show(exportTo)}`);
}
