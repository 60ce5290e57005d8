// The other side of the comparison: the working tree's project, synthesized in memory as `npm run check` does (the
// same outputs, drift's).
import { driftOutputs } from '../drift/drift';
import { Environment, Project } from '../project';
import { EnvironmentOutput, GITOPS_OUTPUT_NAME } from './output-diff';

/**
 * The files synth would write for each of `environments`, and with `gitops` the GitOps output when the project has
 * one (as `synth --all` writes it); throws what synth throws when one does not synthesize.
 */
export function synthesizeWorkingTree(project: Project, environments: readonly Environment[], { gitops = false } = {}): EnvironmentOutput[] {
  const asked = new Set(environments.map((e) => e.name));
  return driftOutputs(project)
    .filter((output) => (output.environment === undefined ? gitops : asked.has(output.environment)))
    .map((output) => ({
      environment: output.environment ?? GITOPS_OUTPUT_NAME,
      outdir: output.outdir,
      files: new Map(output.files().map((f) => [f.path, f.content])),
    }));
}
