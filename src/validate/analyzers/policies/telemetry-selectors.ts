// telemetry.SelectorAnalyzer (pkg/config/analysis/analyzers/telemetry/selector.go): IST0101 for a selector that
// selects no pod, IST0159 for a pod selected by several Telemetries; telemetry.DefaultSelectorAnalyzer
// (default_selector.go): IST0160 for several Telemetries without a selector in one namespace.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { firstLabelField, nameList, selectorString } from './label-selector';
import { describePod, meshPods } from './mesh-pods';
import { nameOf, resourcesOf } from './policy-resources';
import { distinctCount, SelectingResource, selectPods } from './selected-pods';
import { labelsAt, record, specOf } from './spec-values';

/** The Telemetries' selectors: what they select, and what several of them select at once. */
export function checkTelemetrySelectors(index: MeshIndex): Finding[] {
  const selecting: SelectingResource[] = [];
  for (const source of resourcesOf(index, 'telemetry.istio.io', 'Telemetry')) {
    // targetRef(s) are not looked at: a Telemetry without selector labels is left out, as istioctl leaves it out
    const labels = labelsAt(record(specOf(source).selector)?.matchLabels) ?? {};
    if (Object.keys(labels).length > 0) selecting.push({ source, labels, field: 'spec.selector.matchLabels' });
  }
  if (selecting.length === 0) return [];
  const findings: Finding[] = [];
  const { unmatched, selected } = selectPods(meshPods(index), selecting);
  for (const { source, labels, field } of unmatched) {
    findings.push(
      finding(
        MESSAGES.referencedResourceNotFound,
        source,
        `referenced selector not found: "${selectorString(labels)}" (no pod in namespace ${namespaceOf(source)} has these labels; ` +
          'the Telemetry applies to nothing)',
        firstLabelField(field, labels),
      ),
    );
  }
  for (const { pod, resources } of selected) {
    if (distinctCount(resources) < 2) continue;
    const names = nameList(resources.map((r) => nameOf(r.source)));
    for (const { source } of resources) {
      findings.push(
        finding(
          MESSAGES.conflictingTelemetryWorkloadSelectors,
          source,
          `the Telemetries ${names} in namespace "${pod.namespace}" select the same workload pods (${describePod(pod)}), ` +
            'which can lead to undefined behavior; select each workload with one Telemetry',
          // where istioctl places it
          'metadata.name',
        ),
      );
    }
  }
  return findings;
}

/** Namespaces with more than one Telemetry without a `selector` (targetRef(s) do not count as one, as in istioctl). */
export function checkTelemetryDefaults(index: MeshIndex): Finding[] {
  const byNamespace = new Map<string, SourcedObject[]>();
  for (const source of resourcesOf(index, 'telemetry.istio.io', 'Telemetry')) {
    const selector = specOf(source).selector;
    if (selector !== undefined && selector !== null) continue;
    if (byNamespace.has(namespaceOf(source))) byNamespace.get(namespaceOf(source))!.push(source);
    else byNamespace.set(namespaceOf(source), [source]);
  }
  const findings: Finding[] = [];
  for (const [ns, list] of byNamespace) {
    if (distinctCount(list.map((source) => ({ source }))) < 2) continue;
    const names = nameList(list.map(nameOf));
    for (const source of list) {
      findings.push(
        finding(
          MESSAGES.multipleTelemetriesWithoutWorkloadSelectors,
          source,
          `the Telemetries ${names} in namespace "${ns}" have no workload selector, which can lead to undefined behavior; ` +
            'merge them into one Telemetry per namespace, or give the others a selector',
        ),
      );
    }
  }
  return findings;
}
