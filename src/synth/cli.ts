// The command line of `npm run synth`: which environment to synthesize, and where to.
import { buildApp, environmentNamed, Project } from '../environments/project';
import { runSynth } from './run';

/** The usage text, listing the project's environments. */
export function synthUsage(project: Project): string {
  const width = Math.max(...project.environments.map((e) => e.name.length));
  const dirWidth = Math.max(...project.environments.map((e) => e.outdir.length + 1));
  return [
    'usage: npm run synth -- [--env <name> | --all] [--outdir <dir>]',
    '',
    'Synthesizes the topology for an environment, validates it, and replaces the output directory.',
    '  --env <name>    the environment (default: ' + project.defaultEnvironment + ')',
    '  --all           every environment, each into its own directory',
    '  --outdir <dir>  write to <dir> instead of the environment\'s directory (with one environment)',
    '  --help          this text',
    '',
    'environments:',
    ...project.environments.map((e) => `  ${e.name.padEnd(width)}  ${`${e.outdir}/`.padEnd(dirWidth)}  ${e.description}`),
  ].join('\n');
}

/** Runs `npm run synth` with `argv`; sets process.exitCode (1: synth failed, 2: unusable arguments). */
export function synthCommand(argv: readonly string[], project: Project): void {
  let envName: string | undefined;
  let all = false;
  let outdir: string | undefined;
  const fail = (message: string) => {
    console.error(`synth: ${message}\n\n${synthUsage(project)}`);
    process.exitCode = 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') return void console.log(synthUsage(project));
    if (flag === '--all') all = true;
    else if (flag === '--env') envName = value();
    else if (flag === '--outdir') outdir = value();
    else return fail(`unknown option '${arg}'`);
    if ((flag === '--env' || flag === '--outdir') && !(flag === '--env' ? envName : outdir)) return fail(`${flag} needs a value`);
  }
  if (all && envName !== undefined) return fail('--all and --env exclude each other');
  if (all && outdir !== undefined) return fail('--outdir needs a single environment');
  let environments;
  try {
    environments = all ? project.environments : [environmentNamed(project, envName ?? project.defaultEnvironment)];
  } catch (err) {
    return fail((err as Error).message);
  }
  for (const environment of environments) {
    // `cdk8s synth` names the output directory in CDK8S_OUTDIR
    const isDefault = environment.name === project.defaultEnvironment;
    const target = outdir ?? (isDefault && !all ? process.env.CDK8S_OUTDIR : undefined) ?? environment.outdir;
    runSynth(() => buildApp(project, environment), { outdir: target });
  }
}
