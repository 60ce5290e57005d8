// The reachability matrix: who can call whom under the AuthorizationPolicies and PeerAuthentications of a set, in
// the policies' own terms, as Istio 1.30.3 enforces them; and the tutorial's matrix in every environment.
import type { KubeObject } from '../src/manifests/kube-object';
import { buildApp, buildTopologyApp, environmentNamed, generateTopology, TUTORIAL_PROJECT } from '../src/project';
import { whoCanCallWhom } from '../src/synth/readme';
import { synthesize } from '../src/synth/synthesize';
import { MeshIndex } from '../src/validate/mesh/mesh-index';
import { Reachability } from '../src/validate/reachability/matrix';
import { describeCell, matrixRecord } from '../src/validate/reachability/matrix-table';
import { obj, service } from './support/objects';
import { synthTopology } from './support/synth';

const CALLER = 'cluster.local/ns/shop/sa/caller';
const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';

const deployment = (name: string, account = name, labels: Record<string, string> = {}, namespace = 'shop') =>
  obj(
    'apps/v1',
    'Deployment',
    name,
    {
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name, ...labels } },
          spec: { serviceAccountName: account, containers: [{ name: 'c', image: 'i', ports: [{ name: 'http', containerPort: 8080 }] }] },
        },
      },
    },
    namespace,
  );
const policy = (name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  obj('security.istio.io/v1', 'AuthorizationPolicy', name, { spec, metadata });
const peerAuthentication = (name: string, spec: Record<string, unknown>) => obj('security.istio.io/v1', 'PeerAuthentication', name, { spec });
const strict = peerAuthentication('default', { mtls: { mode: 'STRICT' } });
const permissive = peerAuthentication('default', { mtls: { mode: 'PERMISSIVE' } });
/** The app `web` (Service port 80 to the pods' 8080), and the pods of its caller. */
const base = [service('web', [{ name: 'http', port: 80, targetPort: 8080 }]), deployment('web'), deployment('caller')];

/** What each caller may send to `app`, by the row's label. */
function row(objects: readonly KubeObject[], app = 'web'): Record<string, string> {
  const matrix = new Reachability(new MeshIndex(objects.map((object, i) => ({ object, file: `f${i}.yaml` }))));
  const target = matrix.apps.find((a) => a.name === app)!;
  return Object.fromEntries(matrix.sources.map((s) => [s.label, describeCell(matrix.cell(s, target), (t) => t)]));
}
const callerRow = (objects: readonly KubeObject[]) => row(objects)['caller (shop/caller)'];
const outsideRow = (objects: readonly KubeObject[]) => row(objects)['a pod outside the mesh'];

describe('the tutorial', () => {
  test("the README's table shows exactly the edges the topology declares", () => {
    const readme = synthTopology().files.find((f) => f.path === 'README.md')!.content;
    const section = readme.slice(readme.indexOf('## Who can call whom'), readme.indexOf('## Apply and tear down'));
    expect(section.split('\n').filter((l) => l.startsWith('|'))).toEqual([
      '| caller | jee-tracing | nodejs-tracing | springboot-tracing |',
      '|---|---|---|---|',
      '| ingress gateway (istio-system/istio-ingressgateway-service-account) | — | GET `/node-jee`, `/node-springboot` (port 3000) | — |',
      '| jee-tracing (cloudlab/jee-tracing-sa) | — | — | — |',
      '| nodejs-tracing (cloudlab/nodejs-tracing-sa) | GET `/starter/service` (port 9080) | — | GET `/resource` (port 8080) |',
      '| springboot-tracing (cloudlab/springboot-tracing-sa) | — | — | — |',
      '| a pod outside the mesh | — | — | — |',
      '| a pod of another namespace | — | — | — |',
    ]);
  });

  test.each(TUTORIAL_PROJECT.environments.map((e) => e.name))('in environment %s, what passes is what the topology declares', (name) => {
    const result = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, name)));
    const readme = whoCanCallWhom(result.manifests).join('\n');
    const apiGateway = name === 'gateway-api' || name === 'ambient';
    const gateway = apiGateway ? 'cloudlab/tutorial-gateway-istio' : 'istio-system/istio-ingressgateway-service-account';
    const gatewayPrincipal = apiGateway ? 'cluster.local/ns/cloudlab/sa/tutorial-gateway-istio' : GATEWAY;
    const nodejs = `cluster.local/ns/${name === 'staging' ? 'tracing-staging' : 'cloudlab'}/sa/nodejs-tracing-sa`;
    const applied = result.manifests.filter((m) => !m.file.includes('/')).flatMap((m) => m.objects.map((object) => ({ object, file: m.file })));
    const record = matrixRecord(new Reachability(new MeshIndex(applied)));
    expect(record.allowances.map((a) => `${a.principal} -> ${a.app}: ${a.allowed}`)).toEqual([
      `${nodejs} -> jee-tracing: GET /starter/service`,
      `${gatewayPrincipal} -> nodejs-tracing: GET /node-jee, /node-springboot`,
      `${nodejs} -> springboot-tracing: GET /resource`,
    ]);
    expect(readme).toContain(`| ingress gateway (${gateway}) |`);
  });
});

describe('a larger topology', () => {
  test('past eight apps, the README lists the calls that pass, and the callers that may call nothing', () => {
    const lines = whoCanCallWhom(synthesize(buildTopologyApp(generateTopology(10))).manifests);
    const table = lines.filter((l) => l.startsWith('|'));
    expect(table.slice(0, 3)).toEqual([
      '| caller | app | allowed |',
      '|---|---|---|',
      '| ingress gateway (istio-system/istio-ingressgateway-service-account) | svc-01 | GET `/` (port 8080) |',
    ]);
    expect(table).toHaveLength(12);
    expect(lines.find((l) => l.startsWith('No app allows:'))).toMatch(/^No app allows: svc-01 \(scale-test\/svc-01-sa\); .*; a pod outside the mesh; a pod of another namespace\.$/);
  });
});

describe('AuthorizationPolicy semantics', () => {
  test('with no policy, every caller may send anything, and so may a pod outside the mesh', () => {
    expect(callerRow(base)).toBe('any request (port 80 (8080))');
    expect(outsideRow(base)).toBe('any request (port 80 (8080))');
  });

  test('an empty spec allows nothing: it is an ALLOW policy without rules', () => {
    const rows = row([...base, policy('allow-nothing', {})]);
    expect(Object.values(rows)).toEqual(Object.values(rows).map(() => '—'));
    const matrix = new Reachability(new MeshIndex([...base, policy('allow-nothing', {})].map((object) => ({ object }))));
    const cell = matrix.cell(matrix.sources.find((s) => s.principal === CALLER)!, matrix.apps[0]);
    expect(cell.workloads[0].ports[0].access).toEqual({ refused: true, reason: 'no rule of the ALLOW policies selecting it (allow-nothing) matches it' });
  });

  test('an ALLOW policy with no rules allows nothing; a DENY policy with no rules refuses nothing', () => {
    expect(callerRow([...base, policy('none', { action: 'ALLOW' })])).toBe('—');
    expect(callerRow([...base, policy('none', { action: 'DENY' })])).toBe('any request (port 80 (8080))');
  });

  test('`rules: [{}]` allows every request of every caller', () => {
    const rows = row([...base, policy('allow-all', { action: 'ALLOW', rules: [{}] }), permissive]);
    expect(Object.values(rows)).toEqual(Object.values(rows).map(() => 'any request (port 80 (8080))'));
  });

  test('a DENY policy wins over an ALLOW', () => {
    const allow = policy('allow-caller', { rules: [{ from: [{ source: { principals: [CALLER] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }] });
    expect(callerRow([...base, allow])).toBe('GET /api/* (port 80 (8080))');
    const deny = policy('deny-caller', { action: 'DENY', rules: [{ from: [{ source: { principals: [CALLER] } }] }] });
    expect(callerRow([...base, allow, deny])).toBe('—');
    const denyAdmin = policy('deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/api/admin*'] } }] }] });
    expect(callerRow([...base, allow, denyAdmin])).toBe('GET /api/*; not any method /api/admin* (port 80 (8080))');
    // a DENY rule that covers what an ALLOW rule allows leaves nothing
    const denyGets = policy('deny-gets', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    expect(callerRow([...base, allow, denyGets])).toBe('—');
  });

  test('a dry-run policy is not enforced; AUDIT only logs', () => {
    expect(callerRow([...base, policy('allow-nothing', {}, { annotations: { 'istio.io/dry-run': 'true' } })])).toBe('any request (port 80 (8080))');
    expect(callerRow([...base, policy('audit', { action: 'AUDIT', rules: [{}] })])).toBe('any request (port 80 (8080))');
  });

  test('paths and methods are said in the policy\'s own terms: exact, prefix, suffix, templates, and the `not` forms', () => {
    const allow = policy('web', {
      rules: [
        { from: [{ source: { principals: [CALLER] } }], to: [{ operation: { methods: ['GET', 'HEAD'], paths: ['/items', '/items/*', '*.png', '/u/{*}/cart'] } }] },
        { from: [{ source: { principals: [CALLER] } }], to: [{ operation: { notMethods: ['DELETE'], notPaths: ['/admin*'] } }] },
      ],
    });
    expect(callerRow([...base, allow])).toBe('GET,HEAD /items, /items/*, *.png, /u/{*}/cart; any request except method DELETE or path /admin* (port 80 (8080))');
  });

  test('`from` entries are alternatives, the fields of one entry all hold; a list left empty is no condition', () => {
    const rule = (source: Record<string, unknown>) => policy('web', { rules: [{ from: [{ source }], to: [{ operation: { paths: ['/a'] } }] }] });
    expect(callerRow([...base, rule({ namespaces: ['shop'], principals: [CALLER] })])).toBe('any method /a (port 80 (8080))');
    expect(callerRow([...base, rule({ namespaces: ['other'], principals: [CALLER] })])).toBe('—');
    expect(callerRow([...base, rule({ principals: [], notPrincipals: [GATEWAY] })])).toBe('any method /a (port 80 (8080))');
    expect(callerRow([...base, rule({ serviceAccounts: ['caller'] })])).toBe('any method /a (port 80 (8080))');
    expect(callerRow([...base, rule({ serviceAccounts: ['other/caller'] })])).toBe('—');
    expect(callerRow([...base, rule({ principals: ['cluster.local/ns/shop/*'] })])).toBe('any method /a (port 80 (8080))');
    expect(row([...base, rule({ namespaces: ['*'] })])['a pod of another namespace']).toBe('any method /a (port 80 (8080))');
  });

  test('conditions a manifest cannot decide are kept as words; a decidable `when` is decided', () => {
    const allow = policy('web', {
      rules: [
        { from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }], when: [{ key: 'request.headers[x-team]', values: ['shop'] }] },
        { when: [{ key: 'source.namespace', values: ['shop'] }], to: [{ operation: { paths: ['/b'] } }] },
        { when: [{ key: 'source.namespace', values: ['other'] }], to: [{ operation: { paths: ['/c'] } }] },
      ],
    });
    expect(callerRow([...base, allow])).toBe(
      'any request (if ipBlocks [10.0.0.0/8] and when request.headers[x-team] [shop]); any method /b (port 80 (8080))',
    );
  });

  test('a rule with a `when` key Istio does not know is skipped, whatever its action', () => {
    const unknown = { when: [{ key: 'source.color', values: ['red'] }] };
    expect(callerRow([...base, policy('web', { rules: [unknown, { to: [{ operation: { paths: ['/a'] } }] }] })])).toBe('any method /a (port 80 (8080))');
    expect(callerRow([...base, policy('deny', { action: 'DENY', rules: [unknown] })])).toBe('any request (port 80 (8080))');
  });

  test('ports are the pods\' ports; on a TCP port, an ALLOW rule with HTTP conditions is skipped and a DENY rule loses them', () => {
    const twoPorts = [
      service('web', [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'tcp-admin', port: 9090 },
      ]),
      deployment('web'),
      deployment('caller'),
    ];
    const onAdmin = policy('web', { rules: [{ to: [{ operation: { ports: ['9090'] } }] }] });
    expect(callerRow([...twoPorts, onAdmin])).toBe('any request (port 9090)');
    const onHttp = policy('web', { rules: [{ to: [{ operation: { ports: ['8080'], methods: ['GET'] } }] }, { to: [{ operation: { methods: ['GET'] } }] }] });
    expect(callerRow([...twoPorts, onHttp])).toBe('GET any path (port 80 (8080))');
    const denyPaths = policy('deny', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] });
    expect(callerRow([...twoPorts, denyPaths])).toBe('any request; not any method /admin (port 80 (8080))');
    // the named target port is the container port of that name
    const named = [service('web', [{ name: 'http', port: 80, targetPort: 'http' }]), deployment('web'), deployment('caller')];
    expect(callerRow([...named, policy('web', { rules: [{ to: [{ operation: { ports: ['8080'] } }] }] })])).toBe('any request (port 80 (http))');
  });

  test('policies of the root namespace apply to every workload; those with targetRefs apply at gateways and waypoints only', () => {
    const rootDeny = obj('security.istio.io/v1', 'AuthorizationPolicy', 'deny-all', { spec: { action: 'DENY', rules: [{}] } }, 'istio-system');
    expect(callerRow([...base, rootDeny])).toBe('—');
    const attached = policy('web', { targetRefs: [{ kind: 'Service', group: '', name: 'web' }] });
    expect(callerRow([...base, attached])).toBe('any request (port 80 (8080))');
  });

  test('a workload without a proxy enforces nothing', () => {
    const plain = [service('web', [{ name: 'http', port: 80, targetPort: 8080 }]), deployment('web', 'web', { 'sidecar.istio.io/inject': 'false' }), deployment('caller')];
    expect(callerRow([...plain, policy('allow-nothing', {})])).toBe('any request (port 80 (8080))');
  });
});

describe('PeerAuthentication and a pod outside the mesh', () => {
  const allowAll = policy('allow-all', { rules: [{}] });
  const fromShop = policy('from-shop', { rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] });
  const notFromOther = policy('not-from-other', { rules: [{ from: [{ source: { notNamespaces: ['other'] } }] }] });

  test('STRICT refuses it whatever the policies allow', () => {
    expect(outsideRow([...base, strict, allowAll])).toBe('—');
    const matrix = new Reachability(new MeshIndex([...base, strict, allowAll].map((object) => ({ object }))));
    const cell = matrix.cell(matrix.sources.find((s) => s.kind === 'outside')!, matrix.apps[0]);
    expect(cell.workloads[0].ports[0].access).toEqual({ refused: true, reason: 'STRICT mTLS (PeerAuthentication shop/default) refuses a plaintext request' });
  });

  test('PERMISSIVE (and no PeerAuthentication) lets it in where the policies allow requests without a principal', () => {
    expect(outsideRow([...base, permissive, allowAll])).toBe('any request (port 80 (8080))');
    expect(outsideRow([...base, allowAll])).toBe('any request (port 80 (8080))');
    // a source condition needs an authenticated peer; its `not` form holds for a plaintext one
    expect(outsideRow([...base, permissive, fromShop])).toBe('—');
    expect(outsideRow([...base, permissive, notFromOther])).toBe('any request (port 80 (8080))');
    expect(callerRow([...base, permissive, fromShop])).toBe('any request (port 80 (8080))');
  });

  test("a workload's PeerAuthentication overrides the namespace's, and its portLevelMtls the workload's", () => {
    const workload = peerAuthentication('web', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'PERMISSIVE' } });
    expect(outsideRow([...base, strict, workload, allowAll])).toBe('any request (port 80 (8080))');
    const perPort = peerAuthentication('web', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } });
    expect(outsideRow([...base, perPort, allowAll])).toBe('any request (port 80 (8080))');
    const rootStrict = obj('security.istio.io/v1', 'PeerAuthentication', 'default', { spec: { mtls: { mode: 'STRICT' } } }, 'istio-system');
    expect(outsideRow([...base, rootStrict, allowAll])).toBe('—');
    expect(outsideRow([...base, rootStrict, permissive, allowAll])).toBe('any request (port 80 (8080))');
  });

  test('DISABLE makes every caller plaintext: no policy sees a principal', () => {
    const allowCaller = policy('web', { rules: [{ from: [{ source: { principals: [CALLER] } }] }] });
    expect(callerRow([...base, allowCaller])).toBe('any request (port 80 (8080))');
    expect(callerRow([...base, peerAuthentication('default', { mtls: { mode: 'DISABLE' } }), allowCaller])).toBe('—');
  });
});

describe('the callers and apps of a set', () => {
  test('rows are the ingress gateway, each identity in the mesh, a pod outside the mesh and another namespace; columns the Services', () => {
    const plain = deployment('job', 'job', { 'sidecar.istio.io/inject': 'false' });
    const matrix = new Reachability(new MeshIndex([...base, plain].map((object) => ({ object }))));
    expect(matrix.sources.map((s) => [s.kind, s.label, s.principal])).toEqual([
      ['ingress', 'ingress gateway (istio-system/istio-ingressgateway-service-account)', GATEWAY],
      ['workload', 'caller (shop/caller)', CALLER],
      ['workload', 'web (shop/web)', 'cluster.local/ns/shop/sa/web'],
      ['outside', 'a pod outside the mesh (Deployment shop/job)', undefined],
      ['other-namespace', 'a pod of another namespace', 'cluster.local/ns/another-namespace/sa/default'],
    ]);
    expect(matrix.apps.map((a) => a.host)).toEqual(['web.shop.svc.cluster.local']);
  });
});
