// TT0007: names the API server refuses (DNS-1123 subdomains, and labels for Namespaces and Services).
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain } from '../../../constructs/dns-names';
import { Finding, finding, MESSAGES } from '../findings';
import { MeshIndex } from './mesh-index';

// kinds whose names become DNS labels: a Namespace, a Service, and what the operator makes a Service of
const LABEL_KINDS = new Set(['Namespace', 'Service', 'AppsodyApplication']);

/** Whether `name` is a valid name for an object of `kind`; a message saying what is allowed when it is not. */
export function nameProblem(kind: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'metadata.name is required';
  if (LABEL_KINDS.has(kind)) {
    if (!isDnsLabel(name)) {
      return `must be ${DNS_LABEL_RULE}, got "${name}"`;
    }
  } else if (!isDnsSubdomain(name)) {
    return `must be ${DNS_SUBDOMAIN_RULE}, got "${name}"`;
  }
  return undefined;
}

/** Objects whose name or namespace the API server would refuse. */
export function checkNames(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const problem = nameProblem(source.object.kind, source.object.metadata?.name);
    if (problem) findings.push(finding(MESSAGES.invalidName, source, problem, 'metadata.name'));
    const ns = source.object.metadata?.namespace;
    if (ns !== undefined) {
      const nsProblem = nameProblem('Namespace', ns);
      if (nsProblem) findings.push(finding(MESSAGES.invalidName, source, `namespace ${nsProblem}`, 'metadata.namespace'));
    }
  }
  return findings;
}
