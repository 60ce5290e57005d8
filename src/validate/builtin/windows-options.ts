// A security context's windowsOptions, as validateWindowsSecurityContextOptions checks them (a pod's and each
// container's): a GMSA credential spec name that is a DNS-1123 subdomain (a custom resource's name), a credential spec
// that is not empty and under 64 KiB, and a runAsUserName of at most one backslash, whose domain is a NetBIOS or DNS
// name under 256 bytes and whose user is 1 to 104 bytes, not only dots or spaces and without "/\:;|=,+*?<>@[].
import { Buffer } from 'node:buffer';
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { record, stringPointer } from './go-values';
import { dnsSubdomainProblem } from './identifiers';
import { Report } from './report';

const MAX_CREDENTIAL_SPEC = 64 * 1024;
const MAX_DOMAIN = 256;
const MAX_USER = 104;
const NETBIOS_DOMAIN = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DNS_DOMAIN = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const USER_CHARACTERS = /["/\\:;|=,+*?<>@[\]]/;
const DOTS_OR_SPACES = /^[. ]+$/;

/** What is wrong with a runAsUserName, one message each. */
function userNameProblems(name: string): string[] {
  if (name === '') return ['runAsUserName may not be empty'];
  // RE2's [[:cntrl:]]: the ASCII control characters
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f')) return ['runAsUserName may not hold control characters'];
  const parts = name.split('\\');
  if (parts.length > 2) return ['runAsUserName may hold at most one backslash (DOMAIN\\user)'];
  const [domain, user] = parts.length === 2 ? parts : ['', parts[0]];
  const problems: string[] = [];
  if (Buffer.byteLength(domain) >= MAX_DOMAIN) problems.push(`runAsUserName's domain must be under ${MAX_DOMAIN} bytes`);
  if (parts.length === 2 && !NETBIOS_DOMAIN.test(domain) && !DNS_DOMAIN.test(domain)) problems.push("runAsUserName's domain must be a NetBIOS or a DNS name");
  const userBytes = Buffer.byteLength(user);
  if (userBytes === 0) problems.push("runAsUserName's user may not be empty");
  else if (userBytes > MAX_USER) problems.push(`runAsUserName's user may be at most ${MAX_USER} bytes`);
  if (DOTS_OR_SPACES.test(user)) problems.push("runAsUserName's user may not be only dots or spaces");
  if (USER_CHARACTERS.test(user)) problems.push('runAsUserName\'s user may not hold any of "/\\:;|=,+*?<>@[]');
  return problems;
}

/** validateWindowsSecurityContextOptions. */
export function checkWindowsOptions(value: unknown, field: string, report: Report): void {
  const options = record(value);
  if (!options) return;
  const specName = stringPointer(options.gmsaCredentialSpecName);
  const nameProblem = specName === undefined ? undefined : dnsSubdomainProblem(specName);
  if (nameProblem) report(MESSAGES.invalidFieldValue, join(field, 'gmsaCredentialSpecName'), `must be ${nameProblem} (a GMSACredentialSpec's name), got ${show(specName)}`);
  const spec = stringPointer(options.gmsaCredentialSpec);
  if (spec === '') report(MESSAGES.invalidFieldValue, join(field, 'gmsaCredentialSpec'), 'gmsaCredentialSpec may not be empty');
  else if (spec !== undefined && Buffer.byteLength(spec) > MAX_CREDENTIAL_SPEC) {
    report(MESSAGES.invalidFieldValue, join(field, 'gmsaCredentialSpec'), `gmsaCredentialSpec must be under ${MAX_CREDENTIAL_SPEC / 1024} KiB`);
  }
  const user = stringPointer(options.runAsUserName);
  if (user === undefined) return;
  for (const problem of userNameProblems(user)) report(MESSAGES.invalidFieldValue, join(field, 'runAsUserName'), `${problem}, got ${show(user)}`);
}
