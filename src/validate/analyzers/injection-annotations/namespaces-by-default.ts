// IST0148 NamespaceInjectionEnabledByDefault (injection.Analyzer, pkg/config/analysis/analyzers/injection/injection.go):
// what istioctl reports, instead of IST0102 (mesh/namespaces.ts), on a namespace without an injection label when the
// install injects namespaces by default (`sidecarInjectorWebhook.enableNamespacesByDefault`). istioctl reads that flag
// from the injector ConfigMap of the namespace's revision and carries it over from one namespace to the next in Go
// map order; here it is the default revision's, for every namespace alike (injector-config.ts).
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { isSkippedNamespace } from '../../mesh/namespaces';
import { injectorConfigOf } from './injector-config';

/** Namespaces without an injection label that the install injects anyway. */
export function checkNamespacesInjectedByDefault(index: MeshIndex): Finding[] {
  if (!injectorConfigOf(index).analyzerEnableNamespacesByDefault) return [];
  const findings: Finding[] = [];
  for (const [name, source] of index.namespaces) {
    const labels = source.object.metadata?.labels ?? {};
    // as IST0102: not an ambient namespace, an empty istio-injection label counts as none, any revision label as one
    if (isSkippedNamespace(name) || labels['istio.io/dataplane-mode'] === 'ambient' || (labels['istio-injection'] ?? '') !== '' || 'istio.io/rev' in labels) {
      continue;
    }
    findings.push(
      finding(
        MESSAGES.namespaceInjectionEnabledByDefault,
        source,
        'the namespace is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true ' +
          `(its pods get sidecars without an injection label; label it with 'kubectl label namespace ${name} istio-injection=disabled' if it needs none)`,
      ),
    );
  }
  return findings;
}
