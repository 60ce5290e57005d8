// The project's TT0024 NoWorkloadsSelected: a RequestAuthentication, PeerAuthentication or WasmPlugin whose selector
// selects no pod in the mesh, which istioctl 1.30.3 never checks (it reports AuthorizationPolicies, IST0127, and
// Sidecar and Telemetry selectors, IST0101, only). istiod matches a policy's `selector.matchLabels` against the
// workloads of the policy's namespace, and of every namespace for a policy of the root namespace
// (pilot/pkg/model/authentication.go getConfigsForWorkload); a policy with a targetRef ignores its selector
// (target-refs.ts checks those). Pods count as in istioctl's IST0127: with a sidecar, or captured by ambient mode.
import { Finding, finding, MESSAGES } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { selectorString } from './label-selector';
import { meshConfigOf } from './mesh-config';
import { describePod, meshPods } from './mesh-pods';
import { resourcesOf } from './policy-resources';
import { labelsAt, record, specOf } from './spec-values';

const SELECTING_KINDS = [
  ['security.istio.io', 'RequestAuthentication'],
  ['security.istio.io', 'PeerAuthentication'],
  ['extensions.istio.io', 'WasmPlugin'],
] as const;

const isSet = (value: unknown) => value !== undefined && value !== null;

/** RequestAuthentications, PeerAuthentications and WasmPlugins whose selector labels match no pod in the mesh. */
export function checkPolicySelectors(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const { rootNamespace } = meshConfigOf(index.objects);
  for (const [group, kind] of SELECTING_KINDS) {
    for (const policy of resourcesOf(index, group, kind)) {
      const spec = specOf(policy);
      const labels = labelsAt(record(spec.selector)?.matchLabels) ?? {};
      // no labels: the policy is namespace-wide (or mesh-wide); a targetRef beside a selector is the CRD's error (TT0003)
      if (Object.keys(labels).length === 0 || isSet(spec.targetRef) || isSet(spec.targetRefs)) continue;
      const ns = namespaceOf(policy);
      const root = ns === rootNamespace;
      const matched = root ? meshPods(index).select(labels) : meshPods(index).select(labels, ns);
      if (matched.some((p) => p.inMesh || p.ambient)) continue;
      const where = root ? `in any namespace (the ${kind} is in the root namespace ${rootNamespace}, which applies it mesh-wide)` : `in namespace ${ns}`;
      const text = selectorString(labels);
      findings.push(
        finding(
          MESSAGES.noWorkloadsSelected,
          policy,
          matched.length === 0
            ? `selector ${text} selects no pod ${where}, so the ${kind} applies to nothing; correct the labels to those of the pods it is meant for`
            : `selector ${text} selects only pods outside the mesh ${where} (${describePod(matched[0])}, which runs no sidecar), so the ${kind} ` +
                'applies to nothing; enable sidecar injection for those pods, or correct the labels',
          'spec.selector.matchLabels',
        ),
      );
    }
  }
  return findings;
}
