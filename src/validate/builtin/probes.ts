// Probes and lifecycle hooks of containers (validateProbe, validateHandler, validateLifecycle).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, isSet, list, num, record, text } from './go-values';
import { httpHeaderNameProblem } from './identifiers';
import { checkPortNumber, checkPortNumberOrName } from './ports';
import { Report } from './report';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const PROBE_COUNTERS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/** Which kind of probe: liveness and startup probes must succeed once; readiness probes have no grace period. */
export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

function checkHandler(handler: Fields, kinds: readonly string[], field: string, report: Report, gracePeriod?: number): void {
  const set = kinds.filter((k) => handler[k] !== undefined && handler[k] !== null);
  if (set.length === 0) report(MESSAGES.requiredValue, field, `must set one handler: ${kinds.join(', ')}`);
  if (set.length > 1) report(MESSAGES.invalidFieldValue, field, `may set only one handler of ${kinds.join(', ')}, got ${set.join(', ')}`);
  const exec = record(handler.exec);
  if (exec && list(exec.command).length === 0) report(MESSAGES.requiredValue, `${field}.exec.command`, 'is required');
  const http = record(handler.httpGet);
  if (http) {
    checkPortNumberOrName(http.port, `${field}.httpGet.port`, report);
    const scheme = text(http.scheme);
    if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
      report(MESSAGES.unsupportedValue, `${field}.httpGet.scheme`, `scheme must be one of HTTP, HTTPS, got ${show(scheme)}`);
    }
    list(http.httpHeaders).forEach((h, i) => {
      const name = String(record(h)?.name ?? '');
      const problem = httpHeaderNameProblem(name);
      if (problem) report(MESSAGES.invalidFieldValue, `${field}.httpGet.httpHeaders[${i}].name`, `header name must be ${problem}, got ${show(name)}`);
    });
  }
  const tcp = record(handler.tcpSocket);
  if (tcp) checkPortNumberOrName(tcp.port, `${field}.tcpSocket.port`, report);
  const grpc = record(handler.grpc);
  if (grpc) checkPortNumber(grpc.port, `${field}.grpc.port`, report, 'grpc port');
  // validateSleepAction, with PodLifecycleSleepActionAllowZero (beta, on by default in 1.33): 0 is allowed
  const sleep = record(handler.sleep);
  const seconds = num(sleep?.seconds) ?? 0;
  if (sleep && gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
    report(MESSAGES.invalidFieldValue, `${field}.sleep.seconds`, `sleep seconds must be between 0 and the pod's terminationGracePeriodSeconds ${gracePeriod}, got ${seconds}`);
  }
}

/** A container probe, as validateLivenessProbe, validateReadinessProbe and validateStartupProbe check it. */
export function checkProbe(value: unknown, kind: ProbeKind, field: string, report: Report): void {
  const probe = record(value);
  if (!probe) return;
  checkHandler(probe, PROBE_HANDLERS, field, report);
  for (const counter of PROBE_COUNTERS) {
    const n = num(probe[counter]);
    if (n !== undefined && n < 0) report(MESSAGES.invalidFieldValue, join(field, counter), `${counter} must not be negative, got ${n}`);
  }
  const grace = num(probe.terminationGracePeriodSeconds);
  if (kind === 'readinessProbe' && isSet(probe.terminationGracePeriodSeconds)) {
    report(MESSAGES.invalidFieldValue, join(field, 'terminationGracePeriodSeconds'), 'terminationGracePeriodSeconds must not be set on a readiness probe');
  } else if (grace !== undefined && grace <= 0) {
    report(MESSAGES.invalidFieldValue, join(field, 'terminationGracePeriodSeconds'), `terminationGracePeriodSeconds must be greater than 0, got ${grace}`);
  }
  // 0 is defaulted to 1
  const success = num(probe.successThreshold);
  if (kind !== 'readinessProbe' && success !== undefined && success !== 0 && success !== 1) {
    report(MESSAGES.invalidFieldValue, join(field, 'successThreshold'), `successThreshold of a ${kind} must be 1, got ${success}`);
  }
}

/** The postStart and preStop hooks of a container; `gracePeriod` is the pod's, which bounds a sleep. */
export function checkLifecycle(value: unknown, gracePeriod: number | undefined, field: string, report: Report): void {
  const lifecycle = record(value);
  if (!lifecycle) return;
  for (const hook of ['postStart', 'preStop']) {
    const handler = record(lifecycle[hook]);
    if (handler) checkHandler(handler, LIFECYCLE_HANDLERS, join(field, hook), report, gracePeriod);
  }
}
