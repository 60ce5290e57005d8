// `npm run synth --explain` (no `--` before the option) hands the option to npm, not to the script: npm keeps it as
// an npm_config_explain variable, warns that it does not know it, and runs the script without it, which would then
// succeed with its defaults. This finds such options in the variables npm exports to the script.
//
// Three of the commands' options are npm's own settings too: --all, --json and --color. For them npm says nothing,
// and their variable may as well come from an .npmrc or from `npm --json run bench`, legitimate npm usage that the
// script cannot tell apart (npm's title replaces its arguments in /proc). So --all and --json are a warning, and
// --color is not looked at: `color=false` is a common .npmrc line, and lint's colour follows the terminal anyway.
// The others, which npm does not know, stop the script.
import type { CommandOption } from './command';

/** The commands' options that are also npm settings (`npm config ls -l`), warned of. */
const NPM_SETTINGS: ReadonlySet<string> = new Set(['all', 'json']);
/** An npm setting not looked at, as it is often set for npm itself. */
const NOT_LOOKED_AT: ReadonlySet<string> = new Set(['help', 'color']);

/** What to say of the options npm read instead of the command: `refusal` stops it (exit 2), `warning` is printed. */
export interface SwallowedOptions {
  readonly refusal?: string;
  readonly warning?: string;
}

/**
 * The command's options that npm read instead of the command, as messages. Only looked for when the process is the
 * npm script of the command: npm sets npm_lifecycle_event to the script's name, and npm_config_<option> for each
 * option it read (npm_config_o for `-o`). An option the command got in `argv` too (after `--`) is the command's.
 */
export function npmSwallowedOptions(
  command: { readonly name: string; readonly invocation: string; readonly options: Readonly<Record<string, CommandOption>> },
  env: NodeJS.ProcessEnv,
  argv: readonly string[] = [],
): SwallowedOptions {
  const script = /^npm run (?:--silent )?(\S+) --$/.exec(command.invocation)?.[1];
  if (script === undefined || env.npm_lifecycle_event !== script) return {};
  const given = (name: string, option: CommandOption) =>
    argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || (option.short !== undefined && a.startsWith(`-${option.short}`) && !a.startsWith('--')));
  const found = Object.entries(command.options).flatMap(([name, option]) => {
    if (NOT_LOOKED_AT.has(name) || given(name, option)) return [];
    const long = env[`npm_config_${name.replace(/-/g, '_')}`];
    const short = option.short === undefined ? undefined : env[`npm_config_${option.short}`];
    const value = long ?? short;
    if (value === undefined) return [];
    // --name=false, or --no-name, leaves an empty value (or 'false'): what the command does without it anyway
    const off = value === '' || value === 'false';
    if (off && !option.boolValue) return [];
    const spelled = long === undefined ? `-${option.short}` : `--${name}`;
    return [{ name, spelled, written: optionText(spelled, option, off ? 'false' : value), npm: long !== undefined && NPM_SETTINGS.has(name) }];
  });
  const unknown = found.filter((f) => !f.npm);
  const settings = found.filter((f) => f.npm);
  const names = (options: typeof found) => options.map((f) => f.spelled).join(', ');
  const written = (options: typeof found) => `\`${command.invocation} ${options.map((f) => f.written).join(' ')}\``;
  const them = (options: typeof found) => (options.length === 1 ? 'it' : 'them');
  const result: { refusal?: string; warning?: string } = {};
  if (unknown.length > 0) {
    result.refusal =
      `npm read ${names(unknown)} as its own setting${unknown.length === 1 ? '' : 's'} (written before \`--\`, or set in an .npmrc or an ` +
      `npm_config_ variable), and ${command.name} never saw ${them(unknown)}: write ${written(unknown)}`;
  }
  // beside a refusal too: npm's own settings may be meant for npm (`npm --json run bench`), so only the user can say
  if (settings.length > 0) {
    result.warning =
      `${names(settings)} ${settings.length === 1 ? 'is an npm setting' : 'are npm settings'} here (written before \`--\`, or set in an .npmrc or an ` +
      `npm_config_ variable), which ${command.name} does not read: if you meant ${them(settings)} for ${command.name}, write ${written(settings)}`;
  }
  return result;
}

/** The option as it should have been written after `--`. */
function optionText(spelled: string, option: CommandOption, value: string): string {
  if (option.type === 'boolean') return value === 'false' ? `${spelled}=false` : spelled;
  // `--outdir x` (no `=`) leaves 'true', and hands x to the command as an argument
  if (value === 'true') return `${spelled} ${option.placeholder ?? '<value>'}`;
  return `${spelled} ${/^[\w./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`;
}
