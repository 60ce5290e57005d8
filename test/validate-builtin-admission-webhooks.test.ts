// Webhook configurations as the API server validates them at create (pkg/apis/admissionregistration/validation,
// k8s.io/apiserver pkg/util/webhook), cases adapted from its validation_test.go.
import { check, obj } from './support/objects';

const GROUP = 'admissionregistration.k8s.io/v1';
const configuration = (kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration', webhooks: unknown[]) =>
  obj(GROUP, kind, 'istio-sidecar-injector', { webhooks }, undefined);
// the API server's findings only: istioctl's IST0139 (webhooks that overlap) has tests of its own
const problems = (o: ReturnType<typeof obj>) =>
  check(o)
    .filter((f) => f.severity === 'error' && f.code.startsWith('TT'))
    .map((f) => `${f.code} ${f.field}: ${f.message}`);

/** A webhook as istiod's injector configures it, with `changes` laid over it. */
const hook = (changes: Record<string, unknown> = {}) => ({
  name: 'rev.namespace.sidecar-injector.istio.io',
  clientConfig: { service: { name: 'istiod', namespace: 'istio-system', path: '/inject', port: 443 } },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1', 'v1beta1'],
  failurePolicy: 'Fail',
  namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }] },
  ...changes,
});
const mutating = (...webhooks: unknown[]) => problems(configuration('MutatingWebhookConfiguration', webhooks));
const validating = (...webhooks: unknown[]) => problems(configuration('ValidatingWebhookConfiguration', webhooks));
const rule = (changes: Record<string, unknown>) => [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], ...changes }];

describe('webhook configurations', () => {
  test("istiod's injector and validation webhooks pass, and so do URLs, wildcards, subresources and match conditions", () => {
    expect(mutating(hook(), hook({ name: 'object.sidecar-injector.istio.io', reinvocationPolicy: 'IfNeeded', timeoutSeconds: 30 }))).toEqual([]);
    expect(validating(hook({ name: 'rev.validation.istio.io', matchPolicy: 'Exact', sideEffects: 'NoneOnDryRun', timeoutSeconds: 1 }))).toEqual([]);
    expect(validating(hook({ clientConfig: { url: 'https://hooks.example.com:8443/validate' } }))).toEqual([]);
    expect(validating(hook({ rules: rule({ resources: ['*/*'], scope: 'Namespaced' }) }))).toEqual([]);
    expect(validating(hook({ rules: rule({ resources: ['pods', 'pods/status', 'deployments/*', '*/scale'] }) }))).toEqual([]);
    expect(validating(hook({ rules: rule({ resources: ['*', '*/status'] }) }))).toEqual([]);
    expect(validating(hook({ admissionReviewVersions: ['v2', 'v1'] }))).toEqual([]);
    expect(
      validating(
        hook({
          matchConditions: [
            { name: 'exclude-leases', expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")' },
            { name: 'optional', expression: 'object.?metadata.?labels[?"app"].orValue("") != "skip"' },
            { name: 'two-variables', expression: 'object.metadata.labels.all(k, v, k != "" && v != "")' },
            { name: 'example.com/transform', expression: 'object.spec.containers.transformList(i, c, c.name).size() > 0' },
          ],
        }),
      ),
    ).toEqual([]);
    // a service path of DNS subdomain segments, a trailing slash too; the port defaults to 443
    expect(validating(hook({ clientConfig: { service: { name: 'hooks', namespace: 'ops', path: '/a.b/c-d/' } } }))).toEqual([]);
  });

  test('refuses a webhook name that is not a domain of three labels, or one given twice', () => {
    expect(validating(hook({ name: 'validation.istio' }))).toEqual([
      'TT0019 webhooks[0].name: must be a fully qualified domain name with at least three labels, such as webhook.example.com, got "validation.istio"',
    ]);
    expect(validating(hook({ name: 'Validation.Istio.io' }))[0]).toMatch(/^TT0019 webhooks\[0\]\.name: must be a fully qualified domain name: a DNS-1123 subdomain/);
    expect(mutating(hook(), hook())).toEqual([
      // refused by the schema's list-map key, before the API server's own check would
      'TT0001 webhooks[1]: duplicates the key of webhooks[0] (name "rev.namespace.sidecar-injector.istio.io")',
    ]);
  });

  test('refuses side effects, policies and timeouts the API server does not accept', () => {
    expect(validating(hook({ sideEffects: 'Some' }))).toEqual(['TT0015 webhooks[0].sideEffects: side effects must be one of None, NoneOnDryRun, got "Some"']);
    expect(validating(hook({ failurePolicy: 'fail' }))).toEqual(['TT0015 webhooks[0].failurePolicy: the failure policy must be one of Fail, Ignore, got "fail"']);
    expect(validating(hook({ matchPolicy: 'Equal' }))).toEqual(['TT0015 webhooks[0].matchPolicy: the match policy must be one of Equivalent, Exact, got "Equal"']);
    expect(mutating(hook({ reinvocationPolicy: 'Always' }))).toEqual(['TT0015 webhooks[0].reinvocationPolicy: the reinvocation policy must be one of IfNeeded, Never, got "Always"']);
    expect(validating(hook({ timeoutSeconds: 31 }))).toEqual(['TT0019 webhooks[0].timeoutSeconds: the timeout must be between 1 and 30 seconds, got 31']);
    expect(validating(hook({ timeoutSeconds: 0 }))).toEqual(['TT0019 webhooks[0].timeoutSeconds: the timeout must be between 1 and 30 seconds, got 0']);
  });

  test('refuses rules with a wildcard beside other values, unknown operations or scopes, and overlapping subresources', () => {
    expect(validating(hook({ rules: rule({ operations: ['CREATE', '*'] }) }))).toEqual([
      `TT0019 webhooks[0].rules[0].operations: if '*' is present, no other operation may be, got ["CREATE","*"]`,
    ]);
    expect(validating(hook({ rules: rule({ operations: ['PATCH'] }) }))).toEqual([
      'TT0015 webhooks[0].rules[0].operations[0]: an operation must be one of *, CONNECT, CREATE, DELETE, UPDATE, got "PATCH"',
    ]);
    expect(validating(hook({ rules: rule({ apiGroups: ['', '*'] }) }))).toEqual([
      `TT0019 webhooks[0].rules[0].apiGroups: if '*' is present, no other API group may be, got ["","*"]`,
    ]);
    expect(validating(hook({ rules: rule({ apiVersions: ['v1', '*'] }) }))).toEqual([
      `TT0019 webhooks[0].rules[0].apiVersions: if '*' is present, no other API version may be, got ["v1","*"]`,
    ]);
    expect(validating(hook({ rules: rule({ apiVersions: [''] }) }))).toEqual(['TT0017 webhooks[0].rules[0].apiVersions[0]: an API version may not be empty']);
    expect(validating(hook({ rules: rule({ scope: 'Namespace' }) }))).toEqual([
      'TT0015 webhooks[0].rules[0].scope: the scope must be one of *, Cluster, Namespaced, got "Namespace"',
    ]);
    expect(validating(hook({ rules: rule({ resources: ['*/*', 'pods'] }) }))).toEqual([
      `TT0019 webhooks[0].rules[0].resources: if '*/*' is present, no other resource may be, got ["*/*","pods"]`,
    ]);
    expect(validating(hook({ rules: rule({ resources: ['*', 'pods'] }) }))).toEqual([
      `TT0019 webhooks[0].rules[0].resources: if '*' is present, no other resource without a subresource may be, got ["*","pods"]`,
    ]);
    expect(validating(hook({ rules: rule({ resources: ['pods/*', 'pods/status', '*/scale', 'deployments/scale'] }) }))).toEqual([
      `TT0019 webhooks[0].rules[0].resources[1]: if 'pods/*' is present, "pods/status" may not be`,
      `TT0019 webhooks[0].rules[0].resources[3]: if '*/scale' is present, "deployments/scale" may not be`,
    ]);
    // as Go decides it: only the last resource without a subresource counts against '*'
    expect(validating(hook({ rules: rule({ resources: ['pods', '*'] }) }))).toEqual([]);
  });

  test('refuses a client config with both or neither of url and service, a URL that is not plain https, a bad service', () => {
    expect(validating(hook({ clientConfig: { url: 'https://a.example.com', service: { name: 'a', namespace: 'b' } } }))).toEqual([
      'TT0017 webhooks[0].clientConfig: exactly one of url and service is required',
    ]);
    expect(validating(hook({ clientConfig: {} }))).toEqual(['TT0017 webhooks[0].clientConfig: exactly one of url and service is required']);
    // an empty URL is given, as Go decodes it into a *string
    expect(validating(hook({ clientConfig: { url: '', service: { name: 'a', namespace: 'b' } } }))).toEqual([
      'TT0017 webhooks[0].clientConfig: exactly one of url and service is required',
    ]);
    expect(validating(hook({ clientConfig: { url: '' } }))).toEqual([
      `TT0019 webhooks[0].clientConfig.url: 'https' is the only scheme allowed (the form https://host[/path]), got ""`,
      'TT0019 webhooks[0].clientConfig.url: a host is required (the form https://host[/path]), got ""',
    ]);
    const url = (value: string) => validating(hook({ clientConfig: { url: value } }));
    expect(url('http://hooks.example.com/v')).toEqual([
      `TT0019 webhooks[0].clientConfig.url: 'https' is the only scheme allowed (the form https://host[/path]), got "http://hooks.example.com/v"`,
    ]);
    expect(url('https:///validate')).toEqual([
      'TT0019 webhooks[0].clientConfig.url: a host is required (the form https://host[/path]), got "https:///validate"',
    ]);
    expect(url('https://user:pw@hooks.example.com/v?x=1#top')).toEqual([
      'TT0019 webhooks[0].clientConfig.url: a fragment is not allowed in the URL, got "https://user:pw@hooks.example.com/v?x=1#top"',
      'TT0019 webhooks[0].clientConfig.url: query parameters are not allowed in the URL, got "https://user:pw@hooks.example.com/v?x=1#top"',
      'TT0019 webhooks[0].clientConfig.url: user information is not allowed in the URL, got "https://user:pw@hooks.example.com/v?x=1#top"',
    ]);
    expect(url('https://hooks.example.com:port/')).toEqual([
      'TT0019 webhooks[0].clientConfig.url: must be a valid URL of the form https://host[/path], got "https://hooks.example.com:port/"',
    ]);
    // an empty `?` or `#` is no query and no fragment, for Go too
    expect(url('https://hooks.example.com/v?#')).toEqual([]);
    const service = (changes: Record<string, unknown>) => validating(hook({ clientConfig: { service: { name: 'istiod', namespace: 'istio-system', ...changes } } }));
    expect(service({ port: 0 })).toEqual(['TT0014 webhooks[0].clientConfig.service.port: port must be a port number between 1 and 65535, got 0']);
    expect(service({ path: 'inject' })).toEqual(["TT0019 webhooks[0].clientConfig.service.path: the path must start with '/', got \"inject\""]);
    expect(service({ path: '//' })).toEqual(['TT0019 webhooks[0].clientConfig.service.path: segment 0 of the path may not be empty, got "//"']);
    expect(service({ path: '/a//b' })).toEqual(['TT0019 webhooks[0].clientConfig.service.path: segment 1 of the path may not be empty, got "/a//b"']);
    expect(service({ path: '/Inject_Pods' })[0]).toMatch(/^TT0019 webhooks\[0\]\.clientConfig\.service\.path: segment 0 of the path must be a DNS-1123 subdomain/);
    // the API server passes name and namespace the other way round: mirrored
    expect(service({ name: '' })).toEqual([
      'TT0017 webhooks[0].clientConfig.service.namespace: the service namespace is required (the API server reports an empty service name here)',
    ]);
  });

  test('refuses AdmissionReview versions the API server does not send, given twice or not DNS-1035 labels', () => {
    expect(validating(hook({ admissionReviewVersions: ['v2'] }))).toEqual([
      'TT0019 webhooks[0].admissionReviewVersions: must include at least one of v1, v1beta1 (the versions the API server sends), got ["v2"]',
    ]);
    expect(validating(hook({ admissionReviewVersions: ['v1', 'v1'] }))).toEqual(['TT0019 webhooks[0].admissionReviewVersions[1]: the version "v1" is given twice']);
    expect(validating(hook({ admissionReviewVersions: ['v1', 'V2'] }))[0]).toMatch(/^TT0019 webhooks\[0\]\.admissionReviewVersions\[1\]: must be a DNS-1035 label/);
  });

  test('refuses match conditions without a name or expression, badly named, or whose expression does not compile to a bool', () => {
    const conditions = (...matchConditions: unknown[]) => validating(hook({ matchConditions }));
    expect(conditions({ name: 'blank', expression: '  ' })).toEqual(['TT0017 webhooks[0].matchConditions[0].expression: a match condition needs an expression']);
    expect(conditions({ name: 'bad name!', expression: 'true' })[0]).toMatch(/^TT0019 webhooks\[0\]\.matchConditions\[0\]\.name: must be a qualified name/);
    expect(conditions({ name: 'syntax', expression: 'request.userInfo.username ==' })).toEqual([
      'TT0019 webhooks[0].matchConditions[0].expression: must be a CEL expression: at 1:29: found end of input but expecting an expression',
    ]);
    expect(conditions({ name: 'macro', expression: 'object.metadata.labels.all(k, k, true)' })[0]).toMatch(/two different variable names/);
    expect(conditions({ name: 'escaped', expression: 'object.metadata.`labels`' })[0]).toMatch(/backtick-quoted field names are not supported/);
    // compiled as the API server compiles them: a bool, without params; the authorizer is there
    expect(conditions({ name: 'dyn', expression: 'object.metadata.name' }, { name: 'string', expression: 'request.userInfo.username' }, { name: 'params', expression: 'params.x == "a"' })).toEqual([
      'TT0019 webhooks[0].matchConditions[0].expression: must evaluate to bool but got dyn',
      'TT0019 webhooks[0].matchConditions[1].expression: must evaluate to bool but got string',
      "TT0019 webhooks[0].matchConditions[2].expression: compilation failed: undeclared reference to 'params' (this expression may read object, oldObject, namespaceObject, request, authorizer)",
    ]);
    expect(conditions({ name: 'authorized', expression: "authorizer.group('apps').resource('deployments').name(object.metadata.name).check('get').allowed()" })).toEqual([]);
    expect(conditions(...Array.from({ length: 65 }, (_, i) => ({ name: `c${i}`, expression: 'true' })))).toEqual([
      'TT0018 webhooks[0].matchConditions: may hold at most 64 match conditions, got 65',
    ]);
  });
});
