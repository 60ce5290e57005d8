// TT0010 DuplicateObject: one object (API group, kind, namespace, name) written twice in one file. Applying the file keeps the
// last; the same object in two files is instead two alternatives, applied one at a time (fault scenarios).
import { Finding, finding, MESSAGES } from '../../findings';
import { identity, MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { isNamespaced } from '../../schemas';

/** The same object (API group, kind, namespace, name) twice in one file: the later silently replaces the earlier. */
export function checkDuplicateObjects(index: MeshIndex): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const key = `${source.file ?? ''}\u0000${identity(source)}`;
    if (seen.has(key)) {
      // a cluster-scoped object (a Namespace, an APIService) is in no namespace
      const where = isNamespaced(source.object.apiVersion, source.object.kind) ? `${namespaceOf(source)}/` : '';
      findings.push(
        finding(
          MESSAGES.duplicateObject,
          source,
          `${source.object.kind} ${where}${source.object.metadata?.name ?? ''} is defined more than once in the same input; ` +
            'the last one wins when applied',
        ),
      );
    }
    seen.add(key);
  }
  return findings;
}
