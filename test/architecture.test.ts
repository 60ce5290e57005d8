// The layers run one way: imports/ <- constructs/ <- src/ <- entry points (main.ts, bin/), and the folders of src/
// form no cycle. ARCHITECTURE.md describes them.
import path from 'node:path';
import { cyclesOf, ImportEdge, importEdges, layerOf, srcFolderOf } from './support/import-graph';

const root = path.join(__dirname, '..');
const edges = importEdges(root, ['main.ts', 'bin', 'src', 'constructs', 'imports']);
const RANK = { imports: 0, constructs: 1, src: 2, entry: 3, other: 4 } as const;

/** The edges that point from a lower layer to a higher one, or out of the layers. */
function upwardEdges(all: readonly ImportEdge[]): string[] {
  return all.filter((e) => RANK[layerOf(e.to)] > RANK[layerOf(e.from)]).map((e) => `${e.from} -> ${e.to}`);
}

/** The graph of src/ folders: which folder imports from which other. */
function folderGraph(all: readonly ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of all) {
    const [from, to] = [srcFolderOf(e.from), srcFolderOf(e.to)];
    if (!from || !to || from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

describe('the architecture', () => {
  test('the import graph is read: every layer has files and imports', () => {
    for (const layer of ['constructs', 'src', 'entry'] as const) expect(edges.filter((e) => layerOf(e.from) === layer).length).toBeGreaterThan(3);
  });

  test('no file imports from a higher layer (constructs/ never from src/, src/ never from an entry point)', () => {
    expect(upwardEdges(edges)).toEqual([]);
  });

  test('the folders of src/ form no cycle', () => {
    expect(cyclesOf(folderGraph(edges))).toEqual([]);
  });

  test('fails when a construct imports from src/ or src/ from an entry point', () => {
    const bad = [{ from: 'constructs/names.ts', to: 'src/validate/mesh/names.ts' }, { from: 'src/cli/x.ts', to: 'main.ts' }];
    expect(upwardEdges([...edges, ...bad])).toEqual(['constructs/names.ts -> src/validate/mesh/names.ts', 'src/cli/x.ts -> main.ts']);
  });

  test('fails when two folders of src/ import each other', () => {
    const bad = [{ from: 'src/validate/findings.ts', to: 'src/synth/manifest.ts' }, { from: 'src/synth/render.ts', to: 'src/validate/index.ts' }];
    expect(cyclesOf(folderGraph([...edges, ...bad]))).toContainEqual(['synth', 'validate']);
  });
});
