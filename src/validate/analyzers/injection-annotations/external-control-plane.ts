// IST0163 InvalidExternalControlPlaneConfig and IST0164 ExternalControlPlaneAddressIsNotAHostname, as istioctl
// 1.30.3's externalcontrolplane.ExternalControlPlaneAnalyzer reports them (pkg/config/analysis/analyzers/
// externalcontrolplane/externalcontrolplane.go) on the webhooks of Istio's own configurations (the
// ValidatingWebhookConfigurations `istiod-default-validator` and `istio-validator...`, the
// MutatingWebhookConfigurations `istio-sidecar-injector...`): a webhook that calls an external control plane by URL
// whose URL Go's url.Parse refuses (IST0163) or whose host is an IP address (IST0164, as net.ParseIP reads it), and
// a webhook with neither a URL nor a Service (IST0163).
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { parseAddress } from '../../go-netip';
import { urlHostname } from '../../go-url';
import type { MeshIndex } from '../../mesh/mesh-index';
import { list, record, text } from './manifest-values';
import { resourcesOf } from '../policies/policy-resources';

/** The webhooks of Istio's own webhook configurations with a URL that does not parse or is an IP, or no address at all. */
export function checkExternalControlPlane(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const configurations = (kind: string) => resourcesOf(index, 'admissionregistration.k8s.io', kind, 'admissionregistration.k8s.io/v1');
  for (const source of [...configurations('ValidatingWebhookConfiguration'), ...configurations('MutatingWebhookConfiguration')]) {
    const { object } = source;
    if (!isIstioConfiguration(object.kind, object.metadata?.name ?? '')) continue;
    list((object as { webhooks?: unknown }).webhooks).forEach((raw, i) => {
      const webhook = record(raw);
      const name = text(webhook?.name) ?? '';
      const clientConfig = record(webhook?.clientConfig);
      const url = text(clientConfig?.url);
      if (url !== undefined) {
        const host = urlHostname(url);
        if (host === undefined) findings.push(invalid(source, url, name, 'was provided in an invalid format', `webhooks[${i}].clientConfig.url`));
        else if (isIp(host)) findings.push(notAHostname(source, url, name, `webhooks[${i}].clientConfig.url`));
      } else if (clientConfig?.service === undefined || clientConfig.service === null) {
        findings.push(invalid(source, '', name, 'is blank', `webhooks[${i}]`));
      }
    });
  }
  return findings;
}

function isIstioConfiguration(kind: string, name: string): boolean {
  if (kind === 'ValidatingWebhookConfiguration') return name !== '' && (name === 'istiod-default-validator' || name.startsWith('istio-validator'));
  return kind === 'MutatingWebhookConfiguration' && name.startsWith('istio-sidecar-injector');
}

const invalid = (source: SourcedObject, url: string, webhook: string, why: string, field: string) =>
  finding(
    MESSAGES.invalidExternalControlPlaneConfig,
    source,
    `The hostname (${url}) that was provided for the webhook (${webhook}) to reach the ingress gateway on the external control plane cluster ${why}. ` +
      'Traffic may not flow properly.',
    field,
    // istioctl gives these no line of their own: the object's start
    null,
  );

const notAHostname = (source: SourcedObject, url: string, webhook: string, field: string) =>
  finding(
    MESSAGES.externalControlPlaneAddressIsNotAHostname,
    source,
    `The address (${url}) that was provided for the webhook (${webhook}) to reach the ingress gateway on the external control plane cluster ` +
      'is an IP address. This is not recommended for a production environment.',
    field,
    null,
  );

/** net.ParseIP: an address netip.ParseAddr reads, without a zone. */
function isIp(host: string): boolean {
  const address = parseAddress(host);
  return address !== undefined && !address.zone;
}
