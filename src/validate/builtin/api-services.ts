// APIServices (apiregistration.k8s.io/v1), as kube-aggregator's ValidateAPIService checks them at create, after the v1
// default (a service's port 443): the group a DNS-1123 subdomain (empty only for the core group's `v1`), the version
// a DNS-1035 label, both priorities in range; a local APIService (no service) with no CA bundle and no
// insecureSkipTLSVerify; a service with a namespace, a name and a valid port, and not both a CA bundle and
// insecureSkipTLSVerify. The name (`<version>.<group>`) is TT0007's (mesh/names.ts).
import { Buffer } from 'node:buffer';
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, num, record, str } from './go-values';
import { dns1035LabelProblem, dnsSubdomainProblem, portNumberProblem } from './identifiers';
import { Report } from './report';

/** Built-in validation of an APIService. */
export function checkApiService(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  const group = str(spec.group);
  const version = str(spec.version);
  if (group === '' && version !== 'v1') {
    report(MESSAGES.requiredValue, 'spec.group', `only the core group's version v1 may have an empty group, got version ${show(version)}`);
  }
  const groupProblem = group === '' ? undefined : dnsSubdomainProblem(group);
  if (groupProblem) report(MESSAGES.invalidFieldValue, 'spec.group', `must be ${groupProblem}, got ${show(group)}`);
  const versionProblem = dns1035LabelProblem(version);
  if (versionProblem) report(MESSAGES.invalidFieldValue, 'spec.version', `must be ${versionProblem}, got ${show(version)}`);
  checkPriority(spec.groupPriorityMinimum, 20000, 'spec.groupPriorityMinimum', report);
  checkPriority(spec.versionPriority, 1000, 'spec.versionPriority', report);
  // []byte, base64 in JSON: its length is the decoded bytes'
  const caBytes = Buffer.from(str(spec.caBundle), 'base64').length;
  const insecure = spec.insecureSkipTLSVerify === true;
  const service = record(spec.service);
  if (!service) {
    if (caBytes > 0) report(MESSAGES.invalidFieldValue, 'spec.caBundle', `a local APIService (no spec.service) may not have a caBundle, got ${caBytes} bytes`);
    if (insecure) report(MESSAGES.invalidFieldValue, 'spec.insecureSkipTLSVerify', 'a local APIService (no spec.service) may not have insecureSkipTLSVerify');
    return;
  }
  if (str(service.namespace) === '') report(MESSAGES.requiredValue, 'spec.service.namespace', 'the service of an APIService needs a namespace');
  if (str(service.name) === '') report(MESSAGES.requiredValue, 'spec.service.name', 'the service of an APIService needs a name');
  // the v1 default: 443
  const port = service.port === undefined || service.port === null ? 443 : (num(service.port) ?? 0);
  const portProblem = portNumberProblem(port);
  if (portProblem) report(MESSAGES.invalidPort, 'spec.service.port', `port must be ${portProblem}, got ${port}`);
  if (insecure && caBytes > 0) report(MESSAGES.invalidFieldValue, 'spec.insecureSkipTLSVerify', 'may not be true when a caBundle is given');
}

/** A priority the aggregator orders by: from 1 to `max`. */
function checkPriority(value: unknown, max: number, field: string, report: Report): void {
  const n = num(value) ?? 0;
  if (n <= 0 || n > max) report(MESSAGES.invalidFieldValue, field, `must be from 1 to ${max}, got ${n}`);
}
