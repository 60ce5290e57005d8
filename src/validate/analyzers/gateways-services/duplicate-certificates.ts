// IST0138 GatewayDuplicateCertificate (istioctl's gateway.CertificateAnalyzer): two Gateways of the same gateway pods
// serve the same certificate. Clients that re-use an HTTP/2 connection for another host of the certificate reach the
// wrong server and get 404s (envoyproxy/envoy#6767).
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { clusterView, fullName, gatewaySelector } from './cluster-view';
import { serversOf } from './gateway-servers';
import { selects } from './label-selector';

interface Certificate {
  readonly gateway: string;
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * Gateways sharing a certificate (the same `credentialName`, or the same `serverCertificate` and `privateKey` files)
 * with another Gateway whose selector includes theirs: every Gateway when theirs is empty.
 */
export function checkDuplicateCertificates(index: MeshIndex): Finding[] {
  const view = clusterView(index);
  const byCertificate = new Map<string, Certificate[]>();
  for (const gateway of view.gateways) {
    for (const { key } of certificatesOf(gateway)) {
      (byCertificate.get(key) ?? byCertificate.set(key, []).get(key)!).push({ gateway: fullName(gateway), selector: gatewaySelector(gateway) });
    }
  }
  const findings: Finding[] = [];
  for (const gateway of view.gateways) {
    const name = fullName(gateway);
    const selector = gatewaySelector(gateway);
    const reported = new Set<string>();
    for (const { key, field } of certificatesOf(gateway)) {
      for (const other of byCertificate.get(key) ?? []) {
        // one Gateway in several files is one object (alternatives), and shares nothing with itself
        if (other.gateway === name || reported.has(other.gateway) || !selects(selector, other.selector)) continue;
        reported.add(other.gateway);
        findings.push(
          finding(
            MESSAGES.gatewayDuplicateCertificate,
            gateway,
            `duplicate certificate in multiple gateways [${name} ${other.gateway}] may cause 404s if clients re-use HTTP2 connections; ` +
              'serve each certificate from one Gateway',
            field,
            // istioctl places it on the Gateway's name (util.MetadataName)
            'metadata.name',
          ),
        );
      }
    }
  }
  return findings;
}

/** The certificates a Gateway's TLS servers serve, each as a comparable key and the field that names it. */
function certificatesOf(gateway: SourcedObject): { key: string; field: string }[] {
  const found: { key: string; field: string }[] = [];
  for (const { tls, index: i } of serversOf(gateway)) {
    if (!tls) continue;
    if (tls.credentialName !== '') found.push({ key: `credential\u0000${tls.credentialName}`, field: `spec.servers[${i}].tls.credentialName` });
    // files count only without a credentialName, and only as the same certificate with the same key
    else if (tls.serverCertificate !== '' && tls.privateKey !== '') {
      found.push({ key: `files\u0000${tls.serverCertificate}\u0000${tls.privateKey}`, field: `spec.servers[${i}].tls.serverCertificate` });
    }
  }
  return found;
}
