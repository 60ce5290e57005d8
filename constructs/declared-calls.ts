// The calls a namespace's allow-lists are made from, written on its deny-by-default AuthorizationPolicy so that a
// reader of the manifests (the reachability checks of synth and lint) knows what is meant to be allowed, not only what
// is: the security construct writes it, the checks read it.

/** The annotation of an AuthorizationPolicy that declares the calls its namespace's apps are meant to receive. */
export const DECLARED_CALLS_ANNOTATION = 'tracing-tutorial/calls';

/** One declared call: who (a SPIFFE principal) calls which Service of the namespace, with which methods and paths. */
export interface DeclaredCall {
  /** The caller's principal, `cluster.local/ns/<namespace>/sa/<account>`. */
  readonly principal: string;
  /** The Service called: its name, in the declaring policy's namespace, or `<name>.<namespace>`. */
  readonly service: string;
  /** The methods, as AuthorizationPolicy `methods` name them. */
  readonly methods: readonly string[];
  /** The paths, as AuthorizationPolicy `paths` name them (exact, `prefix*`, `*suffix`). */
  readonly paths: readonly string[];
}

/** The annotation's value: one call a line, `<principal> -> <service> <METHOD>[,<METHOD>...] <path> [<path>...]`. */
export function formatDeclaredCalls(calls: readonly DeclaredCall[]): string {
  return calls.map((c) => `${c.principal} -> ${c.service} ${c.methods.join(',')} ${c.paths.join(' ')}`).join('\n');
}

/** A line of the annotation that does not read as a call, with its 1-based number. */
export interface DeclaredCallError {
  readonly line: number;
  readonly reason: string;
}

/** The calls of an annotation value, and the lines that are no call; blank lines are skipped. */
export function parseDeclaredCalls(value: string): { calls: DeclaredCall[]; errors: DeclaredCallError[] } {
  const calls: DeclaredCall[] = [];
  const errors: DeclaredCallError[] = [];
  value.split('\n').forEach((text, i) => {
    const words = text.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) return;
    const [principal, arrow, service, methods, ...paths] = words;
    if (arrow !== '->' || service === undefined || methods === undefined || paths.length === 0) {
      errors.push({ line: i + 1, reason: `expected '<principal> -> <service> <METHOD>[,<METHOD>...] <path>...', got '${text.trim()}'` });
      return;
    }
    calls.push({ principal, service, methods: methods.split(',').filter((m) => m !== ''), paths });
  });
  return { calls, errors };
}
