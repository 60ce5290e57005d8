// PeerAuthentications as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidatePeerAuthentication): the selector's labels (validateWorkloadSelector:
// a warning when it has none), and the port keys of `portLevelMtls` as istiod decodes them.
// Skipped, since an object failing them never reaches the webhook:
// - port-level mTLS without selector labels is the CRD's CEL rule `portLevelMtls requires selector`;
// - an empty `portLevelMtls` is the CRD's `minProperties: 1`;
// - a port outside 1..65535 is the CEL rule on `portLevelMtls` (`0 < int(key) && int(key) <= 65535`);
// - an empty or wildcard selector label is the CEL rules on `matchLabels` (checkSelectorLabels checks them anyway).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { checkSelectorLabels } from './selectors';

// istiod decodes the map's uint32 keys as JSON numbers (golang/protobuf jsonpb): `080` and `+80`, which the CEL
// rule's int() reads, fail to decode, and the webhook refuses the object
const PORT_KEY = /^(?:0|[1-9][0-9]*)$/;

/** The webhook's checks of one PeerAuthentication. */
export function checkPeerAuthentication(spec: Fields, report: Report): void {
  for (const key of Object.keys(record(spec.portLevelMtls) ?? {})) {
    if (!PORT_KEY.test(key)) {
      report(MESSAGES.istioValidationFailed, join('spec.portLevelMtls', key),
        `a portLevelMtls key must be a port number written without a sign or leading zeros (istiod cannot decode it otherwise), got ${show(key)}`);
    }
  }
  checkSelectorLabels(spec.selector, 'matchLabels', 'spec.selector', report);
}
