// Events as the API server validates their create (Kubernetes 1.33, pkg/apis/core/validation/events.go
// ValidateEventCreate): every Event passes legacyValidateEvent, which compares the involved object's namespace with
// the Event's and, for an Event with an eventTime, requires the reporting controller, instance, action and reason; one
// created through events.k8s.io/v1 also gets the strict checks (type, series, and the deprecated fields unset). An
// events.k8s.io/v1 Event's fields are the core ones renamed (regarding, note, deprecatedSource, deprecated*): the
// paths here are the object's own.
import { Buffer } from 'node:buffer';
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, num, record, text } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { Report } from './report';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

/** The paths of the core Event's fields in an Event of either API. */
interface EventFields {
  readonly involvedObject: string;
  /** ReportingController: `reportingComponent` in a core Event's JSON. */
  readonly reportingController: string;
  readonly message: string;
  readonly source: string;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  readonly count: string;
}

const CORE: EventFields = {
  involvedObject: 'involvedObject', reportingController: 'reportingComponent', message: 'message', source: 'source', firstTimestamp: 'firstTimestamp', lastTimestamp: 'lastTimestamp', count: 'count',
};
const EVENTS_V1: EventFields = {
  involvedObject: 'regarding', reportingController: 'reportingController', message: 'note', source: 'deprecatedSource',
  firstTimestamp: 'deprecatedFirstTimestamp', lastTimestamp: 'deprecatedLastTimestamp', count: 'deprecatedCount',
};

const set = (value: unknown): boolean => value !== undefined && value !== null && value !== '';
const bytes = (value: string | undefined) => Buffer.byteLength(value ?? '');

/** legacyValidateEvent, on an Event of either API. */
function checkLegacy(object: Fields, paths: EventFields, report: Report): void {
  const namespace = text(record(object.metadata)?.namespace) ?? '';
  const involvedNamespace = text(record(object[paths.involvedObject])?.namespace) ?? '';
  const at = `${paths.involvedObject}.namespace`;
  const mismatch = () => report(MESSAGES.invalidFieldValue, at, `${show(involvedNamespace)} does not match the Event's namespace ${show(namespace)}`);
  if (!set(object.eventTime)) {
    // an empty involved namespace goes with an Event in no namespace or `default` (old clients)
    if (involvedNamespace === '' ? namespace !== '' && namespace !== 'default' : namespace !== involvedNamespace) mismatch();
    return;
  }
  if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') mismatch();
  const controller = text(object[paths.reportingController]) ?? '';
  if (controller === '') report(MESSAGES.requiredValue, paths.reportingController, `an Event with an eventTime needs ${paths.reportingController}`);
  const problem = qualifiedNameProblem(controller);
  if (problem) report(MESSAGES.invalidFieldValue, paths.reportingController, `${problem}, got ${show(controller)}`);
  const limited: readonly [string, string, number][] = [
    ['reportingInstance', 'reportingInstance', REPORTING_INSTANCE_LIMIT], ['action', 'action', ACTION_LIMIT], ['reason', 'reason', REASON_LIMIT],
  ];
  for (const [key, field, limit] of limited) {
    const value = text(object[key]);
    if ((value ?? '') === '') report(MESSAGES.requiredValue, field, `an Event with an eventTime needs ${key}`);
    else if (bytes(value) > limit) report(MESSAGES.invalidFieldValue, field, `${key} can have at most ${limit} characters, got ${bytes(value)}`);
  }
  const message = text(object[paths.message]);
  if (bytes(message) > NOTE_LIMIT) report(MESSAGES.invalidFieldValue, paths.message, `${paths.message} can have at most ${NOTE_LIMIT} characters, got ${bytes(message)}`);
}

/** A core v1 Event: legacyValidateEvent only, for backwards compatibility. */
export function checkCoreEvent(object: Fields, report: Report): void {
  checkLegacy(object, CORE, report);
}

/** An events.k8s.io/v1 Event: legacyValidateEvent and the strict checks of the newer API. */
export function checkEventsEvent(object: Fields, report: Report): void {
  checkLegacy(object, EVENTS_V1, report);
  const series = record(object.series);
  if (series) {
    if ((num(series.count) ?? 0) < 2) report(MESSAGES.invalidFieldValue, 'series.count', `series.count should be at least 2, got ${show(series.count ?? 0)}`);
    if (!set(series.lastObservedTime)) report(MESSAGES.requiredValue, 'series.lastObservedTime', 'a series needs lastObservedTime');
  }
  // eventTime itself is the schema's to require
  const type = text(object.type) ?? '';
  if (type !== 'Normal' && type !== 'Warning') report(MESSAGES.unsupportedValue, 'type', `type must be Normal or Warning, got ${show(type)}`);
  for (const key of [EVENTS_V1.firstTimestamp, EVENTS_V1.lastTimestamp]) {
    if (set(object[key])) report(MESSAGES.invalidFieldValue, key, `${key} needs to be unset`);
  }
  if ((num(object[EVENTS_V1.count]) ?? 0) !== 0) report(MESSAGES.invalidFieldValue, EVENTS_V1.count, `${EVENTS_V1.count} needs to be unset`);
  const source = record(object[EVENTS_V1.source]);
  if (set(source?.component) || set(source?.host)) report(MESSAGES.invalidFieldValue, EVENTS_V1.source, `${EVENTS_V1.source} needs to be unset`);
}
