import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@bufbuild/cel';
import type { CrdSchema } from '../src/codegen/extract-schemas';
import { lazyEntries } from '../src/codegen/entry-per-line-json';
import { celExpressionsOf, decodeBigints, encodeBigints, PARSED_CEL_FILE, parsedCelJson, parseTreeJson } from '../src/codegen/parsed-cel';

const schemas = path.join(__dirname, '..', 'imports', 'schemas');

describe('CEL expressions parsed by npm run import', () => {
  test('a tree written and read back is the tree @bufbuild/cel parses, bigints included', () => {
    const expressions = [
      'self.size() <= 9223372036854775807 && self.all(x, x > -5 && x != 18446744073709551615u)',
      "self.name == '{\"$bigint\":\"1\"}' || self.name == '12n'",
      "has(self.a) ? self.a.matches('^[a-z]+$') : duration('1s') < duration('2s')",
    ];
    const read = lazyEntries<unknown>(parsedCelJson(expressions));
    for (const expression of expressions) expect(decodeBigints(read(expression))).toEqual(parse(expression));
    // as validation reads them: the walk that restores bigints only where the text has one
    const asValidated = lazyEntries<unknown>(Buffer.from(parsedCelJson(expressions)), parseTreeJson);
    for (const expression of expressions) expect(asValidated(expression)).toEqual(parse(expression));
    expect(parseTreeJson(JSON.stringify(encodeBigints(parse(expressions[0]))))).toEqual(parse(expressions[0]));
    expect(parseTreeJson(JSON.stringify(encodeBigints(parse('true'))))).toEqual(parse('true'));
  });

  test('an expression that does not parse is left out, to fail where it is used', () => {
    const read = lazyEntries<unknown>(parsedCelJson(['self.a ==', 'true']));
    expect(read('self.a ==')).toBeUndefined();
    expect(decodeBigints(read('true'))).toEqual(parse('true'));
  });

  test('bigints are encoded and decoded, and nothing else changes', () => {
    const value = { id: 3n, list: [1, '2', -7n, '8n'], nested: { value: 0n, flag: true, none: null } };
    const encoded = encodeBigints(value);
    expect(JSON.parse(JSON.stringify(encoded))).toEqual({
      id: { $bigint: '3' },
      list: [1, '2', { $bigint: '-7' }, '8n'],
      nested: { value: { $bigint: '0' }, flag: true, none: null },
    });
    expect(decodeBigints(JSON.parse(JSON.stringify(encoded)))).toEqual(value);
  });

  test(`the committed ${PARSED_CEL_FILE} holds exactly the pinned CRDs' expressions, each as @bufbuild/cel parses it`, () => {
    const crds = JSON.parse(readFileSync(path.join(schemas, 'crds.json'), 'utf8')) as Record<string, CrdSchema>;
    const expressions = celExpressionsOf(crds);
    expect(expressions.length).toBeGreaterThan(100);
    const committed = JSON.parse(readFileSync(path.join(schemas, PARSED_CEL_FILE), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(committed).sort()).toEqual(expressions);
    for (const expression of expressions) expect(decodeBigints(committed[expression])).toEqual(parse(expression));
    const asValidated = lazyEntries<unknown>(readFileSync(path.join(schemas, PARSED_CEL_FILE)), parseTreeJson);
    for (const expression of expressions) expect(asValidated(expression)).toEqual(parse(expression));
  });
});
