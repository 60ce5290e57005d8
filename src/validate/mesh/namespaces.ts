// IST0102 NamespaceNotInjected and IST0123 NamespaceMultipleInjectionLabels, as istioctl 1.30.3's injection.Analyzer
// reports them on Namespaces (pkg/config/analysis/analyzers/injection/injection.go), and which namespaces it counts
// as injected (whose pods it checks for a proxy, missing-proxy.ts). When the install injects namespaces by default,
// istioctl reports IST0148 NamespaceInjectionEnabledByDefault instead of IST0102 (namespaces-by-default.ts).
import { Finding, finding, MESSAGES } from '../findings';
import { injectorConfigOf } from '../analyzers/injection-annotations/injector-config';
import { MeshIndex } from './mesh-index';

/** Namespaces whose resources istioctl drops when it reads them. */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

const INJECTION = 'istio-injection';
const REV = 'istio.io/rev';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';

/** Whether istioctl's injection analyzer passes over a namespace: Kubernetes' own, and istio-system (by name). */
export function isSkippedNamespace(name: string): boolean {
  return name === 'istio-system' || IGNORED_NAMESPACES.has(name);
}

/**
 * Whether istioctl counts a namespace as injected, and so checks its pods for a proxy: labelled exactly
 * `istio-injection=enabled` and not in ambient mode (a namespace labelled only `istio.io/rev` is not).
 */
export function isInjectedNamespace(name: string, labels: Readonly<Record<string, string>>): boolean {
  return !isSkippedNamespace(name) && labels[DATAPLANE_MODE] !== 'ambient' && labels[INJECTION] === 'enabled';
}

/** The injection labels istioctl lists: istio-injection, then the revision and dataplane mode ones it does not override. */
function injectionLabels(labels: Readonly<Record<string, string>>): string[] {
  const found = INJECTION in labels ? [`${INJECTION}=${labels[INJECTION]}`] : [];
  for (const key of [REV, DATAPLANE_MODE]) {
    if (key in labels && (!(INJECTION in labels) || labels[INJECTION] === 'enabled')) found.push(`${key}=${labels[key]}`);
  }
  return found;
}

/** Namespaces that say nothing about sidecar injection, or say it more than once. */
export function checkNamespaceInjection(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const { analyzerEnableNamespacesByDefault } = injectorConfigOf(index);
  for (const [name, source] of index.namespaces) {
    if (isSkippedNamespace(name)) continue;
    const labels = source.object.metadata?.labels ?? {};
    const found = injectionLabels(labels);
    if (found.length > 1) {
      findings.push(
        finding(
          MESSAGES.namespaceMultipleInjectionLabels,
          source,
          `the namespace has more than one type of injection labels [${found.join(' ')}], which may lead to undefined behavior; ` +
            'make sure only one injection label exists',
          'metadata.labels',
        ),
      );
    }
    if (labels[DATAPLANE_MODE] === 'ambient' || (labels[INJECTION] ?? '') !== '' || REV in labels || analyzerEnableNamespacesByDefault) continue;
    findings.push(
      finding(
        MESSAGES.namespaceNotInjected,
        source,
        `the namespace is not enabled for Istio injection: run 'kubectl label namespace ${name} istio-injection=enabled' to enable it, ` +
          `or 'kubectl label namespace ${name} istio-injection=disabled' to explicitly mark it as not needing injection`,
        'metadata.name',
      ),
    );
  }
  return findings;
}
