// IST0175 JwksUriFetchUnrestricted, as istioctl 1.30.3's authn.BlockedCIDRsAnalyzer reports it
// (pkg/config/analysis/analyzers/authn/blockedcidrs.go): when the set has RequestAuthentications, istiod fetches the
// JWKS URIs they name, and an istiod Deployment of the set (label `app: istiod`) none of whose containers sets
// `BLOCKED_CIDRS_IN_JWKS_URIS` to a value may fetch from any network, the cluster's own included. Only an istiod the
// set holds is looked at (a rendered install, `helm template`): an install resource says nothing of istiod's env.
// Deliberate difference: the RequestAuthentications are named in order of namespace and name (istioctl's order is
// its store's).
import { Finding, finding, MESSAGES } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { at, list, record, text } from '../injection-annotations/manifest-values';
import { nameOf, resourcesOf } from './policy-resources';

const BLOCKED_CIDRS_ENV = 'BLOCKED_CIDRS_IN_JWKS_URIS';
// how many names the message lists before it counts the rest
const NAMES_SHOWN = 5;

/** istiod Deployments that leave JWKS URI fetches unrestricted while the set has RequestAuthentications. */
export function checkJwksUriCidrs(index: MeshIndex): Finding[] {
  const names = resourcesOf(index, 'security.istio.io', 'RequestAuthentication')
    .map((ra) => `${namespaceOf(ra)}/${nameOf(ra)}`)
    .sort();
  if (names.length === 0) return [];
  const shown = names.length <= NAMES_SHOWN ? names.join(', ') : `${names.slice(0, NAMES_SHOWN).join(', ')}, and ${names.length - NAMES_SHOWN} more`;
  return resourcesOf(index, 'apps', 'Deployment', 'apps/v1')
    .filter((d) => text(record(d.object.metadata?.labels)?.app) === 'istiod' && !setsBlockedCidrs(at(d.object.spec, 'template', 'spec', 'containers')))
    .map((d) =>
      finding(
        MESSAGES.jwksUriFetchUnrestricted,
        d,
        `${BLOCKED_CIDRS_ENV} is not configured but ${names.length} RequestAuthentication resource(s) exist (${shown}). ` +
          'Consider configuring it to restrict JWKS URI fetches to trusted networks.',
        'metadata.name',
        // istioctl gives it no line of its own: the object's start
        null,
      ),
    );
}

/** Whether a container sets the variable to a value (not from a ConfigMap or Secret: istioctl reads `value` only). */
function setsBlockedCidrs(containers: unknown): boolean {
  return list(containers).some((c) => list(record(c)?.env).some((e) => record(e)?.name === BLOCKED_CIDRS_ENV && (text(record(e)?.value) ?? '') !== ''));
}
