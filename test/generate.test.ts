import { APPS_PER_GENERATED_MESH, generateMeshes, generateTopology } from '../src/project';
import { topologyProblems } from '../src/validate/topology';
import { allObjects, synthTopology } from './support/synth';

describe('generateTopology', () => {
  const result = synthTopology(generateTopology(50));

  test('50 apps synthesize and validate with no errors', () => {
    // synthesize() throws on any validation error; warnings and infos are allowed
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('each app has its AppsodyApplication, DestinationRule, ingress route and fault scenario', () => {
    const objects = allObjects(result) as any[];
    const count = (kind: string) => objects.filter((o) => o.kind === kind).length;
    expect([count('AppsodyApplication'), count('DestinationRule')]).toEqual([50, 50]);
    const ingress = objects.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'scale-routes');
    expect(ingress.spec.http).toHaveLength(50);
    expect(ingress.spec.http[6].route[0].destination).toEqual({ host: 'svc-07', port: { number: 8080 }, subset: 'v1' });
    expect(result.manifests.filter((m) => m.file.startsWith('faults/'))).toHaveLength(50);
  });

  test('fails for a count below 1', () => {
    expect(() => generateTopology(0)).toThrow('app count must be a whole number of at least 1, got 0');
  });
});

describe('generateMeshes', () => {
  test('up to APPS_PER_GENERATED_MESH apps: the one topology generateTopology makes', () => {
    expect(generateMeshes(APPS_PER_GENERATED_MESH)).toEqual([generateTopology(APPS_PER_GENERATED_MESH)]);
  });

  test('past it: meshes of that many apps in namespaces of their own, app names running on, each behind its own host', () => {
    const count = 2 * APPS_PER_GENERATED_MESH + 7;
    const meshes = generateMeshes(count);
    expect(meshes.map((m) => [m.name, m.namespace, m.apps.length, m.ingress?.hosts])).toEqual([
      [`generated-${count}-1`, 'scale-test-1', APPS_PER_GENERATED_MESH, ['mesh-1.example.com']],
      [`generated-${count}-2`, 'scale-test-2', APPS_PER_GENERATED_MESH, ['mesh-2.example.com']],
      [`generated-${count}-3`, 'scale-test-3', 7, ['mesh-3.example.com']],
    ]);
    const names = meshes.flatMap((m) => m.apps.map((a) => a.name));
    expect([names[0], names[APPS_PER_GENERATED_MESH], names[names.length - 1], new Set(names).size]).toEqual(['svc-0001', 'svc-1001', 'svc-2007', count]);
    for (const mesh of meshes) expect(topologyProblems(mesh)).toEqual([]);
  });

  test('fails for a count below 1', () => {
    expect(() => generateMeshes(0)).toThrow('app count must be a whole number of at least 1, got 0');
  });
});
