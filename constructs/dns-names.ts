// The name rules of the API server (k8s.io/apimachinery validation.IsDNS1123Label / IsDNS1123Subdomain), shared by
// the constructs' prop guards and the validators.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `value` is a DNS-1123 label, as Kubernetes requires of Namespace and Service names. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

/** Whether `value` is a DNS-1123 subdomain, as Kubernetes requires of most object names. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && SUBDOMAIN.test(value);
}

/** What a DNS-1123 label may be, as messages say it. */
export const DNS_LABEL_RULE =
  "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

/** What a DNS-1123 subdomain may be, as messages say it. */
export const DNS_SUBDOMAIN_RULE = "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)";
