import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkDnsLabel, checkRange } from './names';

/** The Jaeger client's sampler types (JAEGER_SAMPLER_TYPE). */
export enum SamplerType {
  /** Samples every trace (param 1) or none (param 0). */
  CONST = 'const',
  /** Samples the fraction of traces given as param. */
  PROBABILISTIC = 'probabilistic',
  /** Samples at most param traces per second. */
  RATE_LIMITING = 'ratelimiting',
  /** Asks the agent for the sampling strategy. */
  REMOTE = 'remote',
}

/** Props for {@link TracingConfig}. */
export interface TracingConfigProps {
  /**
   * The ConfigMap's name, which the apps' `envFrom` refers to.
   * @default 'jaeger-config'
   */
  readonly name?: string;
  /** Where the apps send spans (JAEGER_ENDPOINT), e.g. the Jaeger collector's HTTP endpoint. */
  readonly collectorEndpoint: string;
  /**
   * Trace context propagation format (JAEGER_PROPAGATION); Istio's sidecars propagate B3.
   * @default 'b3'
   */
  readonly propagation?: string;
  /**
   * Sampler type (JAEGER_SAMPLER_TYPE).
   * @default SamplerType.CONST
   */
  readonly samplerType?: SamplerType;
  /**
   * Sampler parameter (JAEGER_SAMPLER_PARAM); with the const sampler, 1 samples every request.
   * @default 1
   */
  readonly samplerParam?: number;
  /**
   * Whether the clients log every span they report (JAEGER_REPORTER_LOG_SPANS).
   * @default true
   */
  readonly logSpans?: boolean;
}

/** The ConfigMap of Jaeger client settings that every traced app reads through `envFrom`. */
export class TracingConfig extends Construct {
  /** The ConfigMap's name. */
  public readonly name: string;
  /** Where the apps send spans. */
  public readonly collectorEndpoint: string;
  /** The sampler type. */
  public readonly samplerType: SamplerType;
  /** The sampler parameter. */
  public readonly samplerParam: number;

  constructor(scope: Construct, id: string, props: TracingConfigProps) {
    super(scope, id);
    this.name = props.name ?? 'jaeger-config';
    checkDnsLabel(this.name, 'tracing ConfigMap name');
    this.collectorEndpoint = props.collectorEndpoint;
    if (!/^https?:\/\/[^\s/]+/.test(this.collectorEndpoint)) {
      throw new Error(`tracing collector endpoint must be an http(s) URL, got '${this.collectorEndpoint}'`);
    }
    this.samplerType = props.samplerType ?? SamplerType.CONST;
    this.samplerParam = props.samplerParam ?? 1;
    if (this.samplerType === SamplerType.CONST || this.samplerType === SamplerType.PROBABILISTIC) {
      checkRange(this.samplerParam, 0, 1, `${this.samplerType} sampler param`);
    }
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.name },
      data: {
        JAEGER_ENDPOINT: this.collectorEndpoint,
        JAEGER_PROPAGATION: props.propagation ?? 'b3',
        JAEGER_REPORTER_LOG_SPANS: String(props.logSpans ?? true),
        JAEGER_SAMPLER_PARAM: String(this.samplerParam),
        JAEGER_SAMPLER_TYPE: this.samplerType,
      },
    });
  }
}
