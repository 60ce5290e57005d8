// Istio Gateways as the validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateGateway, validateServer, validateServerPort, validateServerBind,
// validateTLSOptions; agent.ValidateNamespaceSlashWildcardHostname for server hosts).
// The name rule (a DNS-1123 label) is TT0007, with the other name rules. Not mirrored: Go skips that rule and allows
// `~/<host>` server hosts when the Gateway carries the annotation internal.istio.io/gateway-semantics: gateway (istiod
// sets it on the Gateways it makes from Gateway API ones; the webhook does not refuse it from users), which the
// checks here cannot see.
// Left to the CRD schema, as they can never fire here: a null server, a server without port or hosts, a port without
// number, protocol or name (`required`; empty values still reach the webhook), unknown TLS modes and versions (enums),
// more than two tlsCertificates (`maxItems: 2`, so validateTLSOptions' "up to 2 server certificates" warning) and
// credentialNames beside credentialName or tlsCertificates (CEL rules).
// A server host Go refuses for several reasons at once (short, no DNS label, a partial wildcard) gets one finding.
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, list, num, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { parseAddress } from '../go-netip';
import { gatewayHostProblem } from './hosts';
import { HTTP_PROTOCOLS, KNOWN_PROTOCOLS, parseProtocol, TLS_PROTOCOLS } from './protocols';
import { checkServerTlsOptions } from './tls-options';
import { fail } from './verdicts';

function checkServer(server: Fields, path: string, report: Report): void {
  const hosts = list(server.hosts);
  if (hosts.length === 0) fail(report, `${path}.hosts`, 'a server must list at least one host');
  hosts.forEach((h, i) => {
    const problem = gatewayHostProblem(String(h));
    if (problem) fail(report, `${path}.hosts[${i}]`, `${problem}, got ${show(h)}`);
  });
  const bind = text(server.bind);
  const port = record(server.port);
  if (!port) return fail(report, `${path}.port`, 'a server needs a port');
  // validateServerPort: the checks of TLS against the protocol below run only when it finds nothing
  let portOk = true;
  const portProblem = (field: string, message: string) => {
    portOk = false;
    fail(report, `${path}.port.${field}`, message);
  };
  const protocol = parseProtocol(port.protocol ?? '');
  if (!protocol) portProblem('protocol', `protocol must be one of ${KNOWN_PROTOCOLS} (any case), got ${show(port.protocol ?? '')}`);
  const number = num(port.number) ?? 0;
  const unix = bind?.startsWith('unix://') === true;
  if ((number > 0 || !unix) && (number < 1 || number > 65535)) portProblem('number', `port number must be between 1 and 65535, got ${number}`);
  if ((num(port.targetPort) ?? 0) > 0) portProblem('targetPort', 'targetPort has no effect on Gateways: remove it');
  if (text(port.name) === undefined) portProblem('name', 'a server port needs a name');
  if (unix) {
    const address = bind!.slice('unix://'.length);
    if (address === '' || (!address.startsWith('@') && (!address.startsWith('/') || address.endsWith('/')))) {
      fail(report, `${path}.bind`, `a unix bind address must be an absolute file path or @abstract, got ${show(bind)}`);
    }
    if (number !== 0) fail(report, `${path}.port.number`, `port number must be 0 when binding a unix socket, got ${number}`);
  } else if (bind !== undefined && !parseAddress(bind)) {
    fail(report, `${path}.bind`, `bind must be an IP address or unix://<path>, got ${show(bind)}`);
  }
  checkServerTlsOptions(server.tls, `${path}.tls`, report);
  const tls = record(server.tls);
  if (portOk && protocol) {
    if (TLS_PROTOCOLS.has(protocol) && !tls) fail(report, `${path}.tls`, `an ${protocol} server needs tls settings`);
    else if (!TLS_PROTOCOLS.has(protocol) && tls) {
      // an HTTP server may carry tls only to redirect to HTTPS: a pass-through mode and no certificates
      const passThrough = ['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(tls.mode ?? 'PASSTHROUGH');
      const certificates = ['caCertificates', 'privateKey', 'serverCertificate'].some((k) => text(tls[k]) !== undefined);
      if (!HTTP_PROTOCOLS.has(protocol)) fail(report, `${path}.tls`, `a ${protocol} server may not have tls settings`);
      else if (!passThrough || certificates) fail(report, `${path}.tls`, `a plain-text ${protocol} server may not terminate TLS: only tls.httpsRedirect is allowed`);
    }
  }
  // ValidateGateway's warning, for a protocol Istio does not know too
  if (!(protocol && HTTP_PROTOCOLS.has(protocol)) && tls?.httpsRedirect === true) {
    report(MESSAGES.istioValidationWarning, `${path}.tls.httpsRedirect`, `httpsRedirect only has an effect on HTTP servers, not ${protocol ?? show(port.protocol ?? '')}`);
  }
}

/** The webhook's checks of one Gateway. */
export function checkGateway(spec: Fields, report: Report): void {
  const servers = list(spec.servers);
  if (servers.length === 0) fail(report, 'spec.servers', 'a Gateway must have at least one server');
  const portNames = new Map<string, number>();
  servers.forEach((s, i) => {
    const server = record(s);
    const path = `spec.servers[${i}]`;
    if (!server) return fail(report, path, 'a server may not be null');
    checkServer(server, path, report);
    const name = record(server.port)?.name;
    if (typeof name !== 'string') return;
    if (portNames.has(name)) fail(report, `${path}.port.name`, `port name ${show(name)} is already used by spec.servers[${portNames.get(name)}]`);
    else portNames.set(name, i);
  });
}
