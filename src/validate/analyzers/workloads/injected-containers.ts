// The containers Istio 1.30.3's sidecar injection adds to a pod, as Pod Security admission sees the pod after the
// webhook (injection-template.yaml and gateway-injection-template.yaml, webhook.go reorderPod and
// reapplyOverwrittenContainers): whether the pod is injected as the injection webhooks and istiod decide it
// (injection-outcome.ts); the init container unless interception is NONE, istio-validation when the injector is told
// the CNI node agent runs (`values.pilot.cni.enabled`, which an IstioOperator takes from `components.cni.enabled`, and
// the Sail Operator sets only on OpenShift), else istio-init with NET_ADMIN and NET_RAW as root; istio-proxy as 1337,
// or as root with NET_ADMIN for TPROXY interception or NET_BIND_SERVICE to bind low ports; `values.global.proxy`'s
// privileged and seccompProfile on both. A container of the pod with the same name is laid over the template's (the
// user's values win). The gateway template adds istio-proxy only, as 1337. A pod whose Istio annotations the injector
// refuses is not created at all (TT0044).
import { parse } from 'yaml';
import type { SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { oncePer } from '../../once-per';
import { isIstioOperator } from '../../mesh/install-workloads';
import { injectionOutcome, webhookNamespaceLabels } from '../injection-annotations/injection-outcome';
import { injectorRefusals } from '../injection-annotations/injection-refused';
import { injectionWebhooksOf, InjectionWebhook } from '../injection-annotations/injection-webhooks';
import { InjectorConfig, injectorConfigOf } from '../injection-annotations/injector-config';
import { installResourceOf } from '../injection-annotations/install-resource';
import type { AdmittedContainer, AdmittedPod } from './pod-security-checks';

/** What the set's install makes the injector do, and who it injects. */
export interface InjectionSetup {
  /** Whether the injector leaves redirection to the CNI node agent; undefined when the set has not the install that says. */
  readonly cni: boolean | undefined;
  readonly seccompProfile?: unknown;
  readonly capNetBindService: boolean;
  readonly privileged: boolean;
  /** meshConfig.defaultConfig.interceptionMode. */
  readonly interceptionMode?: string;
  readonly config: InjectorConfig;
  readonly webhooks: readonly InjectionWebhook[];
  /** The containers added, by what decides them: most pods of a set get the same. */
  readonly added: Map<string, readonly AdmittedContainer[]>;
}

/** A pod's labels and annotations as the webhook sees them, and its namespace. */
export interface InjectionTarget {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly namespace: string;
}

const isRecord = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the set's install (its istiod's resource) makes of injection; read once per index. */
export const injectionSetupOf = oncePer((index: MeshIndex): InjectionSetup => {
  const install = installResourceOf(index.objects);
  const values = install.values as Record<string, any>;
  const proxy = isRecord(values.global?.proxy) ? values.global.proxy : {};
  const explicit = values.pilot?.cni?.enabled;
  let cni: boolean | undefined;
  if (install.source && isIstioOperator(install.source.object)) {
    const spec = install.source.object.spec as any;
    const profile = spec?.profile ?? 'default';
    // translateIstioOperatorToHelm sets values.pilot.cni.enabled from the component, and the user's values win
    cni = typeof explicit === 'boolean' ? explicit : (spec?.components?.cni?.enabled ?? ['ambient', 'openshift', 'openshift-ambient'].includes(profile)) === true;
  } else if (install.source) {
    // the Sail Operator: only OpenShift turns it on by itself (DependsOnIstioCNI)
    const openshift = values.global?.platform === 'openshift' || ['openshift', 'openshift-ambient'].includes((install.source.object.spec as any)?.profile);
    cni = typeof explicit === 'boolean' ? explicit : openshift;
  }
  // an empty map is no profile to the template (`if .Values.global.proxy.seccompProfile`)
  const seccompProfile = isRecord(proxy.seccompProfile) && Object.keys(proxy.seccompProfile).length > 0 ? proxy.seccompProfile : undefined;
  const interceptionMode = (install.meshConfig as any)?.defaultConfig?.interceptionMode;
  return {
    cni, seccompProfile, capNetBindService: proxy.capNetBindService === true, privileged: proxy.privileged === true,
    ...(typeof interceptionMode === 'string' ? { interceptionMode } : {}),
    config: injectorConfigOf(index), webhooks: injectionWebhooksOf(index), added: new Map(),
  };
});

/** The labels, annotations and namespace a stand-in's pods get from an object. */
export function injectionTargetOf(source: SourcedObject, pod: AdmittedPod): InjectionTarget {
  const { object } = source;
  const template = (object.spec as any)?.template?.metadata;
  const labels = object.kind === 'Pod' ? object.metadata?.labels : template ? template.labels : object.metadata?.labels;
  // an operator's pods take the custom resource's labels and annotations
  const annotations = object.kind === 'Pod' || template ? pod.annotations : { ...object.metadata?.annotations, ...pod.annotations };
  return { labels: { ...labels }, annotations, namespace: object.metadata?.namespace ?? 'default' };
}

/** What the webhook does to a pod: nothing, injects it (the pod as admission then sees it), or refuses it. */
export function injectedPod(pod: AdmittedPod, target: InjectionTarget, index: MeshIndex, setup: InjectionSetup): AdmittedPod | 'refused' {
  const namespaceLabels = webhookNamespaceLabels(index.namespaces.get(target.namespace)?.object.metadata?.labels, target.namespace);
  const outcome = injectionOutcome({ ...target, hostNetwork: pod.spec.hostNetwork === true }, namespaceLabels, setup.config, setup.webhooks);
  if (!outcome.injected) return pod;
  if (injectorRefusals(target.annotations).length > 0) return 'refused';
  return overlaid(pod, addedContainers(target, setup));
}

/** The interception mode a pod's proxy.istio.io/config annotation sets, if it reads as YAML and sets one. */
function annotatedInterceptionMode(annotations: Readonly<Record<string, string>>): string | undefined {
  const value = annotations['proxy.istio.io/config'];
  if (value === undefined) return undefined;
  try {
    const mode = (parse(value) as any)?.interceptionMode;
    return typeof mode === 'string' ? mode : undefined;
  } catch {
    return undefined;
  }
}

/** The containers the template adds, in reorderPod's order (native sidecars: the init container, then istio-proxy). */
function addedContainers(target: InjectionTarget, setup: InjectionSetup): readonly AdmittedContainer[] {
  const gateway = (target.annotations['inject.istio.io/templates'] ?? '').split(',').includes('gateway');
  // the template's `annotation .ObjectMeta "sidecar.istio.io/interceptionMode" .ProxyConfig.InterceptionMode`: the pod's
  // proxy config is the mesh default with its proxy.istio.io/config annotation over it
  const mode = target.annotations['sidecar.istio.io/interceptionMode'] ?? annotatedInterceptionMode(target.annotations) ?? setup.interceptionMode ?? 'REDIRECT';
  const bindsLowPorts = (target.annotations['sidecar.istio.io/capNetBindService'] ?? String(setup.capNetBindService)) === 'true';
  const key = `${gateway}\u0000${mode}\u0000${bindsLowPorts}`;
  let added = setup.added.get(key);
  if (!added) setup.added.set(key, (added = gateway ? GATEWAY_PROXY : templateContainers(mode, bindsLowPorts, setup)));
  return added;
}

const GATEWAY_PROXY: readonly AdmittedContainer[] = [
  { container: { name: 'istio-proxy', securityContext: { runAsUser: 1337, runAsGroup: 1337 } }, field: 'the istio-proxy container the gateway template adds' },
];

/** The sidecar template's containers for an interception mode. */
function templateContainers(mode: string, bindsLowPorts: boolean, setup: InjectionSetup): AdmittedContainer[] {
  const tproxy = mode === 'TPROXY';
  const seccomp = setup.seccompProfile ? { seccompProfile: setup.seccompProfile } : {};
  const privilege = { allowPrivilegeEscalation: setup.privileged, privileged: setup.privileged };
  const added = [...(tproxy ? ['NET_ADMIN'] : []), ...(bindsLowPorts ? ['NET_BIND_SERVICE'] : [])];
  const proxy: AdmittedContainer = {
    container: {
      name: 'istio-proxy',
      securityContext: {
        ...privilege, readOnlyRootFilesystem: true, capabilities: { ...(added.length > 0 ? { add: added } : {}), drop: ['ALL'] },
        ...(tproxy || bindsLowPorts ? { runAsNonRoot: false, runAsUser: 0 } : { runAsNonRoot: true, runAsUser: 1337 }), ...seccomp,
      },
    },
    field: 'the istio-proxy container injection adds',
  };
  // which init container comes is the install's to say; none when interception is NONE
  if (setup.cni === undefined || mode === 'NONE') return [proxy];
  const init: AdmittedContainer = setup.cni
    ? {
      container: {
        name: 'istio-validation',
        securityContext: { ...privilege, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1337, ...seccomp },
      },
      field: 'the istio-validation container injection adds with Istio\'s CNI node agent',
    }
    : {
      container: {
        name: 'istio-init',
        securityContext: { ...privilege, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, runAsNonRoot: false, runAsUser: 0, ...seccomp },
      },
      field: 'the istio-init container injection adds without Istio\'s CNI node agent',
    };
  return [init, proxy];
}

/** The pod with the template's containers added first, a container of the pod of the same name laid over its own. */
function overlaid(pod: AdmittedPod, added: readonly AdmittedContainer[]): AdmittedPod {
  const template = new Map(added.map((a) => [a.container.name as string, a]));
  const own = new Set<unknown>();
  const containers = pod.containers.map((c) => {
    const from = template.get(c.container?.name);
    if (!from) return c;
    own.add(c.container.name);
    const securityContext = { ...from.container.securityContext, ...(isRecord(c.container.securityContext) ? c.container.securityContext : {}) };
    return { ...c, container: { ...from.container, ...c.container, securityContext } };
  });
  return { ...pod, containers: [...added.filter((a) => !own.has(a.container.name)), ...containers] };
}
