// DestinationRules as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateDestinationRule, validateTrafficPolicy, validatePortTrafficPolicies,
// validateOutlierDetection, validateLoadBalancer, validateTunnelSettings, validateSubset, validateExportTo; the agent
// package's ValidateTLS and ValidateLocalityLbSetting).
// Left to the CRD schema, as they can never fire here: a null subset or port-level setting (list items are objects),
// a subset without a name (`required: [name]`; an empty one still reaches the webhook), a proxyProtocol version other
// than V1 and V2 (an enum), durations below 1ms (CEL rules), a warmup without a duration (`required`) or with a
// minimumPercent above 100 (`maximum: 100`), an httpCookie without a name (`required`; an empty one still reaches the
// webhook), more than one of simple/consistentHash and of the hash keys and algorithms (`oneOf`).
// The webhook decodes a list without items (`[]`) as no list (jsonpb), so `portLevelSettings: []` does not make a
// traffic policy non-empty and `subjectAltNames: []` sets no SAN. Go iterates a distribute entry's `to` map in random
// order, and whether two localities overlap can depend on which comes first ("us/*" before "us/east" is refused, after
// it is not): such a pair is refused here whatever the order, since the webhook may refuse it.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, num, record, str, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { parseAddress } from '../go-netip';
import { checkConnectionPool } from './connection-pool';
import { decodedDuration } from '../go-duration';
import { checkDurationFields } from './durations';
import { fqdnProblem, isIstioLabel, wildcardDomainProblem } from './hosts';
import { checkExportTo, checkLabelMap, checkSubsetName } from './names';
import { checkSelectorLabels } from './selectors';
import { fail, warn } from './verdicts';

const POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];
const PORT_POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'];
// the node labels a failoverPriority may not list beside failover, which already fails over by them
const TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);
const CONFIGMAP = 'configmap://';

/** Whether a traffic policy field is set as the webhook decodes it: a list only when it has items. */
function present(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isSet(value);
}

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

/** Envoy's primality test, which Istio copies: 1, 2 and 3 are prime. */
function isPrime(n: number): boolean {
  if (n !== 0 && n < 4) return true;
  if (n % 2 === 0) return false;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

interface Locality {
  readonly text: string;
  readonly region: string;
  readonly zone: string;
  readonly subzone: string;
  /** 0 for a region, 1 for a zone, 2 for a subzone. */
  readonly level: number;
}

/** A locality (`region[/zone[/subzone]]`, a trailing `*` for all), or why it is refused. */
function parseLocality(locality: string): Locality | string {
  const stars = locality.split('*').length - 1;
  if (stars > 1 || (stars === 1 && !locality.endsWith('*'))) return `locality ${show(locality)} may hold one wildcard *, only at its end`;
  const first = locality.indexOf('/');
  const second = first < 0 ? -1 : locality.indexOf('/', first + 1);
  const items = first < 0 ? [locality] : second < 0 ? [locality.slice(0, first), locality.slice(first + 1)]
    : [locality.slice(0, first), locality.slice(first + 1, second), locality.slice(second + 1)];
  if (items.includes('')) return `locality ${show(locality)} has an empty region, zone or subzone`;
  return { text: locality, region: items[0], zone: items[1] ?? '', subzone: items[2] ?? '', level: items.length - 1 };
}

/** Whether validateLocalities refuses locality `b` once it has taken `a`. */
function overlaps(a: Locality, b: Locality): boolean {
  if (a.level === 0 && a.region === '*') return true;
  if (a.region !== b.region) return false;
  if (b.level === 0) return true;
  // the whole region, or all its zones ("region/*"), was taken
  if (a.level === 0 || (a.level === 1 && a.zone === '*')) return true;
  if (a.zone !== b.zone) return false;
  // the same zone: a zone after a zone or a subzone of it; a subzone after its zone, all its subzones, or itself
  return b.level === 1 || a.level === 1 || a.subzone === '*' || a.subzone === b.subzone;
}

/**
 * Why a list of localities is refused (validateLocalities: well formed, none overlapping another), or undefined;
 * `ordered` for a list, whose order Go follows, rather than the keys of a map, which Go reads in random order.
 */
function localitiesProblem(localities: readonly string[], ordered: boolean): string | undefined {
  const parsed: Locality[] = [];
  for (const locality of localities) {
    const result = parseLocality(locality);
    if (typeof result === 'string') return result;
    parsed.push(result);
  }
  for (let j = 0; j < parsed.length; j++) {
    for (let i = 0; i < (ordered ? j : parsed.length); i++) {
      if (i !== j && overlaps(parsed[i], parsed[j])) return `locality ${show(parsed[j].text)} overlaps ${show(parsed[i].text)}`;
    }
  }
  return undefined;
}

/** A load balancer's localityLbSetting (ValidateLocalityLbSetting); `outlier` is the outlierDetection beside it. */
function checkLocalityLb(value: unknown, outlier: unknown, field: string, report: Report): void {
  const lb = record(value);
  if (!lb) return;
  const distribute = list(lb.distribute);
  const failover = list(lb.failover);
  const priorities = list(lb.failoverPriority);
  if (distribute.length > 0 && failover.length > 0) return fail(report, field, 'distribute and failover may not both be set');
  if (failover.length > 0) {
    const i = priorities.findIndex((p) => TOPOLOGY_LABELS.has(str(p)));
    if (i >= 0) {
      return fail(report, `${field}.failoverPriority[${i}]`,
        `failoverPriority may not list the topology label ${show(priorities[i])} when failover is set, which fails over by region already`);
    }
  }
  const sources: string[] = [];
  for (const [i, d] of distribute.entries()) {
    const entry = record(d) ?? {};
    const path = `${field}.distribute[${i}].to`;
    sources.push(str(entry.from));
    const weights = entries(entry.to);
    let total = 0;
    for (const [locality, weight] of weights) {
      const w = num(weight) ?? 0;
      if (w <= 0 || w > 100) return fail(report, join(path, locality), `a locality weight must be between 1 and 100, got ${w}`);
      total += w;
    }
    if (total !== 100) return fail(report, path, `the locality weights must add up to 100, got ${total}`);
    const problem = localitiesProblem(weights.map(([locality]) => locality), false);
    if (problem) fail(report, path, problem);
  }
  const problem = localitiesProblem(sources, true);
  if (problem) fail(report, `${field}.distribute`, `the from localities: ${problem}`);
  if ((failover.length > 0 || priorities.length > 0) && !record(outlier)) {
    warn(report, field, 'failover needs an outlierDetection beside the load balancer: without one no endpoint is found unhealthy to fail over from');
  }
  failover.forEach((f, i) => {
    const entry = record(f) ?? {};
    const [from, to] = [str(entry.from), str(entry.to)];
    const path = `${field}.failover[${i}]`;
    if (from === to) fail(report, path, `failover from and to must be different regions, got ${show(from)} for both`);
    if (from.includes('/') || to.includes('/')) fail(report, path, `failover from and to must be regions, without zone or subzone, got ${show(from)} and ${show(to)}`);
    if (from.includes('*') || to.includes('*')) fail(report, path, `failover from and to may not hold a wildcard, got ${show(from)} and ${show(to)}`);
  });
}

function checkLoadBalancer(value: unknown, outlier: unknown, field: string, report: Report): void {
  const lb = record(value);
  if (!lb) return;
  const hash = record(lb.consistentHash);
  const hashPath = `${field}.consistentHash`;
  const cookie = record(hash?.httpCookie);
  if (cookie) {
    const path = `${hashPath}.httpCookie`;
    if (text(cookie.name) === undefined) fail(report, `${path}.name`, 'an httpCookie needs a name');
    // no CEL rule reads the ttl, and the webhook cannot decode one that is no duration
    if (typeof cookie.ttl === 'string' && decodedDuration(cookie.ttl) === undefined) {
      fail(report, `${path}.ttl`, `ttl must be a duration such as 30s or 1h, got ${show(cookie.ttl)}`);
    }
    const attributes = new Map<string, number>();
    list(cookie.attributes).forEach((a, i) => {
      const name = str(record(a)?.name);
      const namePath = `${path}.attributes[${i}].name`;
      if (name === '') return fail(report, namePath, 'a cookie attribute needs a name');
      const first = attributes.get(name);
      if (first !== undefined) fail(report, namePath, `cookie attribute ${show(name)} is already set by ${path}.attributes[${first}]`);
      else attributes.set(name, i);
    });
  }
  if ((num(hash?.minimumRingSize) ?? 0) !== 0) {
    warn(report, `${hashPath}.minimumRingSize`, 'minimumRingSize is deprecated: use ringHash.minimumRingSize');
    if (isSet(hash?.ringHash) || isSet(hash?.maglev)) {
      fail(report, `${hashPath}.minimumRingSize`, 'minimumRingSize may not be set beside ringHash or maglev: set the ring size in ringHash');
    }
  }
  const maglev = record(hash?.maglev);
  if (maglev) {
    const size = num(maglev.tableSize) ?? 0;
    if (size === 0 || size >= 5000011 || !isPrime(size)) {
      fail(report, `${hashPath}.maglev.tableSize`, `maglev tableSize must be a prime number below 5000011, got ${size}`);
    }
  }
  checkLocalityLb(lb.localityLbSetting, outlier, `${field}.localityLbSetting`, report);
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

/** A client TLS policy (agent.ValidateTLS): configmap:// credentials, insecureSkipVerify, and where the certificates come from. */
function checkClientTls(value: unknown, namespace: string, field: string, report: Report): void {
  const tls = record(value);
  if (!tls) return;
  const mode = text(tls.mode) ?? 'DISABLE';
  const credentialName = str(tls.credentialName);
  if (credentialName.startsWith(CONFIGMAP)) {
    // credentials.ParseResourceName: configmap://<namespace>/<name>, anything after a second slash ignored
    const [ns, name] = credentialName.slice(CONFIGMAP.length).split('/');
    if (name === undefined || ns === '' || name === '') {
      fail(report, join(field, 'credentialName'), `a configmap:// credentialName must be configmap://<namespace>/<name>, got ${show(credentialName)}`);
    } else if (ns !== namespace || namespace === '') {
      fail(report, join(field, 'credentialName'),
        `a configmap:// credentialName must name a ConfigMap of the DestinationRule's own namespace ${show(namespace)}, got ${show(credentialName)}`);
    }
  }
  if (tls.insecureSkipVerify === true) {
    const sans = list(tls.subjectAltNames).length > 0;
    if (mode === 'SIMPLE' && (text(tls.caCertificates) !== undefined || credentialName !== '' || sans)) {
      fail(report, join(field, 'insecureSkipVerify'), 'insecureSkipVerify skips the server certificate check: remove caCertificates, credentialName and subjectAltNames');
    }
    if (mode === 'MUTUAL' && (text(tls.caCertificates) !== undefined || sans)) {
      fail(report, join(field, 'insecureSkipVerify'), 'insecureSkipVerify skips the server certificate check: remove caCertificates and subjectAltNames');
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && credentialName !== '') {
    // the certificates come from the credential
    const files = ['clientCertificate', 'caCertificates', 'privateKey', 'caCrl'].filter((k) => text(tls[k]) !== undefined);
    if (files.length > 0) fail(report, field, `with credentialName, the certificates come from the credential: remove ${files.join(', ')}`);
    return;
  }
  if (mode === 'MUTUAL') {
    if (text(tls.clientCertificate) === undefined) fail(report, join(field, 'clientCertificate'), 'MUTUAL TLS needs a clientCertificate (or a credentialName)');
    if (text(tls.privateKey) === undefined) fail(report, join(field, 'privateKey'), 'MUTUAL TLS needs a privateKey (or a credentialName)');
  }
}

/** A traffic policy: not empty, and each part as validateTrafficPolicy checks it. */
function checkTrafficPolicy(value: unknown, namespace: string, field: string, report: Report): void {
  const policy = record(value);
  if (!policy) return;
  if (!POLICY_FIELDS.some((f) => present(policy[f]))) return fail(report, field, `a traffic policy must set at least one of ${POLICY_FIELDS.join(', ')}`);
  if (isSet(policy.tunnel) && isSet(policy.proxyProtocol)) return fail(report, field, 'tunnel and proxyProtocol may not both be set');
  checkOutlierDetection(policy.outlierDetection, join(field, 'outlierDetection'), report);
  checkConnectionPool(policy.connectionPool, join(field, 'connectionPool'), report);
  checkLoadBalancer(policy.loadBalancer, policy.outlierDetection, join(field, 'loadBalancer'), report);
  checkClientTls(policy.tls, namespace, join(field, 'tls'), report);
  list(policy.portLevelSettings).forEach((s, i) => {
    const setting = record(s) ?? {};
    const path = `${field}.portLevelSettings[${i}]`;
    if (!record(setting.port)) fail(report, `${path}.port`, 'a port traffic policy needs a port');
    if (!PORT_POLICY_FIELDS.some((f) => isSet(setting[f]))) {
      return fail(report, path, `a port traffic policy must set at least one of ${PORT_POLICY_FIELDS.join(', ')}`);
    }
    checkOutlierDetection(setting.outlierDetection, `${path}.outlierDetection`, report);
    checkConnectionPool(setting.connectionPool, `${path}.connectionPool`, report);
    checkLoadBalancer(setting.loadBalancer, setting.outlierDetection, `${path}.loadBalancer`, report);
    checkClientTls(setting.tls, namespace, `${path}.tls`, report);
  });
  const tunnel = record(policy.tunnel);
  if (tunnel) {
    const protocol = text(tunnel.protocol);
    if (protocol !== undefined && protocol !== 'CONNECT' && protocol !== 'POST') fail(report, `${field}.tunnel.protocol`, `tunnel protocol must be CONNECT or POST, got ${show(protocol)}`);
    const host = str(tunnel.targetHost);
    if (fqdnProblem(host) && !parseAddress(host)) fail(report, `${field}.tunnel.targetHost`, `tunnel targetHost must be an FQDN or an IP address, got ${show(host)}`);
    const port = num(tunnel.targetPort) ?? 0;
    if (port < 1 || port > 65535) fail(report, `${field}.tunnel.targetPort`, `tunnel targetPort must be between 1 and 65535, got ${port}`);
  }
}

/**
 * A DestinationRule with a workloadSelector applies in its own namespace only, so its exportTo may list that namespace
 * alone (validateExportTo: counting the valid entries, "." as the namespace).
 */
function checkSelectorExportTo(exportTo: unknown[], namespace: string, report: Report): void {
  const valid = new Set<string>();
  for (const e of exportTo) {
    const entry = str(e);
    if (entry === '.' || entry === '*' || (entry !== '~' && isIstioLabel(entry))) valid.add(entry === '.' ? namespace : entry);
  }
  if (valid.size === 0 || (valid.has(namespace) && valid.size === 1)) return;
  fail(report, 'spec.exportTo', valid.has(namespace)
    ? `a DestinationRule with a workloadSelector may only be exported to its own namespace, not to others too, got ${show(exportTo)}`
    : `a DestinationRule with a workloadSelector may only be exported to its own namespace ${show(namespace)}, got ${show(exportTo)}`);
}

/** The webhook's checks of one DestinationRule. */
export function checkDestinationRule(spec: Fields, namespace: string, report: Report): void {
  const host = str(spec.host);
  const problem = wildcardDomainProblem(host);
  if (problem) fail(report, 'spec.host', `host ${problem}, got ${show(host)}`);
  checkTrafficPolicy(spec.trafficPolicy, namespace, 'spec.trafficPolicy', report);
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
    checkTrafficPolicy(subset.trafficPolicy, namespace, `${path}.trafficPolicy`, report);
  });
  checkExportTo(spec.exportTo, namespace, 'spec.exportTo', report);
  if (record(spec.workloadSelector)) checkSelectorExportTo(list(spec.exportTo), namespace, report);
  checkSelectorLabels(spec.workloadSelector, 'matchLabels', 'spec.workloadSelector', report);
}
