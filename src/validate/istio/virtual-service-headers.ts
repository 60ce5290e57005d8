// Header manipulation and CORS policies of VirtualService routes as Istio's validation webhook checks them (istio/istio
// 1.30 pkg/config/validation/validation.go: ValidateHTTPHeaderWithAuthorityOperationName, ValidateHTTPHeaderOperationName,
// ValidateHTTPHeaderValue and header_value_validator.go's port of Envoy's header_parser.cc, validateCORSPolicy,
// virtualservice.go validateAuthorityRewrite). The CRD's CEL rule already requires maxAge of at least 1ms.
import { join, show } from '../structural';
import { entries, Fields, list, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { parseDuration } from '../go-duration';
import { durationPrecisionProblem } from './durations';
import { checkRegex, HEADER_NAME } from './virtual-service-matches';
import { fail } from './verdicts';

// control characters other than horizontal tab
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);
const STRING_MATCHES = ['exact', 'prefix', 'regex'] as const;

// the states of Envoy's header value parser
const State = {
  Literal: 0, VariableName: 1, ExpectArray: 2, ExpectString: 3, InString: 4, ExpectDelimiterOrEnd: 5, ExpectArgsEnd: 6, ExpectVariableEnd: 7,
} as const;

/** Why Envoy would refuse a custom header value (a literal with %VARIABLE% and %VARIABLE(args)% expressions), or undefined. */
export function headerValueProblem(value: string): string | undefined {
  if (CONTROL.test(value)) return 'may not contain control characters other than tab';
  let state: number = State.Literal;
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos];
    const hasNext = pos + 1 < value.length;
    switch (state) {
      case State.Literal:
        if (ch !== '%') break;
        if (!hasNext) return 'ends in a lone %: write %% for a literal %';
        if (value[pos + 1] === '%') pos++;
        else state = State.VariableName;
        break;
      case State.VariableName:
        if (ch === '%') state = State.Literal;
        else if (ch === '(') state = State.ExpectArray;
        break;
      case State.ExpectArray:
        if (ch === '[') state = State.ExpectString;
        else if (ch !== ' ') state = State.InString;
        break;
      case State.ExpectDelimiterOrEnd:
        if (ch === ',') state = State.ExpectString;
        else if (ch === ']') state = State.ExpectArgsEnd;
        else if (ch !== ' ') return `expects , or ] between the arguments of a %VARIABLE(...)%, got ${show(ch)}`;
        break;
      case State.ExpectString:
        if (ch === '"') state = State.InString;
        else if (ch !== ' ') return `expects a quoted string argument in a %VARIABLE([...])%, got ${show(ch)}`;
        break;
      case State.InString:
        if (ch === '\\') {
          if (!hasNext) return 'ends in a backslash inside a %VARIABLE(...)% argument';
          pos++;
        } else if (ch === ')') state = State.ExpectVariableEnd;
        else if (ch === '"') state = State.ExpectDelimiterOrEnd;
        break;
      case State.ExpectArgsEnd:
        if (ch === ')') state = State.ExpectVariableEnd;
        else if (ch !== ' ') return `expects ) after the arguments of a %VARIABLE(...)%, got ${show(ch)}`;
        break;
      case State.ExpectVariableEnd:
        if (ch === '%') state = State.Literal;
        else if (ch !== ' ') return `expects % to close a %VARIABLE(...)%, got ${show(ch)}`;
        break;
    }
  }
  return state === State.Literal ? undefined : 'has a %VARIABLE% expression that is never closed: write %% for a literal %';
}

function checkValue(value: unknown, field: string, report: Report): void {
  const problem = typeof value === 'string' ? headerValueProblem(value) : undefined;
  if (problem) fail(report, field, `header value ${problem}, got ${show(value)}`);
}

const isPseudoOrHost = (name: string) => name.startsWith(':') || name.toLowerCase() === 'host';
/** Whether a header names the authority: :authority or Host, in any case. */
export const isAuthorityHeader = (name: string) => name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';

/** A header a request add or set may name: any but the pseudo-headers other than :authority. */
function checkRequestSetName(name: string, field: string, report: Report): void {
  if (name === '') fail(report, field, 'header name must not be empty');
  else if (isPseudoOrHost(name) && !isAuthorityHeader(name)) fail(report, field, `header ${show(name)} may not be set: of the pseudo-headers only :authority may`);
}

/** A header a request remove, or a response add, set or remove may name: not Host, no pseudo-header. */
function checkOperationName(name: string, field: string, report: Report): void {
  if (name === '') fail(report, field, 'header name must not be empty');
  else if (isPseudoOrHost(name)) fail(report, field, `header ${show(name)} may not be changed here: neither Host nor a pseudo-header (:name)`);
}

/** The header manipulation of a rule or of one of its destinations. */
export function checkHeaderOperations(value: unknown, field: string, report: Report): void {
  const headers = record(value);
  if (!headers) return;
  for (const side of ['request', 'response'] as const) {
    const operations = record(headers[side]);
    if (!operations) continue;
    const at = `${field}.${side}`;
    const checkName = side === 'request' ? checkRequestSetName : checkOperationName;
    for (const op of ['add', 'set']) {
      for (const [name, headerValue] of entries(operations[op])) {
        checkName(name, join(`${at}.${op}`, name), report);
        checkValue(headerValue, join(`${at}.${op}`, name), report);
      }
    }
    list(operations.remove).forEach((name, i) => checkOperationName(typeof name === 'string' ? name : '', `${at}.remove[${i}]`, report));
  }
}

/**
 * The authority is rewritten in one place only: rewrite.authority, or an :authority/Host request set or add. Go reads
 * the maps in random order; this reads them in the manifest's order, one of those Go may take.
 */
export function checkAuthorityRewrite(rule: Fields, field: string, report: Report): void {
  let current = text(record(rule.rewrite)?.authority) ?? '';
  const request = record(record(rule.headers)?.request);
  for (const op of ['set', 'add']) {
    for (const [name, value] of entries(request?.[op])) {
      if (!isAuthorityHeader(name)) continue;
      if (current !== '') {
        fail(report, join(`${field}.headers.request.${op}`, name), `the authority is already rewritten to ${show(current)}: set it in one place only (rewrite.authority or one header)`);
        return;
      }
      current = typeof value === 'string' ? value : '';
    }
  }
}

function checkCorsHeaderName(name: unknown, field: string, report: Report): void {
  const header = typeof name === 'string' ? name : '';
  if (header === '') fail(report, field, 'header name must not be empty');
  else if (header !== '*' && !HEADER_NAME.test(header)) fail(report, field, `header name must be * or an HTTP token, got ${show(header)}`);
}

/** A rule's CORS policy: origins that match something, known methods, header names, maxAge in whole seconds. */
export function checkCorsPolicy(value: unknown, field: string, report: Report): void {
  const policy = record(value);
  if (!policy) return;
  list(policy.allowOrigins).forEach((o, i) => {
    const origin = record(o) ?? {};
    const path = `${field}.allowOrigins[${i}]`;
    const kind = STRING_MATCHES.find((k) => typeof origin[k] === 'string');
    if (kind === undefined || origin[kind] === '') fail(report, path, 'an allowed origin must set a non-empty exact, prefix or regex');
    else if (kind === 'regex') checkRegex(origin.regex, join(path, 'regex'), report);
  });
  list(policy.allowMethods).forEach((method, i) => {
    if (typeof method !== 'string' || !CORS_METHODS.has(method)) {
      fail(report, `${field}.allowMethods[${i}]`, `method must be * or one of ${[...CORS_METHODS].slice(0, -1).join(', ')} (upper case), got ${show(method)}`);
    }
  });
  list(policy.allowHeaders).forEach((name, i) => checkCorsHeaderName(name, `${field}.allowHeaders[${i}]`, report));
  list(policy.exposeHeaders).forEach((name, i) => checkCorsHeaderName(name, `${field}.exposeHeaders[${i}]`, report));
  if (typeof policy.maxAge === 'string') {
    const problem = durationPrecisionProblem(policy.maxAge);
    if (problem) fail(report, `${field}.maxAge`, problem);
    const ns = parseDuration(policy.maxAge);
    if (ns !== undefined && ns % 1_000_000_000n !== 0n) fail(report, `${field}.maxAge`, `maxAge must be a whole number of seconds, got ${show(policy.maxAge)}`);
  }
}
