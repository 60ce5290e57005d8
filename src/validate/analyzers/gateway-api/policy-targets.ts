// IST0101 ReferencedResourceNotFound for a policy's targetRefs: a Gateway, Service or GatewayClass the set does not
// have (Istio attaches the policy to nothing).
import { ISTIO_GATEWAY_CLASSES } from '../../../../constructs/istio-defaults';
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { targetRefsOf } from '../../mesh/authorization';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { GATEWAY_API_GROUP, servicesNamed } from './references';

const TARGETED_KINDS = new Set(['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin']);

/** Policies whose targetRefs name a Gateway, Service, ServiceEntry or GatewayClass that is not in the set. */
export function checkPolicyTargets(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const policy of index.objects) {
    if (!TARGETED_KINDS.has(policy.object.kind) || !policy.object.apiVersion.includes('.istio.io/')) continue;
    const spec = policy.object.spec as any;
    const field = Array.isArray(spec?.targetRefs) ? 'spec.targetRefs' : 'spec.targetRef';
    targetRefsOf(policy).forEach((ref, i) => {
      const missing = missingTarget(index, policy, ref);
      if (missing) findings.push(finding(MESSAGES.referencedResourceNotFound, policy, missing, field === 'spec.targetRefs' ? `${field}[${i}]` : field));
    });
  }
  return findings;
}

function missingTarget(index: MeshIndex, policy: SourcedObject, ref: { group?: string; kind?: string; name?: string }): string | undefined {
  const ns = namespaceOf(policy);
  const group = ref.group ?? '';
  const name = ref.name ?? '';
  if (ref.kind === 'Gateway' && group === GATEWAY_API_GROUP) {
    return index.kubernetesGateways.has(`${ns}/${name}`) ? undefined : `referenced gateway not found: "${name}" (no Gateway API Gateway ${ns}/${name} in the set)`;
  }
  if (ref.kind === 'Service' && group === '') {
    return servicesNamed(index, ns, name).length > 0 ? undefined : `referenced service not found: "${name}" (no Service ${ns}/${name} in the set)`;
  }
  if (ref.kind === 'GatewayClass' && group === GATEWAY_API_GROUP) {
    return ISTIO_GATEWAY_CLASSES.includes(name) || index.gatewayClasses.has(name) ? undefined : `referenced gatewayclass not found: "${name}"`;
  }
  if (ref.kind === 'ServiceEntry' && group === 'networking.istio.io') {
    const found = index.objects.some((o) => o.object.kind === 'ServiceEntry' && namespaceOf(o) === ns && o.object.metadata?.name === name);
    return found ? undefined : `referenced serviceentry not found: "${name}" (no ServiceEntry ${ns}/${name} in the set)`;
  }
  return undefined;
}
