// The mutual TLS mode a workload's port accepts, composed from the PeerAuthentications as Istio 1.30.3 composes them
// (pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication): the mesh-wide one (the root namespace's,
// without selector), then the namespace's (without selector), then the workload's (with a selector, not in the root
// namespace), each overriding the one before unless UNSET, PERMISSIVE when none says; the workload's
// `portLevelMtls` last. Of several at one level the oldest counts: here, the first in the set.
import type { SourcedObject } from '../findings';
import { namespaceOf } from '../mesh/mesh-index';
import { selectorMatches } from '../analyzers/policies/label-selector';

/** What a port accepts: STRICT refuses plaintext; PERMISSIVE takes both; DISABLE takes plaintext only, so peers send it. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** A port's mode, with the PeerAuthentication that set it (none for Istio's default). */
export interface PortMtls {
  readonly mode: MtlsMode;
  readonly setBy?: SourcedObject;
}

const MODES = new Set<string>(['STRICT', 'PERMISSIVE', 'DISABLE']);
const modeOf = (mtls: any): MtlsMode | undefined => (MODES.has(mtls?.mode) ? (mtls.mode as MtlsMode) : undefined);
const selectorOf = (p: SourcedObject): Record<string, string> => ((p.object.spec as any)?.selector?.matchLabels ?? {}) as Record<string, string>;

/** The PeerAuthentications of a set, composed per workload. */
export class PeerAuthentications {
  constructor(
    private readonly policies: readonly SourcedObject[],
    private readonly rootNamespace: string,
  ) {}

  /** The mode of `port` (the workload's own port) on the pods of `namespace` with `labels`. */
  public modeAt(namespace: string, labels: Readonly<Record<string, string>>, port: number | undefined): PortMtls {
    let mesh: SourcedObject | undefined;
    let ns: SourcedObject | undefined;
    let workload: SourcedObject | undefined;
    for (const p of this.policies) {
      const pns = namespaceOf(p);
      const selector = selectorOf(p);
      const scoped = Object.keys(selector).length > 0;
      if (!scoped && pns === this.rootNamespace) mesh ??= p;
      else if (!scoped && pns === namespace) ns ??= p;
      else if (scoped && pns === namespace && pns !== this.rootNamespace && selectorMatches(selector, labels)) {
        workload ??= p;
      }
    }
    let result: PortMtls = { mode: 'PERMISSIVE' };
    for (const p of [mesh, ns, workload]) {
      const mode = modeOf((p?.object.spec as any)?.mtls);
      if (p && mode) result = { mode, setBy: p };
    }
    const perPort = (workload?.object.spec as any)?.portLevelMtls;
    if (workload && port !== undefined && perPort && typeof perPort === 'object' && String(port) in perPort) {
      const mode = modeOf(perPort[String(port)]);
      if (mode) result = { mode, setBy: workload };
    }
    return result;
  }
}
