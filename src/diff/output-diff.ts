// The comparison of two outputs of an environment, and of a whole set of environments: objects, what the change
// means for the mesh, and its picture.
import { graphChanged, graphDiff, GraphDiff } from './mesh-graph';
import { MeshChange, meshChanges } from './mesh-changes';
import { meshModel } from './mesh-model';
import { diffObjects, ObjectChange } from './object-diff';
import { OutputFiles, outputObjects, ParseCache } from './output-objects';

/** The name the GitOps output (`diff --all`) goes by among the environments of a comparison. */
export const GITOPS_OUTPUT_NAME = 'gitops';

/** One environment's output on one side of the comparison. */
export interface EnvironmentOutput {
  readonly environment: string;
  /** Its output directory, relative to the project. */
  readonly outdir: string;
  readonly files: OutputFiles;
}

/** How an environment's output changed. */
export interface EnvironmentDiff {
  readonly environment: string;
  readonly outdir: string;
  /** `added`: the base has no such environment; `removed`: the working tree has none. */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly objects: readonly ObjectChange[];
  readonly mesh: readonly MeshChange[];
  readonly graph: GraphDiff;
}

/** What the comparison is of. */
export interface DiffSides {
  /** The base revision as given (`main`, a commit), or how it was chosen. */
  readonly baseRef: string;
  /** Its commit. */
  readonly baseCommit: string;
  /** A note on the base, e.g. that it predates environments. */
  readonly baseNote?: string;
  /** What the other side is: the working tree. */
  readonly head: string;
}

/** The whole comparison. */
export interface DiffReport extends DiffSides {
  readonly environments: readonly EnvironmentDiff[];
}

/**
 * Compares one environment's output: `base` or `head` is undefined when the environment is absent on that side.
 * `parsed` is shared by the comparisons of one report.
 */
export function diffEnvironment(
  base: EnvironmentOutput | undefined,
  head: EnvironmentOutput | undefined,
  parsed: ParseCache = new Map(),
): EnvironmentDiff {
  const either = (head ?? base)!;
  const before = base ? outputObjects(base.files, `${base.outdir}/ of the base`, parsed) : [];
  const after = head ? outputObjects(head.files, `${head.outdir}/ of the working tree`, parsed) : [];
  const objects = diffObjects(before, after);
  const [baseModel, headModel] = [meshModel(before), meshModel(after)];
  const mesh = meshChanges(baseModel, headModel);
  const graph = graphDiff(baseModel, headModel);
  const status = !base ? 'added' : !head ? 'removed' : objects.length > 0 || mesh.length > 0 || graphChanged(graph) ? 'changed' : 'unchanged';
  return { environment: either.environment, outdir: either.outdir, status, objects, mesh, graph };
}

/**
 * Compares the environments of both sides, matched by name: the working tree's in their order, then any the base
 * alone has.
 */
export function diffOutputs(sides: DiffSides, base: readonly EnvironmentOutput[], head: readonly EnvironmentOutput[]): DiffReport {
  const names = [...new Set([...head.map((e) => e.environment), ...base.map((e) => e.environment)])];
  const parsed: ParseCache = new Map();
  return {
    ...sides,
    environments: names.map((name) => diffEnvironment(base.find((e) => e.environment === name), head.find((e) => e.environment === name), parsed)),
  };
}

/** Whether anything differs. */
export function reportDiffers(report: DiffReport): boolean {
  return report.environments.some((e) => e.status !== 'unchanged');
}

/** The number of errors (routes cut off) over all environments. */
export function reportErrors(report: DiffReport): number {
  return report.environments.reduce((n, e) => n + e.mesh.filter((c) => c.severity === 'error').length, 0);
}
