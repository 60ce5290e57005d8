// Which project the commands work on, wherever they are run from.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/files/project-root';
import { inTemporaryDirectory } from './support/temporary-directory';

const root = path.join(__dirname, '..');

describe('projectRoot', () => {
  const work = inTemporaryDirectory('project-root-test-');
  const saved = process.env.RUN_TS_PROJECT_ROOT;
  afterEach(() => {
    if (saved === undefined) delete process.env.RUN_TS_PROJECT_ROOT;
    else process.env.RUN_TS_PROJECT_ROOT = saved;
  });

  test('the nearest directory at or above the current one with cdk8s.yaml and package.json', () => {
    mkdirSync(path.join(work(), 'p', 'src', 'deep'), { recursive: true });
    writeFileSync(path.join(work(), 'p', 'cdk8s.yaml'), 'app: x\n');
    writeFileSync(path.join(work(), 'p', 'package.json'), '{}\n');
    process.env.RUN_TS_PROJECT_ROOT = root;
    expect(projectRoot(path.join(work(), 'p', 'src', 'deep'))).toBe(path.join(work(), 'p'));
    // package.json alone is not a cdk8s project
    writeFileSync(path.join(work(), 'package.json'), '{}\n');
    expect(projectRoot(work())).toBe(root);
  });

  test("outside any project: the bundle's checkout, else the current directory", () => {
    process.env.RUN_TS_PROJECT_ROOT = root;
    expect(projectRoot()).toBe(root);
    delete process.env.RUN_TS_PROJECT_ROOT;
    expect(projectRoot()).toBe(process.cwd());
  });

  test('a command run by path from outside the project works on the project, and writes nothing where it runs', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'run-ts.cjs'), path.join(root, 'bin', 'check.ts')], { cwd: work(), encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^check: dist\/, dist-kubernetes\/, .* match a fresh synth\n$/);
    expect(readdirSync(work())).toEqual([]);
  });
});
