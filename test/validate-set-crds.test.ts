// A CustomResourceDefinition of the set checks its custom resources (kinds no pinned CRD or model package has), as a
// cluster that has it applied checks them: types, enums, required and unknown fields, and the CEL rules lint can run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintTargets } from '../src/lint/lint';
import { check, obj, withCode } from './support/objects';

const crd = (apiVersion = 'apiextensions.k8s.io/v1', extra: Record<string, unknown> = {}) =>
  obj(apiVersion, 'CustomResourceDefinition', 'widgets.example.com', {
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: {
                    size: { type: 'integer', minimum: 1 },
                    color: { type: 'string', enum: ['red', 'blue'], default: 'red' },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  },
                  'x-kubernetes-validations': [{ rule: 'self.size < 10', message: 'too big' }],
                },
              },
            },
          },
          ...extra,
        },
      ],
    },
  });
const widget = (spec: Record<string, unknown>, apiVersion = 'example.com/v1') => obj(apiVersion, 'Widget', 'w', { spec });
/** The Widget CRD with the schema of `spec` given (and no other property). */
const widgetCrd = (spec: Record<string, unknown>) =>
  crd('apiextensions.k8s.io/v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } });
/** A namespaced apiextensions v1 CRD of group example.com that serves `kind` in v1 with the schema given. */
const exampleCrd = (kind: string, plural: string, openAPIV3Schema: Record<string, unknown>) =>
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', `${plural}.example.com`, {
    spec: { group: 'example.com', scope: 'Namespaced', names: { kind, plural }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }] },
  });
/** The messages of the CEL rules a custom resource of the CRD given fails (TT0003), without the rule quoted after them. */
const ruleMessages = (crdObject: ReturnType<typeof obj>, spec: Record<string, unknown>) =>
  withCode(check(crdObject, widget(spec)), 'TT0003').map((f) => f.message.replace(/ \(rule: .*/, ''));
/** The rule messages a Widget CRD with these properties and rules gives for a spec, as ruleMessages words them. */
const rulesOf = (properties: Record<string, unknown>, rules: readonly { rule: string; message: string }[]) => {
  const crdObject = widgetCrd({ type: 'object', properties, 'x-kubernetes-validations': rules });
  return (spec: Record<string, unknown>) => ruleMessages(crdObject, spec);
};
const errors = (findings: ReturnType<typeof check>) => findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}: ${f.message}`);

describe("a CustomResourceDefinition of the set checks its kind's objects", () => {
  test('a valid object passes, its kind no longer unknown (TT0004)', () => {
    const findings = check(crd(), widget({ size: 3, extra: { anything: [1, 2] } }));
    expect(errors(findings)).toEqual([]);
    expect(withCode(findings, 'TT0004')).toEqual([]);
  });

  test('types, bounds, enums, required and unknown fields are checked, then the CEL rules', () => {
    const found = errors(check(crd(), widget({ size: 0, color: 'green', shape: 'round' })));
    // a value outside its enum keeps the API server from running the rules, and it says so
    expect(found).toHaveLength(4);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^TT0001 spec\.size: /),
        expect.stringMatching(/^TT0001 spec\.color: must be one of "red", "blue", got "green"/),
        expect.stringMatching(/^TT0002 spec\.shape: is not a field of this schema/),
        expect.stringMatching(/^TT0003 undefined: some validation rules were not checked because the object was invalid/),
      ]),
    );
    expect(errors(check(crd(), widget({})))).toEqual([
      expect.stringMatching(/^TT0001 spec\.size: /),
      expect.stringMatching(/^TT0003 undefined: some validation rules were not checked/),
    ]);
    expect(errors(check(crd(), widget({ size: 50 })))).toEqual(['TT0003 spec: too big (rule: self.size < 10)']);
    expect(errors(check(crd(), widget({ size: 9 })))).toEqual([]);
  });

  test("a rule runs where it evaluates as the API server's does; one that needs what lint lacks is passed over", () => {
    const rules = (...list: Record<string, unknown>[]) => list;
    const ruled = exampleCrd('Gadget', 'gadgets', {
      type: 'object',
      'x-kubernetes-validations': rules(
        // a resource's metadata is only its name and generateName to CEL (an object type: no other field compiles,
        // nor size() of it, test/validate-builtin-custom-resource-definitions.test.ts)
        { rule: "self.metadata.name.startsWith('g')", message: 'name' },
      ),
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer' },
            nick: { type: 'string' },
            'a-b': { type: 'string' },
            namespace: { type: 'string' },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            list: { type: 'array', items: { type: 'integer' } },
            free: { 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': rules({ rule: 'false', message: 'untyped' }) },
            // a date-time is a timestamp to the API server's CEL (compared with a string, the rule would not compile),
            // a string here
            when: {
              type: 'object',
              properties: { at: { type: 'string', format: 'date-time' } },
              'x-kubernetes-validations': rules({ rule: "self.at > timestamp('2000-01-01T00:00:00Z')", message: 'date' }),
            },
          },
          'x-kubernetes-validations': rules(
            { rule: 'self.size < 10', messageExpression: "'size ' + string(self.size) + ' is over 9'" },
            // a missing key is an error of the rule, as the API server reports it
            { rule: 'self.nick.size() > 2', message: 'nick' },
            // a function of Kubernetes' libraries lint has not, optionals: never reported
            { rule: 'self.list.isSorted() && false', message: 'sorted' },
            { rule: 'self.?nick.orValue("") == "x"', message: 'optional' },
            // a property's escaped name, as the API server reads it
            { rule: "!has(self.a__dash__b) || self.a__dash__b == 'x'", message: 'escaped' },
            { rule: '!has(self.namespace) || self.__namespace__ == self.namespace', message: 'keyword' },
            // a set compares regardless of order at the API server
            { rule: "self.tags == ['a', 'b']", message: 'set' },
            { rule: 'self.size < 10 || self.size / (self.size - self.size) > 0', message: 'division' },
          ),
        },
      },
    });
    // the API server refuses the CRD itself for the rule on a node without a type (crd-rule-compilation.ts)
    const untypedRule =
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.free["x-kubernetes-validations"]: no rule can be compiled here: CEL is given no type for this node (give it a type; a node that only keeps unknown fields has none)';
    // and for the messageExpression concatenated with string(), whose size the cost estimate does not know
    const costlyMessage =
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"][0].messageExpression: estimated messageExpression cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)';
    // with every rule estimated (the optional one too), the schema's total: that message and isSorted() of a list
    // without maxItems exceed it
    const costlyTotal = [
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"][0].messageExpression: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema',
      costlyMessage,
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"][2].rule: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema',
      'TT0019 spec.versions[0].schema.openAPIV3Schema: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)',
    ];
    const gadget = (name: string, spec: Record<string, unknown>) => obj('example.com/v1', 'Gadget', name, { spec });
    const spec = { size: 12, tags: ['b', 'a'], list: [2, 1], free: { x: 1 }, when: { at: '2026-01-01T00:00:00Z' }, 'a-b': 'y', namespace: 'n' };
    expect(errors(check(ruled, gadget('gx', spec)))).toEqual([
      // as cel-go words it (common/types/err.go)
      'TT0003 spec: division by zero evaluating rule: division (rule: self.size < 10 || self.size / (self.size - self.size) > 0)',
      'TT0003 spec: escaped (rule: !has(self.a__dash__b) || self.a__dash__b == \'x\')',
      'TT0003 spec: no such key: nick evaluating rule: nick (rule: self.nick.size() > 2)',
      'TT0003 spec: size 12 is over 9 (rule: self.size < 10)',
      untypedRule,
      ...costlyTotal,
    ]);
    expect(errors(check(ruled, { ...gadget('x', { size: 1, nick: 'abc', tags: ['a', 'b'] }), metadata: { name: 'x', namespace: 'n', labels: { a: 'b' } } }))).toEqual([
      'TT0003 undefined: name (rule: self.metadata.name.startsWith(\'g\'))',
      untypedRule,
      ...costlyTotal,
    ]);
  });

  test("a rule of the IP and CIDR libraries runs: its false result and the library's parse error are reported", () => {
    const network = exampleCrd('Network', 'networks', {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            cidr: {
              type: 'string',
              'x-kubernetes-validations': [
                { rule: 'cidr(self).prefixLength() >= 16', message: 'a /16 or longer' },
                // (string() has no size the cost estimate knows: a message concatenated with it is refused for its cost)
                { rule: 'cidr(self) == cidr(self).masked()', messageExpression: 'string(cidr(self).masked())' },
              ],
            },
            gateway: { type: 'string', 'x-kubernetes-validations': [{ rule: 'ip(self).family() == 4 && !ip(self).isLoopback()', message: 'an IPv4 address, not loopback' }] },
          },
          'x-kubernetes-validations': [{ rule: '!has(self.cidr) || !has(self.gateway) || cidr(self.cidr).containsIP(self.gateway)', message: 'the gateway is in the network' }],
        },
      },
    });
    const net = (name: string, spec: Record<string, unknown>) => obj('example.com/v1', 'Network', name, { spec });
    expect(errors(check(network, net('ok', { cidr: '10.1.0.0/16', gateway: '10.1.0.1' })))).toEqual([]);
    expect(errors(check(network, net('bad', { cidr: '10.1.2.3/8', gateway: '127.0.0.1' })))).toEqual([
      'TT0003 spec.cidr: 10.0.0.0/8 (rule: cidr(self) == cidr(self).masked())',
      'TT0003 spec.cidr: a /16 or longer (rule: cidr(self).prefixLength() >= 16)',
      'TT0003 spec.gateway: an IPv4 address, not loopback (rule: ip(self).family() == 4 && !ip(self).isLoopback())',
      'TT0003 spec: the gateway is in the network (rule: !has(self.cidr) || !has(self.gateway) || cidr(self.cidr).containsIP(self.gateway))',
    ]);
    expect(errors(check(network, net('typo', { gateway: '10.0.0.01' })))).toEqual([
      'TT0003 spec.gateway: IP Address "10.0.0.01" parse error during conversion from string: ParseAddr("10.0.0.01"): IPv4 field has octet with leading zero evaluating rule: an IPv4 address, not loopback (rule: ip(self).family() == 4 && !ip(self).isLoopback())',
    ]);
  });

  test('a rule reading string positions runs, counting runes as cel-go does, and its range errors are reported', () => {
    const prefixed = widgetCrd({
      type: 'object',
      properties: { s: { type: 'string' } },
      'x-kubernetes-validations': [{ rule: "self.s.substring(0, 3) == 'ab\u{1F600}'", message: 'starts with ab and a smile' }, { rule: "self.s.charAt(4) != 'x'", message: 'no x fifth' }],
    });
    const found = (spec: Record<string, unknown>) => withCode(check(prefixed, widget(spec)), 'TT0003').map((f) => f.message);
    expect(found({ s: 'ab\u{1F600}cd' })).toEqual([]);
    expect(found({ s: 'abcdx' })).toEqual([
      "no x fifth (rule: self.s.charAt(4) != 'x')",
      "starts with ab and a smile (rule: self.s.substring(0, 3) == 'ab\u{1F600}')",
    ]);
    expect(found({ s: 'ab' })).toEqual([
      "index out of range: 3 evaluating rule: starts with ab and a smile (rule: self.s.substring(0, 3) == 'ab\u{1F600}')",
      "index out of range: 4 evaluating rule: no x fifth (rule: self.s.charAt(4) != 'x')",
    ]);
  });

  test('rules that count the fields set, filter a map list or ask has() of a byte string run, as the API server runs them', () => {
    const mapList = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } } } };
    const setOf = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } };
    const rules = [
      { rule: '(has(self.a) ? 1 : 0) + (has(self.b) ? 1 : 0) <= 1', message: 'a or b' },
      { rule: "self.filters.filter(f, f.type == 'Redirect').size() <= 1", message: 'one redirect' },
      { rule: "self.kind == 'Binary' ? has(self.binary) : !has(self.binary)", message: 'binary with Binary' },
      { rule: "self.on.exists(e, e == 'Failure') == self.on.exists(e, e == 'Success')", message: 'both or neither' },
      { rule: '{"Auto": 0, "1.2": 2, "1.3": 3}[self.min] <= {"1.2": 2, "1.3": 3, "Auto": 4}[self.max]', message: 'min over max' },
    ];
    const found = rulesOf(
      {
        a: { type: 'string' }, b: { type: 'string' }, filters: mapList, kind: { type: 'string' }, binary: { type: 'string', format: 'byte' },
        on: setOf, min: { type: 'string' }, max: { type: 'string' },
      },
      rules,
    );
    const redirect = (name: string) => ({ name, type: 'Redirect' });
    expect(found({ a: 'x', filters: [redirect('r')], kind: 'Binary', binary: 'YQ==', on: ['Success', 'Failure'], min: '1.2', max: 'Auto' })).toEqual([]);
    expect(found({ a: 'x', b: 'y', filters: [redirect('r'), redirect('s')], kind: 'Text', binary: 'YQ==', on: ['Success'], min: '1.3', max: '1.2' }))
      .toEqual(['a or b', 'binary with Binary', 'both or neither', 'min over max', 'one redirect']);
  });

  test("int() and bool() of a string parse as Go's strconv does, and a string that does not convert fails its rule", () => {
    const found = rulesOf({ values: { type: 'array', items: { type: 'string' } }, flag: { type: 'string' } }, [
      { rule: '!has(self.values) || self.values.all(v, int(v) >= 0)', message: 'no negative value' },
      { rule: '!has(self.values) || int(self.values[0]) < 100', message: 'first under 100' },
      { rule: '!has(self.flag) || bool(self.flag)', message: 'flag set' },
    ]);
    expect(found({ values: ['+5', '-0', '9223372036854775807'], flag: 'T' })).toEqual([]);
    expect(found({ values: ['100', '-1'], flag: 'f' })).toEqual(['first under 100', 'flag set', 'no negative value']);
    // JavaScript's BigInt() would read these as 0, 5 and 16; Go's ParseInt reads none, nor 2^63
    for (const value of ['', ' 5', '0x10', '9223372036854775808']) {
      expect(found({ values: [value], flag: 'yes' })).toEqual([
        "type conversion error from 'string' to 'bool' evaluating rule: flag set",
        "type conversion error from 'string' to 'int' evaluating rule: first under 100",
        "type conversion error from 'string' to 'int' evaluating rule: no negative value",
      ]);
    }
  });

  test("an int beyond int64's range fails its rule with cel-go's error, as the API server reports it", () => {
    const doubled = rulesOf({ n: { type: 'integer' } }, [{ rule: 'self.n * 2 > 0', message: 'positive' }]);
    const found = (n: number) => doubled({ n });
    expect(found(2 ** 61)).toEqual([]);
    expect(found(-1)).toEqual(['positive']);
    expect(found(2 ** 62)).toEqual(['integer overflow evaluating rule: positive']);
  });

  test("replace(), split(), duration() and matches() run as cel-go's, and a rule's errors are worded as cel-go's", () => {
    const rules = [
      { rule: "self.s.replace('', '-') == '-a-b-'", message: 'dashes' },
      { rule: "self.s.split('', 1) == ['ab']", message: 'one piece' },
      { rule: 'duration(self.d) < duration("1h")', message: 'under an hour' },
      { rule: "matches(self.s, '^[a-z]+$')", message: 'lower case' },
      { rule: 'self.n % -1 == 0', message: 'remainder' },
      { rule: 'self.l[2] > 0', message: 'third' },
    ];
    const found = rulesOf({ s: { type: 'string' }, d: { type: 'string' }, n: { type: 'integer' }, l: { type: 'array', items: { type: 'integer' } } }, rules);
    expect(found({ s: 'ab', d: '30m', n: 7, l: [1, 2, 3] })).toEqual([]);
    expect(found({ s: 'aB', d: '2h', n: 7, l: [1, 2, 0] })).toEqual(['dashes', 'lower case', 'one piece', 'third', 'under an hour']);
    // Go's time.ParseDuration refuses '' and '+' (which @bufbuild/cel's takes for 0s); the least int's remainder by -1
    // overflows; an object's list says its index is out of bounds as the API server's values do
    for (const d of ['', '+', '1d']) {
      expect(found({ s: 'ab', d, n: -(2 ** 63), l: [1] })).toEqual([
        'index out of bounds: 2 evaluating rule: third',
        'integer overflow evaluating rule: remainder',
        "type conversion error from 'string' to 'google.protobuf.Duration' evaluating rule: under an hour",
      ]);
    }
    expect(found({ s: 'ab', d: '1\u03bcs', n: 1, l: [1, 1, 1] })).toEqual([]);
  });

  test('a null in an object that keeps unknown fields stays, as the API server leaves it; has() and `in` of it are not asked', () => {
    const found = rulesOf({ extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, [
      { rule: 'self.extra.size() == 2', message: 'two entries' },
      { rule: "has(self.extra.k) && 'k' in self.extra", message: 'k there' },
    ]);
    expect(found({ extra: { k: null, j: 1 } })).toEqual([]);
    expect(found({ extra: { j: 1 } })).toEqual(['two entries']);
  });

  test('a rule @bufbuild/cel would answer otherwise than the API server is not evaluated: no false error', () => {
    // each an object the API server accepts (apiserver v0.33.9's cel/common/values.go, cel-go v0.23.2's strings
    // extension), on which @bufbuild/cel's answer would fail the rule
    const setOf = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } };
    const nullableMap = { type: 'object', additionalProperties: { type: 'string', nullable: true } };
    const cases: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
      ['a set joined with +: a union', { a: setOf, b: setOf }, 'size(self.a + self.b) <= 2', { a: ['x', 'y'], b: ['x', 'y'] }],
      ['sets inside a list compared: regardless of order', { a: setOf, b: setOf }, '[self.a] == [self.b]', { a: ['x', 'y'], b: ['y', 'x'] }],
      ['items holding sets compared', { l: { type: 'array', items: { type: 'object', properties: { n: { type: 'string' }, t: setOf } } } },
        '!self.l.exists(a, self.l.exists(b, a != b && a.n == b.n))', { l: [{ n: 'x', t: ['a', 'b'] }, { n: 'x', t: ['b', 'a'] }] }],
      ['a map value that is null: a key of the map to the API server', { m: nullableMap }, "'k' in self.m", { m: { k: null } }],
      ['has() of it', { m: nullableMap }, 'has(self.m.k)', { m: { k: null } }],
      ['a literal map with a null value', { s: { type: 'string' } }, "self.s in {'a': null}", { s: 'a' }],
      ['indexOf from past the end: -1', { s: { type: 'string' } }, "self.s.indexOf('c', 3) == -1", { s: 'abc' }],
      ['positions in runes', { s: { type: 'string' } }, "self.s.indexOf('c') == 3", { s: 'ab\u{1F600}c' }],
      ['strings ordered by their UTF-8 bytes', { a: { type: 'string' }, b: { type: 'string' } }, 'self.a < self.b', { a: '\uFF01', b: '\u{1F600}' }],
      ['durations in a list', { d: { type: 'array', items: { type: 'string', format: 'duration' } } }, 'size(self.d) < 2 || duration(self.d[0]) < duration(self.d[1])',
        { d: ['90m', '2h'] }],
      ['bytes in a list', { b: { type: 'array', items: { type: 'string', format: 'byte' } } }, 'self.b.all(x, size(x) <= 4)', { b: ['YWJjZA=='] }],
      ['int() of a duration: nanoseconds', { t: { type: 'string' } }, 'int(duration(self.t)) >= 1000000000', { t: '5s' }],
      ['int() of a duration the rule put in a list', { t: { type: 'array', items: { type: 'string' } } }, 'int(self.t.map(x, duration(x))[0]) >= 1000000', { t: ['2s'] }],
      ['objects that keep unknown fields, one holding a null, compared', { l: { type: 'array', items: { type: 'object', properties: { n: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true } } },
        'self.l.all(x, self.l.exists_one(y, y == x))', { l: [{ n: 'a', extra: null }] }],
      ['string() of a double: %g', { r: { type: 'number' } }, "string(self.r) == '1e-06'", { r: 0.000001 }],
      ['duration() of an int', { n: { type: 'integer' } }, "duration(self.n) < duration('1s')", { n: 5 }],
    ];
    for (const [what, properties, rule, spec] of cases) {
      const crdOf = widgetCrd({ type: 'object', properties, 'x-kubernetes-validations': [{ rule }] });
      expect({ what, found: withCode(check(crdOf, widget(spec)), 'TT0003').map((f) => f.message) }).toEqual({ what, found: [] });
    }
    // a value that holds a set, compared with a constant: unequal to both evaluators, so the rule runs
    const obj = { type: 'object', properties: { tags: setOf } };
    const compared = widgetCrd({
      type: 'object',
      properties: { mode: { type: 'string' }, obj },
      'x-kubernetes-validations': [{ rule: "!(self.mode == 'sidecar' && self.obj != null) || !has(self.obj)", message: 'no obj' }],
    });
    expect(errors(check(compared, widget({ mode: 'sidecar', obj: { tags: ['a'] } })))).toEqual([expect.stringMatching(/^TT0003 spec: no obj/)]);
  });

  test("a property named as a schema keyword is a property; a status the create resets is no rule's", () => {
    const quantity = { type: 'object', properties: { q: { type: 'string', 'x-kubernetes-validations': [{ rule: "isQuantity(self) && quantity(self).isGreaterThan(quantity('1'))" }] } } };
    const keywords = widgetCrd({ type: 'object', properties: { default: quantity, 'x-kubernetes-validations': { type: 'string' } } });
    expect(errors(check(keywords, widget({ default: { q: '2' }, 'x-kubernetes-validations': 'hello' })))).toEqual([]);
    const withStatus = crd('apiextensions.k8s.io/v1', {
      subresources: { status: {} },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          'x-kubernetes-validations': [{ rule: '!has(self.status) || self.status.ready == true', message: 'not ready' }],
          properties: { spec: { type: 'object' }, status: { type: 'object', properties: { ready: { type: 'boolean' } } } },
        },
      },
    });
    expect(errors(check(withStatus, { ...widget({}), status: { ready: false } }))).toEqual([]);
    // without the status subresource the status stays, and the rule reads it
    const { subresources: _s, ...noSubresource } = (withStatus.spec as any).versions[0];
    const kept = { ...withStatus, spec: { ...(withStatus.spec as any), versions: [noSubresource] } };
    expect(errors(check(kept, { ...widget({}), status: { ready: false } }))).toEqual([expect.stringMatching(/^TT0003 undefined: not ready/)]);
  });

  test("a nullable property's null is absent to a rule, though the object still holds it (two objects are unequal)", () => {
    const items = { type: 'object', properties: { name: { type: 'string' }, opt: { type: 'string', nullable: true } } };
    const unique = widgetCrd({
      type: 'object',
      properties: { l: { type: 'array', items, 'x-kubernetes-validations': [{ rule: 'size(self) != 2 || (!has(self[1].opt) && self[0] != self[1])', message: 'unique' }] } },
    });
    expect(errors(check(unique, widget({ l: [{ name: 'x' }, { name: 'x', opt: null }] })))).toEqual([]);
    expect(errors(check(unique, widget({ l: [{ name: 'x' }, { name: 'x' }] })))).toEqual(['TT0003 spec.l: unique (rule: size(self) != 2 || (!has(self[1].opt) && self[0] != self[1]))']);
  });

  test('an embedded resource needs an apiVersion and a kind, and its metadata is checked as ObjectMeta (objectmeta/validation.go)', () => {
    const embedding = widgetCrd({
      type: 'object',
      properties: {
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        templates: { type: 'array', items: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } },
      },
      'x-kubernetes-validations': [{ rule: 'true' }],
    });
    const good = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a:b', labels: { app: 'x' } }, spec: {} };
    expect(errors(check(embedding, widget({ template: good, templates: [{ apiVersion: 'v1', kind: 'ConfigMap' }] })))).toEqual([]);
    expect(errors(check(embedding, widget({
      template: { kind: 'Bad_Kind', metadata: { name: 'a/b', namespace: 'Not-A-Label', labels: { 'bad key!': 'x' } } },
      templates: [{ apiVersion: 'a/b/c', kind: 'X' }, { apiVersion: 'v1' }],
    })))).toEqual([
      'TT0001 spec.template.apiVersion: is required in an embedded resource',
      expect.stringMatching(/^TT0001 spec\.template\.kind: may have mixed case, but should otherwise be a DNS-1035 label/),
      expect.stringMatching(/^TT0001 spec\.template\.metadata\.labels\["bad key!"\]: label key must be/),
      expect.stringMatching(/^TT0001 spec\.template\.metadata\.name: must be a path segment name/),
      expect.stringMatching(/^TT0001 spec\.template\.metadata\.namespace: must be a DNS-1123 label/),
      'TT0001 spec.templates[0].apiVersion: must be a version or a group/version, got "a/b/c"',
      'TT0001 spec.templates[1].kind: is required in an embedded resource',
      // a missing apiVersion or kind is a Required error, which keeps the rules from running
      expect.stringMatching(/^TT0003 undefined: some validation rules were not checked/),
    ]);
  });

  test("the scale subresource's replicas are int32 values from 0, as the API server checks them beside the schema", () => {
    const scaled = (subresources: Record<string, unknown>) => crd('apiextensions.k8s.io/v1', {
      subresources,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: { type: 'object', properties: { size: { type: 'integer' }, replicas: { type: 'integer' } } },
            status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'integer' } } },
          },
        },
      },
    });
    const scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
    const withStatus = (spec: Record<string, unknown>, status: Record<string, unknown>) => ({ ...widget(spec), status });
    expect(errors(check(scaled({ scale, status: {} }), widget({ size: 1, replicas: 3 })))).toEqual([]);
    expect(errors(check(scaled({ scale, status: {} }), widget({ size: 1, replicas: -1 })))).toEqual([
      "TT0001 spec.replicas: must not be negative, the replicas of the scale subresource's specReplicasPath, got -1",
    ]);
    expect(errors(check(scaled({ scale, status: {} }), widget({ size: 1, replicas: 2 ** 31 })))).toEqual([
      "TT0001 spec.replicas: must be at most 2147483647, the replicas of the scale subresource's specReplicasPath, got 2147483648",
    ]);
    // the status subresource resets a status written with the object; without it, the status is checked too
    expect(errors(check(scaled({ scale, status: {} }), withStatus({ size: 1 }, { replicas: -2, selector: 3 })))).toEqual([]);
    expect(errors(check(scaled({ scale }), withStatus({ size: 1 }, { replicas: -2, selector: 3 })))).toEqual([
      "TT0001 status.replicas: must not be negative, the replicas of the scale subresource's statusReplicasPath, got -2",
      "TT0001 status.selector: must be a string, the label selector of the scale subresource's labelSelectorPath, got 3",
    ]);
  });

  test('a list that preserves unknown fields preserves its items\', whose own properties are still checked', () => {
    // ECK's Logstash CRD: pipelines is `type: array, items: {type: object}, x-kubernetes-preserve-unknown-fields: true`
    const withPipelines = exampleCrd('Pipe', 'pipes', { type: 'object', properties: { spec: { type: 'object', properties: {
      pipelines: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'object', properties: { workers: { type: 'integer' } } } },
      strict: { type: 'array', items: { type: 'object', properties: { workers: { type: 'integer' } } } },
    } } } });
    const pipe = obj('example.com/v1', 'Pipe', 'p', {
      spec: { pipelines: [{ 'pipeline.id': 'main', workers: 'two' }], strict: [{ 'pipeline.id': 'main' }] },
    });
    expect(errors(check(withPipelines, pipe))).toEqual([
      expect.stringMatching(/^TT0001 spec\.pipelines\[0\]\.workers: /),
      expect.stringMatching(/^TT0002 spec\.strict\[0\]\["pipeline\.id"\]: is not a field of this schema/),
    ]);
  });

  test('a CRD of a version 1.33 does not serve, a version it does not serve, and a pinned kind are not used', () => {
    // apiextensions.k8s.io/v1beta1 is refused (TT0027), so its kinds stay unknown
    const beta = check(crd('apiextensions.k8s.io/v1beta1'), widget({ size: 0 }));
    expect(withCode(beta, 'TT0001').filter((f) => f.kind === 'Widget')).toEqual([]);
    // a version the set's CRD lists unserved, or does not list: the cluster it is applied to refuses the object
    const notServed = check(crd('apiextensions.k8s.io/v1', { served: false }), widget({ size: 0 }));
    expect(withCode(notServed, 'TT0001').filter((f) => f.kind === 'Widget')).toEqual([]);
    expect(withCode(notServed, 'TT0004')).toEqual([]);
    expect(errors(notServed)).toEqual([
      'TT0027 apiVersion: the set\'s CustomResourceDefinition widgets.example.com does not serve Widget in example.com/v1 in any version: ' +
        'once it is applied, kubectl apply refuses the object (no matches for kind)',
    ]);
    const otherVersion = errors(check(crd(), widget({ size: 0 }, 'example.com/v2')));
    expect(otherVersion).toEqual([expect.stringMatching(/^TT0027 apiVersion: .* does not serve Widget in example.com\/v2, only as example.com\/v1: /)]);
    // a pinned kind keeps the pinned schema, whatever a CRD of the set says
    const loose = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'virtualservices.networking.istio.io', {
      spec: {
        group: 'networking.istio.io',
        scope: 'Namespaced',
        names: { kind: 'VirtualService', plural: 'virtualservices' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    const vs = obj('networking.istio.io/v1', 'VirtualService', 'v', { spec: { hosts: ['a'], nonsense: true } });
    expect(withCode(check(loose, vs), 'TT0002').map((f) => f.field)).toEqual(['spec.nonsense']);
  });

  test('a CRD whose schema the API server refuses serves nothing, and a pattern that is no regular expression fails no run', () => {
    const broken = crd();
    const versions = (broken.spec as any).versions;
    versions[0].schema.openAPIV3Schema.properties.spec.required = 'size';
    const findings = check(broken, widget({ size: 0 }));
    expect(withCode(findings, 'TT0001').map((f) => f.kind)).toEqual(['CustomResourceDefinition']);
    expect(withCode(findings, 'TT0004').map((f) => f.kind)).toEqual(['Widget']);
    const badPattern = crd();
    (badPattern.spec as any).versions[0].schema.openAPIV3Schema.properties.spec.properties.color = { type: 'string', pattern: '(' };
    // the API server refuses the CRD (TT0019 on it); its Widget gets no finding, nor does the run fail
    expect(errors(check(badPattern, widget({ size: 0, color: 'red' }))).filter((e) => !e.includes('openAPIV3Schema'))).toEqual([]);
  });

  test('a cluster-scoped kind of a CRD of the set is in no namespace, as kubectl applies it once the CRD is in', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'set-crds-'));
    try {
      const clusterCrd = crd();
      (clusterCrd.spec as { scope: string }).scope = 'Cluster';
      const file = path.join(dir, 'set.json');
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [clusterCrd, widget({ size: 0 })] }));
      const [found] = lintTargets([file], { namespace: 'shop' }).findings.filter((f) => f.kind === 'Widget');
      expect([found.code, found.namespace, found.field]).toEqual(['TT0001', undefined, 'spec.size']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
