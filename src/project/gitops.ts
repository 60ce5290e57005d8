// The GitOps settings: where Argo CD and Flux find the output directories, i.e. the Git repository this project is
// pushed to. From them and the environments, synth writes gitops/: per environment, an Argo CD Application and a Flux
// GitRepository and Kustomization that keep its output directory deployed.
import { App } from 'cdk8s';
import {
  ArgoCdApplication,
  BRANCH_RULE,
  FluxGitRepository,
  FluxKustomization,
  GIT_URL_RULE,
  isBranchName,
  isGitUrl,
  isRepositoryDirectory,
  OutputChart,
  REPOSITORY_DIRECTORY_RULE,
} from '../../constructs';
import { TopologyError } from '../validate/topology';
import { object, optional, satisfying, ShapeProblem } from '../validate/topology/shape';
import type { Project } from './project';

/** Where Argo CD and Flux clone the output directories from. */
export interface GitOpsSettings {
  /** The URL of the Git repository this project (its output directories included) is pushed to. */
  readonly repoURL?: string;
  /** The branch Argo CD and Flux follow. */
  readonly branch?: string;
  /**
   * The project's directory in that repository, when it is not the repository's top (e.g. `deploy/tracing`).
   * @default - the top of the repository
   */
  readonly path?: string;
}

/** The directory the GitOps output is written to, relative to the project. */
export const GITOPS_OUTDIR = 'gitops';

/** Where the tutorial project's settings are, as messages name them. */
export const GITOPS_SETTINGS_SOURCE = 'GITOPS in src/project/gitops.ts';

/**
 * The tutorial project's settings. The URL is an example: set the repository your clusters pull from (a fork's),
 * then `npm run synth -- --all` and commit.
 */
export const GITOPS: GitOpsSettings = {
  repoURL: 'https://github.com/example/istio-tracing-cdk8s.git',
  branch: 'main',
};

/** Settings that every field required is set in. */
type CompleteSettings = GitOpsSettings & { readonly repoURL: string; readonly branch: string };

const settingsShape = object({
  repoURL: optional(satisfying((v) => typeof v === 'string' && isGitUrl(v), GIT_URL_RULE)),
  branch: optional(satisfying((v) => typeof v === 'string' && isBranchName(v), BRANCH_RULE)),
  path: optional(satisfying((v) => v === '' || (typeof v === 'string' && isRepositoryDirectory(v)), `'' or ${REPOSITORY_DIRECTORY_RULE}`)),
});

/** Every problem of `settings`, each with the setting's name; a missing setting says what to set it to. */
export function gitOpsSettingsProblems(settings: unknown): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  settingsShape(settings, '', problems);
  if (problems.some((p) => p.path === '')) return problems;
  const given = settings as GitOpsSettings;
  if (given.repoURL === undefined) {
    problems.push({ path: 'repoURL', message: "is missing: set it to the URL Argo CD and Flux clone this project from, e.g. 'https://github.com/<owner>/<repo>.git'" });
  }
  if (given.branch === undefined) problems.push({ path: 'branch', message: "is missing: set it to the branch Argo CD and Flux follow, e.g. 'main'" });
  return problems;
}

/**
 * The cdk8s app of `project`'s GitOps output: for each environment, `argocd/<environment>.yaml` (an Argo CD
 * Application) and `flux/<environment>.yaml` (a Flux GitRepository and Kustomization), both deploying the
 * environment's output directory from the repository and branch of the project's settings. Throws a TopologyError
 * naming each setting that is missing or wrong, before anything is built.
 */
export function buildGitOpsApp(project: Project, where = `the GitOps output (settings: ${GITOPS_SETTINGS_SOURCE})`): App {
  const problems = gitOpsSettingsProblems(project.gitops ?? {});
  if (problems.length > 0) throw new TopologyError(where, problems);
  const settings = project.gitops as CompleteSettings;
  const app = new App();
  const labels = { 'app.kubernetes.io/part-of': project.topology.name, 'app.kubernetes.io/managed-by': 'cdk8s' };
  for (const environment of project.environments) {
    const name = `${project.topology.name}-${environment.name}`;
    const path = settings.path ? `${settings.path}/${environment.outdir}` : environment.outdir;
    const argocd = new OutputChart(app, `argocd-${environment.name}`, { file: `argocd/${environment.name}.yaml`, labels });
    new ArgoCdApplication(argocd, 'Application', {
      name,
      repoURL: settings.repoURL,
      branch: settings.branch,
      path,
      destinationNamespace: environment.overrides.namespace ?? project.topology.namespace,
    });
    const flux = new OutputChart(app, `flux-${environment.name}`, { file: `flux/${environment.name}.yaml`, labels });
    const source = new FluxGitRepository(flux, 'GitRepository', { name, url: settings.repoURL, branch: settings.branch });
    new FluxKustomization(flux, 'Kustomization', { name, source, path });
  }
  return app;
}
