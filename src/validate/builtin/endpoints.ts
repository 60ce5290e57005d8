// Endpoints (v1) and EndpointSlices (discovery.k8s.io/v1), as the API server checks them at create: core's
// ValidateEndpointsCreate (each subset with an address, each address an IP that is not special with a DNS label as
// its hostname and a node name, each port named when there are several, in range, with a known protocol, TCP by
// default) and discovery's ValidateEndpointSliceCreate (a known address type; at most 1,000 endpoints of 1 to 100
// addresses of that type, each with a DNS label as its hostname, a node name and at most 8 zone hints, each zone
// once; at most 20,000 ports, their names DNS labels given once, "" included, with a known protocol; the deprecated
// topology a v1 request writes is dropped before validation). An address is checked as netutils.ParseIPSloppy reads
// it and as every version since 1.31 agrees: an IP of the slice's family (net.IP's To4, so an IPv4-mapped IPv6
// address is IPv4), not unspecified, loopback or link-local. The stricter forms later versions ask of a new address
// (no leading zeros, the canonical text) are not checked here; neither are a slice's node hints (behind the alpha
// PreferSameTrafficDistribution gate in 1.33).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, list, num, record, str, stringPointer, text } from './go-values';
import { dnsLabelProblem, dnsSubdomainProblem, ipFamily, labelValueProblem, portNumberProblem, qualifiedNameProblem, specialIpProblem } from './identifiers';
import { checkEnum, Report } from './report';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_ZONE_HINTS = 8;
const MAX_PORTS = 20_000;

/** Built-in validation of an Endpoints object. */
export function checkEndpoints(object: Fields, report: Report): void {
  list(object.subsets).forEach((item, i) => {
    const field = `subsets[${i}]`;
    const subset = record(item) ?? {};
    const addresses = list(subset.addresses);
    const notReady = list(subset.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) report(MESSAGES.requiredValue, field, 'a subset needs addresses or notReadyAddresses');
    addresses.forEach((address, j) => checkEndpointAddress(record(address) ?? {}, `${field}.addresses[${j}]`, report));
    notReady.forEach((address, j) => checkEndpointAddress(record(address) ?? {}, `${field}.notReadyAddresses[${j}]`, report));
    const ports = list(subset.ports);
    ports.forEach((port, j) => checkEndpointPort(record(port) ?? {}, ports.length > 1, `${field}.ports[${j}]`, report));
  });
}

/** validateEndpointAddress. */
function checkEndpointAddress(address: Fields, field: string, report: Report): void {
  checkIp(str(address.ip), undefined, join(field, 'ip'), report);
  const hostname = text(address.hostname);
  const hostnameProblem = hostname === undefined ? undefined : dnsLabelProblem(hostname);
  if (hostnameProblem) report(MESSAGES.invalidFieldValue, join(field, 'hostname'), `must be ${hostnameProblem}, got ${show(hostname)}`);
  checkNodeName(address.nodeName, join(field, 'nodeName'), report);
}

/** An address of `family` (any when undefined) that is not special (ValidateNonSpecialIP). */
function checkIp(ip: string, family: 4 | 6 | undefined, field: string, report: Report): void {
  const found = ipFamily(ip);
  if (found === undefined) {
    report(MESSAGES.invalidFieldValue, field, `must be ${family ? `an IPv${family}` : 'an IP'} address, such as ${family === 6 ? '2001:db8::1' : '10.9.8.7'}, got ${show(ip)}`);
    return;
  }
  if (family && found !== family) report(MESSAGES.invalidFieldValue, field, `must be an IPv${family} address (the slice's addressType), got ${show(ip)}`);
  const special = specialIpProblem(ip);
  if (special) report(MESSAGES.invalidFieldValue, field, `an endpoint may not be ${special}, got ${show(ip)}`);
}

/** ValidateNodeName of a *string: a DNS subdomain. */
function checkNodeName(value: unknown, field: string, report: Report): void {
  const name = stringPointer(value);
  const problem = name === undefined ? undefined : dnsSubdomainProblem(name);
  if (problem) report(MESSAGES.invalidFieldValue, field, `a node name must be ${problem}, got ${show(name)}`);
}

/** validateEndpointPort, after SetDefaults_EndpointPort (TCP). */
function checkEndpointPort(port: Fields, requireName: boolean, field: string, report: Report): void {
  const name = str(port.name);
  if (requireName && name === '') {
    report(MESSAGES.requiredValue, join(field, 'name'), 'each port needs a name when a subset has several');
  } else if (name !== '') {
    const problem = dnsLabelProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `must be ${problem}, got ${show(name)}`);
  }
  const number = num(port.port) ?? 0;
  const portProblem = portNumberProblem(number);
  if (portProblem) report(MESSAGES.invalidPort, join(field, 'port'), `port must be ${portProblem}, got ${number}`);
  checkEnum(port.protocol, PROTOCOLS, join(field, 'protocol'), 'the protocol', report);
  checkAppProtocol(port.appProtocol, join(field, 'appProtocol'), report);
}

/** ValidateQualifiedName of a port's appProtocol, a *string: "" is given, and refused. */
export function checkAppProtocol(value: unknown, field: string, report: Report): void {
  const appProtocol = stringPointer(value);
  const problem = appProtocol === undefined ? undefined : qualifiedNameProblem(appProtocol);
  if (problem) report(MESSAGES.invalidFieldValue, field, `must be ${problem}, got ${show(appProtocol)}`);
}

/** Built-in validation of an EndpointSlice. */
export function checkEndpointSlice(object: Fields, report: Report): void {
  const addressType = str(object.addressType);
  if (addressType === '') report(MESSAGES.requiredValue, 'addressType', `must be one of ${ADDRESS_TYPES.join(', ')}`);
  else checkEnum(addressType, ADDRESS_TYPES, 'addressType', 'the address type', report);
  checkSlicePorts(list(object.ports), report);
  const endpoints = list(object.endpoints);
  if (endpoints.length > MAX_ENDPOINTS) {
    report(MESSAGES.sizeLimitExceeded, 'endpoints', `may hold at most ${MAX_ENDPOINTS} endpoints, got ${endpoints.length}`);
    return;
  }
  endpoints.forEach((item, i) => checkSliceEndpoint(record(item) ?? {}, addressType, `endpoints[${i}]`, report));
}

/** validateEndpoints, for one endpoint. */
function checkSliceEndpoint(endpoint: Fields, addressType: string, field: string, report: Report): void {
  const addresses = list(endpoint.addresses);
  const at = join(field, 'addresses');
  if (addresses.length === 0) report(MESSAGES.requiredValue, at, 'an endpoint needs at least one address');
  else if (addresses.length > MAX_ADDRESSES) report(MESSAGES.sizeLimitExceeded, at, `may hold at most ${MAX_ADDRESSES} addresses, got ${addresses.length}`);
  addresses.forEach((item, i) => {
    const address = str(item);
    if (addressType === 'IPv4' || addressType === 'IPv6') {
      checkIp(address, addressType === 'IPv4' ? 4 : 6, `${at}[${i}]`, report);
    } else if (addressType === 'FQDN') {
      const problem = fullyQualifiedDomainProblem(address);
      if (problem) report(MESSAGES.invalidFieldValue, `${at}[${i}]`, `must be ${problem}, got ${show(address)}`);
    }
  });
  checkNodeName(endpoint.nodeName, join(field, 'nodeName'), report);
  // deprecatedTopology is not checked: the strategy drops it from every request but v1beta1's (dropTopologyOnV1)
  const hostname = stringPointer(endpoint.hostname);
  const hostnameProblem = hostname === undefined ? undefined : dnsLabelProblem(hostname);
  if (hostnameProblem) report(MESSAGES.invalidFieldValue, join(field, 'hostname'), `must be ${hostnameProblem}, got ${show(hostname)}`);
  const zones = list(record(endpoint.hints)?.forZones);
  const zonesField = `${field}.hints.forZones`;
  if (zones.length > MAX_ZONE_HINTS) {
    report(MESSAGES.sizeLimitExceeded, zonesField, `may hold at most ${MAX_ZONE_HINTS} zones, got ${zones.length}`);
    return;
  }
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    const name = str(record(zone)?.name);
    const nameField = `${zonesField}[${i}].name`;
    if (seen.has(name)) report(MESSAGES.invalidFieldValue, nameField, `zone hints must differ: ${show(name)} is given twice`);
    seen.add(name);
    const problem = labelValueProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, nameField, `must be ${problem}, got ${show(name)}`);
  });
}

/** validatePorts of a slice, after SetDefaults_EndpointPort (name "", protocol TCP). */
function checkSlicePorts(ports: unknown[], report: Report): void {
  if (ports.length > MAX_PORTS) {
    report(MESSAGES.sizeLimitExceeded, 'ports', `may hold at most ${MAX_PORTS} ports, got ${ports.length}`);
    return;
  }
  const names = new Set<string>();
  ports.forEach((item, i) => {
    const field = `ports[${i}]`;
    const port = record(item) ?? {};
    const name = str(port.name);
    const problem = name === '' ? undefined : dnsLabelProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `must be ${problem}, got ${show(name)}`);
    if (names.has(name)) report(MESSAGES.invalidFieldValue, join(field, 'name'), `port names must differ within a slice: ${show(name)} is given twice`);
    names.add(name);
    checkEnum(port.protocol, PROTOCOLS, join(field, 'protocol'), 'the protocol', report, stringPointer);
    checkAppProtocol(port.appProtocol, join(field, 'appProtocol'), report);
  });
}

/** IsFullyQualifiedDomainName: a DNS subdomain of at least two labels, a trailing dot allowed. */
function fullyQualifiedDomainProblem(name: string): string | undefined {
  if (name === '') return 'a fully qualified domain name, such as db.example.com';
  const domain = name.endsWith('.') ? name.slice(0, -1) : name;
  const problem = dnsSubdomainProblem(domain);
  if (problem) return `a fully qualified domain name: ${problem}`;
  const labels = domain.split('.');
  if (labels.length < 2) return 'a fully qualified domain name of at least two labels, such as db.example.com';
  const label = labels.find((l) => dnsLabelProblem(l) !== undefined);
  return label === undefined ? undefined : `a fully qualified domain name whose labels are each ${dnsLabelProblem(label)}, not ${show(label)}`;
}
