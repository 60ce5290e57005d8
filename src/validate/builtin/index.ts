// The API server's built-in validation, beyond what the OpenAPI schemas say: ObjectMeta of every kind, and the
// validation functions of the core kinds (k8s.io/kubernetes pkg/apis/{core,apps,batch}/validation).
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { show } from '../structural';
import { checkConfigMap, checkSecret } from './config-data';
import { Fields, list, record } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { checkObjectMeta } from './metadata';
import { Report } from './report';
import { checkService } from './services';
import { checkWorkload } from './workloads';

const WORKLOAD_GROUPS: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/** Findings of the built-in validation of one object that passed its schema. */
export function checkBuiltinObject(source: SourcedObject): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (type, field, message) => findings.push(finding(type, source, message, field));
  const object = source.object as unknown as Fields;
  checkObjectMeta(object.metadata, 'metadata', report);
  const { apiVersion, kind } = source.object;
  if (WORKLOAD_GROUPS[kind] === apiVersion) checkWorkload(kind, object, report);
  else if (apiVersion === 'v1') {
    switch (kind) {
      case 'Service':
        checkService(object, report);
        break;
      case 'ConfigMap':
        checkConfigMap(object, report);
        break;
      case 'Secret':
        checkSecret(object, report);
        break;
      case 'Namespace':
        list(record(object.spec)?.finalizers).forEach((f, i) => {
          const problem = typeof f === 'string' ? qualifiedNameProblem(f) : undefined;
          if (problem) report(MESSAGES.invalidFieldValue, `spec.finalizers[${i}]`, `finalizer must be ${problem}, got ${show(f)}`);
        });
        break;
    }
  }
  return findings;
}
