// Istio's validation webhook (istiod's ValidatingWebhookConfiguration), beyond the CRD schemas and their CEL rules:
// what it refuses (TT0020) and what it warns about (TT0021), for the kinds of istiod's webhook (networking, security,
// telemetry and extensions.istio.io) whose validation does more than decode them.
import { apiGroupOf } from '../../manifests/kube-object';
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { Fields, list, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { namespaceOf } from '../mesh/mesh-index';
import { checkAuthorizationPolicy } from './authorization-policy';
import { checkDestinationRule } from './destination-rule';
import { checkEnvoyFilter } from './envoy-filter';
import { checkGateway } from './gateway';
import { checkWebhookMetadata } from './metadata';
import { checkPeerAuthentication } from './peer-authentication';
import { Place } from './place';
import { checkProxyConfig } from './proxy-config';
import { checkRequestAuthentication } from './request-authentication';
import { checkServiceEntry } from './service-entry';
import { checkSidecar } from './sidecar';
import { checkTelemetry } from './telemetry';
import { checkTrafficExtension } from './traffic-extension';
import { checkVirtualService } from './virtual-service';
import { checkWasmPlugin } from './wasm-plugin';
import { checkWorkloadEntry } from './workload-entry';
import { checkWorkloadGroup } from './workload-group';

type IstioCheck = (spec: Fields, report: Report, place: Place) => void;

// the API groups istiod's ValidatingWebhookConfiguration sends it, every kind of them
const WEBHOOK_GROUPS = new Set(['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io']);

// by group and kind (istiod validates every version of a kind alike); the other kinds of these groups only decode and
// have their annotations checked
const CHECKS = new Map<string, IstioCheck>([
  ['networking.istio.io/VirtualService', (spec, report, place) => checkVirtualService(spec, place.namespace, report)],
  ['networking.istio.io/DestinationRule', (spec, report, place) => checkDestinationRule(spec, place.namespace, report)],
  ['networking.istio.io/Gateway', (spec, report) => checkGateway(spec, report)],
  ['networking.istio.io/EnvoyFilter', checkEnvoyFilter],
  ['networking.istio.io/ProxyConfig', checkProxyConfig],
  ['networking.istio.io/ServiceEntry', checkServiceEntry],
  ['networking.istio.io/Sidecar', checkSidecar],
  ['networking.istio.io/WorkloadEntry', checkWorkloadEntry],
  ['networking.istio.io/WorkloadGroup', checkWorkloadGroup],
  ['security.istio.io/AuthorizationPolicy', checkAuthorizationPolicy],
  ['security.istio.io/PeerAuthentication', checkPeerAuthentication],
  ['security.istio.io/RequestAuthentication', checkRequestAuthentication],
  ['telemetry.istio.io/Telemetry', checkTelemetry],
  ['extensions.istio.io/TrafficExtension', checkTrafficExtension],
  ['extensions.istio.io/WasmPlugin', checkWasmPlugin],
]);

/** What the per-object checks need to know of the whole set: the VirtualServices other ones delegate to. */
export class IstioContext {
  private readonly delegates = new Set<string>();

  constructor(objects: readonly SourcedObject[]) {
    for (const source of objects) {
      if (source.object.kind !== 'VirtualService') continue;
      for (const rule of list(record(source.object.spec)?.http)) {
        const delegate = record(record(rule)?.delegate);
        if (delegate?.name) this.delegates.add(`${delegate.namespace || namespaceOf(source)}/${delegate.name}`);
      }
    }
  }

  /** Whether some VirtualService of the set delegates to `namespace/name`. */
  public isDelegate(namespace: string, name: string): boolean {
    return this.delegates.has(`${namespace}/${name}`);
  }
}

/** Findings of Istio's webhook about one object that passed its CRD schema. */
export function checkIstioObject(source: SourcedObject, context: IstioContext): Finding[] {
  const { object } = source;
  const group = apiGroupOf(object.apiVersion);
  if (!WEBHOOK_GROUPS.has(group)) return [];
  const findings: Finding[] = [];
  const report: Report = (type, field, message) => findings.push(finding(type, source, message, field));
  const spec = record(object.spec) ?? {};
  if (!checkWebhookMetadata(record(object.metadata), object.kind, spec, report)) return findings;
  const place: Place = { namespace: namespaceOf(source), name: object.metadata?.name ?? '', labels: record(object.metadata?.labels) ?? {} };
  CHECKS.get(`${group}/${object.kind}`)?.(spec, report, place);
  if (object.kind === 'VirtualService' && list(spec.hosts).length === 0 && list(spec.gateways).length === 0 && !context.isDelegate(place.namespace, place.name)) {
    report(MESSAGES.istioValidationWarning, 'spec.hosts',
      'a VirtualService without hosts applies only as the delegate of another VirtualService, and none in the set delegates to it');
  }
  // the webhook returns its warnings only with an admitted object
  const refused = findings.some((f) => f.code === MESSAGES.istioValidationFailed.code);
  return refused ? findings.filter((f) => f.code !== MESSAGES.istioValidationWarning.code) : findings;
}
