// IST0116 DeploymentAssociatedToMultipleServices and IST0137 DeploymentConflictingPorts (istioctl's
// deployment.MultiServiceAnalyzer): the Services that select the pods of a Deployment in the mesh use one port number
// with different protocols (TCP, UDP, SCTP), or send one targetPort traffic from different ports. An
// AppsodyApplication or a RuntimeComponent is checked as the Deployment and Service its operator makes of it.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { ClusterService, isOperatorApplication } from './cluster-services';
import { analyzed, clusterView } from './cluster-view';
import { labelMap } from './label-selector';
import { at, list, record, text } from './manifest-values';
import { push } from '../../grouped';

/** A Deployment as the analyzer reads it: its labels, and its pod template's. */
interface DeploymentPods {
  readonly source: SourcedObject;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly containers: readonly unknown[];
}

// the findings are about the Deployment as a whole, placed on its name as istioctl places them
const NAME_FIELD = 'metadata.name';

/** A Service port that selects a Deployment's pods, with where it comes from. */
interface Use {
  readonly service: ClusterService;
  readonly value: string;
}

/** Deployments in the mesh whose Services disagree on a port's protocol, or on the port of a targetPort. */
export function checkDeploymentServices(index: MeshIndex): Finding[] {
  const view = clusterView(index);
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const deployment = deploymentOf(source);
    // waypoints are Istio's own, and a Deployment out of the mesh has no proxy for the Services to confuse
    if (!deployment || deployment.labels['gateway.istio.io/managed'] === 'istio.io-mesh-controller' || !inMesh(deployment, index)) continue;
    const services = view.servicesSelecting(deployment, false);
    const name = String(source.object.metadata?.name ?? '');
    const protocols = new Map<number, Use[]>();
    const targets = new Map<string, Map<number, Use[]>>();
    for (const service of services) {
      for (const p of service.ports) {
        push(protocols, p.port, { service, value: p.protocol });
        const target = String(p.targetPort) === '0' || String(p.targetPort) === '' ? String(p.port) : String(p.targetPort);
        if (!targets.has(target)) targets.set(target, new Map());
        push(targets.get(target)!, p.port, { service, value: String(p.port) });
      }
    }
    for (const [port, uses] of protocols) {
      if (!conflicting(uses)) continue;
      const names = uses.map((u) => `${u.service.namespace}/${u.service.name}`).sort();
      const byProtocol = [...new Set(uses.map((u) => u.value))].map((protocol) => `${protocol}: ${namesOf(uses.filter((u) => u.value === protocol))}`);
      findings.push(
        finding(
          MESSAGES.deploymentAssociatedToMultipleServices,
          source,
          `this deployment ${name} is associated with multiple services using port ${port} but different protocols: [${names.join(' ')}] ` +
            `(${byProtocol.join('; ')}); use one protocol per port number in the Services that select its pods`,
          NAME_FIELD,
        ),
      );
    }
    for (const [target, byPort] of targets) {
      const uses = [...byPort.values()].flat();
      if (!conflicting(uses)) continue;
      // one Service per port, the last one as istioctl keeps it, and the ports in order
      const ports = [...byPort.keys()].sort((a, b) => a - b);
      const names = [...byPort.values()].map((u) => `${u[u.length - 1].service.namespace}/${u[u.length - 1].service.name}`).sort();
      findings.push(
        finding(
          MESSAGES.deploymentConflictingPorts,
          source,
          `this deployment ${name} is associated with multiple services [${names.join(' ')}] using targetPort "${target}" but different ports: ` +
            `[${ports.join(' ')}]; Services that select the same pods must send a targetPort traffic from one port`,
          NAME_FIELD,
        ),
      );
    }
  }
  return findings;
}

/**
 * Whether uses of one port disagree (on a protocol, or a port number). Two versions of one Service in different files
 * are alternatives, only one of which is applied: they never disagree with each other.
 */
function conflicting(uses: readonly Use[]): boolean {
  return uses.some((a) =>
    uses.some((b) => a.value !== b.value && !(a.service.identity === b.service.identity && a.service.source !== b.service.source)),
  );
}

function namesOf(uses: readonly Use[]): string {
  return [...new Set(uses.map((u) => `${u.service.namespace}/${u.service.name}`))].sort().join(', ');
}

/** The Deployment an object is or makes: an apps/v1 Deployment, or the one an operator makes of an application. */
function deploymentOf(source: SourcedObject): DeploymentPods | undefined {
  const { object } = source;
  if (source.provided || !analyzed(source)) return undefined;
  const spec = record(object.spec);
  if (object.kind === 'Deployment' && object.apiVersion === 'apps/v1') {
    return {
      source,
      namespace: namespaceOf(source),
      labels: labelMap(object.metadata?.labels),
      podLabels: labelMap(at(spec, 'template', 'metadata', 'labels')),
      podAnnotations: labelMap(at(spec, 'template', 'metadata', 'annotations')),
      containers: list(at(spec, 'template', 'spec', 'containers')),
    };
  }
  // the operators make a StatefulSet instead for storage (Appsody's `storage`, the Runtime Component's
  // `statefulSet`), and a Knative Service when asked to
  if (isOperatorApplication(source) && !spec.storage && !spec.statefulSet && spec.createKnativeService !== true) {
    const labels = labelMap(object.metadata?.labels);
    return {
      source,
      namespace: namespaceOf(source),
      labels,
      podLabels: { ...labels, 'app.kubernetes.io/instance': String(object.metadata?.name ?? '') },
      podAnnotations: { ...labelMap(object.metadata?.annotations), ...labelMap(at(spec, 'deployment', 'annotations')) },
      containers: [{ name: 'app' }, ...list(spec.sidecarContainers)],
    };
  }
  return undefined;
}

/**
 * Whether the pods get a proxy, as istioctl tells (util.DeploymentInMesh): an `istio-proxy` container with an image;
 * else the `sidecar.istio.io/inject` label, else that annotation, being "true"; else the namespace's
 * `istio-injection: enabled` label, when the Namespace is in the set.
 */
function inMesh(deployment: DeploymentPods, index: MeshIndex): boolean {
  const proxy = deployment.containers.find((c) => record(c).name === 'istio-proxy');
  if (text(record(proxy).image) !== '') return true;
  const inject = 'sidecar.istio.io/inject';
  if (inject in deployment.podLabels) return deployment.podLabels[inject] === 'true';
  if (inject in deployment.podAnnotations) return deployment.podAnnotations[inject] === 'true';
  const namespace = index.namespaces.get(deployment.namespace);
  return namespace !== undefined && labelMap(namespace.object.metadata?.labels)['istio-injection'] === 'enabled';
}
