// The command-line layer every command shares: --help, unknown flags, exit codes and one-line errors.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PropError } from '../constructs';
import { benchCommand } from '../src/cli/bench';
import { checkCommand } from '../src/cli/check';
import { Command, EXIT, helpText, InputError, runCommand, UsageError } from '../src/cli/command';
import { importCommand } from '../src/cli/import';
import { lintCommand } from '../src/cli/lint';
import { diffCommand } from '../src/cli/diff';
import { scaleSynthCommand } from '../src/cli/scale-synth';
import { synthCommand } from '../src/cli/synth';
import { TUTORIAL_PROJECT } from '../src/project';
import { runCli } from './support/cli';

const root = path.join(__dirname, '..');
const COMMANDS: readonly Command[] = [
  synthCommand(TUTORIAL_PROJECT),
  lintCommand,
  checkCommand(TUTORIAL_PROJECT, root),
  importCommand,
  benchCommand,
  scaleSynthCommand,
  diffCommand(TUTORIAL_PROJECT, root),
];

/** A command whose handler does what `run` does, for the error paths. */
const failing = (run: Command['run']): Command => ({ name: 'demo', invocation: 'npm run demo --', usage: '', summary: 'a demo', options: {}, run });

describe('every command', () => {
  test.each(COMMANDS.map((c) => [c.name, c]))('%s answers --help with its usage, options and exit codes, exit 0', async (_name, command) => {
    const outcome = await runCli(command, ['--help']);
    expect(outcome).toMatchObject({ exitCode: 0, stderr: '' });
    expect(outcome.stdout).toEqual(helpText(command));
    expect(outcome.stdout).toMatch(new RegExp(`^usage: ${command.invocation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(outcome.stdout).toContain('--help');
    // check and diff say what their own 1 and 2 mean: a drift, a lost route, a base that does not synthesize
    const codes: Record<string, string> = {
      check: '0 every output matches a fresh synth, 1 one differs or synth would refuse it',
      diff: '0 nothing the gateway can use was lost (and, with --exit-code, nothing differs), 1 a lost route',
    };
    expect(outcome.stdout).toContain(`\nexit codes: ${codes[command.name] ?? '0 clean, 1 findings at or above the failure threshold'}`);
    for (const option of Object.keys(command.options)) expect(outcome.stdout).toContain(`--${option}`);
  });

  test.each(COMMANDS.map((c) => [c.name, c]))('%s fails with exit 2 and one clear line on an unknown flag', async (name, command) => {
    const outcome = await runCli(command, ['--no-such-flag']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stdout).toEqual('');
    expect(outcome.stderr).toEqual(`${name}: unknown option '--no-such-flag'\nrun \`${command.invocation} --help\` for usage\n`);
  });

  test.each(COMMANDS.filter((c) => Object.values(c.options).some((o) => o.type === 'string')).map((c) => [c.name, c]))(
    '%s says how to give a value starting with a dash',
    async (name, command) => {
      const option = Object.entries(command.options).find(([, o]) => o.type === 'string')![0];
      const outcome = await runCli(command, [`--${option}`, '-1']);
      expect(outcome.exitCode).toBe(2);
      expect(outcome.stderr).toEqual(
        `${name}: --${option} is followed by an option, or a value starting with a dash: write such a value as --${option}=<value>\n` +
          `run \`${command.invocation} --help\` for usage\n`,
      );
    },
  );

  test('fails with exit 2 when a command that takes no arguments gets one', async () => {
    const outcome = await runCli(checkCommand(TUTORIAL_PROJECT, root), ['dist']);
    expect(outcome).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^check: unexpected argument 'dist'; check takes options only\n/) });
  });
});

describe('errors', () => {
  test('a usage error exits 2 with a pointer to --help; unreadable input exits 2 without one', async () => {
    expect(await runCli(failing(() => { throw new UsageError('--x needs a value'); }), [])).toEqual({
      exitCode: EXIT.usage, stdout: '', stderr: 'demo: --x needs a value\nrun `npm run demo -- --help` for usage\n',
    });
    expect(await runCli(failing(() => { throw new InputError('a.yaml: not YAML'); }), [])).toEqual({ exitCode: 2, stdout: '', stderr: 'demo: a.yaml: not YAML\n' });
  });

  test('a construct prop error is input: exit 2, one line, no stack', async () => {
    expect(await runCli(failing(() => { throw new PropError("app name must be a DNS-1123 label, got 'A'"); }), [])).toEqual({
      exitCode: 2, stdout: '', stderr: "demo: app name must be a DNS-1123 label, got 'A'\n",
    });
  });

  test.each([
    ['an Error', new Error('boom'), 'demo: boom (unexpected: --debug shows where)\n'],
    ['undefined', undefined, 'demo: failed with an error that says nothing (undefined was thrown) (unexpected: --debug shows where)\n'],
    ['a string', 'plain', 'demo: plain (unexpected: --debug shows where)\n'],
    ['an object', { code: 7 }, 'demo: failed with {"code":7} (unexpected: --debug shows where)\n'],
  ])('anything else thrown (%s) ends as one line and exit 1', async (_what, thrown, stderr) => {
    expect(await runCli(failing(() => { throw thrown; }), [])).toEqual({ exitCode: 1, stdout: '', stderr });
  });

  test('--debug adds the stack trace of an unexpected error', async () => {
    const outcome = await runCli(failing(() => { throw new Error('boom'); }), ['--debug']);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(/^demo: boom\nError: boom\n\s+at /);
  });
});

describe('the npm scripts', () => {
  test.each(['lint', 'check', 'import', 'bench', 'diff'])('npm run %s -- --bogus exits 2 with the one-line message of the command', (script) => {
    const run = spawnSync('npm', ['run', '--silent', script, '--', '--bogus'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${script}: unknown option '--bogus'\\n`));
  });

  test('an option npm read for itself (given before `--`) stops the script with exit 2 and the command to write', () => {
    const run = spawnSync('npm', ['run', '--silent', 'synth', '--explain', '--env=kubernetes'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'synth: npm read --env, --explain as its own settings (written before `--`, or set in an .npmrc or an npm_config_ variable), ' +
        'and synth never saw them: write `npm run synth -- --env kubernetes --explain`\n',
    );
  });

  test("npm's own --color=false before `run` is no mistake: lint runs, and says nothing of it", () => {
    const run = spawnSync('npm', ['--color=false', 'run', '--silent', 'lint', '--', '--output-threshold=Error', 'dist'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^✔ No validation issues found when analyzing:\n/);
  });
});

describe('options npm read instead of the command', () => {
  const synth = synthCommand(TUTORIAL_PROJECT);
  const lint = lintCommand;
  const run = async (command: Command, argv: readonly string[], env: NodeJS.ProcessEnv) => {
    let stdout = '';
    let stderr = '';
    const exitCode = await runCommand(command, argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) }, env);
    return { exitCode, stdout, stderr };
  };

  const REFUSED = (names: string, settings: boolean, command: string, them: boolean, write: string) =>
    `npm read ${names} as its own setting${settings ? 's' : ''} (written before \`--\`, or set in an .npmrc or an npm_config_ variable), ` +
    `and ${command} never saw ${them ? 'them' : 'it'}: write \`${write}\``;

  test.each([
    ['a bare flag', synth, { npm_lifecycle_event: 'synth', npm_config_explain: 'true' }, [], REFUSED('--explain', false, 'synth', false, 'npm run synth -- --explain')],
    [
      'a value, and a short option (npm hands its value to the command as an argument)',
      lint,
      { npm_lifecycle_event: 'lint', npm_config_failure_threshold: 'Info', npm_config_o: 'true' },
      ['json', 'dist'],
      REFUSED('-o, --failure-threshold', true, 'lint', true, 'npm run --silent lint -- -o log|json|yaml --failure-threshold Info'),
    ],
    [
      'a string option without = (npm hands its value to the command as an argument)',
      synth,
      { npm_lifecycle_event: 'synth', npm_config_outdir: 'true' },
      ['x'],
      REFUSED('--outdir', false, 'synth', false, 'npm run synth -- --outdir <dir>'),
    ],
    ['a value with a space', synth, { npm_lifecycle_event: 'synth', npm_config_outdir: 'my dir' }, [], REFUSED('--outdir', false, 'synth', false, "npm run synth -- --outdir 'my dir'")],
  ] as const)('%s: exit 2, nothing run', async (_case, command, env, argv, message) => {
    const outcome = await run(command, argv, env);
    expect(outcome).toEqual({ exitCode: 2, stdout: '', stderr: `${command.name}: ${message}\nrun \`${command.invocation} --help\` for usage\n` });
  });

  test("npm's own settings --all and --json, which an .npmrc or `npm --json run` may set too: a warning, and the command runs", async () => {
    const warned = await run(synth, ['--help'], { npm_lifecycle_event: 'synth', npm_config_all: 'true' });
    expect(warned.exitCode).toBe(0);
    expect(warned.stderr).toBe(
      'synth: warning: --all is an npm setting here (written before `--`, or set in an .npmrc or an npm_config_ variable), which synth does not read: ' +
        'if you meant it for synth, write `npm run synth -- --all`\n',
    );
    const json = await run(benchCommand, ['--help'], { npm_lifecycle_event: 'bench', npm_config_json: 'true' });
    expect(json).toMatchObject({ exitCode: 0, stderr: expect.stringContaining('if you meant it for bench, write `npm run bench -- --json`') });
    // color=false is a common .npmrc line, for npm's own output: not looked at
    expect(await run(lint, ['--help'], { npm_lifecycle_event: 'lint', npm_config_color: 'false' })).toMatchObject({ exitCode: 0, stderr: '' });
  });

  test("with one of npm's own settings, which may be npm's (`npm --json run bench`): the refusal, and the warning beside it", async () => {
    const outcome = await run(benchCommand, ['--scale', '2'], { npm_lifecycle_event: 'bench', npm_config_quick: 'true', npm_config_json: 'true' });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toBe(
      'bench: warning: --json is an npm setting here (written before `--`, or set in an .npmrc or an npm_config_ variable), which bench does not read: ' +
        'if you meant it for bench, write `npm run bench -- --json`\n' +
        `bench: ${REFUSED('--quick', false, 'bench', false, 'npm run bench -- --quick')}\nrun \`npm run bench -- --help\` for usage\n`,
    );
  });

  test('an option the command got after `--` too is the command\'s, whatever npm holds of it (an npm_config_ variable, an .npmrc)', async () => {
    const env = { npm_lifecycle_event: 'synth', npm_config_env: 'staging', npm_config_all: 'true' };
    // --env given to synth: no refusal; --all given to npm alone: its warning
    const envGiven = await run(synth, ['--env', 'nope'], env);
    expect(envGiven.exitCode).toBe(2);
    expect(envGiven.stderr).toMatch(/^synth: warning: --all is an npm setting here .*\nsynth: unknown environment 'nope'/);
    // --all given to synth: no warning; --env given to npm alone: its refusal
    expect(await run(synth, ['--help', '--all'], env)).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^synth: npm read --env as its own setting/) });
    const lint = await run(lintCommand, ['-o', 'json', '--help'], { npm_lifecycle_event: 'lint', npm_config_o: 'true' });
    expect(lint).toMatchObject({ exitCode: 0, stderr: '' });
  });

  test('looked for only in the npm script of the command itself: a variable npm exported for another script is not an option', async () => {
    const outcome = await run(synth, ['--help'], { npm_lifecycle_event: 'test', npm_config_all: 'true' });
    expect(outcome).toMatchObject({ exitCode: 0, stderr: '' });
  });

  test('--name=false of an option that takes no value leaves nothing to report: the command runs as without it', async () => {
    const outcome = await run(synth, ['--help'], { npm_lifecycle_event: 'synth', npm_config_explain: '' });
    expect(outcome).toMatchObject({ exitCode: 0, stderr: '' });
  });
});
