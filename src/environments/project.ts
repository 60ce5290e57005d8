import { App } from 'cdk8s';
import { MeshTopology, TopologySpec } from '../../constructs';
import { applyOverrides, Environment } from './environment';

/** What the commands synthesize: one topology, and the environments it is deployed to. */
export interface Project {
  readonly topology: TopologySpec;
  readonly environments: readonly Environment[];
  /** The environment used when none is named. */
  readonly defaultEnvironment: string;
}

/** The cdk8s app of a topology as `environment` changes it. */
export function buildApp(project: Project, environment: Environment): App {
  const app = new App();
  new MeshTopology(app, 'topology', applyOverrides(project.topology, environment.overrides, `environment ${environment.name}`));
  return app;
}

/** The environment called `name`; the error lists the ones there are. */
export function environmentNamed(project: Project, name: string): Environment {
  const environment = project.environments.find((e) => e.name === name);
  if (!environment) throw new Error(`unknown environment '${name}'; environments: ${project.environments.map((e) => e.name).join(', ')}`);
  return environment;
}
