import { Command, runCommand } from '../../src/cli/command';

/** What a command printed, and its exit code. */
export interface CliOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` on `argv` with its output captured; `outIsTerminal` makes it believe its output is a terminal. */
export async function runCli(command: Command, argv: readonly string[], { outIsTerminal = false } = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCommand(command, argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), outIsTerminal });
  return { exitCode, stdout, stderr };
}
