// The other side of the comparison: the working tree's project, synthesized in memory as `npm run check` does.
import { buildApp, Environment, Project } from '../project';
import { synthesize } from '../synth/synthesize';
import { EnvironmentOutput } from './output-diff';

/** The files synth would write for each of `environments`; throws what synth throws when one does not synthesize. */
export function synthesizeWorkingTree(project: Project, environments: readonly Environment[]): EnvironmentOutput[] {
  return environments.map((environment) => {
    const { files } = synthesize(buildApp(project, environment), { outdir: environment.outdir, kubernetesVersion: environment.kubernetesVersion });
    return { environment: environment.name, outdir: environment.outdir, files: new Map(files.map((f) => [f.path, f.content])) };
  });
}
