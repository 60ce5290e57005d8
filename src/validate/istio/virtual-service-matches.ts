// The match conditions of VirtualService routes as Istio's validation webhook checks them (istio/istio 1.30
// pkg/config/validation/virtualservice.go validateHTTPRouteMatchRequest; validation.go validateTLSMatch,
// validateTCPMatch, validateStringMatch, validateStringRegexp, validateGatewayNames, ValidateHTTPHeaderNameOrJwtClaimRoute;
// pkg/jwt ToRoutingClaim). A null header match never reaches the webhook: the API server prunes a null map value.
import { MESSAGES } from '../findings';
import { parseAddress, parsePrefixError } from '../go-netip';
import { join, show } from '../structural';
import { entries, Fields, list, num, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { regexpProblem } from '../go-regexp';
import { fqdnProblem, isIstioLabel } from './hosts';
import { checkLabelMap } from './names';
import { checkPort } from './virtual-service-destinations';
import { fail } from './verdicts';

/** An HTTP token (RFC 7230 tchars): what a header name may be. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const JWT_CLAIM = '@request.auth.claims';

/** A regex Envoy is given: at most 1024 bytes (its program size limit, roughly), and RE2 syntax. */
export function checkRegex(pattern: unknown, field: string, report: Report): void {
  const regex = typeof pattern === 'string' ? pattern : '';
  const bytes = Buffer.byteLength(regex);
  if (bytes > 1024) {
    fail(report, field, `regex must be at most 1024 bytes long, got ${bytes}`);
    return;
  }
  const problem = regexpProblem(regex);
  if (problem) fail(report, field, `regex must be an RE2 regular expression, got ${show(regex)}: ${problem}`);
}

/** A string match: a prefix not empty unless `prefixMayBeEmpty`, a regex not empty and RE2. */
function checkStringMatch(value: unknown, field: string, report: Report, prefixMayBeEmpty = false): void {
  const match = record(value);
  if (!match) return;
  if (match.prefix === '' && !prefixMayBeEmpty) fail(report, join(field, 'prefix'), 'prefix match must not be empty');
  if (typeof match.regex !== 'string') return;
  if (match.regex === '') fail(report, join(field, 'regex'), 'regex match must not be empty');
  else checkRegex(match.regex, join(field, 'regex'), report);
}

/** Whether a header name is a JWT claim to route on: @request.auth.claims.a.b or @request.auth.claims[a][b]. */
export function isJwtClaimRoute(name: string): boolean {
  if (name.length < JWT_CLAIM.length || name.slice(0, JWT_CLAIM.length).toLowerCase() !== JWT_CLAIM) return false;
  const rest = name.slice(JWT_CLAIM.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

function checkHeaderName(name: string, field: string, report: Report): void {
  if (name === '') fail(report, field, 'header name must not be empty');
  else if (!isJwtClaimRoute(name) && !PSEUDO_HEADERS.has(name) && !HEADER_NAME.test(name)) {
    fail(report, field, `header name must be an HTTP token, a pseudo-header or a JWT claim (@request.auth.claims.name), got ${show(name)}`);
  }
}

/** Gateway references: `namespace/name` (DNS-1123 labels) or a legacy name, which must be an FQDN. */
export function checkGatewayNames(value: unknown, field: string, report: Report): void {
  const gateways = list(value);
  for (let i = 0; i < gateways.length; i++) {
    const gateway = typeof gateways[i] === 'string' ? (gateways[i] as string) : '';
    const path = `${field}[${i}]`;
    const slash = gateway.indexOf('/');
    if (slash < 0) {
      if (gateway.includes('.')) {
        const [name, namespace] = gateway.split('.');
        report(MESSAGES.istioValidationWarning, path, `gateway name ${show(gateway)} uses the legacy name.namespace form: prefer "${namespace}/${name}"`);
      }
      const problem = fqdnProblem(gateway);
      if (problem) fail(report, path, `gateway name ${problem}, got ${show(gateway)}`);
      // Go stops at the first name without a namespace: the names after it go unchecked
      return;
    }
    const [namespace, name] = [gateway.slice(0, slash), gateway.slice(slash + 1)];
    if (!isIstioLabel(namespace)) fail(report, path, `gateway namespace must be a DNS-1123 label, got ${show(namespace)}`);
    if (!isIstioLabel(name)) fail(report, path, `gateway name must be a DNS-1123 label, got ${show(name)}`);
  }
}

/** A destination subnet of a TLS or TCP match: an IP address or a CIDR block. */
function checkSubnet(value: unknown, field: string, report: Report): void {
  const subnet = typeof value === 'string' ? value : '';
  const slashes = subnet.split('/').length - 1;
  const invalid = slashes === 1 ? parsePrefixError(subnet) !== undefined : !parseAddress(subnet);
  if (invalid) fail(report, field, `destination subnet must be an IP address or a CIDR block, got ${show(subnet)}`);
}

/** What TLS and TCP matches share with HTTP ones: port, source labels, gateways; and for TLS and TCP, subnets. */
export function checkMatchCommon(match: Fields, field: string, report: Report, subnets: boolean): void {
  if (subnets) list(match.destinationSubnets).forEach((s, i) => checkSubnet(s, `${field}.destinationSubnets[${i}]`, report));
  const port = num(match.port) ?? 0;
  if (port !== 0) checkPort(port, `${field}.port`, report);
  checkLabelMap(match.sourceLabels, `${field}.sourceLabels`, report);
  checkGatewayNames(match.gateways, `${field}.gateways`, report);
}

/** The match requests of an HTTP rule. */
export function checkHttpMatches(rule: Fields, field: string, report: Report): void {
  list(rule.match).forEach((m, i) => {
    const match = record(m);
    if (!match) return;
    const path = `${field}.match[${i}]`;
    for (const kind of ['headers', 'withoutHeaders']) {
      for (const [name, value] of entries(match[kind])) {
        const at = join(join(path, kind), name);
        checkHeaderName(name, at, report);
        // in withoutHeaders, regex * means "the header is present", not a regex
        if (!(kind === 'withoutHeaders' && record(value)?.regex === '*')) checkStringMatch(value, at, report);
      }
    }
    // Envoy allows an empty URI prefix, not an empty scheme, method or authority prefix
    checkStringMatch(match.uri, `${path}.uri`, report, true);
    for (const kind of ['scheme', 'method', 'authority']) checkStringMatch(match[kind], join(path, kind), report);
    for (const [name, value] of entries(match.queryParams)) checkStringMatch(value, join(`${path}.queryParams`, name), report);
    checkMatchCommon(match, path, report, false);
    const sourceNamespace = text(match.sourceNamespace);
    if (sourceNamespace !== undefined && !isIstioLabel(sourceNamespace)) {
      fail(report, `${path}.sourceNamespace`, `sourceNamespace must be a DNS-1123 label, got ${show(sourceNamespace)}`);
    }
  });
}

/** JWT claim routes only work on gateways: a VirtualService bound to the mesh may not match on them. */
export function checkJwtClaimsOnMesh(spec: Fields, report: Report): void {
  list(spec.http).forEach((r, i) => {
    list(record(r)?.match).forEach((m, j) => {
      for (const kind of ['headers', 'withoutHeaders']) {
        for (const [name] of entries(record(m)?.[kind])) {
          if (isJwtClaimRoute(name)) {
            fail(report, join(`spec.http[${i}].match[${j}].${kind}`, name),
              `routing on JWT claim ${show(name)} works only on gateways: bind the VirtualService to gateways, and not to mesh`);
          }
        }
      }
    });
  });
}
