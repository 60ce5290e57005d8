// Fields the Kubernetes OpenAPI definitions list as `required` that the API server accepts missing. The definitions
// mark every Go field without `omitempty` as required, but the API server does not validate built-in kinds against
// them: it decodes an object into its Go type (a missing list is nil, a missing struct its zero value), applies its
// defaults and runs the validation of pkg/apis/<group>/validation, which for these fields accepts the zero value.
// Each entry says where (Kubernetes 1.33).

/** By definition name, the required fields a built-in object may leave out. */
export const ACCEPTED_MISSING: Readonly<Record<string, readonly string[]>> = {
  // ValidateEndpointSlice (discovery): validateEndpoints only iterates the list (at most 1000)
  'io.k8s.api.discovery.v1.EndpointSlice': ['endpoints'],
  // ValidateLimitRange (core): iterates spec.limits, with no length check
  'io.k8s.api.core.v1.LimitRangeSpec': ['limits'],
};
