// Fields the Kubernetes OpenAPI definitions list as `required` that the API server accepts missing. The definitions
// mark every Go field without `omitempty` as required, but the API server does not validate built-in kinds against
// them: it decodes an object into its Go type (a missing list is nil, a string "", a number 0, a struct its zero
// value), applies its defaults and runs the validation of pkg/apis/<group>/validation, which for these fields accepts
// the zero value. Each entry says where (Kubernetes 1.33; the same in 1.27 where the definition exists). Left out:
// fields only controllers and the kubelet write (EndpointSlice hints, CSINode, an Event's other fields), and the inside of a
// StatefulSet's pod template, which Kubernetes 1.33 does not validate at all (a bug fixed after it) but whose pods
// then fail: the template is checked as a Deployment's.

/** By definition name, the required fields a built-in object may leave out. */
export const ACCEPTED_MISSING: Readonly<Record<string, readonly string[]>> = {
  // validateCustomResourceDefinitionSpec (apiextensions): counts the versions marked storage and reads served
  // nowhere, so false (the zero value) passes for both
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': ['served', 'storage'],
  // validateCustomResourceConversion (apiextensions): the review versions are required only when the strategy is
  // Webhook (custom-resource-definitions.ts reports that), and a None strategy's empty webhook passes
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion': ['conversionReviewVersions'],
  // ValidateControllerRevision (apps): revision must not be negative; 0 passes
  'io.k8s.api.apps.v1.ControllerRevision': ['revision'],
  // validatePodFailurePolicy (batch): at most 20 rules, each checked; none is fine
  'io.k8s.api.batch.v1.PodFailurePolicy': ['rules'],
  // SetDefaults_PodFailurePolicyOnPodConditionsPattern (batch/v1) sets a missing status to "True" before validation
  'io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern': ['status'],
  // ValidateEventCreate (core): a v1 Event gets legacyValidateEvent only, which compares the involved object's
  // namespace with the Event's; an empty one passes in the default namespace (workshops create such Events by hand)
  'io.k8s.api.core.v1.Event': ['involvedObject'],
  // validateHTTPGetAction (core): checks each header's name only
  'io.k8s.api.core.v1.HTTPHeader': ['value'],
  // validateISCSIVolumeSource, validateISCSIPersistentVolumeSource (core): lun within 0-255; 0 passes
  'io.k8s.api.core.v1.ISCSIVolumeSource': ['lun'],
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': ['lun'],
  // ValidateLimitRange (core): iterates spec.limits, with no length check
  'io.k8s.api.core.v1.LimitRangeSpec': ['limits'],
  // ValidatePreferredSchedulingTerms (core): an empty term passes ValidateNodeSelectorTerm; the weight is checked
  'io.k8s.api.core.v1.PreferredSchedulingTerm': ['preference'],
  // validateScaleIOVolumeSource, validateScaleIOPersistentVolumeSource (core): gateway, system and volumeName only
  'io.k8s.api.core.v1.ScaleIOVolumeSource': ['secretRef'],
  'io.k8s.api.core.v1.ScaleIOPersistentVolumeSource': ['secretRef'],
  // validateSleepAction (core): with PodLifecycleSleepActionAllowZero (beta, on by default in 1.33) 0 seconds passes
  'io.k8s.api.core.v1.SleepAction': ['seconds'],
  // validateSysctls (core): checks each name only
  'io.k8s.api.core.v1.Sysctl': ['value'],
  // ValidateEndpointSlice (discovery): validateEndpoints only iterates the list (at most 1000)
  'io.k8s.api.discovery.v1.EndpointSlice': ['endpoints'],
  // ValidateNetworkPolicySpec (networking): the zero label selector is valid and selects every pod of the namespace
  'io.k8s.api.networking.v1.NetworkPolicySpec': ['podSelector'],
  // SetDefaults_RoleBinding, SetDefaults_ClusterRoleBinding (rbac/v1) set a missing apiGroup to rbac.authorization.k8s.io
  'io.k8s.api.rbac.v1.RoleRef': ['apiGroup'],
  // ValidatePriorityClass (scheduling): only a value over the highest user-definable priority is refused; 0 passes
  'io.k8s.api.scheduling.v1.PriorityClass': ['value'],
  // validateTokenRequests (storage, a CSIDriver's spec): refuses duplicates only; "" is the API server's audience
  'io.k8s.api.storage.v1.TokenRequest': ['audience'],
};
