// Istio's validation webhook on Telemetry, WasmPlugin and TrafficExtension (cases from istio 1.30.3's
// TestValidateTelemetry, TestValidateTelemetryFilter, TestValidateWasmPlugin and TestValidateTrafficExtension, kept to
// those the CRD schema lets through to the webhook).
import { check, obj, withCode } from './support/objects';

const telemetry = (spec: unknown) => obj('telemetry.istio.io/v1', 'Telemetry', 'telemetry', { spec });
const wasmPlugin = (spec: Record<string, unknown>) => obj('extensions.istio.io/v1alpha1', 'WasmPlugin', 'plugin', { spec });
const trafficExtension = (spec: Record<string, unknown>) => obj('extensions.istio.io/v1alpha1', 'TrafficExtension', 'extension', { spec });
const webhook = (findings: ReturnType<typeof check>) =>
  findings.filter((f) => f.code === 'TT0020' || f.code === 'TT0021').map((f) => ({ code: f.code, field: f.field, message: f.message }));
const gatewayRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'foo' };
const lua = { inlineCode: 'function envoy_on_request() end' };
// a character of two bytes in UTF-8: the CRDs' maxLength counts characters, istiod's len() bytes
const long = (characters: number) => 'é'.repeat(characters);

describe('Telemetry', () => {
  test('warns about more than one tracing entry, and more than one provider in an entry', () => {
    const findings = check(telemetry({ tracing: [{ providers: [{ name: 'a' }, { name: 'b' }] }, { randomSamplingPercentage: 10 }] }));
    expect(webhook(findings)).toEqual([
      expect.objectContaining({ code: 'TT0021', field: 'spec.tracing', message: expect.stringMatching(/^Istio supports one tracing entry per Telemetry, got 2: /) }),
      {
        code: 'TT0021',
        field: 'spec.tracing[0].providers',
        message: 'a tracing entry uses only its first provider ("a"), got 2: Istio supports one tracing provider per entry',
      },
    ]);
    // one of each, and access logging entries with several providers, pass
    const one = { tracing: [{ providers: [{ name: 'zipkin' }] }], accessLogging: [{ providers: [{ name: 'envoy' }, { name: 'otel' }] }, { providers: [{ name: 'otel' }] }] };
    expect(webhook(check(telemetry({}), telemetry(one)))).toEqual([]);
  });

  test('fails when a custom tag has an empty name', () => {
    expect(webhook(check(telemetry({ tracing: [{ customTags: { '': { literal: { value: 'x' } }, clusterID: { environment: { name: 'FOO' } } } }] })))).toEqual([
      { code: 'TT0020', field: 'spec.tracing[0].customTags[""]', message: 'a custom tag name may not be empty' },
    ]);
    // a null tag is pruned by the API server before istiod sees it
    expect(webhook(check(telemetry({ tracing: [{ customTags: { clusterID: null } }] })))).toEqual([]);
  });

  test('fails when a tag override without an operation (so UPSERT) has no value, and warns about an empty tag name', () => {
    const admitted = { '': { operation: 'REMOVE' }, upsert: { operation: 'UPSERT', value: 'some-cel-expression' }, removed: { operation: 'REMOVE' } };
    const overrides = (tagOverrides: Record<string, unknown>) => webhook(check(telemetry({ metrics: [{ overrides: [{ tagOverrides }] }] })));
    // a refusal comes without the webhook's warnings
    expect(overrides({ 'my-tag': {}, ...admitted })).toEqual([
      {
        code: 'TT0020',
        field: 'spec.metrics[0].overrides[0].tagOverrides["my-tag"].value',
        message: 'a tag override needs a value when its operation is UPSERT (the default when no operation is given)',
      },
    ]);
    expect(overrides(admitted)).toEqual([expect.objectContaining({ code: 'TT0021', field: 'spec.metrics[0].overrides[0].tagOverrides[""]' })]);
  });

  test('fails when a targetRef names another kind or group, and warns about a selector without labels', () => {
    expect(webhook(check(telemetry({ targetRef: { ...gatewayRef, kind: 'wrong-kind' } })))).toEqual([
      expect.objectContaining({ code: 'TT0020', field: 'spec.targetRef.kind', message: expect.stringContaining('got "gateway.networking.k8s.io/wrong-kind"') }),
    ]);
    expect(webhook(check(telemetry({ targetRefs: [gatewayRef, { ...gatewayRef, group: 'wrong-group' }] })))).toEqual([
      expect.objectContaining({ code: 'TT0020', field: 'spec.targetRefs[1].kind', message: expect.stringContaining('got "wrong-group/Gateway"') }),
    ]);
    expect(webhook(check(telemetry({ selector: {} })))).toEqual([expect.objectContaining({ code: 'TT0021', field: 'spec.selector' })]);
    expect(webhook(check(telemetry({ targetRef: gatewayRef })))).toEqual([]);
  });

  describe('access log filters (parsed as cel-go parses them)', () => {
    const filtered = (expression?: string) => telemetry({ accessLogging: [{ providers: [{ name: 'envoy' }], filter: expression === undefined ? {} : { expression } }] });

    test('passes what cel-go parses, not only what it could type-check, and fails ")++++"', () => {
      const parsed = [
        'response.code >= 400',
        "connection.mtls && request.url_path.contains('v1beta3')",
        'response.code',
        "has(request.headers) && request.headers['x-debug'] == '1'",
        '[1, 2].all(x, x > 0) && [1].map(x, y, z, w)',
        "-9223372036854775808 < 0 && 18446744073709551615u > 0u && r'\\q' != '\\x41\\101\\u00e9'",
        "// a comment\nresponse.code in [500, 503] ? 'it\\'s' == \"it's\" : b'\\xff' != b''",
        // comments anywhere (the last without a line break), and whitespace in an empty call
        'response.code >= 400 // errors only',
        '// errors\n// and slow requests\nresponse.code >= 400 ||\n  // more than a second\n  response.duration > duration("1s")',
        "size( ) == 0 && request.headers.exists(k, k.startsWith( 'x-' ))",
        // names that start like a keyword, a backtick-quoted field name, repeated unary operators with spaces between
        "true_client_ip != '' && falsePositive == null && request.headers.`x-b3-sampled` == '1' && has(xds.`cluster.name`)",
        '- -response.code < 0 && ! !connection.mtls && -1u != 0u && if{}.x == 0',
        // existsOne is no macro of the standard environment, so any arguments do
        '[1].existsOne(1, true) && [1].all(i, v, i < v)',
      ];
      expect(webhook(check(...parsed.map(filtered)))).toEqual([]);
      expect(webhook(check(filtered(')++++')))).toEqual([
        {
          code: 'TT0020',
          field: 'spec.accessLogging[0].filter.expression',
          message: expect.stringMatching(/^an access log filter must be a CEL expression that parses, got "\)\+\+\+\+": at 1:1: found \) but expecting /),
        },
      ]);
    });

    test.each([
      [undefined, /^an access log filter must be a CEL expression that parses, got "": at 1:1: found end of input/],
      ['has(request)', /: has\(\) takes a field selection, like has\(a\.b\)$/],
      ['[1].exists(1, true)', /: exists\(\) takes a simple name as its first argument/],
      ['[1].all(__result__, true)', /: a macro may not name its iteration variable __result__$/],
      ['response.code > 9223372036854775808', /: the int literal 9223372036854775808 is out of range$/],
      ['response.code < 1e999', /: a double literal is out of range$/],
      ["request.path == 'a\\qb'", /: the escape "\\\\q" is not one CEL knows$/],
      ["request.path == '\\400'", /: the escape "\\\\4" is not one CEL knows$/],
      ["request.id == b'\\u0041'", /: a bytes literal may not hold the escape "\\\\u0041" \(only \\x and octal escapes name bytes\)$/],
      // a backtick-quoted name is a field name only: not a variable, a function, a map key or a macro's variable
      ['`response`.code == 200', /: found `response` but expecting an expression$/],
      ["request.`url_path`('x')", /: found \( but expecting end of input$/],
      ['[1].all(`x`, true)', /: found `x` but expecting an expression$/],
      ['request.headers.`a:b` == 1', /: a quoted field name holds letters, digits and _ \. - \/ or spaces between two backticks$/],
      // `in` followed by more letters is a name, and a name may not follow an operand
      ["request.method inside ['GET']", /: found inside but expecting end of input$/],
    ])('fails: %s', (expression, message) => {
      expect(webhook(check(filtered(expression)))).toEqual([
        { code: 'TT0020', field: 'spec.accessLogging[0].filter.expression', message: expect.stringMatching(message) },
      ]);
    });

    test('fails past 250 nested levels of one grammar rule, as cel-go does', () => {
      const nested = (levels: number) => `${'('.repeat(levels)}true${')'.repeat(levels)}`;
      expect(webhook(check(filtered(nested(249))))).toEqual([]);
      expect(webhook(check(filtered(nested(250))))).toEqual([
        { code: 'TT0020', field: 'spec.accessLogging[0].filter.expression', message: expect.stringMatching(/: the expression nests more than 250 levels deep$/) },
      ]);
    });
  });
});

describe('WasmPlugin', () => {
  test('leaves the url to the CRD, whose CEL rule runs the same url.ParseRequestURI and url.Parse tests as istiod', () => {
    // the rule's url() fails where url.Parse does (here on the escape after #), which refuses the object first
    for (const url of ['http://test.com/test?x#%zz', 'test.com/test?x#%zz']) {
      const findings = check(wasmPlugin({ url }));
      expect(webhook(findings)).toEqual([]);
      expect(withCode(findings, 'TT0003')).toEqual([expect.objectContaining({ field: 'spec.url', message: expect.stringContaining('URL parse error') })]);
    }
    const sha256 = '01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b';
    const urls = ['http://test.com/test', 'oci://test.com/test', 'test.com/test', '/opt/filters/filter.wasm', 'http://test.com/test?x#y', 'file:///filter.wasm'];
    const findings = check(...urls.map((url) => wasmPlugin({ url, sha256 })));
    expect(webhook(findings)).toEqual([]);
    expect(withCode(findings, 'TT0003')).toEqual([]);
  });

  test('fails when imagePullSecret, pluginName or an env name is longer in bytes than istiod allows (the first env only)', () => {
    const spec = { url: 'test.com/test', imagePullSecret: long(127), pluginName: long(129), vmConfig: { env: [{ name: 'A' }, { name: long(129) }, { name: `B${long(129)}` }] } };
    expect(webhook(check(wasmPlugin(spec)))).toEqual([
      { code: 'TT0020', field: 'spec.imagePullSecret', message: 'imagePullSecret may be at most 253 bytes long in UTF-8, got 254 bytes (127 characters)' },
      { code: 'TT0020', field: 'spec.pluginName', message: 'pluginName may be at most 256 bytes long in UTF-8, got 258 bytes (129 characters)' },
      { code: 'TT0020', field: 'spec.vmConfig.env[1].name', message: 'an env name may be at most 256 bytes long in UTF-8, got 258 bytes (129 characters)' },
    ]);
    const atLimits = { url: 'test.com/test', imagePullSecret: `x${long(126)}`, pluginName: long(128), vmConfig: { env: [{ name: long(128) }] } };
    expect(webhook(check(wasmPlugin(atLimits)))).toEqual([]);
  });

  test('fails when a targetRef names another kind or group', () => {
    expect(webhook(check(wasmPlugin({ url: 'http://test.com/test', targetRef: { ...gatewayRef, group: 'wrong-group' } })))).toEqual([
      expect.objectContaining({ code: 'TT0020', field: 'spec.targetRef.kind', message: expect.stringContaining('got "wrong-group/Gateway"') }),
    ]);
    const good = [gatewayRef, { group: '', kind: 'Service', name: 'foo' }].map((targetRef) => wasmPlugin({ url: 'http://test.com/test', targetRef }));
    expect(webhook(check(...good))).toEqual([]);
  });
});

describe('TrafficExtension', () => {
  test('fails when the Lua code is longer than 65536 bytes', () => {
    expect(webhook(check(trafficExtension({ lua: { inlineCode: long(32769) } })))).toEqual([
      { code: 'TT0020', field: 'spec.lua.inlineCode', message: 'Lua inlineCode may be at most 65536 bytes long in UTF-8, got 65538 bytes (32769 characters)' },
    ]);
    const good = [
      { lua: { inlineCode: "function envoy_on_request(request_handle)\n  request_handle:headers():add('x-foo', 'bar')\nend" } },
      { lua: { inlineCode: long(32768) } },
      { lua, selector: { matchLabels: { app: 'test' } } },
      { lua, targetRefs: [{ ...gatewayRef, name: 'gateway' }] },
      { lua, match: [{ mode: 'CLIENT', ports: [{ number: 8080 }] }] },
    ];
    expect(webhook(check(...good.map(trafficExtension)))).toEqual([]);
  });

  test("fails on a Wasm module's pluginName, imagePullSecret and env names as on a WasmPlugin's", () => {
    const wasm = { url: 'http://test.com/test', pluginName: long(129), imagePullSecret: long(127), vmConfig: { env: [{ name: long(129) }] } };
    expect(webhook(check(trafficExtension({ wasm })))).toEqual([
      expect.objectContaining({ code: 'TT0020', field: 'spec.wasm.imagePullSecret' }),
      expect.objectContaining({ code: 'TT0020', field: 'spec.wasm.pluginName' }),
      expect.objectContaining({ code: 'TT0020', field: 'spec.wasm.vmConfig.env[0].name' }),
    ]);
    const sha256 = '01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b';
    expect(webhook(check(trafficExtension({ wasm: { url: 'http://test.com/test', sha256 } }), trafficExtension({ wasm: { url: 'test.com/test' } })))).toEqual([]);
  });

  test('fails when a targetRefs entry names another kind, and checks no targetRef (the CRD has none)', () => {
    const findings = check(trafficExtension({ lua, targetRefs: [{ ...gatewayRef, kind: 'wrong-kind' }], targetRef: { kind: 'Other', name: 'x' } }));
    expect(webhook(findings)).toEqual([
      expect.objectContaining({ code: 'TT0020', field: 'spec.targetRefs[0].kind', message: expect.stringContaining('got "gateway.networking.k8s.io/wrong-kind"') }),
    ]);
    expect(withCode(findings, 'TT0002')).toEqual([expect.objectContaining({ field: 'spec.targetRef' })]);
  });
});
