// Argo CD's and Flux's kinds have no pinned CRD: their objects are checked against the schemas of the model packages
// (@kubernetes-models/argo-cd, @kubernetes-models/flux-cd), in synth and in lint, and reported as schema findings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { ArgoCdApplication, OutputChart } from '../constructs';
import { lintCommand } from '../src/cli/lint';
import { KubeObject } from '../src/manifests/kube-object';
import { synthesizeGitOps } from '../src/synth/gitops-output';
import { SynthError } from '../src/synth/synth-error';
import { formatFinding, validateObjects } from '../src/validate';
import { MODEL_KINDS } from '../src/validate/model-schemas';
import { runCli } from './support/cli';

const findings = (object: unknown) => validateObjects([{ object: object as KubeObject }]).map((f) => `${f.code} ${f.field ?? ''}: ${f.message}`);

const APPLICATION = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'shop', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'shop' }, annotations: { note: 'x' } },
  spec: {
    project: 'default',
    source: { repoURL: 'https://git.example.com/org/repo.git', targetRevision: 'main', path: 'dist' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['PruneLast=true'] },
  },
};

const KUSTOMIZATION = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'shop', namespace: 'flux-system' },
  spec: { interval: '10m', path: './dist', prune: true, sourceRef: { kind: 'GitRepository', name: 'shop' } },
};

describe('Argo CD and Flux objects are checked against the model packages\' schemas', () => {
  test('the packages check the kinds the GitOps output is made of', () => {
    expect(MODEL_KINDS).toEqual([
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
      'argoproj.io/v1alpha1/AppProject',
      'source.toolkit.fluxcd.io/v1/GitRepository',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
    ]);
  });

  test('a valid Application and Kustomization have no finding: maps such as labels hold any key', () => {
    expect(findings(APPLICATION)).toEqual([]);
    expect(findings(KUSTOMIZATION)).toEqual([]);
  });

  test('fails when a field is missing, of the wrong type, or not an allowed value (TT0001)', () => {
    const { project: _project, ...spec } = APPLICATION.spec;
    expect(findings({ ...APPLICATION, spec: { ...spec, syncPolicy: { retry: { limit: 'five' } } } })).toEqual([
      'TT0001 spec.project: is required',
      'TT0001 spec.syncPolicy.retry.limit: must be an integer, got "five"',
    ]);
    expect(findings({ ...KUSTOMIZATION, spec: { ...KUSTOMIZATION.spec, prune: 'true', interval: '10 minutes', sourceRef: { kind: 'GitRepo', name: 'x' } } })).toEqual([
      'TT0001 spec.interval: must match the pattern ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$, got "10 minutes"',
      'TT0001 spec.prune: must be a boolean, got "true"',
      'TT0001 spec.sourceRef.kind: must be one of "OCIRepository", "GitRepository", "Bucket", got "GitRepo"',
    ]);
  });

  test('fails when a field is unknown to the schema, at any depth (TT0002), as for the pinned CRDs', () => {
    const typo = { ...APPLICATION, spec: { ...APPLICATION.spec, syncPolicy: { automated: { prun: true } } } };
    expect(findings(typo)).toEqual(['TT0002 spec.syncPolicy.automated.prun: is not a field of this schema; known fields: allowEmpty, prune, selfHeal']);
    expect(findings({ ...KUSTOMIZATION, metadata: { ...KUSTOMIZATION.metadata, labelz: { a: 'b' } } })).toEqual([
      expect.stringMatching(/^TT0002 metadata\.labelz: is not a field of this schema; known fields: annotations, .*labels/),
    ]);
  });

  test("an AppProject's descriptions, which the package's validator lost, are fields: strings, not unknown", () => {
    const project = (spec: Record<string, unknown>) =>
      ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'demo', namespace: 'argocd' }, spec: { sourceRepos: ['*'], ...spec } }) as KubeObject;
    expect(findings(project({ description: 'Demo project', roles: [{ name: 'ci', description: 'CI role', policies: [] }] }))).toEqual([]);
    // a null is pruned, as for any field that is not nullable
    expect(findings(project({ description: null, roles: [{ name: 'ci', description: null }] }))).toEqual([]);
    expect(findings(project({ description: 3, roles: [{ name: 'ci', descriptio: 'CI role' }] }))).toEqual([
      'TT0001 spec.description: must be a string, got 3',
      expect.stringMatching(/^TT0002 spec\.roles\[0\]\.descriptio: is not a field of this schema/),
    ]);
  });

  test('fails when a Flux GitRepository URL is scp-like, which Flux does not clone', () => {
    const repository = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'shop', namespace: 'flux-system' },
      spec: { interval: '1m', url: 'git@github.com:org/repo.git', ref: { branch: 'main' } },
    };
    expect(findings(repository)).toEqual(['TT0001 spec.url: must match the pattern ^(http|https|ssh)://.*$, got "git@github.com:org/repo.git"']);
  });

  test('a kind neither package is used for still gets the one unknown-kind info (TT0004)', () => {
    const release = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'x', namespace: 'flux-system' }, spec: {} };
    expect(findings(release)).toEqual([expect.stringMatching(/^TT0004 : no schema for HelmRelease/)]);
  });

  test('fails the synth of a broken GitOps object, with the finding as lint prints it', () => {
    const app = new App();
    const chart = new OutputChart(app, 'argocd', { file: 'argocd/shop.yaml' });
    const application = new ArgoCdApplication(chart, 'Application', {
      name: 'shop',
      repoURL: 'https://git.example.com/org/repo.git',
      branch: 'main',
      path: 'dist',
      destinationNamespace: 'shop',
    });
    ApiObject.of(application.node.defaultChild!).addJsonPatch(JsonPatch.add('/spec/syncPolicy/automated/prun', true));
    new ApiObject(chart, 'Broken', { ...KUSTOMIZATION, spec: { ...KUSTOMIZATION.spec, prune: 'yes' } });
    let error: unknown;
    try {
      synthesizeGitOps(app);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SynthError);
    expect((error as SynthError).problems).toEqual([
      'Error [TT0001] (Kustomization flux-system/shop argocd/shop.yaml) spec.prune: must be a boolean, got "yes"',
      expect.stringMatching(/^Error \[TT0002\] \(Application argocd\/shop argocd\/shop\.yaml\) spec\.syncPolicy\.automated\.prun: is not a field/),
    ]);
  });

  test('lint reports them in any YAML, with their lines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitops-lint-'));
    try {
      const file = path.join(dir, 'app.yaml');
      writeFileSync(file, [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata: { name: shop, namespace: argocd }',
        'spec:',
        '  project: default',
        '  destination: { server: "https://kubernetes.default.svc" }',
        '  source: { repoURL: "https://git.example.com/org/repo.git", path: dist, targetRevison: main }',
        '',
      ].join('\n'));
      const outcome = await runCli(lintCommand, [file]);
      expect(outcome.exitCode).toBe(1);
      expect(outcome.stdout).toContain(`Error [TT0002] (Application argocd/shop ${file}:7) spec.source.targetRevison: is not a field of this schema`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('formats a finding of the model schemas as the pinned schemas\' findings are formatted', () => {
    const [finding] = validateObjects([{ object: { ...KUSTOMIZATION, spec: { ...KUSTOMIZATION.spec, wait: 'no' } } as KubeObject, file: 'k.yaml' }]);
    expect(formatFinding(finding)).toEqual('Error [TT0001] (Kustomization flux-system/shop k.yaml) spec.wait: must be a boolean, got "no"');
  });
});
