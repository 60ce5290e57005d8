// ValidatingAdmissionPolicies and their bindings as the API server validates them at create
// (pkg/apis/admissionregistration/validation), cases adapted from its validation_test.go and Kubernetes' docs.
import { errorLines, obj } from './support/objects';

const GROUP = 'admissionregistration.k8s.io/v1';
const problems = errorLines;

/** The replica limit policy of Kubernetes' docs, with `changes` laid over its spec. */
const policy = (changes: Record<string, unknown> = {}, name = 'demo-policy.example.com') =>
  problems(
    obj(
      GROUP,
      'ValidatingAdmissionPolicy',
      name,
      {
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] },
          validations: [{ expression: 'object.spec.replicas <= 5' }],
          ...changes,
        },
      },
      undefined,
    ),
  );
const binding = (changes: Record<string, unknown> = {}) =>
  problems(
    obj(
      GROUP,
      'ValidatingAdmissionPolicyBinding',
      'demo-binding-test.example.com',
      { spec: { policyName: 'demo-policy.example.com', validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { environment: 'test' } } }, ...changes } },
      undefined,
    ),
  );
const rules = (changes: Record<string, unknown>) => ({
  resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'], ...changes }],
});

describe('ValidatingAdmissionPolicies', () => {
  test("Kubernetes' examples pass: parameters, variables, messages, reasons, audit annotations, match conditions", () => {
    expect(policy()).toEqual([]);
    expect(
      policy({
        paramKind: { apiVersion: 'rules.example.com/v1', kind: 'ReplicaLimit' },
        matchConstraints: { ...rules({ resourceNames: ['web', 'api'] }), excludeResourceRules: rules({ operations: ['*'] }).resourceRules, matchPolicy: 'Exact' },
        matchConditions: [{ name: 'exclude-leases', expression: '!(request.resource.group == "coordination.k8s.io")' }],
        variables: [{ name: 'replicas', expression: 'object.spec.?replicas.orValue(1)' }],
        validations: [
          {
            expression: 'variables.replicas <= params.maxReplicas',
            messageExpression: "'replicas must be no greater than ' + string(params.maxReplicas)",
            reason: 'Invalid',
          },
          { expression: 'object.metadata.labels.exists(k, v, k == "app")', message: 'an app label is required', reason: 'Forbidden' },
        ],
        auditAnnotations: [{ key: 'high-replica-count', valueExpression: "'Deployment spec.replicas set to ' + string(object.spec.replicas)" }],
      }),
    ).toEqual([]);
    // audit annotations alone are enough
    expect(policy({ validations: [], auditAnnotations: [{ key: 'seen', valueExpression: '"yes"' }] })).toEqual([]);
    expect(policy({ paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } })).toEqual([]);
  });

  test('refuses a policy without match constraints or resource rules, or without validations and audit annotations', () => {
    expect(policy({ matchConstraints: undefined })).toEqual([
      'TT0017 spec.matchConstraints: a policy needs match constraints (their resource rules give its expressions their types)',
    ]);
    expect(policy({ matchConstraints: { resourceRules: [] } })).toEqual([
      'TT0017 spec.matchConstraints.resourceRules: a policy needs at least one resource rule (it gives its expressions their types)',
    ]);
    expect(policy({ validations: [] })).toEqual([
      'TT0017 spec.auditAnnotations: a policy needs at least one validation or audit annotation',
      'TT0017 spec.validations: a policy needs at least one validation or audit annotation',
    ]);
  });

  test('refuses a failure policy, match policy, rule or resource name the API server does not accept', () => {
    expect(policy({ failurePolicy: 'Abort' })).toEqual(['TT0015 spec.failurePolicy: the failure policy must be one of Fail, Ignore, got "Abort"']);
    expect(policy({ failurePolicy: '' })).toEqual(['TT0015 spec.failurePolicy: the failure policy must be one of Fail, Ignore, got ""']);
    expect(policy({ matchConstraints: { ...rules({}), matchPolicy: 'Equal' } })).toEqual([
      'TT0015 spec.matchConstraints.matchPolicy: the match policy must be one of Equivalent, Exact, got "Equal"',
    ]);
    expect(policy({ matchConstraints: rules({ operations: ['CREATE', '*'] }) })).toEqual([
      `TT0019 spec.matchConstraints.resourceRules[0].operations: if '*' is present, no other operation may be, got ["CREATE","*"]`,
    ]);
    expect(policy({ matchConstraints: rules({ resourceNames: ['web', 'a/b', 'web'] }) })).toEqual([
      'TT0019 spec.matchConstraints.resourceRules[0].resourceNames[1]: must be a path segment name (not \'.\' or \'..\', and without \'/\' or \'%\'), got "a/b"',
      'TT0019 spec.matchConstraints.resourceRules[0].resourceNames[2]: resource names must differ: "web" is given twice',
    ]);
  });

  test('refuses a parameter kind without a valid apiVersion or kind', () => {
    const paramKind = (apiVersion: string, kind: string) => policy({ paramKind: { apiVersion, kind } });
    expect(paramKind('', 'ReplicaLimit')).toEqual(['TT0017 spec.paramKind.apiVersion: a parameter kind needs its apiVersion']);
    expect(paramKind('a/b/c', 'ReplicaLimit')).toEqual(['TT0019 spec.paramKind.apiVersion: must be a version or group/version, got "a/b/c"']);
    expect(paramKind('rules.example.com/', 'ReplicaLimit')).toEqual(['TT0019 spec.paramKind.apiVersion: the version must be given, got "rules.example.com/"']);
    expect(paramKind('/', 'ReplicaLimit')).toEqual(['TT0019 spec.paramKind.apiVersion: the version must be given, got "/"']);
    expect(paramKind('Rules.example.com/v1', 'ReplicaLimit')[0]).toMatch(/^TT0019 spec\.paramKind\.apiVersion: the group must be a DNS-1123 subdomain/);
    expect(paramKind('rules.example.com/V1', 'ReplicaLimit')[0]).toMatch(/^TT0019 spec\.paramKind\.apiVersion: the version must be a DNS-1035 label/);
    expect(paramKind('v1', '')).toEqual(['TT0017 spec.paramKind.kind: a parameter kind needs its kind']);
    expect(paramKind('v1', 'Replica_Limit')[0]).toMatch(/^TT0019 spec\.paramKind\.kind: may have mixed case, but must otherwise be a DNS-1035 label/);
  });

  test('compiles each expression with what it may read and refuses a result of another type, dyn too (compile.go)', () => {
    const validation = (expression: string, more: Record<string, unknown> = {}) => policy({ validations: [{ expression, ...more }] });
    // a value read from object is dyn, which is not bool; the rules of a CRD read self, a policy does not
    expect(validation('object.spec.paused')).toEqual(['TT0019 spec.validations[0].expression: must evaluate to bool but got dyn']);
    expect(validation('self.spec.replicas <= 5')).toEqual([
      "TT0019 spec.validations[0].expression: compilation failed: undeclared reference to 'self' (this expression may read object, oldObject, namespaceObject, request, authorizer)",
    ]);
    // a message expression has no authorizer; params only with a paramKind
    expect(validation('1', { messageExpression: "authorizer.path('/x').check('get').reason()" })).toEqual([
      'TT0019 spec.validations[0].expression: must evaluate to bool but got int',
      "TT0019 spec.validations[0].messageExpression: compilation failed: undeclared reference to 'authorizer' (no variable has this name, and no library declares authorizer.path())",
    ]);
    expect(validation('params.x == 1')).toEqual([
      "TT0019 spec.validations[0].expression: compilation failed: undeclared reference to 'params' (this expression may read object, oldObject, namespaceObject, request, authorizer)",
    ]);
    expect(policy({ paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'params.data.x == "1"', messageExpression: 'params.data.x' }] })).toEqual([
      'TT0019 spec.validations[0].messageExpression: must evaluate to string but got dyn',
    ]);
    expect(policy({ matchConditions: [{ name: 'm', expression: "'a'" }], auditAnnotations: [{ key: 'a', valueExpression: '1' }, { key: 'b', valueExpression: 'null' }] })).toEqual([
      'TT0019 spec.auditAnnotations[0].valueExpression: must evaluate to one of ["string","null_type"] but got int',
      'TT0019 spec.matchConditions[0].expression: must evaluate to bool but got string',
    ]);
    // the request and the namespace have declared types
    expect(validation("request.operation == 'CREATE' && request.userInfo.groups.exists(g, g == 'admins') && namespaceObject.metadata.labels['env'] != 'prod'")).toEqual([]);
    expect(validation("request.operaton == 'CREATE'")[0]).toMatch(/^TT0019 spec\.validations\[0\]\.expression: compilation failed: undefined field 'operaton' \(the declared fields here: dryRun, kind, name, /);
    expect(validation('has(object.spec.replicas) && object.metadata.name.startsWith("web") && object.spec.template.spec.containers.all(c, c.image != "")')).toEqual([]);
    // variables: undeclared in a policy without them; each typed as its expression, for the expressions after it
    expect(validation('variables.x > 1')).toEqual([
      "TT0019 spec.validations[0].expression: compilation failed: undeclared reference to 'variables' (this expression may read object, oldObject, namespaceObject, request, authorizer)",
    ]);
    expect(policy({ variables: [{ name: 'x', expression: 'object.spec.replicas' }], validations: [{ expression: 'variables.x > 1' }] })).toEqual([]);
    expect(policy({ variables: [{ name: 'x', expression: "'a'" }], validations: [{ expression: 'variables.x > 1' }, { expression: 'variables.x' }] })).toEqual([
      "TT0019 spec.validations[0].expression: compilation failed: found no matching overload for '_>_' applied to '(string, int)'",
      'TT0019 spec.validations[1].expression: must evaluate to bool but got string',
    ]);
    expect(policy({ variables: [{ name: 'a', expression: 'variables.b' }, { name: 'b', expression: 'variables.a' }], validations: [{ expression: 'variables.b == 1' }] })).toEqual([
      "TT0019 spec.variables[0].expression: compilation failed: undefined field 'b' (the declared fields here: none)",
    ]);
    // a variable is declared as composition.go converts its type: an object's (the request, the Namespace, an item of
    // its conditions) is dyn, so any field may be selected; one that does not compile is dyn too
    expect(policy({
      variables: [{ name: 'ns', expression: 'namespaceObject' }, { name: 'conds', expression: 'namespaceObject.status.conditions' }, { name: 'req', expression: 'request' }],
      validations: [{ expression: "variables.ns.metadata.uid != '' && variables.conds.all(c, c.foo == 'x') && variables.req.uid != ''" }],
    })).toEqual([]);
    expect(policy({ variables: [{ name: 'bad', expression: 'len(object)' }], validations: [{ expression: 'variables.bad' }] })).toEqual([
      'TT0019 spec.validations[0].expression: must evaluate to bool but got dyn',
      "TT0019 spec.variables[0].expression: compilation failed: undeclared reference to 'len' (no library declares such a function)",
    ]);
    // a map literal's keys keep their type in a comprehension
    expect(policy({ variables: [{ name: 'm', expression: "{1: 'a'}" }], validations: [{ expression: 'variables.m.exists(k, k > 0) && {1: 2}.all(k, k > 0)' }] })).toEqual([]);
    // a policy's match conditions read no variables
    expect(policy({ variables: [{ name: 'x', expression: 'true' }], matchConditions: [{ name: 'm', expression: 'variables.x' }] })).toEqual([
      "TT0019 spec.matchConditions[0].expression: compilation failed: undeclared reference to 'variables' (this expression may read object, oldObject, namespaceObject, request, authorizer)",
    ]);
  });

  test('types the authorizer as its library declares it; makes the program, with its constant patterns, after the type (compile.go)', () => {
    const validation = (expression: string) => policy({ validations: [{ expression }] });
    expect(validation("authorizer.group('apps').resource('deployments').namespace('a').check('create').allowed()")).toEqual([]);
    expect(validation("authorizer.requestResource.subresource('scale').check('update').allowed() && !authorizer.path('/healthz').check('get').errored()")).toEqual([]);
    expect(validation("authorizer.serviceAccount('ns', 'sa').group('').resource('pods').labelSelector('app=web').check('list').allowed()")).toEqual([]);
    expect(validation("authorizer.check('get').allowed()")).toEqual([
      "TT0019 spec.validations[0].expression: compilation failed: found no matching overload for 'check' applied to 'kubernetes.authorization.Authorizer.(string)' " +
        '(it takes kubernetes.authorization.PathCheck or kubernetes.authorization.ResourceCheck)',
    ]);
    expect(validation("authorizer.group('apps').check('get').allowed()")[0]).toMatch(/found no matching overload for 'check' applied to 'kubernetes\.authorization\.GroupCheck\.\(string\)'/);
    // a constant pattern Go's regexp refuses fails when the program is made, after the type is checked
    expect(validation("object.metadata.name.find('(') != ''")).toEqual([
      'TT0019 spec.validations[0].expression: program instantiation failed: the constant pattern of find() does not compile: error parsing regexp: missing closing ): `(`',
    ]);
    expect(validation("object.metadata.name.find('(')")).toEqual(['TT0019 spec.validations[0].expression: must evaluate to bool but got string']);
    // a decision's reason is a string, not the bool a validation must give
    expect(validation("authorizer.requestResource.check('update').reason()")).toEqual(['TT0019 spec.validations[0].expression: must evaluate to bool but got string']);
  });

  test('refuses variables, validations and audit annotations the API server refuses', () => {
    expect(policy({ variables: [{ name: 'if', expression: '1' }] })).toEqual([
      'TT0019 spec.variables[0].name: must be a CEL identifier (a letter or _, then letters, digits or _, not a reserved word), got "if"',
    ]);
    expect(policy({ variables: [{ name: 'my-var', expression: '1' }] })[0]).toMatch(/^TT0019 spec\.variables\[0\]\.name: must be a CEL identifier/);
    expect(policy({ variables: [{ name: 'v', expression: ' ' }] })).toEqual(['TT0017 spec.variables[0].expression: a variable needs an expression']);
    expect(policy({ validations: [{ expression: 'object.spec.replicas <=' }] })).toEqual([
      'TT0019 spec.validations[0].expression: must be a CEL expression: at 1:24: found end of input but expecting an expression',
    ]);
    expect(policy({ validations: [{ expression: 'true', messageExpression: '  ' }] })).toEqual(['TT0019 spec.validations[0].messageExpression: must not be blank if given']);
    expect(policy({ validations: [{ expression: 'true', messageExpression: '"a" +' }] })[0]).toMatch(/^TT0019 spec\.validations\[0\]\.messageExpression: must be a CEL expression/);
    expect(policy({ validations: [{ expression: 'true', message: ' ' }] })).toEqual(['TT0019 spec.validations[0].message: must not be blank if given']);
    expect(policy({ validations: [{ expression: 'true', message: 'one\ntwo' }] })).toEqual(['TT0019 spec.validations[0].message: must not contain line breaks, got "one\\ntwo"']);
    // a line break trimmed off the end is no line break
    expect(policy({ validations: [{ expression: 'true', message: 'one\n' }] })).toEqual([]);
    expect(policy({ validations: [{ expression: 'true', reason: 'NotFound' }] })).toEqual([
      'TT0015 spec.validations[0].reason: the reason must be one of Forbidden, Invalid, RequestEntityTooLarge, got "NotFound"',
    ]);
    // blanks as Go's strings.TrimSpace sees them: NEL is one, the byte order mark is not
    expect(policy({ validations: [{ expression: 'true', message: '\u0085' }] })).toEqual(['TT0019 spec.validations[0].message: must not be blank if given']);
    expect(policy({ validations: [{ expression: 'true', message: '\ufeff' }] })).toEqual([]);
    expect(policy({ matchConditions: [{ name: 'c', expression: '\u0085true' }] })).toEqual([]);
    const annotation = (key: string, valueExpression = '"x"') => policy({ auditAnnotations: [{ key, valueExpression }] });
    expect(annotation('seen', "\u0085'v'")).toEqual([]);
    expect(annotation('a/b')[0]).toMatch(/^TT0019 spec\.auditAnnotations\[0\]\.key: demo-policy\.example\.com\/a\/b \(the policy's name, '\/', the key\) must be a qualified name/);
    expect(annotation('x'.repeat(64))[0]).toMatch(/^TT0019 spec\.auditAnnotations\[0\]\.key: demo-policy\.example\.com\/x{64} \(the policy's name/);
    // a policy created with generateName: the key is checked under the name the API server generates
    expect(
      problems(
        obj(GROUP, 'ValidatingAdmissionPolicy', '', {
          metadata: { generateName: 'pol-' },
          spec: { matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] }, auditAnnotations: [{ key: 'k', valueExpression: '"v"' }] },
        }, undefined),
      ).filter((p) => !p.startsWith('TT0007')),
    ).toEqual([]);
    expect(annotation('seen', ' ')).toEqual(['TT0017 spec.auditAnnotations[0].valueExpression: an audit annotation needs a value expression']);
    expect(annotation('seen', `"${'x'.repeat(5200)}"`)).toEqual(['TT0018 spec.auditAnnotations[0].valueExpression: must be at most 5120 bytes, got 5202']);
    expect(policy({ auditAnnotations: [{ key: 'a', valueExpression: '"1"' }, { key: 'a', valueExpression: '"2"' }] })).toEqual([
      'TT0019 spec.auditAnnotations[1].key: audit annotation keys must differ: "a" is given twice',
    ]);
    expect(policy({ auditAnnotations: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, valueExpression: '"x"' })) })).toEqual([
      'TT0018 spec.auditAnnotations: may hold at most 20 audit annotations, got 21',
    ]);
  });
});

describe('ValidatingAdmissionPolicyBindings', () => {
  test("Kubernetes' examples pass: a parameter by name or by selector, Warn with Audit", () => {
    expect(binding()).toEqual([]);
    expect(binding({ paramRef: { name: 'replica-limit-test.example.com', namespace: 'default', parameterNotFoundAction: 'Deny' } })).toEqual([]);
    expect(binding({ paramRef: { selector: { matchLabels: { env: 'test' } }, parameterNotFoundAction: 'Allow' }, validationActions: ['Warn', 'Audit'] })).toEqual([]);
  });

  test('refuses a bad policy name, parameter reference, match resources or validation actions', () => {
    expect(binding({ policyName: '' })).toEqual(['TT0017 spec.policyName: a binding needs the name of its policy']);
    expect(binding({ policyName: 'Demo_Policy' })[0]).toMatch(/^TT0019 spec\.policyName: must be a DNS-1123 subdomain/);
    expect(binding({ paramRef: { parameterNotFoundAction: 'Deny' } })).toEqual(['TT0017 spec.paramRef: a parameter reference needs a name or a selector']);
    expect(binding({ paramRef: { name: 'a', selector: {}, parameterNotFoundAction: 'Deny' } })).toEqual([
      'TT0019 spec.paramRef.name: name and selector may not both be given',
      'TT0019 spec.paramRef.selector: name and selector may not both be given',
    ]);
    expect(binding({ paramRef: { name: 'a' } })).toEqual(['TT0017 spec.paramRef.parameterNotFoundAction: must be one of Deny, Allow']);
    expect(binding({ paramRef: { name: 'a', parameterNotFoundAction: 'Ignore' } })).toEqual([
      'TT0015 spec.paramRef.parameterNotFoundAction: the action must be one of Deny, Allow, got "Ignore"',
    ]);
    expect(binding({ matchResources: { objectSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } } })).toEqual([
      'TT0017 spec.matchResources.objectSelector.matchExpressions[0].values: values must be given when operator is In',
    ]);
    expect(binding({ validationActions: [] })).toEqual(['TT0017 spec.validationActions: a binding needs at least one validation action']);
    expect(binding({ validationActions: ['Deny', 'Warn'] })).toEqual([
      'TT0019 spec.validationActions: may not hold both Deny and Warn (the same failure would be both in the response and in its warnings)',
    ]);
    expect(binding({ validationActions: ['Block'] })).toEqual([
      'TT0015 spec.validationActions[0]: a validation action must be one of Audit, Deny, Warn, got "Block"',
    ]);
  });
});
