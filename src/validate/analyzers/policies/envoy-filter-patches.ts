// envoyfilter.EnvoyPatchAnalyzer (pkg/config/analysis/analyzers/envoyfilter/envoyfilter.go): IST0151..IST0155 for
// EnvoyFilter patches whose operation does not fit what they apply to, or depends on the order filters apply in.
// The texts are istioctl's, typos included ("INSERT_FIRST of ADD", "NSTERT_BEFORE/AFTER").
import { Finding, finding, MESSAGES, MessageType } from '../../findings';
import { identity, MeshIndex } from '../../mesh/mesh-index';
import { resourcesOf } from './policy-resources';
import { list, record, specOf } from './spec-values';

const ROUTE_TARGETS = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
// istioctl accepts REPLACE on VIRTUAL_HOST too, though its message names only the two filters
const REPLACEABLE = new Set(['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST']);

const RELATIVE =
  'this EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. ' +
  'Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly';
const RELATIVE_WITH_PROXY_VERSION =
  'this EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and ' +
  'proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or ' +
  'setting the priority may help in ensuring the EnvoyFilter is applied correctly';

/**
 * The patches of every EnvoyFilter (networking.istio.io/v1alpha3, the only version Istio serves it in). A relative
 * patch is IST0155 rather than IST0151 when a patch of the same filter name with a proxyVersion came before it.
 * istioctl visits EnvoyFilters in Go map order, so which of two filters comes first changes from run to run; here
 * they come in the set's order (files, then documents), and copies of one EnvoyFilter (the same namespace and name,
 * alternatives of one object) do not count for each other.
 */
export function checkEnvoyFilterPatches(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  // filter name -> the EnvoyFilters (kind/namespace/name) with a proxyVersion patch of it
  const proxyVersioned = new Map<string, Set<string>>();
  for (const source of resourcesOf(index, 'networking.istio.io', 'EnvoyFilter', 'networking.istio.io/v1alpha3')) {
    const spec = specOf(source);
    const self = identity(source);
    const own = new Set<string>();
    const seen = (name: string) => {
      const owners = proxyVersioned.get(name);
      return own.has(name) || (owners !== undefined && (owners.size > 1 || !owners.has(self)));
    };
    const prioritized = typeof spec.priority === 'number' && spec.priority !== 0;
    const patches = list(spec.configPatches);
    for (let i = 0; i < patches.length; i++) {
      const configPatch = record(patches[i]) ?? {};
      const patch = record(configPatch.patch);
      // istioctl stops at the first patch without a `patch`
      if (!patch) break;
      const name = instanceName(configPatch, patch);
      const report = (type: MessageType, message: string) => findings.push(finding(type, source, message, `spec.configPatches[${i}]`));
      const relative = () => {
        if (prioritized) return;
        if (seen(name)) report(MESSAGES.envoyFilterUsesRelativeOperationWithProxyVersion, RELATIVE_WITH_PROXY_VERSION);
        else report(MESSAGES.envoyFilterUsesRelativeOperation, RELATIVE);
      };
      const applyTo = String(configPatch.applyTo ?? 'INVALID');
      switch (patch.operation) {
        case 'ADD':
          if (ROUTE_TARGETS.has(applyTo)) {
            report(
              MESSAGES.envoyFilterUsesAddOperationIncorrectly,
              `the ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE (applyTo is ${applyTo})`,
            );
          }
          break;
        case 'REMOVE':
          if (ROUTE_TARGETS.has(applyTo)) {
            report(
              MESSAGES.envoyFilterUsesRemoveOperationIncorrectly,
              `the REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE (applyTo is ${applyTo})`,
            );
          } else relative();
          break;
        case 'REPLACE':
          if (!REPLACEABLE.has(applyTo)) {
            report(
              MESSAGES.envoyFilterUsesReplaceOperationIncorrectly,
              `the REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER (and VIRTUAL_HOST; applyTo is ${applyTo})`,
            );
          } else relative();
          break;
        case 'INSERT_BEFORE':
        case 'INSERT_AFTER':
          relative();
          break;
      }
      const proxyVersion = record(record(configPatch.match)?.proxy)?.proxyVersion;
      if (typeof proxyVersion === 'string' && proxyVersion !== '') own.add(name);
    }
    for (const name of own) {
      const owners = proxyVersioned.get(name) ?? new Set<string>();
      proxyVersioned.set(name, owners.add(self));
    }
  }
  return findings;
}

/**
 * What istioctl compares patches by: the patch value's `name` (any JSON value), else the listener filter the patch
 * matches, else nothing (the empty name, which equals every other empty name).
 */
function instanceName(configPatch: Record<string, unknown>, patch: Record<string, unknown>): string {
  const value = record(patch.value);
  if (!value) return '';
  if ('name' in value) return `value:${JSON.stringify(value.name)}`;
  const filter = record(record(record(record(configPatch.match)?.listener)?.filterChain)?.filter)?.name;
  return typeof filter === 'string' && filter !== '' ? `filter:${filter}` : '';
}
