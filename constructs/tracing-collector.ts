import { requireDnsLabel, requireInteger, requirePath } from './prop-guards';

/** Where the mesh's trace collector runs; the one place its address is defined. */
export interface TracingCollectorProps {
  /**
   * The collector's Service.
   * @default 'jaeger-collector'
   */
  readonly service?: string;
  /**
   * The collector Service's namespace.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * The port the Jaeger clients in the apps report spans to over HTTP.
   * @default 14268
   */
  readonly httpPort?: number;
  /**
   * The path of that endpoint.
   * @default '/api/traces'
   */
  readonly httpPath?: string;
  /**
   * The port the Istio proxies report spans to, in Zipkin format.
   * @default 9411
   */
  readonly zipkinPort?: number;
  /**
   * The name of the Istio extension provider that stands for the collector.
   * @default 'jaeger'
   */
  readonly providerName?: string;
}

/** The trace collector both the apps (Jaeger clients) and the Istio proxies (Zipkin) report to. */
export class TracingCollector {
  /** The collector Service's fully qualified host name. */
  public readonly host: string;
  /** The Jaeger client endpoint (JAEGER_ENDPOINT). */
  public readonly httpEndpoint: string;
  /** The Zipkin port the proxies report to. */
  public readonly zipkinPort: number;
  /** The Istio extension provider name. */
  public readonly providerName: string;

  constructor(props: TracingCollectorProps = {}) {
    const service = props.service ?? 'jaeger-collector';
    const namespace = props.namespace ?? 'istio-system';
    const httpPort = props.httpPort ?? 14268;
    const httpPath = props.httpPath ?? '/api/traces';
    requireDnsLabel(service, 'tracing collector service');
    requireDnsLabel(namespace, 'tracing collector namespace');
    requireInteger(httpPort, 1, 65535, 'tracing collector HTTP port');
    requirePath(httpPath, 'tracing collector HTTP path');
    this.zipkinPort = props.zipkinPort ?? 9411;
    requireInteger(this.zipkinPort, 1, 65535, 'tracing collector Zipkin port');
    this.providerName = props.providerName ?? 'jaeger';
    requireDnsLabel(this.providerName, 'tracing provider name');
    this.host = `${service}.${namespace}.svc.cluster.local`;
    this.httpEndpoint = `http://${this.host}:${httpPort}${httpPath}`;
  }
}
