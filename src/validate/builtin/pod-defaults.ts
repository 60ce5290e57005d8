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

/** A Pod as decoded: a copy with its host network ports defaulted, or the object itself when nothing changes. */
export function asDecodedPod<T extends Fields>(pod: T): T {
  const spec = record(pod.spec);
  if (spec?.hostNetwork !== true) return pod;
  const defaulted: Fields = { ...spec };
  for (const key of ['containers', 'initContainers']) if (key in spec) defaulted[key] = withPorts(spec[key]);
  return { ...pod, spec: defaulted };
}
