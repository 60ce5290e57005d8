// IST0102 NamespaceNotInjected.
import { Finding, finding, MESSAGES } from '../findings';
import { MeshIndex, SYSTEM_NAMESPACES } from './mesh-index';

/** Namespaces that say nothing about sidecar injection (a value such as `disabled` is a deliberate choice). */
export function checkNamespaceInjection(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const [name, source] of index.namespaces) {
    if (SYSTEM_NAMESPACES.has(name)) continue;
    const labels = source.object.metadata?.labels ?? {};
    if (labels['istio.io/dataplane-mode'] === 'ambient' || 'istio.io/rev' in labels || (labels['istio-injection'] ?? '') !== '') continue;
    findings.push(
      finding(
        MESSAGES.namespaceNotInjected,
        source,
        `the namespace is not enabled for Istio injection: label it istio-injection=enabled (or istio-injection=disabled to mark it as not needing injection)`,
        'metadata.labels',
      ),
    );
  }
  return findings;
}
