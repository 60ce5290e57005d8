// IST0002 Deprecated for the Lightstep tracing provider (telemetry.LightstepAnalyzer,
// pkg/config/analysis/analyzers/telemetry/lightstep.go): a Telemetry's tracing naming an extension provider of the
// mesh config whose type is `lightstep`. The mesh config is the set's install's (install-resource.ts), as istioctl
// reads the installed one in a cluster; with Istio's defaults there is no Lightstep provider and nothing to report.
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { installResourceOf } from './install-resource';
import { at, list, record, text } from './manifest-values';

/** Telemetry resources that trace through a deprecated Lightstep provider. */
export function checkLightstepProviders(index: MeshIndex): Finding[] {
  const { meshConfig } = installResourceOf(index.objects);
  const lightstep = new Set(
    list(meshConfig.extensionProviders).flatMap((p) => {
      const name = text(record(p)?.name);
      return name !== undefined && record(p)?.lightstep !== undefined ? [name] : [];
    }),
  );
  if (lightstep.size === 0) return [];
  const findings: Finding[] = [];
  for (const source of index.objects) {
    if (source.object.kind !== 'Telemetry' || !source.object.apiVersion.startsWith('telemetry.istio.io/')) continue;
    const reported = new Set<string>();
    list(at(source.object, 'spec', 'tracing')).forEach((tracing, i) =>
      list(record(tracing)?.providers).forEach((provider, j) => {
        const name = text(record(provider)?.name);
        if (name === undefined || !lightstep.has(name) || reported.has(name)) return;
        reported.add(name);
        findings.push(
          finding(
            MESSAGES.deprecated,
            source,
            `deprecated: The Lightstep provider ${name} is deprecated, please migrate to OpenTelemetry provider`,
            `spec.tracing[${i}].providers[${j}]`,
          ),
        );
      }),
    );
  }
  return findings;
}
