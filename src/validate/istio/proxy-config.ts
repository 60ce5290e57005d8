// ProxyConfigs as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateProxyConfig): the selector's labels. Its other check, no negative
// concurrency, is the CRD's `minimum: 0`, so such an object never reaches the webhook.
import { Fields } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { checkSelectorLabels } from './selectors';

/** The webhook's checks of one ProxyConfig. */
export function checkProxyConfig(spec: Fields, report: Report): void {
  checkSelectorLabels(spec.selector, 'matchLabels', 'spec.selector', report);
}
