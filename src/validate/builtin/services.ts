// Services (ValidateService, validateServicePort, validateServiceExternalTrafficPolicy,
// ValidateServiceClusterIPsRelatedFields, and the node port allocator): port numbers, names and protocols,
// type-dependent fields, cluster IPs and their families, and the enumerated policies. Left out: whether a clusterIP lies
// in the cluster's service range, and whether the cluster is dual-stack (RequireDualStack on a single-stack cluster).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, isSet, list, num, record, text } from './go-values';
import { dnsLabelProblem, dnsSubdomainProblem, isCidr, isIp, qualifiedNameProblem, specialIpProblem } from './identifiers';
import { checkLabels } from './metadata';
import { checkPortNumber, checkPortNumberOrName, checkProtocol } from './ports';
import { checkAppProtocol } from './endpoints';
import { checkEnum, Report } from './report';

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
/** kube-apiserver's default --service-node-port-range. */
const NODE_PORT_RANGE = [30000, 32767];
const MAPPED_IPV4 = /^::ffff:\d+\.\d+\.\d+\.\d+$/i;
/** netutils.IsIPv6String: an address Go does not read as IPv4 (IPv4-mapped IPv6 reads as IPv4). */
const isV6 = (ip: string) => ip.includes(':') && !MAPPED_IPV4.test(ip);
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
export const TOPOLOGY_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';
export const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';

function checkPorts(spec: Fields, type: string, report: Report): void {
  const ports = list(spec.ports);
  const names = new Map<string, number>();
  const pairs = new Map<string, number>();
  const nodePorts = new Map<string, number>();
  ports.forEach((p, i) => {
    const port = record(p) ?? {};
    const path = `spec.ports[${i}]`;
    const name = text(port.name);
    if (name === undefined) {
      if (ports.length > 1) report(MESSAGES.invalidPort, `${path}.name`, `a port name is required when a Service has ${ports.length} ports`);
    } else {
      const problem = dnsLabelProblem(name);
      if (problem) report(MESSAGES.invalidPort, `${path}.name`, `port name must be ${problem}, got ${show(name)}`);
      else if (names.has(name)) report(MESSAGES.invalidPort, `${path}.name`, `port name ${show(name)} is already used by spec.ports[${names.get(name)}]`);
      else names.set(name, i);
    }
    checkPortNumber(port.port, `${path}.port`, report, 'port');
    checkProtocol(port.protocol, `${path}.protocol`, report);
    // 0 and "" are defaulted to the port
    if (port.targetPort !== 0 && port.targetPort !== '') checkPortNumberOrName(port.targetPort, `${path}.targetPort`, report, 'targetPort');
    checkAppProtocol(port.appProtocol, `${path}.appProtocol`, report);
    const protocol = text(port.protocol) ?? 'TCP';
    // ValidateService compares the pairs once the protocol is defaulted to TCP (the schema's list check is left to
    // this: accepted-duplicates.ts)
    if (typeof port.port === 'number') {
      const first = pairs.get(`${port.port}/${protocol}`);
      if (first === undefined) pairs.set(`${port.port}/${protocol}`, i);
      else report(MESSAGES.invalidPort, path, `port ${port.port}/${protocol} is already exposed by spec.ports[${first}]`);
    }
    const nodePort = num(port.nodePort) ?? 0;
    // an ExternalName Service's node ports are neither forbidden nor allocated
    if (nodePort === 0 || type === 'ExternalName') return;
    if (type === 'ClusterIP') {
      report(MESSAGES.invalidPort, `${path}.nodePort`, `nodePort may not be set when type is ${type}, got ${nodePort}`);
    } else if (nodePort < NODE_PORT_RANGE[0] || nodePort > NODE_PORT_RANGE[1]) {
      report(MESSAGES.invalidPort, `${path}.nodePort`,
        `nodePort must be in the API server's node port range (${NODE_PORT_RANGE.join('-')} by default), got ${nodePort}`);
    } else if (nodePorts.has(`${nodePort}/${protocol}`)) {
      report(MESSAGES.invalidPort, `${path}.nodePort`, `nodePort ${nodePort}/${protocol} is already used by spec.ports[${nodePorts.get(`${nodePort}/${protocol}`)}]`);
    } else nodePorts.set(`${nodePort}/${protocol}`, i);
  });
}

function checkAddresses(spec: Fields, type: string, report: Report): void {
  const clusterIP = text(spec.clusterIP);
  const headless = clusterIP === 'None';
  if (type === 'ExternalName') {
    if (clusterIP !== undefined || list(spec.clusterIPs).length > 0) {
      report(MESSAGES.invalidFieldValue, 'spec.clusterIP', `clusterIP may not be set when type is ExternalName, got ${show(clusterIP ?? spec.clusterIPs)}`);
    }
    if (list(spec.ipFamilies).length > 0) report(MESSAGES.invalidFieldValue, 'spec.ipFamilies', 'ipFamilies may not be set when type is ExternalName');
    if (isSet(spec.ipFamilyPolicy)) report(MESSAGES.invalidFieldValue, 'spec.ipFamilyPolicy', 'ipFamilyPolicy may not be set when type is ExternalName');
    const cname = (text(spec.externalName) ?? '').replace(/\.$/, '');
    const problem = cname === '' ? undefined : dnsSubdomainProblem(cname);
    if (cname === '') report(MESSAGES.requiredValue, 'spec.externalName', 'externalName is required when type is ExternalName');
    else if (problem) report(MESSAGES.invalidFieldValue, 'spec.externalName', `externalName must be ${problem}, got ${show(spec.externalName)}`);
  } else {
    if (headless && (type === 'NodePort' || type === 'LoadBalancer')) report(MESSAGES.invalidFieldValue, 'spec.clusterIP', `clusterIP may not be None when type is ${type}`);
    checkClusterIPs(spec, report);
  }
  list(spec.externalIPs).forEach((ip, i) => {
    const special = typeof ip === 'string' && isIp(ip) ? specialIpProblem(ip) : undefined;
    if (typeof ip !== 'string' || !isIp(ip)) report(MESSAGES.invalidFieldValue, `spec.externalIPs[${i}]`, `must be an IP address, got ${show(ip)}`);
    else if (special) report(MESSAGES.invalidFieldValue, `spec.externalIPs[${i}]`, `an external IP may not be ${special}, got ${show(ip)}`);
  });
  list(spec.loadBalancerSourceRanges).forEach((range, i) => {
    if (typeof range === 'string' && !isCidr(range.trim())) {
      report(MESSAGES.invalidFieldValue, `spec.loadBalancerSourceRanges[${i}]`, `must be a CIDR such as 10.0.0.0/8, got ${show(range)}`);
    }
  });
}

/**
 * ValidateServiceClusterIPsRelatedFields, which the IP allocator runs before anything is allocated: clusterIPs start
 * with clusterIP (the registry fills clusterIPs from clusterIP, not the other way), hold "None" alone or one valid IP
 * of each family, and match ipFamilies position by position.
 */
function checkClusterIPs(spec: Fields, report: Report): void {
  const clusterIP = text(spec.clusterIP);
  const given = list(spec.clusterIPs).map((ip) => (typeof ip === 'string' ? ip : ''));
  const clusterIPs = given.length === 0 && clusterIP !== undefined ? [clusterIP] : given;
  if (clusterIP !== undefined && clusterIPs[0] !== clusterIP) {
    report(MESSAGES.invalidFieldValue, 'spec.clusterIPs[0]', `clusterIPs[0] must equal clusterIP ${show(clusterIP)}, got ${show(clusterIPs[0])}`);
  } else if (clusterIP === undefined && clusterIPs.length > 0) {
    report(MESSAGES.invalidFieldValue, 'spec.clusterIPs', `clusterIPs must be empty when clusterIP is not set, got ${show(clusterIPs)}`);
  }
  const families = list(spec.ipFamilies);
  const seen = new Set<unknown>();
  families.forEach((family, i) => {
    if (family !== 'IPv4' && family !== 'IPv6') report(MESSAGES.unsupportedValue, `spec.ipFamilies[${i}]`, `ip family must be one of IPv4, IPv6, got ${show(family)}`);
    else if (seen.has(family)) report(MESSAGES.invalidFieldValue, `spec.ipFamilies[${i}]`, `ip family ${show(family)} is listed twice`);
    seen.add(family);
  });
  checkEnum(spec.ipFamilyPolicy, ['SingleStack', 'PreferDualStack', 'RequireDualStack'], 'spec.ipFamilyPolicy', 'ipFamilyPolicy', report);
  let invalid = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) report(MESSAGES.invalidFieldValue, 'spec.clusterIPs', `"None" must be the only clusterIP, got ${show(clusterIPs)}`);
      invalid ||= clusterIPs.length > 1;
    } else if (!isIp(ip)) {
      invalid = true;
      report(MESSAGES.invalidFieldValue, i === 0 && given.length === 0 ? 'spec.clusterIP' : `spec.clusterIPs[${i}]`, `clusterIP must be empty, None or an IP address, got ${show(ip)}`);
    }
  });
  if (clusterIPs.length > 2) report(MESSAGES.invalidFieldValue, 'spec.clusterIPs', `clusterIPs may hold at most 2 addresses, got ${clusterIPs.length}`);
  if (invalid) return;
  if (clusterIPs.length === 2 && isV6(clusterIPs[0]) === isV6(clusterIPs[1])) {
    report(MESSAGES.invalidFieldValue, 'spec.clusterIPs', `clusterIPs may hold one address of each IP family, got ${show(clusterIPs)}`);
  }
  if (clusterIPs[0] === 'None') return;
  clusterIPs.forEach((ip, i) => {
    const family = families[i];
    if ((family === 'IPv4' && isV6(ip)) || (family === 'IPv6' && !isV6(ip))) {
      report(MESSAGES.invalidFieldValue, `spec.clusterIPs[${i}]`, `clusterIPs[${i}] must be an ${family} address, as ipFamilies[${i}] says, got ${show(ip)}`);
    }
  });
}

function checkPolicies(spec: Fields, type: string, report: Report): void {
  const affinity = text(spec.sessionAffinity) ?? 'None';
  checkEnum(affinity, ['ClientIP', 'None'], 'spec.sessionAffinity', 'sessionAffinity', report);
  const config = record(spec.sessionAffinityConfig);
  if (affinity === 'None' && config) {
    report(MESSAGES.invalidFieldValue, 'spec.sessionAffinityConfig', 'sessionAffinityConfig may not be set when sessionAffinity is None');
  }
  const timeout = num(record(config?.clientIP)?.timeoutSeconds);
  if (affinity === 'ClientIP' && timeout !== undefined && (timeout <= 0 || timeout > 86400)) {
    report(MESSAGES.invalidFieldValue, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', `timeoutSeconds must be between 1 and 86400, got ${timeout}`);
  }
  const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && list(spec.externalIPs).length > 0);
  const trafficPolicy = text(spec.externalTrafficPolicy);
  if (trafficPolicy !== undefined && !external) {
    report(MESSAGES.invalidFieldValue, 'spec.externalTrafficPolicy', `externalTrafficPolicy may only be set on externally reachable Services (NodePort, LoadBalancer, or with externalIPs), got ${show(trafficPolicy)}`);
  } else {
    checkEnum(trafficPolicy, ['Cluster', 'Local'], 'spec.externalTrafficPolicy', 'externalTrafficPolicy', report);
  }
  checkEnum(spec.internalTrafficPolicy, ['Cluster', 'Local'], 'spec.internalTrafficPolicy', 'internalTrafficPolicy', report);
  // validateServiceTrafficDistribution: PreferSameZone and PreferSameNode need the PreferSameTrafficDistribution gate (alpha, off in 1.33)
  if (isSet(spec.trafficDistribution) && spec.trafficDistribution !== 'PreferClose') {
    report(MESSAGES.unsupportedValue, 'spec.trafficDistribution', `trafficDistribution must be PreferClose, got ${show(spec.trafficDistribution)}`);
  }
  const healthCheck = num(spec.healthCheckNodePort) ?? 0;
  if (healthCheck !== 0 && !(type === 'LoadBalancer' && trafficPolicy === 'Local')) {
    report(MESSAGES.invalidPort, 'spec.healthCheckNodePort', 'healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local');
  } else if (healthCheck !== 0) {
    checkPortNumber(healthCheck, 'spec.healthCheckNodePort', report, 'healthCheckNodePort');
  }
  if (type !== 'LoadBalancer') {
    for (const f of ['loadBalancerSourceRanges', 'allocateLoadBalancerNodePorts', 'loadBalancerClass']) {
      const v = spec[f];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
        report(MESSAGES.invalidFieldValue, join('spec', f), `${f} may only be set when type is LoadBalancer, got type ${type}`);
      }
    }
  } else if (typeof spec.loadBalancerClass === 'string') {
    const problem = qualifiedNameProblem(spec.loadBalancerClass);
    if (problem) report(MESSAGES.invalidFieldValue, 'spec.loadBalancerClass', `loadBalancerClass must be ${problem}, got ${show(spec.loadBalancerClass)}`);
  }
}

/** The Service annotations ValidateService reads: the source ranges of a LoadBalancer, and the two topology keys. */
function checkAnnotations(object: Fields, spec: Fields, type: string, report: Report): void {
  const annotations = record(record(object.metadata)?.annotations) ?? {};
  const hints = annotations[TOPOLOGY_HINTS_ANNOTATION];
  const mode = annotations[TOPOLOGY_MODE_ANNOTATION];
  if (typeof hints === 'string' && typeof mode === 'string' && hints !== mode) {
    report(MESSAGES.invalidFieldValue, join('metadata.annotations', TOPOLOGY_MODE_ANNOTATION),
      `annotation ${TOPOLOGY_MODE_ANNOTATION} must equal ${TOPOLOGY_HINTS_ANNOTATION} when both are set, got ${show(mode)} and ${show(hints)}`);
  }
  // the annotation is read only when the field is empty
  const ranges = annotations[SOURCE_RANGES_ANNOTATION];
  if (list(spec.loadBalancerSourceRanges).length > 0 || typeof ranges !== 'string') return;
  const field = join('metadata.annotations', SOURCE_RANGES_ANNOTATION);
  if (type !== 'LoadBalancer') report(MESSAGES.invalidFieldValue, field, `annotation ${SOURCE_RANGES_ANNOTATION} may only be set when type is LoadBalancer, got type ${type}`);
  if (ranges.trim() === '') return;
  for (const range of ranges.trim().split(',')) {
    if (!isCidr(range.trim())) report(MESSAGES.invalidFieldValue, field, `must list CIDRs such as 10.0.0.0/8 separated by commas, got ${show(range.trim())}`);
  }
}

/** Built-in validation of a Service. */
export function checkService(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  const type = text(spec.type) ?? 'ClusterIP';
  checkEnum(type, SERVICE_TYPES, 'spec.type', 'Service type', report);
  const headless = spec.clusterIP === 'None';
  if (list(spec.ports).length === 0 && !headless && type !== 'ExternalName') {
    report(MESSAGES.requiredValue, 'spec.ports', 'a Service needs at least one port (unless it is headless or of type ExternalName)');
  }
  checkPorts(spec, type, report);
  checkLabels(spec.selector, 'spec.selector', report);
  checkAddresses(spec, type, report);
  checkPolicies(spec, type, report);
  checkAnnotations(object, spec, type, report);
}
