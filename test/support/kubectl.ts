// kubectl as the reference for reading YAML: `kubectl label --local -f <file> <label>=1 -o json` reads a file as
// `kubectl apply -f` does, without a cluster. The tests that ask it run only where kubectl is installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const kubectlInstalled = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/**
 * For the tests of a describe block: what the installed kubectl reads from a file's text (its labels left out), or an
 * Error with what it printed when it refused the file. The files go to a temporary directory, removed after the block.
 */
export function kubectlReader(): (text: string) => any {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubectl-read-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (text) => {
    const file = path.join(dir, 'case.yaml');
    writeFileSync(file, text);
    const run = spawnSync('kubectl', ['label', '--local', '-f', file, 'kubectl-read=1', '-o', 'json'], { encoding: 'utf8' });
    if (run.status !== 0) return new Error(run.stderr);
    const object = JSON.parse(run.stdout);
    delete object.metadata.labels;
    return object;
  };
}
