import { buildSync } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A script for a child node process, in `dir`: `body` with `module` (a source file of the project, relative to its
 * root) built into a CommonJS file that `body` requires as `MODULE` (the file's quoted path). Returns the script's path.
 */
export function nodeDriver(dir: string, module: string, body: string): string {
  const built = path.join(dir, `${path.basename(module, '.ts')}.cjs`);
  buildSync({ entryPoints: [path.join(__dirname, '..', '..', module)], bundle: true, platform: 'node', format: 'cjs', outfile: built, logLevel: 'error' });
  const driver = path.join(dir, 'driver.cjs');
  writeFileSync(driver, body.replaceAll('MODULE', JSON.stringify(built)));
  return driver;
}
