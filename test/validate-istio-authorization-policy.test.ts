import { check, obj } from './support/objects';

// Cases of Istio 1.30's TestValidateAuthorizationPolicy and pkg/config/security's tests (TestValidateCondition,
// TestCheckValidPathTemplate, TestCheckTrustDomainValues), as AuthorizationPolicies that pass the CRD schema.

const ap = (spec: unknown) => obj('security.istio.io/v1', 'AuthorizationPolicy', 'policy', { spec });

/** The webhook's findings about a policy, as `code field`, sorted; the policy must pass the CRD schema. */
function webhook(spec: unknown): string[] {
  const findings = check(ap(spec));
  expect(findings.filter((f) => ['TT0001', 'TT0002', 'TT0003'].includes(f.code))).toEqual([]);
  return findings.filter((f) => f.code === 'TT0020' || f.code === 'TT0021').map((f) => `${f.code} ${f.field}`).sort();
}

const selector = { matchLabels: { app: 'httpbin', version: 'v1' } };
const from = (source: Record<string, unknown>) => ({ rules: [{ from: [{ source }] }] });
const to = (operation: Record<string, unknown>) => ({ rules: [{ to: [{ operation }] }] });
const when = (condition: Record<string, unknown>) => ({ rules: [{ when: [condition] }] });
const gatewayRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'foo' };
const tcpDenyRule = { from: [{ source: { principals: ['temp'] } }], to: [{ operation: { ports: ['8080'], methods: ['GET', 'DELETE'] } }] };

describe("Istio's webhook on AuthorizationPolicies", () => {
  // each row: a policy Go accepts without warning, and one Go refuses or warns about, with the findings expected
  test.each<[string, unknown, unknown, string[]]>([
    ['good / an empty principal', {
      selector,
      rules: [{
        from: [{ source: { principals: ['sa1'] } }, { source: { principals: ['sa2'] } }],
        to: [{ operation: { methods: ['GET'] } }, { operation: { methods: ['POST'] } }],
        when: [{ key: 'source.ip', values: ['1.2.3.4', '5.6.7.0/24'] }, { key: 'request.headers[:authority]', values: ['v1', 'v2'] }],
      }],
    }, from({ principals: ['p1', ''] }), ['TT0020 spec.rules[0].from[0].source.principals[1]']],
    ['good serviceAccounts / service account with two slashes',
      { selector, rules: [{ from: [{ source: { serviceAccounts: ['ns1/sa1', 'ns2/sa2'] } }, { source: { principals: ['sa2'] } }] }] },
      from({ serviceAccounts: ['ns/sa', 'a/b/c', '/sa', 'ns/', 'x*'] }), [1, 2, 3, 4].map((i) => `TT0020 spec.rules[0].from[0].source.serviceAccounts[${i}]`)],
    ['custom-good / custom-empty-provider', { action: 'CUSTOM', provider: { name: 'my-custom-authz' }, rules: [{}] },
      { action: 'CUSTOM', provider: { name: '' }, rules: [{}] }, ['TT0020 spec.provider.name']],
    ['custom-good / custom-nil-provider', { action: 'CUSTOM', provider: { name: 'my-custom-authz' }, rules: [{}] },
      { action: 'CUSTOM', rules: [{}] }, ['TT0020 spec.provider']],
    ['custom-good / CUSTOM without rules', { action: 'CUSTOM', provider: { name: 'ext' }, rules: [{}] },
      { action: 'CUSTOM', provider: { name: 'ext' }, rules: [] }, ['TT0020 spec.rules']],
    ['allow-rules-nil / provider-wrong-action', { action: 'ALLOW' }, { action: 'ALLOW', provider: { name: '' }, rules: [{}] }, ['TT0020 spec.provider']],
    ['dry-run-valid-deny / deny-rules-nil', { action: 'DENY', rules: [{}] }, { action: 'DENY' }, ['TT0020 spec.rules']],
    ['selector-empty-value / selector-empty-labels', { selector: { matchLabels: { app: '', version: 'v1' } } }, { selector: {} },
      ['TT0021 spec.selector']],
    ['target-ref-good / target-ref-wrong-group', { action: 'DENY', targetRef: gatewayRef, rules: [tcpDenyRule] },
      { action: 'DENY', targetRef: { ...gatewayRef, group: 'wrong-group' }, rules: [tcpDenyRule] }, ['TT0020 spec.targetRef.kind']],
    ['target-refs-good / target-ref-wrong-kind', { action: 'DENY', targetRefs: [gatewayRef], rules: [tcpDenyRule] },
      { action: 'DENY', targetRefs: [{ ...gatewayRef, kind: 'wrong-kind' }], rules: [tcpDenyRule] }, ['TT0020 spec.targetRefs[0].kind']],
    ['target-refs-good-service / L7DenyWithFromAndTo', { action: 'DENY', targetRefs: [{ group: '', kind: 'Service', name: 'foo' }], rules: [tcpDenyRule] },
      { action: 'DENY', selector, rules: [{ ...tcpDenyRule, to: [{ operation: { methods: ['GET', 'DELETE'] } }] }] }, ['TT0021 spec.rules[0]']],
    ['L7DenyWithFromAndToWithPort / L7DenyWithFrom', { action: 'DENY', selector, rules: [tcpDenyRule] },
      { action: 'DENY', selector, rules: [{ from: [{ source: { requestPrincipals: ['example.com/sub-1'] } }] }] }, ['TT0021 spec.rules[0]']],
    ['DENY from namespaces / L7DenyWithTo', { action: 'DENY', rules: [{ from: [{ source: { notNamespaces: ['a'] } }] }] },
      { action: 'DENY', selector, rules: [{ to: [{ operation: { methods: ['GET', 'DELETE'] } }] }] }, ['TT0021 spec.rules[0]']],
    ['source / source-nil', from({ namespaces: ['ns'] }), { rules: [{ from: [{}] }] }, ['TT0020 spec.rules[0].from[0].source']],
    ['source / source-empty', from({ namespaces: ['ns'] }), { rules: [{ from: [{ source: { principals: [] } }] }] },
      ['TT0020 spec.rules[0].from[0].source']],
    ['operation / operation-nil', to({ hosts: ['h'] }), { rules: [{ to: [{}] }] }, ['TT0020 spec.rules[0].to[0].operation']],
    ['operation / operation-empty', to({ hosts: ['h'] }), to({ ports: [] }), ['TT0020 spec.rules[0].to[0].operation']],
    ['ip blocks / invalid ip and port in ipBlocks',
      { rules: [{ from: [{ source: { ipBlocks: ['1.2.3.4', '10.0.0.0/8'], notIpBlocks: ['::1', 'fe80::/10'] } }], to: [{ operation: { ports: ['0', '65535'] } }] }] },
      { rules: [{ from: [{ source: { ipBlocks: ['1.2.3.4', 'ip1'], notIpBlocks: ['5.6.7.8', 'ip2'] } }], to: [{ operation: { ports: ['80', 'port1'], notPorts: ['90', 'port2'] } }] }] },
      ['source.ipBlocks[1]', 'source.notIpBlocks[1]', 'operation.ports[1]', 'operation.notPorts[1]'].map((f) => `TT0020 spec.rules[0].${f.startsWith('s') ? 'from' : 'to'}[0].${f}`)],
    ['remote ip blocks / invalid ip and port in remoteIpBlocks', from({ remoteIpBlocks: ['1.2.3.4'], notRemoteIpBlocks: ['5.6.7.0/24'] }),
      { rules: [{ from: [{ source: { remoteIpBlocks: ['1.2.3.4', 'ip1'], notRemoteIpBlocks: ['5.6.7.8/33'] } }], to: [{ operation: { ports: ['65536'] } }] }] },
      ['from[0].source.remoteIpBlocks[1]', 'from[0].source.notRemoteIpBlocks[0]', 'to[0].operation.ports[0]'].map((f) => `TT0020 spec.rules[0].${f}`)],
    ['trust domains / bad trust domains', from({ trustDomains: ['cluster.local', '*', 'cluster-*'], notTrustDomains: ['*-cluster'] }),
      from({ trustDomains: ['', 'cluster.local/ns/foo', 'spiffe://cluster.local', 'fo*-bar'], notTrustDomains: ['fo*bar*'] }),
      [...[0, 1, 2, 3].map((i) => `trustDomains[${i}]`), 'notTrustDomains[0]'].map((f) => `TT0020 spec.rules[0].from[0].source.${f}`)],
  ])('%s', (_name, good, bad, expected) => {
    expect(webhook(good)).toEqual([]);
    expect(webhook(bad)).toEqual([...expected].sort());
  });

  // Go's "<Field>-empty" cases: an empty string in any list of a source or an operation
  test.each([
    ['principals', 'from'], ['notPrincipals', 'from'], ['requestPrincipals', 'from'], ['notRequestPrincipals', 'from'], ['namespaces', 'from'],
    ['notNamespaces', 'from'], ['serviceAccounts', 'from'], ['notServiceAccounts', 'from'], ['ipBlocks', 'from'], ['notIpBlocks', 'from'],
    ['remoteIpBlocks', 'from'], ['notRemoteIpBlocks', 'from'], ['trustDomains', 'from'], ['notTrustDomains', 'from'],
    ['hosts', 'to'], ['notHosts', 'to'], ['ports', 'to'], ['notPorts', 'to'], ['methods', 'to'], ['notMethods', 'to'], ['paths', 'to'], ['notPaths', 'to'],
  ])('an empty string in %s is refused', (field, side) => {
    const value = /ipBlocks/i.test(field) ? '1.2.3.4' : /ports/i.test(field) ? '80' : /paths/i.test(field) ? '/x' : 'x';
    const findings = check(ap(side === 'from' ? from({ [field]: [value, ''] }) : to({ [field]: [value, ''] })));
    const place = side === 'from' ? 'from[0].source' : 'to[0].operation';
    expect(findings.filter((f) => f.code === 'TT0020')).toEqual([
      expect.objectContaining({ field: `spec.rules[0].${place}.${field}[1]`, message: `${field} may not hold an empty string` }),
    ]);
  });

  test('the CUSTOM action refuses the source fields and condition keys its authorizer does not see (custom-invalid-rule)', () => {
    const source = { namespaces: ['ns'], notNamespaces: ['ns'], principals: ['id'], notPrincipals: ['id'], requestPrincipals: ['req'], notRequestPrincipals: ['req'] };
    const conditions = ['source.namespace', 'source.principal', 'request.auth.claims[a]', 'source.serviceAccount', 'source.trustDomain', 'request.auth.principal']
      .map((key) => ({ key, values: ['v1'], notValues: ['v2'] }));
    const findings = webhook({ action: 'CUSTOM', provider: { name: 'ext' }, rules: [{ from: [{ source }], when: conditions }] });
    expect(findings).toEqual([
      ...Object.keys(source).map((k) => `TT0020 spec.rules[0].from[0].source.${k}`),
      ...conditions.map((_, k) => `TT0020 spec.rules[0].when[${k}].key`),
    ].sort());
    expect(webhook({ action: 'CUSTOM', provider: { name: 'ext' }, rules: [{ from: [{ source: { ipBlocks: ['1.2.3.4'] } }], when: [{ key: 'request.headers[x]', values: ['a'] }] }] }))
      .toEqual([]);
    expect(check(ap({ action: 'CUSTOM', provider: { name: 'ext' }, rules: [{ from: [{ source: { serviceAccounts: ['sa'] } }] }] }))).toContainEqual(
      expect.objectContaining({ code: 'TT0020', message: 'source.serviceAccounts cannot be used with the CUSTOM action' }));
  });

  test('conditions need a key and a value (condition-key-empty, condition-value-missing, value-empty)', () => {
    expect(webhook({ selector, ...when({ key: '', values: ['v1', 'v2'] }) })).toEqual(['TT0020 spec.rules[0].when[0].key']);
    expect(webhook({ selector, ...when({ key: 'source.principal' }) })).toEqual(['TT0020 spec.rules[0].when[0]']);
    expect(webhook({ selector, ...when({ key: 'source.principal', values: [], notValues: [] }) })).toEqual(['TT0020 spec.rules[0].when[0]']);
    expect(webhook(when({ key: 'request.headers[:authority]', values: ['v1', ''] }))).toEqual(['TT0020 spec.rules[0].when[0].values[1]']);
    expect(webhook(when({ key: 'source.principal', notValues: ['x'] }))).toEqual([]);
  });

  // TestValidateCondition: each key with values Go accepts, and values it refuses (no key takes an empty value)
  test.each<[string, string[], string[], string]>([
    ['request.headers[:authority]', ['productpage'], ['productpage', ''], 'values[1]'],
    ['source.ip', ['1.2.3.4', '5.6.7.0/24'], ['a.b.c.d'], 'values[0]'],
    ['remote.ip', ['1.2.3.4', '5.6.7.0/24', 'fe80::1%eth0'], ['a.b.c.d'], 'values[0]'],
    ['destination.ip', ['1.2.3.4', '5.6.7.0/24'], ['10.0.0.1/33', '1.2.3.4'], 'values[0]'],
    ['destination.port', ['80', '90', '0'], ['80', 'x'], 'values[1]'],
    ['source.serviceAccount', ['ns/sa', 'sa'], ['too/many/slashes'], 'values[0]'],
    ['source.serviceAccount', ['sa'], ['/emptyns'], 'values[0]'],
    ['source.serviceAccount', ['sa'], ['emptysa/'], 'values[0]'],
    ['source.serviceAccount', ['sa'], ['a'.repeat(321)], 'values[0]'],
    ['source.serviceAccount', ['sa'], Array.from({ length: 17 }, (_, i) => `sa${i}`), 'values'],
    ['source.trustDomain', ['cluster.local', '*', 'foo*', '*bar', 'a/b'], ['fo*-bar'], 'values[0]'],
    ['source.trustDomain', ['cluster.local'], ['fo*bar*'], 'values[0]'],
    ['source.trustDomain', ['cluster.local'], [''], 'values[0]'],
    ['source.namespace', ['value'], ['ok', ''], 'values[1]'],
    ['source.principal', ['value', '*x*y*'], ['ok', ''], 'values[1]'],
    ['request.auth.principal', ['value'], ['ok', ''], 'values[1]'],
    ['request.auth.audiences', ['value'], ['ok', ''], 'values[1]'],
    ['request.auth.presenter', ['value'], ['ok', ''], 'values[1]'],
    ['request.auth.claims[id]', ['123'], ['ok', ''], 'values[1]'],
    ['connection.sni', ['value'], ['ok', ''], 'values[1]'],
    ['experimental.envoy.filters.a.b[c]', ['value'], ['ok', ''], 'values[1]'],
  ])('condition %s', (key, good, bad, field) => {
    expect(webhook(when({ key, values: good }))).toEqual([]);
    expect(webhook(when({ key, values: bad }))).toEqual([`TT0020 spec.rules[0].when[0].${field}`]);
    expect(webhook(when({ key, notValues: bad }))).toEqual([`TT0020 spec.rules[0].when[0].${field.replace('values', 'notValues')}`]);
  });

  test.each([
    ['request.headers[]', 'condition key "request.headers[]" must have the form name[key]'],
    ['request.auth.claims[]', 'condition key "request.auth.claims[]" must have the form name[key]'],
    ['experimental.envoy.filters.a.b.x', 'condition key "experimental.envoy.filters.a.b.x" must have the form name[key]'],
    ['source.user', 'unknown condition key "source.user"'],
    ['key1', 'unknown condition key "key1"'],
    ['destination.labels[app]', 'condition key "destination.labels[app]" is no longer supported: use the workload selector'],
    ['destination.name', 'condition key "destination.name" was only supported by the v1alpha1 API'],
    ['destination.user', 'condition key "destination.user" was only supported by the v1alpha1 API'],
    ['destination.namespace', 'condition key "destination.namespace" is no longer supported: a policy applies in its own namespace'],
  ])('condition key %s is refused once, at the key', (key, message) => {
    const findings = check(ap(when({ key, values: ['value'], notValues: ['other'] })));
    expect(findings.filter((f) => f.code === 'TT0020')).toEqual([
      expect.objectContaining({ field: 'spec.rules[0].when[0].key', message, severity: 'error' }),
    ]);
  });

  // TestCheckValidPathTemplate, through to.operation.paths and notPaths
  const goodPaths = ['/{*}/foo', '/{*}/foo/', '/foo/{**}/bar', '/foo/bar/{**}', '/foo/*', '*', '/', '/a//b', '/foo/{*}/a=c/-._~%20!$&\'()+,;:@'];
  test.each([
    '/foo/{**}buzz/bar', '/{*}/foo/{}/bar', '/foo/{*}/bar/*', '/foo/{*}/bar/**/buzz', '/foo/{buzz}/bar', '/{buzz}', '/foo/{buzz}/bar/{**}',
    '/foo/{buzz=*}/bar/{**}', '/{*}/foo/{buzz=**}/bar', '/{*}/foo/{**}bar', '/{*}/foo/{*}.txt', '/{*}/foo/{temp', '/{*}/foo/temp}/bar',
    '/{*}/foo/temp}/*', '/{**}/foo/temp/{*}/bar', '/{**}/{**}', '/{**}/foo/temp/{**}/bar', '/{*}/foo/?abc', '/{*}//foo',
  ])('path %s is refused', (path) => {
    expect(webhook(to({ paths: goodPaths, notPaths: goodPaths }))).toEqual([]);
    expect(webhook(to({ paths: ['/ok', path] }))).toEqual(['TT0020 spec.rules[0].to[0].operation.paths[1]']);
    expect(webhook(to({ notPaths: [path] }))).toEqual(['TT0020 spec.rules[0].to[0].operation.notPaths[0]']);
  });

  test('messages name the value and what is allowed', () => {
    const messages = check(ap({
      rules: [{
        from: [{ source: { ipBlocks: ['ip1', '10.0.0.0/33'], serviceAccounts: ['a/b/c'] } }],
        to: [{ operation: { ports: ['port1'], paths: ['/{**}/{*}'] } }],
      }],
    })).filter((f) => f.code === 'TT0020').map((f) => f.message);
    expect(messages.sort()).toEqual([
      'a service account must be "name" or "namespace/name", got "a/b/c"',
      'the value must be an IP address or a CIDR range, got "ip1"',
      '"10.0.0.0/33" is not a valid CIDR range (netip.ParsePrefix("10.0.0.0/33"): prefix length out of range)',
      'port must be a number between 0 and 65535, got "port1"',
      '{**} must be the last operator of a path template, got "/{**}/{*}"',
    ].sort());
    expect(check(ap({ action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] }))).toContainEqual(expect.objectContaining({
      code: 'TT0021', field: 'spec.rules[0]', severity: 'warning', message: expect.stringMatching(/only HTTP attributes.*TCP ports/),
    }));
  });
});
