// The GitOps output: per environment, an Argo CD Application and a Flux GitRepository and Kustomization that deploy
// the environment's output directory, with prune; and the constructs they are made of.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'cdk8s';
import { ArgoCdApplication, FluxGitRepository, FluxKustomization, OutputChart } from '../constructs';
import { buildGitOpsApp, ENVIRONMENTS, GITOPS, GITOPS_OUTDIR, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { filesUnder } from '../src/files/files-under';
import { withOutputMarker } from '../src/synth/output-marker';
import { synthesizeGitOps } from '../src/synth/gitops-output';
import { objectIn } from './support/synth';

const root = path.join(__dirname, '..');
const result = synthesizeGitOps(buildGitOpsApp(TUTORIAL_PROJECT));

describe('the GitOps output', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e.outdir, e.overrides.namespace ?? TUTORIAL.namespace]))(
    'argocd/%s.yaml: one Application deploying %s/ with automated sync, prune and self-heal',
    (env, outdir, namespace) => {
      const file = `argocd/${env}.yaml`;
      expect(result.manifests.find((m) => m.file === file)?.objects.map((o) => o.kind)).toEqual(['Application']);
      const application = objectIn(result, file, 'Application', `tracing-tutorial-${env}`);
      expect(application.apiVersion).toEqual('argoproj.io/v1alpha1');
      expect(application.metadata.namespace).toEqual('argocd');
      expect(application.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(application.spec.source).toEqual({ repoURL: GITOPS.repoURL, targetRevision: GITOPS.branch, path: outdir });
      expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace });
      expect(application.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(application.spec.syncPolicy.syncOptions).toEqual(['PruneLast=true']);
      expect(application.spec.syncPolicy.retry.limit).toBeLessThan(0);
    },
  );

  test.each(ENVIRONMENTS.map((e) => [e.name, e.outdir]))(
    'flux/%s.yaml: a GitRepository and a Kustomization of ./%s with prune and wait',
    (env, outdir) => {
      const file = `flux/${env}.yaml`;
      const name = `tracing-tutorial-${env}`;
      expect(result.manifests.find((m) => m.file === file)?.objects.map((o) => o.kind)).toEqual(['GitRepository', 'Kustomization']);
      const source = objectIn(result, file, 'GitRepository', name);
      expect(source.apiVersion).toEqual('source.toolkit.fluxcd.io/v1');
      expect(source.metadata.namespace).toEqual('flux-system');
      expect(source.spec).toEqual({ url: GITOPS.repoURL, ref: { branch: GITOPS.branch }, interval: '1m' });
      const kustomization = objectIn(result, file, 'Kustomization', name);
      expect(kustomization.apiVersion).toEqual('kustomize.toolkit.fluxcd.io/v1');
      expect(kustomization.metadata.namespace).toEqual('flux-system');
      expect(kustomization.spec).toMatchObject({ path: `./${outdir}`, prune: true, wait: true, sourceRef: { kind: 'GitRepository', name } });
      expect(kustomization.spec.dependsOn).toBeUndefined();
    },
  );

  test('every environment directory it points at has the Kustomization Argo CD and Flux build', () => {
    for (const e of ENVIRONMENTS) expect(existsSync(path.join(root, e.outdir, 'Kustomization'))).toBe(true);
  });

  test('sets no sync waves: the environments\' objects stay as kubectl apply -f applies them', () => {
    for (const e of ENVIRONMENTS) {
      for (const file of filesUnder(path.join(root, e.outdir)).filter((f) => f.endsWith('.yaml'))) {
        expect(readFileSync(path.join(root, e.outdir, file), 'utf8')).not.toContain('argocd.argoproj.io/sync-wave');
      }
    }
  });

  test('every object passes the Argo CD and Flux schemas: no finding at all, not even an unknown kind', () => {
    expect(result.findings).toEqual([]);
    expect(result.manifests.flatMap((m) => m.objects)).toHaveLength(3 * ENVIRONMENTS.length);
  });

  test('applies nothing as a whole: no Kustomization and no manifest at the top, since the environments are alternatives', () => {
    expect(result.files.filter((f) => !f.path.includes('/')).map((f) => f.path)).toEqual(['README.md']);
  });

  test('the README names every file, the repository and the branch', () => {
    const readme = result.files.find((f) => f.path === 'README.md')!.content;
    expect(readme).toContain(`Repository \`${GITOPS.repoURL}\`, branch \`${GITOPS.branch}\``);
    for (const e of ENVIRONMENTS) {
      expect(readme).toContain(`| \`${e.outdir}/\` | ${e.overrides.namespace ?? TUTORIAL.namespace} | \`gitops/argocd/${e.name}.yaml\` | \`gitops/flux/${e.name}.yaml\` |`);
    }
    // both tools put back what an opt-in file changes in the directory (self-heal, Flux's drift correction)
    expect(readme.replace(/\n/g, ' ')).toContain("an opt-in file applied by hand that changes one of its objects (the canary's route) is undone at the next sync");
  });

  test('the path setting puts the output directories below the project\'s directory in the repository', () => {
    const nested = synthesizeGitOps(buildGitOpsApp({ ...TUTORIAL_PROJECT, gitops: { ...GITOPS, path: 'deploy/tracing' } }));
    expect(objectIn(nested, 'argocd/staging.yaml', 'Application', 'tracing-tutorial-staging').spec.source.path).toEqual('deploy/tracing/dist-staging');
    expect(objectIn(nested, 'flux/staging.yaml', 'Kustomization', 'tracing-tutorial-staging').spec.path).toEqual('./deploy/tracing/dist-staging');
  });

  test(`the committed ${GITOPS_OUTDIR}/ is what a fresh synth writes (run \`npm run synth -- --all\` if this fails)`, () => {
    const fresh = withOutputMarker(result.files);
    expect(filesUnder(path.join(root, GITOPS_OUTDIR)).sort()).toEqual(fresh.map((f) => f.path).sort());
    for (const f of fresh) expect(readFileSync(path.join(root, GITOPS_OUTDIR, f.path), 'utf8')).toEqual(f.content);
  });
});

describe('the GitOps constructs', () => {
  const chart = () => new OutputChart(new App(), 'test', { file: 'test.yaml' });
  const application = { name: 'shop', repoURL: 'https://git.example.com/org/repo.git', branch: 'main', path: 'dist', destinationNamespace: 'shop' };

  test('an Application and a Kustomization take the namespace, project and server given, and the source by object', () => {
    const c = chart();
    new ArgoCdApplication(c, 'Application', { ...application, namespace: 'gitops', project: 'tutorials', destinationServer: 'https://10.0.0.1:6443' });
    const source = new FluxGitRepository(c, 'Source', { name: 'repo', url: 'ssh://git@git.example.com/org/repo.git', branch: 'release/1.0', namespace: 'flux' });
    new FluxKustomization(c, 'Kustomization', { name: 'shop', source, path: 'deploy/dist' });
    const [app, repo, kustomization] = c.toJson();
    expect(app.metadata.namespace).toEqual('gitops');
    expect(app.spec.project).toEqual('tutorials');
    expect(app.spec.destination.server).toEqual('https://10.0.0.1:6443');
    expect(repo.spec.ref).toEqual({ branch: 'release/1.0' });
    expect(kustomization.metadata.namespace).toEqual('flux');
    expect(kustomization.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'repo' });
    expect(kustomization.spec.path).toEqual('./deploy/dist');
  });

  test('fails when the repository URL is not one Flux clones (scp-like)', () => {
    expect(() => new ArgoCdApplication(chart(), 'A', { ...application, repoURL: 'git@github.com:org/repo.git' })).toThrow(
      /argo cd application repoURL \(shop\) must be an http:\/\/, https:\/\/ or ssh:\/\/ URL .*got 'git@github.com:org\/repo.git'/,
    );
    expect(() => new FluxGitRepository(chart(), 'R', { name: 'r', url: 'github.com/org/repo', branch: 'main' })).toThrow(/flux git repository url \(r\) must be/);
  });

  test('fails when the branch is no git branch name', () => {
    for (const branch of ['', 'feature..x', 'topic/', '-main', 'a b', 'x.lock']) {
      expect(() => new ArgoCdApplication(chart(), 'A', { ...application, branch })).toThrow(/branch \(shop\) must be a git branch name/);
    }
  });

  test('fails when the path is not a relative directory of the repository', () => {
    for (const p of ['/dist', 'dist/', '../dist', 'a/./b', '']) {
      expect(() => new FluxKustomization(chart(), 'K', { name: 'k', source: new FluxGitRepository(chart(), 'R', { name: 'r', url: application.repoURL, branch: 'main' }), path: p }))
        .toThrow(/flux kustomization path \(k\) must be a relative path/);
    }
    expect(() => new ArgoCdApplication(chart(), 'A', { ...application, path: '../x' })).toThrow(/argo cd application path \(shop\) must be a relative path/);
  });

  test('fails when a name is not a DNS label', () => {
    expect(() => new ArgoCdApplication(chart(), 'A', { ...application, name: 'Shop_App' })).toThrow(/argo cd application name must be a DNS-1123 label/);
  });
});
