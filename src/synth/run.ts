import { App } from 'cdk8s';
import path from 'node:path';
import { formatFinding } from '../validate';
import { SynthError } from './manifest';
import { synthesize } from './synthesize';
import { replaceDirectory } from './write';

/** Options of {@link runSynth}. */
export interface RunSynthOptions {
  /**
   * Where the files go.
   * @default - $CDK8S_OUTDIR (set by `cdk8s synth`), else `dist`
   */
  readonly outdir?: string;
}

/**
 * The synth command: builds the app, renders and checks it, and only then replaces the output directory.
 * On any problem it prints them all, sets a non-zero exit code and leaves the output directory untouched.
 */
export function runSynth(build: () => App, options: RunSynthOptions = {}): void {
  const outdir = options.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
  try {
    const result = synthesize(build(), { outdir });
    replaceDirectory(outdir, result.files);
    for (const f of result.findings) console.error(formatFinding(f));
    const objects = result.manifests.reduce((n, m) => n + m.objects.length, 0);
    console.log(`synth: wrote ${objects} objects in ${result.files.length} files to ${path.relative(process.cwd(), path.resolve(outdir)) || '.'}/`);
  } catch (err) {
    const problems = err instanceof SynthError ? err.problems : [(err as Error).message];
    console.error(`synth failed, ${outdir}/ left as it was:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}
