// Whether the committed output directories are what a fresh synth writes: the drift check of `npm run check`.
import { createTwoFilesPatch } from 'diff';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, Project } from '../project';
import { filesUnder } from '../files/files-under';
import { withOutputMarker } from '../synth/output-marker';
import { synthesize } from '../synth/synthesize';

/** How one environment's committed output differs from a fresh synth. */
export interface Drift {
  readonly environment: string;
  readonly outdir: string;
  /** A unified diff per differing file (committed → fresh), missing and extra files included. */
  readonly patches: readonly string[];
}

/** Synthesizes every environment in memory and compares it with its committed directory under `root`. */
export function findDrift(project: Project, root: string): Drift[] {
  const drifts: Drift[] = [];
  for (const environment of project.environments) {
    const outdir = path.join(root, environment.outdir);
    // what synth writes: the files and the output marker
    const written = withOutputMarker(
      synthesize(buildApp(project, environment), { outdir: environment.outdir, kubernetesVersion: environment.kubernetesVersion }).files,
    );
    const fresh = new Map(written.map((f) => [f.path, f.content]));
    const committed = new Set(filesUnder(outdir));
    const patches: string[] = [];
    for (const file of [...new Set([...committed, ...fresh.keys()])].sort()) {
      const before = committed.has(file) ? readFileSync(path.join(outdir, file), 'utf8') : '';
      const after = fresh.get(file) ?? '';
      if (before === after && committed.has(file) === fresh.has(file)) continue;
      const name = `${environment.outdir}/${file}`;
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
    if (patches.length > 0) drifts.push({ environment: environment.name, outdir: environment.outdir, patches });
  }
  return drifts;
}
