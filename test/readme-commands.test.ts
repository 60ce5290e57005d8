// Every command the READMEs show works as written: the npm scripts run (in a copy of the project), kubectl kustomize
// renders, the files kubectl and istioctl are given exist, and `kubectl delete -l` names the resource types it needs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubectlResource } from '../src/synth/kubectl-resource';
import { pinnedVersion, SCHEMA_SOURCES } from '../src/codegen/sources';
import { ISTIO_VERSION } from '../imports/istio-version';
import { filesUnder } from '../src/files/files-under';
import { ENVIRONMENTS } from '../src/project';

const root = path.join(__dirname, '..');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** Commands a README shows that this test does not run, and why. */
const NOT_RUN: readonly [RegExp, string][] = [
  [/^npm ci\b/, 'installs; CI runs it before the tests'],
  [/^npm test\b/, 'is what runs this test'],
  [/^npm run import$/, 'downloads from the upstream URLs; no network at test time'],
  [/^npm run import -- --from \.\.\/shared/, 'regenerates imports/ from ../shared, which a copy of the project has not beside it'],
  [/^npm run bench\b/, 'the benchmark takes minutes'],
];

/**
 * The shell commands of a Markdown file: each line of its ```sh blocks, comments removed, `$ ` lines of others, and
 * with `listed`, the kubectl and istioctl commands written inline in list items (an output README's opt-in files and
 * their undo).
 */
function commandsOf(markdown: string, listed: boolean): string[] {
  const commands: string[] = [];
  for (const [, lang, body] of markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
    for (const line of body.split('\n')) {
      if (lang === 'sh') commands.push(line.replace(/\s+#.*$/, '').trim());
      else if (line.startsWith('$ ')) commands.push(line.slice(2).trim());
    }
  }
  for (const item of markdown.replace(/```[\s\S]*?```/g, '').split('\n').filter((l) => listed && l.startsWith('- '))) {
    for (const [, code] of item.matchAll(/`((?:kubectl|istioctl) [^`]+)`/g)) commands.push(code.replace(/\s+#.*$/, '').trim());
  }
  return commands.filter((c) => c !== '' && !c.startsWith('#')).flatMap((c) => c.split(' && '));
}

/**
 * A copy of the project's working tree, where commands may write: its packages are the project's, linked one by one
 * into a node_modules of its own, so that the bundles its commands build stay in the copy and go with it.
 */
function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'readme-'));
  for (const entry of readdirSync(root)) {
    if (entry === 'node_modules' || entry === '.git' || entry.startsWith('.dist')) continue;
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of readdirSync(path.join(root, 'node_modules'))) {
    if (entry !== '.cache') symlinkSync(path.join(root, 'node_modules', entry), path.join(dir, 'node_modules', entry));
  }
  return dir;
}

/** Every object of the YAML files under `dir` (or of the files at its top only). */
function allObjectsIn(dir: string, topOnly = false): any[] {
  return filesUnder(dir)
    .filter((f) => f.endsWith('.yaml') && (!topOnly || !f.includes('/')))
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJSON()))
    .filter((o) => o?.kind);
}

const labelled = (o: any) => o?.metadata?.labels?.['app.kubernetes.io/part-of'] === 'tracing-tutorial';

/** The objects of the output directory `dir` that carry the tutorial's part-of label. */
const objectsIn = (dir: string): any[] => allObjectsIn(dir).filter(labelled);

/** The resource types of `objects`, sorted. */
const resourcesOf = (objects: readonly any[]): string[] => [...new Set(objects.map((o) => kubectlResource(o.apiVersion, o.kind)))].sort();

/** The `<group>/<version>/<kind>` of the namespaced objects of the main apply of `dir` with the label, sorted. */
function mainApplyKinds(dir: string): string[] {
  const kinds = allObjectsIn(dir, true)
    .filter((o) => labelled(o) && o.metadata.namespace !== undefined)
    .map((o) => `${o.apiVersion.includes('/') ? o.apiVersion : `core/${o.apiVersion}`}/${o.kind}`);
  return [...new Set(kinds)].sort();
}

/** What is wrong with `[-n <namespace>] <resource>/<name>...`: each must be an object of the output directory. */
function namedObjectsProblem(args: readonly string[], outdir: string, cwd: string): string | undefined {
  const namespace = after(args, '-n');
  const names = args.filter((a, i) => a !== '-n' && args[i - 1] !== '-n');
  if (names.length === 0 || names.some((n) => !n.includes('/'))) return `names no <resource>/<name>: ${args.join(' ')}`;
  const objects = allObjectsIn(path.join(cwd, outdir));
  const missing = names.filter(
    (n) => !objects.some((o) => `${kubectlResource(o.apiVersion, o.kind)}/${o.metadata.name}` === n && (o.metadata.namespace ?? undefined) === namespace),
  );
  return missing.length === 0 ? undefined : `${missing.join(', ')}: no such object${namespace ? ` in namespace ${namespace}` : ''} in ${outdir}/`;
}

/** What is wrong with running `command` in the project at `cwd`, or undefined when it works as the README says. */
/** Every object of every output directory of the project at `cwd`. */
function outputObjects(cwd: string): any[] {
  return ENVIRONMENTS.flatMap((e) =>
    filesUnder(path.join(cwd, e.outdir))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(readFileSync(path.join(cwd, e.outdir, f), 'utf8')).map((d) => d.toJSON())),
  ).filter((o) => o?.kind);
}

/** The value after `flag` in `words`. */
const after = (words: readonly string[], flag: string) => (words.includes(flag) ? words[words.indexOf(flag) + 1] : undefined);

// the Runtime Component Operator's 1.6.2 release files (the operator's image by digest), as its readme installs them
const RCO_DEPLOY = 'https://raw.githubusercontent.com/application-stacks/runtime-component-operator/main/deploy/releases/1.6.2/kubectl/';
const RCO_FILES = ['runtime-component-crd.yaml', 'runtime-component-operator.yaml', 'runtime-component-rbac-watch-all.yaml'];
const RCO_PLACEHOLDERS = ['RUNTIME_COMPONENT_OPERATOR_NAMESPACE', 'RUNTIME_COMPONENT_WATCH_NAMESPACE'];
// the release files the output READMEs apply from upstream: Istio's Jaeger addon at the pinned tag (its Service
// jaeger-collector in istio-system has ports 14268, 9411, 4317 and 4318, read from Istio's 1.30.3 tag), and the
// pinned Gateway API release's standard channel, as its getting-started guide installs it
const RELEASE_FILES = [
  `https://raw.githubusercontent.com/istio/istio/${ISTIO_VERSION}/samples/addons/jaeger.yaml`,
  `https://github.com/kubernetes-sigs/gateway-api/releases/download/${pinnedVersion('gateway-api')}/standard-install.yaml`,
];

/** What is wrong with a cluster command (kind, kubectl against the cluster, an operator install pipe), if anything. */
function clusterCommandProblem(command: string, cwd: string): string | undefined {
  const words = command.split(/\s+/);
  if (command.includes(' | ')) {
    const [curl, ...rest] = command.split(' | ');
    const url = curl.split(/\s+/)[2];
    if (!curl.startsWith('curl -L ') || !RCO_FILES.some((f) => url === `${RCO_DEPLOY}${f}`)) return `fetches ${url}, which is no Runtime Component Operator release file`;
    const sed = rest.slice(0, -1);
    if (sed.some((s) => !RCO_PLACEHOLDERS.some((p) => s.startsWith(`sed -e 's/${p}/`)))) return 'rewrites something other than the operator\'s namespace placeholders';
    return /^kubectl apply (-n [a-z0-9-]+ )?-f -$/.test(rest[rest.length - 1]) ? undefined : `ends in ${rest[rest.length - 1]}, not kubectl apply -f -`;
  }
  if (words[0] === 'kind') {
    if (!after(words, '--name')) return 'names no cluster (--name)';
    if (words[1] === 'create' && words[2] === 'cluster') {
      const version = /^kindest\/node:v(\d+)\.(\d+)\.\d+$/.exec(after(words, '--image') ?? '');
      return version && Number(version[1]) === 1 && Number(version[2]) >= 32 ? undefined : 'needs a kindest/node image of Kubernetes 1.32 or later (Istio 1.30)';
    }
    if (words[1] === 'delete' && words[2] === 'cluster') return undefined;
    if (words[1] === 'load' && words[2] === 'docker-image') {
      const images = new Set(
        outputObjects(cwd).flatMap((o) => [o.spec?.applicationImage, ...(o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image)]),
      );
      const unknown = words.slice(3, words.indexOf('--name')).filter((i) => !images.has(i));
      return unknown.length === 0 ? undefined : `loads ${unknown.join(', ')}, which no app of the output runs`;
    }
  }
  if (words[0] === 'kubectl' && words[1] === 'create') {
    if (words[2] === 'namespace') return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(words[3]) ? undefined : `${words[3]} is no namespace name`;
    const url = after(words, '-f') ?? '';
    // the 1.6.2 release's CRD file is byte for byte the pinned one (sha256 5251acab..., at commit 3adb6bbeabd4)
    return SCHEMA_SOURCES.some((s) => s.url === url) || url === `${RCO_DEPLOY}runtime-component-crd.yaml` ? undefined : `creates ${url}, which is no pinned CRD source`;
  }
  if (words[0] === 'kubectl' && words[1] === '-n') {
    const namespace = words[2];
    const objects = outputObjects(cwd);
    if (!objects.some((o) => o.kind === 'Namespace' && o.metadata.name === namespace)) return `namespace ${namespace} is in no output`;
    if (words[3] === 'wait') {
      // the operator creates the Deployments some time after the RuntimeComponents: a wait for `deployment --all`
      // right after the apply finds none ("no matching resources found"); the components' Ready says the pods are
      if (words.includes('deployment')) return words.includes('--all') && words.includes('--for=condition=Available') ? undefined : 'waits for something else than the Deployments';
      const components = objects.some((o) => o.kind === 'RuntimeComponent' && o.metadata.namespace === namespace);
      return words.includes('runtimecomponents') && components && words.includes('--all') && words.includes('--for=condition=Ready')
        ? undefined
        : 'waits for something else than the RuntimeComponents of the namespace';
    }
    if (words[3] === 'port-forward') {
      const [kind, name] = words[4].split('/');
      const port = Number(words[5].split(':')[1]);
      const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === name && o.metadata.namespace === namespace);
      if (kind !== 'service' || !service) return `forwards ${words[4]}, which is no Service of ${namespace}`;
      return service.spec.ports.some((p: any) => p.port === port) ? undefined : `Service ${namespace}/${name} has no port ${port}`;
    }
  }
  return `is not a command this test knows how to check: add it to test/readme-commands.test.ts`;
}

function problemWith(command: string, cwd: string, outdir: string, expectedOutput?: string[]): string | undefined {
  const words = command.split(/\s+/);
  if (words[0] === 'npm' && words[1] === 'run') {
    const { CDK8S_OUTDIR: _outdir, ...env } = process.env;
    const run = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env });
    // an example that prints an error finding exits 1, as lint does at its default --failure-threshold
    const expectedStatus = expectedOutput?.some((l) => l.startsWith('Error [')) ? 1 : 0;
    if (run.status !== expectedStatus) return `exited ${run.status}, not ${expectedStatus}: ${run.stderr.slice(-500)}`;
    const printed = run.stdout + run.stderr;
    const missing = (expectedOutput ?? []).filter((l) => l !== '...' && !printed.includes(l));
    return missing.length > 0 ? `did not print ${missing.map((l) => JSON.stringify(l)).join(', ')}` : undefined;
  }
  if (words[0] === 'kubectl' && words[1] === 'kustomize') {
    if (!hasKubectl) return undefined;
    const run = spawnSync('kubectl', words.slice(1), { cwd, encoding: 'utf8' });
    return run.status === 0 ? undefined : `exited ${run.status}: ${run.stderr}`;
  }
  if ((words[0] === 'kubectl' && (words[1] === 'apply' || words[1] === 'delete')) || (words[0] === 'istioctl' && ['install', 'uninstall'].includes(words[1]))) {
    const fileAt = words.indexOf('-f');
    if (fileAt >= 0 && words[fileAt + 1].startsWith('https://')) {
      return RELEASE_FILES.includes(words[fileAt + 1]) ? undefined : `applies ${words[fileAt + 1]}, which is no file of a pinned release`;
    }
    if (fileAt >= 0 && !existsSync(path.join(cwd, words[fileAt + 1]))) return `${words[fileAt + 1]} does not exist`;
    if (words.includes('--prune')) {
      const allowed = words.filter((w) => w.startsWith('--prune-allowlist=')).map((w) => w.slice('--prune-allowlist='.length)).join(' ');
      const expected = mainApplyKinds(path.join(cwd, words[fileAt + 1])).join(' ');
      return allowed === expected ? undefined : `prunes ${allowed || 'kubectl\'s default kinds, and Namespaces cluster-wide'}, not the main apply's namespaced kinds ${expected}`;
    }
    if (fileAt >= 0) return undefined;
    const objects = objectsIn(path.join(cwd, outdir));
    if (words[1] === 'delete' && words.includes('-l')) {
      const namespace = after(words, '-n');
      const types = words[words.indexOf('-l') + 2];
      if (!types) return 'names no resource types: kubectl deletes by label only the types it is given';
      const expected = resourcesOf(objects.filter((o) => namespace === undefined || o.metadata.namespace === namespace)).join(',');
      return types === expected ? undefined : `deletes ${types}, but ${outdir}/ holds ${expected}`;
    }
    if (words[1] === 'delete' && words.includes('namespace')) {
      const missing = words.slice(words.indexOf('namespace') + 1).filter((n) => !objects.some((o) => o.kind === 'Namespace' && o.metadata.name === n));
      return missing.length === 0 ? undefined : `deletes namespace ${missing.join(', ')}, which is no Namespace of ${outdir}/ with the tutorial's label`;
    }
    if (words[1] === 'delete') return namedObjectsProblem(words.slice(2).filter((w) => w !== '--ignore-not-found'), outdir, cwd);
  }
  if (words[0] === 'kubectl' && words[1] === 'wait' && !words[2].startsWith('-n')) {
    return namedObjectsProblem(words.slice(2).filter((w) => !w.startsWith('--')), outdir, cwd);
  }
  return clusterCommandProblem(command, cwd);
}

describe('the README commands', () => {
  const copy = projectCopy();
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  const readmes = ['README.md', ...['dist', 'dist-kubernetes', 'dist-staging', 'dist-modern', 'dist-gateway-api', 'dist-ambient'].map((d) => `${d}/README.md`)];

  test.each(readmes)('%s: every command works as written', (readme) => {
    const text = readFileSync(path.join(root, readme), 'utf8');
    const commands = commandsOf(text, readme.includes('/'));
    expect(commands.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const command of commands) {
      if (NOT_RUN.some(([pattern]) => pattern.test(command))) continue;
      // an example with its output: the lines after `$ command` up to the end of its block
      const block = new RegExp(`\\$ ${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n([\\s\\S]*?)\`\`\``).exec(text);
      const outdir = readme.includes('/') ? path.dirname(readme) : 'dist';
      const problem = problemWith(command, copy, outdir, block?.[1].split('\n').filter(Boolean));
      if (problem) problems.push(`${command}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  test("reads an output README's opt-in commands, written inline in its list", () => {
    const commands = commandsOf(readFileSync(path.join(root, 'dist/README.md'), 'utf8'), true);
    expect(commands).toContain('kubectl apply -f dist/faults/jee-abort-70.yaml');
    expect(commands).toContain('kubectl delete -f dist/faults/jee-abort-70.yaml');
    expect(commands).toContain('kubectl delete -n cloudlab deployments.apps/nodejs-tracing-v2 services/nodejs-tracing-v2');
  });

  test('fails when a teardown command names no resource types, or a file that does not exist', () => {
    expect(problemWith('kubectl delete -A -l app.kubernetes.io/part-of=tracing-tutorial', copy, 'dist')).toMatch(/names no resource types/);
    expect(problemWith('kubectl delete -A -l app.kubernetes.io/part-of=tracing-tutorial configmaps', copy, 'dist')).toMatch(/^deletes configmaps, but dist\/ holds appsody/);
    expect(problemWith('kubectl apply -f dist/nothing.yaml', copy, 'dist')).toEqual('dist/nothing.yaml does not exist');
    expect(problemWith('kubectl apply --prune -l app.kubernetes.io/part-of=tracing-tutorial -f dist/', copy, 'dist')).toMatch(/^prunes kubectl's default kinds, and Namespaces cluster-wide/);
    expect(problemWith('kubectl delete namespace cloudlab istio-system', copy, 'dist')).toMatch(/^deletes namespace istio-system, which is no Namespace of dist\//);
    expect(problemWith('kubectl delete -n cloudlab deployments.apps/nodejs-tracing-v3', copy, 'dist')).toMatch(/nodejs-tracing-v3: no such object in namespace cloudlab/);
    expect(problemWith('kubectl delete -n cloudlab deployments.apps/nodejs-tracing-v2', copy, 'dist')).toBeUndefined();
    expect(problemWith('kubectl wait --for=condition=Ready istios.sailoperator.io/other --timeout=300s', copy, 'dist')).toMatch(/istios.sailoperator.io\/other: no such object/);
    expect(problemWith('helm install x', copy, 'dist')).toMatch(/not a command this test knows/);
    expect(problemWith('kind load docker-image dev.local/other --name tracing', copy, 'dist')).toMatch(/loads dev.local\/other, which no app/);
    expect(problemWith('kind create cluster --name t --image kindest/node:v1.27.3', copy, 'dist')).toMatch(/1.32 or later/);
    expect(problemWith('kubectl -n tutorial-observability port-forward service/jaeger 9999:9999', copy, 'dist')).toMatch(/has no port 9999/);
    expect(problemWith('kubectl -n observability port-forward service/jaeger 16686:16686', copy, 'dist')).toEqual('namespace observability is in no output');
    expect(problemWith(`curl -L ${RCO_DEPLOY}x.yaml | kubectl apply -f -`, copy, 'dist')).toMatch(/no Runtime Component Operator release file/);
    expect(problemWith('kubectl apply -f https://raw.githubusercontent.com/istio/istio/1.29.0/samples/addons/jaeger.yaml', copy, 'dist')).toMatch(/no file of a pinned release/);
    expect(problemWith(`kubectl apply -f https://raw.githubusercontent.com/istio/istio/${ISTIO_VERSION}/samples/addons/jaeger.yaml`, copy, 'dist')).toBeUndefined();
  });
});
