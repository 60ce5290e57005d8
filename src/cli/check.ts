// `npm run check`: fails when a committed output directory is not what a fresh synth writes (the drift check).
import { driftOutputs, findDrift } from '../drift/drift';
import { Project } from '../project';
import { Command, EXIT } from './command';
import { synthFailure } from './synth-failure';

/** The drift check of `project`'s environments, against their directories under `root`. */
export function checkCommand(project: Project, root: string): Command {
  return {
    name: 'check',
    invocation: 'npm run check --',
    usage: '',
    summary: 'Synthesizes every environment (and the GitOps output) in memory and compares it with its committed output directory; prints a diff per file.',
    options: {},
    exitCodes: '0 every output matches a fresh synth, 1 one differs or synth would refuse it (or a failed run), 2 usage or a topology mistake',
    run({ io }) {
      let drifts;
      try {
        drifts = findDrift(project, root);
      } catch (err) {
        // a topology that does not synthesize cannot be compared: its problems, and exit 2 or 1 as synth would
        return synthFailure(err, 'check', 'so nothing was compared', io);
      }
      const dirs = driftOutputs(project).map((o) => `${o.outdir}/`).join(', ');
      if (drifts.length === 0) {
        io.out(`check: ${dirs} match a fresh synth\n`);
        return EXIT.ok;
      }
      for (const drift of drifts) io.out(drift.patches.join(''));
      const differing = drifts.filter((d) => d.patches.length > 0);
      if (differing.length > 0) {
        const counts = differing.map((d) => `${d.outdir}/ (${d.patches.length} file${d.patches.length === 1 ? '' : 's'})`);
        io.err(`\ncheck: ${counts.join(', ')} differ${differing.length === 1 ? 's' : ''} from a fresh synth.\n`);
      }
      const refused = drifts.filter((d) => d.refusal !== undefined);
      // synth would not write these: running it is the second step
      for (const drift of refused) io.err(`check: synth would refuse ${drift.outdir}/: ${drift.refusal}\n`);
      const synthArgs = differing.length > 1 ? '--all' : differing[0]?.synthArgs;
      // where only a refusal stands in the way the files match, but moving what it names may change that
      const steps = [
        ...(refused.length > 0 ? ['do what the refusal says'] : []),
        ...(synthArgs ? [`npm run synth -- ${synthArgs}`, 'commit the result'] : ['run npm run check again']),
      ];
      io.err(`Fix: ${steps.join(', then ')}.\n`);
      return EXIT.failed;
    },
  };
}
