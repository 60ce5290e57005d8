// Object by object: which objects of an output were added, removed, moved or changed, and which fields changed.
import { OutputObject } from './output-objects';
import { asRecord, canonical, sameValue } from './yaml-value';

/** One changed field: its path (`spec.http[0].route[1].weight`) and its values; undefined means absent. */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** `order` when only the order of a list's named items changed (before and after are the names). */
  readonly note?: 'order';
}

/** How an object differs between two outputs. */
export interface ObjectChange {
  readonly change: 'added' | 'removed' | 'changed' | 'moved';
  /** Its file (for a moved object, where it is now). */
  readonly file: string;
  /** Where a moved object was. */
  readonly previousFile?: string;
  readonly id: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** What changed, for changed and moved objects. */
  readonly fields: readonly FieldChange[];
}

/**
 * The changes from `base` to `head`. Objects are matched by file and identity (`Kind namespace/name`); an object
 * that left one file for another, alone of its identity, is reported as moved, with its changes.
 */
export function diffObjects(base: readonly OutputObject[], head: readonly OutputObject[]): ObjectChange[] {
  const key = (o: OutputObject) => `${o.file}\u0000${o.id}`;
  const before = new Map(base.map((o) => [key(o), o]));
  const after = new Map(head.map((o) => [key(o), o]));
  const changes: ObjectChange[] = [];
  const removed: OutputObject[] = [];
  for (const [k, o] of before) {
    const now = after.get(k);
    if (!now) removed.push(o);
    else if (!sameValue(o.value, now.value)) changes.push({ change: 'changed', ...identity(now), fields: fieldChanges(o.value, now.value) });
  }
  const added = [...after].filter(([k]) => !before.has(k)).map(([, o]) => o);
  // an object removed from one file and added to another, the only one of its id on each side, moved
  const counts = (list: readonly OutputObject[]) => {
    const byId = new Map<string, number>();
    for (const o of list) byId.set(o.id, (byId.get(o.id) ?? 0) + 1);
    return byId;
  };
  const removedCount = counts(removed);
  const addedCount = counts(added);
  const addedById = new Map(added.map((a) => [a.id, a]));
  const moved = new Set<OutputObject>();
  for (const o of removed) {
    const to = removedCount.get(o.id) === 1 && addedCount.get(o.id) === 1 ? addedById.get(o.id) : undefined;
    if (to) {
      moved.add(to);
      changes.push({ change: 'moved', ...identity(to), previousFile: o.file, fields: fieldChanges(o.value, to.value) });
    } else {
      changes.push({ change: 'removed', ...identity(o), fields: [] });
    }
  }
  for (const o of added) if (!moved.has(o)) changes.push({ change: 'added', ...identity(o), fields: [] });
  return changes.sort((a, b) => compare(a.file, b.file) || compare(a.id, b.id));
}

function identity(o: OutputObject): Pick<ObjectChange, 'file' | 'id' | 'kind' | 'namespace' | 'name'> {
  return { file: o.file, id: o.id, kind: o.kind, namespace: o.namespace, name: o.name };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The fields that differ between two values, whatever the order of their keys. Mappings and lists are walked;
 * a list of scalars is one value; a list whose items all have distinct `name`s is matched by name
 * (`containers[name=app].image`), with a separate change when only their order changed.
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (sameValue(before, after)) return [];
  const a = asRecord(before);
  const b = asRecord(after);
  if (a && b) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => fieldChanges(a[k], b[k], childPath(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && !isScalarList(before) && !isScalarList(after)) {
    const namesBefore = itemNames(before);
    const namesAfter = itemNames(after);
    if (namesBefore && namesAfter) {
      const changes: FieldChange[] = [];
      const common = namesBefore.filter((n) => namesAfter.includes(n));
      const orderAfter = namesAfter.filter((n) => common.includes(n));
      if (common.join('\u0000') !== orderAfter.join('\u0000')) changes.push({ path: path || '.', before: common, after: orderAfter, note: 'order' });
      for (const n of [...new Set([...namesBefore, ...namesAfter])]) {
        changes.push(...fieldChanges(before[namesBefore.indexOf(n)], after[namesAfter.indexOf(n)], `${path}[name=${n}]`));
      }
      return changes;
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => fieldChanges(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return [{ path: path || '.', ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

function childPath(path: string, key: string): string {
  const step = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  return step.startsWith('[') || path === '' ? `${path}${step}` : `${path}.${step}`;
}

function isScalarList(list: readonly unknown[]): boolean {
  return list.every((item) => typeof item !== 'object' || item === null);
}

/** The `name` of each item when every item has a distinct one, else undefined. */
function itemNames(list: readonly unknown[]): string[] | undefined {
  const names = list.map((item) => asRecord(item)?.name);
  if (list.length === 0 || !names.every((n): n is string => typeof n === 'string')) return undefined;
  return new Set(names).size === names.length ? names : undefined;
}

/** How much of the text before the first difference {@link formatChange} keeps. */
const CONTEXT = 40;

/**
 * A value before and after a change, each as one short line of text: plain strings as they are, anything else as
 * compact JSON, absent as `(none)`. Where one is longer than `max`, both start a little before their first difference
 * (`…` marks what is left out), so that two long values differing past the first `max` characters do not read the same.
 */
export function formatChange(before: unknown, after: unknown, max = 160): [string, string] {
  const texts: [string, string] = [valueText(before), valueText(after)];
  // short ones as they are (a string is never shorter than its characters): only long ones are split into them
  if (texts[0].length <= max && texts[1].length <= max) return texts;
  const [a, b] = texts.map((t) => [...t]);
  if (a.length <= max && b.length <= max) return texts;
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  // equal values (an order change) have no difference to start at
  const start = same > CONTEXT && (same < a.length || same < b.length) ? same - CONTEXT : 0;
  return [excerpt(a, start, max), excerpt(b, start, max)];
}

function valueText(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'string' && value !== '' && !/^[\s"'[{]|[\n\r]|\s$|: |^(true|false|null|~|-?[\d.]+(e[+-]?\d+)?)$/i.test(value)
    ? value
    : canonicalJson(value);
}

/** `chars` from `start`, at most `max` characters with the marks of what is left out. */
function excerpt(chars: readonly string[], start: number, max: number): string {
  const lead = start > 0 ? '…' : '';
  const rest = chars.length - start;
  return rest + lead.length > max ? `${lead}${chars.slice(start, start + max - lead.length - 1).join('')}…` : `${lead}${chars.slice(start).join('')}`;
}

function canonicalJson(value: unknown): string {
  // canonical(): key order is noise in a value shown to a reader too
  return typeof value === 'object' && value !== null ? canonical(value) : JSON.stringify(value);
}
