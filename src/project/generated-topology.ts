import { Duration } from 'cdk8s';
import { MeshAppProps, Fault, MeshFaultScenarioProps, MeshRouteProps, MeshTopologyProps } from '../../constructs';

// the tutorial's three stacks, with their ports and probe paths, taken in turn
const STACKS = [
  { stack: 'nodejs-express', port: 3000, livenessPath: '/live', readinessPath: '/ready' },
  { stack: 'java-spring-boot2', port: 8080, livenessPath: '/actuator/liveness', readinessPath: '/actuator/health' },
  { stack: 'java-openliberty', port: 9080, livenessPath: '/health/live', readinessPath: '/health/ready' },
];

/**
 * The most apps {@link generateMeshes} puts in one mesh. One namespace cannot hold many more: its allow-nothing
 * policy carries every declared call in one annotation, and an object's annotations may total 256 KiB (about 3,000
 * ingress routes); platform teams keep many meshes of hundreds of services rather than one of ten thousand.
 */
export const APPS_PER_GENERATED_MESH = 1000;

/**
 * A topology of `count` traced apps for scale tests and the benchmark: each app has an ingress route to its `v1`
 * subset, a DestinationRule naming that subset, and one fault scenario (a delay or an abort, alternately).
 */
export function generateTopology(count: number): MeshTopologyProps {
  requireAppCount(count);
  return generatedMesh(`generated-${count}`, 'scale-test', appNames(1, count, count));
}

/**
 * `count` generated apps as meshes of at most {@link APPS_PER_GENERATED_MESH} apps: the one {@link generateTopology}
 * when they fit in one, else meshes `generated-<count>-<k>` in namespaces `scale-test-<k>`, each behind a host of its
 * own (`mesh-<k>.example.com`) on the one ingress gateway. App names run on across the meshes.
 */
export function generateMeshes(count: number): MeshTopologyProps[] {
  requireAppCount(count);
  if (count <= APPS_PER_GENERATED_MESH) return [generateTopology(count)];
  const meshes = Math.ceil(count / APPS_PER_GENERATED_MESH);
  const width = String(meshes).length;
  return Array.from({ length: meshes }, (_, i) => {
    const k = String(i + 1).padStart(width, '0');
    const first = i * APPS_PER_GENERATED_MESH + 1;
    const names = appNames(first, Math.min(count, first + APPS_PER_GENERATED_MESH - 1), count);
    return generatedMesh(`generated-${count}-${k}`, `scale-test-${k}`, names, [`mesh-${k}.example.com`]);
  });
}

function requireAppCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`app count must be a whole number of at least 1, got ${count}`);
}

/** The names of apps `first` to `last` of `count`: `svc-` and the number, zero-padded to the width of `count`. */
function appNames(first: number, last: number, count: number): { name: string; number: number }[] {
  const width = String(count).length;
  return Array.from({ length: last - first + 1 }, (_, i) => ({ name: `svc-${String(first + i).padStart(width, '0')}`, number: first + i }));
}

function generatedMesh(name: string, namespace: string, names: readonly { name: string; number: number }[], hosts?: string[]): MeshTopologyProps {
  const apps: MeshAppProps[] = [];
  const routes: MeshRouteProps[] = [];
  const faultScenarios: MeshFaultScenarioProps[] = [];
  for (const { name: appName, number: i } of names) {
    const app: MeshAppProps = { name: appName, image: `registry.example.com/${appName}:1.0.0`, ...STACKS[i % STACKS.length], subsets: ['v1'] };
    apps.push(app);
    routes.push({ prefix: `/${appName}`, rewrite: '/', to: app, subset: 'v1' });
    faultScenarios.push(i % 2 === 1
      ? { name: `${appName}-delay`, target: app, fault: Fault.delay(Duration.millis(500)).percent(10) }
      : { name: `${appName}-abort`, target: app, fault: Fault.abort(503).percent(20) });
  }
  return {
    name,
    namespace,
    tracing: {},
    apps,
    ingress: { gatewayName: 'scale-gateway', virtualServiceName: 'scale-routes', routes, ...(hosts ? { hosts } : {}) },
    faultScenarios,
  };
}
