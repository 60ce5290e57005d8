// A CronJob's schedule and time zone as the API server checks them at create (batch validation's
// validateScheduleFormat and validateTimeZone, with robfig/cron v3's ParseStandard): the error cases of robfig/cron's
// TestRange, and cases written from the Go source of both.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cronScheduleProblem, timeZoneProblem } from '../src/validate/builtin/cron-schedules';
import { errorLines, obj } from './support/objects';

const cronJob = (spec: Record<string, unknown>) =>
  errorLines(obj('batch/v1', 'CronJob', 'nightly', {
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }], restartPolicy: 'OnFailure' } } } }, ...spec },
  }));

describe('cron schedules (robfig/cron ParseStandard)', () => {
  test.each([
    '* * * * *', '*/5 * * * *', '0 3 * * *', '0 0 1 1 *', '5-7/1 * * * *', '5/2 * * * *', '0 0 * * MON-FRI', '0 0 1 jan,Jul *',
    '0 0 ? * sun', '0,15,30,45 * * * *', '59 23 31 12 6', '*-5 * * * *', '+5 * * * *', '05 * * * *', ' 0  3 * * * ',
    '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 1h30m', '@every 500ms',
    // strings.FieldsFunc drops empty list items; strings.ToLower reads the dotted capital I as i
    '0,,30 * * * *', ', * * * *', '0 0 * * FR\u0130',
  ])('%j parses', (schedule) => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 * * * * *', 'expected exactly 5 fields, found 6: [0 * * * * *]'],
    ['5--5 * * * *', 'too many hyphens: 5--5'],
    ['jan-x * * * *', '"jan" is no number'],
    ['*/-12 * * * *', 'negative number (-12) not allowed: -12'],
    ['*//2 * * * *', 'too many slashes: *//2'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-3 * * * *', 'beginning of range (5) beyond end of range (3): 5-3'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['@reboot', 'unrecognized descriptor: @reboot'],
    ['@every 5', 'failed to parse duration @every 5'],
    ['TZ=Mars/Olympus 0 * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
    // names are a map's keys, not an object's properties
    ['0 0 * * __proto__', '"__proto__" is no number'],
    ['0 0 * * constructor', '"constructor" is no number'],
  ])('%j does not parse: %s', (schedule, problem) => {
    expect(cronScheduleProblem(schedule)).toEqual(problem);
  });
});

describe("a CronJob's schedule and time zone (validateScheduleFormat, validateTimeZone)", () => {
  test('a schedule that parses and a time zone of the database pass', () => {
    expect(cronJob({})).toEqual([]);
    expect(cronJob({ schedule: '@every 10m', timeZone: 'Europe/Paris' })).toEqual([]);
    expect(cronJob({ timeZone: 'Etc/GMT+5' })).toEqual([]);
    expect(cronJob({ timeZone: 'UTC' })).toEqual([]);
  });

  test('refuses an empty schedule, one that does not parse, and any TZ or CRON_TZ in it on create', () => {
    expect(cronJob({ schedule: '' })).toEqual(['TT0017 spec.schedule: a CronJob needs a schedule']);
    expect(cronJob({ schedule: '61 * * * *' })).toEqual([
      'TT0019 spec.schedule: schedule must be a cron schedule (5 fields, or a descriptor such as @daily): end of range (61) above maximum (59): 61',
    ]);
    expect(cronJob({ schedule: 'CRON_TZ=UTC 0 3 * * *' })).toEqual([
      'TT0019 spec.schedule: schedule may not name a time zone with TZ or CRON_TZ: set spec.timeZone instead, got "CRON_TZ=UTC 0 3 * * *"',
    ]);
  });

  test('refuses an empty time zone, one of the wrong form, Local, and one the database does not have', () => {
    expect(cronJob({ timeZone: '' })).toEqual(['TT0019 spec.timeZone: timeZone must be left out or name a time zone, got ""']);
    expect(cronJob({ timeZone: 'America/Argentina/../Buenos_Aires' })[0]).toMatch(/^TT0019 spec\.timeZone: timeZone must be a time zone name of the IANA database/);
    expect(cronJob({ timeZone: 'Europe/AVeryLongCityNameIndeed' })[0]).toMatch(/^TT0019 spec\.timeZone: timeZone must be a time zone name of the IANA database/);
    expect(cronJob({ timeZone: 'Local' })).toEqual([
      'TT0019 spec.timeZone: timeZone must name an explicit time zone of the IANA database, not the API server\'s local one, got "Local"',
    ]);
    // "local" is not Local to Go's LoadLocation: it is looked up, and not found
    expect(cronJob({ timeZone: 'local' })).toHaveLength(2);
    expect(cronJob({ timeZone: 'Europe/Pariss' })).toEqual(['TT0019 spec.timeZone: timeZone must be a time zone the API server knows: unknown time zone Europe/Pariss']);
  });

  test("time zone names are found in the database's own case, as the API server's file lookup finds them", () => {
    expect(timeZoneProblem('America/New_York')).toBeUndefined();
    expect(timeZoneProblem('US/Pacific')).toBeUndefined();
    expect(timeZoneProblem('america/new_york')).toEqual('unknown time zone america/new_york');
    expect(timeZoneProblem('utc')).toEqual('unknown time zone utc');
  });

  test("ICU's names the tz database does not have are unknown; its Factory zone is known", () => {
    for (const name of ['JST', 'IST', 'PST', 'CST', 'SystemV/AST4', 'US/Pacific-New']) expect(timeZoneProblem(name)).toEqual(`unknown time zone ${name}`);
    for (const name of ['Factory', 'EST', 'MST7MDT', 'Etc/GMT-14', 'Asia/Kolkata', 'Asia/Calcutta']) expect(timeZoneProblem(name)).toBeUndefined();
  });

  // the tz database of this machine, where it has one: each zone it names is a zone Go's LoadLocation finds
  const zoneinfo = '/usr/share/zoneinfo';
  (existsSync(zoneinfo) ? test : test.skip)('every zone of the tz database is found', () => {
    const zones: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory() && !['posix', 'right'].includes(entry.name)) walk(file);
        else if (entry.isFile() && readFileSync(file).subarray(0, 4).toString() === 'TZif') zones.push(path.relative(zoneinfo, file));
      }
    };
    walk(zoneinfo);
    const unknown = zones.filter((zone) => timeZoneProblem(zone) !== undefined);
    // localtime and posixrules are files of the host's zoneinfo, not zones of the database
    expect(unknown.filter((zone) => !['localtime', 'posixrules'].includes(zone))).toEqual([]);
    expect(zones.length).toBeGreaterThan(300);
  });
});
