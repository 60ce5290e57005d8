// What one output means for the mesh, read from its objects alone (a base revision is only objects): the workloads
// and their images and replicas, the routes and where their weights send traffic, the fault scenarios, who may call
// whom, mTLS modes and tracing settings. References are resolved with the mesh checks' index.
import type { KubeObject } from '../manifests/kube-object';
import type { SourcedObject } from '../validate/findings';
import { push } from '../validate/grouped';
import { MeshIndex, Workload } from '../validate/mesh/mesh-index';
import { appAccess, callerNames, routeReach } from './mesh-access';
import { meshRules } from './mesh-routes';
import { mtlsSettings, tracingSettings } from './mesh-settings';
import { objectName, OutputObject } from './output-objects';
import { asRecord, at, listAt, numberAt, stringAt } from './yaml-value';

/** Pods of one app version (or of another workload), with what a reviewer asks about them. */
export interface WorkloadModel {
  /** Stable across backends: namespace, app and version. */
  readonly key: string;
  /** `nodejs-tracing v1` (with the namespace when it is not the one most workloads run in). */
  readonly label: string;
  readonly app: string;
  /** `nodejs-tracing` (with the namespace, as in `label`). */
  readonly appLabel: string;
  readonly version?: string;
  readonly namespace: string;
  /** The object that runs the pods: `AppsodyApplication cloudlab/nodejs-tracing`. */
  readonly object: string;
  readonly file: string;
  /** Image per container name. */
  readonly images: Readonly<Record<string, string>>;
  readonly replicas?: number;
  readonly serviceAccount: string;
  /** Whether its pods are a gateway's (Istio's ingress gateway, a Gateway API gateway), not an app's. */
  readonly gateway: boolean;
}

/** Where a route sends a share of its requests. */
export interface RouteDestination {
  /** `nodejs-tracing v2`, or the host (and subset) when no workload answers it. */
  readonly label: string;
  /** The fully qualified host. */
  readonly host: string;
  readonly subset?: string;
  /** The apps of the workloads it reaches (their `appLabel`s). */
  readonly apps: readonly string[];
  /** Percentage of the route's requests. */
  readonly weight: number;
}

/** One rule of a VirtualService or HTTPRoute that routes (fault injection rules are {@link FaultModel}s). */
export interface RouteModel {
  /** File, route object and match. */
  readonly key: string;
  /** File, route object and rule index: a route whose match changed keeps it. */
  readonly position: string;
  readonly file: string;
  /** `VirtualService cloudlab/tutorial-service`, `HTTPRoute cloudlab/nodejs-tracing`. */
  readonly object: string;
  /** The gateways it is bound to (`cloudlab/tutorial-gateway`), or `mesh`. */
  readonly gateways: readonly string[];
  readonly hosts: readonly string[];
  /**
   * `/quoteOrder` (a prefix), `= /x` (exact), `~ re` (regex), or `any path`; with the method when it matches one, and
   * its headers and query parameters in brackets (`/shop [header end-user=jason]`); alternatives joined by ` or `.
   */
  readonly match: string;
  /** The requests a destination sees, one of each match alternative that names one: method and path (the rewrite, else the matched path). */
  readonly requests: readonly { readonly method: string; readonly path: string }[];
  readonly rewrite?: string;
  readonly destinations: readonly RouteDestination[];
}

/** A fault injection rule. */
export interface FaultModel {
  /** File, VirtualService and rule index. */
  readonly key: string;
  /** The scenario: its file's name under `faults/`, else the VirtualService's. */
  readonly scenario: string;
  readonly file: string;
  /** The destinations of the faulty requests. */
  readonly target: string;
  /** Their apps. */
  readonly apps: readonly string[];
  readonly delay?: { readonly duration: string; readonly percent?: number };
  readonly abort?: { readonly code: string; readonly percent?: number };
}

/** A request an ALLOW (or DENY) rule matches: caller, method and path, `*` for any. */
export interface Grant {
  readonly action: string;
  /** A principal, `namespace <ns>`, or `*` for any caller; with ` except ...` and ` when ...` where the rule says so. */
  readonly caller: string;
  readonly method: string;
  readonly path: string;
}

/** Who may call an app, by the AuthorizationPolicies that apply to it (selecting its pods, or attached to its Service). */
export interface AppAccess {
  /** Namespace and app. */
  readonly key: string;
  readonly label: string;
  /** No ALLOW policy applies to it: any request that no DENY rule refuses reaches it. */
  readonly open: boolean;
  readonly grants: readonly Grant[];
}

/** Whether a gateway, as a principal, may send a route's request to one destination workload. */
export interface RouteReach {
  readonly route: string;
  readonly destination: string;
  /** The workload the request reaches. */
  readonly workload: string;
  /** Its app. */
  readonly app: string;
  readonly principal: string;
  readonly method: string;
  readonly path: string;
  readonly allowed: boolean;
  readonly reason: string;
}

/** One setting, as the sentences name it, and its value. */
export interface Setting {
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

/** What an output means for the mesh. */
export interface MeshModel {
  readonly workloads: readonly WorkloadModel[];
  readonly routes: readonly RouteModel[];
  readonly faults: readonly FaultModel[];
  readonly access: readonly AppAccess[];
  readonly reach: readonly RouteReach[];
  readonly mtls: readonly Setting[];
  readonly tracing: readonly Setting[];
  /** Who a principal is: `the ingress gateway`, an app's name. */
  readonly callers: ReadonlyMap<string, string>;
}

/** The objects of an output with what the model reads: the mesh checks' index, and the models of its workloads. */
export interface ModelContext {
  readonly index: MeshIndex;
  readonly workloads: ReadonlyMap<Workload, WorkloadModel>;
}

/** The mesh model of an output's objects. */
export function meshModel(objects: readonly OutputObject[]): MeshModel {
  const sources = objects.filter((o) => isKubeObject(o.value)).map((o): SourcedObject => ({ object: o.value as KubeObject, file: o.file }));
  const index = new MeshIndex(sources);
  const context: ModelContext = { index, workloads: workloadModels(index) };
  const { routes, faults } = meshRules(context);
  return {
    workloads: [...context.workloads.values()],
    routes,
    faults,
    access: appAccess(context),
    reach: routeReach(context, routes),
    mtls: mtlsSettings(index),
    tracing: tracingSettings(sources),
    callers: callerNames(context),
  };
}

function isKubeObject(value: unknown): boolean {
  return typeof stringAt(value, 'apiVersion') === 'string' && typeof stringAt(value, 'kind') === 'string' && asRecord(at(value, 'metadata')) !== undefined;
}

function workloadModels(index: MeshIndex): Map<Workload, WorkloadModel> {
  const own = index.workloads.filter((w) => !w.source.provided);
  // names are shown without the namespace most workloads run in, so that a workload added elsewhere renames nothing
  const perNamespace = new Map<string, number>();
  for (const w of own) perNamespace.set(w.namespace, (perNamespace.get(w.namespace) ?? 0) + 1);
  const main = [...perNamespace].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const models = new Map(own.map((w) => [w, workloadModel(w, w.namespace !== main)]));
  // two workloads of one app and version (alternatives in different files): tell them apart by their objects
  const byKey = new Map<string, Workload[]>();
  for (const [w, m] of models) push(byKey, m.key, w);
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const w of group) {
      const m = models.get(w)!;
      models.set(w, { ...m, key: `${m.key}#${m.object}`, label: `${m.label} (${m.object})` });
    }
  }
  return models;
}

function workloadModel(w: Workload, showNamespace: boolean): WorkloadModel {
  const { object } = w.source;
  const app = w.podLabels.app ?? w.podLabels['app.kubernetes.io/name'] ?? object.metadata.name ?? object.kind;
  const version = w.podLabels.version;
  const images: Record<string, string> = {};
  let replicas: number | undefined;
  if (object.kind === 'AppsodyApplication' || object.kind === 'RuntimeComponent') {
    const image = stringAt(object, 'spec', 'applicationImage');
    if (image) images.app = image;
    // both operators run one pod unless told otherwise
    replicas = numberAt(object, 'spec', 'replicas') ?? 1;
  } else {
    const pod = object.kind === 'Pod' ? object.spec : at(object, 'spec', 'template', 'spec');
    for (const c of [...listAt(pod, 'initContainers'), ...listAt(pod, 'containers')]) {
      const name = stringAt(c, 'name');
      const image = stringAt(c, 'image');
      if (name && image) images[name] = image;
    }
    if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind)) replicas = numberAt(object, 'spec', 'replicas') ?? 1;
  }
  const appLabel = `${showNamespace ? `${w.namespace}/` : ''}${app}`;
  return {
    key: `${w.namespace}/${app}/${version ?? ''}`,
    label: `${appLabel}${version ? ` ${version}` : ''}`,
    app,
    appLabel,
    version,
    namespace: w.namespace,
    object: objectName(object),
    file: w.source.file ?? '',
    images,
    replicas,
    serviceAccount: w.serviceAccount,
    gateway: w.podLabels.istio === 'ingressgateway' || w.podLabels['gateway.networking.k8s.io/gateway-name'] !== undefined,
  };
}
