// Roles and bindings as the API server validates them (pkg/apis/rbac/validation, after rbac/v1's defaults).
import { errorLines, obj } from './support/objects';

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (rules: unknown[], name = 'reader') => obj(RBAC, 'Role', name, { rules });
const clusterRole = (rules: unknown[], name = 'reader') => obj(RBAC, 'ClusterRole', name, { rules }, undefined);
const roleBinding = (roleRef: unknown, subjects: unknown[] = []) => obj(RBAC, 'RoleBinding', 'read', { roleRef, subjects });
const clusterRoleBinding = (roleRef: unknown, subjects: unknown[] = []) => obj(RBAC, 'ClusterRoleBinding', 'read', { roleRef, subjects }, undefined);
const podsRule = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
const toClusterRole = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' };

/** What the checks say, as `<code> <field>: <message>`. */
const problems = errorLines;

describe('roles and bindings', () => {
  test('what the API server accepts passes: names with colons, defaulted API groups, non-resource URLs in a ClusterRole', () => {
    expect(
      problems(
        clusterRole([podsRule, { nonResourceURLs: ['/healthz', '/metrics'], verbs: ['get'] }], 'system:aggregate-to-view:shop'),
        role([{ apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get', 'patch'] }]),
        // roleRef.apiGroup and a User's or Group's apiGroup left out: rbac/v1 defaults them
        clusterRoleBinding({ kind: 'ClusterRole', name: 'system:aggregate-to-view:shop' }, [
          { kind: 'User', name: 'alice@example.com' },
          { kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' },
          { kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
        ]),
        // a RoleBinding's ServiceAccount without a namespace is one of the binding's namespace
        roleBinding({ kind: 'Role', name: 'reader' }, [{ kind: 'ServiceAccount', name: 'web', apiGroup: '' }]),
        roleBinding(toClusterRole),
      ),
    ).toEqual([]);
  });

  test("names are path segments: not '.' or '..', without '/' or '%' (TT0007); other kinds keep DNS-1123 subdomains", () => {
    for (const name of ['.', '..', 'a/b', '100%']) {
      expect(problems(clusterRole([podsRule], name))).toEqual([
        `TT0007 metadata.name: must be a path segment name (not '.' or '..', and without '/' or '%'), got "${name}"`,
      ]);
    }
    expect(problems(obj(RBAC, 'RoleBinding', 'Read:All', { roleRef: toClusterRole }))).toEqual([]);
    expect(problems(obj('v1', 'ConfigMap', 'system:config'))).toEqual([
      expect.stringMatching(/^TT0007 metadata.name: must be a DNS-1123 subdomain .*got "system:config"$/),
    ]);
  });

  test('a rule needs verbs, and either API groups and resources or non-resource URLs (in a ClusterRole only)', () => {
    expect(problems(role([{ apiGroups: [''], resources: ['pods'], verbs: [] }]))).toEqual(['TT0017 rules[0].verbs: verbs must contain at least one value']);
    // the OpenAPI definition requires the list itself
    expect(problems(role([{ apiGroups: [''], resources: ['pods'] }]))).toEqual(['TT0001 rules[0].verbs: is required']);
    expect(problems(role([{ resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], verbs: ['get'], resourceNames: ['a'] }]))).toEqual([
      'TT0017 rules[0].apiGroups: resource rules must supply at least one API group ("" is the core group)',
      'TT0017 rules[1].resources: resource rules must supply at least one resource',
    ]);
    // resource names may apply to several resources (Tekton's install has such a rule)
    expect(problems(role([{ apiGroups: [''], resources: ['pods', 'pods/status'], resourceNames: ['web'], verbs: ['get'] }]))).toEqual([]);
    expect(problems(role([{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]))).toEqual([
      'TT0019 rules[0].nonResourceURLs: namespaced rules (a Role) cannot apply to non-resource URLs',
    ]);
    expect(problems(clusterRole([{ nonResourceURLs: ['/healthz'], resources: ['pods'], verbs: ['get'] }]))).toEqual([
      'TT0019 rules[0].nonResourceURLs: a rule cannot apply to both regular resources (apiGroups, resources, resourceNames) and non-resource URLs',
    ]);
  });

  test("core's metadata rules apply: a finalizer needs a domain unless Kubernetes defines it", () => {
    expect(problems(obj(RBAC, 'ClusterRole', 'r', { metadata: { finalizers: ['foo'] }, rules: [] }, undefined))).toEqual([
      expect.stringMatching(/^TT0019 metadata\.finalizers\[0\]: finalizer must be one Kubernetes defines/),
    ]);
  });

  test("a ClusterRole's aggregation rule needs selectors, each a valid label selector", () => {
    const aggregated = (aggregationRule: unknown) => obj(RBAC, 'ClusterRole', 'monitoring', { aggregationRule, rules: [] }, undefined);
    expect(problems(aggregated({ clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] }))).toEqual([]);
    expect(problems(aggregated({ clusterRoleSelectors: [] }))).toEqual([
      'TT0017 aggregationRule.clusterRoleSelectors: an aggregationRule needs at least one clusterRoleSelector',
    ]);
    expect(problems(aggregated({ clusterRoleSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In' }] }] }))).toEqual([
      'TT0017 aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: values must be given when operator is In',
    ]);
  });

  test("a binding's roleRef: its API group, a kind the binding may bind, a name", () => {
    expect(problems(roleBinding({ apiGroup: 'rbac.authorization.k8s.io/v1', kind: 'Deployment', name: 'a/b' }))).toEqual([
      'TT0015 roleRef.apiGroup: must be rbac.authorization.k8s.io (or left out), got "rbac.authorization.k8s.io/v1"',
      'TT0015 roleRef.kind: must be Role or ClusterRole, got "Deployment"',
      "TT0019 roleRef.name: must be a path segment name (not '.' or '..', and without '/' or '%'), got \"a/b\"",
    ]);
    expect(problems(clusterRoleBinding({ kind: 'Role', name: '' }))).toEqual([
      'TT0015 roleRef.kind: must be ClusterRole, got "Role"',
      'TT0017 roleRef.name: the name of the role is required',
    ]);
  });

  test('subjects: a ServiceAccount, User or Group, each in its API group; a ClusterRoleBinding names the account\'s namespace', () => {
    expect(
      problems(
        clusterRoleBinding(toClusterRole, [
          { kind: 'Robot', name: 'r2' },
          { kind: 'ServiceAccount', name: 'Web_Account', apiGroup: 'rbac.authorization.k8s.io' },
          { kind: 'User', name: 'alice', apiGroup: 'users.example.com' },
          { kind: 'Group', name: '' },
        ]),
      ),
    ).toEqual([
      'TT0015 subjects[0].kind: must be ServiceAccount, User or Group, got "Robot"',
      'TT0015 subjects[1].apiGroup: a ServiceAccount subject\'s apiGroup must be "" (or left out), got "rbac.authorization.k8s.io"',
      'TT0015 subjects[2].apiGroup: a User subject\'s apiGroup must be rbac.authorization.k8s.io (or left out), got "users.example.com"',
      'TT0017 subjects[1].namespace: a ClusterRoleBinding\'s ServiceAccount subject needs its namespace',
      'TT0017 subjects[3].name: a subject needs a name',
      expect.stringMatching(/^TT0019 subjects\[1\]\.name: a ServiceAccount's name must be a DNS-1123 subdomain .*got "Web_Account"$/),
    ]);
  });
});
