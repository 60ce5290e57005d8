// Istio's validation webhook on RequestAuthentications and PeerAuthentications (cases from istio/istio 1.30
// pkg/config/validation/validation_test.go TestValidateRequestAuthentication and TestValidatePeerAuthentication): each
// row pairs an object the webhook accepts as is with a variant it refuses or warns about.
import { Report } from '../src/validate/builtin/report';
import { checkRequestAuthentication } from '../src/validate/istio/request-authentication';
import { check, obj } from './support/objects';

const webhook = (kind: string, spec: unknown) =>
  check(obj('security.istio.io/v1', kind, 'p', { spec }))
    .filter((f) => f.code !== 'TT0024' && f.code !== 'TT0025') // the set has no workloads or targets
    .map((f) => `${f.code} ${f.field}`);

const N = 'xAE7eB6qugXyCAG3yhh7pkDkT65pHymX-P7KfIupjf59vsdo91bSP9C8H07pSAGQO1MV_xFj9VswgsCg4R6otmg5PV2He95lZdHtOcU5DXIg_pbhLdKXbi66GlVeK6ABZOUW3WYtnNHD';
const RSA = { kty: 'RSA', e: 'AQAB', kid: 'k', n: N };
const set = (...keys: unknown[]) => JSON.stringify({ keys });
const jwt = (extra: Record<string, unknown>) => ({ jwtRules: [{ issuer: 'foo.com', ...extra }] });
const gatewayRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'foo' };

describe('RequestAuthentication', () => {
  test.each<[string, unknown, unknown, string[]]>([
    ['a rule needs an issuer or a jwksUri', { jwtRules: [{ jwksUri: 'https://foo.com/cert' }] }, { jwtRules: [{}] }, ['TT0020 spec.jwtRules[0]']],
    ['a jwks must parse', jwt({ jwks: set(RSA), fromHeaders: [{ name: 'x-foo', prefix: 'Bearer ' }] }), jwt({ jwks: 'foo' }), ['TT0020 spec.jwtRules[0].jwks']],
    ['a private key in jwks warns', jwt({ jwks: set(RSA) }), jwt({ jwks: set({ ...RSA, d: 'AQAB' }) }), ['TT0021 spec.jwtRules[0].jwks']],
    ['a timeout is whole milliseconds', jwt({ jwksUri: 'https://foo.com', timeout: '1500ms' }), jwt({ jwksUri: 'https://foo.com', timeout: '1500us' }),
      ['TT0020 spec.jwtRules[0].timeout']],
    ['a targetRef names a Gateway, a Service or a ServiceEntry', { targetRef: gatewayRef, ...jwt({ jwksUri: 'https://foo.com/cert' }) },
      { targetRef: { ...gatewayRef, group: 'wrong-group' } }, ['TT0020 spec.targetRef.kind']],
    ['targetRefs likewise', { targetRefs: [{ kind: 'Service', name: 'web' }] }, { targetRefs: [{ kind: 'Service', name: 'web' }, { ...gatewayRef, kind: 'wrong-kind' }] },
      ['TT0020 spec.targetRefs[1].kind']],
    ['a selector without labels warns', { selector: { matchLabels: { app: 'httpbin', version: '' } } }, { selector: {} }, ['TT0021 spec.selector']],
  ])('%s', (_, good, bad, findings) => {
    expect(webhook('RequestAuthentication', good)).toEqual([]);
    expect(webhook('RequestAuthentication', bad)).toEqual(findings);
  });

  const direct = (rule: Record<string, unknown>) => {
    const found: string[] = [];
    const report: Report = (type, field, message) => found.push(`${type.code} ${field} ${message}`);
    checkRequestAuthentication({ jwtRules: [rule] }, report);
    return found;
  };

  // url.Parse (the CEL rule's url()) lets only digits through as a port, what follows the host's last colon; Atoi
  // then refuses what overflows an int64
  test('a jwksUri port must fit a 64-bit integer', () => {
    expect(webhook('RequestAuthentication', jwt({ jwksUri: 'https://foo.com:8443/cert' }))).toEqual([]);
    expect(webhook('RequestAuthentication', jwt({ jwksUri: 'http://jwks:internal:8080/keys' }))).toEqual([]);
    expect(webhook('RequestAuthentication', jwt({ jwksUri: 'https://foo.com:009223372036854775807/keys' }))).toEqual([]);
    expect(direct({ jwks_uri: 'https://u@[::1]:99999999999999999999/cert' })).toEqual([
      'TT0020 spec.jwtRules[0].jwks_uri the jwksUri\'s port must fit a 64-bit integer, got "99999999999999999999"',
    ]);
    expect(webhook('RequestAuthentication', jwt({ jwksUri: 'https://foo.com:9223372036854775808/keys' }))).toEqual(['TT0020 spec.jwtRules[0].jwksUri']);
  });

  const EC = { kty: 'EC', crv: 'P-256', x: 'AQAB', y: 'AQAB' };
  const CERT = 'MIIBbDCCAROgAwIBAgIUPNSZqtM1dS8Uuo43diD4/F4/OCcwCgYIKoZIzj0EAwIwDDEKMAgGA1UEAwwBYTAeFw0yNjEyMDEwNTI1NTdaFw0zNjExMjgwNTI1NTdaMAwxCjAIBgNVBAMMAWEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARuJkSzTx8sqCcBlP0z4JP/vFdH4qnjhfh9LCa+4bnOt118d2h7FfbMQU2+QjAeeY446RM4ijTruuz0Fb+JaVYNo1MwUTAdBgNVHQ4EFgQUezpoo7XIcN2gkfu3iB2Dl1E5H2YwHwYDVR0jBBgwFoAUezpoo7XIcN2gkfu3iB2Dl1E5H2YwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAPqUfVXiYJrUeUq3btaFvFjnP521TJhDrePmT9RSdahgIgMn2wrn/4B9N2GcVvn+U5Tht22jKmqn19rVEg6J4jUvo=';
  // jwx v1 reads a set, else the object as one key; fields are typed, base64 in either alphabet, padded or not
  test.each<[string, string, string, string]>([
    // jwx's json.Decoder reads the first value only: text after it is ignored, after a sole key as after a set
    ['a sole key', `${JSON.stringify(RSA)} x`, JSON.stringify({ ...RSA, n: undefined }), 'an RSA key needs n'],
    ['text after a set', `${set(RSA)} x`, '{"keys":{}}', '"keys" must be a list of keys, got {}'],
    ['an EC key', set(EC), set({ ...EC, y: undefined }), 'key 0: an EC key needs y'],
    ['an OKP key', set({ kty: 'OKP', crv: 'Ed25519', x: 'AQAB' }), set({ kty: 'OKP', x: 'AQAB' }), 'key 0: an OKP key needs crv'],
    ['the key type', set(RSA), set(RSA, { ...RSA, kty: 'DSA' }), 'key 1: kty must be RSA, EC, OKP or oct, got "DSA"'],
    ['base64', set({ ...RSA, n: 'a+b/', e: 'AQ==' }), set({ ...RSA, n: 'a+b_' }), 'key 0: n must be base64 text, got "a+b_"'],
    ['padding', set({ ...RSA, n: 'ab-_AQ==' }), set({ ...RSA, n: 'abc==' }), 'key 0: n must be base64 text, got "abc=="'],
    ['string members', set({ ...RSA, use: 'sig', alg: 'RS256' }), set({ ...RSA, kid: 7 }), 'key 0: kid must be a string, got 7'],
    // jwx v1 spells its X.509 URL member "x58": that one is typed, "x5u" is not
    ['x5u and x58', set({ ...RSA, x5u: 7 }), set({ ...RSA, x58: 7 }), 'key 0: x58 must be a string, got 7'],
    ['key_ops', set({ ...RSA, key_ops: ['verify'] }), set({ ...RSA, key_ops: 'verify' }), 'key 0: key_ops must be a list of strings, got "verify"'],
    ['other members', '{"keys":[], "note": 1e300}', '{"keys":[{"kty":"RSA","e":"AQAB","n":"AQAB","x-n":[1e400]}]}', 'key 0: "x-n" holds a number too large for a 64-bit float'],
    ['x5c', set({ ...EC, x5c: [CERT] }), set({ ...EC, x5c: ['AQAB'] }), 'key 0: x5c[0] is not an X.509 certificate'],
    ['kty and d by any case', set({ KTY: 'RSA', e: 'AQAB', n: N }), set({ ...RSA, D: 'AQAB' }), 'key 0: a private RSA key needs d'],
  ])('jwks: %s', (_, good, bad, problem) => {
    expect(direct({ issuer: 'a', jwks: good })).toEqual([]);
    expect(direct({ issuer: 'a', jwks: bad })).toEqual([
      `TT0020 spec.jwtRules[0].jwks jwks must be a JSON Web Key Set (or one JSON Web Key): ${problem}`,
    ]);
  });

  test('jwks: each key with private material warns, by its index', () => {
    const keys = set(RSA, { ...EC, d: 'AQAB' }, { kty: 'OKP', crv: 'Ed25519', x: 'AQAB', d: 'AQAB' }, { kty: 'oct', k: 'AQAB' });
    expect(direct({ issuer: 'a', jwks: keys }).map((f) => f.replace(/:.*/, ''))).toEqual([
      'TT0021 spec.jwtRules[0].jwks jwks key 1 is an EC private key',
      'TT0021 spec.jwtRules[0].jwks jwks key 2 is an OKP private key',
      'TT0021 spec.jwtRules[0].jwks jwks key 3 is a symmetric (oct) key',
    ]);
  });
});

describe('PeerAuthentication', () => {
  const selector = { matchLabels: { app: 'httpbin' } };
  test.each<[string, unknown, unknown, string[]]>([
    ['a selector without labels warns', { selector, mtls: { mode: 'UNSET' } }, { selector: {} }, ['TT0021 spec.selector']],
    ['port keys are plain numbers', { selector, portLevelMtls: { 8080: { mode: 'UNSET' } } }, { selector, portLevelMtls: { '08080': { mode: 'STRICT' } } },
      ['TT0020 spec.portLevelMtls["08080"]']],
  ])('%s', (_, good, bad, findings) => {
    expect(webhook('PeerAuthentication', good)).toEqual([]);
    expect(webhook('PeerAuthentication', bad)).toEqual(findings);
  });
});
