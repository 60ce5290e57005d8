// TT0007: names the API server (or Istio's webhook) refuses: DNS-1123 subdomains for most kinds, DNS-1123 labels for
// Namespaces and StatefulSets, DNS-1035 labels for Services (ValidateServiceName), path segments for roles and
// bindings (rbac's minimalNameRequirements: `system:controller:x` is a name), and labels for Istio Gateways.
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain } from '../../../constructs/dns-names';
import { dns1035LabelProblem, pathSegmentNameProblem } from '../builtin/identifiers';
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';

// kinds whose names become DNS labels: a Namespace, a StatefulSet's pod host names, and what the operator makes a
// Service of (Appsody's own rule, kept as it was)
const LABEL_KINDS = new Set(['Namespace', 'StatefulSet', 'AppsodyApplication']);
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Whether `name` is a valid name for an object of `kind`; a message saying what is allowed when it is not. */
export function nameProblem(kind: string, name: unknown, apiVersion = ''): string | undefined {
  if (typeof name !== 'string' || name === '') return 'metadata.name is required';
  if (kind === 'Service' && apiVersion === 'v1') {
    const problem = dns1035LabelProblem(name);
    if (problem) return `must be ${problem}, got "${name}"`;
  } else if (RBAC_KINDS.has(kind) && apiVersion.startsWith('rbac.authorization.k8s.io/')) {
    const problem = pathSegmentNameProblem(name);
    if (problem) return `must be ${problem}, got "${name}"`;
  } else if (LABEL_KINDS.has(kind) || (kind === 'Gateway' && apiVersion.startsWith('networking.istio.io/'))) {
    if (!isDnsLabel(name)) {
      return `must be ${DNS_LABEL_RULE}, got "${name}"`;
    }
  } else if (!isDnsSubdomain(name)) {
    return `must be ${DNS_SUBDOMAIN_RULE}, got "${name}"`;
  }
  return undefined;
}

/** Objects whose name or namespace the API server would refuse. */
export function checkNames(objects: readonly SourcedObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const source of objects) {
    const problem = nameProblem(source.object.kind, source.object.metadata?.name, source.object.apiVersion);
    if (problem) findings.push(finding(MESSAGES.invalidName, source, problem, 'metadata.name'));
    const ns = source.object.metadata?.namespace;
    if (ns !== undefined) {
      const nsProblem = nameProblem('Namespace', ns);
      if (nsProblem) findings.push(finding(MESSAGES.invalidName, source, `namespace ${nsProblem}`, 'metadata.namespace'));
    }
  }
  return findings;
}
