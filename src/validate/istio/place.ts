// Where a checked Istio object lives and how it is labelled, for the checks that depend on it (exportTo's ".",
// a ServiceEntry's waypoint and address allocation labels).

/** The namespace (the manifest's, else the default one), name and labels of the object being checked. */
export interface Place {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, unknown>>;
}
