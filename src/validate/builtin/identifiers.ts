// The string rules of k8s.io/apimachinery/pkg/util/validation that built-in validation applies to names, keys and
// values (IsQualifiedName, IsValidLabelValue, IsDNS1035Label, IsValidPortName, IsEnvVarName, IsConfigMapKey, ...).
// Each returns undefined for a valid value, else what is allowed, as messages say it.
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain } from '../../../constructs/dns-names';
import { isCidr as isCidrOf, isIpAddress } from '../ip-addresses';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const PERCENT = /^[0-9]+%$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** What a qualified name may be. */
export const QUALIFIED_NAME_RULE =
  "a qualified name (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

// label and annotation keys repeat across objects: each is checked once per process
const qualifiedNames = new Map<string, string | undefined>();

/** IsQualifiedName: label keys, annotation keys (lowercased first), finalizers, appProtocol. */
export function qualifiedNameProblem(value: string): string | undefined {
  if (qualifiedNames.has(value)) return qualifiedNames.get(value);
  const problem = checkQualifiedName(value);
  if (qualifiedNames.size < 10_000) qualifiedNames.set(value, problem);
  return problem;
}

function checkQualifiedName(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return QUALIFIED_NAME_RULE;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix === '' || !isDnsSubdomain(prefix))) return `${QUALIFIED_NAME_RULE}; the prefix must be ${DNS_SUBDOMAIN_RULE}`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return QUALIFIED_NAME_RULE;
  return undefined;
}

/** IsValidLabelValue. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value))) return undefined;
  return "a label value (empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";
}

/** IsDNS1123Label. */
export function dnsLabelProblem(value: string): string | undefined {
  return isDnsLabel(value) ? undefined : DNS_LABEL_RULE;
}

/** IsDNS1123Subdomain. */
export function dnsSubdomainProblem(value: string): string | undefined {
  return isDnsSubdomain(value) ? undefined : DNS_SUBDOMAIN_RULE;
}

/** What a DNS-1035 label may be. */
export const DNS_1035_LABEL_RULE =
  "a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters)";

/** IsDNS1035Label: Service names. */
export function dns1035LabelProblem(value: string): string | undefined {
  return value.length <= 63 && DNS_1035_LABEL.test(value) ? undefined : DNS_1035_LABEL_RULE;
}

/** IsValidPortName: an IANA_SVC_NAME, for container port names and named target ports. */
export function portNameProblem(value: string): string | undefined {
  const valid = value.length <= 15 && /^[-a-z0-9]+$/.test(value) && /[a-z]/.test(value) && !value.includes('--') && !/^-|-$/.test(value);
  return valid ? undefined : "an IANA service name (at most 15 lowercase letters, digits and '-', with a letter, no '--', not starting or ending with '-')";
}

/** IsValidPortNum. */
export function portNumberProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : 'a port number between 1 and 65535';
}

/** IsEnvVarName (Kubernetes 1.27; later versions can relax it with the RelaxedEnvironmentVariableValidation gate). */
export function envVarNameProblem(value: string): string | undefined {
  if (ENV_VAR_NAME.test(value) && !isChDir(value)) return undefined;
  return "an environment variable name (letters, digits, '_', '-' and '.', not starting with a digit, not '.', '..' or starting with '..')";
}

/** IsConfigMapKey: ConfigMap and Secret keys, and the keys selectors name. */
export function configMapKeyProblem(value: string): string | undefined {
  if (value.length <= 253 && CONFIG_MAP_KEY.test(value) && !isChDir(value)) return undefined;
  return "a key of at most 253 letters, digits, '-', '_' and '.', not '.', '..' or starting with '..'";
}

/** IsValidPercent. */
export function isPercent(value: string): boolean {
  return PERCENT.test(value);
}

/** IsHTTPHeaderName. */
export function httpHeaderNameProblem(value: string): string | undefined {
  return HTTP_HEADER_NAME.test(value) ? undefined : "an HTTP header name (letters, digits and '-')";
}

function isChDir(value: string): boolean {
  return value === '.' || value === '..' || value.startsWith('..');
}

/** Whether `value` is an IP address as netutils.ParseIPSloppy reads it. */
export function isIp(value: string): boolean {
  return isIpAddress(value, true);
}

/** Whether `value` is a CIDR as netutils.ParseCIDRSloppy reads it. */
export function isCidr(value: string): boolean {
  return isCidrOf(value, true);
}
