// Kubernetes label selectors (metav1.LabelSelector): matchLabels and matchExpressions, as the controllers match pods.

/** A requirement of a label selector. */
interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A compiled label selector. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly requirements: readonly Requirement[];
}

/** The selector of `value` (a LabelSelector object, or a plain map as Services and operators use), or undefined. */
export function labelSelectorOf(value: unknown, plainMap = false): LabelSelector | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (plainMap) return { matchLabels: stringMap(value), requirements: [] };
  const selector = value as { matchLabels?: unknown; matchExpressions?: unknown };
  const requirements = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions.map((e: { key?: unknown; operator?: unknown; values?: unknown }) => ({
      key: String(e?.key ?? ''),
      operator: String(e?.operator ?? ''),
      values: Array.isArray(e?.values) ? e.values.map(String) : [],
    }))
    : [];
  return { matchLabels: stringMap(selector.matchLabels), requirements };
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** Whether `selector` selects a pod with `labels`; an empty selector selects nothing here (a controller requires one). */
export function selects(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (Object.keys(selector.matchLabels).length === 0 && selector.requirements.length === 0) return false;
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    if (r.operator === 'In' && !(has && r.values.includes(labels[r.key]))) return false;
    if (r.operator === 'NotIn' && has && r.values.includes(labels[r.key])) return false;
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** `k=v,k2=v2` of the matchLabels and the expressions, for messages. */
export function describeSelector(selector: LabelSelector): string {
  return [
    ...Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...selector.requirements.map((r) => `${r.key} ${r.operator}${r.values.length ? ` (${r.values.join(', ')})` : ''}`),
  ].join(',');
}
