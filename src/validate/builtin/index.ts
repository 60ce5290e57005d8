// The API server's built-in validation, beyond what the OpenAPI schemas say: ObjectMeta of every kind, and the
// validation functions of the core kinds (persistent volumes and endpoints among them), roles and bindings,
// disruption budgets, autoscalers, priority and runtime classes, CSI drivers, ingresses, network policies, endpoint slices,
// admission webhooks and admission policies (k8s.io/kubernetes pkg/apis/{core,apps,batch,rbac,policy,autoscaling,
// scheduling,node,storage,networking,discovery,admissionregistration}/validation), custom resource definitions
// (k8s.io/apiextensions-apiserver) and APIServices (k8s.io/kube-aggregator).
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { join, show } from '../structural';
import { withPlainTextHint } from '../plain-text-hint';
import { checkAdmissionPolicy, checkAdmissionPolicyBinding } from './admission-policies';
import { checkApiService } from './api-services';
import { apiServerWarnings } from './api-warnings';
import { checkWebhookConfiguration } from './admission-webhooks';
import { checkAutoscaler } from './autoscalers';
import { checkClaim } from './claims';
import { checkConfigMap, checkSecret } from './config-data';
import { checkCsiDriver } from './csi-drivers';
import { checkCustomResourceDefinition } from './custom-resource-definitions';
import { checkDisruptionBudget } from './disruption-budgets';
import { checkEndpoints, checkEndpointSlice } from './endpoints';
import { checkCoreEvent, checkEventsEvent } from './events';
import { entries, Fields, list, record } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { checkObjectMeta } from './metadata';
import { asDecoded } from './pod-defaults';
import { Report } from './report';
import { checkIngress, checkIngressClass } from './ingresses';
import { checkLimitRange } from './limit-ranges';
import { checkNetworkPolicy } from './network-policies';
import { checkPersistentVolume } from './persistent-volumes';
import { checkPriorityClass } from './priority-classes';
import { checkRole, checkRoleBinding } from './rbac';
import { checkResourceQuota } from './resource-quotas';
import { checkRuntimeClass } from './runtime-classes';
import { checkService } from './services';
import { checkServiceCidr } from './service-cidrs';
import { checkStorageClass } from './storage-classes';
import { checkWorkload } from './workloads';
import type { VersionRules } from './version-rules';

/** One kind's own validation. */
type KindCheck = (object: Fields, report: Report, rules: VersionRules) => void;

const workload = (kind: string): KindCheck => (object, report, rules) => checkWorkload(kind, object, report, rules);

/** By `<apiVersion>/<kind>`, the validation each kind gets beyond its metadata's. */
const KIND_CHECKS: Readonly<Record<string, KindCheck>> = {
  'v1/Pod': workload('Pod'),
  'apps/v1/Deployment': workload('Deployment'),
  'apps/v1/ReplicaSet': workload('ReplicaSet'),
  'apps/v1/StatefulSet': workload('StatefulSet'),
  'apps/v1/DaemonSet': workload('DaemonSet'),
  'batch/v1/Job': workload('Job'),
  'batch/v1/CronJob': workload('CronJob'),
  'v1/ReplicationController': workload('ReplicationController'),
  'v1/PodTemplate': workload('PodTemplate'),
  'v1/Service': checkService,
  'v1/ConfigMap': checkConfigMap,
  'v1/Secret': checkSecret,
  'v1/Namespace': checkNamespace,
  'v1/PersistentVolumeClaim': checkClaim,
  'v1/PersistentVolume': checkPersistentVolume,
  'v1/ResourceQuota': checkResourceQuota,
  'v1/LimitRange': checkLimitRange,
  'v1/Endpoints': checkEndpoints,
  'v1/Event': checkCoreEvent,
  'events.k8s.io/v1/Event': checkEventsEvent,
  'discovery.k8s.io/v1/EndpointSlice': checkEndpointSlice,
  'rbac.authorization.k8s.io/v1/Role': (object, report) => checkRole(object, true, report),
  'rbac.authorization.k8s.io/v1/ClusterRole': (object, report) => checkRole(object, false, report),
  'rbac.authorization.k8s.io/v1/RoleBinding': (object, report) => checkRoleBinding(object, true, report),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': (object, report) => checkRoleBinding(object, false, report),
  'policy/v1/PodDisruptionBudget': checkDisruptionBudget,
  'autoscaling/v1/HorizontalPodAutoscaler': (object, report) => checkAutoscaler(object, 'autoscaling/v1', report),
  'autoscaling/v2/HorizontalPodAutoscaler': (object, report) => checkAutoscaler(object, 'autoscaling/v2', report),
  'scheduling.k8s.io/v1/PriorityClass': checkPriorityClass,
  'node.k8s.io/v1/RuntimeClass': checkRuntimeClass,
  'storage.k8s.io/v1/StorageClass': checkStorageClass,
  'storage.k8s.io/v1/CSIDriver': checkCsiDriver,
  'networking.k8s.io/v1/Ingress': checkIngress,
  'networking.k8s.io/v1/IngressClass': checkIngressClass,
  'networking.k8s.io/v1/NetworkPolicy': checkNetworkPolicy,
  'networking.k8s.io/v1/ServiceCIDR': checkServiceCidr,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': checkCustomResourceDefinition,
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': (object, report, rules) => checkWebhookConfiguration(object, false, report, rules.celLibraries),
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': (object, report, rules) => checkWebhookConfiguration(object, true, report, rules.celLibraries),
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': checkAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': checkAdmissionPolicyBinding,
  'apiregistration.k8s.io/v1/APIService': checkApiService,
};

/**
 * The API groups whose validation calls core's ValidateObjectMeta, which adds validateKubeFinalizerName (not
 * policy/v1: a PodDisruptionBudget's strategy validates its spec only).
 */
const CORE_META_GROUPS = new Set([
  'v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1',
  'scheduling.k8s.io/v1', 'discovery.k8s.io/v1',
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

/** A Namespace's finalizers (validateFinalizerName: apimachinery's qualified name, then core's standard names). */
function checkNamespace(object: Fields, report: Report): void {
  list(record(object.spec)?.finalizers).forEach((f, i) => {
    const problem = qualifiedNameProblem(String(f ?? ''));
    if (problem) report(MESSAGES.invalidFieldValue, `spec.finalizers[${i}]`, `finalizer must be ${problem}, got ${show(f)}`);
  });
  checkKubeFinalizers(record(object.spec)?.finalizers, 'spec.finalizers', report);
}

/**
 * The labels and annotations of an object of a kind without a schema here (a custom resource of a CRD lint lacks):
 * the custom resource handler decodes them strictly (a value that is no string is refused: GetObjectMetaWithOptions
 * without dropInvalidMetadata), and apimachinery's ValidateObjectMetaAccessor checks them for every kind.
 */
export function checkSchemalessMetadata(source: SourcedObject): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (type, field, message) => findings.push(finding(type, source, withPlainTextHint(source, field, message), field));
  const metadata = record((source.object as unknown as Fields).metadata);
  for (const key of ['name', 'generateName', 'namespace']) {
    const value = metadata?.[key];
    if (value !== undefined && value !== null && typeof value !== 'string') report(MESSAGES.schemaViolation, `metadata.${key}`, `must be a string, got ${show(value)}`);
  }
  for (const key of ['labels', 'annotations']) {
    for (const [name, value] of entries(metadata?.[key])) {
      if (typeof value !== 'string' && value !== null) report(MESSAGES.schemaViolation, join(`metadata.${key}`, name), `must be a string, got ${show(value)}`);
    }
  }
  checkObjectMeta(metadata, 'metadata', report);
  return findings;
}

/**
 * Findings of the built-in validation of one object that passed its schema; with `warnings`, the API server's
 * warnings too when the object has no errors (it sends them with a create that succeeds).
 */
export function checkBuiltinObject(source: SourcedObject, rules: VersionRules, warnings = false): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (type, field, message) => findings.push(finding(type, source, message, field));
  const { apiVersion, kind } = source.object;
  const object = asDecoded(source.object) as unknown as Fields;
  checkObjectMeta(object.metadata, 'metadata', report);
  if (CORE_META_GROUPS.has(apiVersion)) checkKubeFinalizers(record(object.metadata)?.finalizers, 'metadata.finalizers', report);
  const key = `${apiVersion}/${kind}`;
  if (Object.hasOwn(KIND_CHECKS, key)) KIND_CHECKS[key](object, report, rules);
  if (warnings && findings.length === 0) {
    for (const warning of apiServerWarnings(object, apiVersion, kind)) {
      findings.push(finding(MESSAGES.apiServerWarning, source, warning.message, warning.field));
    }
  }
  return findings;
}
