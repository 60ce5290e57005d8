// Sidecars as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateSidecar, validateSidecarIngressPortAndBind,
// validateSidecarEgressPortBindAndCaptureMode, validateSidecarOutboundTrafficPolicy, validateConnectionPool,
// validateTLSOptions; agent.ValidateNamespaceSlashWildcardHostname for egress hosts).
// Left to the CRD schema, as they can never fire here: an ingress listener without a port (`required: [port]`), null
// ingress/egress listeners (items are objects; a null field is pruned), a selector label value with a wildcard (a CEL
// rule), port numbers below 0 (`minimum: 0`), unknown capture modes, TLS modes and protocol versions (enums), more than
// two tlsCertificates (`maxItems: 2`, so validateTLSOptions' "up to 2 server certificates" warning), credentialNames
// with credentialName or tlsCertificates (CEL rules), and durations below 1ms in connection pools (CEL rules).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, list, num, record, str, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { parseAddress } from '../go-netip';
import { splitNetHostPort } from '../go-net';
import { atoiError } from '../go-strconv';
import { fqdnProblem, isIstioLabel, wildcardDomainProblem } from './hosts';
import { checkSubsetName } from './names';
import { Place } from './place';
import { HTTP_PROTOCOLS, KNOWN_PROTOCOLS, parseProtocol, TLS_PROTOCOLS } from './protocols';
import { checkSelectorLabels } from './selectors';
import { checkConnectionPool } from './connection-pool';
import { checkServerTlsOptions } from './tls-options';
import { fail, warn } from './verdicts';

const UNIX = 'unix://';
const DEFAULT_ENDPOINT_HOSTS = new Set(['', '127.0.0.1', '0.0.0.0', '::1', '::']);


/** Why a unix socket address (after `unix://`) is refused, or undefined (ValidateUnixAddress). */
function unixAddressProblem(address: string): string | undefined {
  if (address === '') return 'is empty';
  if (address.startsWith('@')) return undefined;
  return !address.startsWith('/') || address.endsWith('/') ? 'must be an absolute path to a file or an @abstract name' : undefined;
}

function checkPortNumber(number: number, field: string, report: Report): void {
  if (number < 1 || number > 65535) fail(report, field, `port number must be between 1 and 65535, got ${number}`);
}

/** A listener port's name (optional, a DNS-1123 label) and protocol (optional, one Istio knows). */
function checkPortNameAndProtocol(port: Fields, field: string, report: Report): void {
  const name = str(port.name);
  if (name !== '' && !isIstioLabel(name)) fail(report, join(field, 'name'), `port name must be a DNS-1123 label, got ${show(name)}`);
  const protocol = str(port.protocol);
  if (protocol !== '' && !parseProtocol(protocol)) {
    fail(report, join(field, 'protocol'),
      `protocol must be one of ${KNOWN_PROTOCOLS} (any case) or empty (sniffed), got ${show(protocol)}`);
  }
}

function checkIpBind(bind: string, field: string, report: Report): void {
  if (bind !== '' && !parseAddress(bind)) fail(report, field, `bind must be an IP address, got ${show(bind)}`);
}

/** An ingress listener's TLS: what sidecars do not support, then the server TLS rules. */
function checkIngressTls(tls: Fields, protocol: string, field: string, report: Report): void {
  if (list(tls.subjectAltNames).length > 0) fail(report, join(field, 'subjectAltNames'), 'subjectAltNames is not supported in a sidecar ingress listener');
  if (tls.httpsRedirect === true) fail(report, join(field, 'httpsRedirect'), 'httpsRedirect is not supported in a sidecar ingress listener');
  if (text(tls.credentialName) !== undefined) fail(report, join(field, 'credentialName'), 'credentialName is not supported in a sidecar ingress listener');
  if (list(tls.credentialNames).length > 0) fail(report, join(field, 'credentialNames'), 'credentialNames is not supported in a sidecar ingress listener');
  if (list(tls.tlsCertificates).length > 0) fail(report, join(field, 'tlsCertificates'), 'tlsCertificates is not supported in a sidecar ingress listener');
  if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH') {
    fail(report, join(field, 'mode'), `tls mode must be SIMPLE, MUTUAL, OPTIONAL_MUTUAL or PASSTHROUGH in a sidecar ingress listener, got ${tls.mode}`);
  }
  const canonical = parseProtocol(protocol);
  if (!canonical || !TLS_PROTOCOLS.has(canonical)) fail(report, field, `tls settings need an HTTPS or TLS port, got protocol ${show(protocol)}`);
  checkServerTlsOptions(tls, field, report);
}

/** An ingress listener's defaultEndpoint: unix://<path>, or a loopback or unspecified address with a port. */
function checkDefaultEndpoint(endpoint: string, field: string, report: Report): void {
  if (endpoint.startsWith(UNIX)) {
    const problem = unixAddressProblem(endpoint.slice(UNIX.length));
    if (problem) fail(report, field, `the unix socket path of defaultEndpoint ${problem}, got ${show(endpoint)}`);
    return;
  }
  const split = splitNetHostPort(endpoint);
  // a split failure leaves the port empty too: one finding for both of Go's errors
  if (typeof split === 'string') return fail(report, field, `defaultEndpoint must be <host>:<port> or unix://<path>, got ${show(endpoint)}`);
  if (!DEFAULT_ENDPOINT_HOSTS.has(split.host)) {
    fail(report, field, `defaultEndpoint must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port>, :<port> or unix://<path>, got ${show(endpoint)}`);
  }
  if (atoiError(split.port) !== undefined) fail(report, field, `the port of defaultEndpoint must be a number, got ${show(split.port)}`);
  else checkPortNumber(Number(split.port), field, report);
}

function checkIngress(listeners: unknown[], report: Report): void {
  const ports = new Map<number, number>();
  listeners.forEach((value, i) => {
    const listener = record(value) ?? {};
    const path = `spec.ingress[${i}]`;
    const port = record(listener.port);
    if (!port) return; // the CRD requires it
    const portPath = join(path, 'port');
    if ((num(port.targetPort) ?? 0) > 0) fail(report, join(portPath, 'targetPort'), 'targetPort has no effect on Sidecars: remove it');
    checkPortNameAndProtocol(port, portPath, report);
    const number = num(port.number) ?? 0;
    checkPortNumber(number, join(portPath, 'number'), report);
    checkIpBind(str(listener.bind), join(path, 'bind'), report);
    const first = ports.get(number);
    if (first !== undefined) fail(report, join(portPath, 'number'), `port ${number} is already used by spec.ingress[${first}]: ingress ports must be unique`);
    else ports.set(number, i);
    const endpoint = str(listener.defaultEndpoint);
    if (endpoint !== '') checkDefaultEndpoint(endpoint, join(path, 'defaultEndpoint'), report);
    const protocol = str(port.protocol);
    const tls = record(listener.tls);
    if (tls) checkIngressTls(tls, protocol, join(path, 'tls'), report);
    checkConnectionPool(listener.connectionPool, join(path, 'connectionPool'), report);
    const canonical = parseProtocol(protocol);
    if (record(record(listener.connectionPool)?.http) && !(canonical && HTTP_PROTOCOLS.has(canonical))) {
      warn(report, `${path}.connectionPool.http`,
        `http connection pool settings only apply to HTTP ports, and port ${number} has protocol ${show(protocol)}: only the tcp settings apply`);
    }
  });
}

/** Why an egress host (`namespace/host`) is refused (ValidateNamespaceSlashWildcardHostname for sidecars). */
function egressHostProblems(entry: string): string[] {
  const slash = entry.indexOf('/');
  if (slash < 0) return ['an egress host must be <namespace>/<host> (namespace *, ., ~ or a name)'];
  const namespace = entry.slice(0, slash);
  const host = entry.slice(slash + 1);
  // Go also reports an empty namespace as no valid name and an empty host as a short and empty name: one finding here
  if (namespace === '' || host === '') return ['namespace and host of an egress host must both be set'];
  const problems: string[] = [];
  if (namespace !== '*' && namespace !== '.' && namespace !== '~' && !isIstioLabel(namespace)) {
    problems.push(`the namespace of an egress host must be *, ., ~ or a DNS-1123 label, got ${show(namespace)}`);
  }
  if (host !== '*' && !host.includes('.')) problems.push(`short host names are not allowed: use a fully qualified name or *, got ${show(host)}`);
  const problem = wildcardDomainProblem(host);
  if (problem) problems.push(`host ${problem}, got ${show(host)}`);
  if (host.includes('*') && host !== '*' && !host.startsWith('*.')) problems.push(`partial wildcards are not allowed: use * or *.<domain>, got ${show(host)}`);
  return problems;
}

function checkEgressHosts(hosts: unknown[], path: string, namespace: string, report: Report): void {
  if (hosts.length === 0) return fail(report, path, 'an egress listener must list at least one host');
  // per namespace, the hosts imported so far
  const imported = new Map<string, Set<string>>();
  hosts.forEach((h, j) => {
    const entry = str(h);
    const hostPath = `${path}[${j}]`;
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const ns = entry.slice(0, slash) === '.' ? namespace : entry.slice(0, slash);
      const host = entry.slice(slash + 1);
      let seen = imported.get(ns);
      if (!seen) imported.set(ns, (seen = new Set()));
      if (host !== '*' ? seen.has(host) || seen.has('*') : seen.size > 0) {
        warn(report, hostPath, `egress host ${show(entry)} overlaps another host of this listener in namespace ${show(ns)}`);
      }
      seen.add(host);
    }
    for (const problem of egressHostProblems(entry)) fail(report, hostPath, problem);
  });
  if (imported.get('*')?.has('*') && imported.size !== 1) {
    warn(report, path, '*/* imports every host of every namespace: the other hosts of this listener add nothing');
  }
}

function checkEgress(listeners: unknown[], namespace: string, report: Report): void {
  const ports = new Map<number, number>();
  const sockets = new Map<string, number>();
  listeners.forEach((value, i) => {
    const listener = record(value) ?? {};
    const path = `spec.egress[${i}]`;
    const port = record(listener.port);
    // the one listener without a port catches the rest: it must come last (so there is only one; Go's separate
    // "only one such listener" error cannot fire after this one)
    if (!port) {
      if (i !== listeners.length - 1) fail(report, path, 'an egress listener without a port catches all other traffic: it must be the last one');
    } else {
      const portPath = join(path, 'port');
      if ((num(port.targetPort) ?? 0) > 0) fail(report, join(portPath, 'targetPort'), 'targetPort has no effect on Sidecars: remove it');
      checkPortNameAndProtocol(port, portPath, report);
      const number = num(port.number) ?? 0;
      const bind = str(listener.bind);
      if (number === 0) {
        // port 0: a unix domain socket listener
        if (!bind.startsWith(UNIX)) fail(report, join(path, 'bind'), `an egress listener on port 0 must bind a unix domain socket (unix://<path>), got ${show(bind)}`);
        else {
          const problem = unixAddressProblem(bind.slice(UNIX.length));
          if (problem) fail(report, join(path, 'bind'), `the unix socket path of bind ${problem}, got ${show(bind)}`);
        }
        const mode = text(listener.captureMode) ?? 'DEFAULT';
        if (mode !== 'DEFAULT' && mode !== 'NONE') fail(report, join(path, 'captureMode'), `captureMode must be DEFAULT or NONE for a unix domain socket, got ${mode}`);
        const first = sockets.get(bind);
        if (first !== undefined) fail(report, join(path, 'bind'), `unix domain socket ${show(bind)} is already bound by spec.egress[${first}]`);
        else sockets.set(bind, i);
      } else {
        checkPortNumber(number, join(portPath, 'number'), report);
        checkIpBind(bind, join(path, 'bind'), report);
        const first = ports.get(number);
        if (first !== undefined) fail(report, join(portPath, 'number'), `port ${number} is already used by spec.egress[${first}]: egress ports must be unique`);
        else ports.set(number, i);
      }
    }
    checkEgressHosts(list(listener.hosts), join(path, 'hosts'), namespace, report);
  });
}

function checkOutboundTrafficPolicy(value: unknown, report: Report): void {
  const proxy = record(record(value)?.egressProxy);
  if (!proxy) return;
  const path = 'spec.outboundTrafficPolicy.egressProxy';
  const mode = text(record(value)?.mode) ?? 'REGISTRY_ONLY';
  if (mode !== 'ALLOW_ANY') return fail(report, path, `egressProxy needs outboundTrafficPolicy mode ALLOW_ANY, got ${mode}`);
  const host = str(proxy.host);
  // an FQDN is also a valid destination host (validateDestination), so Go's second error on the host adds nothing
  const problem = fqdnProblem(host);
  if (problem) fail(report, join(path, 'host'), `egressProxy host must be a fully qualified domain name: it ${problem}, got ${show(host)}`);
  const port = record(proxy.port);
  if (!port) return fail(report, join(path, 'port'), 'egressProxy needs a port');
  if (text(proxy.subset) !== undefined) checkSubsetName(proxy.subset, join(path, 'subset'), report);
  checkPortNumber(num(port.number) ?? 0, `${path}.port.number`, report);
}

/** The webhook's checks of one Sidecar. */
export function checkSidecar(spec: Fields, report: Report, place: Place): void {
  // a refused selector label stops the webhook; its "no labels" warning comes only with the other findings
  const selectorFindings: [Parameters<Report>[0], string, string][] = [];
  checkSelectorLabels(spec.workloadSelector, 'labels', 'spec.workloadSelector', (type, field, message) => selectorFindings.push([type, field, message]));
  if (selectorFindings.some(([type]) => type === MESSAGES.istioValidationFailed)) {
    for (const f of selectorFindings) if (f[0] === MESSAGES.istioValidationFailed) report(...f);
    return;
  }
  const ingress = list(spec.ingress);
  const egress = list(spec.egress);
  if (ingress.length === 0 && egress.length === 0 && !record(spec.outboundTrafficPolicy) && !record(spec.inboundConnectionPool)) {
    return fail(report, 'spec', 'a Sidecar must set at least one of ingress, egress, outboundTrafficPolicy and inboundConnectionPool');
  }
  for (const f of selectorFindings) report(...f);
  checkIngress(ingress, report);
  checkConnectionPool(spec.inboundConnectionPool, 'spec.inboundConnectionPool', report);
  checkEgress(egress, place.namespace, report);
  checkOutboundTrafficPolicy(spec.outboundTrafficPolicy, report);
}
