import { Duration } from 'cdk8s';
import { MeshAppProps, Fault, MeshFaultScenarioProps, MeshRouteProps, MeshTopologyProps } from '../../constructs';

// the tutorial's three stacks, with their ports and probe paths, taken in turn
const STACKS = [
  { stack: 'nodejs-express', port: 3000, livenessPath: '/live', readinessPath: '/ready' },
  { stack: 'java-spring-boot2', port: 8080, livenessPath: '/actuator/liveness', readinessPath: '/actuator/health' },
  { stack: 'java-openliberty', port: 9080, livenessPath: '/health/live', readinessPath: '/health/ready' },
];

/**
 * A topology of `count` traced apps for scale tests and the benchmark: each app has an ingress route to its `v1`
 * subset, a DestinationRule naming that subset, and one fault scenario (a delay or an abort, alternately).
 */
export function generateTopology(count: number): MeshTopologyProps {
  if (!Number.isInteger(count) || count < 1) throw new Error(`app count must be a whole number of at least 1, got ${count}`);
  const width = String(count).length;
  const apps: MeshAppProps[] = [];
  const routes: MeshRouteProps[] = [];
  const faultScenarios: MeshFaultScenarioProps[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `svc-${String(i).padStart(width, '0')}`;
    const app: MeshAppProps = { name, image: `registry.example.com/${name}:1.0.0`, ...STACKS[i % STACKS.length], subsets: ['v1'] };
    apps.push(app);
    routes.push({ prefix: `/${name}`, rewrite: '/', to: app, subset: 'v1' });
    faultScenarios.push(i % 2 === 1
      ? { name: `${name}-delay`, target: app, fault: Fault.delay(Duration.millis(500)).percent(10) }
      : { name: `${name}-abort`, target: app, fault: Fault.abort(503).percent(20) });
  }
  return {
    name: `generated-${count}`,
    namespace: 'scale-test',
    tracing: {},
    apps,
    ingress: { gatewayName: 'scale-gateway', virtualServiceName: 'scale-routes', routes },
    faultScenarios,
  };
}
