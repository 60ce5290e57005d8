// VirtualServices as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateVirtualService, validateTLSRoute, validateTLSMatch, validateSniHost,
// validateTCPRoute; agent.ValidateWildcardDomainForVirtualServiceBoundToGateway). The HTTP rules are in
// virtual-service-http.ts, their matches, headers and destinations in virtual-service-matches.ts, -headers.ts and
// -destinations.ts, the warnings about rules that never apply in virtual-service-unreachable.ts. What the CRD already
// refuses: a null rule, match or mirror (list items), a missing destination or TLS match list, durations below 1ms.
// Not mirrored: the internal.istio.io/route-semantics annotation (gateway semantics, set by istiod for the VirtualServices
// it derives from Gateway API routes), which would skip the destination and gateway name checks; these checks see the
// spec only.
import { MESSAGES } from '../findings';
import { parseAddress } from '../go-netip';
import { show } from '../structural';
import { Fields, list, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { hostsMatch, hostSubsetOf, wildcardDomainProblem } from './hosts';
import { checkExportTo } from './names';
import { checkRouteDestinations } from './virtual-service-destinations';
import { checkHttpRule } from './virtual-service-http';
import { checkGatewayNames, checkJwtClaimsOnMesh, checkMatchCommon } from './virtual-service-matches';
import { checkUnreachableRules } from './virtual-service-unreachable';
import { fail } from './verdicts';

const OUTBOUND = 'outbound_';
const DIGIT = /[0-9]/;
const LETTER = /[a-zA-Z]/;

/**
 * Why a host of a VirtualService bound to gateways is invalid, or undefined: with `sni` (it has TLS rules matching SNI
 * hosts) also the SNI names of AUTO_PASSTHROUGH (outbound_.<port>_._.<host>).
 */
function boundHostProblem(host: string, sni: boolean): string | undefined {
  if (!sni || !host.startsWith(OUTBOUND) || host.length > 255) return wildcardDomainProblem(host);
  const parts = host.split('_');
  if (parts.length < 4) return 'must have the form outbound_.<port>_._.<host>';
  // Go's unanchored tests: the port part has a digit, the host part a letter
  if (!DIGIT.test(parts[1])) return `port part ${show(parts[1])} of outbound_.<port>_._.<host> has no digit`;
  if (!LETTER.test(parts[3])) return `host part ${show(parts[3])} of outbound_.<port>_._.<host> has no letter`;
  return undefined;
}

/** netutil.IsValidIPAddress: netip.ParseAddr, which takes an IPv6 zone. */
const isIpAddress = (host: string) => parseAddress(host) !== undefined;

/** Whether a TLS rule matches on SNI hosts (isSniHost). */
const matchesSni = (spec: Fields) => list(spec.tls).some((r) => list(record(r)?.match).some((m) => list(record(m)?.sniHosts).length > 0));

function checkHosts(spec: Fields, boundToGateway: boolean, report: Report): void {
  const hosts = list(spec.hosts).map((h) => (typeof h === 'string' ? h : ''));
  const sni = boundToGateway && matchesSni(spec);
  let allValid = true;
  hosts.forEach((host, i) => {
    const problem = boundToGateway ? boundHostProblem(host, sni) : wildcardDomainProblem(host);
    if (problem && !isIpAddress(host)) {
      fail(report, `spec.hosts[${i}]`, `host ${problem}, got ${show(host)}`);
      allValid = false;
    } else if (!problem && !boundToGateway && host === '*') {
      fail(report, `spec.hosts[${i}]`, 'host * is not allowed in a VirtualService bound to the mesh: name the hosts, or bind it to a gateway');
      allValid = false;
    }
  });
  if (!allValid) return;
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      if (hostsMatch(hosts[i], hosts[j])) fail(report, `spec.hosts[${j}]`, `host ${show(hosts[j])} overlaps spec.hosts[${i}] ${show(hosts[i])}`);
    }
  }
}

/** An SNI host: a host (on gateways also an outbound_ name) within one of the VirtualService's hosts; an IP only warns. */
function checkSniHost(sni: string, hosts: string[], onGateway: boolean, field: string, report: Report): void {
  const problem = onGateway ? boundHostProblem(sni, true) : wildcardDomainProblem(sni);
  if (problem) {
    if (isIpAddress(sni)) report(MESSAGES.istioValidationWarning, field, `SNI host ${show(sni)} is an IP address, which most TLS clients never send`);
    else fail(report, field, `SNI host ${problem}, got ${show(sni)}`);
  } else if (!hosts.some((h) => hostSubsetOf(sni, h))) {
    fail(report, field, `SNI host ${show(sni)} must be within one of the VirtualService hosts (${hosts.join(', ')})`);
  }
}

function checkTlsRoutes(spec: Fields, report: Report): void {
  const hosts = list(spec.hosts).map((h) => (typeof h === 'string' ? h : ''));
  // isGateway: no mesh among the gateways, which holds for none too
  const onGateway = !list(spec.gateways).includes('mesh');
  list(spec.tls).forEach((r, i) => {
    const route = record(r) ?? {};
    const path = `spec.tls[${i}]`;
    const matches = list(route.match);
    if (matches.length === 0) fail(report, `${path}.match`, 'a tls rule must have at least one match');
    matches.forEach((m, j) => {
      const match = record(m) ?? {};
      const sniHosts = list(match.sniHosts);
      if (sniHosts.length === 0) fail(report, `${path}.match[${j}].sniHosts`, 'a tls match must list at least one SNI host');
      sniHosts.forEach((s, k) => checkSniHost(typeof s === 'string' ? s : '', hosts, onGateway, `${path}.match[${j}].sniHosts[${k}]`, report));
      checkMatchCommon(match, `${path}.match[${j}]`, report, true);
    });
    const routes = list(route.route);
    if (routes.length === 0) fail(report, `${path}.route`, 'a tls rule must have a route');
    checkRouteDestinations(routes, `${path}.route`, report);
  });
}

function checkTcpRoutes(spec: Fields, report: Report): void {
  list(spec.tcp).forEach((r, i) => {
    const route = record(r) ?? {};
    const path = `spec.tcp[${i}]`;
    list(route.match).forEach((m, j) => checkMatchCommon(record(m) ?? {}, `${path}.match[${j}]`, report, true));
    const routes = list(route.route);
    if (routes.length === 0) fail(report, `${path}.route`, 'a tcp rule must have a route');
    checkRouteDestinations(routes, `${path}.route`, report);
  });
}

/** The webhook's checks of one VirtualService. */
export function checkVirtualService(spec: Fields, namespace: string, report: Report): void {
  const gateways = list(spec.gateways);
  const boundToGateway = gateways.length > 0 && !gateways.includes('mesh');
  const isDelegate = list(spec.hosts).length === 0;
  if (isDelegate) {
    // no hosts: a delegate, which only the rules of the VirtualService that delegates to it apply
    if (gateways.length > 0) fail(report, 'spec.gateways', 'a VirtualService without hosts is a delegate, which may not name gateways');
    if (list(spec.tls).length > 0) fail(report, 'spec.tls', 'a VirtualService without hosts is a delegate, which may not have tls rules');
    if (list(spec.tcp).length > 0) fail(report, 'spec.tcp', 'a VirtualService without hosts is a delegate, which may not have tcp rules');
  }
  checkGatewayNames(spec.gateways, 'spec.gateways', report);
  if (!boundToGateway) checkJwtClaimsOnMesh(spec, report);
  checkHosts(spec, boundToGateway, report);
  if (list(spec.http).length + list(spec.tcp).length + list(spec.tls).length === 0) {
    fail(report, 'spec', 'a VirtualService must have http, tcp or tls rules');
  }
  list(spec.http).forEach((r, i) => {
    const rule = record(r);
    if (rule) checkHttpRule(rule, `spec.http[${i}]`, report, isDelegate);
  });
  checkTlsRoutes(spec, report);
  checkTcpRoutes(spec, report);
  checkExportTo(spec.exportTo, namespace, 'spec.exportTo', report);
  checkUnreachableRules(spec, report);
}
