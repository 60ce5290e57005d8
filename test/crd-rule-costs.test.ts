// The budgets the API server holds a CRD's rules to at create (src/validate/builtin/crd-rule-costs.ts and its use in
// crd-rule-compilation.ts): a rule's estimated cost times the times its node can occur, a messageExpression's cost,
// and their total. Cases from apiextensions-apiserver v0.33.13's validation tests (TestValidateCustomResourceDefinition's
// cost cases, TestCostInfo, TestPerCRDEstimatedCost), read into test/fixtures/cel-cost/.
import totals from './fixtures/cel-cost/crd-cost-totals.json';
import validationCases from './fixtures/cel-cost/crd-validation-cost-cases.json';
import { validateObjects } from '../src/validate';
import { childCardinality, costLimitMessage, RuleCostTotal } from '../src/validate/builtin/crd-rule-costs';
import { obj } from './support/objects';

const ROOT = 'spec.versions[0].schema.openAPIV3Schema';
/** The messages of the costs' Forbidden errors. */
const COST = /: (?:estimated \w+ cost exceeds|contributed to estimated rule cost total|x-kubernetes-validations estimated rule cost total)/;

/** The findings of a CRD of one version whose schema is `openAPIV3Schema`, at `kubernetesVersion`. */
function lint(openAPIV3Schema: unknown, kubernetesVersion: '1.27' | '1.33' = '1.33'): string[] {
  const spec = { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }] };
  return validateObjects([{ object: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', { spec }, undefined) }], { kubernetesVersion })
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.field}: ${f.message}`);
}

/** A field path as apiextensions' tests write it (`spec.validation.openAPIV3Schema.properties[f].x-kubernetes-validations[0].rule`), as lint does. */
const lintPath = (goPath: string): string =>
  goPath
    .replace(/^spec\.validation\.openAPIV3Schema/, ROOT)
    .replace(/\.properties\[([^\]]+)\]/g, '.properties.$1')
    .replace(/\.x-kubernetes-validations\[/g, '["x-kubernetes-validations"][');

describe("a CRD's rules within the API server's cost budgets", () => {
  test.each(validationCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // the API server's Forbidden errors of the costs, by their field; no other error
    const found = lint(c.openAPIV3Schema);
    const forbidden = found.filter((line) => COST.test(line));
    expect(forbidden.map((line) => line.slice(0, COST.exec(line)!.index)).sort()).toEqual(c.forbidden.map(lintPath).sort());
    expect(found.filter((line) => !COST.test(line))).toEqual([]);
  });

  test("the messages: the rule's factor, the messageExpression's, the total and the rules that make it", () => {
    const names = { type: 'array', items: { type: 'string' }, 'x-kubernetes-validations': [{ rule: "self.all(x, x.matches('^[a-z]+$'))" }] };
    const at = `${ROOT}.properties.spec.properties.names["x-kubernetes-validations"][0]`;
    const advice = '(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)';
    expect(lint({ type: 'object', properties: { spec: { type: 'object', properties: { names } } } })).toEqual([
      `${at}.rule: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `${at}.rule: estimated rule cost exceeds budget by factor of more than 100x ${advice}`,
      `${ROOT}: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x ${advice}`,
    ]);
    // with maxItems and maxLength, the same rule is within its budget
    const bounded = { ...names, maxItems: 10, items: { type: 'string', maxLength: 16 } };
    expect(lint({ type: 'object', properties: { spec: { type: 'object', properties: { names: bounded } } } })).toEqual([]);
    // a string of unknown size: what string() gives, concatenated, is a traversal of up to 2^64 characters
    const replicas = { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= 0', messageExpression: "'replicas: ' + string(self)" }] };
    const message = `${ROOT}.properties.replicas["x-kubernetes-validations"][0].messageExpression`;
    expect(lint({ type: 'object', properties: { replicas } })).toEqual([
      `${message}: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `${message}: estimated messageExpression cost exceeds budget by factor of more than 100x ${advice}`,
      `${ROOT}: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x ${advice}`,
    ]);
    const formatted = { ...replicas, 'x-kubernetes-validations': [{ rule: 'self >= 0', messageExpression: "'replicas: %d'.format([self])" }] };
    expect(lint({ type: 'object', properties: { replicas: formatted } })).toEqual([]);
    // 1.27's cel-go estimates otherwise: there the estimate is not made
    expect(lint({ type: 'object', properties: { spec: { type: 'object', properties: { names } } } }, '1.27')).toEqual([]);
  });

  test("the factor as the API server writes it: six decimals under 1.5, one up to 100, Go's rounding of a tie", () => {
    const limit = 10_000_000n;
    const factor = (cost: bigint) => /factor of (.+?) \(try/.exec(costLimitMessage('estimated rule cost', cost, limit))?.[1];
    expect([10_000_001n, 14_999_999n, 15_000_000n, 22_500_000n, 23_500_000n, 10_078_125n, 1_000_000_000n, 1_000_000_001n].map(factor)).toEqual([
      '1.000000x', '1.500000x', '1.5x', '2.2x', '2.4x', '1.007812x', '100.0x', 'more than 100x',
    ]);
  });
});

describe('cardinality and totals (TestCostInfo, TestPerCRDEstimatedCost)', () => {
  const big = (value: number | string | null): bigint | undefined => (value === null ? undefined : BigInt(value));

  test.each(totals.cardinality.map((c) => [c.name, c] as const))('the cardinality of a node under %s', (_name, c) => {
    // the root's is 1; each child's its parent's times what the parent holds of it
    let cardinality: bigint | undefined = 1n;
    for (const schema of c.chain as Record<string, unknown>[]) {
      // a maxItems beyond 2^53 is read as JSON reads it, a number
      cardinality = childCardinality(cardinality, { ...schema, maxItems: schema.maxItems === undefined ? undefined : Number(schema.maxItems) });
    }
    expect(cardinality).toEqual(big(c.expectedMaxCardinality));
  });

  test.each(totals.totals.map((c) => [c.name, c] as const))('the total of %s', (_name, c) => {
    const total = new RuleCostTotal();
    for (const cost of c.costs) total.observe('f', BigInt(cost));
    expect(total.total).toBe(BigInt(c.expectedTotal));
    expect(total.mostExpensive.map((rule) => rule.cost)).toEqual(c.expectedExpensive.map((cost) => BigInt(cost)));
  });
});
