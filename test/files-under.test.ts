// filesUnder lists every file below a directory, sorted, walking linked directories as directories.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { filesUnder } from '../src/files/files-under';

describe('filesUnder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'files-under-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('every file, nested ones with their folder, sorted by name; a link counts as what it points to', () => {
    const root = path.join(dir, 'root');
    mkdirSync(path.join(root, 'b', 'c'), { recursive: true });
    mkdirSync(path.join(dir, 'elsewhere'));
    for (const file of ['z.yaml', 'a.yaml', 'B.yaml', 'b/c/d.yaml', 'b/1.yaml']) writeFileSync(path.join(root, file), '');
    writeFileSync(path.join(dir, 'elsewhere', 'x.yaml'), '');
    writeFileSync(path.join(dir, 'target.yaml'), '');
    symlinkSync(path.join(dir, 'elsewhere'), path.join(root, 'linked-dir'));
    symlinkSync(path.join(dir, 'target.yaml'), path.join(root, 'linked.yaml'));
    expect(filesUnder(root)).toEqual(['B.yaml', 'a.yaml', 'b/1.yaml', 'b/c/d.yaml', 'linked-dir/x.yaml', 'linked.yaml', 'z.yaml']);
  });

  test('nothing for a directory that does not exist; a link to nothing fails as stat does', () => {
    expect(filesUnder(path.join(dir, 'missing'))).toEqual([]);
    symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
    expect(() => filesUnder(dir)).toThrow(/ENOENT/);
  });
});
