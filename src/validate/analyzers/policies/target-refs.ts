// The project's TT0025 TargetRefNotFound (istioctl 1.30.3 never resolves a targetRef): a policy's `targetRef` or
// `targetRefs` entry that istiod attaches to nothing. istiod (pilot/pkg/model/policyattachment.go, GetTargetRefs and
// WorkloadPolicyMatcher.ShouldAttachPolicy) reads `targetRefs`, or the legacy `targetRef` when that list is empty, and
// ignores the selector of a policy that has either. It attaches the policy to: the pods of a Gateway
// (gateway.networking.k8s.io) of the policy's namespace, when the entry names no other namespace; a waypoint serving
// a Service (core) or ServiceEntry of that name in the policy's namespace (the entry's namespace is not read); every
// waypoint, for GatewayClass `istio-waypoint` named by a policy of the root namespace. Anything else matches no proxy.
import { Finding, finding, MESSAGES, MessageType } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { BUILTIN_CLASSES } from '../../mesh/gateway-api-workloads';
import { meshConfigOf } from './mesh-config';
import { nameOf, resourcesOf } from './policy-resources';
import { list, record, specOf } from './spec-values';

const TARGETING_KINDS = [
  ['security.istio.io', 'AuthorizationPolicy'],
  ['security.istio.io', 'RequestAuthentication'],
  ['telemetry.istio.io', 'Telemetry'],
  ['extensions.istio.io', 'WasmPlugin'],
] as const;

const GATEWAY_API = 'gateway.networking.k8s.io';
const WAYPOINT_CLASS = 'istio-waypoint';
/** The kinds istiod attaches policies to, by `<canonical group>/<kind>` (the webhook's allowedTargetRefs). */
const TARGET_KINDS: ReadonlySet<string> = new Set(['core/Service', 'networking.istio.io/ServiceEntry', `${GATEWAY_API}/Gateway`, `${GATEWAY_API}/GatewayClass`]);

/** A lost target of a DENY policy lets in what it is meant to stop: an error, not a warning. */
const DENY_TARGET_NOT_FOUND: MessageType = { ...MESSAGES.targetRefNotFound, severity: 'error' };

/** One entry of a policy's target references, with the JSON path it is written at. */
interface TargetRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly field: string;
}

/** The references istiod reads (GetTargetRefs): `targetRefs` when it has entries, else `targetRef`. */
function targetRefsOf(spec: Record<string, unknown>): TargetRef[] {
  const plural = list(spec.targetRefs);
  const entries: [unknown, string][] =
    plural.length > 0 ? plural.map((r, i) => [r, `spec.targetRefs[${i}]`]) : record(spec.targetRef) ? [[spec.targetRef, 'spec.targetRef']] : [];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return entries.flatMap(([value, field]) => {
    const ref = record(value);
    return ref ? [{ group: text(ref.group), kind: text(ref.kind), name: text(ref.name), namespace: text(ref.namespace), field }] : [];
  });
}

/** istiod's config.CanonicalGroup: the core group is `core`, however it is written. */
const canonicalGroup = (group: string) => (group === '' ? 'core' : group);

/** The namespaces of the objects a targetRef can name, by `<canonical group>/<kind>` and name ('' for a GatewayClass). */
class Targets {
  private readonly byKind = new Map<string, Map<string, Set<string>>>();

  constructor(index: MeshIndex) {
    for (const name of Object.keys(BUILTIN_CLASSES)) this.add(`${GATEWAY_API}/GatewayClass`, name, '');
    for (const source of [...index.objects, ...index.provided]) {
      const { apiVersion, kind } = source.object;
      const add = (groupKind: string) => this.add(groupKind, nameOf(source), namespaceOf(source));
      if (kind === 'Service' && apiVersion === 'v1') add('core/Service');
      // the operators create a Service named after the application
      else if ((kind === 'AppsodyApplication' && apiVersion.startsWith('appsody.dev/')) || (kind === 'RuntimeComponent' && apiVersion.startsWith('rc.app.stacks/'))) {
        add('core/Service');
      } else if (kind === 'ServiceEntry' && apiVersion.startsWith('networking.istio.io/')) add('networking.istio.io/ServiceEntry');
      else if (kind === 'Gateway' && apiVersion.startsWith(`${GATEWAY_API}/`)) add(`${GATEWAY_API}/Gateway`);
      else if (kind === 'GatewayClass' && apiVersion.startsWith(`${GATEWAY_API}/`)) this.add(`${GATEWAY_API}/GatewayClass`, nameOf(source), '');
    }
  }

  /** The namespaces that have an object of `groupKind` named `name`, sorted. */
  public namespacesOf(groupKind: string, name: string): string[] {
    return [...(this.byKind.get(groupKind)?.get(name) ?? [])].sort();
  }

  private add(groupKind: string, name: string, namespace: string): void {
    let byName = this.byKind.get(groupKind);
    if (!byName) this.byKind.set(groupKind, (byName = new Map()));
    let namespaces = byName.get(name);
    if (!namespaces) byName.set(name, (namespaces = new Set()));
    namespaces.add(namespace);
  }
}

/** Policies whose targetRef(s) istiod attaches to nothing: a target not in the set, in another namespace, or not one it attaches to. */
export function checkTargetRefs(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  let targets: Targets | undefined;
  const { rootNamespace } = meshConfigOf(index.objects);
  for (const [group, kind] of TARGETING_KINDS) {
    for (const policy of resourcesOf(index, group, kind)) {
      const spec = specOf(policy);
      const refs = targetRefsOf(spec);
      if (refs.length === 0) continue;
      targets ??= new Targets(index);
      const ns = namespaceOf(policy);
      const deny = kind === 'AuthorizationPolicy' && spec.action === 'DENY';
      const type = deny ? DENY_TARGET_NOT_FOUND : MESSAGES.targetRefNotFound;
      const effect = deny ? 'the DENY policy denies nothing through it, and lets in the requests it is meant to stop' : `the ${kind} applies to no proxy through it`;
      const report = (message: string, field: string) => findings.push(finding(type, policy, message, field));
      for (const ref of refs) {
        const groupKind = `${canonicalGroup(ref.group)}/${ref.kind}`;
        if (!TARGET_KINDS.has(groupKind)) {
          report(
            `targetRef kind ${ref.group ? `${ref.group}/` : ''}${ref.kind} is not one istiod attaches policies to, so ${effect} (Istio's webhook refuses it); ` +
              `target a Service, a ServiceEntry (networking.istio.io), or a Gateway or GatewayClass (${GATEWAY_API})`,
            `${ref.field}.kind`,
          );
          continue;
        }
        if (ref.kind === 'GatewayClass') {
          if (targets.namespacesOf(groupKind, ref.name).length === 0) {
            report(
              `targetRef names GatewayClass ${ref.name}, which is neither in the set nor one Istio creates (${Object.keys(BUILTIN_CLASSES).sort().join(', ')}), ` +
                `so ${effect}; correct the name, or target ${WAYPOINT_CLASS} for every waypoint`,
              `${ref.field}.name`,
            );
          } else if (ns !== rootNamespace) {
            report(
              `targetRef names GatewayClass ${ref.name}, which istiod attaches only policies of the root namespace ${rootNamespace} to, so ${effect}; ` +
                `move the policy to ${rootNamespace}, or target a Gateway of namespace ${ns}`,
              ref.field,
            );
          } else if (ref.name !== WAYPOINT_CLASS) {
            report(
              `targetRef names GatewayClass ${ref.name}, but istiod attaches policies to GatewayClass ${WAYPOINT_CLASS} only (every waypoint), so ${effect}; ` +
                `target ${WAYPOINT_CLASS}, or the Gateways of class ${ref.name} one by one`,
              `${ref.field}.name`,
            );
          }
          continue;
        }
        if (ref.namespace !== '' && ref.namespace !== ns) {
          report(
            `targetRef names ${ref.kind} ${ref.namespace}/${ref.name} in another namespace than the policy's (${ns}): istiod looks targets up in the ` +
              `policy's namespace only, so ${effect}; put the policy in namespace ${ref.namespace} and leave the namespace out`,
            `${ref.field}.namespace`,
          );
          continue;
        }
        const namespaces = targets.namespacesOf(groupKind, ref.name);
        if (namespaces.includes(ns)) continue;
        report(
          `targetRef names ${ref.kind} ${ns}/${ref.name}, which is not in the set` +
            (namespaces.length > 0 ? ` (namespace ${namespaces.join(', ')} has one, but istiod looks targets up in the policy's namespace only)` : '') +
            `, so ${effect}; correct the name, or create the ${ref.kind} in namespace ${ns}`,
          `${ref.field}.name`,
        );
      }
    }
  }
  return findings;
}
