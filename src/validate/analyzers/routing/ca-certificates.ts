// IST0128 NoServerCertificateVerificationDestinationLevel and IST0129 NoServerCertificateVerificationPortLevel:
// istioctl's destinationrule.CaCertificateAnalyzer (destinationrule/ca-certificates.go). Originating TLS (SIMPLE or
// MUTUAL) without caCertificates does not verify the server's certificate, unless a credentialName supplies them on a
// DestinationRule that selects workloads (a gateway's). Subset-level TLS settings are not considered, as in istioctl.
import { Finding, finding, MESSAGES } from '../../findings';
import { isSet, list, num, record, text } from '../../builtin/go-values';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';

/** The TLS mode of a settings block when it originates TLS without verifying the server, else undefined. */
function unverifiedMode(tls: unknown, hasWorkloadSelector: boolean): string | undefined {
  const settings = record(tls);
  const mode = settings?.mode;
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return undefined;
  if (text(settings?.caCertificates) || (text(settings?.credentialName) && hasWorkloadSelector)) return undefined;
  return mode;
}

/** DestinationRules that originate TLS without a CA to verify the server with, for all ports or per port. */
export function checkCaCertificates(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const dr of analyzedObjects(index).destinationRules) {
    const spec = record(dr.object.spec);
    const namespace = namespaceOf(dr);
    const name = `${namespace}/${dr.object.metadata?.name ?? ''}`;
    const host = typeof spec?.host === 'string' ? spec.host : '';
    const hasWorkloadSelector = isSet(spec?.workloadSelector);
    const policy = record(spec?.trafficPolicy);
    const fix = 'set caCertificates (or credentialName on a DestinationRule with a workloadSelector) to verify the server';
    const mode = unverifiedMode(policy?.tls, hasWorkloadSelector);
    if (mode) {
      findings.push(
        finding(
          MESSAGES.noServerCertificateVerificationDestinationLevel,
          dr,
          `DestinationRule ${name} in namespace ${namespace} has TLS mode set to ${mode} but no caCertificates are set to validate server identity ` +
            `for host: ${host}; ${fix}`,
          'spec.trafficPolicy.tls.caCertificates',
        ),
      );
    }
    list(policy?.portLevelSettings).forEach((value, i) => {
      const settings = record(value);
      const portMode = unverifiedMode(settings?.tls, hasWorkloadSelector);
      if (!portMode) return;
      const port = record(settings?.port);
      findings.push(
        finding(
          MESSAGES.noServerCertificateVerificationPortLevel,
          dr,
          `DestinationRule ${name} in namespace ${namespace} has TLS mode set to ${portMode} but no caCertificates are set to validate server ` +
            `identity for host: ${host} at port ${port ? (num(port.number) ? `number:${port.number}` : '') : '<nil>'}; ${fix}`,
          `spec.trafficPolicy.portLevelSettings[${i}].tls.caCertificates`,
        ),
      );
    });
  }
  return findings;
}
