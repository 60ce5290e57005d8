// Kubernetes label selectors (metav1.LabelSelector: matchLabels and matchExpressions), as admission webhooks and
// Istio's injector evaluate them with metav1.LabelSelectorAsSelector.
import { list, record, stringMap, text } from './manifest-values';

/** Whether a selector (as written in a manifest) matches `labels`: undefined when the selector is invalid. */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean | undefined {
  if (selector === undefined || selector === null) return true;
  // a label the set has: own keys only (`toString` is no label of a plain object)
  const has = (key: string) => Object.hasOwn(labels, key);
  const s = record(selector);
  if (!s) return undefined;
  for (const [k, v] of Object.entries(stringMap(s.matchLabels))) if (!has(k) || labels[k] !== v) return false;
  for (const raw of list(s.matchExpressions)) {
    const e = record(raw);
    const key = text(e?.key);
    const values = list(e?.values).filter((v): v is string => typeof v === 'string');
    if (key === undefined) return undefined;
    switch (e?.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        if (!has(key) || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        if (has(key) && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        if (!has(key)) return false;
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        if (has(key)) return false;
        break;
      default:
        return undefined;
    }
  }
  return true;
}

/** Whether a selector selects nothing in particular (no matchLabels, no matchExpressions). */
export function isEmptySelector(selector: unknown): boolean {
  const s = record(selector);
  return Object.keys(record(s?.matchLabels) ?? {}).length === 0 && list(s?.matchExpressions).length === 0;
}
