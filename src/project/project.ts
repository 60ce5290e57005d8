import { App } from 'cdk8s';
import { MeshTopology, MeshTopologyProps } from '../../constructs';
import { assertValidTopology } from '../validate/topology';
import { applyOverrides, Environment } from './environment';
import type { GitOpsSettings } from './gitops';

/** What the commands synthesize: one topology, and the environments it is deployed to. */
export interface Project {
  readonly topology: MeshTopologyProps;
  readonly environments: readonly Environment[];
  /** The environment used when none is named. */
  readonly defaultEnvironment: string;
  /**
   * Where Argo CD and Flux clone the output directories from, for the GitOps output (gitops/).
   * @default - no GitOps output
   */
  readonly gitops?: GitOpsSettings;
}

/**
 * The cdk8s app of a topology, once the topology is known to be usable: throws a TopologyError listing every problem
 * with its path before any construct is built.
 */
export function buildTopologyApp(topology: MeshTopologyProps, where = `topology ${topology?.name}`): App {
  assertValidTopology(topology, where);
  const app = new App();
  new MeshTopology(app, 'topology', topology);
  return app;
}

/** The cdk8s app of a topology as `environment` changes it. */
export function buildApp(project: Project, environment: Environment): App {
  assertValidTopology(project.topology, `topology ${project.topology?.name}`);
  return buildTopologyApp(
    applyOverrides(project.topology, environment.overrides, `environment ${environment.name}`),
    `topology ${project.topology.name} in environment ${environment.name}`,
  );
}

/** The environment called `name`; the error lists the ones there are. */
export function environmentNamed(project: Project, name: string): Environment {
  const environment = project.environments.find((e) => e.name === name);
  if (!environment) throw new Error(`unknown environment '${name}'; environments: ${project.environments.map((e) => e.name).join(', ')}`);
  return environment;
}
