// CSIDrivers (storage.k8s.io/v1), as pkg/apis/storage/validation's ValidateCSIDriver checks them at create, after
// storage/v1's defaults (attachRequired true, podInfoOnMount, storageCapacity, requiresRepublish and seLinuxMount
// false, fsGroupPolicy ReadWriteOnceWithFSType, volumeLifecycleModes [Persistent]), which leave its Required checks
// nothing to find: an fsGroupPolicy Kubernetes knows, token requests with different audiences and an expiration of
// 10 minutes to 2^32 seconds, and known volume lifecycle modes. nodeAllocatableUpdatePeriodSeconds is not checked:
// its feature gate is off in 1.33, which drops the field.
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, list, num, record, str, stringPointer } from './go-values';
import { checkEnum, Report } from './report';

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];
const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];
const MIN_EXPIRATION = 10 * 60;
const MAX_EXPIRATION = 2 ** 32;

/** Built-in validation of a CSIDriver. */
export function checkCsiDriver(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  checkEnum(spec.fsGroupPolicy, FS_GROUP_POLICIES, 'spec.fsGroupPolicy', 'the fsGroup policy', report, stringPointer);
  const audiences = new Set<string>();
  list(spec.tokenRequests).forEach((item, i) => {
    const request = record(item) ?? {};
    const field = `spec.tokenRequests[${i}]`;
    const audience = str(request.audience);
    if (audiences.has(audience)) {
      report(MESSAGES.invalidFieldValue, `${field}.audience`, `token requests must have different audiences: ${show(audience)} is given twice`);
      return;
    }
    audiences.add(audience);
    const seconds = num(request.expirationSeconds);
    if (seconds === undefined) return;
    if (seconds < MIN_EXPIRATION) report(MESSAGES.invalidFieldValue, `${field}.expirationSeconds`, `may not be less than 10 minutes (600 seconds), got ${seconds}`);
    if (seconds > MAX_EXPIRATION) report(MESSAGES.invalidFieldValue, `${field}.expirationSeconds`, `may not be more than 2^32 seconds, got ${seconds}`);
  });
  list(spec.volumeLifecycleModes).forEach((mode, i) =>
    checkEnum(mode, LIFECYCLE_MODES, `spec.volumeLifecycleModes[${i}]`, 'a volume lifecycle mode', report, stringPointer),
  );
}
