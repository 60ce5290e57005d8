// Regenerates imports/ (typed constructs and the schemas validation uses) from the pinned CRDs and Kubernetes
// definitions, read from a local directory or downloaded from their upstream URLs: what `npm run import` does.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CrdSchema, extractCrdSchemas, extractKubernetesSchemas } from './extract-schemas';
import { localFileSuffix, SCHEMA_SOURCES, SchemaSource } from './sources';
import { filesUnder } from '../files/files-under';

/** Options of {@link importSchemas}. */
export interface ImportOptions {
  /** The project, whose imports/ is replaced. */
  readonly root: string;
  /**
   * A directory the pinned files are searched in, recursively.
   * @default - downloaded from their upstream URLs
   */
  readonly from?: string;
  /** Where progress lines go. */
  readonly log: (line: string) => void;
}

/** Regenerates `imports/` under `options.root`; throws when a pinned file is missing or its sha256 differs. */
export async function importSchemas(options: ImportOptions): Promise<void> {
  const { root, from, log } = options;
  const importsDir = path.join(root, 'imports');
  const schemasDir = path.join(importsDir, 'schemas');
  const work = mkdtempSync(path.join(tmpdir(), 'import-'));
  try {
    const files = new Map<SchemaSource, string>();
    for (const source of SCHEMA_SOURCES) {
      const content = from ? readLocal(source, path.resolve(from)) : await download(source, log);
      const actual = createHash('sha256').update(content).digest('hex');
      if (actual !== source.sha256) {
        throw new Error(
          `${source.id}: sha256 is ${actual}, the pin in src/codegen/sources.ts is ${source.sha256}; ` +
            'update the pin only when you mean to move to another upstream version',
        );
      }
      const file = path.join(work, localFileSuffix(source));
      writeFileSync(file, content);
      files.set(source, file);
    }

    const generated = path.join(work, 'imports');
    const crdSchemas: Record<string, CrdSchema> = {};
    for (const [source, file] of files) {
      if (source.kind === 'crds') {
        log(`cdk8s import ${source.id}`);
        execFileSync(
          path.join(root, 'node_modules', '.bin', 'cdk8s'),
          ['import', '--no-check-upgrade', '--language', 'typescript', '--output', generated, file],
          // run outside the project: `cdk8s import` appends what it imported to the cdk8s.yaml it finds
          { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] },
        );
        Object.assign(crdSchemas, extractCrdSchemas(readFileSync(file, 'utf8'), source.id));
      }
    }
    const kubernetes = extractKubernetesSchemas(readFileSync(files.get(SCHEMA_SOURCES.find((s) => s.kind === 'kubernetes-definitions')!)!, 'utf8'));

    // replace what the previous run generated, and nothing else
    rmSync(importsDir, { recursive: true, force: true });
    mkdirSync(schemasDir, { recursive: true });
    for (const name of readdirSync(generated).sort()) writeFileSync(path.join(importsDir, name), readFileSync(path.join(generated, name)));
    const sortedCrds = Object.fromEntries(
      Object.keys(crdSchemas)
        .sort()
        .map((k) => [k, crdSchemas[k]]),
    );
    writeFileSync(path.join(schemasDir, 'crds.json'), JSON.stringify(sortedCrds) + '\n');
    writeFileSync(path.join(schemasDir, 'kubernetes.json'), JSON.stringify(kubernetes) + '\n');
    writeFileSync(
      path.join(schemasDir, 'sources.json'),
      JSON.stringify(
        SCHEMA_SOURCES.map(({ id, url, sha256 }) => ({ id, url, sha256 })),
        null,
        2,
      ) + '\n',
    );
    log(
      `wrote ${path.relative(root, importsDir)}/: ${readdirSync(generated).length} binding files, ` +
        `${Object.keys(sortedCrds).length} custom resource schemas, ${Object.keys(kubernetes.kinds).length} Kubernetes kinds`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readLocal(source: SchemaSource, dir: string): Buffer {
  const suffix = localFileSuffix(source);
  const found = filesUnder(dir)
    .filter((f) => path.basename(f).endsWith(suffix))
    .map((f) => path.join(dir, f));
  if (found.length !== 1) {
    throw new Error(`${source.id}: expected one file named *${suffix} under ${dir}, found ${found.length ? found.join(', ') : 'none'}`);
  }
  return readFileSync(found[0]);
}

async function download(source: SchemaSource, log: (line: string) => void): Promise<Buffer> {
  log(`download ${source.url}`);
  const response = await fetch(source.url);
  if (!response.ok) throw new Error(`${source.id}: GET ${source.url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
