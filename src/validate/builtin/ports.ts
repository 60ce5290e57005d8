// Port numbers and names of containers and probes (validateContainerPorts, ValidatePortNumOrName).
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { list, record, text } from './go-values';
import { portNameProblem, portNumberProblem } from './identifiers';
import { Report } from './report';

/** The protocols a container or Service port may use. */
export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** A port given as a number (1..65535) or as the name of a container port (an IANA service name). */
export function checkPortNumberOrName(port: unknown, field: string, report: Report, what = 'port'): void {
  if (typeof port === 'number') {
    const problem = portNumberProblem(port);
    if (problem) report(MESSAGES.invalidPort, field, `${what} must be ${problem} or a port name, got ${port}`);
  } else if (typeof port === 'string') {
    const problem = portNameProblem(port);
    if (problem) report(MESSAGES.invalidPort, field, `${what} must be a port number or ${problem}, got ${show(port)}`);
  }
}

/** A port number that must be set: 1..65535. */
export function checkPortNumber(port: unknown, field: string, report: Report, what: string): void {
  const value = typeof port === 'number' ? port : 0;
  const problem = portNumberProblem(value);
  if (problem) report(MESSAGES.invalidPort, field, `${what} must be ${problem}, got ${value}`);
}

/** A protocol, when one is given (the API server defaults an empty one to TCP). */
export function checkProtocol(protocol: unknown, field: string, report: Report): void {
  const value = text(protocol);
  if (value !== undefined && !PORT_PROTOCOLS.includes(value)) {
    report(MESSAGES.unsupportedValue, field, `protocol must be one of ${PORT_PROTOCOLS.join(', ')}, got ${show(value)}`);
  }
}

/** The ports of one container: names unique IANA service names, numbers in range, known protocols. */
export function checkContainerPorts(ports: unknown, field: string, report: Report): void {
  const names = new Map<string, number>();
  list(ports).forEach((p, i) => {
    const port = record(p) ?? {};
    const path = `${field}[${i}]`;
    const name = text(port.name);
    if (name !== undefined) {
      const problem = portNameProblem(name);
      const first = names.get(name);
      if (problem) report(MESSAGES.invalidPort, `${path}.name`, `port name must be ${problem}, got ${show(name)}`);
      else if (first !== undefined) report(MESSAGES.invalidPort, `${path}.name`, `port name ${show(name)} is already used by ${field}[${first}]`);
      else names.set(name, i);
    }
    checkPortNumber(port.containerPort, `${path}.containerPort`, report, 'containerPort');
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) checkPortNumber(port.hostPort, `${path}.hostPort`, report, 'hostPort');
    checkProtocol(port.protocol, `${path}.protocol`, report);
  });
}

/** Host ports used twice (same protocol, host IP and port) across `containers`, at `paths` (checkHostPortConflicts). */
export function checkHostPortConflicts(containers: unknown[], paths: readonly string[], report: Report): void {
  const seen = new Map<string, string>();
  containers.forEach((c, ci) => {
    list(record(c)?.ports).forEach((p, pi) => {
      const port = record(p) ?? {};
      if (typeof port.hostPort !== 'number' || port.hostPort === 0) return;
      const key = `${text(port.protocol) ?? 'TCP'}/${text(port.hostIP) ?? ''}/${port.hostPort}`;
      const path = `${paths[ci]}.ports[${pi}].hostPort`;
      const first = seen.get(key);
      if (first !== undefined) report(MESSAGES.invalidPort, path, `host port ${key} is already used by ${first}`);
      else seen.set(key, path);
    });
  });
}
