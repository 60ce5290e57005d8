// Analyzers of gateways, Services and the workloads behind them.
import type { MeshCheck } from '../mesh/mesh-check';
import { checkPortNames } from '../mesh/port-names';

/** The gateway, service and workload analyzers, in the order they run. */
export const GATEWAY_SERVICE_CHECKS: readonly MeshCheck[] = [checkPortNames];
