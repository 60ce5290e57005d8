// The Istio injection webhooks a cluster of the set would run, as selectors on a pod's namespace labels and its own
// labels: those the install creates (istio-discovery's mutatingwebhook.yaml for its revision, and the `default`
// revision tag a fresh install adds, revision-tags-mwc.yaml), and the webhooks named `...istio.io` of the set's
// MutatingWebhookConfigurations, as istioctl's ImageAutoAnalyzer collects them.
import type { MeshIndex } from '../../mesh/mesh-index';
import { injectorConfigOf } from './injector-config';
import { installResourcesReadOf } from './install-resource';
import { labelSelectorMatches } from './label-selector';
import { list, record, text } from './manifest-values';
import { oncePer } from '../../once-per';

/** One injection webhook: a nil selector matches everything. */
export interface InjectionWebhook {
  readonly name: string;
  readonly namespaceSelector?: unknown;
  readonly objectSelector?: unknown;
}

const INJECTION = 'istio-injection';
const REV = 'istio.io/rev';
const INJECT = 'sidecar.istio.io/inject';
const expression = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) });
const selector = (...matchExpressions: object[]) => ({ matchExpressions });

/** The two webhooks of an install that select namespaces and pods by their `istio.io/rev` label. */
const revisionWebhooks = (revisions: string[]): InjectionWebhook[] => [
  {
    name: 'rev.namespace.sidecar-injector.istio.io',
    namespaceSelector: selector(expression(REV, 'In', revisions), expression(INJECTION, 'DoesNotExist')),
    objectSelector: selector(expression(INJECT, 'NotIn', ['false'])),
  },
  {
    name: 'rev.object.sidecar-injector.istio.io',
    namespaceSelector: selector(expression(REV, 'DoesNotExist'), expression(INJECTION, 'DoesNotExist')),
    objectSelector: selector(expression(INJECT, 'NotIn', ['false']), expression(REV, 'In', revisions)),
  },
];

/** The webhooks an install of `revision` creates, with the `default` tag (which carries the legacy istio-injection selectors). */
function installWebhooks(revision: string, byDefault: boolean): InjectionWebhook[] {
  return [
    ...revisionWebhooks(revision ? [revision, 'default'] : ['default']),
    {
      name: 'namespace.sidecar-injector.istio.io',
      namespaceSelector: selector(expression(INJECTION, 'In', ['enabled'])),
      objectSelector: selector(expression(INJECT, 'NotIn', ['false'])),
    },
    {
      name: 'object.sidecar-injector.istio.io',
      namespaceSelector: selector(expression(INJECTION, 'DoesNotExist'), expression(REV, 'DoesNotExist')),
      objectSelector: selector(expression(INJECT, 'In', ['true']), expression(REV, 'DoesNotExist')),
    },
    ...(byDefault
      ? [
        {
          name: 'auto.sidecar-injector.istio.io',
          namespaceSelector: selector(
            expression(INJECTION, 'DoesNotExist'),
            expression(REV, 'DoesNotExist'),
            expression('kubernetes.io/metadata.name', 'NotIn', ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']),
          ),
          objectSelector: selector(expression(INJECT, 'DoesNotExist'), expression(REV, 'DoesNotExist')),
        },
      ]
      : []),
  ];
}

function readWebhooks(index: MeshIndex): InjectionWebhook[] {
  const config = injectorConfigOf(index);
  const webhooks = config.runs ? installWebhooks(config.revision, config.enableNamespacesByDefault) : [];
  // another revision the set installs beside it (a canary) adds the webhooks of its own revision only
  const others = installResourcesReadOf(index.objects).filter((r) => r.runsIstiod && r.revision !== '' && (!config.runs || r.revision !== config.revision));
  for (const revision of new Set(others.map((r) => r.revision))) webhooks.push(...revisionWebhooks([revision]));
  for (const { object } of index.objects) {
    if (object.kind !== 'MutatingWebhookConfiguration' || !object.apiVersion.startsWith('admissionregistration.k8s.io/')) continue;
    for (const raw of list(object.webhooks)) {
      const webhook = record(raw);
      const name = text(webhook?.name);
      if (name?.endsWith('istio.io')) webhooks.push({ name, namespaceSelector: webhook?.namespaceSelector, objectSelector: webhook?.objectSelector });
    }
  }
  return webhooks;
}

/** The Istio injection webhooks of the index's set, read once per index. */
export const injectionWebhooksOf: (index: MeshIndex) => readonly InjectionWebhook[] = oncePer(readWebhooks);

/** The first webhook that would be called for a pod with these labels in a namespace with these labels. */
export function matchingWebhook(
  webhooks: readonly InjectionWebhook[],
  namespaceLabels: Readonly<Record<string, string>>,
  podLabels: Readonly<Record<string, string>>,
): InjectionWebhook | undefined {
  return webhooks.find(
    (w) => labelSelectorMatches(w.namespaceSelector, namespaceLabels) === true && labelSelectorMatches(w.objectSelector, podLabels) === true,
  );
}
