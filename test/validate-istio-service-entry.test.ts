import { MESSAGES } from '../src/validate/findings';
import { check, obj } from './support/objects';

// cases from istio 1.30.3 TestValidateServiceEntries, TestValidateWorkloadEntry, TestValidateWorkloadGroup (those the
// CRD schema or its CEL rules already refuse are left out: they never reach the webhook), and a few more

/** The webhook's findings about one object, as `code field`, sorted. */
function webhook(kind: string, spec: unknown): string[] {
  return check(obj('networking.istio.io/v1', kind, 'x', { spec }))
    .filter((f) => f.code === 'TT0020' || f.code === 'TT0021' || f.code.startsWith('TT000'))
    .map((f) => `${f.code} ${f.field}`)
    .sort();
}

type Case = [string, Record<string, unknown>, string[]];

/** Each case's findings by its name (so a diff names the case). */
function expectCases(kind: string, cases: Case[]): void {
  const found = Object.fromEntries(cases.map(([name, spec]) => [name, webhook(kind, spec)]));
  expect(found).toEqual(Object.fromEntries(cases.map(([name, , expected]) => [name, expected])));
}

const http = (n: number, name = `http-valid${n}`) => ({ number: n === 1 ? 80 : 8000 + n, protocol: 'http', name });
const ep = (address: string, ports?: Record<string, number>) => ({ address, ...(ports ? { ports } : {}) });

describe('ServiceEntry (ValidateServiceEntry)', () => {
  test.each(Object.entries<Case[]>({
    'hosts': [
      ['a bad host', { hosts: ['-'], ports: [http(1)], resolution: 'DNS', endpoints: [ep('in.google.com', { 'http-valid1': 9080 })] },
        ['TT0020 spec.hosts[0]']],
      ['a short host name', { hosts: ['foo', 'bar.com'], ports: [http(1)], resolution: 'DNS', endpoints: [ep('in.google.com', { 'http-valid1': 9080 })] }, []],
      ['a partial wildcard host: warns', {
        hosts: ['*.nytimes.com', '*washingtonpost.com'], ports: [{ number: 443, protocol: 'HTTPS', name: 'https' }], resolution: 'NONE',
      }, ['TT0021 spec.hosts[1]']],
      ['several hosts with a TCP port', { hosts: ['a.example.com', 'b.example.com'], ports: [http(1), { number: 81, name: 'db', protocol: 'mongo' }], resolution: 'DNS' },
        ['TT0020 spec.ports[1].protocol']],
      ['several hosts with a port of no protocol', { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 81, name: 'db' }], resolution: 'STATIC' },
        ['TT0020 spec.ports[0]']],
      ['DNS, several hosts with an address and an https port: warns', {
        hosts: ['httpbin.org', 'wikipedia.org'], addresses: ['10.10.10.10'], ports: [http(1), { number: 443, protocol: 'https', name: 'https' }],
        resolution: 'DNS',
      }, ['TT0021 spec.hosts']],
    ],
    'addresses': [
      ['NONE with a CIDR address', { hosts: ['google.com'], addresses: ['172.1.2.16/16'], ports: [http(1)], resolution: 'NONE' }, []],
      ['STATIC with a CIDR address and endpoints', {
        hosts: ['google.com'], addresses: ['172.1.2.16/16'], ports: [http(1), http(2)], resolution: 'STATIC',
        endpoints: [ep('1.1.1.1', { 'http-valid1': 8080 }), ep('2.2.2.2', { 'http-valid2': 9080 })],
      }, []],
      ['bad addresses', { hosts: ['google.com'], addresses: ['1.2.3', '10.0.0.0/33', '01.2.3.4', 'fe80::1%eth0'], ports: [http(1)] },
        ['TT0020 spec.addresses[0]', 'TT0020 spec.addresses[1]', 'TT0020 spec.addresses[2]']],
    ],
    'ports': [
      ['NONE', { hosts: ['google.com'], ports: [http(1), http(2)], resolution: 'NONE' }, []],
      ['an empty protocol with an address', { hosts: ['google.com'], addresses: ['172.1.2.16/16'], ports: [http(1), { number: 8080, name: 'b' }] }, []],
      ['a repeated target port', {
        hosts: ['google.com'], resolution: 'DNS', ports: [{ ...http(1), targetPort: 80 }, { ...http(2), targetPort: 80 }],
      }, []],
      ['no protocol, no addresses, resolution NONE: warns', { hosts: ['google.com'], addresses: [], ports: [http(1), { number: 8080, name: 'b' }] },
        ['TT0021 spec.ports[1]']],
      ['TCP, no addresses, resolution NONE: warns', {
        hosts: ['google.com'], addresses: [], ports: [http(1), { number: 81, protocol: 'TCP', name: 'tcp' }], resolution: 'NONE',
      }, ['TT0021 spec.ports[1].protocol']],
      ['TCP, no addresses, resolution DNS (istiod allocates one)', {
        hosts: ['google.com'], ports: [{ number: 81, protocol: 'TCP', name: 'tcp' }], resolution: 'DNS',
      }, []],
      ['a bad port name and protocol', { hosts: ['google.com'], addresses: ['1.2.3.4'], ports: [{ number: 80, name: 'Http_1', protocol: 'foo' }] },
        ['TT0020 spec.ports[0].name', 'TT0020 spec.ports[0].protocol']],
    ],
    'resolution STATIC': [
      ['STATIC with an FQDN endpoint', {
        hosts: ['google.com'], addresses: ['172.1.2.16'], ports: [http(1)], resolution: 'STATIC', endpoints: [ep('google.com', { 'http-valid1': 8080 })],
      }, ['TT0020 spec.endpoints[0].address']],
      ['STATIC without endpoints', { hosts: ['google.com'], addresses: ['172.1.2.16'], ports: [http(1)], resolution: 'STATIC' }, []],
      ['STATIC with an endpoint port the ServiceEntry lacks', {
        hosts: ['google.com'], addresses: ['172.1.2.16'], ports: [http(1)], resolution: 'STATIC', endpoints: [ep('2.2.2.2', { 'http-dne': 9080 })],
      }, ['TT0020 spec.endpoints[0].ports["http-dne"]']],
      ['STATIC with a unix socket', {
        hosts: ['uds.cluster.local'], ports: [{ number: 6553, protocol: 'grpc', name: 'grpc-service1' }], resolution: 'STATIC',
        endpoints: [ep('unix:///path/to/socket')],
      }, []],
      ['STATIC with a unix socket and two service ports', {
        hosts: ['uds.cluster.local'], ports: [{ number: 6553, protocol: 'grpc', name: 'grpc-service1' }, http(2)], resolution: 'STATIC',
        endpoints: [ep('unix:///path/to/socket')],
      }, ['TT0020 spec.endpoints[0].address']],
      ['STATIC with an endpoint port', {
        hosts: ['google.com'], ports: [{ ...http(1), targetPort: 81 }], resolution: 'STATIC', endpoints: [ep('1.1.1.1', { 'http-valid1': 8081 })],
      }, []],
      ['an endpoint with a network and no address: warns', {
        hosts: ['www.example.com'], ports: [{ number: 443, protocol: 'HTTPS', name: 'https' }], endpoints: [{ network: 'cluster-1' }], resolution: 'STATIC',
      }, ['TT0021 spec.endpoints[0].address']],
      ['an endpoint with an empty address and no network', {
        hosts: ['www.example.com'], ports: [{ number: 443, protocol: 'HTTPS', name: 'https' }], endpoints: [{ address: '' }], resolution: 'STATIC',
      }, ['TT0020 spec.endpoints[0].address']],
    ],
    'resolution DNS and DNS_ROUND_ROBIN': [
      ['DNS with wildcard host and endpoints', {
        hosts: ['*.google.com'], ports: [http(1), http(2)], resolution: 'DNS',
        endpoints: [ep('lon.google.com', { 'http-valid1': 8080 }), ep('in.google.com', { 'http-valid2': 9080 })],
      }, []],
      ['DNS_ROUND_ROBIN with one endpoint', {
        hosts: ['*.istio.io'], ports: [http(1), http(2)], resolution: 'DNS_ROUND_ROBIN', endpoints: [ep('api-v1.istio.io', { 'http-valid1': 8080 })],
      }, []],
      ['DNS with tlsMode labels', {
        hosts: ['*.google.com'], ports: [http(1)], resolution: 'DNS',
        endpoints: [{ ...ep('lon.google.com', { 'http-valid1': 8080 }), labels: { 'security.istio.io/tlsMode': 'istio' } }],
      }, []],
      ['DNS, one host with an address and an https port', {
        hosts: ['httpbin.org'], addresses: ['10.10.10.10'], ports: [http(1), { number: 443, protocol: 'https', name: 'https' }], resolution: 'DNS',
      }, []],
      ['DNS with an IP endpoint', {
        hosts: ['*.google.com'], ports: [http(1)], resolution: 'DNS', endpoints: [ep('1.1.1.1', { 'http-valid1': 8080 })],
      }, []],
      ['an endpoint port the ServiceEntry lacks', {
        hosts: ['google.com'], ports: [http(1), http(2)], resolution: 'DNS',
        endpoints: [ep('lon.google.com', { 'http-valid1': 8080 }), ep('in.google.com', { 'http-dne': 9080 })],
      }, ['TT0020 spec.endpoints[1].ports["http-dne"]']],
      ['DNS with a wildcard endpoint address', {
        hosts: ['*.google.com'], ports: [http(1)], resolution: 'DNS', endpoints: [ep('*.lon.google.com', { 'http-valid1': 8080 })],
      }, ['TT0020 spec.endpoints[0].address']],
      ['DNS with a wildcard host and no endpoints', { hosts: ['*.google.com'], ports: [http(1)], resolution: 'DNS' }, ['TT0020 spec.hosts[0]']],
      ['DNS without endpoints', { hosts: ['google.com'], ports: [http(1)], resolution: 'DNS' }, []],
      ['DNS with a unix endpoint', { hosts: ['*.google.com'], ports: [http(1)], resolution: 'DNS', endpoints: [ep('unix:///lon/google/com')] },
        ['TT0020 spec.endpoints[0].address']],
      ['DNS_ROUND_ROBIN with no endpoints', { hosts: ['google.com'], ports: [http(1)], endpoints: [], resolution: 'DNS_ROUND_ROBIN' }, []],
    ],
    'resolution DYNAMIC_DNS': [
      ['DYNAMIC_DNS', { hosts: ['*.google.com'], ports: [http(1), http(2)], resolution: 'DYNAMIC_DNS' }, []],
      ['DYNAMIC_DNS with a TCP port', {
        hosts: ['*.google.com'], ports: [http(1), { number: 81, protocol: 'TCP', name: 'tcp' }], resolution: 'DYNAMIC_DNS',
      }, ['TT0020 spec.ports[1].protocol']],
      ['DYNAMIC_DNS with a GRPC port', { hosts: ['*.svc.cluster.local'], ports: [{ number: 9090, protocol: 'GRPC', name: 'grpc' }], resolution: 'DYNAMIC_DNS' },
        []],
      ['DYNAMIC_DNS with a host that is no wildcard', { hosts: ['google.com'], ports: [http(1)], resolution: 'DYNAMIC_DNS' }, ['TT0020 spec.hosts[0]']],
      ['DYNAMIC_DNS with endpoints', {
        hosts: ['*.google.com'], ports: [http(1)], resolution: 'DYNAMIC_DNS', endpoints: [ep('in.google.com', { 'http-valid1': 9080 })],
      }, ['TT0020 spec.endpoints']],
      ['DYNAMIC_DNS with an address', { hosts: ['*.google.com'], addresses: ['10.10.10.10'], ports: [http(1)], resolution: 'DYNAMIC_DNS' },
        ['TT0020 spec.addresses']],
      ['DYNAMIC_DNS with several wildcard hosts, MESH_INTERNAL', {
        hosts: ['*.google.com', '*.amazon.com'], ports: [http(1)], resolution: 'DYNAMIC_DNS', location: 'MESH_INTERNAL',
      }, []],
    ],
    'workloadSelector': [
      ['a selector with resolution NONE: warns', { hosts: ['google.com'], workloadSelector: { labels: { foo: 'bar' } }, ports: [http(1)] },
        ['TT0021 spec.workloadSelector']],
      ['a selector without labels: warns twice', { hosts: ['google.com'], workloadSelector: {}, ports: [http(1)] },
        ['TT0021 spec.workloadSelector', 'TT0021 spec.workloadSelector']],
      ['a selector with resolution DNS', { hosts: ['google.com'], workloadSelector: { labels: { foo: 'bar' } }, ports: [http(1)], resolution: 'DNS' }, []],
      ['an empty selector key: refused before any other check', { hosts: ['google.com'], workloadSelector: { labels: { '': 'bar' } }, ports: [http(1)] },
        ['TT0020 spec.workloadSelector.labels[""]']],
      ['a wildcard selector key', { hosts: ['google.com'], workloadSelector: { labels: { 'a*': 'bar' } }, ports: [http(1)], resolution: 'DNS' },
        ['TT0020 spec.workloadSelector.labels["a*"]']],
    ],
    'exportTo': [
      ['exportTo ~ alone', { hosts: ['google.com'], addresses: ['1.2.3.4'], ports: [http(1)], exportTo: ['~'] }, []],
      ['exportTo ~ with others', { hosts: ['google.com'], addresses: ['1.2.3.4'], ports: [http(1)], exportTo: ['~', '.'] }, ['TT0020 spec.exportTo']],
    ],
  }))('%s', (_topic, cases) => expectCases('ServiceEntry', cases));

  test('messages name the value and what is allowed', () => {
    const findings = check(obj('networking.istio.io/v1', 'ServiceEntry', 'x', {
      spec: { hosts: ['google.com'], ports: [http(1)], resolution: 'STATIC', endpoints: [ep('google.com', { 'http-dne': 1 })] },
    })).filter((f) => f.code === 'TT0020');
    expect(findings.map((f) => f.message).sort()).toEqual([
      'an endpoint of a STATIC ServiceEntry needs an IP address or a unix:// socket, got "google.com"',
      'endpoint port "http-dne" must name a port of the ServiceEntry, it has "http-valid1"',
    ]);
  });

  test('reads the object labels: the use-waypoint label and the auto-allocation opt-out', () => {
    const run = (spec: Record<string, unknown>, labels: Record<string, string>) =>
      check(obj('networking.istio.io/v1', 'ServiceEntry', 'x', { metadata: { labels }, spec }))
        .filter((f) => f.code === 'TT0020' || f.code === 'TT0021' || f.code.startsWith('TT000'))
        .map((f) => `${f.code} ${f.field}`);
    const internal = { hosts: ['*.google.com'], ports: [http(1)], resolution: 'DYNAMIC_DNS', location: 'MESH_INTERNAL' };
    expect(run(internal, { 'istio.io/use-waypoint': 'my-waypoint' })).toEqual(['TT0020 spec.location']);
    expect(run(internal, { 'istio.io/use-waypoint': 'None' })).toEqual([]);
    const tcp = { hosts: ['google.com'], ports: [{ number: 81, protocol: 'TCP', name: 'tcp' }], resolution: 'DNS' };
    expect(run(tcp, { 'networking.istio.io/enable-autoallocate-ip': 'False' })).toEqual([`${MESSAGES.istioValidationWarning.code} spec.ports[0].protocol`]);
    expect(run(tcp, {})).toEqual([]);
  });
});

describe('WorkloadEntry (ValidateWorkloadEntry)', () => {
  test('address, ports and labels', () => expectCases('WorkloadEntry', [
    ['an IP address', { address: '1.2.3.4' }, []],
    ['an empty address', { address: '' }, ['TT0020 spec.address']],
    ['a network without an address: warns', { network: 'network-2' }, ['TT0021 spec.address']],
    ['a unix socket', { address: 'unix:///lon/google/com' }, []],
    ['an FQDN', { address: 'validdns.com', ports: { '7777': 7777 } }, []],
    ['an address with a port', { address: 'invaliddns.com:9443', ports: { '7777': 7777 } }, ['TT0020 spec.address']],
    ['an IP address with ports', { address: '172.16.1.1', ports: { '7777': 7777 } }, []],
    ['bad labels', { address: '1.2.3.4', labels: { 'a b': 'x', ok: '-x' } }, ['TT0020 spec.labels.ok', 'TT0020 spec.labels["a b"]']],
  ]));
});

describe('WorkloadGroup (ValidateWorkloadGroup)', () => {
  test('metadata labels and probe', () => expectCases('WorkloadGroup', [
    ['a template', { template: {} }, []],
    ['bad metadata labels: refused before the probe is checked', { template: {}, metadata: { labels: { '.': '~' } }, probe: {} },
      ['TT0020 spec.metadata.labels["."]', 'TT0020 spec.metadata.labels["."]']],
    ['a probe without a method', { template: {}, probe: { periodSeconds: 5 } }, ['TT0020 spec.probe']],
    ['an httpGet probe', { template: {}, probe: { httpGet: { port: 5, httpHeaders: [{ name: 'x-a', value: 'b' }] } } }, []],
    ['httpGet headers with no name or an underscore', { template: {}, probe: { httpGet: { port: 5, httpHeaders: [{ value: 'b' }, { name: 'x_a' }] } } },
      ['TT0020 spec.probe.httpGet.httpHeaders[0].name', 'TT0020 spec.probe.httpGet.httpHeaders[1].name']],
    ['a tcpSocket probe', { template: {}, probe: { tcpSocket: { port: 5 } } }, []],
    ['an exec probe without a command', { template: {}, probe: { exec: { command: [] } } }, ['TT0020 spec.probe.exec.command']],
    ['an exec probe', { template: {}, probe: { exec: { command: ['foo', 'bar'] } } }, []],
    ['a grpc probe', { template: {}, probe: { grpc: { port: 5 } } }, ['TT0020 spec.probe.grpc']],
  ]));
});
