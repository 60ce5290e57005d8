import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { requireDnsLabel, requireRange } from './prop-guards';
import { TracingCollector } from './tracing-collector';

/** Props for {@link TracingConfig}. */
export interface TracingConfigProps {
  /**
   * The ConfigMap's name, which the apps' `envFrom` refers to.
   * @default 'jaeger-config'
   */
  readonly name?: string;
  /** Where the apps send spans. */
  readonly collector: TracingCollector;
  /**
   * The percentage of requests traced. 100 and 0 become the Jaeger `const` sampler (param 1 or 0), anything
   * between the `probabilistic` sampler with the matching fraction.
   * @default 100
   */
  readonly samplingPercentage?: number;
  /**
   * Trace context propagation format (JAEGER_PROPAGATION); Istio's sidecars propagate B3.
   * @default 'b3'
   */
  readonly propagation?: string;
  /**
   * Whether the clients log every span they report (JAEGER_REPORTER_LOG_SPANS).
   * @default true
   */
  readonly logSpans?: boolean;
}

/**
 * The ConfigMap of tracing settings that every traced app reads through `envFrom`: the `JAEGER_*` variables of the
 * tutorial's Jaeger clients and the standard `OTEL_*` variables of OpenTelemetry SDKs, both from one collector and
 * one sampling percentage (`OTEL_SERVICE_NAME` is per app: see TracedApp).
 */
export class TracingConfig extends Construct {
  /** The ConfigMap's name. */
  public readonly name: string;
  /** Where the apps send spans. */
  public readonly collector: TracingCollector;
  /** The percentage of requests traced. */
  public readonly samplingPercentage: number;

  constructor(scope: Construct, id: string, props: TracingConfigProps) {
    super(scope, id);
    this.name = props.name ?? 'jaeger-config';
    requireDnsLabel(this.name, 'tracing ConfigMap name');
    this.collector = props.collector;
    this.samplingPercentage = props.samplingPercentage ?? 100;
    requireRange(this.samplingPercentage, 0, 100, 'tracing sampling percentage');
    const constant = this.samplingPercentage === 0 || this.samplingPercentage === 100;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.name },
      data: {
        JAEGER_ENDPOINT: this.collector.httpEndpoint,
        JAEGER_PROPAGATION: props.propagation ?? 'b3',
        JAEGER_REPORTER_LOG_SPANS: String(props.logSpans ?? true),
        JAEGER_SAMPLER_PARAM: String(this.samplingPercentage / 100),
        JAEGER_SAMPLER_TYPE: constant ? 'const' : 'probabilistic',
        // the same collector and sampling for OpenTelemetry SDKs; B3 among the propagators, because the Istio proxies
        // propagate B3 headers: the apps' spans and the proxies' spans then join one trace
        OTEL_EXPORTER_OTLP_ENDPOINT: this.collector.otlpHttpEndpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_PROPAGATORS: 'tracecontext,baggage,b3multi',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: String(this.samplingPercentage / 100),
      },
    });
  }
}
