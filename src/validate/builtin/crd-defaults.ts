// The defaults of a CRD's structural schema, as the API server checks them at create (apiextensions-apiserver v0.33's
// structuraldefaulting.ValidateDefaults, with pruned defaults required): each `default` of a node reached through
// properties and items (not additionalProperties, which Go's walk does not enter) must hold no field the schema would
// prune ("must not have unknown fields"), and must validate against its node's schema as written (no nested default
// applied first, no list's items checked for repeats), and then against the node's CEL rules and those below it. A
// default inside a resource's metadata, apiVersion or kind, which Go checks as the metadata it would make, is left
// alone here (the schema walk already refuses one at the top level). Only the CEL rules lint evaluates as the API
// server does are run (../set-crd-rules.ts).
import type { SchemaNode } from '../../codegen/extract-schemas';
import { MESSAGES, type MessageType } from '../findings';
import { vetSetCrdRules } from '../set-crd-rules';
import { compileSchema, join, NodeRules, SchemaProblem, SchemaSink } from '../structural';
import { Fields, isSet, record } from './go-values';

type Add = (type: MessageType, field: string, message: string) => void;

/** A resource's type and object metadata, under its root or an embedded resource's. */
export const META_FIELDS: ReadonlySet<string> = new Set(['metadata', 'kind', 'apiVersion']);
const STRIPPED_KEYS = new Set(['default', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-int-or-string']);

/** Checks every default of a structural schema (at `field`); returns how many problems it reported. */
export function checkDefaults(schema: Fields, field: string, add: Add): number {
  let count = 0;
  const problem: Add = (type, at, message) => {
    count++;
    add(type, at, message);
  };
  visit(schema, field, false, true, problem);
  return count;
}

function visit(node: Fields, field: string, insideMeta: boolean, isRoot: boolean, add: Add): void {
  const embedded = isRoot || node['x-kubernetes-embedded-resource'] === true;
  const meta = embedded ? false : insideMeta;
  if (isSet(node.default) && !meta) checkDefault(node, node.default, join(field, 'default'), add);
  const items = record(node.items);
  if (items) visit(items, join(field, 'items'), meta, false, add);
  for (const [name, value] of Object.entries(record(node.properties) ?? {})) {
    const property = record(value);
    if (property) visit(property, join(join(field, 'properties'), name), meta || (embedded && META_FIELDS.has(name)), false, add);
  }
}

/**
 * A node as the default is validated against it (ToKubeOpenAPI, with kube-openapi's validator): the default as written,
 * so no field is exempt from `required` by a default of its own; without the list types (their items' uniqueness is
 * checked of custom resources only, by the strategy); an int-or-string node typed only by its anyOf, if any.
 */
function asWritten(node: SchemaNode): SchemaNode {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (STRIPPED_KEYS.has(key)) continue;
    if (key === 'properties' && record(value)) {
      const properties = Object.entries(value as Fields).map(([name, child]) => [name, record(child) ? asWritten(child as SchemaNode) : child]);
      result[key] = Object.fromEntries(properties);
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && record(value)) {
      result[key] = asWritten(value as SchemaNode);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      result[key] = value.map((child) => (record(child) ? asWritten(child as SchemaNode) : child));
    } else {
      result[key] = value;
    }
  }
  return result as SchemaNode;
}

/** One default: no unknown fields, then its node's schema, then (when the schema passes) the rules. */
function checkDefault(node: Fields, value: unknown, field: string, add: Add): void {
  const check = compileSchema(asWritten(vetSetCrdRules(node as SchemaNode)), 'crd');
  const problems: [SchemaProblem, string, string][] = [];
  const pending: [NodeRules, unknown, string][] = [];
  let unknownFields = false;
  const sink: SchemaSink = {
    report(problem, at, message) {
      if (problem === 'unknown-field') unknownFields = true;
      else problems.push([problem, at, message]);
    },
    get count() {
      return problems.length;
    },
    rules(rules, ruleValue, at) {
      pending.push([rules, ruleValue, at]);
    },
  };
  check(value, '', sink);
  if (unknownFields) add(MESSAGES.invalidFieldValue, field, 'must not have unknown fields (the API server would prune them from the default)');
  const at = (inner: string) => (inner === '' ? field : inner.startsWith('[') ? `${field}${inner}` : `${field}.${inner}`);
  if (problems.length > 0) {
    for (const [, inner, message] of problems) add(MESSAGES.invalidFieldValue, at(inner), inner === '' ? `the default ${message}` : `${message} (in the default, as written)`);
    return;
  }
  const ruleSink: SchemaSink = {
    report(_problem, inner, message) {
      add(MESSAGES.validationRuleFailed, at(inner), `the default fails a rule: ${message}`);
    },
    count: 0,
  };
  for (const [rules, ruleValue, inner] of pending) rules.evaluate(ruleValue, inner, ruleSink);
}
