// IST0101 ReferencedResourceNotFound for a Gateway server's `tls.credentialName`, and IST0161 InvalidGatewayCredential
// (istioctl's gateway.SecretAnalyzer). A gateway reads its credential from a Secret in the namespace of the gateway's
// pods (istio-system for the install's ingress gateway), not the Gateway's, unless the name is `<namespace>/<name>`.
// As istioctl in a cluster, the Secret must exist: a credential created out of band (kubectl, a Vault sync) is an
// error until it is in the set. Objects that create the Secret once applied (a cert-manager Certificate, a
// SealedSecret, an ExternalSecret) count as it, valid: in a cluster istioctl would find the Secret they make.
import { X509Certificate } from 'node:crypto';
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzed, clusterView, gatewaySelector } from './cluster-view';
import { serversOf } from './gateway-servers';
import { at, record, text } from './manifest-values';

/** Gateway credentials that are not in the set, or that hold no usable certificate. */
export function checkGatewayCredentials(index: MeshIndex): Finding[] {
  const view = clusterView(index);
  const secrets = secretsOf(index.objects);
  const findings: Finding[] = [];
  for (const gateway of view.gateways) {
    const pods = view.workloadsMatching(gatewaySelector(gateway));
    // a selector with no pods is IST0101's selector finding, and istioctl looks for no Secret then
    if (pods.length === 0) continue;
    const namespaces = [...new Set(pods.map((p) => p.namespace))];
    for (const { tls, index: i } of serversOf(gateway)) {
      const name = tls?.credentialName ?? '';
      if (name === '') continue;
      const field = `spec.servers[${i}].tls.credentialName`;
      const slash = name.indexOf('/');
      // istioctl reads the Secret from the namespace of the first pod it finds; any of the pods' namespaces will do here
      const candidates = slash >= 0 ? [`${name.slice(0, slash)}/${name.slice(slash + 1)}`] : namespaces.map((ns) => `${ns}/${name}`);
      const key = candidates.find((k) => secrets.has(k));
      if (key === undefined) {
        findings.push(
          finding(
            MESSAGES.referencedResourceNotFound,
            gateway,
            `referenced credentialName not found: "${name}" (no Secret ${candidates.join(' or ')} in the set` +
              `${slash >= 0 ? '' : ": a gateway reads its credential from the namespace of its pods, not the Gateway's"}; ` +
              'create the Secret there, e.g. kubectl create secret tls, or a cert-manager Certificate)',
            field,
          ),
        );
        continue;
      }
      const alternatives = secrets.get(key)!;
      // alternatives of one Secret (the same name in several files): any usable one may be what is applied
      if (alternatives.some((s) => s.problem === undefined)) continue;
      const podNamespace = slash >= 0 ? namespaces[0] : key.slice(0, key.indexOf('/'));
      findings.push(
        finding(
          MESSAGES.invalidGatewayCredential,
          gateway,
          `the credential referenced by the Gateway ${gateway.object.metadata.name} in namespace ${podNamespace} is invalid, which can cause ` +
            `the traffic not to work as expected (Secret ${key}: ${alternatives[0].problem})`,
          field,
        ),
      );
    }
  }
  return findings;
}

interface Credential {
  readonly source: SourcedObject;
  /** What makes the credential unusable; undefined when it is usable (or made when applied, so unknown). */
  readonly problem?: string;
}

/** The Secrets of the set and the Secrets its objects create, by `<namespace>/<name>`. */
function secretsOf(objects: readonly SourcedObject[]): Map<string, Credential[]> {
  const secrets = new Map<string, Credential[]>();
  const add = (source: SourcedObject, name: unknown, problem?: string) => {
    if (typeof name !== 'string' || name === '') return;
    const key = `${namespaceOf(source)}/${name}`;
    (secrets.get(key) ?? secrets.set(key, []).get(key)!).push({ source, ...(problem === undefined ? {} : { problem }) });
  };
  for (const source of objects) {
    if (!analyzed(source)) continue;
    const { object } = source;
    const { kind, apiVersion } = object;
    const name = object.metadata?.name;
    if (kind === 'Secret' && apiVersion === 'v1') add(source, name, credentialProblem(object));
    else if (kind === 'Certificate' && apiVersion.startsWith('cert-manager.io/')) add(source, at(object, 'spec', 'secretName'));
    else if (kind === 'SealedSecret' && apiVersion.startsWith('bitnami.com/')) add(source, at(object, 'spec', 'template', 'metadata', 'name') ?? name);
    else if (kind === 'ExternalSecret' && apiVersion.startsWith('external-secrets.io/')) add(source, at(object, 'spec', 'target', 'name') ?? name);
  }
  return secrets;
}

/**
 * Why a Secret holds no credential a gateway can serve, as Istio reads it (ExtractCertInfo, then ValidateCertificate):
 * non-empty `cert` and `key`, else non-empty `tls.crt` and `tls.key`; the first PEM block of the certificate parses
 * as X.509 and is valid now. `stringData` counts, merged over `data` as the API server does.
 */
export function credentialProblem(secret: object, now: Date = new Date()): string | undefined {
  const data = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(record(at(secret, 'data')))) data.set(k, Buffer.from(text(v), 'base64'));
  for (const [k, v] of Object.entries(record(at(secret, 'stringData')))) data.set(k, Buffer.from(text(v), 'utf8'));
  const filled = (...keys: string[]) => keys.every((k) => (data.get(k)?.length ?? 0) > 0);
  const certKey = filled('cert', 'key') ? 'cert' : filled('tls.crt', 'tls.key') ? 'tls.crt' : undefined;
  if (certKey === undefined) {
    const keys = [...data.keys()].sort();
    return `it has neither non-empty cert and key nor non-empty tls.crt and tls.key (keys: ${keys.join(', ') || 'none'})`;
  }
  const block = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(data.get(certKey)!.toString('latin1'));
  if (!block) return `${certKey} holds no PEM block`;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(block[2].replace(/\s+/g, ''), 'base64'));
  } catch {
    return `the first PEM block of ${certKey} (${block[1]}) is no X.509 certificate`;
  }
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (now < from) return `the certificate in ${certKey} is not valid before ${from.toISOString()}`;
  if (now > to) return `the certificate in ${certKey} expired on ${to.toISOString()}`;
  return undefined;
}
