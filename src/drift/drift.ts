// Whether the committed output directories are what a fresh synth writes: the drift check of `npm run check`.
import { createTwoFilesPatch } from 'diff';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, buildGitOpsApp, GITOPS_OUTDIR, Project } from '../project';
import { fsReason, walkUnder } from '../files/files-under';
import type { OutputFile } from '../manifests/kube-object';
import { synthesizeGitOps } from '../synth/gitops-output';
import { checkOutputDirectory, OutputDirectoryError } from '../synth/output-directory';
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
  /**
   * Why synth would refuse to write the directory (a file or an empty folder it did not write, a link in the
   * directory's place), as synth says it: running synth does not fix such a drift until that is moved out.
   */
  readonly refusal?: string;
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
    const written = withOutputMarker(files());
    const fresh = new Map(written.map((f) => [f.path, f.content]));
    const refusal = synthRefusal(outdir, root, written);
    const { files: committedFiles, others } = committedEntries(outdir);
    const committed = new Set(committedFiles);
    // what synth never writes (a link it cannot follow, a FIFO, a folder in the output's place), as `diff -r` says it
    const patches = others.map(({ path: entry, why }) => `Only in committed ${output.outdir}/: ${entry ? `${entry}: ` : ''}${why}\n`);
    for (const file of [...new Set([...committed, ...fresh.keys()])].sort()) {
      let before = '';
      try {
        if (committed.has(file)) before = readFileSync(path.join(outdir, file), 'utf8');
      } catch (err) {
        patches.push(`Only in committed ${output.outdir}/: ${file}: cannot be read: ${fsReason(err)}\n`);
        continue;
      }
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
    if (patches.length > 0 || refusal !== undefined) drifts.push({ ...output, patches, ...(refusal === undefined ? {} : { refusal }) });
  }
  return drifts;
}

/** Why synth would refuse to write `outdir` with `files`, as it says it, or undefined when it would write it. */
function synthRefusal(outdir: string, root: string, files: readonly OutputFile[]): string | undefined {
  try {
    checkOutputDirectory(outdir, { root, files });
    return undefined;
  } catch (err) {
    if (err instanceof OutputDirectoryError) return err.message;
    throw err;
  }
}

/**
 * The regular files under `outdir` (paths relative, `/`-separated; none when it is missing), and every other entry with
 * why it is none: a link that cannot be followed or leads to a folder, a FIFO, a folder that cannot be listed, or
 * `outdir` itself not being a folder ('' then).
 */
function committedEntries(outdir: string): { files: string[]; others: { path: string; why: string }[] } {
  if (!existsSync(outdir)) return { files: [], others: [] };
  const files: string[] = [];
  const others: { path: string; why: string }[] = [];
  for (const entry of walkUnder(outdir, { followDirectoryLinks: false })) {
    if (entry.type === 'file') files.push(entry.path);
    else if (entry.type === 'unreadable') {
      const link = entry.linkTarget === undefined ? '' : ` (a symbolic link to ${entry.linkTarget})`;
      others.push({ path: entry.path, why: `${entry.path === '' ? 'cannot be listed' : 'cannot be read'}: ${fsReason(entry.error)}${link}` });
    } else others.push({ path: entry.path, why: entry.type === 'linked directory' ? 'a symbolic link to a folder' : 'not a regular file' });
  }
  return { files, others };
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
