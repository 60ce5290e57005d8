// WorkloadGroups as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateWorkloadGroup, validateReadinessProbe). The template is not checked
// as a WorkloadEntry (istiod fills in its address and the like), only the metadata labels and the probe.
// Skipped, as the CRD schema or its CEL rules refuse such objects before the webhook sees them:
// - no template: `required`;
// - negative periodSeconds, initialDelaySeconds, timeoutSeconds, successThreshold, failureThreshold: `minimum: 0`;
// - httpGet and tcpSocket ports outside 1..65535: `required` and their CEL rules; a scheme other than HTTP or HTTPS:
//   its CEL rule; null httpGet, tcpSocket, exec or header: nulls are pruned, list items are not nullable.
import { show } from '../structural';
import { Fields, list, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { checkLabelMap } from './names';
import { fail } from './verdicts';

// ValidateProbeHeaderName, as Kubernetes checks probe header names (the CRD's pattern also allows `_`)
const PROBE_HEADER_NAME = /^[-A-Za-z0-9]+$/;

function checkProbe(probe: Fields, report: Report): void {
  const httpGet = record(probe.httpGet);
  if (httpGet) {
    list(httpGet.httpHeaders).forEach((h, i) => {
      const name = record(h)?.name;
      const path = `spec.probe.httpGet.httpHeaders[${i}].name`;
      if (typeof name !== 'string' || name === '') fail(report, path, 'a probe header needs a name');
      else if (!PROBE_HEADER_NAME.test(name)) fail(report, path, `a probe header name may hold only letters, digits and -, got ${show(name)}`);
    });
  } else if (record(probe.tcpSocket)) {
    // its port is all the webhook checks, and the CRD already does
  } else if (record(probe.exec)) {
    if (list(record(probe.exec)?.command).length === 0) fail(report, 'spec.probe.exec.command', 'an exec probe needs a command');
  } else if (record(probe.grpc)) {
    // istiod's validation knows no gRPC probes, though the CRD has them
    fail(report, 'spec.probe.grpc', 'the webhook does not accept grpc probes: use httpGet, tcpSocket or exec');
  } else {
    fail(report, 'spec.probe', 'a probe needs one of httpGet, tcpSocket or exec');
  }
}

/** The webhook's checks of one WorkloadGroup. */
export function checkWorkloadGroup(spec: Fields, report: Report): void {
  // invalid labels refuse the object before the probe is checked
  let labelsRefused = false;
  checkLabelMap(record(spec.metadata)?.labels, 'spec.metadata.labels', (type, field, message) => {
    labelsRefused = true;
    report(type, field, message);
  });
  if (labelsRefused) return;
  const probe = record(spec.probe);
  if (probe) checkProbe(probe, report);
}
