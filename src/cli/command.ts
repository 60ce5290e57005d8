// The one command-line layer: every command declares its options, and gets the same parsing (node:util parseArgs),
// `--help`, `--debug`, exit codes and error formatting.
import { parseArgs } from 'node:util';
import { PropError } from '../../constructs/prop-error';
import { TemporaryDirectoryError } from '../files/temporary-directory';
import { formatProblems } from '../messages/problem-list';
import { npmSwallowedOptions } from './npm-swallowed-options';
import { writeOutput } from './process-output';

/** How every command exits. */
export const EXIT = {
  /** Clean: nothing at or above the failure threshold. */
  ok: 0,
  /** Findings at or above the failure threshold, or a run that failed. */
  failed: 1,
  /** Unusable command line, or input that cannot be read. */
  usage: 2,
} as const;

/** An exit code of a command. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in the command line: printed with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Input that cannot be read (a missing file, a file that is not YAML): printed as is, exit 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A run that failed for reasons the message explains, with a list of problems: exit 1, or `exitCode`. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    public readonly problems: readonly string[] = [],
    public readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/** One option of a command. */
export interface CommandOption {
  readonly type: 'string' | 'boolean';
  /** A one-letter alias. */
  readonly short?: string;
  /** Whether it may be given more than once (string options). */
  readonly multiple?: boolean;
  /**
   * Whether a boolean option may also be written `--name=<bool>`, as Go's flag packages read one (`--color=false`):
   * `true`, `false`, `1`, `0`, `t`, `f`, `TRUE`, `True`, `FALSE`, `False`, `T` or `F`, as strconv.ParseBool takes
   * them. The last one given counts.
   */
  readonly boolValue?: boolean;
  /** The value's placeholder in the help text, e.g. `<dir>`. */
  readonly placeholder?: string;
  /** One line for the help text. */
  readonly description: string;
}

/** What a command's handler receives. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
  readonly io: CommandIo;
}

/** Where a command prints. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` writes to a terminal (so that colours can be shown); false when left out. */
  readonly outIsTerminal?: boolean;
}

/** A command of the project's command line. */
export interface Command {
  /** The command's name, as messages start with it (`synth`, `lint`...). */
  readonly name: string;
  /** How it is run, up to its arguments, e.g. `npm run synth --`. */
  readonly invocation: string;
  /** Its arguments, as the usage line shows them after `--`, e.g. `[--env <name> | --all]`. */
  readonly usage: string;
  /** What it does, in a sentence or two. */
  readonly summary: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  /** What positional arguments mean; none are accepted when left out. */
  readonly positionals?: { readonly placeholder: string; readonly description: string };
  /** More help text, computed when asked for (e.g. the environments and their directories). */
  readonly moreHelp?: () => string;
  /**
   * What its exit codes 1 and 2 mean, for the help text's last line, when they mean more than findings and bad input.
   * @default - 1 findings at or above the failure threshold or a failed run, 2 usage or unreadable input
   */
  readonly exitCodes?: string;
  run(args: CommandArgs): ExitCode | Promise<ExitCode>;
}

const COMMON_OPTIONS: Readonly<Record<string, CommandOption>> = {
  help: { type: 'boolean', short: 'h', description: 'print this text and exit' },
  debug: { type: 'boolean', description: 'print the stack trace of an unexpected error' },
};

/** The help text of a command. */
export function helpText(command: Command): string {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const labels = Object.entries(options).map(
    ([name, o]) => `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.placeholder ?? '<value>'}` : ''}`,
  );
  const width = Math.max(...labels.map((l) => l.length), command.positionals?.placeholder.length ?? 0);
  const lines = [`usage: ${command.invocation}${command.usage ? ` ${command.usage}` : ''}`, '', command.summary, ''];
  if (command.positionals) lines.push(`  ${command.positionals.placeholder.padEnd(width)}  ${command.positionals.description}`);
  Object.values(options).forEach((o, i) => lines.push(`  ${labels[i].padEnd(width)}  ${o.description}${o.multiple ? ' (repeatable)' : ''}`));
  const more = command.moreHelp?.();
  if (more) lines.push('', more);
  lines.push('', `exit codes: ${command.exitCodes ?? '0 clean, 1 findings at or above the failure threshold or a failed run, 2 usage or unreadable input'}`);
  return `${lines.join('\n')}\n`;
}

const PROCESS_IO: CommandIo = {
  out: (text) => writeOutput(1, text),
  err: (text) => writeOutput(2, text),
  get outIsTerminal() {
    // loaded when asked: node:tty brings node's net module, about 2 ms of every synth otherwise
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('node:tty') as typeof import('node:tty')).isatty(1);
  },
};

/**
 * Runs `command` on `argv` and returns its exit code. Whatever the handler throws ends as one clear message: usage
 * mistakes and unreadable input exit 2, anything else 1; only `--debug` shows a stack trace. `env` is read for the
 * options npm took for itself (`npm run synth --all`, without `--`).
 */
export async function runCommand(
  command: Command,
  argv: readonly string[],
  io: CommandIo = PROCESS_IO,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const debug = argv.includes('--debug');
  // before parsing: `npm run synth --outdir x` also hands x to synth, as an argument it would refuse
  const swallowed = npmSwallowedOptions({ ...command, options }, env, argv);
  if (swallowed.warning !== undefined) io.err(`${command.name}: warning: ${swallowed.warning}\n`);
  if (swallowed.refusal !== undefined) {
    io.err(`${command.name}: ${swallowed.refusal}\nrun \`${command.invocation} --help\` for usage\n`);
    return EXIT.usage;
  }
  let parsed;
  let boolValues;
  try {
    boolValues = readBoolValues(argv, options);
    parsed = parseArgs({
      args: boolValues.args,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: command.positionals !== undefined,
      strict: true,
    });
  } catch (err) {
    io.err(`${command.name}: ${parseErrorMessage(err, command)}\nrun \`${command.invocation} --help\` for usage\n`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.out(helpText(command));
    return EXIT.ok;
  }
  const values = { ...parsed.values, ...boolValues.values } as CommandArgs['values'];
  try {
    return await command.run({ values, positionals: parsed.positionals, io });
  } catch (err) {
    return reportError(command, err, debug, io);
  }
}

/** Runs `command` on the process's arguments and sets its exit code. */
export function main(command: Command): void {
  runCommand(command, process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // runCommand reports what the command throws; this is a last line of defence for a failure in the reporting
      writeOutput(2, `${command.name}: ${describeThrown(err)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}

function reportError(command: Command, err: unknown, debug: boolean, io: CommandIo): ExitCode {
  if (err instanceof UsageError) {
    io.err(`${command.name}: ${err.message}\nrun \`${command.invocation} --help\` for usage\n`);
    return EXIT.usage;
  }
  if (err instanceof InputError) {
    io.err(`${command.name}: ${err.message}\n`);
    return EXIT.usage;
  }
  if (err instanceof CommandFailure) {
    io.err(`${formatProblems(`${command.name}: ${err.message}`, err.problems)}\n`);
    return err.exitCode;
  }
  // a construct's props, and a TMPDIR no directory can be made in, are input too
  if (err instanceof PropError || err instanceof TemporaryDirectoryError) {
    io.err(`${command.name}: ${err.message}\n`);
    return EXIT.usage;
  }
  io.err(`${command.name}: ${describeThrown(err)}${debug ? '' : ' (unexpected: --debug shows where)'}\n`);
  if (debug && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  return EXIT.failed;
}

/** A thrown value as one line, whatever was thrown (`throw undefined` included). */
export function describeThrown(err: unknown): string {
  if (err instanceof Error) return err.message.trim() === '' ? `${err.name} with no message` : err.message;
  if (err === undefined) return 'failed with an error that says nothing (undefined was thrown)';
  if (typeof err === 'string') return err;
  try {
    return `failed with ${JSON.stringify(err)}`;
  } catch {
    return `failed with ${String(err)}`;
  }
}

/** A `--name=<bool>` that Go's strconv.ParseBool would not read. */
class BoolValueError extends Error {}

const GO_BOOLS: Readonly<Record<string, boolean>> = {
  ...Object.fromEntries(['1', 't', 'T', 'TRUE', 'true', 'True'].map((v) => [v, true])),
  ...Object.fromEntries(['0', 'f', 'F', 'FALSE', 'false', 'False'].map((v) => [v, false])),
};

/**
 * Takes the options marked `boolValue` out of `argv` (`--name`, `--name=<bool>`) before parseArgs, which reads a
 * boolean option only bare: their values, and the arguments left. A value of a string option (`-n --color`, which
 * parseArgs refuses as ambiguous) and everything after `--` are left as they are.
 */
function readBoolValues(
  argv: readonly string[],
  options: Readonly<Record<string, CommandOption>>,
): { args: string[]; values: Record<string, boolean> } {
  const args: string[] = [];
  const values: Record<string, boolean> = {};
  const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name]] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const long = /^--([^=]+)(?:=([^]*))?$/.exec(arg);
    const name = long ? long[1] : /^-[^-]$/.test(arg) ? shorts.get(arg[1]) : undefined;
    const option = name === undefined ? undefined : options[name];
    if (long && option?.boolValue) {
      const value = long[2] === undefined ? true : GO_BOOLS[long[2]];
      if (value === undefined) throw new BoolValueError(`--${long[1]} takes true or false (or 1, 0, t, f), got '${long[2]}'`);
      values[long[1]] = value;
      continue;
    }
    args.push(arg);
    // the next argument is this option's value, whatever it looks like
    if (option?.type === 'string' && long?.[2] === undefined && i + 1 < argv.length) args.push(argv[++i]);
  }
  return { args, values };
}

function parseErrorMessage(err: unknown, command: Command): string {
  if (err instanceof BoolValueError) return err.message;
  const message = (err as Error).message ?? String(err);
  const code = (err as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown option '${option}'`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unexpected argument '${value}'; ${command.name} takes options only`;
  }
  // a value starting with a dash reads as an option: say how to give it (node puts that on a third line)
  const ambiguous = /^Option '(--[^']+)' argument is ambiguous\./.exec(message);
  if (ambiguous) return `${ambiguous[1]} is followed by an option, or a value starting with a dash: write such a value as ${ambiguous[1]}=<value>`;
  return message.split('\n')[0].replace(/\. To specify.*$/, '');
}
