// TT0022: two workloads whose selectors overlap. A controller's selector that matches another controller's pods makes
// both count those pods (Kubernetes warns it does not stop this and the controllers then fight over the pods): the
// operators' Deployments would claim a canary's pods, a rollout would scale the wrong ReplicaSet.
import { Finding, finding, MESSAGES } from '../../findings';
import { identity, type MeshIndex } from '../../mesh/mesh-index';
import { controllersOf } from './controllers';
import { describeSelector, selects } from './label-selectors';
import { push } from '../../grouped';

/** Every controller whose selector matches the pod labels of another controller in its namespace. */
export function checkOverlappingSelectors(index: MeshIndex): Finding[] {
  const controllers = controllersOf(index.objects);
  // candidates by namespace and one label, so the check stays linear in the number of workloads
  const byLabel = new Map<string, number[]>();
  controllers.forEach((c, i) => {
    for (const [k, v] of Object.entries(c.podLabels)) {
      const key = `${c.namespace}\u0000${k}=${v}`;
      push(byLabel, key, i);
    }
  });
  const findings: Finding[] = [];
  controllers.forEach((c, i) => {
    const [first] = Object.entries(c.selector.matchLabels);
    const candidates = first ? (byLabel.get(`${c.namespace}\u0000${first[0]}=${first[1]}`) ?? []) : controllers.map((_, j) => j);
    for (const j of candidates) {
      const other = controllers[j];
      if (j === i || other.namespace !== c.namespace || !selects(c.selector, other.podLabels)) continue;
      const o = other.source.object;
      // the same workload written in two files (alternatives, as lint reads them) does not overlap itself
      if (identity(other.source) === identity(c.source)) continue;
      findings.push(finding(MESSAGES.workloadSelectorsOverlap, c.source,
        `the selector ${describeSelector(c.selector)} also selects the pods of ${o.kind} ${other.namespace}/${o.metadata.name}; ` +
        'give every workload a selector label that no other workload\'s pods carry (such as app.kubernetes.io/instance: <workload>)',
        c.selectorField));
    }
  });
  return findings;
}
