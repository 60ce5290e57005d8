// A server's TLS settings as Istio's validation webhook checks them, for Gateways' servers and Sidecars' ingress
// listeners alike (istio/istio 1.30 pkg/config/validation/validation.go validateTLSOptions,
// pkg/config/security IsValidCipherSuite). More than two tlsCertificates, and credentialNames beside credentialName
// or tlsCertificates, are the CRDs' maxItems and CEL rules.
import { join, show } from '../structural';
import { list, record, str, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { fail, warn } from './verdicts';

// security.ValidCipherSuites
const CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
]);
const ALPHANUMERIC = /^[A-Za-z0-9]/;

/**
 * security.IsValidCipherSuite: "", "ALL", an expression starting with something other than a letter or digit (an
 * operator), or a known suite. Go tests the first byte of the UTF-8 encoding as a Latin-1 rune, so a first character
 * outside ASCII counts as a letter (the suite must then be a known one, and none is) unless that byte is 0xD7 (×, no
 * letter: the characters U+05C0..U+05FF), which passes as an operator.
 */
function isValidCipherSuite(suite: string): boolean {
  if (suite === '' || suite === 'ALL') return true;
  const first = suite.charCodeAt(0);
  if (first < 0x80) return ALPHANUMERIC.test(suite) ? CIPHER_SUITES.has(suite) : true;
  return first >= 0x5c0 && first <= 0x5ff;
}

/**
 * A server TLS block's own rules (validateTLSOptions): cipher suites, what ISTIO_MUTUAL and the pass-through modes may
 * not carry, one certificate source, and the certificates SIMPLE and MUTUAL need; for Gateways' servers and Sidecars'
 * ingress listeners alike.
 */
export function checkServerTlsOptions(value: unknown, field: string, report: Report): void {
  const tls = record(value);
  if (!tls) return;
  const mode = text(tls.mode) ?? 'PASSTHROUGH';
  const suites = list(tls.cipherSuites).map(str);
  const minimum = tls.minProtocolVersion;
  if ((minimum === 'TLSV1_0' || minimum === 'TLSV1_1') && suites.length === 0) {
    warn(report, join(field, 'minProtocolVersion'), `${minimum} needs cipherSuites compatible with it: the default ones are not`);
  }
  const invalid = new Set<string>();
  const valid = new Set<string>();
  const duplicates = new Set<string>();
  for (const suite of suites) {
    if (!isValidCipherSuite(suite)) invalid.add(suite);
    else if (valid.has(suite)) duplicates.add(suite);
    else valid.add(suite);
  }
  if (invalid.size > 0) warn(report, join(field, 'cipherSuites'), `unknown cipher suites are ignored: ${show([...invalid].sort())}`);
  if (duplicates.size > 0) warn(report, join(field, 'cipherSuites'), `repeated cipher suites are ignored: ${show([...duplicates].sort())}`);
  const credentialName = text(tls.credentialName) !== undefined;
  const credentialNames = list(tls.credentialNames).length > 0;
  const tlsCertificates = list(tls.tlsCertificates);
  if (mode === 'ISTIO_MUTUAL') {
    // ISTIO_MUTUAL uses the mesh's own certificates
    for (const name of ['serverCertificate', 'privateKey', 'caCertificates', 'credentialName']) {
      if (text(tls[name]) !== undefined) fail(report, join(field, name), `${name} may not be set with ISTIO_MUTUAL TLS, which uses the mesh's certificates`);
    }
    for (const name of ['tlsCertificates', 'credentialNames']) {
      if (list(tls[name]).length > 0) fail(report, join(field, name), `${name} may not be set with ISTIO_MUTUAL TLS, which uses the mesh's certificates`);
    }
    return;
  }
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH')
    && (['caCrl', 'serverCertificate', 'privateKey', 'caCertificates', 'credentialName'].some((k) => text(tls[k]) !== undefined)
      || tlsCertificates.length > 0 || credentialNames)) {
    warn(report, field, `${mode} TLS does not terminate TLS: its certificates are ignored`);
  }
  const keyPair = text(tls.serverCertificate) !== undefined && text(tls.privateKey) !== undefined;
  const sources = [keyPair, credentialName, credentialNames, tlsCertificates.length > 0];
  if (sources.filter(Boolean).length > 1) {
    fail(report, field, 'only one of credentialName, credentialNames, serverCertificate/privateKey and tlsCertificates may be set');
  }
  const terminates = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  // with a credential, the certificates come from a secret
  if (terminates && (credentialName || credentialNames)) return;
  if (terminates) {
    if (mode !== 'SIMPLE' && text(tls.caCertificates) === undefined) fail(report, join(field, 'caCertificates'), `${mode} TLS needs caCertificates to verify clients`);
    const certificates = tlsCertificates.length > 0 ? tlsCertificates.map((c, k) => [record(c) ?? {}, `${field}.tlsCertificates[${k}]`] as const) : [[tls, field] as const];
    for (const [certificate, path] of certificates) {
      if (text(certificate.serverCertificate) === undefined) fail(report, join(path, 'serverCertificate'), `${mode} TLS needs a serverCertificate`);
      if (text(certificate.privateKey) === undefined) fail(report, join(path, 'privateKey'), `${mode} TLS needs a privateKey`);
    }
  }
  if (text(tls.caCrl) !== undefined) {
    if (credentialName) fail(report, join(field, 'caCrl'), 'caCrl may not be set with credentialName: put the CRL in the credential');
    if (mode === 'SIMPLE') fail(report, join(field, 'caCrl'), 'caCrl may not be set with SIMPLE TLS, which does not verify clients');
  }
}
