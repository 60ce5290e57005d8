// TT0008 ConfigMapNotFound: `envFrom` naming a ConfigMap that is not in the set, which keeps the pod from starting.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { list, record } from '../../builtin/go-values';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { podSpecs } from '../../mesh/workloads';

/** The `envFrom` lists of an object: an AppsodyApplication's, and each container's of its pod templates. */
function envFromLists(source: SourcedObject): { envFrom: unknown[]; field: string }[] {
  const lists: { envFrom: unknown[]; field: string }[] = [];
  const spec = record(source.object.spec);
  if (source.object.kind === 'AppsodyApplication' && Array.isArray(spec?.envFrom)) lists.push({ envFrom: spec.envFrom, field: 'spec.envFrom' });
  for (const pod of podSpecs(source)) {
    for (const group of ['initContainers', 'containers'] as const) {
      list(record(pod.spec)?.[group]).forEach((c, i) => {
        const envFrom = record(c)?.envFrom;
        if (Array.isArray(envFrom)) lists.push({ envFrom, field: `${pod.field}.${group}[${i}].envFrom` });
      });
    }
  }
  return lists;
}

/** `envFrom` ConfigMaps (of AppsodyApplications and pod templates) that are not in the set, unless optional. */
export function checkConfigMapReferences(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const ns = namespaceOf(source);
    for (const { envFrom, field } of envFromLists(source)) {
      envFrom.forEach((entry, i) => {
        const ref = record(record(entry)?.configMapRef);
        const name = ref?.name;
        if (typeof name !== 'string' || ref?.optional === true || index.configMaps.has(`${ns}/${name}`)) return;
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
