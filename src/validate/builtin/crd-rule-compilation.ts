// Whether the API server compiles a CRD's CEL rules (apiextensions-apiserver v0.33's cel.Compile, on the declared
// types apiserver's SchemaDeclType makes of the schema), with ./cel-check.ts for each expression:
// - the node has a type CEL is given (not one that only keeps unknown fields);
// - a rule reads `self` and `oldSelf`; every field it selects is declared on an object's type: the node's properties
//   (those with a type CEL is given), none of an object without properties (even one that keeps unknown fields), and
//   at a resource's root only apiVersion, kind and metadata's name and generateName;
// - a rule evaluates to a bool (not dyn: an int-or-string value), and then a messageExpression to a string;
// - `oldSelf` only where old and new values correlate (not under the items of a list that is not a map list), and
//   `optionalOldSelf` only on a rule that reads oldSelf (since 1.29, which brought the field: a 1.27 API server
//   does not know it, and a strict create refuses it as an unknown field);
// - each rule's estimated cost (./cel-cost.ts), times the most times its node can occur, and each messageExpression's
//   within their budget (./crd-rule-costs.ts), and their total for the schema's.
import { MESSAGES, type MessageType } from '../findings';
import { join } from '../structural';
import type { KubernetesVersion } from '../schemas';
import { type CelEnv, compileCel, type Compiled } from './cel-check';
import { estimateCost, schemaSizes } from './cel-cost';
import { hasFeature, OPTIONAL_OLD_SELF } from './cel-environments';
import { BOOL, type CelType, describe, mismatches, optionalOf, STRING } from './cel-types';
import { declNode, type DeclNode } from './crd-decl-types';
import { costLimitMessage, maxCardinality, type RuleCostTotal, STATIC_ESTIMATED_COST_LIMIT, timesCardinality } from './crd-rule-costs';
import { Fields, isSet, list, record, str } from './go-values';

/**
 * Where the rules are: the node's path, the highest path above it whose values do not correlate, if any, and the most
 * times the node can occur (the product of maxItems and maxProperties above it; undefined where one is missing).
 */
export interface SchemaPath {
  readonly field: string;
  readonly uncorrelatable?: string;
  readonly cardinality: bigint | undefined;
}

type Add = (type: MessageType, field: string, message: string) => void;

/** The rules of a node whose schema is structural and free of problems, compiled as the API server compiles them. */
export function compileRules(
  schema: Fields, isResourceRoot: boolean, path: SchemaPath, add: Add, libraries: KubernetesVersion, costs: RuleCostTotal,
): void {
  const self = declNode(schema, isResourceRoot);
  if (!self) {
    // cel.Compile: failed to convert to declType for CEL validation rules
    add(MESSAGES.invalidFieldValue, join(path.field, 'x-kubernetes-validations'), 'no rule can be compiled here: CEL is given no type for this node (give it a type; a node that only keeps unknown fields has none)');
    return;
  }
  const hasOptionalOldSelf = hasFeature(OPTIONAL_OLD_SELF, libraries);
  list(schema['x-kubernetes-validations']).forEach((value, i) => {
    const rule = record(value) ?? {};
    const at = `${join(path.field, 'x-kubernetes-validations')}[${i}]`;
    const optionalOldSelf = hasOptionalOldSelf && rule.optionalOldSelf === true;
    const env: CelEnv = { variables: new Map([['self', self.type], ['oldSelf', optionalOldSelf ? optionalOf(self.type) : self.type]]), undeclaredHint: HINT, noFieldsHint: NO_FIELDS, libraries };
    const compiled = compileCel(str(rule.rule), env);
    // compileRule: the compilation, the type, then the program
    const notCompiled = compiled.problem !== undefined && !compiled.instantiation;
    const notBool = !notCompiled && mismatches(compiled.type, BOOL);
    // the cost of a rule that compiles, times the times its node can occur (else as often as its smallest value fits)
    const cost = compiled.problem === undefined && !notBool ? ruleCost(compiled, self, libraries) : 0n;
    const expressionCost = cost === undefined ? undefined : timesCardinality(cost, path.cardinality ?? maxCardinality(self.minSerializedSize));
    if (expressionCost !== undefined && expressionCost > STATIC_ESTIMATED_COST_LIMIT) {
      add(MESSAGES.invalidFieldValue, join(at, 'rule'), costLimitMessage('estimated rule cost', expressionCost, STATIC_ESTIMATED_COST_LIMIT));
    }
    observe(costs, join(at, 'rule'), expressionCost);
    if (notCompiled) add(MESSAGES.invalidFieldValue, join(at, 'rule'), `compilation failed: ${compiled.problem}`);
    else if (notBool) add(MESSAGES.invalidFieldValue, join(at, 'rule'), `cel expression must evaluate to a bool, got ${describe(compiled.type as CelType)}`);
    else if (compiled.problem !== undefined) add(MESSAGES.invalidFieldValue, join(at, 'rule'), `program instantiation failed: ${compiled.problem}`);
    // compileRule stops at a rule that fails, before its messageExpression
    const messageExpression = compiled.problem === undefined && !notBool ? str(rule.messageExpression) : '';
    if (messageExpression.trim() !== '') {
      const message = compileCel(messageExpression, env);
      const messageNotCompiled = message.problem !== undefined && !message.instantiation;
      if (messageNotCompiled) add(MESSAGES.invalidFieldValue, join(at, 'messageExpression'), `messageExpression compilation failed: ${message.problem}`);
      else if (mismatches(message.type, STRING)) {
        add(MESSAGES.invalidFieldValue, join(at, 'messageExpression'), `messageExpression must evaluate to a string, got ${describe(message.type as CelType)}`);
      } else if (message.problem !== undefined) {
        add(MESSAGES.invalidFieldValue, join(at, 'messageExpression'), `messageExpression instantiation failed: ${message.problem}`);
      } else {
        // a messageExpression's cost is not multiplied by its node's cardinality
        const messageCost = ruleCost(message, self, libraries);
        if (messageCost !== undefined && messageCost > STATIC_ESTIMATED_COST_LIMIT) {
          add(MESSAGES.invalidFieldValue, join(at, 'messageExpression'), costLimitMessage('estimated messageExpression cost', messageCost, STATIC_ESTIMATED_COST_LIMIT));
        }
        observe(costs, join(at, 'messageExpression'), messageCost);
      }
    }
    // of a rule that does not compile, cel.Compile tells no use of oldSelf; compileRule reads it before the program
    const usesOldSelf = !notCompiled && !notBool && compiled.type !== undefined && compiled.reads.has('oldSelf');
    if (usesOldSelf && path.uncorrelatable !== undefined) {
      add(MESSAGES.invalidFieldValue, join(at, 'rule'), `oldSelf cannot be used on the uncorrelatable portion of the schema within ${path.uncorrelatable} (the items of a list correlate only in a map list)`);
    } else if (hasOptionalOldSelf && !usesOldSelf && isSet(rule.optionalOldSelf) && (compiled.problem !== undefined || compiled.type !== undefined)) {
      add(MESSAGES.invalidFieldValue, join(at, 'optionalOldSelf'), 'may not be set if oldSelf is not used in rule');
    }
  });
}

const HINT = 'a rule reads its value as self, and the value before an update as oldSelf';
const NO_FIELDS = ': an object without properties declares no field';

/**
 * The estimated cost of a compiled expression on its node, or undefined where it is not estimated here: where a type
 * it needs is not known, and at 1.27, whose cel-go (v0.12.7) estimates otherwise.
 */
function ruleCost(compiled: Compiled, self: DeclNode, libraries: KubernetesVersion): bigint | undefined {
  if (libraries === '1.27' || !compiled.checked) return undefined;
  return estimateCost(compiled.checked, schemaSizes(self))?.max;
}

function observe(costs: RuleCostTotal, field: string, cost: bigint | undefined): void {
  if (cost === undefined) costs.known = false;
  else costs.observe(field, cost);
}
