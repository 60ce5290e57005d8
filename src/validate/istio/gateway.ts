// Istio Gateways as the validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateGateway, validateServer, validateServerPort, validateServerBind,
// validateTLSOptions).
// The name rule (a DNS-1123 label) is TT0007, with the other name rules.
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, list, num, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { gatewayHostProblem, isIpAddress } from './hosts';
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
  const protocol = parseProtocol(port.protocol ?? '');
  if (!protocol) fail(report, `${path}.port.protocol`, `protocol must be one of ${KNOWN_PROTOCOLS} (any case), got ${show(port.protocol ?? '')}`);
  const number = num(port.number) ?? 0;
  const unix = bind?.startsWith('unix://') === true;
  if ((number > 0 || !unix) && (number < 1 || number > 65535)) fail(report, `${path}.port.number`, `port number must be between 1 and 65535, got ${number}`);
  if ((num(port.targetPort) ?? 0) > 0) fail(report, `${path}.port.targetPort`, 'targetPort has no effect on Gateways: remove it');
  if (text(port.name) === undefined) fail(report, `${path}.port.name`, 'a server port needs a name');
  if (unix) {
    const address = bind!.slice('unix://'.length);
    if (address === '' || (!address.startsWith('@') && (!address.startsWith('/') || address.endsWith('/')))) {
      fail(report, `${path}.bind`, `a unix bind address must be an absolute file path or @abstract, got ${show(bind)}`);
    }
    if (number !== 0) fail(report, `${path}.port.number`, `port number must be 0 when binding a unix socket, got ${number}`);
  } else if (bind !== undefined && !isIpAddress(bind)) {
    fail(report, `${path}.bind`, `bind must be an IP address or unix://<path>, got ${show(bind)}`);
  }
  checkServerTlsOptions(server.tls, `${path}.tls`, report);
  if (!protocol) return;
  const tls = record(server.tls);
  if (TLS_PROTOCOLS.has(protocol) && !tls) fail(report, `${path}.tls`, `an ${protocol} server needs tls settings`);
  else if (!TLS_PROTOCOLS.has(protocol) && tls) {
    // an HTTP server may carry tls only to redirect to HTTPS: a pass-through mode and no certificates
    const passThrough = ['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(tls.mode ?? 'PASSTHROUGH');
    const certificates = ['caCertificates', 'privateKey', 'serverCertificate'].some((k) => text(tls[k]) !== undefined);
    if (!HTTP_PROTOCOLS.has(protocol)) fail(report, `${path}.tls`, `a ${protocol} server may not have tls settings`);
    else if (!passThrough || certificates) fail(report, `${path}.tls`, `a plain-text ${protocol} server may not terminate TLS: only tls.httpsRedirect is allowed`);
  }
  if (!HTTP_PROTOCOLS.has(protocol) && tls?.httpsRedirect === true) {
    report(MESSAGES.istioValidationWarning, `${path}.tls.httpsRedirect`, `httpsRedirect only has an effect on HTTP servers, not ${protocol}`);
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
