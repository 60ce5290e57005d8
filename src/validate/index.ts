// Validation of a set of objects: each against its schema, then the mesh checks across them.
import { Finding, SourcedObject, sortFindings } from './findings';
import { checkAnnotations } from './mesh/annotations';
import { checkDuplicates, checkMeshHostConflicts } from './mesh/conflicts';
import { checkGatewayHosts } from './mesh/gateway-hosts';
import { MeshIndex } from './mesh/mesh-index';
import { checkNames } from './mesh/names';
import { checkNamespaceInjection } from './mesh/namespaces';
import { checkPortNames } from './mesh/port-names';
import { checkConfigMapReferences, checkVirtualServiceReferences } from './mesh/references';
import { checkRoutes } from './mesh/routes';
import { checkExposedServices, checkGatewayRoutesAllowed, checkProbeRewrite } from './mesh/security';
import { checkObjectSchema } from './objects';

const MESH_CHECKS: readonly ((index: MeshIndex) => Finding[])[] = [
  checkNames,
  checkDuplicates,
  checkVirtualServiceReferences,
  checkConfigMapReferences,
  checkMeshHostConflicts,
  checkGatewayHosts,
  checkRoutes,
  checkPortNames,
  checkNamespaceInjection,
  checkAnnotations,
  checkExposedServices,
  checkGatewayRoutesAllowed,
  checkProbeRewrite,
];

/**
 * Every finding about a set of objects, sorted. The set is what is applied together; an object defined in several
 * files (the same kind, namespace and name) counts as alternatives of one object.
 */
export function validateObjects(objects: readonly SourcedObject[]): Finding[] {
  const unknownKinds = new Set<string>();
  const findings: Finding[] = [];
  for (const source of objects) findings.push(...checkObjectSchema(source, unknownKinds));
  const index = new MeshIndex(objects);
  for (const check of MESH_CHECKS) findings.push(...check(index));
  return sortFindings(findings);
}

export { Finding, SourcedObject, formatFinding } from './findings';
