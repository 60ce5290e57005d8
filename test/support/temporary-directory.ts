import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs each test of the enclosing `describe` in a new temporary directory as the working directory, after `setup`
 * has run there; the previous working directory is restored and the directory removed after each test. Returns the
 * current test's directory.
 */
export function inTemporaryDirectory(prefix: string, setup: () => void = () => undefined): () => string {
  let work = '';
  let cwd = '';
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), prefix));
    cwd = process.cwd();
    process.chdir(work);
    setup();
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
  });
  return () => work;
}

/**
 * A temporary directory for the tests of the enclosing block (or file), removed after them; returns a writer of files
 * in it, which gives each file's path.
 */
export function temporaryFiles(prefix: string): (name: string, text: string) => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, text) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
}
