// `--suppress <code>=<resource>`, as istioctl analyze reads it (istioctl/pkg/analyze/analyze.go) and applies it
// (pkg/config/analysis/local/istiod_analyze.go filterMessages): a finding is dropped when its code is the code and its
// resource's name matches the resource, where '*' matches any text (github.com/ryanuber/go-glob). A resource's name is
// `<Kind> <namespace>/<name>` as istioctl prints it today (`<Kind> <name>` when cluster-scoped), and also
// `<Kind> <name>.<namespace>`, the form of istioctl's help text and of the suppressions written for older istioctl
// (`IST0107=Pod *.baz`). istioctl's per-object annotation `galley.istio.io/analyze-suppress: <code>,<code>|*` is
// honoured as well.
//
// Deliberate difference: istioctl accepts a resource with no kind or an empty side, which can match nothing; here
// that is a usage error.
import type { Finding, SourcedObject } from '../validate';

/** One `<code>=<resource>` suppression. */
export interface Suppression {
  readonly code: string;
  readonly resource: string;
  readonly pattern: RegExp;
}

/** A suppression that cannot be read, with why. */
export class SuppressionSyntaxError extends Error {}

const FORMS = "'<code>=<Kind> <namespace>/<name>', '<code>=<Kind> <name>.<namespace>' or '<code>=<Kind> <name>' ('*' matches any text)";

/** Reads a `--suppress` value; throws a SuppressionSyntaxError that says what is wrong. */
export function parseSuppression(value: string): Suppression {
  const parts = value.split('=');
  if (parts.length !== 2) {
    throw new SuppressionSyntaxError(`--suppress takes ${FORMS}, got '${value}' (${parts.length === 1 ? "no '='" : "more than one '='"})`);
  }
  const [code, resource] = parts;
  if (!/^\S+$/.test(code)) throw new SuppressionSyntaxError(`--suppress needs a code before '=', got '${value}'; it takes ${FORMS}`);
  if (resource !== '*' && !/^\S+ \S+$/.test(resource)) {
    throw new SuppressionSyntaxError(`--suppress needs a resource '<Kind> <name>' after '=', got '${value}'; it takes ${FORMS}`);
  }
  return { code, resource, pattern: globPattern(resource) };
}

/** go-glob's pattern: '*' matches any text, everything else itself, the whole name. */
function globPattern(glob: string): RegExp {
  const parts = glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`);
}

/** The names a finding's resource goes by in a suppression. */
function resourceNames(finding: Finding): string[] {
  if (!finding.namespace) return [`${finding.kind} ${finding.name}`];
  return [`${finding.kind} ${finding.namespace}/${finding.name}`, `${finding.kind} ${finding.name}.${finding.namespace}`];
}

/** istioctl's annotation that suppresses codes on the object that carries it. */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

const objectKey = (file: string | undefined, kind: string, namespace: string | undefined, name: string) =>
  [file ?? '', kind, namespace ?? '', name].join('\u0000');

/** The findings no suppression drops: neither one of `suppressions` nor the annotation of the object found. */
export function unsuppressed(findings: readonly Finding[], suppressions: readonly Suppression[], objects: readonly SourcedObject[]): Finding[] {
  const annotated = new Map<string, Set<string>>();
  for (const { object, file } of objects) {
    const codes = (object.metadata?.annotations as Record<string, unknown> | undefined)?.[SUPPRESS_ANNOTATION];
    if (typeof codes === 'string' && codes !== '') {
      annotated.set(objectKey(file, object.kind, object.metadata?.namespace, object.metadata?.name ?? ''), new Set(codes.split(',')));
    }
  }
  return findings.filter((f) => {
    const codes = annotated.get(objectKey(f.file, f.kind, f.namespace, f.name));
    if (codes && (codes.has('*') || codes.has(f.code))) return false;
    return !suppressions.some((s) => s.code === f.code && resourceNames(f).some((name) => s.pattern.test(name)));
  });
}
