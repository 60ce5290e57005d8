// RuntimeClasses (node.k8s.io/v1), as pkg/apis/node/validation's ValidateRuntimeClass checks them at create: a
// handler that is a DNS label; a pod overhead checked as a container's resource limits are (reported at its own
// path, `overhead.podFixed`, where the API server writes `overhead.limits`); a node selector of valid labels and
// tolerations that are valid and differ in key, operator, value or effect.
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, list, record, str } from './go-values';
import { dnsLabelProblem } from './identifiers';
import { checkLabels } from './metadata';
import { checkTolerations } from './pod-spec';
import { Report } from './report';
import { checkResourceRequirements } from './resources';

/** Built-in validation of a RuntimeClass. */
export function checkRuntimeClass(object: Fields, report: Report): void {
  const handler = str(object.handler);
  const problem = dnsLabelProblem(handler);
  if (problem) report(MESSAGES.invalidFieldValue, 'handler', `must be ${problem}, got ${show(handler)}`);
  const overhead = record(object.overhead);
  if (overhead) {
    const atPodFixed: Report = (type, field, message) => report(type, field.replace(/^overhead\.limits\b/, 'overhead.podFixed'), message);
    checkResourceRequirements({ limits: overhead.podFixed }, 'overhead', atPodFixed);
  }
  const scheduling = record(object.scheduling);
  if (!scheduling) return;
  checkLabels(scheduling.nodeSelector, 'scheduling.nodeSelector', report);
  checkTolerations(scheduling.tolerations, 'scheduling.tolerations', report);
  const seen = new Set<string>();
  list(scheduling.tolerations).forEach((item, i) => {
    const toleration = record(item) ?? {};
    // the list keys: key, operator, value and effect (not tolerationSeconds)
    const key = JSON.stringify([str(toleration.key), str(toleration.operator), str(toleration.value), str(toleration.effect)]);
    if (seen.has(key)) report(MESSAGES.invalidFieldValue, `scheduling.tolerations[${i}]`, 'tolerations must differ in key, operator, value or effect: this one repeats an earlier one');
    seen.add(key);
  });
}
