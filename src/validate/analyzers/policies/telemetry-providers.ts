// telemetry.ProviderAnalyzer (pkg/config/analysis/analyzers/telemetry/providers.go): IST0157 for an access logging
// entry that names no provider when the mesh config has no default access logging provider to fall back on.
// Provider names are not checked against the mesh config's extensionProviders, as istioctl does not check them.
import { Finding, finding, MESSAGES } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { meshConfigOf } from './mesh-config';
import { nameOf, resourcesOf } from './policy-resources';
import { list, record, specOf } from './spec-values';

/** Telemetry access logging entries without providers, which Istio ignores when the mesh has no default ones. */
export function checkTelemetryProviders(index: MeshIndex): Finding[] {
  const telemetries = resourcesOf(index, 'telemetry.istio.io', 'Telemetry');
  if (telemetries.length === 0 || meshConfigOf(index.objects).defaultAccessLogging.length > 0) return [];
  const findings: Finding[] = [];
  for (const source of telemetries) {
    list(specOf(source).accessLogging).forEach((entry, i) => {
      const logging = record(entry);
      if (logging?.disabled === true || list(logging?.providers).length > 0) return;
      findings.push(
        finding(
          MESSAGES.invalidTelemetryProvider,
          source,
          `the Telemetry ${nameOf(source)} in namespace "${namespaceOf(source)}" with empty providers will be ignored ` +
            '(this access logging entry names no provider, and the mesh config sets no defaultProviders.accessLogging); name a provider',
          `spec.accessLogging[${i}].providers`,
        ),
      );
    });
  }
  return findings;
}
