// APIServices as kube-aggregator's ValidateAPIService checks them at create: metrics-server's registration and the
// aggregator's local ones, and each rule broken once.
import { check, errorLines, obj } from './support/objects';

const metricsServer = { name: 'metrics-server', namespace: 'kube-system' };
const apiService = (spec: Record<string, unknown>, name = 'v1beta1.metrics.k8s.io') =>
  errorLines(obj('apiregistration.k8s.io/v1', 'APIService', name, { spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, ...spec } }, undefined));

describe('APIServices', () => {
  test("metrics-server's registration (port defaulted to 443) and a local core APIService pass", () => {
    expect(apiService({ service: metricsServer, insecureSkipTLSVerify: true })).toEqual([]);
    expect(apiService({ service: { ...metricsServer, port: 4443 }, caBundle: 'LS0tLS1CRUdJTg==' })).toEqual([]);
    expect(apiService({ group: '', version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 }, 'v1.')).toEqual([]);
    expect(apiService({ groupPriorityMinimum: 20000, versionPriority: 1000, service: metricsServer })).toEqual([]);
  });

  test('refuses an empty group but for v1, a group or version of the wrong form, priorities out of range', () => {
    expect(apiService({ group: '' }, 'v1beta1.')).toEqual([
      'TT0017 spec.group: only the core group\'s version v1 may have an empty group, got version "v1beta1"',
    ]);
    expect(apiService({ group: 'Metrics_k8s.io' }, 'v1beta1.Metrics_k8s.io')).toEqual([
      expect.stringMatching(/^TT0019 spec\.group: must be a DNS-1123 subdomain .*got "Metrics_k8s\.io"$/),
    ]);
    expect(apiService({ version: '1beta1' }, '1beta1.metrics.k8s.io')).toEqual([
      expect.stringMatching(/^TT0019 spec\.version: must be a DNS-1035 label .*got "1beta1"$/),
    ]);
    expect(apiService({ groupPriorityMinimum: 0, versionPriority: 1001 })).toEqual([
      'TT0019 spec.groupPriorityMinimum: must be from 1 to 20000, got 0',
      'TT0019 spec.versionPriority: must be from 1 to 1000, got 1001',
    ]);
    expect(apiService({ groupPriorityMinimum: 20001, versionPriority: -1 })).toEqual([
      'TT0019 spec.groupPriorityMinimum: must be from 1 to 20000, got 20001',
      'TT0019 spec.versionPriority: must be from 1 to 1000, got -1',
    ]);
  });

  test('the name is compared with spec.version + "." + spec.group even when the spec leaves them out', () => {
    const named = (name: string, spec?: Record<string, unknown>) =>
      check(obj('apiregistration.k8s.io/v1', 'APIService', name, spec ? { spec } : {}, undefined))
        .filter((f) => f.code === 'TT0007')
        .map((f) => f.message);
    expect(named('v1beta1.metrics.k8s.io', { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100 })).toEqual([]);
    expect(named('metrics')).toEqual(['must be spec.version + "." + spec.group ("."), got "metrics"']);
    expect(named('v1beta1', { group: 'metrics.k8s.io', groupPriorityMinimum: 100, versionPriority: 100 })).toEqual([
      'must be spec.version + "." + spec.group (".metrics.k8s.io"), got "v1beta1"',
    ]);
  });

  test('a local APIService takes no CA bundle and no insecureSkipTLSVerify', () => {
    expect(apiService({ caBundle: 'AAAA', insecureSkipTLSVerify: true })).toEqual([
      'TT0019 spec.caBundle: a local APIService (no spec.service) may not have a caBundle, got 3 bytes',
      'TT0019 spec.insecureSkipTLSVerify: a local APIService (no spec.service) may not have insecureSkipTLSVerify',
    ]);
    expect(apiService({ caBundle: '', insecureSkipTLSVerify: false })).toEqual([]);
  });

  test('a service needs a namespace, a name and a valid port, and not both a CA bundle and insecureSkipTLSVerify', () => {
    expect(apiService({ service: {} })).toEqual([
      'TT0017 spec.service.name: the service of an APIService needs a name',
      'TT0017 spec.service.namespace: the service of an APIService needs a namespace',
    ]);
    // a port given as 0 is kept (the default fills only a missing one)
    expect(apiService({ service: { ...metricsServer, port: 0 } })).toEqual(['TT0014 spec.service.port: port must be a port number between 1 and 65535, got 0']);
    expect(apiService({ service: { ...metricsServer, port: 65536 } })).toEqual([
      'TT0014 spec.service.port: port must be a port number between 1 and 65535, got 65536',
    ]);
    expect(apiService({ service: metricsServer, caBundle: 'AAAA', insecureSkipTLSVerify: true })).toEqual([
      'TT0019 spec.insecureSkipTLSVerify: may not be true when a caBundle is given',
    ]);
  });
});
