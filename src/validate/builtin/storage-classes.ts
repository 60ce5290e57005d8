// StorageClasses (storage.k8s.io/v1), as pkg/apis/storage/validation's ValidateStorageClass checks them at create,
// after storage/v1's defaults (reclaimPolicy Delete and volumeBindingMode Immediate where left out; an explicit
// empty string stays): a provisioner that is a qualified name, at most 512 parameters of at most 256 KiB with no
// empty key, a reclaim policy of Delete or Retain, a binding mode Kubernetes knows, and allowed topologies without
// empty or repeated values, keys or terms.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields, goToLower, isSet, list, record, str } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { Report } from './report';

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;
const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

/** Built-in validation of a StorageClass. */
export function checkStorageClass(object: Fields, report: Report): void {
  const provisioner = str(object.provisioner);
  const problem = provisioner === '' ? undefined : qualifiedNameProblem(goToLower(provisioner));
  if (provisioner === '') report(MESSAGES.requiredValue, 'provisioner', 'the provisioner is required');
  else if (problem) report(MESSAGES.invalidFieldValue, 'provisioner', `must be ${problem} (in lowercase), got ${show(provisioner)}`);
  const parameters = entries(object.parameters);
  if (parameters.length > MAX_PARAMETERS) {
    report(MESSAGES.sizeLimitExceeded, 'parameters', `may hold at most ${MAX_PARAMETERS} parameters, got ${parameters.length}`);
  } else {
    if (parameters.some(([key]) => key === '')) report(MESSAGES.invalidFieldValue, 'parameters', 'a parameter needs a name: an empty key');
    const size = parameters.reduce((sum, [key, value]) => sum + key.length + str(value).length, 0);
    if (size > MAX_PARAMETERS_SIZE) report(MESSAGES.sizeLimitExceeded, 'parameters', `must total at most ${MAX_PARAMETERS_SIZE} bytes (keys and values), got ${size}`);
  }
  if (isSet(object.reclaimPolicy) && str(object.reclaimPolicy) !== '' && !RECLAIM_POLICIES.includes(str(object.reclaimPolicy))) {
    report(MESSAGES.unsupportedValue, 'reclaimPolicy', `must be one of ${RECLAIM_POLICIES.join(', ')}, got ${show(object.reclaimPolicy)}`);
  }
  if (isSet(object.volumeBindingMode) && !BINDING_MODES.includes(str(object.volumeBindingMode))) {
    report(MESSAGES.unsupportedValue, 'volumeBindingMode', `must be one of ${BINDING_MODES.join(', ')}, got ${show(object.volumeBindingMode)}`);
  }
  checkAllowedTopologies(object.allowedTopologies, report);
}

/** validateAllowedTopologies: each term's expressions, and no term twice. */
function checkAllowedTopologies(value: unknown, report: Report): void {
  const terms: string[] = [];
  list(value).forEach((t, i) => {
    const field = `allowedTopologies[${i}].matchLabelExpressions`;
    const keys = new Set<string>();
    const term: Record<string, string[]> = {};
    list(record(t)?.matchLabelExpressions).forEach((e, j) => {
      const expression = record(e) ?? {};
      const path = `${field}[${j}]`;
      const values = list(expression.values).map(str);
      if (values.length === 0) report(MESSAGES.requiredValue, join(path, 'values'), 'an expression needs at least one value');
      values.forEach((v, k) => {
        if (values.indexOf(v) < k) report(MESSAGES.invalidFieldValue, `${join(path, 'values')}[${k}]`, `repeats the value ${show(v)}`);
      });
      const key = str(expression.key);
      const problem = qualifiedNameProblem(key);
      if (problem) report(MESSAGES.invalidFieldValue, join(path, 'key'), `must be ${problem}, got ${show(key)}`);
      if (keys.has(key)) report(MESSAGES.invalidFieldValue, join(path, 'key'), `repeats the key ${show(key)} of an earlier expression of the term`);
      keys.add(key);
      term[key] = [...new Set(values)].sort();
    });
    const identity = JSON.stringify(Object.keys(term).sort().map((k) => [k, term[k]]));
    // Go compares each term with a list that starts with one empty term per term, so a term without expressions is
    // always a repeat
    if (Object.keys(term).length === 0 || terms.includes(identity)) report(MESSAGES.invalidFieldValue, field, 'repeats an earlier term of allowedTopologies');
    terms.push(identity);
  });
}
