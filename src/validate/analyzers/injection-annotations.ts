// Analyzers of sidecar injection, Istio annotations and deprecated fields.
import { checkAnnotations } from '../mesh/annotations';
import type { MeshCheck } from '../mesh/mesh-check';
import { checkNamespaceInjection } from '../mesh/namespaces';

/** The injection, annotation and deprecation analyzers, in the order they run. */
export const INJECTION_ANNOTATION_CHECKS: readonly MeshCheck[] = [checkNamespaceInjection, checkAnnotations];
