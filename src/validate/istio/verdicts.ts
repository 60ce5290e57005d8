// The webhook's two verdicts on a field: it refuses the object (an error, TT0020), or admits it with a warning that
// kubectl prints (TT0021).
import { MESSAGES } from '../findings';
import { Report } from '../builtin/report';

/** The webhook refuses the object for this field. */
export function fail(report: Report, field: string, message: string): void {
  report(MESSAGES.istioValidationFailed, field, message);
}

/** The webhook admits the object and warns about this field. */
export function warn(report: Report, field: string, message: string): void {
  report(MESSAGES.istioValidationWarning, field, message);
}
