import { mkdtempSync, rmSync } from 'node:fs';
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
