import type { KubeObject } from '../manifests/kube-object';

/** How bad a finding is: errors stop synth and fail lint; warnings and infos are printed. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a set of objects; the shape `npm run lint -- --format json` prints. */
export interface Finding {
  /** An istioctl analyze code (IST0101...) where the check is the same, else the project's own (TT0001...). */
  readonly code: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly name: string;
  /** Present for namespaced objects that name their namespace. */
  readonly namespace?: string;
  /** The field the finding is about, as a JSON path (`spec.http[0].route[0].destination.host`). */
  readonly field?: string;
  readonly message: string;
  /** The file the object came from. */
  readonly file?: string;
}

/** A message type: its code, name and severity. */
export interface MessageType {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
}

/** Every message type the checks report. Codes IST* mean what they mean in istioctl analyze. */
export const MESSAGES = {
  deprecated: { code: 'IST0002', name: 'Deprecated', severity: 'warning' },
  referencedResourceNotFound: { code: 'IST0101', name: 'ReferencedResourceNotFound', severity: 'error' },
  namespaceNotInjected: { code: 'IST0102', name: 'NamespaceNotInjected', severity: 'info' },
  podMissingProxy: { code: 'IST0103', name: 'PodMissingProxy', severity: 'warning' },
  misplacedAnnotation: { code: 'IST0107', name: 'MisplacedAnnotation', severity: 'warning' },
  unknownAnnotation: { code: 'IST0108', name: 'UnknownAnnotation', severity: 'warning' },
  conflictingMeshGatewayVirtualServiceHosts: { code: 'IST0109', name: 'ConflictingMeshGatewayVirtualServiceHosts', severity: 'error' },
  conflictingSidecarWorkloadSelectors: { code: 'IST0110', name: 'ConflictingSidecarWorkloadSelectors', severity: 'error' },
  multipleSidecarsWithoutWorkloadSelectors: { code: 'IST0111', name: 'MultipleSidecarsWithoutWorkloadSelectors', severity: 'error' },
  virtualServiceDestinationPortSelectorRequired: { code: 'IST0112', name: 'VirtualServiceDestinationPortSelectorRequired', severity: 'error' },
  deploymentAssociatedToMultipleServices: { code: 'IST0116', name: 'DeploymentAssociatedToMultipleServices', severity: 'warning' },
  portNameIsNotUnderNamingConvention: { code: 'IST0118', name: 'PortNameIsNotUnderNamingConvention', severity: 'info' },
  namespaceMultipleInjectionLabels: { code: 'IST0123', name: 'NamespaceMultipleInjectionLabels', severity: 'warning' },
  invalidAnnotation: { code: 'IST0125', name: 'InvalidAnnotation', severity: 'warning' },
  noMatchingWorkloadsFound: { code: 'IST0127', name: 'NoMatchingWorkloadsFound', severity: 'warning' },
  noServerCertificateVerificationDestinationLevel: { code: 'IST0128', name: 'NoServerCertificateVerificationDestinationLevel', severity: 'warning' },
  noServerCertificateVerificationPortLevel: { code: 'IST0129', name: 'NoServerCertificateVerificationPortLevel', severity: 'warning' },
  virtualServiceUnreachableRule: { code: 'IST0130', name: 'VirtualServiceUnreachableRule', severity: 'warning' },
  virtualServiceIneffectiveMatch: { code: 'IST0131', name: 'VirtualServiceIneffectiveMatch', severity: 'info' },
  virtualServiceHostNotFoundInGateway: { code: 'IST0132', name: 'VirtualServiceHostNotFoundInGateway', severity: 'warning' },
  serviceEntryAddressesRequired: { code: 'IST0134', name: 'ServiceEntryAddressesRequired', severity: 'warning' },
  deprecatedAnnotation: { code: 'IST0135', name: 'DeprecatedAnnotation', severity: 'info' },
  alphaAnnotation: { code: 'IST0136', name: 'AlphaAnnotation', severity: 'info' },
  deploymentConflictingPorts: { code: 'IST0137', name: 'DeploymentConflictingPorts', severity: 'warning' },
  gatewayDuplicateCertificate: { code: 'IST0138', name: 'GatewayDuplicateCertificate', severity: 'warning' },
  ingressRouteRulesNotAffected: { code: 'IST0140', name: 'IngressRouteRulesNotAffected', severity: 'warning' },
  localhostListener: { code: 'IST0143', name: 'LocalhostListener', severity: 'error' },
  conflictingGateways: { code: 'IST0145', name: 'ConflictingGateways', severity: 'error' },
  imageAutoWithoutInjectionWarning: { code: 'IST0146', name: 'ImageAutoWithoutInjectionWarning', severity: 'warning' },
  imageAutoWithoutInjectionError: { code: 'IST0147', name: 'ImageAutoWithoutInjectionError', severity: 'error' },
  jwtClaimBasedRoutingWithoutRequestAuthN: { code: 'IST0149', name: 'JwtClaimBasedRoutingWithoutRequestAuthN', severity: 'error' },
  externalNameServiceTypeInvalidPortName: { code: 'IST0150', name: 'ExternalNameServiceTypeInvalidPortName', severity: 'warning' },
  envoyFilterUsesRelativeOperation: { code: 'IST0151', name: 'EnvoyFilterUsesRelativeOperation', severity: 'warning' },
  envoyFilterUsesReplaceOperationIncorrectly: { code: 'IST0152', name: 'EnvoyFilterUsesReplaceOperationIncorrectly', severity: 'error' },
  envoyFilterUsesAddOperationIncorrectly: { code: 'IST0153', name: 'EnvoyFilterUsesAddOperationIncorrectly', severity: 'error' },
  envoyFilterUsesRemoveOperationIncorrectly: { code: 'IST0154', name: 'EnvoyFilterUsesRemoveOperationIncorrectly', severity: 'error' },
  envoyFilterUsesRelativeOperationWithProxyVersion: { code: 'IST0155', name: 'EnvoyFilterUsesRelativeOperationWithProxyVersion', severity: 'warning' },
  invalidTelemetryProvider: { code: 'IST0157', name: 'InvalidTelemetryProvider', severity: 'warning' },
  conflictingTelemetryWorkloadSelectors: { code: 'IST0159', name: 'ConflictingTelemetryWorkloadSelectors', severity: 'error' },
  multipleTelemetriesWithoutWorkloadSelectors: { code: 'IST0160', name: 'MultipleTelemetriesWithoutWorkloadSelectors', severity: 'error' },
  invalidGatewayCredential: { code: 'IST0161', name: 'InvalidGatewayCredential', severity: 'error' },
  gatewayPortNotDefinedOnService: { code: 'IST0162', name: 'GatewayPortNotDefinedOnService', severity: 'warning' },
  referencedInternalGateway: { code: 'IST0165', name: 'ReferencedInternalGateway', severity: 'warning' },
  ineffectiveSelector: { code: 'IST0166', name: 'IneffectiveSelector', severity: 'warning' },
  ineffectivePolicy: { code: 'IST0167', name: 'IneffectivePolicy', severity: 'warning' },
  destinationRuleSubsetNotSelectPods: { code: 'IST0173', name: 'DestinationRuleSubsetNotSelectPods', severity: 'error' },
  unknownDestinationRuleHost: { code: 'IST0174', name: 'UnknownDestinationRuleHost', severity: 'warning' },
  schemaViolation: { code: 'TT0001', name: 'SchemaViolation', severity: 'error' },
  unknownField: { code: 'TT0002', name: 'UnknownField', severity: 'error' },
  validationRuleFailed: { code: 'TT0003', name: 'ValidationRuleFailed', severity: 'error' },
  unknownKind: { code: 'TT0004', name: 'UnknownKind', severity: 'info' },
  routeWeightsNotHundred: { code: 'TT0005', name: 'RouteWeightsNotHundred', severity: 'error' },
  faultPercentageOutOfRange: { code: 'TT0006', name: 'FaultPercentageOutOfRange', severity: 'error' },
  invalidName: { code: 'TT0007', name: 'InvalidName', severity: 'error' },
  configMapNotFound: { code: 'TT0008', name: 'ConfigMapNotFound', severity: 'error' },
  exposedServiceType: { code: 'TT0009', name: 'ExposedServiceType', severity: 'error' },
  duplicateObject: { code: 'TT0010', name: 'DuplicateObject', severity: 'warning' },
  requestDeniedByPolicy: { code: 'TT0011', name: 'RequestDeniedByPolicy', severity: 'error' },
  probesNotRewritten: { code: 'TT0012', name: 'ProbesNotRewritten', severity: 'warning' },
  invalidLabelOrAnnotation: { code: 'TT0013', name: 'InvalidLabelOrAnnotation', severity: 'error' },
  invalidPort: { code: 'TT0014', name: 'InvalidPort', severity: 'error' },
  unsupportedValue: { code: 'TT0015', name: 'UnsupportedValue', severity: 'error' },
  invalidSelector: { code: 'TT0016', name: 'InvalidSelector', severity: 'error' },
  requiredValue: { code: 'TT0017', name: 'RequiredValue', severity: 'error' },
  sizeLimitExceeded: { code: 'TT0018', name: 'SizeLimitExceeded', severity: 'error' },
  invalidFieldValue: { code: 'TT0019', name: 'InvalidFieldValue', severity: 'error' },
  istioValidationFailed: { code: 'TT0020', name: 'IstioValidationFailed', severity: 'error' },
  istioValidationWarning: { code: 'TT0021', name: 'IstioValidationWarning', severity: 'warning' },
  workloadSelectorsOverlap: { code: 'TT0022', name: 'WorkloadSelectorsOverlap', severity: 'error' },
  podSecurityViolation: { code: 'TT0023', name: 'PodSecurityViolation', severity: 'error' },
  l7WithoutWaypoint: { code: 'TT0030', name: 'L7WithoutWaypoint', severity: 'error' },
  sidecarSettingInAmbientNamespace: { code: 'TT0031', name: 'SidecarSettingInAmbientNamespace', severity: 'warning' },
  routeNotAttached: { code: 'TT0032', name: 'RouteNotAttached', severity: 'error' },
  backendReferenceNotPermitted: { code: 'TT0033', name: 'BackendReferenceNotPermitted', severity: 'error' },
} as const satisfies Record<string, MessageType>;

/** An object and the file it came from. */
export interface SourcedObject {
  readonly object: KubeObject;
  readonly file?: string;
  /**
   * Whether the object stands for something the Istio install provides (its ingress gateway's Deployment and
   * Service), which the set does not contain: it can be referred to, and is never reported on.
   */
  readonly provided?: boolean;
}

/** A finding of `type` about `source`'s object. */
export function finding(type: MessageType, source: SourcedObject, message: string, field?: string): Finding {
  const { object, file } = source;
  return {
    code: type.code,
    severity: type.severity,
    kind: object.kind,
    name: object.metadata?.name ?? '',
    ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
    ...(field ? { field } : {}),
    message,
    ...(file ? { file } : {}),
  };
}

/** A finding as one line of text: `error IST0101 VirtualService cloudlab/x (file): message`. */
export function formatFinding(f: Finding): string {
  const object = f.namespace ? `${f.kind} ${f.namespace}/${f.name}` : `${f.kind} ${f.name}`;
  return `${f.severity} ${f.code} ${object}${f.file ? ` (${f.file})` : ''}: ${f.field ? `${f.field}: ` : ''}${f.message}`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings in a stable order: by severity, file, kind, namespace, name, code, field. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding) => [f.file ?? '', f.kind, f.namespace ?? '', f.name, f.code, f.field ?? '', f.message].join('\u0000');
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
