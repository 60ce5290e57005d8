import { PropError } from './prop-error';
import { quote, requireDnsLabel, requireInteger, requirePath } from './prop-guards';

/**
 * Which trace collector the mesh reports to: Istio's Jaeger add-on (`samples/addons/jaeger.yaml`, which the tutorial
 * installs by hand), or a Jaeger v2 collector this project deploys itself (see {@link JaegerCollector}).
 */
export type TracingBackend = 'istio-addon' | 'jaeger-v2';

/**
 * The namespace of the project's own Jaeger v2 collector. The project creates it and its teardown deletes it, with
 * whatever is in it: a name of its own, not the `observability` that Istio's and Jaeger's guides create and that other
 * collectors may share (applying the project's Namespace there would also impose its Pod Security labels on them).
 */
export const JAEGER_V2_NAMESPACE = 'tutorial-observability';

/** The tracing backends. */
export const TRACING_BACKENDS: readonly TracingBackend[] = ['istio-addon', 'jaeger-v2'];

/** Where the mesh's trace collector runs; the one place its address is defined. */
export interface TracingCollectorProps {
  /**
   * The collector.
   * @default 'istio-addon'
   */
  readonly backend?: TracingBackend;
  /**
   * The collector's Service.
   * @default - 'jaeger-collector' for the add-on, 'jaeger' for Jaeger v2
   */
  readonly service?: string;
  /**
   * The collector Service's namespace.
   * @default - 'istio-system' for the add-on, 'tutorial-observability' for Jaeger v2 (a namespace of the project's own: its
   * teardown deletes it with whatever is in it, so not the `observability` of Istio's and Jaeger's guides)
   */
  readonly namespace?: string;
  /**
   * The port the Jaeger clients in the apps report spans to over HTTP (Jaeger Thrift).
   * @default 14268
   */
  readonly httpPort?: number;
  /**
   * The path of that endpoint.
   * @default '/api/traces'
   */
  readonly httpPath?: string;
  /**
   * The port of the Zipkin endpoint.
   * @default 9411
   */
  readonly zipkinPort?: number;
  /**
   * The port of the OTLP gRPC endpoint (OpenTelemetry SDKs that export over gRPC, with Jaeger v2).
   * @default 4317
   */
  readonly otlpGrpcPort?: number;
  /**
   * The port of the OTLP HTTP endpoint (OpenTelemetry SDKs in the apps).
   * @default 4318
   */
  readonly otlpHttpPort?: number;
  /**
   * The name of the Istio extension provider that stands for the collector.
   * @default 'jaeger'
   */
  readonly providerName?: string;
}

/** The trace collector the apps (Jaeger clients, OpenTelemetry SDKs) and the Istio proxies report to. */
export class TracingCollector {
  /** The collector. */
  public readonly backend: TracingBackend;
  /** The collector Service's name. */
  public readonly service: string;
  /** The collector Service's namespace. */
  public readonly namespace: string;
  /** The collector Service's fully qualified host name. */
  public readonly host: string;
  /** The Jaeger client endpoint (JAEGER_ENDPOINT). */
  public readonly httpEndpoint: string;
  /** The Jaeger Thrift HTTP port. */
  public readonly httpPort: number;
  /** The Zipkin port. */
  public readonly zipkinPort: number;
  /** The OTLP gRPC port. */
  public readonly otlpGrpcPort: number;
  /** The OTLP HTTP port. */
  public readonly otlpHttpPort: number;
  /** The OTLP HTTP endpoint of the OpenTelemetry SDKs (OTEL_EXPORTER_OTLP_ENDPOINT). */
  public readonly otlpHttpEndpoint: string;
  /**
   * The port the proxies report to: Zipkin's, to either collector. The apps' Jaeger clients join their spans to the
   * proxies' by the B3 headers, which Envoy's Zipkin tracer reads and writes; its OpenTelemetry tracer, the one an
   * `opentelemetry` provider configures, reads and writes W3C `traceparent` only (Istio 1.30 gives it no other
   * propagator), so each hop's proxy spans would start a trace of their own, apart from the apps'.
   */
  public readonly proxyPort: number;
  /** The Istio extension provider name. */
  public readonly providerName: string;

  constructor(props: TracingCollectorProps = {}) {
    this.backend = props.backend ?? 'istio-addon';
    if (!TRACING_BACKENDS.includes(this.backend)) {
      throw new PropError(`tracing backend must be one of ${TRACING_BACKENDS.join(', ')}, got ${quote(this.backend)}`);
    }
    const addon = this.backend === 'istio-addon';
    this.service = props.service ?? (addon ? 'jaeger-collector' : 'jaeger');
    this.namespace = props.namespace ?? (addon ? 'istio-system' : JAEGER_V2_NAMESPACE);
    this.httpPort = props.httpPort ?? 14268;
    const httpPath = props.httpPath ?? '/api/traces';
    requireDnsLabel(this.service, 'tracing collector service');
    requireDnsLabel(this.namespace, 'tracing collector namespace');
    requireInteger(this.httpPort, 1, 65535, 'tracing collector HTTP port');
    requirePath(httpPath, 'tracing collector HTTP path');
    this.zipkinPort = props.zipkinPort ?? 9411;
    requireInteger(this.zipkinPort, 1, 65535, 'tracing collector Zipkin port');
    this.otlpGrpcPort = props.otlpGrpcPort ?? 4317;
    requireInteger(this.otlpGrpcPort, 1, 65535, 'tracing collector OTLP gRPC port');
    this.otlpHttpPort = props.otlpHttpPort ?? 4318;
    requireInteger(this.otlpHttpPort, 1, 65535, 'tracing collector OTLP HTTP port');
    this.providerName = props.providerName ?? 'jaeger';
    requireDnsLabel(this.providerName, 'tracing provider name');
    this.host = `${this.service}.${this.namespace}.svc.cluster.local`;
    this.httpEndpoint = `http://${this.host}:${this.httpPort}${httpPath}`;
    this.otlpHttpEndpoint = `http://${this.host}:${this.otlpHttpPort}`;
    this.proxyPort = this.zipkinPort;
  }
}
