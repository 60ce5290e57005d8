// filesUnder lists every file below a directory, sorted, walking linked directories as directories; walkUnder says what
// each name is, and can leave links to directories alone.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { filesUnder, walkUnder } from '../src/files/files-under';

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
    expect(() => filesUnder(dir)).toThrow(`${path.join(dir, 'dangling')}: no such file or directory (ENOENT; a symbolic link to ${path.join(dir, 'gone')})`);
  });

  test('a link back to a directory being walked is not walked again (it would never end); other links to one are', () => {
    const root = path.join(dir, 'root');
    mkdirSync(path.join(root, 'a'), { recursive: true });
    writeFileSync(path.join(root, 'a', 'x.yaml'), '');
    symlinkSync('.', path.join(root, 'self'));
    symlinkSync('..', path.join(root, 'a', 'up'));
    symlinkSync('a', path.join(root, 'b'));
    expect(filesUnder(root)).toEqual(['a/x.yaml', 'b/x.yaml']);
  });
});

describe('walkUnder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'walk-under-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("without following links to directories, as kubectl's walk: what each name is, only the names included", () => {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'a.yaml'), '');
    writeFileSync(path.join(dir, 'notes.txt'), '');
    symlinkSync('sub', path.join(dir, 'linked'));
    symlinkSync('sub', path.join(dir, 'linked.yaml'));
    symlinkSync('/nonexistent', path.join(dir, 'gone.yaml'));
    symlinkSync('/nonexistent', path.join(dir, 'gone'));
    symlinkSync('sub/a.yaml', path.join(dir, 'file.yaml'));
    const found = walkUnder(dir, { followDirectoryLinks: false, include: (name) => name.endsWith('.yaml') });
    expect(found.map(({ path: p, type, linkTarget }) => ({ path: p, type, linkTarget }))).toEqual([
      { path: 'file.yaml', type: 'file', linkTarget: undefined },
      { path: 'gone.yaml', type: 'unreadable', linkTarget: '/nonexistent' },
      { path: 'linked.yaml', type: 'linked directory', linkTarget: undefined },
      { path: 'sub/a.yaml', type: 'file', linkTarget: undefined },
    ]);
    expect(found[1].error?.code).toBe('ENOENT');
  });
});
