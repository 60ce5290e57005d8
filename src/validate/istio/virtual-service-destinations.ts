// The destinations of VirtualService routes and mirrors as Istio's validation webhook checks them (istio/istio 1.30
// pkg/config/validation/validation.go validateDestination, validateSubsetName, validatePortSelector,
// validateHTTPRouteDestinations, validateRouteDestinations, validateWeight). A missing destination is the CRD's
// `required`. Weights are relative proportions: the webhook refuses a negative one, and several destinations that all
// weigh 0; TT0005 (mesh/routes.ts) warns of weights that do not add up to 100.
import { join, show } from '../structural';
import { num, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { wildcardDomainProblem } from './hosts';
import { checkSubsetName } from './names';
import { fail } from './verdicts';

export function checkPort(port: unknown, field: string, report: Report): void {
  const number = num(port) ?? 0;
  if (number < 1 || number > 65535) fail(report, field, `port number must be between 1 and 65535, got ${number}`);
}

/** A route or mirror destination: a host (not *), a DNS-1123 subset name, a port 1..65535. */
export function checkDestination(value: unknown, field: string, report: Report): void {
  const destination = record(value);
  if (!destination) return;
  const host = typeof destination.host === 'string' ? destination.host : '';
  const problem = host === '*' ? 'may not be *' : wildcardDomainProblem(host);
  if (problem) fail(report, join(field, 'host'), `destination host ${problem}, got ${show(host)}`);
  if (text(destination.subset) !== undefined) checkSubsetName(destination.subset, join(field, 'subset'), report);
  const port = record(destination.port);
  if (port) checkPort(port.number, `${field}.port.number`, report);
}

/** The destinations of a route, and their weights: not negative, and not all 0 when there are several. */
export function checkRouteDestinations(routes: unknown[], field: string, report: Report): void {
  let total = 0;
  routes.forEach((r, i) => {
    const route = record(r) ?? {};
    checkDestination(route.destination, `${field}[${i}].destination`, report);
    const weight = num(route.weight) ?? 0;
    if (weight < 0) fail(report, `${field}[${i}].weight`, `weight must not be negative, got ${weight}`);
    total += weight;
  });
  if (routes.length > 1 && total === 0) fail(report, field, 'total destination weight = 0: several destinations need a weight above 0 between them');
}
