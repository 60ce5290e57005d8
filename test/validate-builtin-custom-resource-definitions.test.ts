// CustomResourceDefinitions as the API server validates them at create (k8s.io/apiextensions-apiserver's
// ValidateCustomResourceDefinition, v0.33), cases adapted from its validation tests: what a CRD's author gets wrong.
import { validateObjects } from '../src/validate';
import { errorLines, obj } from './support/objects';

const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } } };
const version = (name: string, changes: Record<string, unknown> = {}) => ({ name, served: true, storage: true, schema, ...changes });
/** A CRD of the group example.com, with `changes` laid over its spec. */
const crd = (changes: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => {
  const spec = { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [version('v1')], ...changes };
  const name = `${(spec.names as { plural: string }).plural}.${spec.group}`;
  return errorLines(obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', name, { metadata, spec }, undefined));
};

describe('CustomResourceDefinitions', () => {
  test('a CRD with versions, a scale subresource, printer columns, a conversion webhook and an approved group passes', () => {
    expect(crd()).toEqual([]);
    expect(
      crd({
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'], categories: ['all'] },
        versions: [
          version('v1beta1', { storage: false, deprecated: true, deprecationWarning: 'example.com/v1beta1 Widget is deprecated; use v1' }),
          version('v1', {
            subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
            additionalPrinterColumns: [{ name: 'Replicas', type: 'integer', format: 'int32', jsonPath: '.spec.replicas' }],
          }),
        ],
        conversion: { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 'widgets', namespace: 'widgets-system', path: '/convert' } }, conversionReviewVersions: ['v1'] } },
      }),
    ).toEqual([]);
    expect(crd({ group: 'widgets.k8s.io' }, { annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/1111' } })).toEqual([]);
    expect(crd({ group: 'widgets.x-k8s.io' })).toEqual([]);
    expect(crd({ group: 'widgets.k8s.io' }, { annotations: { 'api-approved.kubernetes.io': 'unapproved, experimental-only' } })).toEqual([]);
    // what the OpenAPI definitions call required and the API server accepts missing: a version's served and
    // storage (false), a None strategy's webhook without review versions
    expect(crd({ versions: [version('v1'), { name: 'v0', schema }], conversion: { strategy: 'None', webhook: {} } })).toEqual([]);
  });

  test('refuses a group without a dot, an unknown scope, versions without a schema, one storage version or unique names', () => {
    expect(crd({ group: 'widgets' })).toEqual(['TT0019 spec.group: must be a domain with at least one dot, such as example.com, got "widgets"']);
    expect(crd({ scope: 'Global' })).toEqual(['TT0015 spec.scope: the scope must be one of Cluster, Namespaced, got "Global"']);
    expect(crd({ versions: [version('v1', { schema: undefined })] })).toEqual([
      'TT0017 spec.versions[0].schema.openAPIV3Schema: every version needs a schema (apiextensions.k8s.io/v1 requires one)',
    ]);
    expect(crd({ versions: [version('v1'), version('v2')] })).toEqual(['TT0019 spec.versions: must mark exactly one version as the storage version, got 2']);
    expect(crd({ versions: [version('v1'), version('v1', { storage: false })] })).toEqual(['TT0019 spec.versions: must hold unique version names']);
    expect(crd({ versions: [version('V1')] })[0]).toMatch(/^TT0019 spec\.versions\[0\]\.name: must be a DNS-1035 label/);
  });

  test('refuses a schema pattern Go\'s regexp does not compile, at any depth; RE2 syntax passes', () => {
    const withPatterns = (spec: Record<string, unknown>) => ({ openAPIV3Schema: { type: 'object', properties: { spec } } });
    const nested = withPatterns({
      type: 'object',
      properties: { host: { type: 'string', pattern: '^[a-z]+(\\.[a-z]+)*$' }, port: { type: 'string', pattern: '(' } },
      additionalProperties: undefined,
    });
    expect(crd({ versions: [version('v1', { schema: nested })] })).toEqual([
      expect.stringMatching(/^TT0019 spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\.spec\.properties\.port\.pattern: must be a valid regular expression, but isn't: /),
    ]);
    const inItems = withPatterns({ type: 'array', items: { type: 'string', pattern: '(?<name>x)' }, anyOf: [{ pattern: 'a{2,1}' }] });
    expect(crd({ versions: [version('v1', { schema: inItems })] }).map((l) => l.split(':')[0])).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.anyOf[0].pattern',
    ]);
  });

  test('refuses a schema that is not structural: fields and items without a type, anything but value validations under anyOf', () => {
    const withSpec = (spec: Record<string, unknown>, root: Record<string, unknown> = {}) =>
      crd({ versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec }, ...root } } })] });
    const at = 'spec.versions[0].schema.openAPIV3Schema';
    expect(withSpec({ type: 'object', properties: { size: { description: 'how big' } } })).toEqual([
      `TT0017 ${at}.properties.spec.properties.size.type: must not be empty for specified object fields`,
    ]);
    expect(withSpec({ type: 'array' })).toEqual([`TT0017 ${at}.properties.spec.items: must be specified for an array`]);
    expect(withSpec({ type: 'array', items: {} })).toEqual([`TT0017 ${at}.properties.spec.items.type: must not be empty for specified array items`]);
    // what keeps unknown fields or is an int-or-string needs no type, and int-or-string may say so with anyOf
    const intOrString = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    expect(withSpec({ type: 'object', properties: { raw: { 'x-kubernetes-preserve-unknown-fields': true }, port: intOrString } })).toEqual([]);
    expect(withSpec({ type: 'object', anyOf: [{ type: 'object', required: ['a'] }] })).toEqual([
      `TT0019 ${at}.properties.spec.anyOf[0].type: must be empty to be structural: only value validations may be given under allOf, anyOf, oneOf and not`,
    ]);
    // the root: an object, without additionalProperties, with metadata restricted to name and generateName
    expect(crd({ versions: [version('v1', { schema: { openAPIV3Schema: { type: 'string' } } })] })).toEqual([`TT0019 ${at}.type: must be object at the root, got "string"`]);
    expect(withSpec({ type: 'object' }, { additionalProperties: { type: 'string' } })).toEqual([
      `TT0019 ${at}.additionalProperties: additionalProperties and properties are mutual exclusive`,
      `TT0019 ${at}.additionalProperties: must not be used at the root`,
    ]);
    expect(withSpec({ type: 'object' }, { properties: { spec: { type: 'object' }, metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } } } })).toEqual([]);
    expect(withSpec({ type: 'object' }, { properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } })).toEqual([
      `TT0019 ${at}.properties.metadata: must not specify anything other than name and generateName, but metadata is implicitly specified (got properties)`,
    ]);
    // a field that anyOf names must be specified outside it too
    expect(withSpec({ type: 'object' }, { anyOf: [{ properties: { replicas: { minimum: 1 } } }] })).toEqual([
      `TT0017 ${at}.properties.replicas: must be specified because it is defined in ${at}.anyOf[0].properties.replicas`,
    ]);
    // a pattern is checked where the schema is structural
    expect(withSpec({ type: 'string', pattern: '(' })).toEqual([expect.stringMatching(/^TT0019 .*\.properties\.spec\.pattern: must be a valid regular expression/)]);
  });

  test('refuses what a CRD schema may not hold: unknown types, $ref, uniqueItems, defaults in metadata, broken list extensions', () => {
    const withSpec = (spec: Record<string, unknown>) => crd({ versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } })] });
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties.spec';
    expect(withSpec({ type: 'int' })).toEqual([`TT0015 ${at}.type: the type must be one of array, boolean, integer, number, object, string, got "int"`]);
    expect(withSpec({ type: 'object', $ref: '#/definitions/x' })).toEqual([`TT0019 ${at}["$ref"]: $ref is not supported`]);
    expect(withSpec({ type: 'array', items: { type: 'string' }, uniqueItems: true })).toEqual([
      `TT0019 ${at}.uniqueItems: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
    ]);
    expect(withSpec({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false })).toEqual([`TT0019 ${at}["x-kubernetes-preserve-unknown-fields"]: must be true or undefined`]);
    const list = (changes: Record<string, unknown>) => withSpec({ type: 'array', 'x-kubernetes-list-type': 'map', ...changes });
    const item = { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } };
    expect(list({ items: { ...item, required: ['name'] }, 'x-kubernetes-list-map-keys': ['name'] })).toEqual([]);
    expect(list({ items: item, 'x-kubernetes-list-map-keys': ['name', 'protocol'] })).toEqual([
      `TT0017 ${at}.items.properties.name.default: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `TT0019 ${at}["x-kubernetes-list-map-keys"]: entries must all be names of item properties, got "protocol"`,
    ]);
    expect(list({ items: item })).toEqual([`TT0017 ${at}["x-kubernetes-list-map-keys"]: must not be empty if x-kubernetes-list-type is map`]);
    expect(withSpec({ type: 'array', 'x-kubernetes-list-type': 'set', items: item })).toEqual([
      `TT0019 ${at}.items["x-kubernetes-map-type"]: must be atomic as item of a list with x-kubernetes-list-type=set`,
    ]);
    const root = { type: 'object', properties: { metadata: { type: 'object', default: {} } } };
    expect(crd({ versions: [version('v1', { schema: { openAPIV3Schema: root } })] })).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.metadata.default: must not be set in top-level metadata',
    ]);
    // with the status subresource, the root holds only some fields
    const anyOfRoot = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } }, anyOf: [{ required: ['spec'] }] } };
    expect(crd({ versions: [version('v1', { schema: anyOfRoot })] })).toEqual([]);
    expect(crd({ versions: [version('v1', { schema: anyOfRoot, subresources: { status: {} } })] })).toEqual([
      expect.stringMatching(/^TT0019 spec\.versions\[0\]\.schema\.openAPIV3Schema: only description, type, .* are allowed at the root of the schema if the status subresource is enabled, got anyOf$/),
    ]);
    // a problem of a schema two versions share is one problem, as the API server reports it
    expect(crd({ versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'int' } } } } }), version('v2', { storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'int' } } } } })] })).toHaveLength(1);
  });

  test('refuses defaults with unknown fields, of the wrong type or outside their enum, or that fail their rules', () => {
    const withSpec = (spec: Record<string, unknown>) => crd({ versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } })] });
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties.spec';
    const limits = { type: 'object', properties: { max: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.max > 5' }] };
    expect(withSpec({ type: 'object', default: { replicas: 1 }, properties: { replicas: { type: 'integer', default: 2 }, limits: { ...limits, default: { max: 6 } } } })).toEqual([]);
    expect(withSpec({ type: 'object', default: { replicas: 1, extra: true }, properties: { replicas: { type: 'integer' } } })).toEqual([
      `TT0019 ${at}.default: must not have unknown fields (the API server would prune them from the default)`,
    ]);
    expect(withSpec({ type: 'object', properties: { replicas: { type: 'integer', default: '2' }, mode: { type: 'string', enum: ['a', 'b'], default: 'c' } } })).toEqual([
      `TT0019 ${at}.properties.mode.default: the default must be one of "a", "b", got "c"`,
      `TT0019 ${at}.properties.replicas.default: the default must be an integer, got "2"`,
    ]);
    expect(withSpec({ type: 'object', properties: { limits: { ...limits, default: { max: 1 } } } })).toEqual([
      `TT0003 ${at}.properties.limits.default: the default fails a rule: failed rule: self.max > 5 (rule: self.max > 5)`,
    ]);
    // Go's walk does not enter additionalProperties
    expect(withSpec({ type: 'object', additionalProperties: { type: 'string', default: 5 } })).toEqual([]);
    // the default as written: a required field's own default does not fill it; a set's repeats are the strategy's to
    // refuse, of custom resources; an int-or-string node without anyOf has no type to check
    expect(withSpec({ type: 'object', required: ['replicas'], default: {}, properties: { replicas: { type: 'integer', default: 1 } } })).toEqual([
      `TT0019 ${at}.default.replicas: is required (in the default, as written)`,
    ]);
    expect(withSpec({ type: 'object', properties: { tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' }, default: ['a', 'a'] } } })).toEqual([]);
    expect(withSpec({ type: 'object', properties: { size: { 'x-kubernetes-int-or-string': true, default: 0.5 } } })).toEqual([]);
    // kube-openapi's anyOf error, then its best failing branch's (the first, on a tie)
    expect(withSpec({ type: 'object', properties: { size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], default: 0.5 } } })).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.default: the default must be an integer, got 0.5',
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.default: the default must match at least one of the allowed shapes (anyOf), got 0.5',
    ]);
  });

  test('refuses CEL rules the API server does not compile: syntax, undeclared names, undefined fields, results that are no bool', () => {
    const spec = {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        'max-surge': { type: 'string' },
        // bounded, so that validate() of it is within the rules' cost budget (unbounded: about three million bytes)
        namespace: { type: 'string', maxLength: 63 },
        // bounded, so that the rules iterating it are within their cost budget (unbounded: about a million items)
        ports: { type: 'array', maxItems: 64, items: { type: 'object', properties: { port: { type: 'integer' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        size: { 'x-kubernetes-int-or-string': true },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
    const withRules = (...rules: Record<string, unknown>[]) =>
      crd({ versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec: { ...spec, 'x-kubernetes-validations': rules } } } } })] });
    const at = (i: number, field = 'rule') => `spec.versions[0].schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"][${i}].${field}`;
    expect(
      withRules(
        { rule: 'self.replicas >= 0 && has(self.ports) && self.ports.all(p, p.port > 0)' },
        { rule: "self.labels.all(k, k.startsWith('a')) && self.labels['a'] != '' && self.labels.b == 'c'" },
        { rule: "self.max__dash__surge != '' && self.__namespace__ != '' && self.template.metadata.name != ''" },
        // (a message of string(self.replicas) would be refused for its cost: test/crd-rule-costs.test.ts)
        { rule: 'type(self.size) == string || self.size > 1', messageExpression: "'replicas: %d'.format([self.replicas])" },
        { rule: 'self.ports.all(i, p, p.port > i)' },
        { rule: 'self.?replicas.orValue(1) > 0' },
        { rule: 'self.replicas >= oldSelf.replicas', reason: 'FieldValueForbidden', fieldPath: '.replicas' },
        { rule: "self.labels.exists(k, k == 'x')", fieldPath: ".labels['x']" },
      ),
    ).toEqual([]);
    // the API server's environments have no cel.bind() (cel-go's ext.Bindings): neither its parser nor its checker knows it
    expect(withRules({ rule: 'cel.bind(r, self.replicas, r > 1)' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: undeclared reference to 'cel' (no variable has this name, and no library declares cel.bind())`,
    ]);
    expect(withRules({ rule: 'self.replicas > ' })).toEqual([expect.stringMatching(new RegExp(`^TT0019 ${at(0).replace(/[[\].]/g, '\\$&')}: compilation failed: `))]);
    expect(withRules({ rule: 'replicas > 0' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: undeclared reference to 'replicas' (a rule reads its value as self, and the value before an update as oldSelf)`,
    ]);
    expect(withRules({ rule: 'len(self.ports) > 0 && isIP(self.__namespace__) && quantity(self.max__dash__surge).isInteger()' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: undeclared reference to 'len' (no library declares such a function)`,
    ]);
    // namespaces of cel-go's libraries the API server does not have; existsOne() of one variable, which @bufbuild/cel
    // expands but the API server's standard macros do not (at 1.33 it takes two)
    expect(withRules({ rule: 'math.greatest(self.replicas, 1) > 0' }, { rule: 'sets.overlaps([1], [self.replicas])' }, { rule: 'self.ports.existsOne(p, p.port > 0)' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: undeclared reference to 'math' (no variable has this name, and no library declares math.greatest())`,
      `TT0019 ${at(1)}: compilation failed: undeclared reference to 'sets' (no variable has this name, and no library declares sets.overlaps())`,
      `TT0019 ${at(2)}: compilation failed: undeclared reference to 'existsOne' (of one variable it is no macro of the API server's CEL: write exists_one())`,
    ]);
    expect(withRules({ rule: 'self.ports.existsOne(i, p, p.port > i) && self.ports.exists_one(p, p.port > 0)' })).toEqual([]);
    // an int-or-string value is dyn, which is not bool; orderings of two types cel-go does not compare; a call on a
    // selection of an undeclared name
    expect(withRules({ rule: 'self.size' }, { rule: "self.__namespace__ < 1 || self.replicas > 'a'" }, { rule: 'null < null' }, { rule: 'size.of(self).value() > 0' }, { rule: 'x.y.size() > 0' })).toEqual([
      `TT0019 ${at(0)}: cel expression must evaluate to a bool, got dyn`,
      `TT0019 ${at(1)}: compilation failed: found no matching overload for '_<_' applied to '(string, int)'`,
      `TT0019 ${at(2)}: compilation failed: found no matching overload for '_<_' applied to '(null_type, null_type)'`,
      `TT0019 ${at(3)}: compilation failed: undeclared reference to 'size' (no variable has this name, and no library declares size.of())`,
      `TT0019 ${at(4)}: compilation failed: undeclared reference to 'x' (a rule reads its value as self, and the value before an update as oldSelf)`,
    ]);
    // equality is one overload of one type (A, A): no int and double, no null for a string or a list; null for an object
    expect(withRules({ rule: 'self.replicas == 1.0' }, { rule: 'self.__namespace__ != null' }, { rule: 'self.ports == null' }, { rule: "self.labels['a'] == 1" })).toEqual([
      `TT0019 ${at(0)}: compilation failed: found no matching overload for '_==_' applied to '(int, double)'`,
      `TT0019 ${at(1)}: compilation failed: found no matching overload for '_!=_' applied to '(string, null_type)'`,
      `TT0019 ${at(2)}: compilation failed: found no matching overload for '_==_' applied to '(list, null_type)'`,
      `TT0019 ${at(3)}: compilation failed: found no matching overload for '_==_' applied to '(string, int)'`,
    ]);
    expect(withRules({ rule: "self.template != null && self.replicas == 1 && self.__namespace__ != 'a' && self.labels == {'a': 'b'} && self.ports != [] && null == null" })).toEqual([]);
    // an arithmetic operator takes the types of one of its overloads, and gives its result's type
    expect(withRules(
      { rule: 'self.replicas > 0', messageExpression: "'replicas: ' + self.replicas" },
      { rule: 'self.replicas + 1.0 > 2.0' },
      { rule: "self.__namespace__ + '-x'" },
      { rule: 'self.labels + self.labels == {}' },
      // add_list (list(A), list(A)): lists of one item type
      { rule: "self.ports.map(p, p.port) + ['a'] == []" },
      // no index of an object, an embedded resource's too
      { rule: "self.template['kind'] == 'Pod'" },
    )).toEqual([
      `TT0019 ${at(0, 'messageExpression')}: messageExpression compilation failed: found no matching overload for '_+_' applied to '(string, int)'`,
      `TT0019 ${at(1)}: compilation failed: found no matching overload for '_+_' applied to '(int, double)'`,
      `TT0019 ${at(2)}: cel expression must evaluate to a bool, got string`,
      `TT0019 ${at(3)}: compilation failed: found no matching overload for '_+_' applied to '(map, map)'`,
      `TT0019 ${at(4)}: compilation failed: found no matching overload for '_+_' applied to '(list(int), list(string))'`,
      `TT0019 ${at(5)}: compilation failed: found no matching overload for '_[_]' applied to '(object, string)'`,
    ]);
    expect(withRules(
      { rule: "self.replicas * 2 > 3 && self.__namespace__ + '-x' != '' && -self.replicas < 0 && self.replicas % 2 == 0 && self.ports + self.ports != []", messageExpression: "'replicas: %d'.format([self.replicas])" },
      { rule: "self.size + 1 > 2 || duration('1s') + duration('2s') > duration('2s')" },
    )).toEqual([]);
    // `self.namespace` is typed by the field's escaped name (since 1.31), but the cost estimate looks the size up by the
    // name as written, which DeclType.Fields does not hold (it holds `__namespace__`): the string's size is unknown
    expect(withRules({ rule: "self.namespace + '-x' != ''" })).toEqual([
      `TT0019 ${at(0)}: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `TT0019 ${at(0)}: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
      'TT0019 spec.versions[0].schema.openAPIV3Schema: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)',
    ]);
    // the functions of the standard, strings, lists and regex libraries take only the types they are declared for
    expect(withRules({ rule: "self.labels.contains('a')" }, { rule: 'size(self.replicas) > 0' }, { rule: "self.ports.startsWith('a')" }, { rule: "self.__namespace__.join(',') != ''" })).toEqual([
      `TT0019 ${at(0)}: compilation failed: found no matching overload for 'contains' applied to 'map.(string)' (it takes string)`,
      `TT0019 ${at(1)}: compilation failed: found no matching overload for 'size' applied to '(int)' (it takes string or bytes or list or map)`,
      `TT0019 ${at(2)}: compilation failed: found no matching overload for 'startsWith' applied to 'list.(string)' (it takes string)`,
      `TT0019 ${at(3)}: compilation failed: found no matching overload for 'join' applied to 'string.(string)' (it takes list(string))`,
    ]);
    expect(withRules({ rule: "size(self.ports) > 0 && self.__namespace__.size() > 0 && self.labels.size() > 0 && self.__namespace__.contains('a') && self.ports.indexOf(self.ports[0]) >= 0 && self.__namespace__.indexOf('a') >= 0" })).toEqual([]);
    // and a string's functions only the arguments of their overloads
    expect(withRules({ rule: 'self.ports.size(1) > 0' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: found no matching overload for 'size' applied to 'list.(int)' (it takes ())`,
    ]);
    expect(withRules({ rule: 'self.__namespace__.startsWith(1)' }, { rule: "self.__namespace__.charAt('a') == 'b'" }, { rule: 'self.__namespace__.trim(1) != ""' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: found no matching overload for 'startsWith' applied to 'string.(int)' (it takes (string))`,
      `TT0019 ${at(1)}: compilation failed: found no matching overload for 'charAt' applied to 'string.(string)' (it takes (int))`,
      `TT0019 ${at(2)}: compilation failed: found no matching overload for 'trim' applied to 'string.(int)' (it takes ())`,
    ]);
    expect(withRules({ rule: "self.__namespace__.split('-', 2).size() > 0 && self.__namespace__.replace('a', 'b', self.replicas) != '' && self.__namespace__.substring(1, 2) != '' && self.__namespace__.indexOf(self.size) >= 0" })).toEqual([]);
    // `in` takes a member of a list's items' type or of a map's keys'
    expect(withRules({ rule: 'self.__namespace__ in self.ports' }, { rule: 'self.replicas in self.labels' }, { rule: "'a' in self.__namespace__" })).toEqual([
      `TT0019 ${at(0)}: compilation failed: found no matching overload for '@in' applied to '(string, list)'`,
      `TT0019 ${at(1)}: compilation failed: found no matching overload for '@in' applied to '(int, map)'`,
      `TT0019 ${at(2)}: compilation failed: found no matching overload for '@in' applied to '(string, string)'`,
    ]);
    expect(withRules({ rule: "'a' in self.labels && self.replicas in [1, 2] && self.__namespace__ in ['a', 'b'] && self.ports.all(p, p.port in [80])" })).toEqual([]);
    expect(withRules({ rule: "self.size == 1 || self.size == 'a'" }, { rule: 'ip.isCanonical(self.__namespace__)' }, { rule: "{1: 'a'}.all(k, k > 0)" }, { rule: "self.replicas < 1u && 1.5 > self.replicas && 'a' < self.__namespace__" })).toEqual([]);
    // the libraries' type names are declared; semver is not, in the environment new rules are compiled in
    expect(withRules({ rule: '!isIP(self.__namespace__) || type(ip(self.__namespace__)) == net.IP' }, { rule: 'type(optional.of(self.__namespace__)) == optional_type' })).toEqual([]);
    expect(withRules({ rule: 'isSemver(self.__namespace__)' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: undeclared reference to 'isSemver' (the semver library, which Kubernetes 1.33 has but compiles new rules without (in its 1.32 environment))`,
    ]);
    // a 1.27 API server has none of the quantity, IP, CIDR and semver libraries (environment/base.go's versions)
    const at127 = (rule: string) =>
      validateObjects([{ object: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', { spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' },
        versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec: { ...spec, 'x-kubernetes-validations': [{ rule }] } } } } })],
      } }, undefined) }], { kubernetesVersion: '1.27' }).filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}: ${f.message}`);
    expect(at127('isIP(self.__namespace__)')).toEqual([`TT0019 ${at(0)}: compilation failed: undeclared reference to 'isIP' (the IP library, which came in Kubernetes 1.30)`]);
    expect(at127('quantity(self.max__dash__surge).isInteger()')).toEqual([
      `TT0019 ${at(0)}: compilation failed: undeclared reference to 'quantity' (the quantity library, which came in Kubernetes 1.28)`,
    ]);
    expect(at127('isSemver(self.__namespace__)')).toEqual([`TT0019 ${at(0)}: compilation failed: undeclared reference to 'isSemver' (the semver library, which came in Kubernetes 1.33)`]);
    expect(at127("isURL(self.__namespace__) && self.__namespace__.matches('^a')")).toEqual([]);
    // nor cel-go's literal validators (1.29), but its program compiles a constant pattern when it is made: one that does
    // not compile fails the create all the same (OptOptimize's regex optimization)
    expect(at127("self.__namespace__.matches('[')")).toEqual([
      `TT0019 ${at(0)}: program instantiation failed: the constant pattern of matches() does not compile: error parsing regexp: missing closing ]: \`[\``,
    ]);
    // nor optional values (1.28), the sets library and the strings library's version 2 (1.29), the format library
    // (1.31), two-variable comprehensions (1.32), nor orderings of numbers of different types (1.28), which 1.33 compiles
    const later = [
      'self.?replicas.orValue(1) > 0',
      'optional.of(self.__namespace__).hasValue()',
      'self.replicas == 0 || dyn(self.replicas).orValue(0) > 0',
      'type(self.__namespace__) != optional_type',
      "sets.contains(['a', 'b'], [self.__namespace__])",
      "strings.quote(self.__namespace__) != ''",
      "'%s'.format([self.__namespace__]) != ''",
      'format.dns1123Label().validate(self.__namespace__).hasValue()',
      'self.ports.all(i, p, p.port > i)',
      'self.labels.transformMap(k, v, v).size() > 0',
      'self.replicas > 1.5',
      'self.replicas <= 2u',
      'ip.isCanonical(self.__namespace__)',
    ];
    const laterErrors = later.map(at127);
    expect(laterErrors.map((errors) => errors.length)).toEqual(later.map(() => 1));
    expect(laterErrors.flat().map((error) => error.slice(`TT0019 ${at(0)}: compilation failed: `.length))).toEqual([
      'at 1:6: the optional syntax (?) came in Kubernetes 1.28, with cel.OptionalTypes',
      "undeclared reference to 'optional' (optional.of() is of optional values (cel.OptionalTypes), which came in Kubernetes 1.28)",
      "undeclared reference to 'orValue' (optional values (cel.OptionalTypes), which came in Kubernetes 1.28)",
      "undeclared reference to 'optional_type' (optional values (cel.OptionalTypes), which came in Kubernetes 1.28)",
      "undeclared reference to 'sets' (sets.contains() is of the sets library, which came in Kubernetes 1.29)",
      "undeclared reference to 'strings' (strings.quote() is of version 2 of the strings library, which came in Kubernetes 1.29)",
      "undeclared reference to 'format' (version 2 of the strings library, which came in Kubernetes 1.29)",
      "undeclared reference to 'format' (format.dns1123Label() is of the format library, which came in Kubernetes 1.31)",
      "undeclared reference to 'all' (two-variable comprehensions (ext.TwoVarComprehensions), which came in Kubernetes 1.32)",
      "undeclared reference to 'transformMap' (two-variable comprehensions (ext.TwoVarComprehensions), which came in Kubernetes 1.32)",
      "found no matching overload for '_>_' applied to '(int, double)' (comparing numbers of different types (cel.CrossTypeNumericComparisons), which came in Kubernetes 1.28)",
      "found no matching overload for '_<=_' applied to '(int, uint)' (comparing numbers of different types (cel.CrossTypeNumericComparisons), which came in Kubernetes 1.28)",
      "undeclared reference to 'ip' (ip.isCanonical() is of the IP library, which came in Kubernetes 1.30)",
    ]);
    expect(withRules(...later.map((rule) => ({ rule })))).toEqual([]);
    // what every version has: the strings library's version 0 (join() too), lists, regexes, URLs, one-variable
    // macros, orderings of numbers of one type
    expect(at127("self.__namespace__.lowerAscii().split('-').join('.') != '' && [1, 2].isSorted() && self.__namespace__.find('a') != ''")).toEqual([]);
    expect(at127("self.ports.exists_one(p, p.port > 0) && self.ports.map(p, p.port).max() > 1 && self.replicas > 1 && 1.5 < 2.5 && url('https://a').getHost() != ''")).toEqual([]);
    // cel-go's literal validators: a constant pattern, a constant duration, the items of a literal of one type
    expect(withRules({ rule: "self.__namespace__.matches('[')" }, { rule: "duration('1x') > duration('1s')" }, { rule: "self.replicas in [1, 'two']" }, { rule: 'self.replicas in [1, 2]' })).toEqual([
      expect.stringMatching(new RegExp(`^TT0019 ${at(0).replace(/[[\].]/g, '\\$&')}: compilation failed: invalid matches argument: `)),
      `TT0019 ${at(1)}: compilation failed: invalid duration argument: "1x" is no Go duration`,
      `TT0019 ${at(2)}: compilation failed: expected type 'int' but found 'string' (the items of a literal must be of one type)`,
    ]);
    // a constant duration beyond an int64 of nanoseconds, which time.ParseDuration refuses
    expect(withRules({ rule: "duration('2562047h48m') > duration('1s')" }, { rule: "duration('2562047h47m16.854775807s') > duration('-2562047h47m16.854775808s')" })).toEqual([
      `TT0019 ${at(0)}: compilation failed: invalid duration argument: "2562047h48m" is no Go duration`,
    ]);
    // find() and findAll() have no literal validator, but the regex library compiles their constant pattern when the
    // program is made; the compilation and the rule's type come first
    expect(withRules({ rule: "self.__namespace__.find('(') != ''" }, { rule: "self.__namespace__.findAll('a', 2).size() > 0 && matches('(', 'a')" }, { rule: "self.__namespace__.find('(')" })).toEqual([
      `TT0019 ${at(0)}: program instantiation failed: the constant pattern of find() does not compile: error parsing regexp: missing closing ): \`(\``,
      expect.stringMatching(new RegExp(`^TT0019 ${at(1).replace(/[[\].]/g, '\\$&')}: compilation failed: invalid matches argument: `)),
      `TT0019 ${at(2)}: cel expression must evaluate to a bool, got string`,
    ]);
    // and a constant timestamp: RFC 3339 (Go's time.Parse) or Unix seconds, within the years 1 to 9999
    expect(withRules(
      { rule: "timestamp('2024-02-30T00:00:00Z') > timestamp(0)" }, { rule: "timestamp('2024-01-01 00:00:00Z') > timestamp(0)" },
      { rule: "timestamp('9999-12-31T23:59:59-00:01') > timestamp(0)" }, { rule: 'timestamp(253402300800) > timestamp(0)' },
      { rule: "timestamp('0001-01-01T00:59:59+01:00') > timestamp(0)" },
      { rule: "timestamp('2024-02-29T23:59:59.5+14:00') < timestamp(253402300799) && timestamp('0001-01-01T00:00:00,1Z') > timestamp('0000-12-31T23:00:00-02:00')" },
    )).toEqual([
      `TT0019 ${at(0)}: compilation failed: invalid timestamp argument: "2024-02-30T00:00:00Z" is not an RFC 3339 time of the years 1 to 9999`,
      `TT0019 ${at(1)}: compilation failed: invalid timestamp argument: "2024-01-01 00:00:00Z" is not an RFC 3339 time of the years 1 to 9999`,
      `TT0019 ${at(2)}: compilation failed: invalid timestamp argument: "9999-12-31T23:59:59-00:01" is not an RFC 3339 time of the years 1 to 9999`,
      `TT0019 ${at(3)}: compilation failed: invalid timestamp argument: 253402300800 is not Unix seconds of the years 1 to 9999`,
      `TT0019 ${at(4)}: compilation failed: invalid timestamp argument: "0001-01-01T00:59:59+01:00" is not an RFC 3339 time of the years 1 to 9999`,
    ]);
    expect(withRules({ rule: 'self.replica > 0' }, { rule: 'self.ports.all(p, p.name != "")' })).toEqual([
      `TT0019 ${at(0)}: compilation failed: undefined field 'replica' (the declared fields here: __namespace__, labels, max__dash__surge, ports, replicas, size, template)`,
      `TT0019 ${at(1)}: compilation failed: undefined field 'name' (the declared fields here: port)`,
    ]);
    // an object's fields are its properties' escaped names (apiserver's Escape): `x__y` is `x__underscores__y`, a name
    // with a character Escape refuses is none; a reserved word selects its escape since 1.31, not at 1.27
    const odd = (rule: string, kubernetesVersion: '1.27' | '1.33' = '1.33') =>
      validateObjects([{ object: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', { spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' },
        versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec: {
          type: 'object',
          properties: { x__y: { type: 'integer' }, 'a:b': { type: 'integer' }, '1a': { type: 'integer' }, namespace: { type: 'string', maxLength: 63 } },
          'x-kubernetes-validations': [{ rule }],
        } } } } })],
      } }, undefined) }], { kubernetesVersion }).filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}: ${f.message}`);
    const undefinedField = (field: string) =>
      [`TT0019 ${at(0)}: compilation failed: undefined field '${field}' (the declared fields here: __namespace__, x__underscores__y)`];
    expect(odd('self.x__underscores__y > 0 && self.__namespace__ != oldSelf.__namespace__')).toEqual([]);
    expect(odd('self.x__underscores__y > 0', '1.27')).toEqual([]);
    expect(odd('self.x__y > 0')).toEqual(undefinedField('x__y'));
    expect(odd('self.a__colon__b > 0')).toEqual(undefinedField('a__colon__b'));
    expect(odd('self.namespace != oldSelf.namespace', '1.27')).toEqual(undefinedField('namespace'));
    expect(odd("has(self.namespace) && self.namespace != ''", '1.27')).toEqual(undefinedField('namespace'));
    expect(odd("has(self.namespace) && self.namespace != ''")).toEqual([]);
    expect(withRules({ rule: 'self.replicas' }, { rule: 'self.replicas > 0', messageExpression: 'self.replicas' })).toEqual([
      `TT0019 ${at(0)}: cel expression must evaluate to a bool, got int`,
      `TT0019 ${at(1, 'messageExpression')}: messageExpression must evaluate to a string, got int`,
    ]);
    expect(withRules({ rule: 'self.replicas > 0', reason: 'TooBig', fieldPath: '.replica' }, { rule: ' ', message: 'x' }, { rule: 'self.x ==\n 1', message: '' })).toEqual([
      `TT0015 ${at(0, 'reason')}: the reason must be one of FieldValueDuplicate, FieldValueForbidden, FieldValueInvalid, FieldValueRequired, got "TooBig"`,
      `TT0017 ${at(1)}: rule is not specified`,
      `TT0017 ${at(2, 'message')}: message must be specified if rule contains line breaks`,
      `TT0019 ${at(0, 'fieldPath')}: fieldPath must be a valid path: ".replica" does not name a field of this node (write .field, or ['key'] for a key of a map)`,
    ]);
  });

  test('refuses calls of functions no library declares, or with arguments none of their overloads takes, as cel-go resolves them', () => {
    const spec = {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        // bounded, so that validate() of it is within the rules' cost budget
        name: { type: 'string', maxLength: 253 },
        limit: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
        // bounded, so that max() is within the rules' cost budget
        tags: { type: 'array', maxItems: 16, items: { type: 'string', maxLength: 64 } },
        size: { 'x-kubernetes-int-or-string': true },
        ref: { type: 'object', properties: { name: { type: 'string' } } },
        other: { type: 'object', properties: { name: { type: 'string' } } },
        refs: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      },
    };
    const compile = (kubernetesVersion: '1.27' | '1.33', ...rules: string[]) =>
      validateObjects([{ object: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', { spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' },
        versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec: { ...spec, 'x-kubernetes-validations': rules.map((rule) => ({ rule })) } } } } })],
      } }, undefined) }], { kubernetesVersion })
        .filter((f) => f.severity === 'error')
        .map((f) => `${(f.field ?? '').replace(/.*\[(\d+)\]\.rule$/, '$1')}: ${f.message.replace(/^compilation failed: /, '')}`);
    // a method no library declares, on any receiver; a macro with another count of arguments is no macro
    expect(compile('1.33', "self.name.startWith('a')", 'size(self.size).isEmpty()', 'self.tags.all(t)', "self.tags.exists(t, t == 'a')")).toEqual([
      "0: undeclared reference to 'startWith' (no library declares such a function)",
      "1: undeclared reference to 'isEmpty' (no library declares such a function)",
      "2: undeclared reference to 'all' (no library declares such a function)",
    ]);
    // the libraries' functions take only their own types; a library's values have no operators but equality
    expect(compile(
      '1.33', 'url(self.replicas).getHost() != ""', 'self.name.getHost() != ""', 'quantity(self.limit) < quantity("1")',
      'quantity(self.limit) + quantity("1") == quantity("2")', 'quantity(self.limit).sign() > 0', 'lowerAscii(self.name) == "a"',
      'cidr(self.name).containsIP(1)', 'self.at.getHours() > self.name',
    )).toEqual([
      "0: found no matching overload for 'url' applied to '(int)' (it takes string)",
      "1: found no matching overload for 'getHost' applied to 'string.()' (it takes kubernetes.URL)",
      "2: found no matching overload for '_<_' applied to '(kubernetes.Quantity, kubernetes.Quantity)'",
      "3: found no matching overload for '_+_' applied to '(kubernetes.Quantity, kubernetes.Quantity)'",
      "4: found no matching overload for 'sign' applied to 'kubernetes.Quantity.()' (it is called as sign(x), not on a receiver)",
      "5: found no matching overload for 'lowerAscii' applied to '(string)' (it is called on a receiver: x.lowerAscii())",
      "6: found no matching overload for 'containsIP' applied to 'net.CIDR.(int)' (it takes (string) or (net.IP))",
      "7: found no matching overload for '_>_' applied to '(int, string)'",
    ]);
    expect(compile(
      '1.33',
      'sign(quantity(self.limit)) > 0 && quantity(self.limit).add(1).isGreaterThan(quantity("1")) && quantity(self.limit) != null',
      'url(self.name).getQuery()["a"].size() > 0 && self.name.indexOf("a") + 1 > 0 && self.tags.join(",").lowerAscii() != ""',
      'cidr(self.name).containsIP(ip(self.name)) && cidr(self.name).ip().family() == 4 && string(ip(self.name)) != ""',
      'self.at.getHours("UTC") > 0 && int(self.at) > 0 && duration("1h").getMinutes() == 60 && dyn(self.size).lowerAscii() != ""',
      'self.tags.max() != "" && [1, 2].sum() > 0 && self.size.matches("^a") && format.dns1123Label().validate(self.name).hasValue()',
    )).toEqual([]);
    // only maps and objects have fields, only lists (by an int) and maps (by a key of their keys' type) are indexed,
    // the logical operators take bools, a condition is a bool and its branches are of one type
    expect(compile(
      '1.33', 'self.name.length > 0', 'has(self.tags.first)', "self.tags['a'] == 'b'", "self.name[0] == 'a'", 'self.replicas && true', '!self.name',
      'self.replicas ? true : false', "self.replicas > 1 ? 'a' : 1",
    )).toEqual([
      "0: type 'string' does not support field selection",
      "1: type 'list' does not support field selection",
      "2: found no matching overload for '_[_]' applied to '(list, string)'",
      "3: found no matching overload for '_[_]' applied to '(string, int)'",
      "4: expected type 'bool' but found 'int'",
      "5: found no matching overload for '!_' applied to '(string)'",
      "6: found no matching overload for '_?_:_' applied to '(int, bool, bool)'",
      "7: found no matching overload for '_?_:_' applied to '(bool, string, int)'",
    ]);
    expect(compile(
      '1.33',
      "self.tags[0] != '' && (self.replicas > 1 ? self.name : 'x') != '' && !(self.replicas > 1) && self.size[0] != null && {'a': 1}['a'] > 0",
      "(self.replicas > 1 ? null : self.at) == null && [[1]][0][0] == 1 && self.tags.all(t, t != '')",
    )).toEqual([]);
    // a type parameter takes one type at all its uses; a literal's items of one type give it theirs
    expect(compile(
      '1.33', 'self.tags.indexOf(1) >= 0', 'sets.contains(self.tags, [1])', 'self.name in [1, 2]', "[1, 2].sum() + 'a' != ''", "{'a': 1}[1] > 0",
    )).toEqual([
      "0: found no matching overload for 'indexOf' applied to 'list.(int)' (it takes (string))",
      "1: found no matching overload for 'sets.contains' applied to '(list, list)' (it takes (list(A), list(A)))",
      "2: found no matching overload for '@in' applied to '(string, list)'",
      "3: found no matching overload for '_+_' applied to '(int, string)'",
      "4: found no matching overload for '_[_]' applied to '(map, int)'",
    ]);
    // (join() of a literal list would be refused for its cost: its items have no path to a schema's maxLength)
    expect(compile('1.33', "self.tags.indexOf('a') >= 0 && sets.contains(self.tags, ['a']) && self.replicas in [1, 2] && self.tags.join() != '' && {'a': 1}['a'] > 0")).toEqual([]);
    // null takes the place of a bound type parameter only where that type is nullable; lists agree by their items;
    // only lists and maps are ranged over; a literal's items are of one type (since 1.29 dyn and null count as types)
    expect(compile(
      '1.33', 'self.tags.indexOf(null) >= 0', 'self.replicas > 1 ? 1 : null', "(self.replicas > 1 ? ['a'] : [1]).size() > 0", "['a'] == [1]",
      "self.name.all(c, c != '')", '[self.name, self.replicas].size() > 0', '[self.size, 1].size() > 0', '[null, self.at].size() > 0',
    )).toEqual([
      "0: found no matching overload for 'indexOf' applied to 'list.(null_type)' (it takes (string))",
      "1: found no matching overload for '_?_:_' applied to '(bool, int, null_type)'",
      "2: found no matching overload for '_?_:_' applied to '(bool, list, list)'",
      "3: found no matching overload for '_==_' applied to '(list, list)'",
      "4: expression of type 'string' cannot be range of a comprehension (must be list, map, or dynamic)",
      "5: expected type 'string' but found 'int' (the items of a literal must be of one type)",
      "6: expected type 'dyn' but found 'int' (the items of a literal must be of one type)",
      "7: expected type 'null_type' but found 'timestamp' (the items of a literal must be of one type)",
    ]);
    expect(compile('1.27', '[self.name, self.replicas].size() > 0', '[self.size, 1].size() > 0', '[null, self.at].size() > 0')).toEqual([
      "0: expected type 'string' but found 'int' (the items of a literal must be of one type)",
    ]);
    // the items of what map() and filter() give, of a literal list of lists or maps, of a list a condition or a
    // concatenation gives, as cel-go binds them; a type's name is a value of type `type`; over a dyn value, dyn
    const typed = [
      "self.tags.map(t, t.size()).all(n, n > 'a')", "[self.tags, ['a']].all(l, l.all(t, t > 1))", 'type(self.name) == 1',
      "self.tags.filter(t, t != '').exists(t, t == 1)", '(self.replicas > 1 ? self.tags : []).all(t, t == 1)', '(self.tags + []).all(t, t == 1)',
      "[{'a': 1}, {'b': 2}].all(m, m.a == 'x')",
    ];
    for (const version of ['1.27', '1.33'] as const) {
      expect(compile(version, ...typed, 'type(self.size) == int && dyn(self.tags).all(t, t == 1)')).toEqual([
        "0: found no matching overload for '_>_' applied to '(int, string)'",
        "1: found no matching overload for '_>_' applied to '(string, int)'",
        "2: found no matching overload for '_==_' applied to '(type, int)'",
        "3: found no matching overload for '_==_' applied to '(string, int)'",
        "4: found no matching overload for '_==_' applied to '(string, int)'",
        "5: found no matching overload for '_==_' applied to '(string, int)'",
        "6: found no matching overload for '_==_' applied to '(int, string)'",
      ]);
    }
    expect(compile(
      '1.33', "self.tags.exists_one(i, t, t == 'a') && (self.replicas > 1 ? null : self.at) == null && [['a'], self.tags].size() > 0",
      "timestamp('2024-01-01T00:00:00+24:00') < timestamp('2024-01-01T00:00:00-23:60')",
    )).toEqual([]);
    // each schema node's object type is its own, however alike two are (the API server names them by their path)
    expect(compile('1.33', 'self.ref == self.other', 'self.refs.indexOf(self.ref) >= 0', '(self.replicas > 1 ? self.ref : self.other).name != ""')).toEqual([
      "0: found no matching overload for '_==_' applied to '(object, object)'",
      "1: found no matching overload for 'indexOf' applied to 'list.(object)' (it takes (object))",
      "2: found no matching overload for '_?_:_' applied to '(bool, object, object)'",
    ]);
    expect(compile('1.33', 'self.ref == oldSelf.ref && self.refs[0] != self.refs[1] && self.refs.indexOf(self.refs[0]) == 0 && self.ref != null')).toEqual([]);
    // a type conversion of a constant is folded when the program is made (cel.OptOptimize), so one that fails fails the create
    expect(compile(
      '1.33', "int('abc') > 0", 'uint(-1) > 0u', 'int(1e19) > 0', "bool('yes')", "string(b'\\xff') != ''", "double('1e400') > 0.0", "double('1.2.3x') > 0.0",
      'int(18446744073709551615u) > 0',
    )).toEqual([
      "0: program instantiation failed: the constant conversion int() fails: type conversion error from 'string' to 'int'",
      '1: program instantiation failed: the constant conversion uint() fails: unsigned integer overflow',
      '2: program instantiation failed: the constant conversion int() fails: integer overflow',
      "3: program instantiation failed: the constant conversion bool() fails: type conversion error from 'string' to 'bool'",
      '4: program instantiation failed: the constant conversion string() fails: invalid UTF-8 in bytes, cannot convert to string',
      "5: program instantiation failed: the constant conversion double() fails: type conversion error from 'string' to 'double'",
      "6: program instantiation failed: the constant conversion double() fails: type conversion error from 'string' to 'double'",
      '7: program instantiation failed: the constant conversion int() fails: integer overflow',
    ]);
    expect(compile(
      '1.33', "int('-42') < 0 && uint('42') > 0u && bool('True') && double('0x1p-2') > 0.0 && double('-Inf') < 0.0 && int(-9.2e18) < 0",
      "string(b'abc') != '' && int(self.name) > 0 && int(duration('1s')) > 0",
    )).toEqual([]);
    // time.Parse's general path takes a one-digit hour
    expect(compile('1.27', "timestamp('2024-01-01T1:00:00Z') > timestamp(0)")).toEqual([]);
    expect(compile('1.33', "timestamp('2024-01-01T1:00:00Z') > timestamp(0)")).toEqual([]);
    // at 1.27, with no literal validator, a constant duration or timestamp that does not parse fails there too
    expect(compile('1.27', "duration('1x') > duration('1s')", "timestamp('2024-13-01T00:00:00Z') > timestamp(0)")).toEqual([
      "0: program instantiation failed: the constant conversion duration() fails: type conversion error from 'string' to 'google.protobuf.Duration'",
      "1: program instantiation failed: the constant conversion timestamp() fails: type conversion error from 'string' to 'google.protobuf.Timestamp'",
    ]);
    // 1.27's cel-go v0.12.7 declares matches() only on a receiver, and the authorizer library without errored()
    expect(compile('1.27', 'matches(self.name, "^a")', 'self.name.matches("^a")')).toEqual([
      "0: found no matching overload for 'matches' applied to '(string, string)' (matches() without a receiver (cel-go v0.13; write s.matches(re)), which came in Kubernetes 1.28)",
    ]);
    expect(compile('1.33', 'matches(self.name, "^a")')).toEqual([]);
  });

  test('checks each rule on its own, however often its text repeats; reads fieldPath escapes as Go does; needs a typed node', () => {
    const withSpec = (spec: Record<string, unknown>) => crd({ versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } })] });
    const at = 'spec.versions[0].schema.openAPIV3Schema.properties.spec';
    // the same rule twice is no duplicate to the API server (the list's key is for server-side apply); a bad reason still is
    expect(withSpec({ type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 0' }, { rule: 'self > 0', reason: 'Bad' }] })).toEqual([
      `TT0015 ${at}["x-kubernetes-validations"][1].reason: the reason must be one of FieldValueDuplicate, FieldValueForbidden, FieldValueInvalid, FieldValueRequired, got "Bad"`,
    ]);
    const tabbed = { type: 'object', properties: { 'a\tb': { type: 'string' }, cx: { type: 'string' } } };
    expect(withSpec({ ...tabbed, 'x-kubernetes-validations': [{ rule: 'true', fieldPath: "['a\\tb']" }] })).toEqual([]);
    expect(withSpec({ ...tabbed, 'x-kubernetes-validations': [{ rule: 'true', fieldPath: "['c\\x']" }] })).toEqual([
      `TT0019 ${at}["x-kubernetes-validations"][0].fieldPath: fieldPath must be a valid path: "['c\\\\x']" does not name a field of this node (write .field, or ['key'] for a key of a map)`,
    ]);
    // an object without properties declares no field, even when it keeps unknown ones
    expect(withSpec({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule: 'has(self.replicas)' }] })).toEqual([
      `TT0019 ${at}["x-kubernetes-validations"][0].rule: compilation failed: undefined field 'replicas' (the declared fields here: none: an object without properties declares no field)`,
    ]);
    // a node without a type has no CEL type for its rules
    expect(withSpec({ 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule: 'true' }] })).toEqual([
      `TT0019 ${at}["x-kubernetes-validations"]: no rule can be compiled here: CEL is given no type for this node (give it a type; a node that only keeps unknown fields has none)`,
    ]);
    // the messageExpression of a rule that does not compile is not compiled
    expect(withSpec({ type: 'integer', 'x-kubernetes-validations': [{ rule: 'self', messageExpression: 'self' }] })).toEqual([
      `TT0019 ${at}["x-kubernetes-validations"][0].rule: cel expression must evaluate to a bool, got int`,
    ]);
  });

  test('refuses oldSelf where old and new values do not correlate, optionalOldSelf without oldSelf, root metadata beyond name', () => {
    const withSchema = (openAPIV3Schema: Record<string, unknown>) => crd({ versions: [version('v1', { schema: { openAPIV3Schema } })] });
    const ports = (listType: string) => ({
      type: 'object',
      properties: {
        spec: {
          type: 'array',
          'x-kubernetes-list-type': listType,
          ...(listType === 'map' ? { 'x-kubernetes-list-map-keys': ['port'] } : {}),
          items: { type: 'object', required: ['port'], properties: { port: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.port == oldSelf.port' }] },
        },
      },
    });
    expect(withSchema(ports('map'))).toEqual([]);
    expect(withSchema(ports('atomic'))).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.items["x-kubernetes-validations"][0].rule: oldSelf cannot be used on the uncorrelatable portion of the schema within spec.versions[0].schema.openAPIV3Schema.properties.spec (the items of a list correlate only in a map list)',
    ]);
    const root = (rule: Record<string, unknown>) => withSchema({ type: 'object', properties: { spec: { type: 'object' } }, 'x-kubernetes-validations': [rule] });
    expect(root({ rule: "self.metadata.name.startsWith('w') && self.kind == 'Widget'" })).toEqual([]);
    expect(root({ rule: '!has(self.metadata.labels)' })).toEqual([
      "TT0019 spec.versions[0].schema.openAPIV3Schema[\"x-kubernetes-validations\"][0].rule: compilation failed: undefined field 'labels' (the declared fields here: generateName, name)",
    ]);
    // an object type, which the string, bytes, list and map functions do not take
    expect(root({ rule: 'self.metadata.size() == 1' })).toEqual([
      "TT0019 spec.versions[0].schema.openAPIV3Schema[\"x-kubernetes-validations\"][0].rule: compilation failed: found no matching overload for 'size' applied to 'object.()' (it takes string or bytes or list or map)",
    ]);
    expect(root({ rule: 'self.kind != ""', optionalOldSelf: true })).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema["x-kubernetes-validations"][0].optionalOldSelf: may not be set if oldSelf is not used in rule',
    ]);
    expect(root({ rule: 'oldSelf.hasValue() || self.kind != ""', optionalOldSelf: true })).toEqual([]);
    // with optionalOldSelf, oldSelf is an optional of the node's type (cel.OptionalType): its fields are optionals too,
    // and neither compares with a value until value() or orValue() unwraps it
    expect(root({ rule: "!oldSelf.hasValue() || oldSelf.value().kind == self.kind && oldSelf.kind.orValue('') == self.kind", optionalOldSelf: true })).toEqual([]);
    expect(root({ rule: 'oldSelf.metadata.name.orValue(self.metadata.name) == self.metadata.name && has(oldSelf.kind)', optionalOldSelf: true })).toEqual([]);
    // (a rule that does not compile tells no use of oldSelf: its optionalOldSelf is refused too, as cel.Compile leaves it)
    const unused = 'TT0019 spec.versions[0].schema.openAPIV3Schema["x-kubernetes-validations"][0].optionalOldSelf: may not be set if oldSelf is not used in rule';
    const noOverload = (name: string, types: string) =>
      `TT0019 spec.versions[0].schema.openAPIV3Schema["x-kubernetes-validations"][0].rule: compilation failed: found no matching overload for '${name}' applied to '${types}'`;
    expect(root({ rule: 'self == oldSelf', optionalOldSelf: true })).toEqual([unused, noOverload('_==_', '(object, optional_type)')]);
    expect(root({ rule: 'oldSelf.kind == self.kind', optionalOldSelf: true })).toEqual([unused, noOverload('_==_', '(optional_type, string)')]);
    expect(root({ rule: "oldSelf.orValue(self).kind.startsWith('W') && oldSelf.value().kind.startsWith('W')", optionalOldSelf: true })).toEqual([]);
    expect(root({ rule: "oldSelf.kind.startsWith('W')", optionalOldSelf: true })).toEqual([
      unused, `${noOverload('startsWith', 'optional_type.(string)')} (it takes string)`,
    ]);
    // the use of oldSelf is read before the program is made: a rule whose program fails still uses it
    expect(root({ rule: "oldSelf.hasValue() || self.kind.find('(') != ''", optionalOldSelf: true })).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema["x-kubernetes-validations"][0].rule: program instantiation failed: the constant pattern of find() does not compile: error parsing regexp: missing closing ): `(`',
    ]);
    const atomicPorts = ports('atomic');
    (atomicPorts.properties.spec.items['x-kubernetes-validations'] as Record<string, unknown>[])[0] = { rule: "self.port == oldSelf.port || string(self.port).find('(') != ''" };
    expect(withSchema(atomicPorts)).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.items["x-kubernetes-validations"][0].rule: oldSelf cannot be used on the uncorrelatable portion of the schema within spec.versions[0].schema.openAPIV3Schema.properties.spec (the items of a list correlate only in a map list)',
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.items["x-kubernetes-validations"][0].rule: program instantiation failed: the constant pattern of find() does not compile: error parsing regexp: missing closing ): `(`',
    ]);
    // a 1.27 API server has no optionalOldSelf (apiextensions v0.29 brought it): an unknown field there, nothing more
    const rootAt127 = (rule: Record<string, unknown>) =>
      validateObjects([{ object: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', { spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' },
        versions: [version('v1', { schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } }, 'x-kubernetes-validations': [rule] } } })],
      } }, undefined) }], { kubernetesVersion: '1.27' }).filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}`);
    expect(rootAt127({ rule: 'self.kind != ""', optionalOldSelf: true })).toEqual(['TT0002 spec.versions[0].schema.openAPIV3Schema["x-kubernetes-validations"][0].optionalOldSelf']);
  });

  test('refuses selectable fields that do not lead to a string, boolean or integer outside metadata, twice, or more than eight', () => {
    const schemaWith = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' }, size: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } } } } };
    const select = (...paths: string[]) => crd({ versions: [version('v1', { schema: schemaWith, selectableFields: paths.map((jsonPath) => ({ jsonPath })) })] });
    const at = (i: number) => `spec.versions[0].selectableFields[${i}].jsonPath`;
    expect(select('.spec.color', '.spec.size')).toEqual([]);
    expect(select('.spec.colour', ".spec['color']", '.spec.tags', '.metadata.name', '.spec.color', '.spec.color')).toEqual([
      `TT0019 ${at(0)}: is an invalid path: does not refer to a valid field, got ".spec.colour"`,
      `TT0019 ${at(1)}: is an invalid path: array notation is not allowed, got ".spec['color']"`,
      `TT0019 ${at(2)}: must point to a field of type string, boolean or integer (enum string fields and strings with formats are allowed), got ".spec.tags"`,
      `TT0019 ${at(3)}: is an invalid path: does not refer to a valid field, got ".metadata.name"`,
      `TT0019 ${at(5)}: must not be selected twice, got ".spec.color"`,
    ]);
  });

  test('refuses a deprecation warning on a version that is not deprecated, or one too long or not printable', () => {
    expect(crd({ versions: [version('v1', { deprecationWarning: 'old' })] })).toEqual(['TT0019 spec.versions[0].deprecationWarning: may only be set for a deprecated version']);
    expect(crd({ versions: [version('v1', { deprecated: true, deprecationWarning: 'x'.repeat(257) })] })).toEqual([
      'TT0019 spec.versions[0].deprecationWarning: must be at most 256 bytes long',
    ]);
    expect(crd({ versions: [version('v1', { deprecated: true, deprecationWarning: 'use\tv2' })] })).toEqual([
      'TT0019 spec.versions[0].deprecationWarning: must hold printable characters only; "\\t" is not, at byte 3',
    ]);
  });

  test('refuses preserveUnknownFields, bad names, a kind equal to its list kind', () => {
    expect(crd({ preserveUnknownFields: true })).toEqual([
      'TT0019 spec.preserveUnknownFields: may not be true in apiextensions.k8s.io/v1: set x-kubernetes-preserve-unknown-fields in spec.versions[*].schema instead',
    ]);
    expect(crd({ names: { plural: 'widgets', kind: 'Widget', listKind: 'Widget' } })).toEqual([
      'TT0019 spec.names.listKind: kind and listKind may not be the same, got "Widget"',
    ]);
    expect(crd({ names: { plural: 'widgets', kind: 'Wid_get' } })[0]).toMatch(/^TT0019 spec\.names\.kind: may have mixed case, but must otherwise be a DNS-1035 label/);
    expect(crd({ names: { plural: 'widgets', kind: 'Widget', shortNames: ['w-'] } })[0]).toMatch(/^TT0019 spec\.names\.shortNames\[0\]: must be a DNS-1035 label/);
  });

  test('refuses scale paths outside spec and status, bad printer columns (once for columns all versions share)', () => {
    const scale = (s: Record<string, unknown>) => crd({ versions: [version('v1', { subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', ...s } } })] });
    expect(scale({ specReplicasPath: '.status.replicas' })).toEqual([
      'TT0019 spec.versions[0].subresources.scale.specReplicasPath: must be a JSON path under .spec., got ".status.replicas"',
    ]);
    expect(scale({ statusReplicasPath: 'status.replicas' })).toEqual([
      'TT0019 spec.versions[0].subresources.scale.statusReplicasPath: must be a simple JSON path starting with ., got "status.replicas"',
    ]);
    expect(scale({ labelSelectorPath: '.metadata.labels' })).toEqual([
      'TT0019 spec.versions[0].subresources.scale.labelSelectorPath: must be a JSON path under .spec. or .status., got ".metadata.labels"',
    ]);
    const column = { name: 'Age', type: 'duration', jsonPath: '.metadata.creationTimestamp' };
    expect(crd({ versions: [version('v1', { additionalPrinterColumns: [column] }), version('v2', { storage: false, additionalPrinterColumns: [column] })] })).toEqual([
      'TT0019 spec.versions[0].additionalPrinterColumns[0].type: must be one of boolean, date, integer, number, string, got "duration"',
    ]);
    // columns that differ only by a field at its zero value are the same columns for Go: one finding
    expect(crd({ versions: [version('v1', { additionalPrinterColumns: [column] }), version('v2', { storage: false, additionalPrinterColumns: [{ ...column, priority: 0 }] })] })).toEqual([
      'TT0019 spec.versions[0].additionalPrinterColumns[0].type: must be one of boolean, date, integer, number, string, got "duration"',
    ]);
    // a kind lowered as Go lowers it: U+0130 becomes i
    expect(crd({ names: { plural: 'items', kind: '\u0130tem' } })).toEqual([]);
    expect(crd({ versions: [version('v1', { additionalPrinterColumns: [{ name: 'A', type: 'string', format: 'uuid', jsonPath: 'spec.a' }] })] })).toEqual([
      'TT0019 spec.versions[0].additionalPrinterColumns[0].format: must be one of byte, date, date-time, double, float, int32, int64, password, got "uuid"',
      'TT0019 spec.versions[0].additionalPrinterColumns[0].jsonPath: must be a simple JSON path starting with ., got "spec.a"',
    ]);
  });

  test('refuses a conversion webhook without client config or review versions, a webhook with strategy None', () => {
    expect(crd({ conversion: { strategy: 'Webhook' } })).toEqual([
      'TT0017 spec.conversion.webhook.clientConfig: a conversion webhook needs its client config (a url or a service)',
      'TT0017 spec.conversion.webhook.conversionReviewVersions: must name one of v1, v1beta1',
    ]);
    expect(crd({ conversion: { strategy: 'Webhook', webhook: { clientConfig: { url: 'http://convert.example.com' }, conversionReviewVersions: ['v2'] } } })).toEqual([
      `TT0019 spec.conversion.webhook.clientConfig.url: 'https' is the only scheme allowed (the form https://host[/path]), got "http://convert.example.com"`,
      'TT0019 spec.conversion.webhook.conversionReviewVersions: must include at least one of v1, v1beta1 (the versions the API server sends), got ["v2"]',
    ]);
    expect(crd({ conversion: { strategy: 'None', webhook: { clientConfig: { url: 'https://convert.example.com' }, conversionReviewVersions: ['v1'] } } })).toEqual([
      'TT0019 spec.conversion.webhook.clientConfig: may only be set when the strategy is Webhook',
      'TT0019 spec.conversion.webhook.conversionReviewVersions: may only be set when the strategy is Webhook',
    ]);
  });

  test('refuses a group Kubernetes keeps without the approval annotation, or with one that is neither a URL nor unapproved', () => {
    expect(crd({ group: 'widgets.k8s.io' })).toEqual([
      'TT0017 metadata.annotations["api-approved.kubernetes.io"]: a CRD in the group widgets.k8s.io, which Kubernetes keeps, needs this annotation: a URL of the approved API review, or a reason starting with "unapproved"',
    ]);
    expect(crd({ group: 'kubernetes.io' }, { annotations: { 'api-approved.kubernetes.io': 'yes' } })).toEqual([
      'TT0019 metadata.annotations["api-approved.kubernetes.io"]: must be a URL of the approved API review, or a reason starting with "unapproved", got "yes"',
    ]);
  });
});
