// IST0149 JwtClaimBasedRoutingWithoutRequestAuthN: istioctl's virtualservice.JWTClaimRouteAnalyzer
// (virtualservice/jwtclaimroute.go). A route matching on `@request.auth.claims.<claim>` needs the gateway's pods to
// validate the JWT, so each pod the bound Gateway selects must be selected by a RequestAuthentication of the Istio
// namespace or of its own. istioctl needs running Pods; we use the set's pod templates and the install's gateways.
import { Finding, finding, MESSAGES } from '../../findings';
import { join } from '../../structural';
import { list, record } from '../../builtin/go-values';
import { installOf } from '../../mesh/install-workloads';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';
import { gatewayOf } from '../../mesh/virtual-services';
import { vsGateways } from './route-destinations';
import { runningPods } from './running-pods';

const CLAIM = '@request.auth.claims';

/** Whether a header name routes on a JWT claim: `@request.auth.claims.<claim>` or `@request.auth.claims[<claim>]`. */
export function isClaimRoutingKey(name: string): boolean {
  if (!name.toLowerCase().startsWith(CLAIM)) return false;
  const rest = name.slice(CLAIM.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

/** The first claim routing key of a VirtualService's http matches (headers, then withoutHeaders), with its path. */
function claimKey(spec: unknown): { key: string; field: string } | undefined {
  for (const [i, rule] of list(record(spec)?.http).entries()) {
    for (const [j, match] of list(record(rule)?.match).entries()) {
      for (const headers of ['headers', 'withoutHeaders']) {
        const key = Object.keys(record(record(match)?.[headers]) ?? {}).find(isClaimRoutingKey);
        if (key !== undefined) return { key, field: join(`spec.http[${i}].match[${j}].${headers}`, key) };
      }
    }
  }
  return undefined;
}

/** Gateway-bound routes on JWT claims whose gateway pods no RequestAuthentication selects. */
export function checkJwtClaimRoutes(index: MeshIndex): Finding[] {
  const { gateways, requestAuthentications, virtualServices } = analyzedObjects(index);
  // istioctl reads RequestAuthentications of istio-system (hard-coded) and of the pod's namespace; istiod applies the
  // root namespace's, which is the install's namespace when it is not istio-system
  const rootNamespaces = new Set(['istio-system', installOf(index.objects).namespace]);
  const selectorsByNamespace = new Map<string, Record<string, string>[]>();
  for (const ra of requestAuthentications) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(record(record(record(ra.object.spec)?.selector)?.matchLabels) ?? {})) labels[k] = String(v);
    const found = selectorsByNamespace.get(namespaceOf(ra)) ?? [];
    found.push(labels);
    selectorsByNamespace.set(namespaceOf(ra), found);
  }
  const pods = runningPods(index);
  const findings: Finding[] = [];
  for (const vs of virtualServices) {
    const claim = claimKey(vs.object.spec);
    if (!claim) continue;
    for (const entry of vsGateways(vs)) {
      const key = gatewayOf(entry, namespaceOf(vs));
      const gateway = key === undefined ? undefined : gateways.get(key);
      // a missing gateway is the gateway analyzer's to report
      if (!gateway) continue;
      const selector: Record<string, string> = {};
      for (const [k, v] of Object.entries(record(record(gateway.object.spec)?.selector) ?? {})) selector[k] = String(v);
      for (const pod of pods.matching(selector)) {
        const candidates = [...rootNamespaces, pod.workload.namespace].flatMap((ns) => selectorsByNamespace.get(ns) ?? []);
        if (candidates.some((s) => Object.entries(s).every(([k, v]) => pod.labels[k] === v))) continue;
        findings.push(
          finding(
            MESSAGES.jwtClaimBasedRoutingWithoutRequestAuthN,
            vs,
            `the virtual service uses the JWT claim based routing (key: ${claim.key}) but found no request authentication for the gateway (${key}) ` +
              `pod (${pod.what}); the request authentication must first be applied for the gateway pods to validate the JWT token and make ` +
              'the claims available for routing',
            claim.field,
          ),
        );
      }
    }
  }
  return findings;
}
