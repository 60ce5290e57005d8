// Where the schema files `npm run import` writes (imports/schemas/) are found, from the sources or from a bundle.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds imports/schemas whether this code runs from its source folder or from a synth bundle. A bundle names the
 * checkout it was built from (scripts/run-ts.cjs): it lives in node_modules, which may be another checkout's.
 */
function schemaDir(): string {
  const checkout = process.env.RUN_TS_PROJECT_ROOT;
  if (checkout) {
    const candidate = path.join(checkout, 'imports', 'schemas');
    if (existsSync(path.join(candidate, 'crds.json'))) return candidate;
    throw new Error(`imports/schemas not found in ${checkout}: run \`npm run import\``);
  }
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'imports', 'schemas');
    if (existsSync(path.join(candidate, 'crds.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`imports/schemas not found above ${__dirname}: run \`npm run import\``);
  }
}

/** The bytes of a file of imports/schemas (`crds.json`, ...): its readers decode only what they use. */
export function readSchemaFile(name: string): Buffer {
  return readFileSync(path.join(schemaDir(), name));
}

/** The bytes of a file of imports/schemas, or undefined when there is none by that name. */
export function readSchemaFileIfAny(name: string): Buffer | undefined {
  const file = path.join(schemaDir(), name);
  return existsSync(file) ? readFileSync(file) : undefined;
}
