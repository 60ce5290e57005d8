// The API server's built-in validation, beyond what the OpenAPI schemas say: ObjectMeta of every kind, and the
// validation functions of the core kinds, roles and bindings, disruption budgets, autoscalers, priority classes,
// ingresses and network policies (k8s.io/kubernetes pkg/apis/{core,apps,batch,rbac,policy,autoscaling,scheduling,networking}/validation).
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { show } from '../structural';
import { checkAutoscaler } from './autoscalers';
import { checkClaim } from './claims';
import { checkConfigMap, checkSecret } from './config-data';
import { checkDisruptionBudget } from './disruption-budgets';
import { Fields, list, record } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { checkObjectMeta } from './metadata';
import { Report } from './report';
import { checkIngress, checkIngressClass } from './ingresses';
import { checkLimitRange } from './limit-ranges';
import { checkNetworkPolicy } from './network-policies';
import { checkPriorityClass } from './priority-classes';
import { checkRole, checkRoleBinding } from './rbac';
import { checkResourceQuota } from './resource-quotas';
import { checkService } from './services';
import { checkStorageClass } from './storage-classes';
import { checkWorkload } from './workloads';
import type { VersionRules } from './version-rules';

const WORKLOAD_GROUPS: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/**
 * The API groups whose validation calls core's ValidateObjectMeta, which adds validateKubeFinalizerName (not
 * policy/v1: a PodDisruptionBudget's strategy validates its spec only).
 */
const CORE_META_GROUPS = new Set([
  'v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1',
  'scheduling.k8s.io/v1',
]);
/** IsStandardFinalizerName: the finalizers a built-in object may name without a domain. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** validateKubeFinalizerName (core): a finalizer without '/' must be one Kubernetes defines. */
function checkKubeFinalizers(finalizers: unknown, field: string, report: Report): void {
  list(finalizers).forEach((f, i) => {
    if (typeof f !== 'string' || f.includes('/') || STANDARD_FINALIZERS.has(f) || qualifiedNameProblem(f)) return;
    report(MESSAGES.invalidFieldValue, `${field}[${i}]`,
      `finalizer must be one Kubernetes defines (${[...STANDARD_FINALIZERS].join(', ')}) or carry a domain prefix such as example.com/${f}, got ${show(f)}`);
  });
}

/** Findings of the built-in validation of one object that passed its schema. */
export function checkBuiltinObject(source: SourcedObject, rules: VersionRules): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (type, field, message) => findings.push(finding(type, source, message, field));
  const object = source.object as unknown as Fields;
  checkObjectMeta(object.metadata, 'metadata', report);
  const { apiVersion, kind } = source.object;
  if (CORE_META_GROUPS.has(apiVersion)) checkKubeFinalizers(record(object.metadata)?.finalizers, 'metadata.finalizers', report);
  if (WORKLOAD_GROUPS[kind] === apiVersion) checkWorkload(kind, object, report, rules);
  else if (apiVersion === 'rbac.authorization.k8s.io/v1') {
    if (kind === 'Role' || kind === 'ClusterRole') checkRole(object, kind === 'Role', report);
    else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') checkRoleBinding(object, kind === 'RoleBinding', report);
  } else if (apiVersion === 'policy/v1' && kind === 'PodDisruptionBudget') checkDisruptionBudget(object, report);
  else if (apiVersion === 'scheduling.k8s.io/v1' && kind === 'PriorityClass') checkPriorityClass(object, report);
  else if (apiVersion === 'storage.k8s.io/v1' && kind === 'StorageClass') checkStorageClass(object, report);
  else if (apiVersion === 'networking.k8s.io/v1') {
    if (kind === 'Ingress') checkIngress(object, report);
    else if (kind === 'IngressClass') checkIngressClass(object, report);
    else if (kind === 'NetworkPolicy') checkNetworkPolicy(object, report);
  }
  else if ((apiVersion === 'autoscaling/v2' || apiVersion === 'autoscaling/v1') && kind === 'HorizontalPodAutoscaler') checkAutoscaler(object, apiVersion, report);
  else if (apiVersion === 'v1') {
    switch (kind) {
      case 'Service':
        checkService(object, report);
        break;
      case 'ConfigMap':
        checkConfigMap(object, report);
        break;
      case 'PersistentVolumeClaim':
        checkClaim(object, report);
        break;
      case 'ResourceQuota':
        checkResourceQuota(object, report);
        break;
      case 'LimitRange':
        checkLimitRange(object, report);
        break;
      case 'Secret':
        checkSecret(object, report);
        break;
      case 'Namespace':
        // validateFinalizerName: apimachinery's qualified name, then core's standard names
        list(record(object.spec)?.finalizers).forEach((f, i) => {
          const problem = qualifiedNameProblem(String(f ?? ''));
          if (problem) report(MESSAGES.invalidFieldValue, `spec.finalizers[${i}]`, `finalizer must be ${problem}, got ${show(f)}`);
        });
        checkKubeFinalizers(record(object.spec)?.finalizers, 'spec.finalizers', report);
        break;
    }
  }
  return findings;
}
