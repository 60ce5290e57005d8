// ServiceEntries as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateServiceEntry, with validateWorkloadEntry for STATIC endpoints,
// ValidateAlphaWorkloadSelector and validateExportTo).
// Skipped, as the CRD schema or its CEL rules refuse such objects before the webhook sees them:
// - no hosts: `required` and `minItems: 1`; the host `*`: the rule "hostname cannot be wildcard";
// - both workloadSelector and endpoints: the rule "only one of WorkloadSelector or Endpoints can be set";
// - CIDR addresses with a resolution other than NONE or STATIC: the rule of the same name;
// - endpoints with resolution NONE: the rule "NONE mode cannot set endpoints";
// - more than one endpoint with DNS_ROUND_ROBIN: the rule "DNS_ROUND_ROBIN mode cannot have multiple endpoints";
// - null ports or endpoints: list items are not nullable;
// - duplicate port names: the ports list is an `x-kubernetes-list-type: map` keyed by name; duplicate port numbers:
//   the rule "port number cannot be duplicated";
// - port numbers and targetPorts outside 1..65535, endpoint port numbers and names: their CEL rules;
// - an unknown resolution or a location other than MESH_EXTERNAL or MESH_INTERNAL: the `enum`s;
// - wildcards in selector label values: the rule "wildcard is not supported in selector" (keys are checked here).
// The webhook assumes istiod's default PILOT_ENABLE_IP_AUTOALLOCATE=true.
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, list, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { parsePrefixError } from '../go-netip';
import { fqdnProblem, isIstioLabel, wildcardDomainProblem } from './hosts';
import { checkExportTo, checkLabelMap } from './names';
import { Place } from './place';
import { HTTP_PROTOCOLS, KNOWN_PROTOCOLS, parseProtocol, TCP_PROTOCOLS, TLS_PROTOCOLS } from './protocols';
import { checkSelectorLabels } from './selectors';
import { fail, warn } from './verdicts';
import { checkEndpointPorts, checkWorkloadEntryFields, isGoIpAddress } from './workload-entry';

// what Envoy's dynamic forward proxy serves for DYNAMIC_DNS
const DYNAMIC_DNS_PROTOCOLS = new Set(['HTTP', 'TLS', 'GRPC', 'HTTP2']);

// the object labels the webhook reads
const AUTO_ALLOCATE_LABEL = 'networking.istio.io/enable-autoallocate-ip';
const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

// a ServiceEntry's ports, undefined where one is no object
type Ports = readonly (Fields | undefined)[];

function protocolOf(port: Fields): string {
  return typeof port.protocol === 'string' ? port.protocol : '';
}

/** A port's protocol field when it is given, else the port. */
function protocolField(port: Fields, i: number): string {
  return protocolOf(port) === '' ? `spec.ports[${i}]` : `spec.ports[${i}].protocol`;
}

/** A port's protocol as messages quote it. */
function showProtocol(port: Fields): string {
  return protocolOf(port) === '' ? 'a port without a protocol' : show(protocolOf(port));
}

/** ValidateIPSubnet: an address, or a CIDR when it holds exactly one slash, as Go's netip parses them. */
function subnetProblem(value: string): string | undefined {
  const valid = value.split('/').length === 2 ? parsePrefixError(value) === undefined : isGoIpAddress(value);
  return valid ? undefined : `address must be an IP address or a CIDR block, got ${show(value)}`;
}

function labelValue(labels: unknown, key: string): string | undefined {
  const value = record(labels)?.[key];
  return typeof value === 'string' ? value : undefined;
}

function checkPorts(ports: Ports, addresses: readonly unknown[], autoAllocation: boolean, report: Report): void {
  ports.forEach((port, i) => {
    if (!port) return;
    const path = `spec.ports[${i}]`;
    const protocol = protocolOf(port);
    if (addresses.length === 0 && !autoAllocation && (protocol === '' || protocol === 'TCP')) {
      warn(report, protocolField(port, i), `a ${protocol === '' ? 'port without a protocol (so TCP)' : 'TCP port'} needs spec.addresses ` +
        'when istiod does not allocate one (resolution NONE, or the networking.istio.io/enable-autoallocate-ip: "false" label)');
    }
    const name = typeof port.name === 'string' ? port.name : '';
    if (!isIstioLabel(name)) {
      fail(report, `${path}.name`, `port name must be a DNS-1123 label, got ${show(name)}`);
    }
    if (protocol !== '' && parseProtocol(protocol) === undefined) {
      fail(report, `${path}.protocol`, `protocol must be one of ${KNOWN_PROTOCOLS} (any case), got ${show(protocol)}`);
    }
  });
}

function checkDnsResolution(spec: Fields, resolution: string, servicePorts: ReadonlySet<string>, ports: Ports, report: Report): void {
  const hosts = list(spec.hosts);
  const endpoints = list(spec.endpoints);
  if (endpoints.length === 0) {
    const bad = hosts.findIndex((h) => fqdnProblem(String(h)) !== undefined);
    if (bad >= 0) {
      fail(report, `spec.hosts[${bad}]`,
        `without endpoints, resolution ${resolution} needs fully qualified host names to resolve (no wildcards), got ${show(hosts[bad])}`);
    }
  }
  endpoints.forEach((e, i) => {
    const endpoint = record(e) ?? {};
    const path = `spec.endpoints[${i}]`;
    const address = typeof endpoint.address === 'string' ? endpoint.address : '';
    if (!isGoIpAddress(address) && fqdnProblem(address) !== undefined) {
      fail(report, `${path}.address`, `with resolution ${resolution}, an endpoint address must be an IP address or a fully qualified domain name, got ${show(address)}`);
    }
    checkLabelMap(endpoint.labels, `${path}.labels`, report);
    checkEndpointPorts(endpoint.ports, `${path}.ports`, servicePorts, report);
  });
  if (list(spec.addresses).length > 0 && hosts.length > 1 && ports.some((p) => p && TCP_PROTOCOLS.has(parseProtocol(protocolOf(p)) ?? ''))) {
    warn(report, 'spec.hosts', `a ServiceEntry with addresses and a TCP port should have one host, it has ${hosts.length}`);
  }
}

function checkDynamicDnsResolution(spec: Fields, ports: Ports, labels: unknown, report: Report): void {
  list(spec.hosts).forEach((h, i) => {
    if (!String(h).startsWith('*')) fail(report, `spec.hosts[${i}]`, `resolution DYNAMIC_DNS needs wildcard hosts (*.example.com), got ${show(h)}`);
  });
  if (list(spec.addresses).length > 0) fail(report, 'spec.addresses', 'resolution DYNAMIC_DNS takes no addresses: the proxy routes on the host names');
  if (list(spec.endpoints).length > 0) fail(report, 'spec.endpoints', 'resolution DYNAMIC_DNS takes no endpoints: the proxy resolves the requested host');
  ports.forEach((port, i) => {
    if (!port) return;
    if (!DYNAMIC_DNS_PROTOCOLS.has(parseProtocol(protocolOf(port)) ?? '')) {
      fail(report, protocolField(port, i), `resolution DYNAMIC_DNS supports only the protocols HTTP, TLS, GRPC and HTTP2, got ${showProtocol(port)}`);
    }
  });
  const waypoint = labelValue(labels, USE_WAYPOINT_LABEL);
  if (spec.location === 'MESH_INTERNAL' && waypoint !== undefined && waypoint !== '' && waypoint.toLowerCase() !== 'none') {
    fail(report, 'spec.location', `location MESH_INTERNAL with resolution DYNAMIC_DNS is not supported with a waypoint (label ${USE_WAYPOINT_LABEL}: ${show(waypoint)})`);
  }
}

/**
 * The webhook's checks of one ServiceEntry; of its labels it reads networking.istio.io/enable-autoallocate-ip and
 * istio.io/use-waypoint.
 */
export function checkServiceEntry(spec: Fields, report: Report, place: Place): void {
  const { labels } = place;
  // an invalid selector refuses the object before any other check
  let selectorRefused = false;
  checkSelectorLabels(spec.workloadSelector, 'labels', 'spec.workloadSelector', (type, field, message) => {
    if (type === MESSAGES.istioValidationFailed) selectorRefused = true;
    report(type, field, message);
  });
  if (selectorRefused) return;

  const resolution = typeof spec.resolution === 'string' && spec.resolution !== '' ? spec.resolution : 'NONE';
  const hosts = list(spec.hosts);
  hosts.forEach((h, i) => {
    const host = String(h);
    const problem = wildcardDomainProblem(host);
    if (problem) fail(report, `spec.hosts[${i}]`, `host ${problem}, got ${show(host)}`);
    if (resolution !== 'DYNAMIC_DNS' && host.includes('*') && host.length !== 1 && !host.startsWith('*.')) {
      warn(report, `spec.hosts[${i}]`, `partial wildcard hosts are not supported (use *.domain), got ${show(host)}`);
    }
  });

  const addresses = list(spec.addresses);
  addresses.forEach((a, i) => {
    const problem = subnetProblem(String(a));
    if (problem) fail(report, `spec.addresses[${i}]`, problem);
  });

  const autoAllocateLabel = labelValue(labels, AUTO_ALLOCATE_LABEL);
  const autoAllocation = resolution !== 'NONE' && autoAllocateLabel?.toLowerCase() !== 'false' && addresses.length === 0;
  const ports = list(spec.ports).map((p) => record(p));
  checkPorts(ports, addresses, autoAllocation, report);
  const servicePorts = new Set<string>();
  for (const port of ports) if (port) servicePorts.add(typeof port.name === 'string' ? port.name : '');

  switch (resolution) {
    case 'NONE':
      if (record(spec.workloadSelector)) warn(report, 'spec.workloadSelector', 'a workloadSelector should not be combined with resolution NONE (use STATIC to route to the selected workloads)');
      break;
    case 'STATIC':
      list(spec.endpoints).forEach((e, i) => checkWorkloadEntryFields(record(e) ?? {}, `spec.endpoints[${i}]`, report, servicePorts, false));
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      checkDnsResolution(spec, resolution, servicePorts, ports, report);
      break;
    case 'DYNAMIC_DNS':
      checkDynamicDnsResolution(spec, ports, labels, report);
      break;
  }

  // plain TCP cannot tell several hosts apart (HTTP has the authority, TLS the SNI); NONE ignores the hosts
  if (resolution !== 'NONE' && hosts.length > 1) {
    const i = ports.findIndex((p) => p && !HTTP_PROTOCOLS.has(parseProtocol(protocolOf(p)) ?? '') && !TLS_PROTOCOLS.has(parseProtocol(protocolOf(p)) ?? ''));
    if (i >= 0) {
      fail(report, protocolField(ports[i]!, i),
        `a ServiceEntry with several hosts and resolution ${resolution} needs HTTP or TLS ports to tell them apart, got ${showProtocol(ports[i]!)}`);
    }
  }

  checkExportTo(spec.exportTo, place.namespace, 'spec.exportTo', report, true);
}
