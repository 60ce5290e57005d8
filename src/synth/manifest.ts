/** A Kubernetes object as written to a manifest. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** The objects of one output file, in the order they are written. */
export interface Manifest {
  /** The path relative to the output directory. */
  readonly file: string;
  readonly objects: readonly KubeObject[];
}

/** A synth that must not write: every problem found, each naming the object or construct it is about. */
export class SynthError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SynthError';
  }
}

/** `Kind/name` or `Kind namespace/name`, as messages name an object. */
export function describeObject(obj: KubeObject): string {
  const name = obj.metadata?.name ?? '<unnamed>';
  return obj.metadata?.namespace ? `${obj.kind} ${obj.metadata.namespace}/${name}` : `${obj.kind} ${name}`;
}
