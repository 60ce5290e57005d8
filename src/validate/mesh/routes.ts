// Route weights (TT0005) and fault percentages (TT0006), which the Istio CRD schemas do not bound. Istio's webhook
// (validatePercentage) refuses a percentage outside 0..100, and one between 0 and 0.0001 (Envoy's precision). Weights
// are relative proportions (each destination gets weight/sum of the requests, the only one all of them): the webhook
// refuses only negative weights and several that are all 0 (TT0020), so weights of several destinations that do not
// add up to 100, which reads as a mistake in percentages, are a warning.
import { Finding, finding, MESSAGES } from '../findings';
import { MeshIndex } from './mesh-index';

/** Rules whose destination weights do not add up to 100, and fault percentages outside 0..100. */
export function checkRoutes(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const vs of index.virtualServices) {
    const spec = vs.object.spec as any;
    for (const protocol of ['http', 'tcp', 'tls'] as const) {
      (spec?.[protocol] ?? []).forEach((rule: any, i: number) => {
        const routes = (rule?.route ?? []) as any[];
        if (routes.length > 1) {
          const weights = routes.map((r) => (typeof r?.weight === 'number' ? r.weight : 0));
          const sum = weights.reduce((a, b) => a + b, 0);
          // a total of 0 (or below) is the webhook's refusal
          if (sum > 0 && sum !== 100) {
            findings.push(finding(MESSAGES.routeWeightsNotHundred, vs,
              `route weights add up to ${weights.join(' + ')} = ${sum}, not 100: Istio sends each destination its weight/${sum} of the requests`,
              `spec.${protocol}[${i}].route`));
          }
        }
        if (protocol !== 'http' || !rule?.fault) return;
        for (const action of ['delay', 'abort'] as const) {
          const block = rule.fault[action];
          if (!block) continue;
          const value = block.percentage?.value ?? block.percent;
          const field = `spec.http[${i}].fault.${action}.${block.percentage ? 'percentage.value' : 'percent'}`;
          if (typeof value === 'number' && (value < 0 || value > 100)) {
            findings.push(finding(MESSAGES.faultPercentageOutOfRange, vs, `fault percentage must be between 0 and 100, got ${value}`, field));
          } else if (typeof value === 'number' && value > 0 && value < 0.0001) {
            findings.push(finding(MESSAGES.faultPercentageOutOfRange, vs, `fault percentage must be 0 or at least 0.0001, got ${value}`, field));
          }
        }
      });
    }
  }
  return findings;
}
