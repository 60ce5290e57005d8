// The "Apply and tear down" section of an output directory's README: what the cluster needs first, the main apply,
// the opt-in files and the teardown. Each shell block runs as a whole, top to bottom: an undo never follows its apply
// in one block, and alternatives (the Istio installs, the two teardowns) are blocks of their own.
import { ISTIO_VERSION } from '../../imports/istio-version';
import { MeshTopology, TracingCollector } from '../../constructs';
import { pinnedVersion } from '../codegen/sources';
import { apiGroupOf, KubeObject, Manifest } from '../manifests/kube-object';
import { isIstioOperator, providedWorkloads } from '../validate/mesh/install-workloads';
import { isNamespaced } from '../validate/schemas';
import { KUSTOMIZATION_FILE } from './kustomization';
import { kubectlResource } from './kubectl-resource';

/** How to apply one file (or install), and how to undo it. */
interface Steps {
  /** The commands that apply it, in order, each with its comment. */
  readonly apply: readonly string[];
  /** The commands that undo it, in order (none when it adds nothing to undo). */
  readonly undo: readonly string[];
  /** What the undo keeps or brings back, when more than the file's objects are concerned. */
  readonly undoNote?: string;
  /** What the file is for, when its apply needs more than the file itself. */
  readonly note?: string;
}

/** The section's lines, for the output directory `dir` (ending in `/`). */
export function applyAndTearDown(dir: string, manifests: readonly Manifest[], topology: MeshTopology | undefined): string[] {
  const applied = manifests.filter((m) => !m.file.includes('/'));
  const optIn = manifests.filter((m) => m.file.includes('/'));
  const main = new Set(applied.flatMap((m) => m.objects.map(objectKey)));
  const partOf = topology?.name;
  // each file's commands, worked out once: the installs and the gateways are asked for theirs twice (apply, undo)
  const known = new Map<Manifest, Steps>();
  const steps = (m: Manifest) => known.get(m) ?? known.set(m, optInSteps(dir, m, main, partOf, optIn)).get(m)!;
  const lines = ['## Apply and tear down', '', 'Each block runs as a whole, top to bottom; where two blocks are alternatives, the text before them says so.', ''];

  // what the main apply's pods and custom resources need running first: a pod created before the injector is never
  // injected, and a kind whose CRD is not yet in fails the apply
  const collects = (m: Manifest) => topology !== undefined && holdsCollector(m, topology);
  const installs = optIn.filter(installsIstio);
  const gateways = optIn.filter((m) => !installsIstio(m) && isIstioInstall(m));
  const collectors = optIn.filter((m) => !isIstioInstall(m) && collects(m));
  const addon = topology !== undefined && collectors.length === 0 ? collectorAddon(topology.tracingConfig.collector) : undefined;
  const needs = clusterNeeds(manifests);
  // a gateway goes in the block of each install it goes with, unless it goes with all of them (or none): then after them
  const withInstalls = new Map(gateways.map((g) => [g, goesWith(g, optIn)]));
  const shared = gateways.filter((g) => withInstalls.get(g)!.length === 0 || withInstalls.get(g)!.length === installs.length);
  const installBlocks = installs.map((install) => ({
    install,
    gateways: gateways.filter((g) => !shared.includes(g) && withInstalls.get(g)!.includes(install)),
  }));
  const block = (...commands: string[]) => ['```sh', ...commands, '```', ''];

  if (needs.length > 0 || installs.length > 0 || gateways.length > 0 || collectors.length > 0 || addon !== undefined) {
    const parts = [
      needs.length > 0 ? 'the CRDs and operators its kinds need' : '',
      installs.length > 0 ? `Istio, with ${installs.length === 1 ? 'its install' : `one of its ${count(installs.length)} installs`}` : '',
      collectors.length > 0 || addon !== undefined ? 'the trace collector the apps and proxies report to' : '',
    ];
    lines.push(
      `Before the main apply, once per cluster: ${parts.filter((t) => t !== '').join(', then ')}. On a cluster where another ` +
        'environment did this already, skip it: they share the install and the collector.',
      '',
    );
    if (needs.length > 0) lines.push(...block(...needs));
    installBlocks.forEach((b, i) => {
      lines.push(`${i > 0 ? 'Or' : installs.length === 1 ? 'Istio' : 'Istio, either'} ${installerOf(b.install)}:`, '');
      lines.push(...block(...steps(b.install).apply, ...b.gateways.flatMap((g) => steps(g).apply)));
    });
    if (shared.length > 0) lines.push(installs.length > 1 ? 'Then, with any install:' : 'Then:', '', ...block(...shared.flatMap((g) => steps(g).apply)));
    if (collectors.length > 0 || addon !== undefined) {
      lines.push('Then the trace collector:', '', ...block(...(addon !== undefined ? [addon.apply] : collectors.flatMap((m) => steps(m).apply))));
    }
  }

  lines.push(`The main apply (the files at the top, in name order):`, '', ...block(`kubectl apply -f ${dir}`));
  if (topology) {
    const allowlist = pruneAllowlist(applied, topology.name).map((k) => `--prune-allowlist=${k}`);
    lines.push(
      'Instead, to apply a changed output and delete what left it: the objects of these kinds with the label in its namespaces ' +
        'that it no longer has (those of opt-in files too):',
      '',
      ...block(`kubectl apply --prune -l app.kubernetes.io/part-of=${topology.name} ${allowlist.join(' ')} -f ${dir}`),
    );
  }
  lines.push(`The same objects, as Argo CD and Flux render them (${KUSTOMIZATION_FILE}):`, '', ...block(`kubectl kustomize ${dir}`));

  const rest = optIn.filter((m) => !installs.includes(m) && !gateways.includes(m) && !collectors.includes(m));
  if (rest.length > 0) {
    lines.push('Opt-in, one file at a time, each undone before the next:', '');
    for (const m of rest) {
      const s = steps(m);
      const undo = s.undo.length > 0 ? `; undo: \`${s.undo.join(' && ')}\`${s.undoNote ? ` (${s.undoNote})` : ''}` : '';
      const note = s.note ? `. ${s.note[0].toUpperCase()}${s.note.slice(1)}` : '';
      lines.push(`- \`${m.file}\`: \`${s.apply.join(' && ')}\`${undo}${note}`);
    }
    lines.push('');
    if (rest.some((m) => m.objects.some((o) => main.has(objectKey(o))))) {
      lines.push(
        'Where Argo CD or Flux keeps the main apply in sync (gitops/), a file that changes one of its objects (the canary\'s ' +
          'route) is undone at their next sync: change the topology and commit its output instead.',
        '',
      );
    }
  }

  // deleting a Namespace deletes whatever is in it: the opt-in files' objects, and what Istio or the operators made there
  const namespaces = applied.flatMap((m) => m.objects).filter(isCoreNamespace).map((o) => o.metadata.name ?? '').sort();
  const within = namespaces.length > 0 ? `, with everything in its Namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}` : '';
  lines.push(`To tear down the main apply${within}:`, '', ...block(`kubectl delete -f ${dir}`));
  if (topology) {
    lines.push('Or everything that carries its label, opt-in files included (not the Istio install):', '', ...block(...teardown(manifests, topology.name)));
  }
  // the teardown by label may have deleted a collector of the output already
  const collectorUndo = addon !== undefined
    ? (addon.undo !== undefined ? [addon.undo] : [])
    : collectors.flatMap((m) => steps(m).undo).map((c) => c.replace(/^kubectl delete -f /, 'kubectl delete --ignore-not-found -f '));
  if (collectorUndo.length > 0) lines.push('Then, once no environment of the cluster reports to it, the trace collector:', '', ...block(...collectorUndo));
  const sharedUndo = [...shared].reverse().flatMap((g) => steps(g).undo);
  if (sharedUndo.length > 0) lines.push('Then the gateway:', '', ...block(...sharedUndo));
  installBlocks.forEach((b, i) => {
    const s = steps(b.install);
    const undo = [...[...b.gateways].reverse().flatMap((g) => steps(g).undo), ...s.undo];
    if (undo.length === 0) return;
    const last = i === 0 ? 'Then, once no environment of the cluster uses it, the Istio install' : 'Or';
    lines.push(`${last} ${installerOf(b.install)}${s.undoNote ? ` (${s.undoNote})` : ''}:`, '', ...block(...undo));
  });
  return lines;
}

/** `two`, `three`, or the digits. */
const count = (n: number) => ['two', 'three'][n - 2] ?? String(n);

/** An object's identity in the cluster: group, kind, namespace and name. */
function objectKey(o: KubeObject): string {
  return `${kubectlResource(o.apiVersion, o.kind)}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

const labelledBy = (o: KubeObject, partOf: string) => o.metadata.labels?.['app.kubernetes.io/part-of'] === partOf;

/** Whether an object is a core Namespace. */
const isCoreNamespace = (o: KubeObject) => o.kind === 'Namespace' && !o.apiVersion.includes('/');

/**
 * The `--prune-allowlist` entries (`<group>/<version>/<kind>`, `core` for the core group) of `kubectl apply --prune`:
 * the namespaced kinds of the main apply's objects with the label. Without it kubectl prunes a fixed list of kinds
 * (no custom resources, no ServiceAccounts) and, as cluster-scoped ones, the Namespaces with the label anywhere, those
 * of another output too; namespaced kinds it prunes only in the namespaces of the objects applied.
 */
export function pruneAllowlist(applied: readonly Manifest[], partOf: string): string[] {
  const kinds = new Set<string>();
  for (const o of applied.flatMap((m) => m.objects)) {
    if (!labelledBy(o, partOf) || !isNamespaced(o.apiVersion, o.kind)) continue;
    kinds.add(`${o.apiVersion.includes('/') ? o.apiVersion : `core/${o.apiVersion}`}/${o.kind}`);
  }
  return [...kinds].sort();
}

/**
 * The commands that delete every object with the topology's label, opt-in files' included, and nothing of another
 * output: its own Namespaces, with what is in them, and by name or by label in their namespace what lies elsewhere.
 */
export function teardown(manifests: readonly Manifest[], partOf: string): string[] {
  const labelled = manifests.flatMap((m) => m.objects).filter((o) => labelledBy(o, partOf));
  const own = new Set(labelled.filter(isCoreNamespace).map((o) => o.metadata.name ?? ''));
  const elsewhere = new Map<string, Set<string>>();
  const byName: string[] = [];
  for (const o of labelled) {
    const namespace = o.metadata.namespace;
    if (namespace === undefined) {
      if (!own.has(o.metadata.name ?? '') || o.kind !== 'Namespace') byName.push(`${kubectlResource(o.apiVersion, o.kind)}/${o.metadata.name ?? ''}`);
    } else if (!own.has(namespace)) {
      if (!elsewhere.has(namespace)) elsewhere.set(namespace, new Set());
      elsewhere.get(namespace)!.add(kubectlResource(o.apiVersion, o.kind));
    }
  }
  return [
    ...[...elsewhere].sort(([a], [b]) => a.localeCompare(b)).map(([ns, kinds]) => `kubectl delete -n ${ns} -l app.kubernetes.io/part-of=${partOf} ${[...kinds].sort().join(',')}`),
    // an opt-in file's namespace may never have been applied
    ...(byName.length > 0 ? [`kubectl delete --ignore-not-found ${byName.sort().join(' ')}`] : []),
    ...(own.size > 0 ? [`kubectl delete --ignore-not-found namespace ${[...own].sort().join(' ')}`] : []),
  ];
}

/** Whether a manifest holds a pod that only injection can run (its container's image `auto`, the gateway template's). */
const needsInjector = (m: Manifest) =>
  m.objects.some((o) => (o as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }).spec?.template?.spec?.containers?.some((c) => c.image === 'auto'));

/** The Sail Operator's `Istio` of a manifest, if it has one. */
const sailIstio = (m: Manifest) => m.objects.find((o) => o.kind === 'Istio' && o.apiVersion.startsWith('sailoperator.io/'));

/** The Sail Operator's kinds whose `Ready` condition says their workloads run, with what runs then. */
const SAIL_READY: Readonly<Record<string, string>> = { Istio: 'istiod (the injector)', IstioCNI: 'the CNI node agent', ZTunnel: 'ztunnel' };

/** The Sail Operator resources of a manifest that become `Ready`, in their order. */
const sailReadyResources = (m: Manifest) => m.objects.filter((o) => o.apiVersion.startsWith('sailoperator.io/') && SAIL_READY[o.kind] !== undefined);

/** Whether a manifest installs Istio (istioctl's IstioOperator, the Sail Operator's Istio). */
const installsIstio = (m: Manifest) => sailIstio(m) !== undefined || m.objects.some((o) => o.kind === 'IstioOperator');

/** Whether a manifest is part of an Istio install: the install itself, or the gateway it runs (every object labelled part of istio). */
const isIstioInstall = (m: Manifest) => installsIstio(m) || (m.objects.length > 0 && m.objects.every((o) => labelledBy(o, 'istio')));

/** Which tool an install manifest is for, as the README names it. */
const installerOf = (m: Manifest) => (sailIstio(m) !== undefined ? 'with the Sail Operator' : 'with istioctl');

/** The Deployments of a manifest. */
const deploymentsOf = (m: Manifest) => m.objects.filter((o) => o.kind === 'Deployment' && o.apiVersion === 'apps/v1');

/** Whether an istioctl install (IstioOperator) runs a gateway of the Deployment `name` in `namespace` itself. */
const runsGateway = (o: KubeObject, namespace: string, name: string) =>
  isIstioOperator(o) && providedWorkloads([{ object: o }]).some((w) => w.gateway && w.namespace === namespace && w.name === name);

/** The istioctl installs among `optIn` that run one of a gateway file's Deployments themselves. */
const installsRunning = (g: Manifest, optIn: readonly Manifest[]) =>
  optIn.filter((m) => m.objects.some((o) => deploymentsOf(g).some((d) => runsGateway(o, d.metadata.namespace ?? 'default', d.metadata.name ?? ''))));

/**
 * The installs a file of injected gateways goes with: those that do not run a gateway of the same Deployment
 * themselves (the demo profile's istio-ingressgateway), over which applying it fails (a Deployment's selector cannot
 * change) or replaces that gateway.
 */
const goesWith = (g: Manifest, optIn: readonly Manifest[]) => {
  const running = installsRunning(g, optIn);
  return optIn.filter((m) => installsIstio(m) && !running.includes(m));
};

/**
 * What the cluster needs before the output's objects can be applied, beyond an Istio install: the Gateway API CRDs,
 * which neither install brings, and the operators whose custom resources the output holds (as comments: they are
 * installed from their own releases).
 */
function clusterNeeds(manifests: readonly Manifest[]): string[] {
  const groups = new Set(manifests.flatMap((m) => m.objects.map((o) => apiGroupOf(o.apiVersion))));
  const needs: string[] = [];
  // the releases pinned in ../shared (src/codegen/sources.ts), which the output is validated against
  const gatewayApi = pinnedVersion('gateway-api');
  if (groups.has('gateway.networking.k8s.io') && gatewayApi !== undefined) {
    needs.push(`kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/${gatewayApi}/standard-install.yaml   ` +
      '# the Gateway API CRDs (standard channel), which neither Istio install brings');
  }
  if (groups.has('appsody.dev')) {
    needs.push(`# the Appsody operator ${pinnedVersion('appsody-operator')} running, with its AppsodyApplication CRD (an apiextensions.k8s.io/v1beta1 one: Kubernetes 1.21 at most)`);
  }
  if (groups.has('rc.app.stacks')) {
    needs.push(`# the Runtime Component Operator ${pinnedVersion('runtime-component-operator')} running, with its RuntimeComponent CRD (the project README's walkthrough installs both)`);
  }
  return needs;
}

/** Whether a manifest holds the topology's trace collector (its Service). */
function holdsCollector(m: Manifest, topology: MeshTopology): boolean {
  const { service, namespace } = topology.tracingConfig.collector;
  return m.objects.some((o) => o.kind === 'Service' && o.apiVersion === 'v1' && o.metadata.name === service && o.metadata.namespace === namespace);
}

/**
 * How to run a collector the output does not hold, and remove it: Istio's Jaeger addon of the pinned release, whose
 * Service jaeger-collector in istio-system takes Jaeger Thrift (14268), Zipkin (9411) and OTLP (4317, 4318); a comment
 * for any other.
 */
function collectorAddon(collector: TracingCollector): { apply: string; undo?: string } {
  if (collector.backend === 'istio-addon' && collector.service === 'jaeger-collector' && collector.namespace === 'istio-system') {
    const url = `https://raw.githubusercontent.com/istio/istio/${ISTIO_VERSION}/samples/addons/jaeger.yaml`;
    return { apply: `kubectl apply -f ${url}   # Istio's Jaeger addon, ${collector.host}`, undo: `kubectl delete -f ${url}` };
  }
  return { apply: `# a collector serving ${collector.host} (Zipkin on ${collector.zipkinPort}, Jaeger Thrift HTTP on ${collector.httpPort}, OTLP HTTP on ${collector.otlpHttpPort})` };
}

/**
 * How to apply an opt-in file and undo it. An IstioOperator is istioctl's input, no cluster resource. The undo deletes
 * only what the file adds: the objects of the main apply it changes come back with the main apply, and Namespaces
 * without the topology's label (Istio's) stay, as others may use them.
 */
function optInSteps(dir: string, m: Manifest, main: ReadonlySet<string>, partOf: string | undefined, optIn: readonly Manifest[]): Steps {
  const file = `${dir}${m.file}`;
  if (m.objects.some((o) => o.kind === 'IstioOperator')) {
    return {
      apply: [`istioctl install -y -f ${file}   # Istio with istioctl 1.30 (an IstioOperator is its input; the cluster has no such kind)`],
      undo: [`istioctl uninstall -y -f ${file}`],
    };
  }
  const istio = sailIstio(m);
  const dashboard = m.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard !== undefined);
  const apply: string[] = [];
  let note: string | undefined;
  if (istio) {
    // the CNI node agent and ztunnel too: an injected pod's istio-validation container fails until the agent runs, and
    // an ambient pod created before it is not captured
    const ready = sailReadyResources(m);
    const running = ready.map((o) => SAIL_READY[o.kind]);
    apply.push(
      `kubectl apply -f ${file}   # needs the Sail Operator running in the cluster`,
      `kubectl wait --for=condition=Ready ${ready.map((o) => `${kubectlResource(o.apiVersion, o.kind)}/${o.metadata.name ?? ''}`).join(' ')} --timeout=300s   ` +
        `# ${running.length === 1 ? running[0] : `${running.slice(0, -1).join(', ')} and ${running[running.length - 1]}`} run`,
    );
  } else if (needsInjector(m)) {
    const running = installsRunning(m, optIn).map((i) => `istioctl install -f ${dir}${i.file}`);
    const own = deploymentsOf(m).map((d) => `${d.metadata.namespace}/${d.metadata.name}`).join(', ');
    apply.push(`kubectl apply -f ${file}   # once istiod runs (a pod created before its injector is never injected)` +
      (running.length > 0 ? `; ${running.join(', ')} runs its own ${own}: not after it` : ''));
  } else {
    apply.push(`kubectl apply -f ${file}`);
    if (dashboard) {
      note = `for a Grafana whose dashboard sidecar collects ConfigMaps labelled grafana_dashboard in ${dashboard.metadata.namespace ?? 'its namespace'} ` +
        "(the Grafana Helm chart's sidecar.dashboards); Istio's addon Grafana has none: import the dashboard's JSON file beside it";
    }
  }
  const changes = m.objects.some((o) => main.has(objectKey(o)));
  const kept = (o: KubeObject) => isCoreNamespace(o) && (partOf === undefined || !labelledBy(o, partOf));
  const added = m.objects.filter((o) => !main.has(objectKey(o)) && !kept(o));
  if (!changes && added.length === m.objects.length) return { apply, undo: [`kubectl delete -f ${file}`], note };
  const byNamespace = new Map<string, string[]>();
  for (const o of added) {
    const namespace = o.metadata.namespace ?? '';
    if (!byNamespace.has(namespace)) byNamespace.set(namespace, []);
    byNamespace.get(namespace)!.push(`${kubectlResource(o.apiVersion, o.kind)}/${o.metadata.name ?? ''}`);
  }
  const deletes = [...byNamespace].map(([ns, names]) => `kubectl delete ${ns === '' ? '' : `-n ${ns} `}${names.join(' ')}`);
  // a file of shared Namespaces alone adds nothing to undo
  const undo = deletes.length === 0 && !changes ? [] : [[...(changes ? [`kubectl apply -f ${dir}`] : []), ...deletes].join(' && ')];
  const undoNote = changes ? 'the main apply\'s objects it changes come back, the ones it adds go' : 'its Namespaces stay, as others may use them';
  return { apply, undo, undoNote, note };
}
