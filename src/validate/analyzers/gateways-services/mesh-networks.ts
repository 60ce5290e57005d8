// IST0126 UnknownMeshNetworksServiceRegistry, as istioctl 1.30.3's multicluster.MeshNetworksAnalyzer reports it
// (pkg/config/analysis/analyzers/multicluster/meshnetworks.go): a network endpoint of the mesh networks whose
// `fromRegistry` names no registry istiod has: `Kubernetes`, `External` or `Mock` (as written: `kubernetes` is not
// one), or a cluster of a remote secret (a Secret labelled `istio/multiCluster: "true"`, one cluster per key). The
// mesh networks are what istiod reads (install-resource.ts); the finding is about the resource istioctl makes of them,
// `MeshNetworks <Istio's namespace>/meshnetworks`, placed where they are written. Deliberate difference: a remote
// secret's `stringData` keys count too, as the API server moves them into its `data` (istioctl reads `data` only).
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { installOf } from '../../mesh/install-workloads';
import { meshNetworksOf } from '../injection-annotations/install-resource';
import { list, record, text } from '../injection-annotations/manifest-values';
import { objectsOfKind } from '../policies/policy-resources';
import { join } from '../../structural';

/** The registries istiod always has (serviceregistry/provider IDs). */
const REGISTRIES = ['Mock', 'Kubernetes', 'External'];

/** Endpoints of the mesh networks that read from a registry istiod does not have. */
export function checkMeshNetworks(index: MeshIndex): Finding[] {
  const meshNetworks = meshNetworksOf(index.objects);
  if (!meshNetworks) return [];
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
    list(record(value)?.endpoints).forEach((endpoint, j) => {
      const registry = text(record(endpoint)?.fromRegistry);
      if (registry === undefined || registries.has(registry)) return;
      // within the ConfigMap's text there is no field line: the key's line stands for it
      const at = field.startsWith('data.') ? field : `${join(field, network)}.endpoints[${j}].fromRegistry`;
      findings.push(finding(MESSAGES.unknownMeshNetworksServiceRegistry, resource, `Unknown service registry ${registry} in network ${network}`, at));
    });
  }
  return findings;
}
