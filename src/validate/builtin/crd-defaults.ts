// The defaults of a CRD's structural schema, as the API server checks them at create (apiextensions-apiserver v0.33's
// structuraldefaulting.ValidateDefaults, with pruned defaults required): each `default` of a node reached through
// properties and items (not additionalProperties, which Go's walk does not enter) must hold no field the schema would
// prune ("must not have unknown fields"), and must validate against its node's schema, and then against the node's
// CEL rules and those below it, as a value of the node would. A default inside a resource's metadata, apiVersion or
// kind, which Go checks as the metadata it would make, is left alone here (the schema walk already refuses one at the
// top level). Only the CEL rules lint evaluates as the API server does are run (../set-crd-rules.ts).
import type { SchemaNode } from '../../codegen/extract-schemas';
import { MESSAGES, type MessageType } from '../findings';
import { vetSetCrdRules } from '../set-crd-rules';
import { compileSchema, join, NodeRules, SchemaProblem, SchemaSink } from '../structural';
import { Fields, isSet, record } from './go-values';

type Add = (type: MessageType, field: string, message: string) => void;

const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

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

/** One default: no unknown fields, then its node's schema, then (when the schema passes) the rules. */
function checkDefault(node: Fields, value: unknown, field: string, add: Add): void {
  const check = compileSchema(vetSetCrdRules(node as SchemaNode), 'crd');
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
    for (const [, inner, message] of problems) add(MESSAGES.invalidFieldValue, at(inner), `the default ${message}`);
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
