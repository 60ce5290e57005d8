// Connection pools as Istio's validation webhook checks them, for DestinationRules' traffic policies and Sidecars'
// listeners alike (istio/istio 1.30 pkg/config/validation/validation.go validateConnectionPool).
import { join, show } from '../structural';
import { Fields, num, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { decodedDuration } from '../go-duration';
import { checkDurationFields } from './durations';
import { fail } from './verdicts';

const MS = 1_000_000n;

function checkNonNegative(object: Fields | undefined, names: readonly string[], field: string, report: Report): void {
  for (const name of names) {
    const n = num(object?.[name]);
    if (n !== undefined && n < 0) fail(report, join(field, name), `${name} must not be negative, got ${n}`);
  }
}

/**
 * A connection pool of a DestinationRule or a Sidecar (validateConnectionPool): http or tcp set, no negative limit,
 * whole-millisecond durations (the CEL rules require at least 1ms), and a tcp.idleTimeout, which no CEL rule covers,
 * that decodes (a Go duration), and is either below 1ms in magnitude (which disables it) or at least 1ms and whole
 * milliseconds.
 */
export function checkConnectionPool(value: unknown, field: string, report: Report): void {
  const pool = record(value);
  if (!pool) return;
  const http = record(pool.http);
  const tcp = record(pool.tcp);
  if (!http && !tcp) return fail(report, field, 'a connection pool must set http, tcp or both');
  if (http) {
    const path = join(field, 'http');
    checkNonNegative(http, ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams'], path, report);
    checkDurationFields(http, ['idleTimeout'], path, report);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      fail(report, join(path, 'useClientProtocol'), 'useClientProtocol may not be true when h2UpgradePolicy is UPGRADE');
    }
  }
  if (tcp) {
    const path = join(field, 'tcp');
    checkNonNegative(tcp, ['maxConnections'], path, report);
    checkDurationFields(tcp, ['connectTimeout', 'maxConnectionDuration'], path, report);
    const idle = typeof tcp.idleTimeout === 'string' ? decodedDuration(tcp.idleTimeout) : undefined;
    if (typeof tcp.idleTimeout === 'string' && idle === undefined) {
      // no CEL rule reads it, and the webhook cannot decode it
      fail(report, join(path, 'idleTimeout'), `idleTimeout must be a duration such as 30s or 1h, got ${show(tcp.idleTimeout)}`);
    } else if (idle !== undefined && (idle >= MS || idle <= -MS)) {
      if (idle < MS) fail(report, join(path, 'idleTimeout'), `idleTimeout must be at least 1ms (or below 1ms to disable it), got ${show(tcp.idleTimeout)}`);
      else if (idle % MS !== 0n) fail(report, join(path, 'idleTimeout'), `must be a whole number of milliseconds, got ${show(tcp.idleTimeout)}`);
    }
    checkDurationFields(record(tcp.tcpKeepalive), ['time', 'interval'], join(path, 'tcpKeepalive'), report);
  }
}
