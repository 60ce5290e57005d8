// Which project the commands work on: the one they run in, as `cdk8s synth` and npm find it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/files/project-root';
import { inTemporaryDirectory } from './support/temporary-directory';

describe('projectRoot', () => {
  const work = inTemporaryDirectory('project-root-test-');

  test('the nearest directory at or above the current one with cdk8s.yaml and package.json', () => {
    mkdirSync(path.join(work(), 'p', 'src', 'deep'), { recursive: true });
    writeFileSync(path.join(work(), 'p', 'cdk8s.yaml'), 'app: x\n');
    writeFileSync(path.join(work(), 'p', 'package.json'), '{}\n');
    expect(projectRoot(path.join(work(), 'p', 'src', 'deep'))).toBe(path.join(work(), 'p'));
  });

  test('outside any project (package.json alone is none): the current directory, where cdk8s synth would write', () => {
    writeFileSync(path.join(work(), 'package.json'), '{}\n');
    expect(projectRoot()).toBe(process.cwd());
    expect(projectRoot(path.join(work(), 'x'))).toBe(path.join(work(), 'x'));
  });
});
