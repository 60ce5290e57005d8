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
  referencedResourceNotFound: { code: 'IST0101', name: 'ReferencedResourceNotFound', severity: 'error' },
  namespaceNotInjected: { code: 'IST0102', name: 'NamespaceNotInjected', severity: 'info' },
  unknownAnnotation: { code: 'IST0108', name: 'UnknownAnnotation', severity: 'warning' },
  conflictingMeshGatewayVirtualServiceHosts: { code: 'IST0109', name: 'ConflictingMeshGatewayVirtualServiceHosts', severity: 'error' },
  portNameIsNotUnderNamingConvention: { code: 'IST0118', name: 'PortNameIsNotUnderNamingConvention', severity: 'info' },
  virtualServiceHostNotFoundInGateway: { code: 'IST0132', name: 'VirtualServiceHostNotFoundInGateway', severity: 'warning' },
  deprecatedAnnotation: { code: 'IST0135', name: 'DeprecatedAnnotation', severity: 'info' },
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
} as const satisfies Record<string, MessageType>;

/** An object and the file it came from. */
export interface SourcedObject {
  readonly object: KubeObject;
  readonly file?: string;
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
