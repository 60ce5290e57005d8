import { APPSODY_BACKEND } from './appsody-workload';
import { KUBERNETES_BACKEND } from './kubernetes-workload';
import { PropError } from './prop-error';
import { RUNTIME_COMPONENT_BACKEND } from './runtime-component-workload';
import { quote } from './prop-guards';
import type { WorkloadBackend, WorkloadKind } from './workload-backend';

/** The backends, by the workload kind that selects them. */
const BACKENDS: Readonly<Record<WorkloadKind, WorkloadBackend>> = {
  appsody: APPSODY_BACKEND,
  kubernetes: KUBERNETES_BACKEND,
  'runtime-component': RUNTIME_COMPONENT_BACKEND,
};

/** Every workload kind, as a topology may name it. */
export const WORKLOAD_KINDS = Object.keys(BACKENDS) as readonly WorkloadKind[];

/** The backend of a workload kind; `what` names whose kind it is in the error. */
export function workloadBackend(kind: WorkloadKind, what: string): WorkloadBackend {
  const backend = BACKENDS[kind];
  if (!backend) throw new PropError(`workload of ${what} must be one of ${Object.keys(BACKENDS).join(', ')}, got ${quote(kind)}`);
  return backend;
}
