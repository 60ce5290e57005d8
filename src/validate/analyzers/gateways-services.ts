// Analyzers of gateways, Services and the workloads behind them: istioctl 1.30.3's gateway.*, service.PortNameAnalyzer
// and deployment.MultiServiceAnalyzer. istioctl skips them on files (they read Services, Pods and Secrets, which it
// drops from files); they run here on every kind the files hold, as Istio's own analyzer tests run them, with pod
// templates and AppsodyApplications for pods, and the gateways the Istio install provides (mesh/install-workloads.ts).
// Beside them, conditions.ConditionAnalyzer: the status conditions of Services, gateways, routes and the Istio objects
// waypoints and ztunnel take; and multicluster.MeshNetworksAnalyzer: the registries of the mesh networks' endpoints.
//
// IST0143 LocalhostListener is not here: istioctl 1.30.3 defines the message but no analyzer emits it (only
// `istioctl x precheck` did, until istio/istio#48449 removed that check).
import type { MeshCheck } from '../mesh/mesh-check';
import { checkConflictingGateways } from './gateways-services/conflicting-gateways';
import { checkDeploymentServices } from './gateways-services/deployment-services';
import { checkDuplicateCertificates } from './gateways-services/duplicate-certificates';
import { checkGatewayCredentials } from './gateways-services/gateway-credentials';
import { checkGatewaySelectors } from './gateways-services/gateway-selectors';
import { checkGatewayServicePorts } from './gateways-services/gateway-service-ports';
import { checkMeshNetworks } from './gateways-services/mesh-networks';
import { checkPortNames } from './gateways-services/port-names';
import { checkStatusConditions } from './gateways-services/status-conditions';

/** The gateway, service and workload analyzers, in the order they run. */
export const GATEWAY_SERVICE_CHECKS: readonly MeshCheck[] = [
  checkGatewaySelectors,
  checkGatewayServicePorts,
  checkDuplicateCertificates,
  checkGatewayCredentials,
  checkConflictingGateways,
  checkDeploymentServices,
  checkPortNames,
  checkStatusConditions,
  checkMeshNetworks,
];
