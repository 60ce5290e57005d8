// IST0126 UnknownMeshNetworksServiceRegistry, as istioctl 1.30.3's multicluster.MeshNetworksAnalyzer reports it
// (pkg/config/analysis/analyzers/multicluster/meshnetworks.go): a network endpoint of the mesh networks whose
// `fromRegistry` names no registry istiod has: `Kubernetes`, `External` or `Mock` (as written: `kubernetes` is not
// one), or a cluster of a remote secret (a Secret labelled `istio/multiCluster: "true"`, one cluster per key). The
// mesh networks are what istiod reads (install-resource.ts); the finding is about the resource istioctl makes of them,
// `MeshNetworks <Istio's namespace>/meshnetworks`, placed where they are written. Deliberate difference: a remote
// secret's `stringData` keys count too, as the API server moves them into its `data` (istioctl reads `data` only).
// Mesh networks that istiod's mesh.ParseMeshNetworks refuses (a value of the wrong type as protomarshal.ApplyYAML
// decodes it, two choices of a oneof, or what agent.ValidateMeshNetworks refuses: a bad CIDR, a registry that is no
// DNS label, a gateway without a valid address, service name or port) are not used by istiod, nor read by istioctl:
// nothing is reported on them.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { installOf } from '../../mesh/install-workloads';
import { meshNetworksOf } from '../injection-annotations/install-resource';
import { list, protoField, record, text } from '../injection-annotations/manifest-values';
import { objectsOfKind } from '../policies/policy-resources';
import { isSet } from '../../builtin/go-values';
import { join } from '../../structural';
import { parseAddress, parsePrefixError } from '../../go-netip';
import { fqdnProblem, isIstioLabel } from '../../istio/hosts';

/** The registries istiod always has (serviceregistry/provider IDs). */
const REGISTRIES = ['Mock', 'Kubernetes', 'External'];

type Fields = Readonly<Record<string, unknown>>;


/** Whether a decoded field is absent or of the type given; null is the zero value, as jsonpb reads it. */
const isString = (value: unknown) => value === undefined || value === null || typeof value === 'string';
const isUint32 = (value: unknown) => {
  if (value === undefined || value === null) return true;
  // jsonpb reads a number, or a number written as a string
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
};
const isList = (value: unknown) => value === undefined || value === null || Array.isArray(value);

/** ValidateIPSubnet: a CIDR when it has one `/`, else an address. */
function isSubnet(text: string): boolean {
  return text.split('/').length === 2 ? parsePrefixError(text) === undefined : parseAddress(text) !== undefined;
}

/** Whether istiod would take these networks: they decode into MeshNetworks and ValidateMeshNetworks passes them. */
function networksUsable(networks: Fields): boolean {
  return Object.values(networks).every((value) => {
    if (value === null) return true;
    const network = record(value);
    if (!network) return false;
    const [endpoints, gateways] = [protoField(network, 'endpoints'), protoField(network, 'gateways')];
    if (!isList(endpoints) || !isList(gateways)) return false;
    const endpointsOk = list(endpoints).every((item) => {
      const endpoint = item === null ? {} : record(item);
      if (!endpoint) return false;
      const [cidr, registry] = [protoField(endpoint, 'fromCidr'), protoField(endpoint, 'fromRegistry')];
      if (!isString(cidr) || !isString(registry) || (isSet(cidr) && isSet(registry))) return false;
      return (typeof cidr !== 'string' || isSubnet(cidr)) && (typeof registry !== 'string' || isIstioLabel(registry));
    });
    const gatewaysOk = list(gateways).every((item) => {
      const gateway = item === null ? {} : record(item);
      if (!gateway) return false;
      const [name, address, port] = [protoField(gateway, 'registryServiceName'), protoField(gateway, 'address'), protoField(gateway, 'port')];
      if (!isString(name) || !isString(address) || !isUint32(port) || !isString(protoField(gateway, 'locality')) || (isSet(name) && isSet(address))) return false;
      const nameOk = typeof name !== 'string' || fqdnProblem(name) === undefined;
      // RESOLVE_HOSTNAME_GATEWAYS, on by default: a host name is an address too
      const addressOk = typeof address !== 'string' || parseAddress(address) !== undefined || fqdnProblem(address) === undefined;
      const number = Number(port ?? 0);
      return nameOk && addressOk && number >= 1 && number <= 65535;
    });
    return endpointsOk && gatewaysOk;
  });
}

/** Endpoints of the mesh networks that read from a registry istiod does not have. */
export function checkMeshNetworks(index: MeshIndex): Finding[] {
  const meshNetworks = meshNetworksOf(index.objects);
  if (!meshNetworks || !networksUsable(meshNetworks.networks)) return [];
  const registries = new Set(REGISTRIES);
  for (const secret of objectsOfKind(index, '', 'Secret', 'v1')) {
    if (secret.object.metadata?.labels?.['istio/multiCluster'] !== 'true') continue;
    const { data, stringData } = secret.object as { data?: unknown; stringData?: unknown };
    for (const cluster of [...Object.keys(record(data) ?? {}), ...Object.keys(record(stringData) ?? {})]) registries.add(cluster);
  }
  // the resource istioctl reports on, at the lines of the object that holds the networks
  const { source, field } = meshNetworks;
  const resource: SourcedObject = {
    ...source,
    object: { apiVersion: 'networking.istio.io/v1alpha1', kind: 'MeshNetworks', metadata: { name: 'meshnetworks', namespace: installOf(index.objects).namespace } },
  };
  const findings: Finding[] = [];
  for (const [network, value] of Object.entries(meshNetworks.networks)) {
    list(protoField(record(value) ?? {}, 'endpoints')).forEach((endpoint, j) => {
      const registry = text(protoField(record(endpoint) ?? {}, 'fromRegistry'));
      if (registry === undefined || registries.has(registry)) return;
      // within the ConfigMap's text there is no field line: the key's line stands for it
      const at = field.startsWith('data.') ? field : `${join(field, network)}.endpoints[${j}].fromRegistry`;
      findings.push(finding(MESSAGES.unknownMeshNetworksServiceRegistry, resource, `Unknown service registry ${registry} in network ${network}`, at));
    });
  }
  return findings;
}
