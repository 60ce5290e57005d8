// CSIDrivers as the API server validates them at create (pkg/apis/storage/validation ValidateCSIDriver), cases
// adapted from its validation tests.
import { errorLines, obj } from './support/objects';

const csiDriver = (spec: Record<string, unknown>) =>
  errorLines(obj('storage.k8s.io/v1', 'CSIDriver', 'hostpath.csi.k8s.io', { spec }, undefined));

describe('CSIDrivers', () => {
  test('the csi-driver-host-path driver passes, and so do the defaults alone', () => {
    expect(csiDriver({})).toEqual([]);
    expect(
      csiDriver({
        attachRequired: false,
        podInfoOnMount: true,
        fsGroupPolicy: 'File',
        volumeLifecycleModes: ['Persistent', 'Ephemeral'],
        tokenRequests: [{ audience: 'vault', expirationSeconds: 600 }, { audience: '' }],
        requiresRepublish: true,
      }),
    ).toEqual([]);
  });

  test('refuses an unknown fsGroup policy or lifecycle mode, repeated audiences, expirations out of range', () => {
    expect(csiDriver({ fsGroupPolicy: 'Always' })).toEqual([
      'TT0015 spec.fsGroupPolicy: the fsGroup policy must be one of File, None, ReadWriteOnceWithFSType, got "Always"',
    ]);
    expect(csiDriver({ volumeLifecycleModes: ['Persistent', 'Inline'] })).toEqual([
      'TT0015 spec.volumeLifecycleModes[1]: a volume lifecycle mode must be one of Persistent, Ephemeral, got "Inline"',
    ]);
    expect(csiDriver({ tokenRequests: [{ audience: 'vault' }, { audience: 'vault', expirationSeconds: 10 }] })).toEqual([
      'TT0019 spec.tokenRequests[1].audience: token requests must have different audiences: "vault" is given twice',
    ]);
    expect(csiDriver({ tokenRequests: [{ audience: 'a', expirationSeconds: 599 }, { audience: 'b', expirationSeconds: 2 ** 32 + 1 }] })).toEqual([
      'TT0019 spec.tokenRequests[0].expirationSeconds: may not be less than 10 minutes (600 seconds), got 599',
      'TT0019 spec.tokenRequests[1].expirationSeconds: may not be more than 2^32 seconds, got 4294967297',
    ]);
  });
});
