// IST0107 MisplacedAnnotation, IST0108 UnknownAnnotation, IST0125 InvalidAnnotation and IST0135 DeprecatedAnnotation,
// as istioctl 1.30.3's annotations.K8sAnalyzer reports them (pkg/config/analysis/analyzers/annotations/annotations.go)
// on Namespaces, Services, Pods and Deployments, with the annotations of what makes Pods in a cluster checked as the
// Pods' (annotation-placements.ts): a pod template's, and an AppsodyApplication's, which its operator copies to its
// pods, Deployment and Service. Deliberate difference: such an operator-copied annotation is misplaced only when none
// of the objects it reaches takes it; istioctl, reading the copies in a cluster, also warns of the Deployment's and
// Service's copy of a pod annotation, which the AppsodyApplication cannot avoid (`sidecar.istio.io/inject` there is
// where the tutorial's operator needs it). What the copies share is reported once, on the object of the set.
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { AnnotationPlacement, annotationPlacements } from '../analyzers/injection-annotations/annotation-placements';
import { ANNOTATION_VALIDATORS } from '../analyzers/injection-annotations/annotation-values';
import { goQuote } from '../go-strconv';
import { MeshIndex, namespaceOf } from './mesh-index';
import { ALWAYS_IGNORED_ANNOTATIONS, DEPRECATION_REPLACEMENTS, isIstioAnnotation, ISTIO_ANNOTATIONS } from './istio-annotations';
import { IGNORED_NAMESPACES } from './namespaces';

const INJECT = 'sidecar.istio.io/inject';

/** Istio annotations that Istio does not know, has deprecated, that sit where they take no effect, or whose value it refuses. */
export function checkAnnotations(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    if (source.provided) continue;
    const namespace = source.object.kind === 'Namespace' ? (source.object.metadata?.name ?? '') : namespaceOf(source);
    if (IGNORED_NAMESPACES.has(namespace)) continue;
    for (const placement of annotationPlacements(source)) findings.push(...checkPlacement(source, placement));
  }
  return findings;
}

function checkPlacement(source: SourcedObject, placement: AnnotationPlacement): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(placement.annotations)) {
    if (!isIstioAnnotation(key) || ALWAYS_IGNORED_ANNOTATIONS.has(key)) continue;
    const field = `${placement.field}.annotations[${JSON.stringify(key)}]`;
    const definition = ISTIO_ANNOTATIONS.get(key);
    if (!definition) {
      const near = closest(key);
      findings.push(finding(MESSAGES.unknownAnnotation, source, `unknown annotation: ${key}${near ? ` (did you mean ${near}?)` : ''}; Istio ignores it`, field));
      continue;
    }
    // as istioctl: the deprecated injection annotation is fine next to the label that replaces it
    if (definition.deprecated && !(key === INJECT && INJECT in placement.labels)) {
      const replacement = DEPRECATION_REPLACEMENTS[key] ?? '';
      findings.push(
        finding(MESSAGES.deprecatedAnnotation, source, `annotation ${goQuote(key)} has been deprecated${replacement} and may not work in future Istio versions`, field),
      );
    }
    if (definition.resources.includes('Any')) continue;
    // an operator's copies go to several objects: the annotation is misplaced when none of them takes it
    const allowed = placement.targets.some((t) => (definition.resources as readonly string[]).includes(t.kind));
    if (!allowed) {
      const kinds = definition.resources.join(', ');
      findings.push(finding(MESSAGES.misplacedAnnotation, source, `misplaced annotation: ${key} can only be applied to ${kinds}${where(source, placement)}`, field));
      continue;
    }
    const error = validationError(key, value);
    if (error !== undefined) findings.push(finding(MESSAGES.invalidAnnotation, source, `invalid annotation ${key}: ${error}`, field));
  }
  return findings;
}

/** What a misplacement message adds: which objects an operator copies the annotation to, or where it belongs instead. */
function where(source: SourcedObject, placement: AnnotationPlacement): string {
  const copies = placement.targets.flatMap((t) => (t.copy ? [t.copy] : []));
  if (placement.copiedBy && copies.length > 0) {
    const list = copies.length === 1 ? copies[0] : `${copies.slice(0, -1).join(', ')} and ${copies[copies.length - 1]}`;
    return ` (${placement.copiedBy} copies the ${source.object.kind}'s ${placement.field === 'metadata' ? '' : `${placement.field}.`}annotations to ${list})`;
  }
  if (placement.field === 'metadata' && source.object.kind === 'Deployment') return ' (put it on the pod template, spec.template.metadata.annotations)';
  return '';
}

// many objects of a set repeat an annotation: each key and value is looked at once
const nearest = new Map<string, string | undefined>();
const validated = new Map<string, string | undefined>();
const MEMO_LIMIT = 10_000;

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The error of the injector's check of an annotation's value, if it has one. */
function validationError(key: string, value: string): string | undefined {
  const validator = ANNOTATION_VALIDATORS.get(key);
  return validator && memo(validated, `${key}\u0000${value}`, () => validator(value));
}

/** The known annotation nearest to a misspelled one, when it is near enough to be a typo. */
function closest(key: string): string | undefined {
  return memo(nearest, key, () => computeClosest(key));
}

function computeClosest(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 8)) + 1;
  for (const known of ISTIO_ANNOTATIONS.keys()) {
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
