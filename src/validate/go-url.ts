// Go's url.Parse and url.ParseRequestURI, ported for whether they fail (callers print no more of their error) and the
// parts their accessors give (Scheme, Host, Hostname(), Port(), EscapedPath()), as Go 1.25.9 (istio 1.30.3's go.mod
// minimum) has them: since Go 1.25.2 a bracketed host must be an address netip reads that is not IPv4 (IPv4-mapped
// IPv6 is allowed), and since the fix of CVE-2026-25679 the brackets must open the host.
import { parseAddress } from './go-netip';

/** The parts of a URL Go's url.Parse or url.ParseRequestURI gives, as their accessors read them. */
export interface GoUrl {
  /** The scheme, lower-cased ('' when there is none). */
  readonly scheme: string;
  /** URL.Host: the unescaped host with its port ('' for an opaque URL or a path). */
  readonly host: string;
  /** URL.EscapedPath(). */
  readonly escapedPath: string;
  /** URL.RawQuery: what follows the first `?` ('' when there is none). */
  readonly rawQuery?: string;
  /** The userinfo before the host's `@` as written, when there is one (URL.User is not nil). */
  readonly user?: string;
  /** URL.Fragment: the unescaped text after `#` (url.Parse only). */
  readonly fragment?: string;
}

/**
 * Go's url.Parse (`viaRequest` false: the fragment is cut off first) or url.ParseRequestURI (true: no fragment, and
 * a URL must have a scheme or be an absolute path); undefined where they return an error.
 */
export function parseGoUrl(raw: string, viaRequest = false): GoUrl | undefined {
  const hash = viaRequest ? -1 : raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  // parse: an ASCII control character anywhere refuses the whole URL
  for (let i = 0; i < u.length; i++) if (u.charCodeAt(i) < 0x20 || u.charCodeAt(i) === 0x7f) return undefined;
  if (u === '' && viaRequest) return undefined;
  const fragment = hash < 0 ? '' : unescape(raw.slice(hash + 1), 'fragment');
  if (fragment === undefined) return undefined;
  if (u === '*') return { scheme: '', host: '', escapedPath: '*', rawQuery: '', fragment };
  const scheme = schemeOf(u);
  if (scheme === undefined) return undefined;
  let rest = u.slice(scheme === '' ? 0 : scheme.length + 1);
  let rawQuery = '';
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    rest = rest.slice(0, -1);
  } else if (rest.includes('?')) {
    rawQuery = rest.slice(rest.indexOf('?') + 1);
    rest = rest.slice(0, rest.indexOf('?'));
  }
  let host = '';
  let user: string | undefined;
  if (!rest.startsWith('/')) {
    // a rootless path after a scheme is opaque: no host, no path
    if (scheme !== '') return { scheme: scheme.toLowerCase(), host: '', escapedPath: '', rawQuery, fragment };
    if (viaRequest || rest.split('/')[0].includes(':')) return undefined;
  }
  if (rest.startsWith('//') && (scheme !== '' || (!viaRequest && !rest.startsWith('///')))) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash < 0 ? '' : authority.slice(slash);
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    const parsed = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if (parsed === undefined) return undefined;
    const userinfo = authority.slice(0, Math.max(at, 0));
    if (at >= 0 && (!validUserinfo(userinfo) || unescape(userinfo, 'path') === undefined)) return undefined;
    if (at >= 0) user = userinfo;
    host = parsed;
  }
  const path = unescape(rest, 'path');
  if (path === undefined) return undefined;
  return { scheme: scheme.toLowerCase(), host, escapedPath: escapedPath(rest, path), rawQuery, user, fragment };
}

/** What Go's `url.Parse(raw).Hostname()` gives; undefined when url.Parse returns an error. */
export function urlHostname(raw: string): string | undefined {
  const url = parseGoUrl(raw);
  return url && splitHostPort(url.host).hostname;
}

/** URL.Hostname() and URL.Port(): the host without its port and an IPv6 literal's brackets, and the port. */
export function splitHostPort(host: string): { readonly hostname: string; readonly port: string } {
  const colon = host.lastIndexOf(':');
  const withPort = colon >= 0 && validOptionalPort(host.slice(colon));
  let hostname = withPort ? host.slice(0, colon) : host;
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  return { hostname, port: withPort ? host.slice(colon + 1) : '' };
}

// the characters validEncoded lets stand in a path as written (besides the unreserved ones)
const PATH_AS_WRITTEN = /^(?:[A-Za-z0-9\-_.~!$&'()*+,;=:@[\]/]|%[0-9A-Fa-f]{2})*$/;
// what escape(path, encodePath) leaves as it is
const PATH_UNESCAPED = /[A-Za-z0-9\-_.~$&+,/:;=@]/;

/** EscapedPath(): the path as written when that is a valid encoding of it, else Go's escaping of it. */
function escapedPath(raw: string, path: string): string {
  if (PATH_AS_WRITTEN.test(raw)) return raw;
  let escaped = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const c = String.fromCharCode(byte);
    escaped += byte < 0x80 && PATH_UNESCAPED.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}

/** getScheme: the scheme ('' when there is none), or undefined for "missing protocol scheme". */
function schemeOf(u: string): string | undefined {
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return '';
      continue;
    }
    if (c === ':') return i === 0 ? undefined : u.slice(0, i);
    return '';
  }
  return '';
}

/** parseHost: the unescaped host, or undefined on Go's errors (a missing `]`, a bad port, a bad escape or character). */
function parseHost(host: string): string | undefined {
  if (host.includes('[')) {
    if (!host.startsWith('[')) return undefined;
    const close = host.lastIndexOf(']');
    if (close < 0 || !validOptionalPort(host.slice(close + 1))) return undefined;
    const zone = host.slice(0, close).indexOf('%25');
    const literal = parseAddress(host.slice(1, zone >= 0 ? zone : close));
    if (!literal || literal.version !== 6 || literal.zone) return undefined;
    if (zone >= 0) {
      const parts = [unescape(host.slice(0, zone), 'host'), unescape(host.slice(zone, close), 'zone'), unescape(host.slice(close), 'host')];
      return parts.some((p) => p === undefined) ? undefined : parts.join('');
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) return undefined;
  }
  return unescape(host, 'host');
}

const validOptionalPort = (port: string) => port === '' || /^:[0-9]*$/.test(port);

// the userinfo characters url.Parse allows (validUserinfo)
const validUserinfo = (s: string) => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);

// the ASCII characters a host (or zone) may hold unescaped: shouldEscape's exceptions for encodeHost
const HOST_CHARACTER = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

/** unescape: the text with its %-escapes decoded, or undefined on Go's EscapeError or InvalidHostError. */
function unescape(s: string, mode: 'host' | 'zone' | 'path' | 'fragment'): string | undefined {
  const bytes: number[] = [];
  const utf8 = Buffer.from(s, 'utf8');
  for (let i = 0; i < utf8.length; ) {
    const c = utf8[i];
    if (c === 0x25) {
      const hex = utf8.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      const value = parseInt(hex, 16);
      // in a host, an escape stands for a byte beyond ASCII only (or is %25)
      if (mode === 'host' && value < 0x80 && hex !== '25') return undefined;
      // in a zone, an escape may stand only for what could be written there (or a space)
      if (mode === 'zone' && hex !== '25' && value !== 0x20 && (value >= 0x80 || !HOST_CHARACTER.test(String.fromCharCode(value)))) return undefined;
      bytes.push(value);
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c < 0x80 && !HOST_CHARACTER.test(String.fromCharCode(c))) return undefined;
    bytes.push(c);
    i++;
  }
  return Buffer.from(bytes).toString('utf8');
}
