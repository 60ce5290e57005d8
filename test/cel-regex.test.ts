// Kubernetes' CEL regex library, find() and findAll(), as Go's regexp answers (the cases are Go's documented ones and
// Kubernetes' CEL documentation's).
import { celValue, evaluateRule } from '../src/validate/cel';
import { findAllStrings, findString } from '../src/validate/cel-regex';

describe("Kubernetes' CEL regex library", () => {
  test("find is the leftmost match, or ''", () => {
    expect(findString('abc 123', '[0-9]+')).toBe('123');
    expect(findString('abc', '[0-9]+')).toBe('');
    // Karpenter's label domain rule
    expect(findString('karpenter.sh/nodepool', '^([^/]+)')).toBe('karpenter.sh');
    expect(findString('node.kubernetes.io/x', '^([^/]+)')).toBe('node.kubernetes.io');
  });

  test('findAll takes successive matches as regexp.FindAllString, an empty one not right after a match', () => {
    expect(findAllStrings('123 abc 456', '[0-9]+')).toEqual(['123', '456']);
    expect(findAllStrings('123 abc 456', '[0-9]+', 1)).toEqual(['123']);
    expect(findAllStrings('paranormal', 'a.')).toEqual(['ar', 'an', 'al']);
    expect(findAllStrings('paranormal', 'a.', 2)).toEqual(['ar', 'an']);
    expect(findAllStrings('graal', 'a.')).toEqual(['aa']);
    expect(findAllStrings('none', 'a.')).toEqual([]);
    expect(findAllStrings('x', 'a.', 0)).toEqual([]);
    // the empty match at 4, where "aaa" ended, is left out; the one at the end is not
    expect(findAllStrings('baaac', 'a*')).toEqual(['', 'aaa', '']);
    expect(findAllStrings('😀b', 'b*')).toEqual(['', 'b']);
  });

  test('a pattern Go refuses is an error, and one RegExp reads otherwise is never answered differently', () => {
    expect(() => findString('aa', '(a)\\1')).toThrow(/Illegal regex/);
    expect(() => findString('A', '(?i)a')).toThrow(/not evaluated here/);
  });

  test('rules call them as methods of strings', () => {
    expect(celValue("'abc 123'.find('[0-9]+') == '123'", new Map())).toBe(true);
    expect(celValue("'123 abc 456'.findAll('[0-9]+') == ['123', '456']", new Map())).toBe(true);
    expect(celValue("'123 abc 456'.findAll('[0-9]+', 1) == ['123']", new Map())).toBe(true);
    const rule = { rule: 'self in ["karpenter.sh/capacity-type"] || !self.find("^([^/]+)").endsWith("karpenter.sh")', message: 'restricted' };
    expect(evaluateRule(rule, 'karpenter.sh/custom', { type: 'string' })).toEqual({ ok: false, message: 'restricted' });
    expect(evaluateRule(rule, 'example.com/custom', { type: 'string' })).toEqual({ ok: true });
  });
});
