// IST0108 UnknownAnnotation and IST0135 DeprecatedAnnotation.
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { MeshIndex } from './mesh-index';
import { DEPRECATED_ANNOTATIONS, isIstioAnnotation, KNOWN_ANNOTATIONS } from './istio-annotations';
import { podSpecs } from './workloads';

// istioctl reads the annotations of these kinds; an AppsodyApplication's are copied to its Deployment and pods
const ANNOTATED_KINDS = new Set(['Namespace', 'Service', 'Pod', 'Deployment', 'AppsodyApplication']);

/** Istio annotations that Istio does not know (a misspelling takes no effect) or has deprecated. */
export function checkAnnotations(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    if (ANNOTATED_KINDS.has(source.object.kind)) findings.push(...checkMetadata(source, source.object.metadata, 'metadata'));
    for (const pod of podSpecs(source)) {
      if (pod.metadataField !== 'metadata') findings.push(...checkMetadata(source, pod.metadata, pod.metadataField));
    }
  }
  return findings;
}

function checkMetadata(source: SourcedObject, metadata: any, field: string): Finding[] {
  const findings: Finding[] = [];
  const labels = (metadata?.labels ?? {}) as Record<string, string>;
  for (const key of Object.keys((metadata?.annotations ?? {}) as Record<string, string>)) {
    if (!isIstioAnnotation(key)) continue;
    const at = `${field}.annotations["${key}"]`;
    if (!KNOWN_ANNOTATIONS.has(key)) {
      const near = closest(key);
      findings.push(
        finding(MESSAGES.unknownAnnotation, source, `unknown annotation: ${key}${near ? ` (did you mean ${near}?)` : ''}; Istio ignores it`, at),
      );
      continue;
    }
    const replacement = DEPRECATED_ANNOTATIONS.get(key);
    // as istioctl: the deprecated injection annotation is fine next to the label that replaces it
    if (replacement !== undefined && !(key === 'sidecar.istio.io/inject' && key in labels)) {
      findings.push(
        finding(
          MESSAGES.deprecatedAnnotation,
          source,
          `annotation "${key}" has been deprecated${replacement} and may not work in future Istio versions`,
          at,
        ),
      );
    }
  }
  return findings;
}

/** The known annotation nearest to a misspelled one, when it is near enough to be a typo. */
function closest(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 8)) + 1;
  for (const known of KNOWN_ANNOTATIONS) {
    const d = distance(key.toLowerCase(), known.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
