// The synth runner must never run a stale bundle: an edited source is picked up on the next run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const runner = path.join(__dirname, '..', 'scripts', 'run-ts.mjs');

describe('scripts/run-ts.mjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'run-ts-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => execFileSync('node', [runner, path.join(dir, 'entry.ts'), ...args], { encoding: 'utf8' });

  test('runs a TypeScript entry with its imports and arguments, and picks up every edit of an imported file', () => {
    writeFileSync(
      path.join(dir, 'entry.ts'),
      "import { greeting } from './greeting';\nconsole.log(`${greeting} ${process.argv.slice(2).join(' ')}`);\n",
    );
    writeFileSync(path.join(dir, 'greeting.ts'), "export const greeting: string = 'hello';\n");
    expect(run('a', 'b')).toEqual('hello a b\n');
    expect(run('again')).toEqual('hello again\n');
    writeFileSync(path.join(dir, 'greeting.ts'), "export const greeting: string = 'howdy';\n");
    expect(run('c')).toEqual('howdy c\n');
  });

  test('an edit that keeps the file size is picked up too', () => {
    writeFileSync(path.join(dir, 'entry.ts'), "console.log('aaaa');\n");
    expect(run()).toEqual('aaaa\n');
    writeFileSync(path.join(dir, 'entry.ts'), "console.log('bbbb');\n");
    expect(run()).toEqual('bbbb\n');
  });
});
