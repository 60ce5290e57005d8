import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StagingWriter } from '../src/synth/staging-writer';
import { prepareFiles, writeFiles } from '../src/synth/write';

describe('StagingWriter', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'staging-writer-'));
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  const files = [
    { path: 'a.yaml', content: 'a: 1\n' },
    { path: 'sub/deeper/b.yaml', content: 'b: "é ✓"\n' },
    { path: 'sub/c.yaml', content: '' },
  ];

  /** Every file under `dir` with its content, as relative paths. */
  function tree(dir: string): Record<string, string> {
    const found: Record<string, string> = {};
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      found[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
    return found;
  }

  test('writes each directory as writeFiles does, every write ended when finish returns', () => {
    const writer = new StagingWriter();
    writer.write(prepareFiles(path.join(work, 'one'), files));
    writer.write(prepareFiles(path.join(work, 'two'), files.slice(1)));
    writer.finish();
    writeFiles(path.join(work, 'expected'), files);
    expect(tree(path.join(work, 'one'))).toEqual(tree(path.join(work, 'expected')));
    expect(tree(path.join(work, 'two'))).toEqual({ 'sub/deeper/b.yaml': 'b: "é ✓"\n', 'sub/c.yaml': '' });
  });

  test('throws the first failure as writeFileSync throws it, after the other batches ended', () => {
    mkdirSync(path.join(work, 'taken'));
    const missing = path.join(work, 'missing', 'a.yaml');
    const writer = new StagingWriter();
    writer.write([[missing, 'a']]);
    writer.write([[path.join(work, 'taken'), 'x']]);
    writer.write(prepareFiles(path.join(work, 'fine'), files));
    let thrown: NodeJS.ErrnoException | undefined;
    try {
      writer.finish();
    } catch (err) {
      thrown = err as NodeJS.ErrnoException;
    }
    let expected: NodeJS.ErrnoException | undefined;
    try {
      writeFileSync(missing, 'a');
    } catch (err) {
      expected = err as NodeJS.ErrnoException;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown?.message).toEqual(expected?.message);
    expect({ code: thrown?.code, syscall: thrown?.syscall, path: thrown?.path }).toEqual({ code: 'ENOENT', syscall: 'open', path: missing });
    expect(Object.keys(tree(path.join(work, 'fine'))).sort()).toEqual(['a.yaml', 'sub/c.yaml', 'sub/deeper/b.yaml']);
  });

  test('finish without a write returns at once; a writer can be used again', () => {
    const writer = new StagingWriter();
    writer.finish();
    writer.write(prepareFiles(path.join(work, 'again'), files.slice(0, 1)));
    writer.finish();
    expect(tree(path.join(work, 'again'))).toEqual({ 'a.yaml': 'a: 1\n' });
  });
});
