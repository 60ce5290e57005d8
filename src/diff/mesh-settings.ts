// Settings whose change a reviewer should read as a sentence: mTLS modes, and where spans go and how many.
import type { SourcedObject } from '../validate/findings';
import { MeshIndex } from '../validate/mesh/mesh-index';
import type { Setting } from './mesh-model';
import { objectName } from './output-objects';
import { asRecord, at, listAt, numberAt, stringAt, stringMapAt } from './yaml-value';

/** The mTLS mode of every PeerAuthentication (and of its ports). */
export function mtlsSettings(index: MeshIndex): Setting[] {
  const settings: Setting[] = [];
  for (const pa of index.peerAuthentications) {
    const namespace = pa.object.metadata.namespace ?? 'default';
    const labels = Object.entries(stringMapAt(pa.object, 'spec', 'selector', 'matchLabels')).map(([k, v]) => `${k}=${v}`);
    const scope =
      labels.length > 0 ? `workloads ${labels.join(',')} in namespace ${namespace}` : namespace === 'istio-system' ? 'the whole mesh' : `namespace ${namespace}`;
    const key = `${pa.file ?? ''}\u0000${objectName(pa.object)}`;
    settings.push({ key, label: `mTLS of ${scope}`, value: stringAt(pa.object, 'spec', 'mtls', 'mode') ?? 'UNSET (inherited)' });
    for (const [port, mode] of Object.entries(asRecord(at(pa.object, 'spec', 'portLevelMtls')) ?? {})) {
      settings.push({ key: `${key}\u0000${port}`, label: `mTLS of port ${port} of ${scope}`, value: stringAt(mode, 'mode') ?? 'UNSET (inherited)' });
    }
  }
  return settings;
}

const TRACING_ENV: Readonly<Record<string, string>> = {
  JAEGER_ENDPOINT: "the apps' Jaeger collector endpoint",
  JAEGER_SAMPLER_PARAM: "the apps' Jaeger sampling ratio",
  JAEGER_SAMPLER_TYPE: "the apps' Jaeger sampler",
  OTEL_EXPORTER_OTLP_ENDPOINT: "the apps' OTLP collector endpoint",
  OTEL_TRACES_SAMPLER_ARG: "the apps' OpenTelemetry sampling ratio",
  OTEL_TRACES_SAMPLER: "the apps' OpenTelemetry sampler",
  OTEL_PROPAGATORS: "the apps' propagators",
};

/** Sampling and collectors: Telemetry resources, the apps' tracing settings, the Istio install's trace providers. */
export function tracingSettings(sources: readonly SourcedObject[]): Setting[] {
  const settings: Setting[] = [];
  for (const source of sources) {
    const { object } = source;
    const where = `${objectName(object)}, ${source.file ?? ''}`;
    const key = `${source.file ?? ''}\u0000${objectName(object)}`;
    if (object.kind === 'Telemetry') {
      listAt(object, 'spec', 'tracing').forEach((t, i) => {
        const sampling = numberAt(t, 'randomSamplingPercentage');
        settings.push({ key: `${key}\u0000${i}\u0000sampling`, label: `sampling by the proxies (${where})`, value: sampling === undefined ? 'the mesh default' : `${sampling} %` });
        const providers = listAt(t, 'providers').map((p) => stringAt(p, 'name') ?? '?');
        settings.push({ key: `${key}\u0000${i}\u0000providers`, label: `trace provider of the proxies (${where})`, value: providers.join(', ') || 'the mesh default' });
      });
    } else if (object.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries(stringMapAt(object, 'data'))) {
        if (!/^(JAEGER|OTEL)_/.test(k)) continue;
        settings.push({ key: `${key}\u0000${k}`, label: `${TRACING_ENV[k] ?? `the apps' ${k}`} (${where})`, value: v });
      }
    } else if (object.kind === 'IstioOperator' || object.kind === 'Istio') {
      const meshConfig = object.kind === 'Istio' ? at(object, 'spec', 'values', 'meshConfig') : at(object, 'spec', 'meshConfig');
      // the sampling of proxies no Telemetry resource samples (istiod's PILOT_TRACE_SAMPLING; the chart's default is 1)
      const traceSampling = numberAt(object, 'spec', 'values', 'pilot', 'traceSampling');
      settings.push({
        key: `${key}\u0000traceSampling`,
        label: `default sampling of the proxies by the Istio install (values.pilot.traceSampling, ${where})`,
        value: traceSampling === undefined ? "the chart's default, 1 %" : `${traceSampling} %`,
      });
      for (const provider of listAt(meshConfig, 'extensionProviders')) {
        const name = stringAt(provider, 'name') ?? '?';
        const type = Object.keys(asRecord(provider) ?? {}).find((k) => k !== 'name') ?? '?';
        const port = numberAt(provider, type, 'port');
        settings.push({
          key: `${key}\u0000provider\u0000${name}`,
          label: `trace provider ${name} of the Istio install (${where})`,
          value: `${type} ${stringAt(provider, type, 'service') ?? '?'}${port !== undefined ? `:${port}` : ''}`,
        });
      }
    }
  }
  return settings;
}
