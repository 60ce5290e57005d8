// The other side of the comparison: the working tree's project, synthesized in memory as `npm run check` does.
import { buildApp, buildGitOpsApp, Environment, GITOPS_OUTDIR, Project } from '../project';
import { synthesizeGitOps } from '../synth/gitops-output';
import { synthesize } from '../synth/synthesize';
import { EnvironmentOutput, GITOPS_OUTPUT_NAME } from './output-diff';

/**
 * The files synth would write for each of `environments`, and with `gitops` the GitOps output when the project has
 * one (as `synth --all` writes it); throws what synth throws when one does not synthesize.
 */
export function synthesizeWorkingTree(project: Project, environments: readonly Environment[], { gitops = false } = {}): EnvironmentOutput[] {
  const outputs = environments.map((environment) => {
    const { files } = synthesize(buildApp(project, environment), { outdir: environment.outdir, kubernetesVersion: environment.kubernetesVersion });
    return { environment: environment.name, outdir: environment.outdir, files: new Map(files.map((f) => [f.path, f.content])) };
  });
  if (gitops && project.gitops !== undefined) {
    const { files } = synthesizeGitOps(buildGitOpsApp(project), GITOPS_OUTDIR);
    outputs.push({ environment: GITOPS_OUTPUT_NAME, outdir: GITOPS_OUTDIR, files: new Map(files.map((f) => [f.path, f.content])) });
  }
  return outputs;
}
