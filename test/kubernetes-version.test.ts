// Core kinds are validated against the Kubernetes 1.33 definitions by default, 1.27 on request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintCommand } from '../src/cli/lint';
import { DEFAULT_KUBERNETES_VERSION, validateObjects } from '../src/validate';
import { buildApp, ENVIRONMENTS, TUTORIAL_PROJECT } from '../src/project';
import { synthesize } from '../src/synth/synthesize';
import { runCli } from './support/cli';

const pod = (initContainer: Record<string, unknown>) => ({
  object: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: { initContainers: [{ name: 'proxy', image: 'proxy:1', ...initContainer }], containers: [{ name: 'app', image: 'app:1' }] },
  },
  file: 'pod.yaml',
});

const codes = (findings: { code: string; field?: string }[]) => findings.filter((f) => f.code.startsWith('TT000')).map((f) => `${f.code} ${f.field ?? ''}`);

describe('the Kubernetes version of validation', () => {
  test('is 1.33 unless named, a version Istio 1.30 supports', () => {
    expect(DEFAULT_KUBERNETES_VERSION).toEqual('1.33');
    expect(ENVIRONMENTS.map((e) => e.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION)).toEqual(ENVIRONMENTS.map(() => '1.33'));
  });

  test('knows the fields of 1.33: a native sidecar (an init container with restartPolicy Always) is valid', () => {
    expect(codes(validateObjects([pod({ restartPolicy: 'Always' })]))).toEqual([]);
  });

  test('fails on a field 1.27 does not have when 1.27 is asked for', () => {
    expect(codes(validateObjects([pod({ restartPolicy: 'Always' })], { kubernetesVersion: '1.27' }))).toEqual([
      'TT0002 spec.initContainers[0].restartPolicy',
    ]);
  });

  test('an environment may ask for 1.27', () => {
    const environment = { ...ENVIRONMENTS[0], kubernetesVersion: '1.27' as const };
    const result = synthesize(buildApp(TUTORIAL_PROJECT, environment), { kubernetesVersion: environment.kubernetesVersion });
    expect(result.findings.find((f) => f.code === 'TT0004')?.message).toMatch(/in Kubernetes 1\.27, the pinned CRDs or a CRD of the set/);
  });

  test('fails on a kind 1.33 no longer serves (flowcontrol v1beta2, removed in 1.29) that 1.27 knows', () => {
    const flowSchema = {
      object: {
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
        kind: 'FlowSchema',
        metadata: { name: 'f' },
        spec: { priorityLevelConfiguration: { name: 'global-default' } },
      },
      file: 'f.yaml',
    };
    // an error (TT0027) that names the versions 1.33 serves the kind under, not an unknown kind's info (TT0004)
    expect(validateObjects([flowSchema]).filter((f) => ['TT0004', 'TT0027'].includes(f.code))).toEqual([
      expect.objectContaining({
        code: 'TT0027',
        field: 'apiVersion',
        message: 'Kubernetes 1.33 does not serve FlowSchema in flowcontrol.apiserver.k8s.io/v1beta2; it serves FlowSchema as flowcontrol.apiserver.k8s.io/v1',
      }),
    ]);
    expect(codes(validateObjects([flowSchema], { kubernetesVersion: '1.27' }))).toEqual([]);
    // a beta API 1.27 served by default; an alpha one it did not
    expect(validateObjects([flowSchema], { kubernetesVersion: '1.27' }).filter((f) => f.code === 'TT0027')).toEqual([]);
    const cidr = { object: { apiVersion: 'networking.k8s.io/v1alpha1', kind: 'ClusterCIDR', metadata: { name: 'c' }, spec: { perNodeHostBits: 8, ipv4: '10.0.0.0/8' } }, file: 'c.yaml' };
    expect(validateObjects([cidr], { kubernetesVersion: '1.27' }).filter((f) => f.code === 'TT0027').map((f) => f.message)).toEqual([
      'Kubernetes 1.27 does not serve networking.k8s.io/v1alpha1 unless its API server enables it (--runtime-config=networking.k8s.io/v1alpha1=true), as an alpha or beta API',
    ]);
  });

  describe('lint --kube-version', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kube-version-'));
    const file = path.join(dir, 'pod.yaml');
    writeFileSync(file, JSON.stringify(pod({ restartPolicy: 'Always' }).object));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('checks against 1.33 unless told, and against 1.27 on request', async () => {
      expect((await runCli(lintCommand, [file])).exitCode).toBe(0);
      const old = await runCli(lintCommand, ['--kube-version', '1.27', file]);
      expect(old.exitCode).toBe(1);
      expect(old.stdout).toMatch(/\[TT0002\] .*spec.initContainers\[0\].restartPolicy: is not a field of this schema/);
    });

    test('fails with exit 2 on a version without pinned definitions', async () => {
      const outcome = await runCli(lintCommand, ['--kube-version', '1.30', file]);
      expect(outcome.exitCode).toBe(2);
      expect(outcome.stderr).toMatch(/^lint: --kube-version must be one of 1\.27, 1\.33 \(the pinned definitions\), got '1\.30'/);
    });
  });
});
