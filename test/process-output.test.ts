// Command output goes straight to file descriptors 1 and 2: whole, in order, and quietly dropped once a pipe's
// reader has gone (a command piped into `head` ends with its own exit code, no EPIPE error).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeDriver } from './support/node-driver';

describe('writeOutput', () => {
  let work: string;
  let driver: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'process-output-'));
    // 2,000 numbered lines of 1 KB to stdout (far more than a pipe holds), a line to stderr between them, exit 3
    driver = nodeDriver(
      work,
      'src/cli/process-output.ts',
      `const { writeOutput } = require(MODULE);
for (let i = 0; i < 2000; i++) {
  writeOutput(1, \`\${String(i).padStart(4, '0')} \${'x'.repeat(1018)}\\n\`);
  if (i === 1000) writeOutput(2, 'halfway\\n');
}
process.exitCode = 3;
`,
    );
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('writes every byte, in order, through a pipe that fills up', () => {
    const run = spawnSync(process.execPath, [driver], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('halfway\n');
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines.slice(0, -1).map((l) => Number(l.slice(0, 4)))).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  test('ends quietly with its own exit code when the reader of its pipe has gone', () => {
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${driver}" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(piped.stdout).toBe('3\n');
    expect(piped.stderr).toBe('halfway\n');
  });
});
