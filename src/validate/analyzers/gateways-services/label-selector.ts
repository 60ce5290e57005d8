// Label selectors built from a map (a Gateway's `selector`, a Service's `spec.selector`), as Kubernetes'
// `labels.SelectorFromSet` reads them: every key present with an equal value, the empty map matching everything.

/** A label map: the string entries of `value`, or an empty map when it is none. */
export function labelMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) labels[k] = String(v);
  return labels;
}

/** Whether `labels` carry every entry of `selector` (an empty selector matches any labels). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

/** A selector as istioctl prints it: `k1=v1,k2=v2` by key, `` when empty. */
export function selectorText(selector: Readonly<Record<string, string>>): string {
  return sortedKeys(selector)
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}

/** The keys of a selector in istioctl's order (byte order, as Go sorts strings). */
export function sortedKeys(selector: Readonly<Record<string, string>>): string[] {
  return Object.keys(selector).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The JSON path of the entry `key` of the map at `field` (`spec.selector.istio`, `spec.selector["app.kubernetes.io/name"]`). */
export function entryField(field: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`;
}

/**
 * The JSON path of the first entry, in key order, of the selector map at `field`, where istioctl places findings about
 * a Gateway's selector (util.GatewaySelector with ExtractLabelFromSelectorString); undefined for an empty selector.
 */
export function firstLabelField(field: string, selector: Readonly<Record<string, string>>): string | undefined {
  const [first] = sortedKeys(selector);
  return first === undefined ? undefined : entryField(field, first);
}
