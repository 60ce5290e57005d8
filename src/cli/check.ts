// `npm run check`: fails when a committed output directory is not what a fresh synth writes.
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from '../environments';
import { findDrift } from '../check/drift';
import { SynthError } from '../synth/manifest';
import { TUTORIAL } from '../topology/tutorial';

try {
  const drifts = findDrift({ topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT }, process.cwd());
  if (drifts.length === 0) {
    console.log(`check: ${ENVIRONMENTS.map((e) => `${e.outdir}/`).join(', ')} match a fresh synth`);
  } else {
    for (const drift of drifts) process.stdout.write(drift.patches.join(''));
    console.error(`\ncheck: ${drifts.map((d) => `${d.outdir}/ (${d.patches.length} file${d.patches.length === 1 ? '' : 's'})`).join(', ')} differ from a fresh synth.`);
    console.error(`Fix: ${drifts.length === ENVIRONMENTS.length || drifts.length > 1 ? 'npm run synth -- --all' : `npm run synth -- --env ${drifts[0].environment}`}, then commit the result.`);
    process.exitCode = 1;
  }
} catch (err) {
  const problems = err instanceof SynthError ? err.problems : [(err as Error).message];
  console.error(`check: synth fails, so nothing can be compared:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exitCode = 2;
}
