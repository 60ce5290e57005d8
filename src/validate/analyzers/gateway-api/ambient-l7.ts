// TT0030 L7WithoutWaypoint: L7 configuration that no proxy applies, because in ambient mode only a waypoint sees
// HTTP. An authorization policy with methods, paths or other L7 conditions that ztunnel would enforce (it selects
// workloads of an ambient namespace): ztunnel drops the rules it cannot check, so an ALLOW policy refuses the
// requests it was written to allow, and a DENY policy denies more than it says. A policy attached to a Service that
// uses no waypoint: nothing enforces it. A VirtualService (routes, fault injection) for a Service of an ambient
// namespace that uses no waypoint: ztunnel applies no VirtualService.
import { WAYPOINT_GATEWAY_CLASS } from '../../../../constructs/istio-defaults';
import { DATAPLANE_MODE_LABEL, SIDECAR_INJECT_LABEL, USE_WAYPOINT_LABEL } from '../../../../constructs/mesh-modes';
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { isL7Rule, targetRefsOf } from '../../mesh/authorization';
import { fqdn, MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { boundGateways, hostsOf } from '../../mesh/virtual-services';
import { isAmbientNamespace, serviceWaypoint, servicesNamed } from './references';
import { selectorMatches } from '../policies/label-selector';

/** L7 policies and routes in or for ambient namespaces that no waypoint applies. */
export function checkAmbientL7(index: MeshIndex): Finding[] {
  return [...checkPolicies(index), ...checkVirtualServices(index)];
}

/** How to give a namespace's Services a waypoint, for messages. */
function waypointAdvice(index: MeshIndex, namespace: string): string {
  const name = index.namespaces.get(namespace)?.object.metadata?.labels?.[USE_WAYPOINT_LABEL];
  return name && name !== 'none'
    ? `the namespace's Services use waypoint ${name}`
    : `deploy one (a Gateway of class ${WAYPOINT_GATEWAY_CLASS}) and label the namespace or Service ${USE_WAYPOINT_LABEL}: <its name>`;
}

function checkPolicies(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const policy of index.authorizationPolicies) {
    const ns = namespaceOf(policy);
    const spec = policy.object.spec as any;
    const refs = targetRefsOf(policy);
    if (refs.length > 0) {
      refs.forEach((ref, i) => {
        const [service] = ref.kind === 'Service' && (ref.group ?? '') === '' ? servicesNamed(index, ns, ref.name ?? '') : [];
        if (!service) return;
        const binding = serviceWaypoint(index, ns, ref.name ?? '');
        // a binding to a waypoint the set lacks is IST0101's to report
        if (binding) return;
        // without its own label the Service takes its namespace's waypoint: undecided when the Namespace is not in the set
        if (service.object.metadata?.labels?.[USE_WAYPOINT_LABEL] === undefined && !index.namespaces.has(ns)) return;
        findings.push(finding(MESSAGES.l7WithoutWaypoint, policy,
          `the policy is attached to Service ${ns}/${ref.name}, which uses no waypoint: only a waypoint applies a policy attached to a Service ` +
            `(sidecars and ztunnel ignore policies with targetRefs), so nothing enforces it; ${waypointAdvice(index, ns)}`,
          Array.isArray(spec?.targetRefs) ? `spec.targetRefs[${i}]` : 'spec.targetRef'));
      });
      continue;
    }
    const action = String(spec?.action ?? 'ALLOW');
    const l7 = ((spec?.rules ?? []) as unknown[]).findIndex(isL7Rule);
    // the cheap tests first: most policies need nothing ztunnel lacks, and finding the workloads scans them all
    if (action !== 'CUSTOM' && action !== 'AUDIT' && l7 < 0) continue;
    if (!isAmbientNamespace(index, ns) || !enforcedByZtunnel(index, policy)) continue;
    const effect =
      action === 'ALLOW'
        ? 'ztunnel drops the rules it cannot check, so it refuses the requests they were written to allow'
        : action === 'DENY'
          ? 'ztunnel checks its rules without those conditions, so it denies every request of the sources and ports they name'
          : `ztunnel does not run ${action} policies`;
    findings.push(finding(MESSAGES.l7WithoutWaypoint, policy,
      `ztunnel enforces this policy (it selects workloads, in a namespace in ambient mode) but sees no HTTP, and the policy needs it ` +
        `(${l7 >= 0 ? 'methods, paths or other L7 conditions' : `action ${action}`}): ${effect}; attach it to a waypoint with targetRefs ` +
        `(kind Service, or the waypoint's Gateway) instead of a selector: ${waypointAdvice(index, ns)}`,
      l7 >= 0 ? `spec.rules[${l7}]` : 'spec.action'));
  }
  return findings;
}

/** Whether some workload a selector-based policy applies to is captured by ztunnel (none known counts as captured). */
function enforcedByZtunnel(index: MeshIndex, policy: SourcedObject): boolean {
  const ns = namespaceOf(policy);
  const selector = ((policy.object.spec as any)?.selector?.matchLabels ?? {}) as Record<string, string>;
  const selected = index.workloads.filter(
    (w) => !w.source.provided && w.namespace === ns && selectorMatches(selector, w.podLabels),
  );
  if (selected.length === 0) return true;
  return selected.some((w) => w.podLabels[DATAPLANE_MODE_LABEL] !== 'none' && w.podLabels[SIDECAR_INJECT_LABEL] !== 'true');
}

function checkVirtualServices(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const vs of index.virtualServices) {
    if (!boundGateways(vs).includes('mesh')) continue;
    const ns = namespaceOf(vs);
    hostsOf(vs).forEach((host, i) => {
      const match = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(fqdn(host, ns));
      if (!match) return;
      const [, name, serviceNamespace] = match;
      if (!isAmbientNamespace(index, serviceNamespace) || servicesNamed(index, serviceNamespace, name).length === 0) return;
      if (serviceWaypoint(index, serviceNamespace, name)) return;
      findings.push(finding(MESSAGES.l7WithoutWaypoint, vs,
        `Service ${serviceNamespace}/${name} is in a namespace in ambient mode and uses no waypoint: ztunnel applies no VirtualService, ` +
          `so its routes and faults take no effect (a waypoint the Service is bound to applies them); ${waypointAdvice(index, serviceNamespace)}`,
        `spec.hosts[${i}]`));
    });
  }
  return findings;
}
