// The checks across a topology's parts: unique names, and references between apps, routes, subsets, scenarios, the
// traffic generator and the canary. They run after the shape check, on a topology whose fields have their types.
import type { MeshAppProps, MeshTopologyProps } from '../../../constructs/mesh-topology';
import { join, problem, ShapeProblem } from './shape';

/** Every broken reference and repeated name of a well-shaped topology. */
export function topologyReferenceProblems(topology: MeshTopologyProps): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const apps = new Map<string, MeshAppProps>();
  topology.apps.forEach((app, i) => {
    if (apps.has(app.name)) problems.push(problem(join(join('apps', i), 'name'), 'must be unique among the apps', app.name));
    else apps.set(app.name, app);
  });
  const appNames = [...apps.keys()].join(', ');
  const known = (ref: MeshAppProps, path: string): MeshAppProps | undefined => {
    const app = apps.get(ref.name);
    if (!app) problems.push(problem(join(path, 'name'), `must name one of the topology's apps (${appNames})`, ref.name));
    return app;
  };

  topology.apps.forEach((app, i) => {
    app.calls?.forEach((call, j) => {
      const path = join(join(join('apps', i), 'calls'), j);
      known(call.to, join(path, 'to'));
    });
    unique(app.subsets ?? [], join(join('apps', i), 'subsets'), 'subsets of an app', problems);
  });

  const api = topology.ingress.api ?? 'istio';
  if ((topology.dataplane ?? 'sidecar') === 'ambient' && api !== 'gateway-api') {
    problems.push(
      problem(
        join('ingress', 'api'),
        "must be 'gateway-api' in ambient mode: Istio configures ambient mode through the Gateway API, and the ambient install " +
          'profile runs no ingress gateway for an Istio Gateway to select',
        api,
      ),
    );
  }
  if (api === 'gateway-api' && topology.ingress.selector !== undefined) {
    problems.push(
      problem(
        join('ingress', 'selector'),
        "selects the pods of Istio's ingress gateway, which a Gateway API Gateway does not use (Istio deploys its own): remove it, or use api 'istio'",
        topology.ingress.selector,
      ),
    );
  }

  const prefixes = new Set<string>();
  const routedApps = new Set<string>();
  topology.ingress.routes.forEach((route, i) => {
    const path = join(join('ingress', 'routes'), i);
    if (prefixes.has(route.prefix)) problems.push(problem(join(path, 'prefix'), 'must be unique among the ingress routes', route.prefix));
    prefixes.add(route.prefix);
    const app = known(route.to, join(path, 'to'));
    if (!app) return;
    routedApps.add(app.name);
    if (route.subset !== undefined && api === 'gateway-api') {
      problems.push(
        problem(
          join(path, 'subset'),
          "cannot be routed to with the Gateway API, whose HTTPRoutes have no subsets: give the version a Service of its own (as the canary does) and route to it, or use ingress api 'istio'",
          route.subset,
        ),
      );
    } else if (route.subset !== undefined && !(app.subsets ?? []).includes(route.subset)) {
      problems.push(
        problem(
          join(path, 'subset'),
          `must be one of the subsets app ${app.name} names (${(app.subsets ?? []).join(', ') || 'none: add subsets to the app'})`,
          route.subset,
        ),
      );
    }
  });

  const scenarioNames = new Set<string>();
  topology.faultScenarios.forEach((scenario, i) => {
    const path = join('faultScenarios', i);
    if (scenarioNames.has(scenario.name)) problems.push(problem(join(path, 'name'), 'must be unique among the fault scenarios', scenario.name));
    scenarioNames.add(scenario.name);
    known(scenario.target, join(path, 'target'));
  });

  (topology.trafficGenerator?.paths ?? []).forEach((p, i) => {
    if (!prefixes.has(p))
      problems.push(
        problem(join(join('trafficGenerator', 'paths'), i), `must be one of the ingress route prefixes (${[...prefixes].join(', ')})`, p),
      );
  });

  const canary = topology.canary;
  if (canary) {
    const app = known(canary.app, join('canary', 'app'));
    if (app) {
      if (!routedApps.has(app.name))
        problems.push(problem(join(join('canary', 'app'), 'name'), 'must name an app that an ingress route sends requests to', app.name));
      const stable = app.version ?? 'v1';
      if ((canary.version ?? 'v2') === stable)
        problems.push(problem(join('canary', 'version'), `must differ from the stable version of app ${app.name}`, canary.version ?? 'v2'));
    }
  }
  return problems;
}

function unique(values: readonly string[], path: string, what: string, problems: ShapeProblem[]): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) problems.push(problem(join(path, i), `must be unique among the ${what}`, v));
    seen.add(v);
  });
}
