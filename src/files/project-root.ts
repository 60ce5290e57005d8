import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project the commands work on: the nearest directory at or above the current one that holds both `cdk8s.yaml`
 * and `package.json` (where `npm run` and `cdk8s synth` run), else the current directory.
 */
export function projectRoot(from = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'cdk8s.yaml')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}
