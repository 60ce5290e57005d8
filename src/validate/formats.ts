// String formats the API server checks while it reads a manifest: for built-in kinds, the Go types' JSON decoding
// (metav1.Time is RFC 3339, []byte is standard base64); for custom resources, the OpenAPI formats apiextensions
// validates (kube-openapi strfmt: date-time, byte, date, ipv4, ipv6, cidr, uri, hostname, the UUIDs, duration, hexcolor,
// ssn, bsonobjectid; not yet email, mac, isbn, creditcard, rgbcolor). Formats only used to type numbers are handled elsewhere.
import { decodedDuration } from './go-duration';
import { parseGoUrl } from './go-url';
import { isCidr, isIpAddress, isIpv6Address } from './ip-addresses';
import type { Dialect } from './structural';

/** A format check: undefined when the value is fine, else what the value must be. */
export type FormatCheck = (value: string) => string | undefined;

// time.Parse's general path, where the fast one fails: the hour (layout "15") may have one digit, the rest two
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
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
export const isRfc3339 = (text: string): boolean => rfc3339Seconds(text) !== undefined;

/** The Unix seconds of a time Go's time.Parse(time.RFC3339, text) accepts (its fraction dropped), else undefined. */
export function rfc3339Seconds(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = match.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  // the zone's range is tested with > (Go: "some people do write offsets of 24 hours or 60 minutes")
  if (!isDate(year, month, day) || hour >= 24 || minute >= 60 || second >= 60 || zoneHour > 24 || zoneMinute > 60) return undefined;
  const offset = (zoneHour * 60 + zoneMinute) * 60 * (text[text.length - 6] === '-' ? -1 : 1);
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (any year, 0 too, unlike Date.UTC's two-digit years). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
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
  // kube-openapi: an address netutils.ParseIPSloppy accepts with a '.' (IPv4, an IPv4-mapped one too), or one
  // net.ParseIP accepts with a ':' (IPv6)
  ipv4: (v) => (isIpAddress(v, true) && v.includes('.') ? undefined : 'an IPv4 address'),
  ipv6: (v) => (isIpv6Address(v) ? undefined : 'an IPv6 address'),
  // the other formats kube-openapi's strfmt registry checks (strfmt/default.go, duration.go, bson.go, govalidator)
  cidr: (v) => (isCidr(v, true) ? undefined : 'a CIDR such as 10.0.0.0/8'),
  uri: (v) => (parseGoUrl(v, true) !== undefined ? undefined : 'a URI as url.ParseRequestURI reads it: an absolute URL or an absolute path'),
  hostname: (v) => (isStrfmtHostname(v) ? undefined : 'a host name (RFC 1034 labels of at most 63 bytes, at most 255 bytes in all)'),
  uuid: (v) => (UUID.test(v) ? undefined : 'a UUID such as 123e4567-e89b-12d3-a456-426614174000'),
  uuid3: (v) => (UUID3.test(v) ? undefined : 'a version 3 UUID'),
  uuid4: (v) => (UUID4.test(v) ? undefined : 'a version 4 UUID'),
  uuid5: (v) => (UUID5.test(v) ? undefined : 'a version 5 UUID'),
  duration: (v) => (isStrfmtDuration(v) ? undefined : 'a duration such as 1h30m or 2 days'),
  hexcolor: (v) => (/^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v) ? undefined : 'a hexadecimal colour such as #ffffff'),
  ssn: (v) => (v.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v) ? undefined : 'a U.S. social security number such as 123-45-6789'),
  bsonobjectid: (v) => (/^[0-9a-fA-F]{24}$/.test(v) ? undefined : 'a BSON object ID of 24 hexadecimal digits'),
};

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;

// strfmt's HostnamePattern (symbols and letters of any script allowed, the top-level label of letters only)
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;

/** strfmt's IsHostname: the pattern, at most 255 bytes, no label over 63 bytes. */
function isStrfmtHostname(value: string): boolean {
  return HOSTNAME.test(value) && Buffer.byteLength(value) <= 255 && value.split('.').every((label) => Buffer.byteLength(label) <= 63);
}

// strfmt's duration units: each unit's names, the last of which may also begin a longer word ("minutes", "hours")
const DURATION_UNITS: readonly (readonly string[])[] = [
  ['ns', 'nano'], ['us', '\u00b5s', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'],
  ['w', 'wk', 'week'],
];

/**
 * strfmt's IsDuration: what time.ParseDuration reads (within an int64 of nanoseconds), or any text with a number followed by a unit it names
 * anywhere in it ("2 days", "1 hour 30 minutes"), as ParseDuration's fallback finds (its units matched as written).
 */
function isStrfmtDuration(value: string): boolean {
  if (decodedDuration(value) !== undefined) return true;
  let recognized = false;
  for (const match of value.matchAll(/(\d+)[\t\n\f\r ]*([A-Za-z\u00b5]+)/g)) {
    // strconv.Atoi refuses a number over int64, which ends the parse with an error
    if (BigInt(match[1]) > 9223372036854775807n) return false;
    const unit = match[2].toLowerCase();
    const named = (names: readonly string[]) => names.some((name, i) => unit === name || (i === names.length - 1 && unit.startsWith(name)));
    if (DURATION_UNITS.some(named)) recognized = true;
  }
  return recognized;
}

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
