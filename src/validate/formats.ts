// String formats the API server checks while it reads a manifest: for built-in kinds, the Go types' JSON decoding
// (metav1.Time is RFC 3339, []byte is standard base64); for custom resources, the OpenAPI formats apiextensions
// validates (kube-openapi strfmt: date-time, byte, date, ipv4, ipv6). Formats only used to type numbers are handled elsewhere.
import { isIpv4Address, isIpv6Address } from './ip-addresses';
import type { Dialect } from './structural';

/** A format check: undefined when the value is fine, else what the value must be. */
export type FormatCheck = (value: string) => string | undefined;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const STRFMT_DATE_TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
// govalidator's base64, as kube-openapi checks `format: byte` (it refuses the empty string)
const STRFMT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
// Go's base64.StdEncoding: padded, and line breaks are skipped
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1];
}

function isFullDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Whether Go's time.Parse(time.RFC3339, text) accepts `text`, as metav1.Time decoding requires. */
export function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = match.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  return isDate(year, month, day) && hour < 24 && minute < 60 && second < 60 && zoneHour < 24 && zoneMinute < 60;
}

/** kube-openapi's IsDateTime, which custom resources' `format: date-time` fields are checked with. */
function isStrfmtDateTime(text: string): boolean {
  if (text.length < 4) return false;
  const parts = text.toLowerCase().split('t');
  if (parts.length < 2 || !isFullDate(parts[0])) return false;
  const match = STRFMT_DATE_TIME.exec(parts[1]);
  return match !== null && match[1] <= '23' && match[2] <= '59' && match[3] <= '59';
}

/** Whether Go's base64.StdEncoding decodes `text`, as []byte fields (Secret data) require. */
export function isStdBase64(text: string): boolean {
  return STD_BASE64.test(text.replace(/[\r\n]/g, ''));
}

/** How many bytes standard base64 `text` decodes to. */
export function base64Length(text: string): number {
  const clean = text.replace(/[\r\n]/g, '');
  return (clean.length / 4) * 3 - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
}

const KUBERNETES_FORMATS: Readonly<Record<string, FormatCheck>> = {
  'date-time': (v) => (isRfc3339(v) ? undefined : 'an RFC 3339 date-time such as 2024-01-31T12:00:00Z'),
  byte: (v) => (isStdBase64(v) ? undefined : 'standard base64 with padding'),
};

const CRD_FORMATS: Readonly<Record<string, FormatCheck>> = {
  datetime: (v) => (isStrfmtDateTime(v) ? undefined : 'an RFC 3339 date-time such as 2024-01-31T12:00:00Z'),
  byte: (v) => (STRFMT_BASE64.test(v) ? undefined : 'non-empty base64 with padding'),
  date: (v) => (isFullDate(v) ? undefined : 'an RFC 3339 full-date such as 2024-01-31'),
  // kube-openapi: an address net.ParseIP accepts, with a '.' (IPv4) or a ':' (IPv6)
  ipv4: (v) => (isIpv4Address(v) ? undefined : 'an IPv4 address'),
  ipv6: (v) => (isIpv6Address(v) ? undefined : 'an IPv6 address'),
};

/**
 * Formats that only say how wide a number is (checked with the number's type), and the Kubernetes formats that
 * constrain nothing a manifest can get wrong.
 */
export const NUMBER_FORMATS: ReadonlySet<string> = new Set(['int32', 'int64', 'double', 'float']);

/** The check of a string format, or undefined when the API server does not check it. */
export function formatCheck(format: string, dialect: Dialect): FormatCheck | undefined {
  // apiextensions normalizes format names as go-openapi does (date-time and datetime are one format)
  return dialect === 'crd' ? CRD_FORMATS[format.replace(/-/g, '')] : KUBERNETES_FORMATS[format];
}
