// istioctl's destinationrule.SubsetSelectPodAnalyzer (destinationrule/subset.go): IST0174 UnknownDestinationRuleHost
// for a DestinationRule whose host resolves to no Service or ServiceEntry (looked up as a route's host, with the
// DestinationRule's exportTo), and IST0173 DestinationRuleSubsetNotSelectPods for a subset whose labels (merged over
// a ServiceEntry's workloadSelector) no pod carries. Like istioctl, a subset may select a pod of any namespace: the
// Service's own selector is not applied. istioctl skips this analyzer on files; we run it on the set's pod templates.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { list, record } from '../../builtin/go-values';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';
import { hostsMatch } from './host-names';
import { exportToOf } from './route-destinations';
import { runningPods } from './running-pods';
import { ServiceRecord, ServiceRegistry, serviceRegistry } from './service-registry';

/** DestinationRules for hosts nothing answers at, and subsets that select no pod. */
export function checkDestinationRuleTargets(index: MeshIndex): Finding[] {
  const registry = serviceRegistry(index);
  const pods = runningPods(index);
  const wildcardHits = new Map<string, boolean>();
  const findings: Finding[] = [];
  for (const dr of analyzedObjects(index).destinationRules) {
    const spec = record(dr.object.spec);
    const host = typeof spec?.host === 'string' ? spec.host : '';
    const namespace = namespaceOf(dr);
    const exportTo = exportToOf(dr);
    const records = registry.resolve(namespace, exportTo, host);
    if (!records) {
      // istioctl resolves a wildcard host (`*.local`, a mesh-wide policy) only against wildcard ServiceEntries, and so
      // reports every such DestinationRule although it applies to every Service it covers (a plain bug): we report
      // it only when it covers no visible host, and then, like istioctl for an unknown host, check no subsets
      if (host.startsWith('*') && coversAny(registry, wildcardHits, namespace, exportTo, host)) continue;
      findings.push(
        finding(
          MESSAGES.unknownDestinationRuleHost,
          dr,
          `the host ${host} defined in the DestinationRule does not match any services in the mesh (${registry.whyMissing(namespace, exportTo, host)})`,
          'spec.host',
          // istioctl gives it no line of its own: the object's start
          null,
        ),
      );
      continue;
    }
    findings.push(...checkSubsets(dr, records, (selector) => pods.anyMatching(selector)));
  }
  return findings;
}

function checkSubsets(dr: SourcedObject, records: readonly ServiceRecord[], anyPod: (s: Record<string, string>) => boolean): Finding[] {
  // a subset name defined twice keeps its last definition
  const byName = new Map<string, { labels: Record<string, string>; field: string }>();
  list(record(dr.object.spec)?.subsets).forEach((value, i) => {
    const subset = record(value);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(record(subset?.labels) ?? {})) labels[k] = String(v);
    byName.set(typeof subset?.name === 'string' ? subset.name : '', { labels, field: `spec.subsets[${i}]` });
  });
  const findings: Finding[] = [];
  for (const [name, { labels, field }] of byName) {
    const selectors = records.map((r) => ({ ...r.workloadSelector, ...labels }));
    if (selectors.some(anyPod)) continue;
    const shown = Object.entries(selectors[0])
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(',');
    findings.push(
      finding(
        MESSAGES.destinationRuleSubsetNotSelectPods,
        dr,
        `the subset ${name} defined in the DestinationRule does not select any pods, which may lead to 503 UH (NoHealthyUpstream): ` +
          (shown ? `no pod in the set is labelled ${shown}` : 'the set runs no pods'),
        field,
      ),
    );
  }
  return findings;
}

/** Whether a wildcard host covers a host visible from `namespace` with `exportTo`, remembered per host and scopes. */
function coversAny(registry: ServiceRegistry, cache: Map<string, boolean>, namespace: string, exportTo: readonly string[], host: string): boolean {
  const scopes = new Set(['*', ...(exportTo.length === 0 ? [namespace] : exportTo.map((e) => (e === '.' ? namespace : e)))]);
  const key = `${host}\u0000${[...scopes].join(',')}`;
  let covers = cache.get(key);
  if (covers === undefined) {
    covers = false;
    for (const [fqdn, records] of registry.hosts()) {
      if (hostsMatch(host, fqdn) && records.some((r) => r.scopes.some((s) => scopes.has(s)))) {
        covers = true;
        break;
      }
    }
    cache.set(key, covers);
  }
  return covers;
}
