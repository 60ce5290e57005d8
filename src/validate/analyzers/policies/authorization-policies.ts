// auth.AuthorizationPoliciesAnalyzer (pkg/config/analysis/analyzers/authz/authorizationpolicies.go): IST0127 for a
// policy that applies to no pod in the mesh, IST0101 for a source namespace that no namespace matches.
import { Finding, finding, MESSAGES } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { clusterNamespaces, namespaceMatches } from './cluster-namespaces';
import { selectorString } from './label-selector';
import { meshConfigOf } from './mesh-config';
import { meshPods } from './mesh-pods';
import { resourcesOf } from './policy-resources';
import { labelsAt, list, record, specOf } from './spec-values';

/** AuthorizationPolicies whose selector (or namespace, for a policy without one) has no pod in the mesh. */
export function checkAuthorizationPolicyWorkloads(index: MeshIndex): Finding[] {
  const policies = resourcesOf(index, 'security.istio.io', 'AuthorizationPolicy');
  if (policies.length === 0) return [];
  const pods = meshPods(index);
  const { rootNamespace } = meshConfigOf(index.objects);
  const findings: Finding[] = [];
  for (const policy of policies) {
    const ns = namespaceOf(policy);
    const selector = record(specOf(policy).selector);
    const labels = labelsAt(selector?.matchLabels) ?? {};
    const text = selectorString(labels);
    const field = selector ? (Object.keys(labels).length > 0 ? 'spec.selector.matchLabels' : 'spec.selector') : undefined;
    if (ns === rootNamespace) {
      // a policy of the root namespace applies to the whole mesh: selectorless, it needs no pod
      if (selector && !pods.select(labels).some((p) => p.inMesh || p.ambient)) {
        findings.push(
          finding(
            MESSAGES.noMatchingWorkloadsFound,
            policy,
            `no matching workloads for this resource with the following labels: ${text} (no pod in the mesh, in any namespace, ` +
              `has them; the policy in the root namespace ${rootNamespace} applies to nothing)`,
            field,
          ),
        );
      }
      continue;
    }
    const matched = selector ? pods.select(labels, ns) : pods.inNamespace(ns);
    if (matched.some((p) => p.inMesh || p.ambient)) continue;
    findings.push(
      finding(
        MESSAGES.noMatchingWorkloadsFound,
        policy,
        selector
          ? `no matching workloads for this resource with the following labels: ${text} (no pod in the mesh in namespace ${ns} has them; ` +
              'the policy applies to nothing)'
          : `no matching workloads for this resource with the following labels: "" (the policy applies to the whole namespace ${ns}, ` +
              'which has no pod in the mesh)',
        field,
      ),
    );
  }
  return findings;
}

/**
 * Source namespaces (`namespaces`, `notNamespaces`) of AuthorizationPolicy rules that match no namespace. istioctl
 * places a `notNamespaces` entry at the line of the `namespaces` entry of the same index (a slip in its field key);
 * here it is at its own.
 */
export function checkAuthorizationPolicyNamespaces(index: MeshIndex): Finding[] {
  const policies = resourcesOf(index, 'security.istio.io', 'AuthorizationPolicy');
  if (policies.length === 0) return [];
  const namespaces = clusterNamespaces(index);
  const exact = new Set(namespaces.map((n) => n.toLowerCase()));
  const exists = (pattern: string) =>
    pattern.startsWith('*') || pattern.endsWith('*') ? namespaces.some((n) => namespaceMatches(pattern, n)) : exact.has(pattern.toLowerCase());
  const findings: Finding[] = [];
  for (const policy of policies) {
    list(specOf(policy).rules).forEach((rule, i) => {
      list(record(rule)?.from).forEach((from, j) => {
        const source = record(record(from)?.source);
        for (const key of ['namespaces', 'notNamespaces'] as const) {
          list(source?.[key]).forEach((pattern, k) => {
            if (typeof pattern !== 'string' || exists(pattern)) return;
            findings.push(
              finding(
                MESSAGES.referencedResourceNotFound,
                policy,
                `referenced namespace not found: "${pattern}" (no namespace of the set, of its objects or of every cluster matches it)`,
                `spec.rules[${i}].from[${j}].source.${key}[${k}]`,
              ),
            );
          });
        }
      });
    });
  }
  return findings;
}
