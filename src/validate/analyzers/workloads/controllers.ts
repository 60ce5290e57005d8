// The controllers of a set of objects and the pods they own: what the workload checks compare.
import type { SourcedObject } from '../../findings';
import { labelSelectorOf, LabelSelector } from './label-selectors';

/** A controller (or an operator resource that becomes one) with its selector and its pods' template. */
export interface Controller {
  readonly source: SourcedObject;
  readonly namespace: string;
  readonly selector: LabelSelector;
  /** The JSON path of the selector. */
  readonly selectorField: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

const TEMPLATE_CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
// the operators select the pods of the Deployment they make by instance, and label them with the resource's labels
const OPERATOR_KINDS = new Set(['AppsodyApplication', 'RuntimeComponent']);

/** The controllers of `objects`: Deployments, StatefulSets, DaemonSets, ReplicaSets and operator resources. */
export function controllersOf(objects: readonly SourcedObject[]): Controller[] {
  const controllers: Controller[] = [];
  for (const source of objects) {
    const { object } = source;
    const spec = object.spec as { selector?: unknown; template?: { metadata?: { labels?: Record<string, string> } } } | undefined;
    const namespace = object.metadata?.namespace ?? 'default';
    const name = object.metadata?.name ?? '';
    if (TEMPLATE_CONTROLLERS.has(object.kind) && object.apiVersion.startsWith('apps/')) {
      const selector = labelSelectorOf(spec?.selector);
      if (selector) controllers.push({ source, namespace, selector, selectorField: 'spec.selector', podLabels: { ...spec?.template?.metadata?.labels } });
    } else if (OPERATOR_KINDS.has(object.kind)) {
      const instance = { 'app.kubernetes.io/instance': name };
      controllers.push({
        source,
        namespace,
        selector: { matchLabels: instance, requirements: [] },
        selectorField: 'metadata.name',
        podLabels: { ...object.metadata?.labels, ...instance },
      });
    }
  }
  return controllers;
}
