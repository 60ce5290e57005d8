// TT0031 SidecarSettingInAmbientNamespace: a pod of a namespace in ambient mode that carries sidecar settings. Ambient
// mode injects no sidecar, so its annotations do nothing; and `sidecar.istio.io/inject: "true"` does inject one,
// which takes the pod out of ambient mode (a sidecar pod in an ambient namespace).
import { SIDECAR_INJECT_LABEL } from '../../../../constructs/mesh-modes';
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { isAmbientNamespace } from './references';

const SIDECAR_ANNOTATION_PREFIXES = ['sidecar.istio.io/', 'traffic.sidecar.istio.io/', 'readiness.status.sidecar.istio.io/', 'status.sidecar.istio.io/'];
const SIDECAR_ANNOTATIONS = new Set(['proxy.istio.io/config', 'proxy.istio.io/overrides']);

/** Sidecar annotations, and sidecar injection asked for, on the pods of namespaces in ambient mode. */
export function checkAmbientSidecarSettings(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const w of index.workloads) {
    if (w.source.provided || !isAmbientNamespace(index, w.namespace)) continue;
    const annotations = Object.keys(w.podAnnotations).filter(
      (k) => SIDECAR_ANNOTATIONS.has(k) || (SIDECAR_ANNOTATION_PREFIXES.some((p) => k.startsWith(p)) && k !== 'sidecar.istio.io/inject'),
    );
    const inject = w.podLabels[SIDECAR_INJECT_LABEL] ?? w.podAnnotations[SIDECAR_INJECT_LABEL];
    if (inject === 'true') {
      findings.push(finding(MESSAGES.sidecarSettingInAmbientNamespace, w.source,
        `the pods ask for a sidecar (${SIDECAR_INJECT_LABEL}: "true") in namespace ${w.namespace}, which is in ambient mode: Istio injects one, ` +
          'and the pods leave ambient mode (ztunnel and the waypoint skip them); remove it to keep them in ambient mode'));
    }
    if (annotations.length > 0) {
      findings.push(finding(MESSAGES.sidecarSettingInAmbientNamespace, w.source,
        `the pods carry sidecar settings (${annotations.join(', ')}) in namespace ${w.namespace}, which is in ambient mode: there is no sidecar, ` +
          'so they do nothing; remove them'));
    }
  }
  return findings;
}
