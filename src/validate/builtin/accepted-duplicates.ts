// Lists the Kubernetes OpenAPI definitions mark `x-kubernetes-list-type: map` or `set` whose duplicates the API server
// accepts. The marks are for server-side apply, which refuses an object with duplicate keys; a create or a
// client-side `kubectl apply` runs only the Go validation of pkg/apis/<group>/validation, which for these lists
// checks each item but not that they differ (at most warning, in pkg/api/pod/warnings.go: TT0028), and the field manager
// drops its record of an object it cannot merge rather than fail the request. Every other marked list of a
// built-in kind keeps the schema's duplicate check: their Go validation refuses duplicates too (containers,
// volumes, mount paths, spread constraints, scheduling gates, webhooks...), but for Service ports, whose keys Go
// compares after defaulting them.

/** By definition name, the marked lists whose duplicates a create accepts, or Go validation checks itself. */
export const ACCEPTED_DUPLICATES: Readonly<Record<string, readonly string[]>> = {
  // validateEnv, validateContainerPorts check each item; warningsForPodSpecAndMeta warns of a duplicate env name
  // ("hides previous definition") and of a duplicate port ("duplicate port definition")
  'io.k8s.api.core.v1.Container': ['env', 'ports'],
  'io.k8s.api.core.v1.EphemeralContainer': ['env', 'ports'],
  // ValidateHostAliases checks each IP and hostname; validatePodSpec checks no image pull secret
  'io.k8s.api.core.v1.PodSpec': ['hostAliases', 'imagePullSecrets'],
  // ValidateServiceAccount checks the metadata only
  'io.k8s.api.core.v1.ServiceAccount': ['secrets'],
  // apimachinery's ValidateFinalizers checks each name and that orphan and foregroundDeletion are not both there
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': ['finalizers'],
  // ValidateCustomResourceDefinitionOpenAPISchema checks and compiles each rule on its own (keyed by `rule`)
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': ['x-kubernetes-validations'],
  // not accepted, but compared after defaulting: ValidateService refuses a port and protocol given twice once
  // SetDefaults_Service has made a missing protocol TCP (`80` and `80/TCP` clash), which services.ts checks, with the
  // names and the rest of ValidateService
  'io.k8s.api.core.v1.ServiceSpec': ['ports'],
};
