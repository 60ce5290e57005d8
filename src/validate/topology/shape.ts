// A small runtime type language for data that TypeScript types describe but that arrives unchecked (a topology
// edited without `tsc`, environment overrides): each shape checks a value and reports problems with the value's path.
import { quote } from '../../../constructs/prop-guards';

/** One problem with a value: where (`apps[2].replicas`), and what is wrong with it. */
export interface ShapeProblem {
  readonly path: string;
  readonly message: string;
}

/** Checks `value` at `path`, adding what is wrong to `problems`. */
export type Shape = (value: unknown, path: string, problems: ShapeProblem[]) => void;

/** A property of an {@link object} shape. */
export interface Property {
  readonly shape: Shape;
  readonly optional?: boolean;
}

/** The problem `message` about `value` at `path`, quoting the value. */
export function problem(path: string, message: string, ...got: [unknown?]): ShapeProblem {
  return { path, message: got.length > 0 ? `${message}, got ${quote(got[0])}` : message };
}

/** `path.key`, or `key` at the top. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const part = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  return path === '' ? part : part.startsWith('[') ? `${path}${part}` : `${path}.${part}`;
}

/** A required property. */
export const required = (shape: Shape): Property => ({ shape });
/** A property that may be left out (undefined). */
export const optional = (shape: Shape): Property => ({ shape, optional: true });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain object with exactly these properties; an unknown key is a problem that names the closest known key. */
export function object(properties: Readonly<Record<string, Property>>, what = 'an object'): Shape {
  const known = Object.keys(properties);
  return (value, path, problems) => {
    if (!isRecord(value)) return void problems.push(problem(path, `must be ${what}`, value));
    for (const key of Object.keys(value)) {
      if (properties[key] || value[key] === undefined) continue;
      const near = closest(key, known);
      problems.push(problem(join(path, key), `unknown key${near ? `; did you mean ${near}?` : `; known keys: ${known.join(', ')}`}`));
    }
    for (const [key, property] of Object.entries(properties)) {
      const v = value[key];
      if (v === undefined) {
        if (!property.optional) problems.push(problem(join(path, key), 'is required'));
      } else {
        property.shape(v, join(path, key), problems);
      }
    }
  };
}

/** An object whose keys are free and whose values all have `shape`; `keyShape` checks each key. */
export function record(shape: Shape, keyShape?: Shape): Shape {
  return (value, path, problems) => {
    if (!isRecord(value)) return void problems.push(problem(path, 'must be an object', value));
    for (const [key, v] of Object.entries(value)) {
      keyShape?.(key, `${join(path, key)} (key)`, problems);
      shape(v, join(path, key), problems);
    }
  };
}

/** An array of items of `shape`, with at least `minItems`. */
export function array(shape: Shape, minItems = 0): Shape {
  return (value, path, problems) => {
    if (!Array.isArray(value)) return void problems.push(problem(path, 'must be a list', value));
    if (value.length < minItems) problems.push(problem(path, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`, value));
    value.forEach((item, i) => shape(item, join(path, i), problems));
  };
}

/** The first of several shapes that fits; when none does, the problem names what each would allow. */
export function either(description: string, ...shapes: Shape[]): Shape {
  return (value, path, problems) => {
    for (const shape of shapes) {
      const found: ShapeProblem[] = [];
      shape(value, path, found);
      if (found.length === 0) return;
    }
    problems.push(problem(path, `must be ${description}`, value));
  };
}

/** A string, matching `pattern` when given (`rule` says what it allows). */
export function string(pattern?: RegExp, rule = 'a string', maxLength?: number): Shape {
  return (value, path, problems) => {
    if (typeof value !== 'string') return void problems.push(problem(path, `must be ${rule}`, value));
    if ((pattern && !pattern.test(value)) || (maxLength !== undefined && value.length > maxLength))
      problems.push(problem(path, `must be ${rule}`, value));
  };
}

/** A string with at least one non-space character. */
export const nonEmptyString: Shape = string(/\S/, 'a non-empty string');

/** One of a few strings. */
export function oneOf(...values: readonly string[]): Shape {
  return (value, path, problems) => {
    if (typeof value !== 'string' || !values.includes(value))
      problems.push(problem(path, `must be one of ${values.map((v) => `'${v}'`).join(', ')}`, value));
  };
}

/** A boolean. */
export const boolean: Shape = (value, path, problems) => {
  if (typeof value !== 'boolean') problems.push(problem(path, 'must be true or false', value));
};

/** A whole number within `min..max`. */
export function integer(min: number, max: number): Shape {
  return (value, path, problems) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(problem(path, `must be a whole number between ${min} and ${max}`, value));
    }
  };
}

/** A finite number within `min..max`. */
export function number(min: number, max: number): Shape {
  return (value, path, problems) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      problems.push(problem(path, `must be a number between ${min} and ${max}`, value));
    }
  };
}

/** A value that `test` accepts (an instance of a class: a `Fault`, a `Duration`), described as `what`. */
export function satisfying(test: (value: unknown) => boolean, what: string): Shape {
  return (value, path, problems) => {
    if (!test(value)) problems.push(problem(path, `must be ${what}`, value));
  };
}

/** The known key closest to a misspelt one, when it is close enough to be a likely typo. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
