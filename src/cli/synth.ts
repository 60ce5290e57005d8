// `npm run synth`: synthesizes the project's topology for one environment (or all), validates it, and only then
// replaces the output directory.
import path from 'node:path';
import { App } from 'cdk8s';
import { buildApp, environmentNamed, Project } from '../project';
import { formatFinding } from '../validate';
import { synthesize } from '../synth/synthesize';
import { replaceDirectory } from '../synth/write';
import { Command, CommandIo, EXIT, UsageError } from './command';
import { synthFailure } from './synth-failure';

/** The synth command of `project`. */
export function synthCommand(project: Project): Command {
  return {
    name: 'synth',
    invocation: 'npm run synth --',
    usage: '[--env <name> | --all] [--outdir <dir>]',
    summary: 'Synthesizes the topology for an environment, validates it, and replaces the output directory.',
    options: {
      env: { type: 'string', placeholder: '<name>', description: `the environment (default: ${project.defaultEnvironment})` },
      all: { type: 'boolean', description: 'every environment, each into its own directory' },
      outdir: { type: 'string', placeholder: '<dir>', description: "write to <dir> instead of the environment's directory (with one environment)" },
    },
    moreHelp: () => environmentsHelp(project),
    run({ values, io }) {
      const envName = values.env as string | undefined;
      const outdir = values.outdir as string | undefined;
      if (values.all && envName !== undefined) throw new UsageError('--all and --env exclude each other');
      if (values.all && outdir !== undefined) throw new UsageError('--outdir needs a single environment');
      if (outdir === '') throw new UsageError('--outdir needs a directory');
      let environments;
      try {
        environments = values.all ? project.environments : [environmentNamed(project, envName ?? project.defaultEnvironment)];
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      for (const environment of environments) {
        // `cdk8s synth` names the output directory in CDK8S_OUTDIR
        const isDefault = environment.name === project.defaultEnvironment;
        const target = outdir ?? (isDefault && !values.all ? process.env.CDK8S_OUTDIR : undefined) ?? environment.outdir;
        const code = synthInto(() => buildApp(project, environment), target, io);
        if (code !== EXIT.ok) return code;
      }
      return EXIT.ok;
    },
  };
}

/**
 * Builds, renders and checks an app, and only then replaces `outdir` with its files; prints the warnings and what
 * was written. On any problem it prints them all and leaves `outdir` as it was.
 */
export function synthInto(build: () => App, outdir: string, io: CommandIo): typeof EXIT.ok | typeof EXIT.failed | typeof EXIT.usage {
  try {
    const result = synthesize(build(), { outdir });
    replaceDirectory(outdir, result.files);
    for (const f of result.findings) io.err(`${formatFinding(f)}\n`);
    const objects = result.manifests.reduce((n, m) => n + m.objects.length, 0);
    io.out(`synth: wrote ${objects} objects in ${result.files.length} files to ${path.relative(process.cwd(), path.resolve(outdir)) || '.'}/\n`);
    return EXIT.ok;
  } catch (err) {
    return synthFailure(err, 'synth', `${outdir}/ left as it was`, io);
  }
}

function environmentsHelp(project: Project): string {
  const width = Math.max(...project.environments.map((e) => e.name.length));
  const dirWidth = Math.max(...project.environments.map((e) => e.outdir.length + 1));
  return [
    'environments:',
    ...project.environments.map((e) => `  ${e.name.padEnd(width)}  ${`${e.outdir}/`.padEnd(dirWidth)}  ${e.description}`),
  ].join('\n');
}
