// The project's import graph, read from the sources: which file imports which, and which folders of src/ depend on
// which. What test/architecture.test.ts holds the layers to.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../../src/files/files-under';

/** One import of one file: the importing file and the imported file, both relative to the root (`/`-separated). */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?\sfrom\s+['"](\.[^'"]*)['"]|\b(?:import|require)\(\s*['"](\.[^'"]*)['"]\s*\)/g;

/** The relative imports of the TypeScript files under `dirs` of `root` (package imports are not edges). */
export function importEdges(root: string, dirs: readonly string[]): ImportEdge[] {
  const files = dirs.flatMap((d) => (d.endsWith('.ts') ? [d] : filesUnder(path.join(root, d)).filter((f) => f.endsWith('.ts')).map((f) => `${d}/${f}`)));
  return files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => ({ from: file, to: resolve(root, file, m[1] ?? m[2]) }));
  });
}

function resolve(root: string, file: string, specifier: string): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return [`${target}.ts`, `${target}/index.ts`].find((c) => existsSync(path.join(root, c))) ?? target;
}

/** The layer a file is in: `imports`, `constructs`, `src`, or `entry` (main.ts, bin/). */
export function layerOf(file: string): 'imports' | 'constructs' | 'src' | 'entry' | 'other' {
  if (file === 'main.ts' || file.startsWith('bin/')) return 'entry';
  const top = file.split('/')[0];
  return top === 'imports' || top === 'constructs' || top === 'src' ? top : 'other';
}

/** The folder of src/ a file belongs to (`src/validate/mesh/x.ts` is in `validate`), or undefined outside src/. */
export function srcFolderOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

/** Every cycle of a directed graph, each as the list of its nodes from its smallest one; none for a DAG. */
export function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles = new Map<string, string[]>();
  const visit = (node: string, stack: string[]) => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const start = cycle.indexOf([...cycle].sort()[0]);
      const canonical = [...cycle.slice(start), ...cycle.slice(0, start)];
      cycles.set(canonical.join(' -> '), canonical);
      return;
    }
    for (const next of graph.get(node) ?? []) visit(next, [...stack, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return [...cycles.values()];
}
