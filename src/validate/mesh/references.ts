// IST0101 ReferencedResourceNotFound (route hosts and ports, gateways, subsets) and TT0008 (envFrom ConfigMaps).
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { fqdn, MeshIndex, namespaceOf } from './mesh-index';
import { destinations, gatewayKey } from './virtual-services';
import { podSpecs } from './workloads';

/** Route destinations, gateways and subsets that name nothing in the set. */
export function checkVirtualServiceReferences(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const vs of index.virtualServices) {
    const ns = namespaceOf(vs);
    ((vs.object.spec as any)?.gateways ?? []).forEach((g: string, i: number) => {
      const key = gatewayKey(g, ns);
      if (key !== 'mesh' && !index.gateways.has(key)) {
        findings.push(
          finding(
            MESSAGES.referencedResourceNotFound,
            vs,
            `referenced gateway not found: "${g}" (no Gateway ${key} in the set; bind to an existing Gateway or "mesh")`,
            `spec.gateways[${i}]`,
          ),
        );
      }
    });
    for (const d of destinations(vs)) {
      if (d.host.includes('*')) continue;
      const host = fqdn(d.host, ns);
      const targets = index.services.get(host);
      if (!targets) {
        findings.push(
          finding(
            MESSAGES.referencedResourceNotFound,
            vs,
            `referenced host not found: "${d.host}" (no Service, AppsodyApplication or ServiceEntry for ${host} in the set)`,
            `${d.field}.host`,
          ),
        );
        continue;
      }
      if (d.port !== undefined && targets.every((t) => t.ports !== undefined && !t.ports.some((p) => p.number === d.port))) {
        const ports = targets
          .flatMap((t) => t.ports ?? [])
          .map((p) => p.number)
          .join(', ');
        findings.push(
          finding(
            MESSAGES.referencedResourceNotFound,
            vs,
            `referenced host:port not found: "${d.host}:${d.port}" (the Service exposes ${ports || 'no ports'})`,
            `${d.field}.port.number`,
          ),
        );
      }
      if (d.subset !== undefined) {
        const rules = index.destinationRules.get(host) ?? [];
        const subsets = rules.flatMap((r) => ((r.object.spec as any)?.subsets ?? []).map((s: any) => s?.name));
        if (!subsets.includes(d.subset)) {
          const known =
            rules.length === 0 ? `no DestinationRule for ${host} in the set` : `its DestinationRule defines ${subsets.join(', ') || 'no subsets'}`;
          findings.push(
            finding(
              MESSAGES.referencedResourceNotFound,
              vs,
              `referenced host+subset in destinationrule not found: "${d.host}+${d.subset}" (${known})`,
              `${d.field}.subset`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

/** `envFrom` ConfigMaps (of AppsodyApplications and pod templates) that are not in the set, unless optional. */
export function checkConfigMapReferences(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const ns = namespaceOf(source);
    for (const { envFrom, field } of envFromLists(source)) {
      envFrom.forEach((entry: any, i: number) => {
        const name = entry?.configMapRef?.name;
        if (typeof name !== 'string' || entry.configMapRef.optional === true || index.configMaps.has(`${ns}/${name}`)) return;
        findings.push(
          finding(
            MESSAGES.configMapNotFound,
            source,
            `envFrom refers to ConfigMap "${name}", which is not in the set (namespace ${ns}); add it or mark the reference optional`,
            `${field}[${i}].configMapRef.name`,
          ),
        );
      });
    }
  }
  return findings;
}

function envFromLists(source: SourcedObject): { envFrom: unknown[]; field: string }[] {
  const lists: { envFrom: unknown[]; field: string }[] = [];
  const spec = source.object.spec as any;
  if (source.object.kind === 'AppsodyApplication' && Array.isArray(spec?.envFrom)) lists.push({ envFrom: spec.envFrom, field: 'spec.envFrom' });
  for (const pod of podSpecs(source)) {
    for (const group of ['initContainers', 'containers'] as const) {
      (pod.spec?.[group] ?? []).forEach((c: any, i: number) => {
        if (Array.isArray(c?.envFrom)) lists.push({ envFrom: c.envFrom, field: `${pod.field}.${group}[${i}].envFrom` });
      });
    }
  }
  return lists;
}
