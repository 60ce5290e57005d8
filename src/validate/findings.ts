import type { KubeObject } from '../manifests/kube-object';

/** How bad a finding is: errors stop synth and fail lint; warnings and infos are printed. */
export type Severity = 'error' | 'warning' | 'info';

/** A severity as istioctl analyze names it (its "level"), in its output and its thresholds. */
export type Level = 'Error' | 'Warning' | 'Info';

/** The level of each severity. */
export const LEVELS: Readonly<Record<Severity, Level>> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** One problem found in a set of objects. */
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
  /**
   * The line of `field` in the file, or the line the object starts on when the field is not written there (as
   * istioctl analyze gives it). Only objects read from files have lines: synthesized ones have none.
   */
  readonly line?: number;
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
  unknownMeshNetworksServiceRegistry: { code: 'IST0126', name: 'UnknownMeshNetworksServiceRegistry', severity: 'error' },
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
  invalidWebhook: { code: 'IST0139', name: 'InvalidWebhook', severity: 'error' },
  ingressRouteRulesNotAffected: { code: 'IST0140', name: 'IngressRouteRulesNotAffected', severity: 'warning' },
  localhostListener: { code: 'IST0143', name: 'LocalhostListener', severity: 'error' },
  invalidApplicationUid: { code: 'IST0144', name: 'InvalidApplicationUID', severity: 'warning' },
  conflictingGateways: { code: 'IST0145', name: 'ConflictingGateways', severity: 'error' },
  imageAutoWithoutInjectionWarning: { code: 'IST0146', name: 'ImageAutoWithoutInjectionWarning', severity: 'warning' },
  imageAutoWithoutInjectionError: { code: 'IST0147', name: 'ImageAutoWithoutInjectionError', severity: 'error' },
  namespaceInjectionEnabledByDefault: { code: 'IST0148', name: 'NamespaceInjectionEnabledByDefault', severity: 'info' },
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
  invalidExternalControlPlaneConfig: { code: 'IST0163', name: 'InvalidExternalControlPlaneConfig', severity: 'warning' },
  externalControlPlaneAddressIsNotAHostname: { code: 'IST0164', name: 'ExternalControlPlaneAddressIsNotAHostname', severity: 'info' },
  referencedInternalGateway: { code: 'IST0165', name: 'ReferencedInternalGateway', severity: 'warning' },
  ineffectiveSelector: { code: 'IST0166', name: 'IneffectiveSelector', severity: 'warning' },
  ineffectivePolicy: { code: 'IST0167', name: 'IneffectivePolicy', severity: 'warning' },
  podsIstioProxyImageMismatchInNamespace: { code: 'IST0158', name: 'PodsIstioProxyImageMismatchInNamespace', severity: 'warning' },
  negativeConditionStatus: { code: 'IST0171', name: 'NegativeConditionStatus', severity: 'warning' },
  destinationRuleSubsetNotSelectPods: { code: 'IST0173', name: 'DestinationRuleSubsetNotSelectPods', severity: 'error' },
  unknownDestinationRuleHost: { code: 'IST0174', name: 'UnknownDestinationRuleHost', severity: 'warning' },
  jwksUriFetchUnrestricted: { code: 'IST0175', name: 'JwksUriFetchUnrestricted', severity: 'warning' },
  gatewayApiCrdVersionBelowMinimum: { code: 'IST0176', name: 'GatewayAPICRDVersionBelowMinimum', severity: 'warning' },
  schemaViolation: { code: 'TT0001', name: 'SchemaViolation', severity: 'error' },
  unknownField: { code: 'TT0002', name: 'UnknownField', severity: 'error' },
  validationRuleFailed: { code: 'TT0003', name: 'ValidationRuleFailed', severity: 'error' },
  unknownKind: { code: 'TT0004', name: 'UnknownKind', severity: 'info' },
  kindNotServed: { code: 'TT0027', name: 'KindNotServed', severity: 'error' },
  apiServerWarning: { code: 'TT0028', name: 'ApiServerWarning', severity: 'warning' },
  routeWeightsNotHundred: { code: 'TT0005', name: 'RouteWeightsNotHundred', severity: 'warning' },
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
  noWorkloadsSelected: { code: 'TT0024', name: 'NoWorkloadsSelected', severity: 'warning' },
  targetRefNotFound: { code: 'TT0025', name: 'TargetRefNotFound', severity: 'warning' },
  sidecarEgressHostNotFound: { code: 'TT0026', name: 'SidecarEgressHostNotFound', severity: 'warning' },
  l7WithoutWaypoint: { code: 'TT0030', name: 'L7WithoutWaypoint', severity: 'error' },
  sidecarSettingInAmbientNamespace: { code: 'TT0031', name: 'SidecarSettingInAmbientNamespace', severity: 'warning' },
  routeNotAttached: { code: 'TT0032', name: 'RouteNotAttached', severity: 'error' },
  backendReferenceNotPermitted: { code: 'TT0033', name: 'BackendReferenceNotPermitted', severity: 'error' },
  gatewayApiReferenceNotFound: { code: 'TT0034', name: 'GatewayApiReferenceNotFound', severity: 'error' },
  declaredCallRefused: { code: 'TT0040', name: 'DeclaredCallRefused', severity: 'error' },
  allowedButNotNeeded: { code: 'TT0041', name: 'AllowedButNotNeeded', severity: 'warning' },
  customResourceVersionNotServed: { code: 'TT0042', name: 'CustomResourceVersionNotServed', severity: 'warning' },
  generatedName: { code: 'TT0043', name: 'GeneratedName', severity: 'warning' },
  injectionRefused: { code: 'TT0044', name: 'InjectionRefused', severity: 'error' },
  duplicateKey: { code: 'TT0045', name: 'DuplicateKey', severity: 'warning' },
  renamedKey: { code: 'TT0046', name: 'RenamedKey', severity: 'warning' },
  lastAppliedTooLong: { code: 'TT0047', name: 'LastAppliedTooLong', severity: 'warning' },
} as const satisfies Record<string, MessageType>;

/** Whether a code is istioctl analyze's (IST...) rather than the project's own (TT...). */
export const isIstioCode = (code: string): boolean => code.startsWith('IST');

/** The lines of an object's fields in the file it was read from. */
export interface FieldLines {
  /**
   * The line of the value of `field` (a JSON path as findings name it), or undefined when it is not written there;
   * with `scalarsOnly`, undefined for a mapping or a list too, as istioctl places its findings.
   */
  lineOf(field: string, scalarsOnly?: boolean): number | undefined;
  /**
   * The scalar written plainly (without quotes or a tag) as the value of `field`, as kubectl decodes it: its text, and
   * when its path goes through an alias, its line and the anchor it is written under; undefined when it is written
   * otherwise or not written there. Only objects read from YAML text have it (synthesized ones have no text).
   */
  plainScalarOf?(field: string): { readonly text: string; readonly anchored?: { readonly anchor: string; readonly line: number } } | undefined;
}

/** An object and the file it came from. */
export interface SourcedObject {
  readonly object: KubeObject;
  readonly file?: string;
  /** The line the object starts on in its file: only objects read from files have one. */
  readonly line?: number;
  /** Where its fields are written in its file: only objects read from files have them. */
  readonly fieldLines?: FieldLines;
  /**
   * At most how many bytes Go's encoding/json takes for the object, known from the text it was read from (a cheap
   * bound, which spares most objects the count kubectl's last-applied annotation needs: last-applied.ts).
   */
  readonly encodedSizeBound?: number;
  /**
   * Whether the object stands for something the Istio install provides (its ingress gateway's Deployment and
   * Service), which the set does not contain: it can be referred to, and is never reported on.
   */
  readonly provided?: boolean;
}

/**
 * A finding of `type` about `source`'s object, about `field` if given. Its line is that of `lineAt`, when istioctl
 * places the finding elsewhere than on its field (a path, or null for the object's start), else that of `field`.
 */
export function finding(type: MessageType, source: SourcedObject, message: string, field?: string, lineAt: string | null = field ?? null): Finding {
  const { object, file } = source;
  const line = (lineAt ? source.fieldLines?.lineOf(lineAt, isIstioCode(type.code)) : undefined) ?? source.line;
  return {
    code: type.code,
    severity: type.severity,
    kind: object.kind,
    name: object.metadata?.name ?? '',
    ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
    ...(field ? { field } : {}),
    message,
    ...(file ? { file } : {}),
    ...(line !== undefined ? { line } : {}),
  };
}

/** The resource a finding is about as istioctl names it: `<Kind> <namespace>/<name>`, or `<Kind> <name>` when cluster-scoped. */
export function findingOrigin(f: Finding): string {
  return f.namespace ? `${f.kind} ${f.namespace}/${f.name}` : `${f.kind} ${f.name}`;
}

/**
 * Where a finding is: `<file>:<line>`, the file alone when there is no line (synthesized objects) or the file is JSON
 * (as istioctl gives no line in a .json file), undefined when there is no file.
 */
export function findingReference(f: Finding): string | undefined {
  if (f.file === undefined) return undefined;
  return f.line === undefined || f.file.endsWith('.json') ? f.file : `${f.file}:${f.line}`;
}

/**
 * What a finding says: an IST code's message alone, as istioctl prints it (the line points at the field); a TT code's
 * message after the field it is about, which it names no other way (`spec.ports[0].port: must be at most 65535`).
 */
export function findingMessage(f: Finding): string {
  return f.field && !isIstioCode(f.code) ? `${f.field}: ${f.message}` : f.message;
}

// istioctl's colours of a level on a terminal (formatting.colorPrefixes), each level followed by a reset
const LEVEL_COLOURS: Readonly<Record<Severity, string>> = { error: '\x1b[1;31m', warning: '\x1b[33m', info: '' };
const RESET = '\x1b[0m';

/**
 * A finding as istioctl analyze prints it (`-o log`): `<Level> [<CODE>] (<Kind> <ns>/<name> <file>:<line>) <message>`,
 * e.g. `Error [IST0101] (VirtualService shop/web vs.yaml:12) Referenced host not found: "reviews"`.
 */
export function formatFinding(f: Finding): string {
  return withLevel(f, LEVELS[f.severity]);
}

/**
 * A finding as istioctl analyze prints it on a terminal (`--color`): its level bold red for Error, yellow for
 * Warning, uncoloured for Info, and a reset after each.
 */
export function formatFindingInColour(f: Finding): string {
  return withLevel(f, `${LEVEL_COLOURS[f.severity]}${LEVELS[f.severity]}${RESET}`);
}

function withLevel(f: Finding, level: string): string {
  const reference = findingReference(f);
  return `${level} [${f.code}] (${findingOrigin(f)}${reference ? ` ${reference}` : ''}) ${findingMessage(f)}`;
}

/** The Istio version whose analyzers the IST codes follow, as istioctl's documentation links name it. */
const ISTIO_DOCS_VERSION = 'v1.30';

/**
 * Where a code is explained: istio.io's page for an IST code, as istioctl links it; the row of the project README's
 * code table for a TT code (relative to the project root: the project publishes no documentation site).
 */
export function documentationUrl(code: string): string {
  const anchor = code.toLowerCase();
  return isIstioCode(code)
    ? `https://istio.io/${ISTIO_DOCS_VERSION}/docs/reference/config/analysis/${anchor}/?ref=istioctl-analyze`
    : `README.md#${anchor}`;
}

/**
 * A finding as `-o json` and `-o yaml` print it, keys sorted as istioctl's (Go's map order): istioctl's `code`,
 * `documentationUrl`, `level`, `message` (the text of the log line), `origin` and `reference` (when the object came
 * from a file), with the project's `field`, `file`, `kind`, `name` and `namespace` (when there are) among them.
 */
export function findingRecord(f: Finding): Record<string, string> {
  const reference = findingReference(f);
  const record: Record<string, string | undefined> = {
    code: f.code,
    documentationUrl: documentationUrl(f.code),
    field: f.field,
    file: f.file,
    kind: f.kind,
    level: LEVELS[f.severity],
    message: findingMessage(f),
    name: f.name,
    namespace: f.namespace,
    origin: findingOrigin(f),
    reference,
  };
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Whether a severity is at or above a threshold (error above warning above info), as istioctl's thresholds compare. */
export const atOrAbove = (severity: Severity, threshold: Severity): boolean => SEVERITY_ORDER[severity] <= SEVERITY_ORDER[threshold];

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Findings in istioctl analyze's order, each once: by level (errors first), code, resource (`<Kind>/<name>/<namespace>`)
 * and printed line; a finding whose printed line is the one before's is dropped, as istioctl drops it.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keyed = findings.map((f) => ({ f, resource: `${f.kind}/${f.name}/${f.namespace ?? ''}`, line: formatFinding(f) }));
  keyed.sort(
    (a, b) =>
      SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
      compare(a.f.code, b.f.code) ||
      compare(a.resource, b.resource) ||
      compare(a.line, b.line),
  );
  return keyed.filter((k, i) => i === 0 || k.line !== keyed[i - 1].line).map((k) => k.f);
}
