// `npm run diff`: the synthesized output of a base git revision against the working tree's, object by object, and
// what the change does to the mesh: routes, faults, who may call whom, mTLS, tracing, images and replicas.
import { BaseOutputs, BaseRevisionError, BaseSynth, BaseSynthError, resolveBase } from '../diff/base-revision';
import { diffOutputs, EnvironmentOutput, GITOPS_OUTPUT_NAME, reportDiffers, reportErrors } from '../diff/output-diff';
import { DIFF_FORMATS, DiffFormat, renderReport } from '../diff/render';
import { synthesizeWorkingTree } from '../diff/working-tree';
import { Environment, environmentNamed, GITOPS_OUTDIR, Project } from '../project';
import { Command, CommandFailure, EXIT, InputError, UsageError } from './command';
import { synthFailure } from './synth-failure';

/** The diff command of `project`, whose git repository is at `root`. */
export function diffCommand(project: Project, root: string): Command {
  return {
    name: 'diff',
    invocation: 'npm run diff --',
    usage: '[--base <ref>] [--env <name> | --all] [--format text|markdown|json] [--exit-code]',
    summary:
      'Synthesizes a base git revision (in a temporary checkout) and the working tree, and compares their output object by object; ' +
      'says what the change does to the mesh.',
    options: {
      base: { type: 'string', placeholder: '<ref>', description: 'the revision to compare with (default: the merge base of HEAD with origin/main, else main)' },
      env: { type: 'string', placeholder: '<name>', description: `the environment (default: ${project.defaultEnvironment})` },
      all: { type: 'boolean', description: `every environment, and the GitOps output (${GITOPS_OUTDIR}/) by its objects` },
      format: { type: 'string', placeholder: '<format>', description: 'text (default), markdown (for a pull-request comment) or json' },
      'exit-code': { type: 'boolean', description: 'exit 1 when anything differs, as git diff --exit-code does' },
    },
    moreHelp: () =>
      [
        'A route that the working tree\'s policies no longer let the ingress gateway use is an error: exit 1.',
        'A base revision that does not synthesize, or that git does not know, exits 2; a working tree that does not',
        'synthesize exits as synth does (1, or 2 for a topology mistake), with nothing compared.',
        `environments: ${project.environments.map((e) => e.name).join(', ')}`,
      ].join('\n'),
    exitCodes:
      '0 nothing the gateway can use was lost (and, with --exit-code, nothing differs), 1 a lost route, a difference with --exit-code\n' +
      'or a failed run, 2 usage, a base that git does not know or that does not synthesize, or a topology mistake',
    async run({ values, io }) {
      const envName = values.env as string | undefined;
      const format = (values.format as string | undefined) ?? 'text';
      if (values.all && envName !== undefined) throw new UsageError('--all and --env exclude each other');
      if (!(DIFF_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}'; formats: ${DIFF_FORMATS.join(', ')}`);
      let environments: readonly Environment[];
      try {
        environments = values.all ? project.environments : [environmentNamed(project, envName ?? project.defaultEnvironment)];
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      let base;
      try {
        base = resolveBase(root, values.base as string | undefined);
      } catch (err) {
        if (err instanceof BaseRevisionError) throw new InputError(err.message);
        throw err;
      }
      // the base synthesizes in its own process while this one synthesizes the working tree
      const baseSynth = new BaseSynth(root, base.commit, values.all ? {} : { environment: environments[0].name });
      let head: EnvironmentOutput[];
      try {
        head = synthesizeWorkingTree(project, environments, { gitops: values.all === true });
      } catch (err) {
        baseSynth.cancel();
        await baseSynth.done.catch(() => undefined);
        return synthFailure(err, 'diff', 'so nothing was compared', io);
      }
      let baseOutputs: BaseOutputs;
      try {
        baseOutputs = await baseSynth.done;
      } catch (err) {
        // the base's own messages as it printed them, indented under ours
        if (err instanceof BaseSynthError) throw new CommandFailure([err.message, ...err.problems.map((l) => `  ${l}`)].join('\n'), [], EXIT.usage);
        throw err;
      }
      const fromBase = baseEnvironments(project, environments, baseOutputs, !values.all);
      const baseNote = [baseOutputs.note, ...fromBase.notes.map((n) => `the base revision ${base.commit.slice(0, 12)} ${n}`)].filter(Boolean).join('; ');
      const report = diffOutputs({ baseRef: base.ref, baseCommit: base.commit, ...(baseNote ? { baseNote } : {}), head: 'working tree' }, fromBase.outputs, head);
      io.out(renderReport(report, format as DiffFormat));
      if (reportErrors(report) > 0) return EXIT.failed;
      return values['exit-code'] && reportDiffers(report) ? EXIT.failed : EXIT.ok;
    },
  };
}

/**
 * The base's outputs as environments, and notes on what was not compared. The base's synth names its directories;
 * they are the working tree's environments of the same directory, or, for an environment asked for by name, that one
 * (its directory may have been renamed since), unless the directory is another environment's: then the base wrote
 * that one, not reading --env, and has no output for the one asked.
 */
function baseEnvironments(
  project: Project,
  asked: readonly Environment[],
  base: BaseOutputs,
  single: boolean,
): { outputs: EnvironmentOutput[]; notes: string[] } {
  const notes: string[] = [];
  const outputs = base.outputs.flatMap((output) => {
    // the GitOps output (synth --all writes it): compared with --all, by its objects (it is no mesh of its own)
    if (output.outdir === GITOPS_OUTDIR) return single ? [] : [{ environment: GITOPS_OUTPUT_NAME, outdir: output.outdir, files: output.files }];
    const byDirectory = project.environments.find((e) => e.outdir === output.outdir);
    const another = single && byDirectory !== undefined && byDirectory.name !== asked[0].name;
    const environment = single && !base.predatesEnvironments && !another ? asked[0] : byDirectory;
    if (single && environment?.name !== asked[0].name) {
      if (another && !base.predatesEnvironments) {
        notes.push(`wrote ${output.outdir}/, the directory of ${byDirectory.name}, when asked for --env ${asked[0].name}: it has no output for ${asked[0].name}`);
      }
      return [];
    }
    return [{ environment: environment?.name ?? output.outdir, outdir: output.outdir, files: output.files }];
  });
  return { outputs, notes };
}
