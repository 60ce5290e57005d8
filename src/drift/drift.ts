// Whether the committed output directories are what a fresh synth writes: the drift check of `npm run check`.
import { createTwoFilesPatch } from 'diff';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, buildGitOpsApp, GITOPS_OUTDIR, Project } from '../project';
import { filesUnder } from '../files/files-under';
import type { OutputFile } from '../manifests/kube-object';
import { synthesizeGitOps } from '../synth/gitops-output';
import { withOutputMarker } from '../synth/output-marker';
import { synthesize } from '../synth/synthesize';

/** How one output directory's committed files differ from a fresh synth. */
export interface Drift {
  /** The environment whose directory it is; absent for the GitOps output. */
  readonly environment?: string;
  readonly outdir: string;
  /** The arguments of `npm run synth --` that write the directory afresh (`--env staging`, `--gitops`). */
  readonly synthArgs: string;
  /** A unified diff per differing file (committed → fresh), missing and extra files included. */
  readonly patches: readonly string[];
}

/** One output check compares: an environment's directory or the GitOps output's, and what a synth writes there. */
export interface Output {
  readonly environment?: string;
  readonly outdir: string;
  readonly synthArgs: string;
  readonly files: () => readonly OutputFile[];
}

/**
 * Synthesizes every environment, and the GitOps output when the project has GitOps settings, in memory and compares
 * each with its committed directory under `root`.
 */
export function findDrift(project: Project, root: string): Drift[] {
  const drifts: Drift[] = [];
  for (const { files, ...output } of driftOutputs(project)) {
    const outdir = path.join(root, output.outdir);
    // what synth writes: the files and the output marker
    const fresh = new Map(withOutputMarker(files()).map((f) => [f.path, f.content]));
    const committed = new Set(filesUnder(outdir));
    const patches: string[] = [];
    for (const file of [...new Set([...committed, ...fresh.keys()])].sort()) {
      const before = committed.has(file) ? readFileSync(path.join(outdir, file), 'utf8') : '';
      const after = fresh.get(file) ?? '';
      if (before === after && committed.has(file) === fresh.has(file)) continue;
      const name = `${output.outdir}/${file}`;
      patches.push(
        createTwoFilesPatch(
          committed.has(file) ? `a/${name}` : '/dev/null',
          fresh.has(file) ? `b/${name}` : '/dev/null',
          before,
          after,
          'committed',
          'fresh synth',
        ),
      );
    }
    if (patches.length > 0) drifts.push({ ...output, patches });
  }
  return drifts;
}

/** The outputs check compares, in order: every environment's directory, and the GitOps output when the project has one. */
export function driftOutputs(project: Project): Output[] {
  const outputs: Output[] = project.environments.map((environment) => ({
    environment: environment.name,
    outdir: environment.outdir,
    synthArgs: `--env ${environment.name}`,
    files: () => synthesize(buildApp(project, environment), { outdir: environment.outdir, kubernetesVersion: environment.kubernetesVersion }).files,
  }));
  if (project.gitops !== undefined) {
    outputs.push({ outdir: GITOPS_OUTDIR, synthArgs: '--gitops', files: () => synthesizeGitOps(buildGitOpsApp(project), GITOPS_OUTDIR).files });
  }
  return outputs;
}
