// IST0139 InvalidWebhook, as istioctl 1.30.3's webhook.Analyzer reports it (pkg/config/analysis/analyzers/webhook/
// webhook.go), on the set's MutatingWebhookConfigurations that are Istio's (a webhook named `...istio.io`, or a
// revision in their labels or selectors):
// - two webhooks that would both inject one pod: for every namespace labelled with nothing, `istio-injection:
//   enabled` or `disabled` (each also with `istio.io/rev` of every revision found), and every pod labelled with
//   nothing, `sidecar.istio.io/inject: "true"` or `"false"` (each also with each revision), more than one webhook
//   matches; each of them is reported, naming the others;
// - a webhook whose `clientConfig.service` is no Service of the set. Deliberate difference: the istiod Service of each
//   install resource (`istiod`, `istiod-<revision>` in Istio's namespace) counts as there, as the installs' gateways do.
// istioctl reports a message once per matching permutation, which its output prints once; here, each message once.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { installOf, providedWorkloads } from '../../mesh/install-workloads';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { resourcesOf } from '../policies/policy-resources';
import { installResourceOf } from './install-resource';
import { labelSelectorMatches } from './label-selector';
import { list, record, text } from './manifest-values';

const REV = 'istio.io/rev';

interface Webhook {
  /** `<configuration>/<webhook>`, as istioctl names it. */
  readonly id: string;
  readonly source: SourcedObject;
  readonly index: number;
  readonly namespaceSelector: unknown;
  readonly objectSelector: unknown;
  readonly service: Readonly<Record<string, unknown>> | undefined;
}

/** Istio injection webhooks that overlap, or that call a Service the set does not have. */
export function checkInvalidWebhooks(index: MeshIndex): Finding[] {
  const webhooks: Webhook[] = [];
  const revisions = new Set<string>();
  for (const source of resourcesOf(index, 'admissionregistration.k8s.io', 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1')) {
    const { object } = source;
    const hooks = list((object as { webhooks?: unknown }).webhooks).map(record);
    const revs = revisionsOf(object.metadata?.labels, hooks);
    if (revs.length === 0 && !hooks.some((h) => text(h?.name)?.endsWith('istio.io'))) continue;
    revs.forEach((r) => revisions.add(r));
    const name = object.metadata?.name ?? '';
    hooks.forEach((h, i) => {
      webhooks.push({
        id: `${name}/${text(h?.name) ?? ''}`,
        source,
        index: i,
        namespaceSelector: h?.namespaceSelector,
        objectSelector: h?.objectSelector,
        service: record(record(h?.clientConfig)?.service),
      });
    });
  }
  if (webhooks.length === 0) return [];
  const messages = new Map<string, { webhook: Webhook; message: string; field: string }>();
  const report = (webhook: Webhook, message: string, field: string) => {
    const key = `${webhook.id}\u0000${message}`;
    if (!messages.has(key)) messages.set(key, { webhook, message, field });
  };
  const matches = (selector: unknown, labels: Record<string, string>) => labelSelectorMatches(selector, labels) === true;
  for (const namespaceLabels of permutations(['istio-injection', ['enabled', 'disabled']], revisions)) {
    for (const podLabels of permutations(['sidecar.istio.io/inject', ['true', 'false']], revisions)) {
      const matching = webhooks.filter((w) => matches(w.namespaceSelector, namespaceLabels) && matches(w.objectSelector, podLabels));
      const ids = [...new Set(matching.map((w) => w.id))];
      if (ids.length < 2) continue;
      for (const webhook of matching) {
        const others = ids.filter((id) => id !== webhook.id).sort();
        report(webhook, `Webhook overlaps with others: [${others.join(' ')}]. This may cause injection to occur twice.`, `webhooks[${webhook.index}]`);
      }
    }
  }
  const services = new Set(resourcesOf(index, 'core', 'Service', 'v1').map((s) => `${namespaceOf(s)}/${s.object.metadata?.name ?? ''}`));
  const install = installResourceOf(index.objects);
  if (install.runsIstiod) services.add(`${installOf(index.objects).namespace}/${install.revision ? `istiod-${install.revision}` : 'istiod'}`);
  // and the istiod of every other install resource of the set (a canary revision)
  for (const w of providedWorkloads(index.objects)) if (!w.gateway) services.add(`${w.namespace}/${w.name}`);
  for (const webhook of webhooks) {
    if (!webhook.service) continue;
    const service = `${text(webhook.service.namespace) ?? ''}/${text(webhook.service.name) ?? ''}`;
    if (!services.has(service)) {
      report(webhook, `Injector refers to a control plane service that does not exist: ${service}.`, `webhooks[${webhook.index}].clientConfig.service.name`);
    }
  }
  return [...messages.values()].map(({ webhook, message, field }) => finding(MESSAGES.invalidWebhook, webhook.source, message, field));
}

/** The revisions a configuration names: its `istio.io/rev` label, and its webhooks' selectors on it. */
function revisionsOf(labels: unknown, hooks: readonly (Readonly<Record<string, unknown>> | undefined)[]): string[] {
  const revs = new Set<string>();
  const label = text(record(labels)?.[REV]);
  if (label !== undefined) revs.add(label);
  for (const hook of hooks) {
    for (const selector of [record(hook?.namespaceSelector), record(hook?.objectSelector)]) {
      const matchLabel = text(record(selector?.matchLabels)?.[REV]);
      if (matchLabel !== undefined) revs.add(matchLabel);
      for (const e of list(selector?.matchExpressions).map(record)) {
        if (e?.key === REV) list(e.values).forEach((v) => typeof v === 'string' && revs.add(v));
      }
    }
  }
  return [...revs];
}

/** `{}` and the label with each value, then each of those with `istio.io/rev` of each revision. */
function permutations([key, values]: [string, string[]], revisions: ReadonlySet<string>): Record<string, string>[] {
  const base = (): Record<string, string>[] => [{}, ...values.map((v) => ({ [key]: v }))];
  return [...base(), ...[...revisions].flatMap((rev) => base().map((labels) => ({ ...labels, [REV]: rev })))];
}
