// Port protocols as Istio names them (istio/istio 1.30 pkg/config/protocol Parse, IsHTTP, IsTLS, IsTCP): any case in a
// manifest, one canonical name each.

const PROTOCOLS = new Map([
  ['tcp', 'TCP'], ['udp', 'UDP'], ['grpc', 'GRPC'], ['grpc-web', 'GRPC-Web'], ['http', 'HTTP'], ['http_proxy', 'HTTP_PROXY'],
  ['http2', 'HTTP2'], ['https', 'HTTPS'], ['tls', 'TLS'], ['mongo', 'Mongo'], ['redis', 'Redis'], ['mysql', 'MySQL'],
]);

/** The protocols, as a message lists them. */
export const KNOWN_PROTOCOLS = 'HTTP, HTTPS, HTTP2, HTTP_PROXY, GRPC, GRPC-Web, TCP, UDP, TLS, Mongo, Redis, MySQL';
/** Protocols Istio routes as HTTP (IsHTTP). */
export const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-Web']);
/** Protocols that carry TLS (IsTLS). */
export const TLS_PROTOCOLS: ReadonlySet<string> = new Set(['HTTPS', 'TLS']);
/** Protocols Istio proxies as TCP (IsTCP). */
export const TCP_PROTOCOLS: ReadonlySet<string> = new Set(['TCP', 'HTTPS', 'TLS', 'Mongo', 'Redis', 'MySQL']);

/** Istio's name of a port protocol, or undefined for one it does not know (and for none). */
export function parseProtocol(protocol: unknown): string | undefined {
  return typeof protocol === 'string' ? PROTOCOLS.get(protocol.toLowerCase()) : undefined;
}
