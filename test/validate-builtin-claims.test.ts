// PersistentVolumeClaims and ephemeral volumes' claim templates as the API server validates them
// (ValidatePersistentVolumeClaimSpec after the claim strategy's PrepareForCreate), on cases adapted from testValidatePVC.
import { errorLines, obj } from './support/objects';

const problems = errorLines;
const good = {
  accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
  resources: { requests: { storage: '10G' } },
  storageClassName: 'valid',
  volumeMode: 'Filesystem',
  selector: { matchExpressions: [{ key: 'key2', operator: 'Exists' }] },
};
const claim = (spec: Record<string, unknown>) => obj('v1', 'PersistentVolumeClaim', 'data', { spec: { ...good, ...spec } });
const pod = (template: Record<string, unknown>) =>
  obj('v1', 'Pod', 'p', { spec: { containers: [{ name: 'c', image: 'c' }], volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: template } }] } });

describe('PersistentVolumeClaims', () => {
  test('what the API server accepts passes, data sources it copies or drops included', () => {
    expect(problems(claim({}))).toEqual([]);
    expect(problems(claim({ accessModes: ['ReadWriteOncePod'] }))).toEqual([]);
    expect(problems(claim({ storageClassName: '' }))).toEqual([]);
    expect(problems(claim({ dataSource: { kind: 'PersistentVolumeClaim', name: 'src' } }))).toEqual([]);
    expect(problems(claim({ dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' } }))).toEqual([]);
    // a dataSource of another kind without a dataSourceRef is dropped, however wrong; so is a dataSourceRef naming a namespace
    expect(problems(claim({ dataSource: { apiGroup: '^invalid', kind: 'Foo', name: 'foo1' } }))).toEqual([]);
    expect(problems(claim({ dataSourceRef: { kind: 'Foo', name: '', namespace: 'other' } }))).toEqual([]);
    // VolumeAttributesClass is off in 1.33: the field is dropped
    expect(problems(claim({ volumeAttributesClassName: '-invalid-' }))).toEqual([]);
  });

  test('access modes, the storage request, the class name, the volume mode, the selector', () => {
    expect(problems(claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteMany'] }))).toEqual(['TT0019 spec.accessModes: ReadWriteOncePod may not be combined with other access modes']);
    expect(problems(claim({ accessModes: ['fakemode'] }))).toEqual([
      'TT0015 spec.accessModes[0]: access mode must be one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod, got "fakemode"',
    ]);
    expect(problems(claim({ accessModes: [] }))).toEqual(['TT0017 spec.accessModes: accessModes must list at least one access mode']);
    expect(problems(claim({ resources: { requests: { memory: '10G' } } }))).toEqual(['TT0017 spec.resources.requests.storage: a storage request is required']);
    expect(problems(claim({ resources: { requests: { storage: '0G' } } }))).toEqual(['TT0019 spec.resources.requests.storage: storage request must be greater than 0, got "0G"']);
    expect(problems(claim({ storageClassName: '-invalid-' }))).toEqual([expect.stringMatching(/^TT0019 spec\.storageClassName: must be a DNS-1123 subdomain .*got "-invalid-"$/)]);
    expect(problems(claim({ volumeMode: 'fakeVolumeMode' }))).toEqual(['TT0015 spec.volumeMode: must be one of Block, Filesystem, got "fakeVolumeMode"']);
    expect(problems(claim({ selector: { matchExpressions: [{ key: 'k', operator: 'InvalidOp', values: ['v'] }] } }))).toEqual([
      expect.stringMatching(/^TT0015 spec\.selector\.matchExpressions\[0\]\.operator: /),
    ]);
  });

  test('data sources: a name and kind, a core kind only PersistentVolumeClaim, the two fields agreeing', () => {
    expect(problems(claim({ dataSource: { kind: 'PersistentVolumeClaim', name: 'pvc1' }, dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'pvc2' } }))).toEqual([
      'TT0019 spec.dataSource: must match dataSourceRef (its apiGroup, kind and name) when both are given',
    ]);
    // the API groups compare as pointers: left out and "" differ
    expect(problems(claim({ dataSource: { kind: 'PersistentVolumeClaim', name: 'src' }, dataSourceRef: { apiGroup: '', kind: 'PersistentVolumeClaim', name: 'src' } }))).toEqual([
      'TT0019 spec.dataSource: must match dataSourceRef (its apiGroup, kind and name) when both are given',
    ]);
    expect(problems(claim({ dataSourceRef: { apiGroup: '^invalid', kind: 'Foo', name: 'foo1' } }))).toEqual([
      expect.stringMatching(/^TT0019 spec\.dataSourceRef\.apiGroup: must be a DNS-1123 subdomain .*got "\^invalid"$/),
    ]);
    expect(problems(claim({ dataSourceRef: { kind: 'Secret', name: '' } }))).toEqual([
      'TT0017 spec.dataSourceRef.name: the data source needs a name',
      'TT0019 spec.dataSourceRef: a data source of the core group must be a PersistentVolumeClaim, got "Secret"',
    ]);
  });

  test("an ephemeral volume's claim template: the same rules, and only labels and annotations in its metadata", () => {
    expect(problems(pod({ metadata: { labels: { app: 'a' } }, spec: good }))).toEqual([]);
    // Go refuses a field only when it is not its zero value: what Go-generated YAML writes passes
    expect(problems(pod({ metadata: { creationTimestamp: null, name: '', generation: 0 }, spec: good }))).toEqual([]);
    expect(problems(pod({ metadata: { labels: { 'hello-world': 'hyphen not allowed' }, annotations: { 'bad key!': 'x' } }, spec: good }))).toEqual([
      expect.stringMatching(/^TT0013 spec\.volumes\[0\]\.ephemeral\.volumeClaimTemplate\.metadata\.annotations\["bad key!"\]: annotation key must be/),
      expect.stringMatching(/^TT0013 spec\.volumes\[0\]\.ephemeral\.volumeClaimTemplate\.metadata\.labels\["hello-world"\]: label value must be/),
    ]);
    expect(problems(pod({ metadata: { finalizers: [] }, spec: good }))).toEqual([
      'TT0019 spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.finalizers: cannot be set in a claim template (only labels and annotations)',
    ]);
    expect(problems(pod({ metadata: { name: 'x', finalizers: ['example.com/f'] }, spec: { ...good, accessModes: [] } }))).toEqual([
      'TT0017 spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: accessModes must list at least one access mode',
      'TT0019 spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.finalizers: cannot be set in a claim template (only labels and annotations)',
      'TT0019 spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name: cannot be set in a claim template (only labels and annotations)',
    ]);
  });
});
