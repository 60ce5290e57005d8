// `npm run synth --explain` (no `--` before the option) hands the option to npm, not to the script: npm keeps it as
// an npm_config_explain variable, warns that it does not know it (or says nothing when it does, as for --all, --json
// or --color) and runs the script without it, which would then succeed with its defaults. This finds such options.
import type { CommandOption } from './command';

/**
 * What to tell the user when npm read some of the command's options instead of the command (options given before
 * `--`), or undefined when it read none. Only looked for when the process is the npm script `script`: npm sets
 * npm_lifecycle_event to the script's name, and npm_config_<option> for each option it read.
 */
export function npmSwallowedOptionsMessage(
  command: { readonly name: string; readonly invocation: string; readonly options: Readonly<Record<string, CommandOption>> },
  env: NodeJS.ProcessEnv,
): string | undefined {
  const script = /^npm run (?:--silent )?(\S+) --$/.exec(command.invocation)?.[1];
  if (script === undefined || env.npm_lifecycle_event !== script) return undefined;
  const found = Object.entries(command.options).flatMap(([name, option]) => {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`];
    // --name=false, or --no-name, leaves the empty value: what the command does without the option anyway
    if (value === undefined || name === 'help' || (value === '' && !option.boolValue)) return [];
    return [{ name, written: optionText(name, option, value) }];
  });
  if (found.length === 0) return undefined;
  const names = found.map((f) => `--${f.name}`).join(', ');
  const settings = found.length === 1 ? 'as its own setting' : 'as its own settings';
  return (
    `npm read ${names}, given before \`--\`, ${settings}, and ${command.name} never saw ${found.length === 1 ? 'it' : 'them'}: ` +
    `write \`${command.invocation} ${found.map((f) => f.written).join(' ')}\``
  );
}

/** The option as it should have been written after `--`. */
function optionText(name: string, option: CommandOption, value: string): string {
  if (option.type === 'boolean') return value === '' ? `--${name}=false` : `--${name}`;
  // `--outdir x` (no `=`) leaves 'true', and hands x to the command as an argument
  if (value === 'true') return `--${name} ${option.placeholder ?? '<value>'}`;
  return `--${name} ${/^[\w./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`;
}
