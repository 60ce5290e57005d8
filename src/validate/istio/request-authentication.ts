// RequestAuthentications as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateRequestAuthentication, validateJwtRule, warnPrivateJwksKeys):
// - selector, targetRef and targetRefs (checkPolicyTargets: a targetRef's group and kind, a selector without labels);
// - a JWT rule needs an issuer or a jwksUri;
// - the jwksUri's port must be a number Go's strconv.Atoi reads (security.ParseJwksURI): digits, as url.Parse
//   (the CEL rule's url()) already requires, that fit a 64-bit integer;
// - inline `jwks` must parse as a JSON Web Key Set (lestrrat-go/jwx v1 jwk.Parse, read here by readJwks), and a key
//   holding private material (an RSA, EC or OKP private key, a symmetric key) is a warning;
// - the timeout must be whole milliseconds (agent.ValidateDuration).
// Skipped, since an object failing them never reaches the webhook:
// - more than one of selector, targetRef and targetRefs is the CRD's CEL rule on `spec`;
// - an empty or wildcard selector label is the CEL rules on `matchLabels`; a targetRef without a name is its
//   `required`/`minLength: 1`, one with a namespace the CEL rule `self.size() == 0` (checkPolicyTargets checks them anyway);
// - an empty audience, `fromParams` or `fromCookies` entry is the items' `minLength: 1`;
// - a `fromHeaders` entry without a name is its `required: [name]` and `minLength: 1`;
// - an `outputClaimToHeaders` entry without a claim or header, or with a header outside `[-_A-Za-z0-9]`, is its
//   `required`, `minLength: 1` and `pattern: ^[-_A-Za-z0-9]+$`;
// - a jwksUri that is no URL or whose scheme is not http or https is the CEL rule `url(self).getScheme() in [...]`;
// - a timeout under 1ms is the CEL rule `duration(self) >= duration('1ms')`.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, list, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { parseGoUrl, splitHostPort } from '../go-url';
import { durationPrecisionProblem } from './durations';
import { readJwks } from './jwks';
import { checkPolicyTargets } from './selectors';

/** The webhook's checks of one RequestAuthentication. */
export function checkRequestAuthentication(spec: Fields, report: Report): void {
  checkPolicyTargets(spec, report);
  list(spec.jwtRules).forEach((value, i) => {
    const rule = record(value);
    if (rule) checkJwtRule(rule, `spec.jwtRules[${i}]`, report);
  });
}

function checkJwtRule(rule: Fields, path: string, report: Report): void {
  // istiod's decoder reads the field by its JSON name and by its proto name; the CEL rules allow only one of them
  const uriField = text(rule.jwksUri) !== undefined ? 'jwksUri' : 'jwks_uri';
  const uri = text(rule[uriField]);
  if (text(rule.issuer) === undefined && uri === undefined) {
    report(MESSAGES.istioValidationFailed, path, 'a JWT rule needs an issuer or a jwksUri, and has neither');
  }
  const portProblem = uri === undefined ? undefined : jwksUriPortProblem(uri);
  if (portProblem) report(MESSAGES.istioValidationFailed, join(path, uriField), portProblem);
  const jwks = text(rule.jwks);
  if (jwks !== undefined) {
    const keys = readJwks(jwks);
    if (typeof keys === 'string') {
      report(MESSAGES.istioValidationFailed, join(path, 'jwks'), `jwks must be a JSON Web Key Set (or one JSON Web Key): ${keys}`);
    } else {
      keys.forEach((kind, i) => {
        if (kind === 'public') return;
        report(MESSAGES.istioValidationWarning, join(path, 'jwks'),
          `jwks key ${i} is ${kind === 'symmetric' ? 'a symmetric (oct) key' : `an ${kind} key`}: tokens are verified with public keys only, ` +
          'so publish only the public part');
      });
    }
  }
  const timeout = durationPrecisionProblem(rule.timeout);
  if (timeout) report(MESSAGES.istioValidationFailed, join(path, 'timeout'), `the JWKS fetch timeout ${timeout}`);
}

const INT64_MAX = 9223372036854775807n;

/**
 * Why Go's ParseJwksURI refuses a URI's port, or undefined: strconv.Atoi of url.URL.Port(), which is digits only
 * (url.Parse refuses any other port, and the CRD's CEL rule has already run url.Parse), so only a port beyond the
 * 64-bit integer range fails.
 */
function jwksUriPortProblem(uri: string): string | undefined {
  const url = parseGoUrl(uri);
  const port = url === undefined ? '' : splitHostPort(url.host).port;
  if (port === '' || BigInt(port) <= INT64_MAX) return undefined;
  return `the jwksUri's port must fit a 64-bit integer, got ${show(port)}`;
}
