import { Construct } from 'constructs';
import { Telemetry } from '../imports/telemetry.istio.io';
import { TracingConfig } from './tracing-config';

/** Props for {@link MeshTelemetry}. */
export interface MeshTelemetryProps {
  /** The tracing settings whose collector and sampling percentage the proxies use too. */
  readonly tracing: TracingConfig;
  /**
   * The Telemetry resource's name.
   * @default 'tracing'
   */
  readonly name?: string;
}

/**
 * Turns on tracing in the Istio proxies of the namespace the way current Istio does it: a Telemetry resource that
 * enables the collector's extension provider (declared in the mesh config by {@link IstioInstall}) and samples as
 * many requests as the apps' Jaeger clients do.
 */
export class MeshTelemetry extends Construct {
  constructor(scope: Construct, id: string, props: MeshTelemetryProps) {
    super(scope, id);
    new Telemetry(this, 'Resource', {
      metadata: { name: props.name ?? 'tracing' },
      spec: {
        tracing: [{
          providers: [{ name: props.tracing.collector.providerName }],
          randomSamplingPercentage: props.tracing.samplingPercentage,
        }],
      },
    });
  }
}
