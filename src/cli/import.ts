// `npm run import`: regenerates imports/ (typed constructs and the schemas validation uses) from the pinned
// CRDs and Kubernetes definitions, read from a local directory or downloaded from their upstream URLs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CrdSchema, extractCrdSchemas, extractKubernetesSchemas } from '../codegen/extract-schemas';
import { localFileSuffix, SCHEMA_SOURCES, SchemaSource } from '../codegen/sources';
import { filesUnder } from '../files/files-under';

const USAGE = `usage: npm run import [-- --from <dir>]

Regenerates imports/ from the pinned Istio and Appsody CRDs and the Kubernetes 1.27 definitions.
  --from <dir>   read them from <dir> (searched recursively, e.g. ../shared); also IMPORT_FROM=<dir>
                 without it they are downloaded from the upstream URLs listed in src/codegen/sources.ts`;

// npm runs scripts from the project root
const root = process.cwd();
const importsDir = path.join(root, 'imports');
const schemasDir = path.join(importsDir, 'schemas');

async function main(argv: string[]): Promise<void> {
  let from = process.env.IMPORT_FROM || undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from' && argv[i + 1] !== undefined) from = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') return void console.log(USAGE);
    else throw new Error(`unknown argument '${argv[i]}'\n${USAGE}`);
  }

  const work = mkdtempSync(path.join(tmpdir(), 'import-'));
  try {
    const files = new Map<SchemaSource, string>();
    for (const source of SCHEMA_SOURCES) {
      const content = from ? readLocal(source, path.resolve(from)) : await download(source);
      const actual = createHash('sha256').update(content).digest('hex');
      if (actual !== source.sha256) {
        throw new Error(`${source.id}: sha256 is ${actual}, the pin in src/codegen/sources.ts is ${source.sha256}; ` +
          'update the pin only when you mean to move to another upstream version');
      }
      const file = path.join(work, localFileSuffix(source));
      writeFileSync(file, content);
      files.set(source, file);
    }

    const generated = path.join(work, 'imports');
    const crdSchemas: Record<string, CrdSchema> = {};
    for (const [source, file] of files) {
      if (source.kind === 'crds') {
        console.log(`cdk8s import ${source.id}`);
        execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'),
          ['import', '--no-check-upgrade', '--language', 'typescript', '--output', generated, file],
          // run outside the project: `cdk8s import` appends what it imported to the cdk8s.yaml it finds
          { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
        Object.assign(crdSchemas, extractCrdSchemas(readFileSync(file, 'utf8'), source.id));
      }
    }
    const kubernetes = extractKubernetesSchemas(readFileSync(files.get(SCHEMA_SOURCES.find((s) => s.kind === 'kubernetes-definitions')!)!, 'utf8'));

    // replace what the previous run generated, and nothing else
    rmSync(importsDir, { recursive: true, force: true });
    mkdirSync(schemasDir, { recursive: true });
    for (const name of readdirSync(generated).sort()) writeFileSync(path.join(importsDir, name), readFileSync(path.join(generated, name)));
    const sortedCrds = Object.fromEntries(Object.keys(crdSchemas).sort().map((k) => [k, crdSchemas[k]]));
    writeFileSync(path.join(schemasDir, 'crds.json'), JSON.stringify(sortedCrds) + '\n');
    writeFileSync(path.join(schemasDir, 'kubernetes.json'), JSON.stringify(kubernetes) + '\n');
    writeFileSync(path.join(schemasDir, 'sources.json'), JSON.stringify(SCHEMA_SOURCES.map(({ id, url, sha256 }) => ({ id, url, sha256 })), null, 2) + '\n');
    console.log(`wrote ${path.relative(root, importsDir)}/: ${readdirSync(generated).length} binding files, ` +
      `${Object.keys(sortedCrds).length} custom resource schemas, ${Object.keys(kubernetes.kinds).length} Kubernetes kinds`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readLocal(source: SchemaSource, dir: string): Buffer {
  const suffix = localFileSuffix(source);
  const found = filesUnder(dir).filter((f) => path.basename(f).endsWith(suffix)).map((f) => path.join(dir, f));
  if (found.length !== 1) {
    throw new Error(`${source.id}: expected one file named *${suffix} under ${dir}, found ${found.length ? found.join(', ') : 'none'}`);
  }
  return readFileSync(found[0]);
}

async function download(source: SchemaSource): Promise<Buffer> {
  console.log(`download ${source.url}`);
  const response = await fetch(source.url);
  if (!response.ok) throw new Error(`${source.id}: GET ${source.url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`import: ${err.message}`);
  process.exit(1);
});
