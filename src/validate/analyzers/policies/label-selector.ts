// Label selectors built from a map, as Kubernetes' `labels.SelectorFromSet` builds them for istioctl's analyzers.
import { join } from '../../structural';

/** Whether `labels` has every pair of `selector`; an empty selector matches everything. */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The selector as istioctl prints it: `k=v` pairs sorted by key, joined by `,`; empty for an empty selector. */
export function selectorString(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}

/** A list of names as istioctl prints a Go `[]string`: sorted, `[a b]`. */
export function nameList(names: Iterable<string>): string {
  return `[${[...new Set(names)].sort().join(' ')}]`;
}

/**
 * The field of a selector's first label (by key), where istioctl places a finding about the selector:
 * `spec.selector.matchLabels.app`, `spec.selector.matchLabels["app.kubernetes.io/name"]`.
 */
export function firstLabelField(labelsField: string, selector: Readonly<Record<string, string>>): string {
  const [first] = Object.keys(selector).sort();
  return first === undefined ? labelsField : join(labelsField, first);
}
