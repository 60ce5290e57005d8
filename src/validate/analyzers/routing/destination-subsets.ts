// IST0101 ReferencedResourceNotFound for subsets (`host+subset in destinationrule`, `mirror+subset in
// destinationrule`): istioctl's virtualservice.DestinationRuleAnalyzer (virtualservice/destinationrules.go). A route's
// subset must be defined by a DestinationRule for the route's host; the DestinationRule's exportTo is not considered.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { list, record } from '../../builtin/go-values';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';
import { hostsMatch } from './host-names';
import { routeDestinations } from './route-destinations';

interface RulesForHost {
  readonly host: string;
  readonly subsets: Set<string>;
  readonly rules: SourcedObject[];
}

/**
 * The key istioctl files a DestinationRule's or a destination's host under (GetResourceNameFromHost): a short name
 * or a `<name>.<ns>.svc.cluster.local` host is that Service. istioctl keys any other dotted host by the referrer's
 * namespace too, so that a DestinationRule for `api.example.com` would serve only routes of its own namespace; istiod
 * applies it to every namespace it is exported to, so we key such hosts by the host alone (a plain istioctl bug).
 */
function hostKey(namespace: string, host: string): string {
  return host.includes('.') || host.startsWith('*') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** Route and mirror subsets that no DestinationRule for the destination's host defines. */
export function checkDestinationSubsets(index: MeshIndex): Finding[] {
  const { destinationRules, virtualServices } = analyzedObjects(index);
  const exact = new Map<string, RulesForHost>();
  const wildcards: RulesForHost[] = [];
  for (const dr of destinationRules) {
    const spec = record(dr.object.spec);
    if (typeof spec?.host !== 'string') continue;
    const host = hostKey(namespaceOf(dr), spec.host);
    let rules = exact.get(host) ?? wildcards.find((w) => w.host === host);
    if (!rules) {
      rules = { host, subsets: new Set(), rules: [] };
      if (host.startsWith('*')) wildcards.push(rules);
      else exact.set(host, rules);
    }
    rules.rules.push(dr);
    for (const subset of list(spec.subsets)) {
      const name = record(subset)?.name;
      if (typeof name === 'string') rules.subsets.add(name);
    }
  }
  const findings: Finding[] = [];
  for (const vs of virtualServices) {
    for (const d of routeDestinations(vs)) {
      if (d.subset === '') continue;
      const host = hostKey(namespaceOf(vs), d.host);
      // istioctl looks a host up literally; istiod also applies the most specific wildcard DestinationRule to a host
      // that has none of its own, so a subset such a rule defines is found (istioctl reports it: a plain bug)
      const rules = exact.get(host) ?? mostSpecific(wildcards.filter((w) => hostsMatch(w.host, host)));
      if (rules?.subsets.has(d.subset)) continue;
      const reftype = d.role === 'mirror' ? 'mirror+subset' : 'host+subset';
      const defined = [...(rules?.subsets ?? [])].join(', ') || 'no subsets';
      const known = !rules
        ? `no DestinationRule for ${host} in the set`
        : rules.rules.length === 1
          ? `its DestinationRule defines ${defined}`
          : `its DestinationRules ${rules.rules.map((r) => `${namespaceOf(r)}/${r.object.metadata?.name ?? ''}`).join(', ')} define ${defined}`;
      findings.push(
        finding(
          MESSAGES.referencedResourceNotFound,
          vs,
          `referenced ${reftype} in destinationrule not found: ${JSON.stringify(`${d.host}+${d.subset}`)} (${known})`,
          `${d.field}.subset`,
          // istioctl places it on the destination's host (util.DestinationHost, MirrorHost)
          `${d.field}.host`,
        ),
      );
    }
  }
  return findings;
}

function mostSpecific(candidates: RulesForHost[]): RulesForHost | undefined {
  return candidates.reduce<RulesForHost | undefined>((best, c) => (!best || c.host.length > best.host.length ? c : best), undefined);
}
