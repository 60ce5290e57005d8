// istioctl's destinationrule.SubsetSelectPodAnalyzer (destinationrule/subset.go): IST0174 UnknownDestinationRuleHost
// for a DestinationRule whose host resolves to no Service or ServiceEntry (looked up as a route's host, with the
// DestinationRule's exportTo), and IST0173 DestinationRuleSubsetNotSelectPods for a subset whose labels (merged over
// a ServiceEntry's workloadSelector) no pod carries. Like istioctl, a subset may select a pod of any namespace: the
// Service's own selector is not applied. istioctl skips this analyzer on files; we run it on the set's pod templates.
// Where we differ on purpose: istioctl walks Pods only, while istiod builds a subset from every endpoint of the host,
// so a subset that a ServiceEntry's own endpoints (their labels), the WorkloadEntries of its namespace (over its
// workloadSelector) or those a Service's selector selects carry the labels of selects something, and is not reported.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { list, record } from '../../builtin/go-values';
import { push } from '../../grouped';
import { selectorMatches } from '../policies/label-selector';
import { labelsAt } from '../policies/spec-values';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { oncePer } from '../../once-per';
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
    const endpoints = records.flatMap((r) => endpointLabels(index, r));
    const selects = (selector: Record<string, string>) => pods.anyMatching(selector) || endpoints.some((labels) => selectorMatches(selector, labels));
    findings.push(...checkSubsets(dr, records, selects));
  }
  return findings;
}

/** The labels of every WorkloadEntry of the set, by namespace. */
const workloadEntryLabels = oncePer((index: MeshIndex) => {
  const byNamespace = new Map<string, Record<string, string>[]>();
  for (const source of index.objects) {
    if (source.object.kind !== 'WorkloadEntry' || !source.object.apiVersion.startsWith('networking.istio.io/')) continue;
    // ConvertWorkloadEntry: the spec's labels, with the object's own over them
    push(byNamespace, namespaceOf(source), { ...stringLabels(record(source.object.spec)?.labels), ...stringLabels(source.object.metadata?.labels) });
  }
  return byNamespace;
});

const stringLabels = (value: unknown): Record<string, string> => labelsAt(value) ?? {};

/**
 * The labels of a host's endpoints that are not pods: a ServiceEntry's own endpoints and the WorkloadEntries of its
 * namespace its workloadSelector (an empty one too) may select, or the WorkloadEntries of a Service's namespace its
 * selector selects (istiod's workload instance handler adds them to the Service).
 */
function endpointLabels(index: MeshIndex, service: ServiceRecord): Record<string, string>[] {
  const { object } = service.source;
  const spec = record(object.spec);
  const entries = workloadEntryLabels(index).get(namespaceOf(service.source)) ?? [];
  if (object.kind === 'Service') {
    const selector = stringLabels(spec?.selector);
    return Object.keys(selector).length === 0 ? [] : entries.filter((labels) => selectorMatches(selector, labels));
  }
  if (object.kind !== 'ServiceEntry') return [];
  const own = list(spec?.endpoints).map((e) => stringLabels(record(e)?.labels));
  // only a workloadSelector selects WorkloadEntries (the subset's selector is merged over it)
  return record(spec?.workloadSelector) ? [...own, ...entries] : own;
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
