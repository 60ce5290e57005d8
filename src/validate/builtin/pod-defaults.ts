// SetDefaults_Pod (Kubernetes 1.33, pkg/apis/core/v1/defaults.go): a Pod on the host's network has each port's
// hostPort defaulted to its containerPort, in its containers and init containers, when the request is decoded, so
// validation, admission and the create's warnings all see it set. Pod templates are not so defaulted (their gate,
// DefaultHostNetworkHostPortsInPodTemplates, was removed in 1.31; 1.27 still defaulted them, which is not mirrored).
import { Fields, list, num, record } from './go-values';

function withPorts(containers: unknown): unknown {
  if (!Array.isArray(containers)) return containers;
  return containers.map((c) => {
    const container = record(c);
    if (!container || !Array.isArray(container.ports)) return c;
    const ports = list(container.ports).map((p) => {
      const port = record(p);
      return port && (num(port.hostPort) ?? 0) === 0 && port.containerPort !== undefined ? { ...port, hostPort: port.containerPort } : p;
    });
    return { ...container, ports };
  });
}

/** A pod spec with its host network ports defaulted: a copy, or the spec itself when it is not on the host's network. */
export function withHostNetworkPorts(spec: unknown): unknown {
  const fields = record(spec);
  if (fields?.hostNetwork !== true) return spec;
  const defaulted: Fields = { ...fields };
  for (const key of ['containers', 'initContainers']) if (key in fields) defaulted[key] = withPorts(fields[key]);
  return defaulted;
}

/** An object as decoded: a v1 Pod with its host network ports defaulted (a copy), anything else as it is. */
export function asDecoded<T extends { apiVersion: string; kind: string; spec?: unknown }>(object: T): T {
  if (object.apiVersion !== 'v1' || object.kind !== 'Pod') return object;
  const spec = withHostNetworkPorts(object.spec);
  return spec === object.spec ? object : { ...object, spec };
}
