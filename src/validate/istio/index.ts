// Istio's validation webhook (istiod's ValidatingWebhookConfiguration), beyond the CRD schemas and their CEL rules:
// what it refuses (TT0020) and what it warns about (TT0021), for VirtualServices, DestinationRules and Gateways.
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { list, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { namespaceOf } from '../mesh/mesh-index';
import { checkDestinationRule } from './destination-rule';
import { checkGateway } from './gateway';
import { checkVirtualService } from './virtual-service';

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
  if (!object.apiVersion.startsWith('networking.istio.io/')) return [];
  const findings: Finding[] = [];
  const report: Report = (type, field, message) => findings.push(finding(type, source, message, field));
  const spec = record(object.spec) ?? {};
  const namespace = namespaceOf(source);
  switch (object.kind) {
    case 'VirtualService':
      checkVirtualService(spec, namespace, report);
      if (list(spec.hosts).length === 0 && list(spec.gateways).length === 0 && !context.isDelegate(namespace, object.metadata?.name ?? '')) {
        report(MESSAGES.istioValidationWarning, 'spec.hosts',
          'a VirtualService without hosts applies only as the delegate of another VirtualService, and none in the set delegates to it');
      }
      break;
    case 'DestinationRule':
      checkDestinationRule(spec, namespace, report);
      break;
    case 'Gateway':
      checkGateway(spec, report);
      break;
  }
  return findings;
}
