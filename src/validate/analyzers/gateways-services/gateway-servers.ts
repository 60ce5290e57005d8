// The servers of an Istio Gateway, as the gateway analyzers read them.
import type { SourcedObject } from '../../findings';
import { at, list, record, text } from './manifest-values';

/** A server of a Gateway. */
export interface GatewayServer {
  /** Its index in `spec.servers`. */
  readonly index: number;
  /** The port number; 0 when the port has none, undefined when the server has no port. */
  readonly port?: number;
  /** The bind address, `` when none. */
  readonly bind: string;
  readonly hosts: readonly string[];
  /** The TLS settings, when the server has some (each `` when not set). */
  readonly tls?: { readonly credentialName: string; readonly serverCertificate: string; readonly privateKey: string };
}

/** The servers of a Gateway, in order. */
export function serversOf(gateway: SourcedObject): GatewayServer[] {
  return list(at(gateway.object, 'spec', 'servers')).map((value, index) => {
    const server = record(value);
    const port = server.port === undefined || server.port === null ? undefined : Number(record(server.port).number ?? 0);
    const tls = server.tls === undefined || server.tls === null ? undefined : record(server.tls);
    const settings = tls && {
      credentialName: text(tls.credentialName),
      serverCertificate: text(tls.serverCertificate),
      privateKey: text(tls.privateKey),
    };
    return {
      index,
      ...(port === undefined ? {} : { port }),
      bind: text(server.bind),
      hosts: list(server.hosts).filter((h): h is string => typeof h === 'string'),
      ...(settings ? { tls: settings } : {}),
    };
  });
}
