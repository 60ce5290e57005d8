// NetworkPolicies (networking.k8s.io/v1), as pkg/apis/networking/validation's ValidateNetworkPolicySpec checks them
// at create: selectors; each rule's ports (a protocol, a port number or name, an end port only after a port number
// and not below it) and peers (a pod or namespace selector, or an IP block alone, whose exceptions lie strictly
// inside its CIDR, both read as netutils.ParseCIDRSloppy reads them: StrictIPCIDRValidation is alpha and off in
// 1.33); at most two policy types, each Ingress or Egress. A port's protocol left out is TCP (its default).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, isSet, list, num, record, str } from './go-values';
import { cidrNetwork, networkContains, portNameProblem, portNumberProblem } from './identifiers';
import { checkLabelSelector } from './metadata';
import { Report } from './report';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const CIDR_RULE = 'a CIDR such as 10.9.8.0/24 or 2001:db8::/64';

/** Built-in validation of a NetworkPolicy's spec. */
export function checkNetworkPolicy(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  checkLabelSelector(spec.podSelector, 'spec.podSelector', report);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']]) {
    list(spec[direction]).forEach((r, i) => {
      const rule = record(r) ?? {};
      const field = `spec.${direction}[${i}]`;
      list(rule.ports).forEach((p, j) => checkPort(record(p) ?? {}, `${field}.ports[${j}]`, report));
      list(rule[peers]).forEach((p, j) => checkPeer(record(p) ?? {}, `${field}.${peers}[${j}]`, report));
    });
  }
  const types = list(spec.policyTypes);
  if (types.length > 2) {
    report(MESSAGES.invalidFieldValue, 'spec.policyTypes', `may name at most two policy types (Ingress, Egress), got ${types.length}`);
    return;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(str(t))) report(MESSAGES.unsupportedValue, `spec.policyTypes[${i}]`, `must be one of ${POLICY_TYPES.join(', ')}, got ${show(t)}`);
  });
}

/** ValidateNetworkPolicyPort. */
function checkPort(port: Fields, field: string, report: Report): void {
  const protocol = isSet(port.protocol) ? str(port.protocol) : 'TCP';
  if (!PROTOCOLS.includes(protocol)) report(MESSAGES.unsupportedValue, join(field, 'protocol'), `must be one of ${PROTOCOLS.join(', ')}, got ${show(protocol)}`);
  const endPort = num(port.endPort);
  const endField = join(field, 'endPort');
  if (typeof port.port === 'number') {
    const problem = portNumberProblem(port.port);
    if (problem) report(MESSAGES.invalidPort, join(field, 'port'), `must be ${problem}, got ${port.port}`);
    if (endPort === undefined) return;
    if (endPort < port.port) report(MESSAGES.invalidPort, endField, `must be at least port (${port.port}), got ${endPort}`);
    const endProblem = portNumberProblem(endPort);
    if (endProblem) report(MESSAGES.invalidPort, endField, `must be ${endProblem}, got ${endPort}`);
  } else if (typeof port.port === 'string') {
    if (endPort !== undefined) report(MESSAGES.invalidPort, endField, `may not be given when port is a name (${show(port.port)})`);
    const problem = portNameProblem(port.port);
    if (problem) report(MESSAGES.invalidPort, join(field, 'port'), `must be ${problem}, got ${show(port.port)}`);
  } else if (endPort !== undefined) {
    report(MESSAGES.invalidPort, endField, 'may not be given without a port');
  }
}

/** ValidateNetworkPolicyPeer: selectors, or an IP block alone. */
function checkPeer(peer: Fields, field: string, report: Report): void {
  checkLabelSelector(peer.podSelector, join(field, 'podSelector'), report);
  checkLabelSelector(peer.namespaceSelector, join(field, 'namespaceSelector'), report);
  const ipBlock = record(peer.ipBlock);
  if (ipBlock) checkIpBlock(ipBlock, join(field, 'ipBlock'), report);
  const given = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((key) => isSet(peer[key]));
  if (given.length === 0) report(MESSAGES.requiredValue, field, 'a peer needs a podSelector, a namespaceSelector or an ipBlock');
  else if (given.length > 1 && ipBlock) report(MESSAGES.invalidFieldValue, field, 'a peer with an ipBlock may not also have a podSelector or namespaceSelector');
}

/** ValidateIPBlock: a CIDR, and exceptions strictly inside it. */
function checkIpBlock(ipBlock: Fields, field: string, report: Report): void {
  const cidr = str(ipBlock.cidr);
  if (cidr === '') {
    report(MESSAGES.requiredValue, join(field, 'cidr'), 'an ipBlock needs a cidr');
    return;
  }
  const network = cidrNetwork(cidr);
  if (!network) {
    report(MESSAGES.invalidFieldValue, join(field, 'cidr'), `must be ${CIDR_RULE}, got ${show(cidr)}`);
    return;
  }
  list(ipBlock.except).forEach((e, i) => {
    const path = `${join(field, 'except')}[${i}]`;
    const except = cidrNetwork(str(e));
    if (!except) report(MESSAGES.invalidFieldValue, path, `must be ${CIDR_RULE}, got ${show(e)}`);
    // the prefix lengths compare as written, whatever their families
    else if (!networkContains(network, except) || network.ones >= except.ones) {
      report(MESSAGES.invalidFieldValue, path, `must be a strict subset of cidr (${cidr}), got ${show(e)}`);
    }
  });
}
