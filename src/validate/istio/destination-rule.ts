// DestinationRules as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateDestinationRule, validateTrafficPolicy, validateSubset).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, isSet, list, num, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { checkConnectionPool } from './connection-pool';
import { checkDurationFields } from './durations';
import { fqdnProblem, isIpAddress, wildcardDomainProblem } from './hosts';
import { checkExportTo, checkLabelMap, checkSubsetName } from './names';
import { checkSelectorLabels } from './selectors';
import { fail } from './verdicts';

const POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];

function checkOutlierDetection(value: unknown, field: string, report: Report): void {
  const outlier = record(value);
  if (!outlier) return;
  checkDurationFields(outlier, ['baseEjectionTime', 'interval'], field, report);
  if (outlier.splitExternalLocalOriginErrors !== true && (num(outlier.consecutiveLocalOriginFailures) ?? 0) > 0) {
    fail(report, join(field, 'consecutiveLocalOriginFailures'), 'consecutiveLocalOriginFailures needs splitExternalLocalOriginErrors: true');
  }
  for (const name of ['maxEjectionPercent', 'minHealthPercent']) {
    const percent = num(outlier[name]);
    if (percent !== undefined && (percent < 0 || percent > 100)) fail(report, join(field, name), `${name} must be between 0 and 100, got ${percent}`);
  }
  if ((num(outlier.consecutiveErrors) ?? 0) !== 0) {
    report(MESSAGES.istioValidationWarning, join(field, 'consecutiveErrors'), 'consecutiveErrors is deprecated: use consecutiveGatewayErrors or consecutive5xxErrors');
  }
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

function checkLoadBalancer(value: unknown, field: string, report: Report): void {
  const lb = record(value);
  if (!lb) return;
  const hash = record(lb.consistentHash);
  const cookie = record(hash?.httpCookie);
  if (cookie && text(cookie.name) === undefined) fail(report, `${field}.consistentHash.httpCookie.name`, 'an httpCookie needs a name');
  const maglev = record(hash?.maglev);
  if (maglev) {
    const size = num(maglev.tableSize) ?? 0;
    if (size === 0 || size >= 5000011 || !isPrime(size)) {
      fail(report, `${field}.consistentHash.maglev.tableSize`, `maglev tableSize must be a prime number below 5000011, got ${size}`);
    }
  }
  const warmup = record(lb.warmup);
  if (warmup) {
    if (!isSet(warmup.duration)) fail(report, `${field}.warmup.duration`, 'warmup needs a duration');
    checkDurationFields(warmup, ['duration'], join(field, 'warmup'), report);
    const minimum = num(record(warmup.minimumPercent)?.value) ?? num(warmup.minimumPercent);
    if (minimum !== undefined && minimum > 100) fail(report, `${field}.warmup.minimumPercent`, `minimumPercent must be at most 100, got ${minimum}`);
    const aggression = num(record(warmup.aggression)?.value) ?? num(warmup.aggression);
    if (aggression !== undefined && aggression < 1) fail(report, `${field}.warmup.aggression`, `aggression must be at least 1, got ${aggression}`);
  }
}

/** A traffic policy: not empty, and each part as validateTrafficPolicy checks it. */
function checkTrafficPolicy(value: unknown, field: string, report: Report): void {
  const policy = record(value);
  if (!policy) return;
  if (!POLICY_FIELDS.some((f) => isSet(policy[f]))) return fail(report, field, `a traffic policy must set at least one of ${POLICY_FIELDS.join(', ')}`);
  if (isSet(policy.tunnel) && isSet(policy.proxyProtocol)) return fail(report, field, 'tunnel and proxyProtocol may not both be set');
  checkOutlierDetection(policy.outlierDetection, join(field, 'outlierDetection'), report);
  checkConnectionPool(policy.connectionPool, join(field, 'connectionPool'), report);
  checkLoadBalancer(policy.loadBalancer, join(field, 'loadBalancer'), report);
  list(policy.portLevelSettings).forEach((s, i) => {
    const setting = record(s) ?? {};
    const path = `${field}.portLevelSettings[${i}]`;
    if (!record(setting.port)) fail(report, `${path}.port`, 'a port traffic policy needs a port');
    if (!['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'].some((f) => isSet(setting[f]))) {
      fail(report, path, 'a port traffic policy must set at least one of outlierDetection, connectionPool, loadBalancer, tls');
    }
    checkOutlierDetection(setting.outlierDetection, `${path}.outlierDetection`, report);
    checkConnectionPool(setting.connectionPool, `${path}.connectionPool`, report);
    checkLoadBalancer(setting.loadBalancer, `${path}.loadBalancer`, report);
  });
  const tunnel = record(policy.tunnel);
  if (tunnel) {
    const protocol = text(tunnel.protocol);
    if (protocol !== undefined && protocol !== 'CONNECT' && protocol !== 'POST') fail(report, `${field}.tunnel.protocol`, `tunnel protocol must be CONNECT or POST, got ${show(protocol)}`);
    const host = typeof tunnel.targetHost === 'string' ? tunnel.targetHost : '';
    if (fqdnProblem(host) && !isIpAddress(host)) fail(report, `${field}.tunnel.targetHost`, `tunnel targetHost must be an FQDN or an IP address, got ${show(host)}`);
    const port = num(tunnel.targetPort) ?? 0;
    if (port < 1 || port > 65535) fail(report, `${field}.tunnel.targetPort`, `tunnel targetPort must be between 1 and 65535, got ${port}`);
  }
  const version = num(record(policy.proxyProtocol)?.version);
  if (typeof record(policy.proxyProtocol)?.version === 'string') {
    const v = record(policy.proxyProtocol)?.version;
    if (v !== 'V1' && v !== 'V2') fail(report, `${field}.proxyProtocol.version`, `proxy protocol version must be V1 or V2, got ${show(v)}`);
  } else if (version !== undefined && version !== 0 && version !== 1) {
    fail(report, `${field}.proxyProtocol.version`, `proxy protocol version must be V1 or V2, got ${version}`);
  }
}

/** The webhook's checks of one DestinationRule. */
export function checkDestinationRule(spec: Fields, namespace: string, report: Report): void {
  const host = typeof spec.host === 'string' ? spec.host : '';
  const problem = wildcardDomainProblem(host);
  if (problem) fail(report, 'spec.host', `host ${problem}, got ${show(host)}`);
  checkTrafficPolicy(spec.trafficPolicy, 'spec.trafficPolicy', report);
  const names = new Map<string, number>();
  list(spec.subsets).forEach((s, i) => {
    const subset = record(s);
    const path = `spec.subsets[${i}]`;
    if (!subset) return fail(report, path, 'a subset may not be null');
    const name = subset.name;
    checkSubsetName(name, `${path}.name`, report);
    if (typeof name === 'string' && names.has(name)) fail(report, `${path}.name`, `subset name ${show(name)} is already used by spec.subsets[${names.get(name)}]`);
    else if (typeof name === 'string') names.set(name, i);
    checkLabelMap(subset.labels, `${path}.labels`, report);
    checkTrafficPolicy(subset.trafficPolicy, `${path}.trafficPolicy`, report);
  });
  checkExportTo(spec.exportTo, namespace, 'spec.exportTo', report);
  checkSelectorLabels(spec.workloadSelector, 'matchLabels', 'spec.workloadSelector', report);
  if (record(spec.workloadSelector) && list(spec.exportTo).some((e) => e !== '.' && e !== namespace)) {
    fail(report, 'spec.exportTo', `a DestinationRule with a workloadSelector may only be exported to its own namespace, got ${show(spec.exportTo)}`);
  }
}
