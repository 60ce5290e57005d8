// Schemas for kinds that no pinned CRD defines, from maintained model packages: Argo CD's `Application`,
// `ApplicationSet` and `AppProject` (@kubernetes-models/argo-cd, generated from Argo CD 2.14.11's CRDs) and Flux's
// `GitRepository` and `Kustomization` v1 (@kubernetes-models/flux-cd, from source-controller 1.2.4 and
// kustomize-controller 1.2.2), the kinds the GitOps output is made of. The CRDs cannot be pinned in ../shared (no
// download at build or test time); the packages ship their schemas compiled to ajv validators, which are run here and
// reported as the pinned schemas are (TT0001, TT0002).
//
// Their schemas leave out what makes an unknown field an error (the API server prunes unknown fields of a structural
// CRD, and rejects them with `kubectl apply --validate=strict`, as the pinned schemas do): the object is therefore
// validated through a proxy that records which fields the validator looks up in each object. A field it never looked
// up, in an object whose fields it did look up (one with declared properties) and did not enumerate (a map, such as
// labels), is unknown to the schema.
//
// The packages' current majors (argo-cd 4, flux-cd 3 and 4) are ES modules only and need Node.js 22: these are the
// last majors that load as CommonJS on Node.js 20. The validators are loaded on first use, so that synths and lints
// without these kinds do not pay the ~20 ms their loading costs.
/* eslint-disable @typescript-eslint/no-require-imports */
import type { KindSchema } from './schemas';
import { join, SchemaSink, show } from './structural';

/** A model class of the packages: its prototype's `validate` checks `this` and throws the ajv errors. */
interface ModelClass {
  readonly prototype: { validate(): void };
}

/** One ajv error, as the packages' validators report them. */
interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

// `require` with a literal path: esbuild bundles the module, and runs it only when the kind is first checked
const MODELS: Readonly<Record<string, () => ModelClass>> = {
  'argoproj.io/v1alpha1/Application': () => require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application').Application,
  'argoproj.io/v1alpha1/ApplicationSet': () => require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet').ApplicationSet,
  'argoproj.io/v1alpha1/AppProject': () => require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject').AppProject,
  'source.toolkit.fluxcd.io/v1/GitRepository': () => require('@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository').GitRepository,
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': () => require('@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization').Kustomization,
};

const schemas = new Map<string, KindSchema>();

/** The model package's schema of `apiVersion`/`kind`, or undefined when neither package models the kind. */
export function modelSchemaFor(apiVersion: string, kind: string): KindSchema | undefined {
  const key = `${apiVersion}/${kind}`;
  const load = MODELS[key];
  if (!load) return undefined;
  let schema = schemas.get(key);
  if (!schema) {
    const model = load();
    // every kind of both packages lives in a namespace; the packages do not say which kinds have the status
    // subresource, so a status is checked as the rest of the object
    schema = { namespaced: true, check: (value, field, sink) => checkWithModel(key, model, value, field, sink), status: 'validated' };
    schemas.set(key, schema);
  }
  return schema;
}

/** The apiVersion/kind pairs the model packages check. */
export const MODEL_KINDS: readonly string[] = Object.keys(MODELS);

function checkWithModel(kindKey: string, model: ModelClass, value: unknown, field: string, sink: SchemaSink): void {
  const objects: TracedObject[] = [];
  let errors: readonly AjvError[] = [];
  try {
    model.prototype.validate.call(traced(value, field, objects));
  } catch (err) {
    const reported = (err as { errors?: unknown }).errors;
    if (!Array.isArray(reported)) throw err;
    errors = reported as AjvError[];
  }
  const seen = new Set<string>();
  for (const error of errors) {
    // a branch of anyOf/oneOf is reported with the combinator's own error, which says it once
    if (/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath)) continue;
    const { path, message } = describe(error, value, field);
    const key = `${path}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sink.report('schema', path, message);
  }
  for (const object of objects) {
    if (object.enumerated || object.read.size === 0) continue;
    const known = [...object.read];
    const untraced = UNTRACED_STRINGS[`${kindKey}\u0000${object.field.replace(/\[\d+\]/g, '[]')}`] ?? [];
    for (const name of Object.keys(object.value)) {
      if (object.read.has(name)) continue;
      const path = join(object.field, name);
      if (!untraced.includes(name)) sink.report('unknown-field', path, `is not a field of this schema; known fields: ${known.join(', ')}`);
      // a null the API server prunes (the field is not nullable)
      else if (typeof object.value[name] !== 'string' && object.value[name] !== null) sink.report('schema', path, `must be a string, got ${show(object.value[name])}`);
    }
  }
}

// String properties of the CRDs that the packages' compiled validators lost (their generator drops schema keys named
// `description`, real properties of that name too), by kind and the path of their object (indexes as []): the
// typings declare them, and Argo CD 2.14.11's appproject-crd.yaml has them
const UNTRACED_STRINGS: Readonly<Record<string, readonly string[]>> = {
  'argoproj.io/v1alpha1/AppProject\u0000spec': ['description'],
  'argoproj.io/v1alpha1/AppProject\u0000spec.roles[]': ['description'],
};

/** An object (not an array) the validator was given, and what it did with it. */
interface TracedObject {
  readonly field: string;
  readonly value: Record<string, unknown>;
  /** The names it looked up. */
  readonly read: Set<string>;
  /** Whether it listed the object's keys (as it does for maps). */
  enumerated: boolean;
}

/** `value` behind a proxy that records, for it and every object in it, what the validator looks up. */
function traced(value: unknown, field: string, objects: TracedObject[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const isArray = Array.isArray(value);
  const record: TracedObject | undefined = isArray
    ? undefined
    : { field, value: value as Record<string, unknown>, read: new Set(), enumerated: false };
  if (record) objects.push(record);
  const children = new Map<string, unknown>();
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) {
        if (typeof key === 'string') record?.read.add(key);
        return Reflect.get(target, key, receiver);
      }
      record?.read.add(key);
      if (!children.has(key)) {
        const child = (target as Record<string, unknown>)[key];
        children.set(key, traced(child, isArray ? `${field}[${key}]` : join(field, key), objects));
      }
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === 'string') record?.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      if (record) record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/** An ajv error as a finding says it: the field's path, and what is wrong with the value there. */
function describe(error: AjvError, root: unknown, field: string): { path: string; message: string } {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = field;
  let value = root;
  for (const segment of segments) {
    path = Array.isArray(value) ? `${path}[${segment}]` : join(path, segment);
    value = (value as Record<string, unknown> | undefined)?.[segment];
  }
  const { params } = error;
  switch (error.keyword) {
    case 'required':
      return { path: join(path, String(params.missingProperty)), message: 'is required' };
    case 'type':
      return { path, message: `must be ${article(String(params.type).replace(/,/g, ' or '))}, got ${show(value)}` };
    case 'enum':
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map(show).join(', ')}, got ${show(value)}` };
    case 'pattern':
      return { path, message: `must match the pattern ${String(params.pattern)}, got ${show(value)}` };
    default:
      return { path, message: `${error.message ?? `fails ${error.keyword}`}, got ${show(value)}` };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
