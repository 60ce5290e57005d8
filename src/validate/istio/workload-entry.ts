// WorkloadEntries as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateWorkloadEntry, validateWorkloadEntry; the latter also checks the
// endpoints of STATIC ServiceEntries).
// Skipped, as the CRD's CEL rules refuse such objects before the webhook sees them:
// - "address is required" when neither address nor network is given: the rule `has(self.address) || has(self.network)`
//   (an explicit empty address, `address: ""`, does reach the webhook, and is checked here);
// - the unix socket path (ValidateUnixAddress: not empty, absolute or `@abstract`, not a directory): the address's
//   rules "UDS must be an absolute path or abstract socket" and "UDS may not be a dir";
// - no ports on a unix socket endpoint: the rule "UDS may not include ports";
// - port names (DNS-1123 labels) and numbers (1..65535): the ports map's rules "port name must be valid" (stricter:
//   below 63 characters) and "port must be between 1-65535".
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { parseAddress } from '../go-netip';
import { fqdnProblem } from './hosts';
import { checkLabelMap } from './names';

const UNIX_PREFIX = 'unix://';

/** Whether Go's netip.ParseAddr accepts `value` (netutil.IsValidIPAddress). */
export function isGoIpAddress(value: string): boolean {
  return parseAddress(value) !== undefined;
}

/**
 * One workload entry: a WorkloadEntry's spec (`servicePorts` undefined, FQDN addresses allowed), or an endpoint of a
 * STATIC ServiceEntry (`servicePorts` the names of its ports, IP addresses and unix sockets only): validateWorkloadEntry.
 */
export function checkWorkloadEntryFields(entry: Fields, field: string, report: Report, servicePorts?: ReadonlySet<string>, allowFqdn = true): void {
  const address = typeof entry.address === 'string' ? entry.address : '';
  if (address === '') {
    const network = typeof entry.network === 'string' ? entry.network : '';
    if (network === '') return report(MESSAGES.istioValidationFailed, join(field, 'address'), 'address may only be empty when a network is set');
    report(MESSAGES.istioValidationWarning, join(field, 'address'), `the endpoint has no address, only the network ${show(network)}`);
  }
  const unix = address.startsWith(UNIX_PREFIX);
  if (!unix && address !== '' && !isGoIpAddress(address)) {
    if (!allowFqdn) {
      report(MESSAGES.istioValidationFailed, join(field, 'address'),
        `an endpoint of a STATIC ServiceEntry needs an IP address or a unix:// socket, got ${show(address)}`);
    } else if (fqdnProblem(address)) {
      report(MESSAGES.istioValidationFailed, join(field, 'address'), `address must be an IP address or a fully qualified domain name, got ${show(address)}`);
    }
  }
  if (servicePorts) checkEndpointPorts(entry.ports, join(field, 'ports'), servicePorts, report);
  checkLabelMap(entry.labels, join(field, 'labels'), report);
  if (unix && servicePorts && servicePorts.size !== 1) {
    report(MESSAGES.istioValidationFailed, join(field, 'address'),
      `a unix socket endpoint needs its ServiceEntry to have exactly one port, it has ${servicePorts.size}`);
  }
}

/** An endpoint's ports: each named after a port of its ServiceEntry. */
export function checkEndpointPorts(ports: unknown, field: string, servicePorts: ReadonlySet<string>, report: Report): void {
  for (const [name] of entries(ports)) {
    if (!servicePorts.has(name)) {
      const known = servicePorts.size === 0 ? 'it has none' : `it has ${[...servicePorts].map((p) => show(p)).join(', ')}`;
      report(MESSAGES.istioValidationFailed, join(field, name), `endpoint port ${show(name)} must name a port of the ServiceEntry, ${known}`);
    }
  }
}

/** The webhook's checks of one WorkloadEntry. */
export function checkWorkloadEntry(spec: Fields, report: Report): void {
  // the webhook does not know which ServiceEntry selects the entry, so its ports are not checked against one
  checkWorkloadEntryFields(spec, 'spec', report);
}
