import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project the commands work on: the nearest directory at or above the current one that holds both `cdk8s.yaml`
 * and `package.json` (where `npm run` and `cdk8s synth` run). Outside any project, the checkout a run-ts bundle was
 * built from (`node ~/tracing/scripts/run-ts.cjs ~/tracing/main.ts` run from elsewhere writes ~/tracing/dist, as
 * `npm run synth` does), else the current directory.
 */
export function projectRoot(from = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'cdk8s.yaml')) && existsSync(path.join(dir, 'package.json'))) return dir;
    // replaced by the checkout's path in a bundle (scripts/run-ts.cjs); unset under ts-node and jest
    if (path.dirname(dir) === dir) return process.env.RUN_TS_PROJECT_ROOT || path.resolve(from);
  }
}
