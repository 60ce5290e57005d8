// Validation of a topology before any construct is built: its shape (unknown keys, types, ranges, name rules), then
// the references between its parts. Each problem names the path of the value.
import type { MeshTopologyProps } from '../../../constructs/mesh-topology';
import { countOf, formatProblems } from '../../messages/problem-list';
import { ShapeProblem } from './shape';
import { topologyReferenceProblems } from './topology-references';
import { topologyShape } from './topology-shape';

/** A topology that cannot be synthesized: every problem found, each with its path. */
export class TopologyError extends Error {
  constructor(
    public readonly where: string,
    public readonly problems: readonly ShapeProblem[],
  ) {
    super(formatProblems(`${where} has ${countOf(problems.length, 'problem')}:`, problems.map(formatShapeProblem)));
    this.name = 'TopologyError';
  }
}

/** `apps[2].replcas: unknown key; did you mean replicas?` */
export function formatShapeProblem(p: ShapeProblem): string {
  return p.path === '' ? p.message : `${p.path}: ${p.message}`;
}

/** Every problem of `topology`: its shape first; the references only once the shape is right. */
export function topologyProblems(topology: unknown): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  topologyShape(topology, '', problems);
  if (problems.length > 0) return problems;
  return topologyReferenceProblems(topology as MeshTopologyProps);
}

/** Throws a {@link TopologyError} naming `where` (e.g. `topology tracing-tutorial`) unless `topology` is usable. */
export function assertValidTopology(topology: unknown, where: string): asserts topology is MeshTopologyProps {
  const problems = topologyProblems(topology);
  if (problems.length > 0) throw new TopologyError(where, problems);
}

export { ShapeProblem } from './shape';
