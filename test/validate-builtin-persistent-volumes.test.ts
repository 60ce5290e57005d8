// PersistentVolumes as the API server validates them at create (core's ValidatePersistentVolume), cases adapted from
// its validation tests: the local, NFS and CSI volumes a GitOps repository declares by hand.
import { errorLines, obj } from './support/objects';

const problems = (spec: Record<string, unknown>) =>
  errorLines(obj('v1', 'PersistentVolume', 'orders-data', { spec }, undefined));
const base = { accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } };
const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } };

describe('PersistentVolumes', () => {
  test('NFS, local with node affinity, CSI with secret references, hostPath volumes pass', () => {
    expect(problems({ ...base, nfs: { server: 'nfs.example.com', path: '/exports/orders' }, persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'nfs' })).toEqual([]);
    expect(problems({ ...base, local: { path: '/mnt/disks/ssd1' }, nodeAffinity: affinity, volumeMode: 'Block' })).toEqual([]);
    expect(
      problems({
        ...base,
        accessModes: ['ReadWriteOncePod'],
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0123', nodePublishSecretRef: { name: 'csi-secret', namespace: 'kube-system' } },
      }),
    ).toEqual([]);
    expect(problems({ ...base, hostPath: { path: '/data', type: 'DirectoryOrCreate' }, persistentVolumeReclaimPolicy: 'Recycle' })).toEqual([]);
    // an in-tree plugin's fields are not checked, only that it is the one source
    expect(problems({ ...base, iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } })).toEqual([]);
  });

  test('refuses missing or unknown access modes, ReadWriteOncePod with others, a capacity other than storage or not above zero', () => {
    const nfs = { nfs: { server: 'nfs.example.com', path: '/exports' } };
    expect(problems({ ...nfs, capacity: { storage: '1Gi' }, accessModes: [] })).toEqual([
      'TT0017 spec.accessModes: accessModes must list at least one access mode',
    ]);
    expect(problems({ ...nfs, ...base, accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] })).toEqual([
      'TT0019 spec.accessModes: ReadWriteOncePod may not be combined with other access modes',
    ]);
    expect(problems({ ...nfs, ...base, accessModes: ['ReadWriteAll'] })).toEqual([
      'TT0015 spec.accessModes[0]: access mode must be one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod, got "ReadWriteAll"',
    ]);
    expect(problems({ ...nfs, ...base, capacity: { storage: '10Gi', cpu: '1' } })).toEqual([
      'TT0015 spec.capacity: must give storage and nothing else, got ["storage","cpu"]',
    ]);
    expect(problems({ ...nfs, ...base, capacity: { storage: '0' } })).toEqual(['TT0019 spec.capacity.storage: must be greater than zero, got "0"']);
  });

  test('refuses no source or two, a local volume without node affinity, bad sources, root hostPath recycled, bad class or mode', () => {
    expect(problems(base)).toEqual(['TT0017 spec: a PersistentVolume needs a volume source (csi, nfs, local, hostPath, ...)']);
    expect(problems({ ...base, nfs: { server: 'nfs.example.com', path: '/exports' }, hostPath: { path: '/data' } })).toEqual([
      'TT0019 spec.nfs: a PersistentVolume may have only one volume source',
    ]);
    expect(problems({ ...base, local: { path: '/mnt/disks/ssd1' } })).toEqual(['TT0017 spec.nodeAffinity: a local volume needs a node affinity (the node its path is on)']);
    expect(problems({ ...base, local: { path: '/mnt/../etc' }, nodeAffinity: affinity })).toEqual([
      "TT0019 spec.local.path: must not contain '..', got \"/mnt/../etc\"",
    ]);
    expect(problems({ ...base, local: { path: '/mnt' }, nodeAffinity: {} })).toEqual([
      'TT0017 spec.nodeAffinity.required: a node affinity must give its required node constraints',
    ]);
    expect(problems({ ...base, local: { path: '/mnt' }, nodeAffinity: { required: { nodeSelectorTerms: [] } } })).toEqual([
      'TT0017 spec.nodeAffinity.required.nodeSelectorTerms: nodeSelectorTerms must list at least one term',
    ]);
    expect(problems({ ...base, nfs: { server: 'nfs.example.com', path: 'exports' } })).toEqual([
      'TT0019 spec.nfs.path: NFS path must be an absolute path, got "exports"',
    ]);
    expect(problems({ ...base, csi: { driver: 'ebs.csi.aws.com', volumeHandle: '', controllerPublishSecretRef: { name: 'csi-secret' } } })).toEqual([
      'TT0017 spec.csi.controllerPublishSecretRef.namespace: a secret reference of a PersistentVolume needs the namespace',
      'TT0017 spec.csi.volumeHandle: a CSI volume needs its volume handle',
    ]);
    expect(problems({ ...base, hostPath: { path: '//./' }, persistentVolumeReclaimPolicy: 'Recycle' })).toEqual([
      "TT0019 spec.persistentVolumeReclaimPolicy: may not be Recycle for a hostPath of '/'",
    ]);
    expect(problems({ ...base, hostPath: { path: '/data' }, persistentVolumeReclaimPolicy: 'Keep' })).toEqual([
      'TT0015 spec.persistentVolumeReclaimPolicy: the reclaim policy must be one of Delete, Recycle, Retain, got "Keep"',
    ]);
    expect(problems({ ...base, hostPath: { path: '/data' }, storageClassName: 'Fast_SSD' })[0]).toMatch(/^TT0019 spec\.storageClassName: must be a DNS-1123 subdomain/);
    const withMountOptions = (spec: Record<string, unknown>) =>
      errorLines(obj('v1', 'PersistentVolume', 'orders-data', { metadata: { annotations: { 'volume.beta.kubernetes.io/mount-options': 'ro,soft' } }, spec }, undefined));
    expect(withMountOptions({ ...base, nfs: { server: 'nfs.example.com', path: '/exports' } })).toEqual([]);
    expect(withMountOptions({ ...base, hostPath: { path: '/data' } })).toEqual([
      'TT0019 metadata.annotations["volume.beta.kubernetes.io/mount-options"]: may not give mount options for this volume source (only gcePersistentDisk, awsElasticBlockStore, glusterfs, nfs, rbd, quobyte, iscsi, cinder, cephfs, azureFile, vsphereVolume, azureDisk, photonPersistentDisk take them)',
    ]);
    expect(problems({ ...base, hostPath: { path: '/data' }, volumeMode: '' })).toEqual([
      'TT0015 spec.volumeMode: the volume mode must be one of Block, Filesystem, got ""',
    ]);
  });
});
