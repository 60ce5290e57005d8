// The object type every layer above shares: what synth renders, what validate checks and what lint reads.

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

/** The API group of an apiVersion: '' for the core group's (`v1`, and any version written without a group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The objects of one output file, in the order they are written. */
export interface Manifest {
  /** The path relative to the output directory. */
  readonly file: string;
  readonly objects: readonly KubeObject[];
}

/** A file to write, relative to the output directory. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}
