// A CronJob's schedule and time zone, as batch validation checks them at create (validateScheduleFormat,
// validateTimeZone, Kubernetes 1.33): the schedule parsed as robfig/cron v3's ParseStandard parses it (five fields
// of numbers, names, ranges, steps and lists within each field's bounds, or a descriptor such as @daily or
// @every 5m), with no TZ= or CRON_TZ= in it on create; the time zone a name time.LoadLocation finds. Time zones are
// looked up in Node's ICU data, which names the zones Go's tzdata names and a few more, refused here (the JDK's
// three-letter IDs such as JST, SystemV/*); a name in another case than the database's is refused, as the API
// server's file lookup refuses it, but for an alias of another zone (us/pacific), which is not caught.
import { decodedDuration } from '../go-duration';
import { atoiError } from '../go-strconv';
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, goToLower, goTrimSpace, stringPointer } from './go-values';
import { Report } from './report';

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** The five fields of a standard spec: minute, hour, day of month, month, day of week. */
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const EVERY = '@every ';

/** mustParseInt: strconv.Atoi, not negative. */
function parseCount(text: string): number | string {
  if (atoiError(text) !== undefined) return `${show(text)} is no number`;
  const n = Number(text);
  return n < 0 ? `negative number (${n}) not allowed: ${text}` : n;
}

/** getRange: one element of a field's list (`*`, `?`, `n`, `a-b`, each with an optional `/step`); what is wrong, or undefined. */
function rangeProblem(expression: string, bounds: Bounds): string | undefined {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end] = [bounds.min, bounds.max];
  } else {
    // a map lookup of the name in lower case (strings.ToLower), or a number
    const read = (part: string) => {
      const names = bounds.names;
      return names && Object.hasOwn(names, goToLower(part)) ? names[goToLower(part)] : parseCount(part);
    };
    const low = read(lowAndHigh[0]);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length > 2) return `too many hyphens: ${expression}`;
    const high = lowAndHigh.length === 2 ? read(lowAndHigh[1]) : low;
    if (typeof high === 'string') return high;
    end = high;
  }
  let step = 1;
  if (rangeAndStep.length > 2) return `too many slashes: ${expression}`;
  if (rangeAndStep.length === 2) {
    const parsed = parseCount(rangeAndStep[1]);
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    // "n/step" runs from n to the field's end
    if (lowAndHigh.length === 1) end = bounds.max;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expression}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expression}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expression}`;
  if (step === 0) return `step of range should be a positive number: ${expression}`;
  return undefined;
}

// the IDs ICU knows that the tz database does not: the JDK 1.1 three-letter ones, SystemV/*, links tzdata dropped
const ICU_ONLY_ZONES = /^(ACT|AET|AGT|ART|AST|BET|BST|CAT|CNT|CST|CTT|EAT|ECT|IET|IST|JST|MIT|NET|NST|PLT|PNT|PRT|PST|SST|VST|SystemV\/.*|US\/Pacific-New|Canada\/East-Saskatchewan)$/;

/** Why Go's time.LoadLocation finds no zone named `name`, or undefined when it finds one. */
export function timeZoneProblem(name: string): string | undefined {
  // Factory is a zone of the database that ICU leaves out
  if (name === '' || name === 'UTC' || name === 'Local' || name === 'Factory') return undefined;
  if (ICU_ONLY_ZONES.test(name)) return `unknown time zone ${name}`;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // ICU finds names in any case; the zoneinfo files the API server reads are found in their own case only
    return resolved.toLowerCase() === name.toLowerCase() && resolved !== name ? `unknown time zone ${name}` : undefined;
  } catch {
    return `unknown time zone ${name}`;
  }
}

/** robfig/cron's ParseStandard: why `spec` does not parse, or undefined. */
export function cronScheduleProblem(spec: string): string | undefined {
  if (spec === '') return 'empty spec string';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    // Go slices to the first space: without one the slice panics, which ParseStandard's caller never sees as valid
    if (space === -1) return `no schedule after the time zone: ${spec}`;
    const zone = rest.slice(rest.indexOf('=') + 1, space);
    const problem = timeZoneProblem(zone);
    if (problem) return `provided bad location ${zone}: ${problem}`;
    rest = goTrimSpace(rest.slice(space));
  }
  if (rest.startsWith('@')) {
    if (DESCRIPTORS.has(rest)) return undefined;
    if (rest.startsWith(EVERY)) return decodedDuration(rest.slice(EVERY.length)) === undefined ? `failed to parse duration ${rest}` : undefined;
    return `unrecognized descriptor: ${rest}`;
  }
  // strings.Fields: split at unicode.IsSpace
  const fields = rest.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter((f) => f !== '');
  if (fields.length !== FIELDS.length) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const [i, field] of fields.entries()) {
    // strings.FieldsFunc: empty items between commas are dropped
    for (const expression of field.split(',').filter((e) => e !== '')) {
      const problem = rangeProblem(expression, FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** A CronJob spec's schedule and timeZone. */
export function checkCronSchedule(spec: Fields, path: string, report: Report): void {
  const schedule = stringPointer(spec.schedule);
  if (schedule === '') report(MESSAGES.requiredValue, `${path}.schedule`, 'a CronJob needs a schedule');
  else if (schedule !== undefined) {
    const problem = cronScheduleProblem(schedule);
    if (problem) report(MESSAGES.invalidFieldValue, `${path}.schedule`, `schedule must be a cron schedule (5 fields, or a descriptor such as @daily): ${problem}`);
    if (schedule.includes('TZ')) {
      report(MESSAGES.invalidFieldValue, `${path}.schedule`, `schedule may not name a time zone with TZ or CRON_TZ: set spec.timeZone instead, got ${show(schedule)}`);
    }
  }
  const zone = stringPointer(spec.timeZone);
  if (zone === undefined) return;
  const field = `${path}.timeZone`;
  if (zone === '') return report(MESSAGES.invalidFieldValue, field, 'timeZone must be left out or name a time zone, got ""');
  if (zone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))) {
    return report(MESSAGES.invalidFieldValue, field, `timeZone must be a time zone name of the IANA database, got ${show(zone)}`);
  }
  if (zone.toLowerCase() === 'local') {
    report(MESSAGES.invalidFieldValue, field, `timeZone must name an explicit time zone of the IANA database, not the API server's local one, got ${show(zone)}`);
  }
  const problem = timeZoneProblem(zone);
  if (problem) report(MESSAGES.invalidFieldValue, field, `timeZone must be a time zone the API server knows: ${problem}`);
}
