// sidecar.SelectorAnalyzer (pkg/config/analysis/analyzers/sidecar/selector.go): IST0101 for a workloadSelector that
// selects no pod, IST0110 for a pod selected by several Sidecars, IST0111 for several Sidecars without a selector
// in one namespace, IST0167 for a Sidecar on pods (or in a namespace) in ambient mode, which run no sidecar.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { firstLabelField, nameList, selectorString } from './label-selector';
import { describePod, meshPods, namespaceInAmbientMode } from './mesh-pods';
import { nameOf, resourcesOf } from './policy-resources';
import { distinctCount, SelectingResource, selectPods } from './selected-pods';
import { labelsAt, record, specOf } from './spec-values';

/** The Sidecars' workload selectors: what they select, and what several of them select at once. */
export function checkSidecarSelectors(index: MeshIndex): Finding[] {
  const sidecars = resourcesOf(index, 'networking.istio.io', 'Sidecar');
  if (sidecars.length === 0) return [];
  const namespaceWide = new Map<string, SourcedObject[]>();
  const selecting: SelectingResource[] = [];
  for (const source of sidecars) {
    const labels = labelsAt(record(specOf(source).workloadSelector)?.labels) ?? {};
    if (Object.keys(labels).length > 0) selecting.push({ source, labels, field: 'spec.workloadSelector.labels' });
    else if (namespaceWide.has(namespaceOf(source))) namespaceWide.get(namespaceOf(source))!.push(source);
    else namespaceWide.set(namespaceOf(source), [source]);
  }
  const findings: Finding[] = [];
  const { unmatched, selected } = selectPods(meshPods(index), selecting);
  for (const { source, labels, field } of unmatched) {
    findings.push(
      finding(
        MESSAGES.referencedResourceNotFound,
        source,
        `referenced selector not found: "${selectorString(labels)}" (no pod in namespace ${namespaceOf(source)} has these labels; ` +
          'the Sidecar applies to nothing)',
        firstLabelField(field, labels),
      ),
    );
  }
  // the Sidecars reported as having no impact, once each
  const ineffective = new Set<SourcedObject>();
  for (const { pod, resources } of selected) {
    if (distinctCount(resources) === 1 && !pod.ambient) continue;
    const names = nameList(resources.map((r) => nameOf(r.source)));
    for (const { source, field } of resources) {
      if (pod.ambient) {
        if (ineffective.has(source)) continue;
        ineffective.add(source);
        findings.push(
          finding(
            MESSAGES.ineffectivePolicy,
            source,
            `the policy has no impact: selected workload is in ambient mode (${describePod(pod)} runs no sidecar for the Sidecar to configure)`,
            field,
          ),
        );
        continue;
      }
      findings.push(
        finding(
          MESSAGES.conflictingSidecarWorkloadSelectors,
          source,
          `the Sidecars ${names} in namespace "${pod.namespace}" select the same workload pods (${describePod(pod)}), ` +
            'which can lead to undefined behavior; select each workload with one Sidecar',
          // where istioctl places it
          'metadata.name',
        ),
      );
    }
  }
  for (const [ns, list] of namespaceWide) {
    const labels = index.namespaces.get(ns)?.object.metadata?.labels;
    if (labels && namespaceInAmbientMode(labels)) {
      for (const source of list.filter((s) => !ineffective.has(s))) {
        findings.push(
          finding(
            MESSAGES.ineffectivePolicy,
            source,
            `the policy has no impact: namespace is in ambient mode (namespace ${ns} runs no sidecars for the Sidecar to configure)`,
          ),
        );
      }
      continue;
    }
    if (distinctCount(list.map((source) => ({ source }))) < 2) continue;
    const names = nameList(list.map(nameOf));
    for (const source of list) {
      findings.push(
        finding(
          MESSAGES.multipleSidecarsWithoutWorkloadSelectors,
          source,
          `the Sidecars ${names} in namespace "${ns}" have no workload selector, which can lead to undefined behavior; ` +
            'keep one Sidecar without a selector per namespace and give the others a workloadSelector',
        ),
      );
    }
  }
  return findings;
}
