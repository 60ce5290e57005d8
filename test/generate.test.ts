import { generateTopology } from '../src/project';
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
