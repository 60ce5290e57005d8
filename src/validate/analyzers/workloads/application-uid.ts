// IST0144 InvalidApplicationUID, as istioctl 1.30.3's deployment.ApplicationUIDAnalyzer reports it
// (pkg/config/analysis/analyzers/deployment/pod.go): a Pod or Deployment whose pod security context, or the security
// context of one of its containers other than `istio-proxy` and `istio-operator`, runs as user 1337, the UID the
// sidecar proxy runs as (its traffic is exempted from the proxy's redirection, so the app's would be too). Istio's own
// objects are passed over: those whose own labels have an `istio` key or `release: istio`; and, as istioctl's file
// reader drops them, those of the namespaces it ignores (kube-system and the like). Init containers are not
// looked at, as istioctl does not. istioctl reports one message per place the UID is set, which its output then
// prints once per object; here, one finding per object, placed on its name as istioctl places it, naming the places.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { isIstioControlPlane } from '../../mesh/control-plane';
import type { MeshIndex } from '../../mesh/mesh-index';
import { at, list, record } from '../injection-annotations/manifest-values';
import { resourcesOf } from '../policies/policy-resources';

/** The UID the Istio proxy runs as. */
const PROXY_UID = 1337;

// the containers of Istio's own that may run as the proxy's user
const ISTIO_CONTAINERS = new Set(['istio-proxy', 'istio-operator']);

/** Pods and Deployments (Istio's own aside) that run their app, or a container of it, as the proxy's UID 1337. */
export function checkApplicationUid(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of [...resourcesOf(index, 'core', 'Pod', 'v1'), ...resourcesOf(index, 'apps', 'Deployment', 'apps/v1')]) {
    const places = proxyUidPlaces(source);
    if (places.length === 0) continue;
    findings.push(
      finding(
        MESSAGES.invalidApplicationUid,
        source,
        `User ID (UID) 1337 is reserved for the sidecar proxy (set at ${places.join(', ')}); run the app as another user`,
        'metadata.name',
        // istioctl gives it no line of its own: the object's start
        null,
      ),
    );
  }
  return findings;
}

/** Where a Pod or Deployment (apps/v1) sets runAsUser 1337: its pod's security context, then its app containers'. */
function proxyUidPlaces(source: SourcedObject): string[] {
  const { object } = source;
  if (isIstioControlPlane(record(object.metadata?.labels))) return [];
  const pod = object.kind === 'Pod' ? { spec: object.spec, field: 'spec' } : { spec: at(object.spec, 'template', 'spec'), field: 'spec.template.spec' };
  const places: string[] = [];
  if (at(pod.spec, 'securityContext', 'runAsUser') === PROXY_UID) places.push(`${pod.field}.securityContext.runAsUser`);
  list(record(pod.spec)?.containers).forEach((container, i) => {
    if (ISTIO_CONTAINERS.has(record(container)?.name as string)) return;
    if (at(container, 'securityContext', 'runAsUser') === PROXY_UID) places.push(`${pod.field}.containers[${i}].securityContext.runAsUser`);
  });
  return places;
}
