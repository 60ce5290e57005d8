// Regenerates imports/ (typed constructs and the schemas validation uses) from the pinned CRDs and Kubernetes
// definitions, read from a local directory or downloaded from their upstream URLs: what `npm run import` does.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CrdSchema, extractCrdSchemas, extractKubernetesSchemas, KubernetesSchemas, kubernetesSchemaEntries } from './extract-schemas';
import { SCHEMA_SOURCES, SchemaSource } from './sources';
import { filesUnder } from '../files/files-under';
import { entryPerLineJson } from './entry-per-line-json';
import { celExpressionsOf, PARSED_CEL_FILE, parsedCelJson } from './parsed-cel';

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
      if (!from && !source.downloadable) {
        throw new ImportSourceError(`${source.id} is joined from several upstream files (${source.url}) and cannot be downloaded as one; ` +
          'give a directory that holds it: npm run import -- --from ../shared');
      }
      const content = from ? readLocal(source, path.resolve(from)) : await download(source, log);
      const actual = sha256(content);
      if (actual !== source.sha256) {
        throw new ImportSourceError(
          `${source.id}: sha256 is ${actual}, the pin in src/codegen/sources.ts is ${source.sha256}; ` +
            'update the pin only when you mean to move to another upstream version',
        );
      }
      const file = path.join(work, source.file);
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
    // one schema file per Kubernetes version: kubernetes-<major.minor>.json
    const kubernetes = new Map<string, KubernetesSchemas>();
    for (const [source, file] of files) {
      if (source.kind === 'kubernetes-definitions') kubernetes.set(kubernetesSchemaFile(source), extractKubernetesSchemas(readFileSync(file, 'utf8')));
    }

    // replace what the previous run generated, and nothing else
    rmSync(importsDir, { recursive: true, force: true });
    mkdirSync(schemasDir, { recursive: true });
    for (const name of readdirSync(generated).sort()) writeFileSync(path.join(importsDir, name), readFileSync(path.join(generated, name)));
    const sortedCrds = Object.fromEntries(
      Object.keys(crdSchemas)
        .sort()
        .map((k) => [k, crdSchemas[k]]),
    );
    writeFileSync(path.join(schemasDir, 'crds.json'), entryPerLineJson(sortedCrds));
    writeFileSync(path.join(schemasDir, PARSED_CEL_FILE), parsedCelJson(celExpressionsOf(sortedCrds)));
    writeFileSync(path.join(importsDir, 'crd-resources.ts'), crdResourcesModule(sortedCrds));
    writeFileSync(path.join(importsDir, 'istio-version.ts'), istioVersionModule(sortedCrds));
    for (const [name, schemas] of kubernetes) writeFileSync(path.join(schemasDir, name), entryPerLineJson(kubernetesSchemaEntries(schemas)));
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
        `${Object.keys(sortedCrds).length} custom resource schemas, Kubernetes definitions ${[...kubernetes.keys()].join(', ')}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The schema file of a Kubernetes definitions source: `kubernetes-<major.minor>.json`. */
export function kubernetesSchemaFile(source: SchemaSource): string {
  return `kubernetes-${/^kubernetes-(\d+\.\d+)/.exec(source.id)?.[1]}.json`;
}

function readLocal(source: SchemaSource, dir: string): Buffer {
  const found = filesUnder(dir)
    .filter((f) => path.basename(f) === source.file)
    .map((f) => path.join(dir, f));
  if (found.length === 0) throw new ImportSourceError(`${source.id}: no file named ${source.file} under ${dir}`);
  // several versions of a document may sit side by side (Kubernetes 1.27 and 1.33 definitions): the pin decides
  const contents = found.map((file) => ({ file, content: readFileSync(file) }));
  const pinned = contents.find((c) => sha256(c.content) === source.sha256);
  if (!pinned) {
    throw new ImportSourceError(`${source.id}: none of ${found.join(', ')} has the pinned sha256 ${source.sha256} (src/codegen/sources.ts); ` +
      'update the pin only when you mean to move to another upstream version');
  }
  return pinned.content;
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A pinned source that cannot be read or does not match its pin. */
export class ImportSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportSourceError';
  }
}

async function download(source: SchemaSource, log: (line: string) => void): Promise<Buffer> {
  log(`download ${source.url}`);
  const response = await fetch(source.url);
  if (!response.ok) throw new ImportSourceError(`${source.id}: GET ${source.url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** A module of the plural resource name of every custom kind, keyed `group/Kind`, for commands that name resources. */
function crdResourcesModule(crds: Record<string, CrdSchema>): string {
  const plurals = new Map<string, string>();
  for (const [key, crd] of Object.entries(crds)) plurals.set(key.replace(/\/[^/]+\//, '/'), crd.plural);
  const entries = [...plurals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `  '${k}': '${v}',`);
  return [
    '// Generated by `npm run import` from the pinned CRDs: the plural resource name of every custom kind, by `group/Kind`.',
    'export const CRD_PLURALS: Readonly<Record<string, string>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

/**
 * A module of the Istio version the pinned CRDs belong to: the Sail Operator's default for `Istio.spec.version`,
 * which the pinned Istio and Sail CRDs share (1.30.3).
 */
function istioVersionModule(crds: Record<string, CrdSchema>): string {
  const spec = crds['sailoperator.io/v1/Istio']?.schema.properties as Record<string, { properties?: Record<string, { default?: unknown }> }> | undefined;
  const version = spec?.spec?.properties?.version?.default;
  if (typeof version !== 'string' || !/^v\d+\.\d+\.\d+$/.test(version)) {
    throw new ImportSourceError(`the Sail Operator's Istio CRD names no default version (spec.version.default), got ${JSON.stringify(version)}`);
  }
  return [
    '// Generated by `npm run import` from the pinned CRDs: the Istio version they belong to (the Sail Operator\'s default).',
    `export const ISTIO_VERSION = '${version.slice(1)}';`,
    '',
  ].join('\n');
}
