// StorageClasses and ResourceQuotas as the API server validates them (ValidateStorageClass, ValidateResourceQuotaSpec).
import { errorLines, obj } from './support/objects';

const problems = errorLines;

describe('StorageClasses', () => {
  const storageClass = (rest: Record<string, unknown>) => obj('storage.k8s.io/v1', 'StorageClass', 'fast', { provisioner: 'kubernetes.io/foo-provisioner', ...rest }, undefined);

  test('a qualified provisioner, Delete or Retain, a binding mode Kubernetes knows; an explicit empty reclaim policy passes', () => {
    expect(problems(storageClass({ parameters: { type: 'pd-ssd' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' }))).toEqual([]);
    expect(problems(storageClass({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: '' }))).toEqual([]);
    expect(problems(storageClass({ provisioner: '' }))).toEqual(['TT0017 provisioner: the provisioner is required']);
    expect(problems(storageClass({ provisioner: 'a/b/c' }))).toEqual([expect.stringMatching(/^TT0019 provisioner: must be a qualified name .*got "a\/b\/c"$/)]);
    expect(problems(storageClass({ reclaimPolicy: 'Recycle', volumeBindingMode: 'foo' }))).toEqual([
      'TT0015 reclaimPolicy: must be one of Delete, Retain, got "Recycle"',
      'TT0015 volumeBindingMode: must be one of Immediate, WaitForFirstConsumer, got "foo"',
    ]);
    expect(problems(storageClass({ parameters: Object.fromEntries(Array.from({ length: 513 }, (_, i) => [`p${i}`, 'v'])) }))).toEqual([
      'TT0018 parameters: may hold at most 512 parameters, got 513',
    ]);
  });

  test('allowed topologies: values, a key once per term, no term twice', () => {
    // Go's list of seen terms starts with one empty term per term: a term without expressions is always a repeat
    expect(problems(storageClass({ allowedTopologies: [{ matchLabelExpressions: [] }] }))).toEqual([
      'TT0019 allowedTopologies[0].matchLabelExpressions: repeats an earlier term of allowedTopologies',
    ]);
    const term = (key: string, values: string[]) => ({ matchLabelExpressions: [{ key, values }] });
    expect(problems(storageClass({ allowedTopologies: [term('topology.kubernetes.io/zone', ['a', 'b']), term('topology.kubernetes.io/zone', ['c'])] }))).toEqual([]);
    expect(
      problems(
        storageClass({
          allowedTopologies: [
            { matchLabelExpressions: [{ key: 'zone', values: [] }, { key: 'zone', values: ['a', 'a'] }] },
            term('rack', ['1', '2']),
            term('rack', ['2', '1']),
          ],
        }),
      ),
    ).toEqual([
      'TT0017 allowedTopologies[0].matchLabelExpressions[0].values: an expression needs at least one value',
      'TT0019 allowedTopologies[0].matchLabelExpressions[1].key: repeats the key "zone" of an earlier expression of the term',
      'TT0019 allowedTopologies[0].matchLabelExpressions[1].values[1]: repeats the value "a"',
      'TT0019 allowedTopologies[2].matchLabelExpressions: repeats an earlier term of allowedTopologies',
    ]);
  });
});

describe('ResourceQuotas', () => {
  const quota = (spec: Record<string, unknown>) => obj('v1', 'ResourceQuota', 'q', { spec });

  test('what the API server accepts passes', () => {
    expect(problems(quota({ hard: { cpu: '100m', 'requests.memory': '1Gi', pods: 10, 'count/deployments.apps': '5', 'requests.nvidia.com/gpu': 2 } }))).toEqual([]);
    expect(problems(quota({ hard: { pods: 10, cpu: '2' }, scopes: ['NotTerminating', 'PriorityClass'] }))).toEqual([]);
    expect(problems(quota({ hard: { pods: 10 }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } }))).toEqual([]);
  });

  test('resource names and values: a quota resource, not negative, whole counts', () => {
    expect(problems(quota({ hard: { storage: '10Gi', foo: 1 } }))).toEqual([
      expect.stringMatching(/^TT0015 spec\.hard\.foo: must be a resource a quota limits .*got "foo"$/),
      expect.stringMatching(/^TT0015 spec\.hard\.storage: must be a resource a quota limits .*got "storage"$/),
    ]);
    expect(problems(quota({ hard: { pods: '.1', services: '0.5', cpu: '-1', 'count/pods': '1500m' } }))).toEqual([
      'TT0019 spec.hard.cpu: must not be negative, got "-1"',
      'TT0019 spec.hard.pods: must be a whole number (a count), got ".1"',
      'TT0019 spec.hard.services: must be a whole number (a count), got "0.5"',
      'TT0019 spec.hard["count/pods"]: must be a whole number (a count), got "1500m"',
    ]);
  });

  test('scopes: known ones, applied to what they can limit, not in conflicting pairs; scope selectors alike', () => {
    expect(problems(quota({ hard: { pods: 1 }, scopes: ['Terminating', 'NotTerminating', 'foo'] }))).toEqual([
      'TT0015 spec.scopes: scope must be one of Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity, VolumeAttributesClass, got "foo"',
      'TT0019 spec.scopes: the scopes Terminating and NotTerminating conflict',
    ]);
    expect(problems(quota({ hard: { cpu: 1, pods: 1 }, scopes: ['BestEffort'] }))).toEqual(['TT0019 spec.scopes: the scope BestEffort cannot limit cpu']);
    expect(problems(quota({ hard: { pods: 10, 'requests.storage': '10Gi' }, scopes: ['VolumeAttributesClass'] }))).toEqual([
      'TT0019 spec.scopes: the scope VolumeAttributesClass cannot limit pods',
    ]);
    expect(
      problems(quota({ hard: { pods: 1 }, scopeSelector: { matchExpressions: [{ scopeName: 'BestEffort', operator: 'In', values: ['x'] }, { scopeName: 'PriorityClass', operator: 'In' }] } })),
    ).toEqual([
      'TT0017 spec.scopeSelector.matchExpressions[1].values: values must be given when operator is In',
      'TT0019 spec.scopeSelector.matchExpressions[0].operator: must be Exists for the scope BestEffort, got "In"',
    ]);
  });
});

describe('LimitRanges', () => {
  const limits = (...items: unknown[]) => problems(obj('v1', 'LimitRange', 'lr', { spec: { limits: items } }));

  test('what the API server accepts passes, defaults filled in as v1 fills them', () => {
    expect(
      limits(
        { type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '100m' }, default: { cpu: '500m' }, defaultRequest: { cpu: '200m' }, maxLimitRequestRatio: { cpu: '4' } },
        { type: 'Pod', max: { cpu: '4' } },
        { type: 'PersistentVolumeClaim', min: { storage: '5Gi' } },
        // a type of its own may bound any standard resource, huge pages included (IsStandardResourceName)
        { type: 'example.com/node', max: { 'hugepages-2Mi': '1Gi', storage: '1Ti' } },
      ),
    ).toEqual([]);
  });

  test('types, defaults of a Pod, a claim without a storage bound', () => {
    expect(limits({ type: 'foo', max: { cpu: '1' } }, { type: 'Pod', default: { cpu: '1' } }, { type: 'Pod', max: { cpu: '1' } }, { type: 'PersistentVolumeClaim', max: { cpu: '1' } })).toEqual([
      'TT0015 spec.limits[0].type: must be one of Pod, Container, PersistentVolumeClaim or a domain-prefixed type, got "foo"',
      'TT0017 spec.limits[3]: a PersistentVolumeClaim limit needs a min or max storage',
      'TT0019 spec.limits[1].default: may not be given when type is Pod',
      'TT0019 spec.limits[2].type: repeats the type "Pod" of an earlier limit',
    ]);
  });

  test('min <= default request <= default <= max, and the ratio', () => {
    expect(limits({ type: 'Pod', max: { cpu: '10m' }, min: { cpu: '100m' } })).toEqual(['TT0019 spec.limits[0].min.cpu: min "100m" is greater than max "10m"']);
    expect(limits({ type: 'Container', max: { cpu: '1' }, min: { cpu: '100m' }, default: { cpu: '2000m' } })).toEqual([
      'TT0019 spec.limits[0].default.cpu: the default "2000m" is greater than max "1"',
      'TT0019 spec.limits[0].defaultRequest.cpu: the default request "2000m" is greater than max "1"',
    ]);
    expect(limits({ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '800m' } })).toEqual([
      'TT0019 spec.limits[0].defaultRequest.cpu: the default request "800m" is greater than the default limit "500m"',
    ]);
    expect(limits({ type: 'Pod', maxLimitRequestRatio: { cpu: '800m' } }, { type: 'Container', max: { memory: '2Gi' }, min: { memory: '512Mi' }, maxLimitRequestRatio: { memory: '10' } })).toEqual([
      'TT0019 spec.limits[0].maxLimitRequestRatio.cpu: the ratio "800m" is less than 1',
      'TT0019 spec.limits[1].maxLimitRequestRatio.memory: the ratio "10" is greater than max/min = 4.000000',
    ]);
    expect(limits({ type: 'Container', default: { 'example.com/gpu': '2' }, defaultRequest: { 'example.com/gpu': '1' } })).toEqual([
      'TT0019 spec.limits[0].defaultRequest["example.com/gpu"]: example.com/gpu cannot be overcommitted: the default "2" must equal the default request "1"',
    ]);
  });

  test('quantities compared exactly, after v1 rounds them up to milli, and the ratio in milli units as Go computes it', () => {
    // 700m and 0.7 are one value (binary floating point calls 700m more)
    expect(limits({ type: 'Container', min: { cpu: '700m' }, defaultRequest: { cpu: '0.7' }, default: { cpu: '0.7' }, max: { cpu: '700m' } })).toEqual([]);
    // 1.2m and 1.5m are both 2m once defaulted
    expect(limits({ type: 'Pod', min: { cpu: '1.5m' }, max: { cpu: '1.2m' } })).toEqual([]);
    expect(limits({ type: 'Pod', min: { cpu: '1.5m' }, max: { cpu: '1m' } })).toEqual(['TT0019 spec.limits[0].min.cpu: min "1.5m" is greater than max "1m"']);
    // max/min of 500m/100m is 5: a ratio of 5 passes, 5.5 does not (whole units would have made it 1/1)
    expect(limits({ type: 'Pod', min: { cpu: '100m' }, max: { cpu: '500m' }, maxLimitRequestRatio: { cpu: '5' } })).toEqual([]);
    expect(limits({ type: 'Pod', min: { cpu: '100m' }, max: { cpu: '500m' }, maxLimitRequestRatio: { cpu: '5.5' } })).toEqual([
      'TT0019 spec.limits[0].maxLimitRequestRatio.cpu: the ratio "5.5" is greater than max/min = 5.000000',
    ]);
    // a min of 0 makes max/min infinite
    expect(limits({ type: 'Pod', min: { cpu: '0' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '100' } })).toEqual([]);
  });
});
