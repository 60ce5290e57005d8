// Endpoints and EndpointSlices as the API server validates them at create (core's ValidateEndpointsCreate,
// discovery's ValidateEndpointSliceCreate), cases adapted from their validation tests; the manual endpoints of a
// Service without a selector are how a mesh reaches a database outside the cluster.
import { check, obj } from './support/objects';

const problems = (o: ReturnType<typeof obj>) =>
  check(o)
    .filter((f) => f.severity === 'error' && f.code.startsWith('TT'))
    .map((f) => `${f.code} ${f.field}: ${f.message}`);
const endpoints = (subsets: unknown[]) => problems(obj('v1', 'Endpoints', 'orders-db', { subsets }));
const slice = (rest: Record<string, unknown>) =>
  problems(obj('discovery.k8s.io/v1', 'EndpointSlice', 'orders-db-1', { metadata: { labels: { 'kubernetes.io/service-name': 'orders-db' } }, ...rest }));
const subset = (changes: Record<string, unknown> = {}) => ({ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 5432 }], ...changes });

describe('Endpoints', () => {
  test('addresses with hostnames and node names, not-ready addresses, named ports pass; a lone port may be unnamed', () => {
    expect(endpoints([subset()])).toEqual([]);
    expect(
      endpoints([
        subset({
          addresses: [{ ip: '10.1.2.3', hostname: 'db-0', nodeName: 'node-1.example.com' }, { ip: '2001:db8::5' }],
          notReadyAddresses: [{ ip: '10.1.2.4' }],
          ports: [{ name: 'postgres', port: 5432, protocol: 'TCP', appProtocol: 'postgresql' }, { name: 'metrics', port: 9187 }],
        }),
      ]),
    ).toEqual([]);
    // netutils.ParseIPSloppy reads leading zeros
    expect(endpoints([subset({ addresses: [{ ip: '10.001.2.3' }] })])).toEqual([]);
  });

  test('refuses a subset without addresses, an address that is no IP or a special one, a bad hostname or node name', () => {
    expect(endpoints([{ ports: [{ port: 5432 }] }])).toEqual(['TT0017 subsets[0]: a subset needs addresses or notReadyAddresses']);
    expect(endpoints([subset({ addresses: [{ ip: 'db.example.com' }] })])).toEqual([
      'TT0019 subsets[0].addresses[0].ip: must be an IP address, such as 10.9.8.7, got "db.example.com"',
    ]);
    expect(endpoints([subset({ addresses: [{ ip: '127.0.0.1' }] })])).toEqual([
      'TT0019 subsets[0].addresses[0].ip: an endpoint may not be a loopback address (127.0.0.0/8), got "127.0.0.1"',
    ]);
    expect(endpoints([subset({ notReadyAddresses: [{ ip: '169.254.169.254' }] })])).toEqual([
      'TT0019 subsets[0].notReadyAddresses[0].ip: an endpoint may not be a link-local address (169.254.0.0/16), got "169.254.169.254"',
    ]);
    expect(endpoints([subset({ addresses: [{ ip: '10.1.2.3', hostname: 'db.0' }] })])[0]).toMatch(/^TT0019 subsets\[0\]\.addresses\[0\]\.hostname: must be a DNS-1123 label/);
    expect(endpoints([subset({ addresses: [{ ip: '10.1.2.3', nodeName: 'Node_1' }] })])[0]).toMatch(/^TT0019 subsets\[0\]\.addresses\[0\]\.nodeName: a node name must be/);
  });

  test('refuses several ports without names, bad names, port numbers, protocols or app protocols', () => {
    expect(endpoints([subset({ ports: [{ port: 5432 }, { name: 'metrics', port: 9187 }] })])).toEqual([
      'TT0017 subsets[0].ports[0].name: each port needs a name when a subset has several',
    ]);
    expect(endpoints([subset({ ports: [{ name: 'Postgres', port: 5432 }] })])[0]).toMatch(/^TT0019 subsets\[0\]\.ports\[0\]\.name: must be a DNS-1123 label/);
    expect(endpoints([subset({ ports: [{ port: 0 }] })])).toEqual(['TT0014 subsets[0].ports[0].port: port must be a port number between 1 and 65535, got 0']);
    expect(endpoints([subset({ ports: [{ port: 5432, protocol: 'HTTP' }] })])).toEqual([
      'TT0015 subsets[0].ports[0].protocol: the protocol must be one of SCTP, TCP, UDP, got "HTTP"',
    ]);
    expect(endpoints([subset({ ports: [{ port: 5432, appProtocol: 'a/b/c' }] })])[0]).toMatch(/^TT0019 subsets\[0\]\.ports\[0\]\.appProtocol: must be a qualified name/);
  });
});

describe('EndpointSlices', () => {
  const endpoint = (changes: Record<string, unknown> = {}) => ({ addresses: ['10.1.2.3'], ...changes });
  const ipv4 = (endpointsList: unknown[], ports: unknown[] = [{ name: 'postgres', port: 5432 }]) => slice({ addressType: 'IPv4', endpoints: endpointsList, ports });

  test('IPv4, IPv6 and FQDN slices, conditions, hostnames, zones and hints, unnamed ports pass', () => {
    expect(
      ipv4([
        endpoint({ hostname: 'db-0', nodeName: 'node-1', zone: 'us-east-1a', conditions: { ready: true }, hints: { forZones: [{ name: 'us-east-1a' }] } }),
        endpoint({ addresses: ['10.1.2.4', '::ffff:10.1.2.5'], deprecatedTopology: { 'kubernetes.io/hostname': 'node-2' } }),
      ]),
    ).toEqual([]);
    expect(slice({ addressType: 'IPv6', endpoints: [endpoint({ addresses: ['2001:db8::5'] })], ports: [{ port: 5432 }] })).toEqual([]);
    expect(slice({ addressType: 'FQDN', endpoints: [endpoint({ addresses: ['db.example.com', 'replica.example.com.'] })], ports: [] })).toEqual([]);
    // a port without a number stands for every port
    expect(ipv4([endpoint()], [{ name: '' }])).toEqual([]);
  });

  test('refuses an unknown address type, addresses of another type, too few or too many, special ones', () => {
    expect(slice({ addressType: 'IP', endpoints: [] })).toEqual(['TT0015 addressType: the address type must be one of FQDN, IPv4, IPv6, got "IP"']);
    expect(ipv4([endpoint({ addresses: [] })])).toEqual(['TT0017 endpoints[0].addresses: an endpoint needs at least one address']);
    expect(ipv4([endpoint({ addresses: Array.from({ length: 101 }, (_, i) => `10.1.0.${i + 1}`) })])).toEqual([
      'TT0018 endpoints[0].addresses: may hold at most 100 addresses, got 101',
    ]);
    expect(ipv4([endpoint({ addresses: ['2001:db8::5'] })])).toEqual([
      'TT0019 endpoints[0].addresses[0]: must be an IPv4 address (the slice\'s addressType), got "2001:db8::5"',
    ]);
    expect(slice({ addressType: 'IPv6', endpoints: [endpoint({ addresses: ['::ffff:10.1.2.3', 'fe80::1'] })] })).toEqual([
      'TT0019 endpoints[0].addresses[0]: must be an IPv6 address (the slice\'s addressType), got "::ffff:10.1.2.3"',
      'TT0019 endpoints[0].addresses[1]: an endpoint may not be a link-local address (fe80::/10), got "fe80::1"',
    ]);
    expect(ipv4([endpoint({ addresses: ['0.0.0.0'] })])).toEqual(['TT0019 endpoints[0].addresses[0]: an endpoint may not be an unspecified address (0.0.0.0), got "0.0.0.0"']);
    expect(slice({ addressType: 'FQDN', endpoints: [endpoint({ addresses: ['localhost'] })] })).toEqual([
      'TT0019 endpoints[0].addresses[0]: must be a fully qualified domain name of at least two labels, such as db.example.com, got "localhost"',
    ]);
    expect(slice({ addressType: 'FQDN', endpoints: [endpoint({ addresses: [`${'a'.repeat(64)}.example.com`] })] })[0]).toMatch(
      /^TT0019 endpoints\[0\]\.addresses\[0\]: must be a fully qualified domain name whose labels are each a DNS-1123 label/,
    );
  });

  test('refuses bad hostnames, node names and zone hints, and leaves the dropped deprecated topology alone', () => {
    expect(ipv4([endpoint({ hostname: 'db_0' })])[0]).toMatch(/^TT0019 endpoints\[0\]\.hostname: must be a DNS-1123 label/);
    expect(ipv4([endpoint({ nodeName: '' })])[0]).toMatch(/^TT0019 endpoints\[0\]\.nodeName: a node name must be/);
    // a v1 request's deprecated topology is dropped before validation (dropTopologyOnV1)
    expect(ipv4([endpoint({ deprecatedTopology: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`--k${i}`, 'v'])) })])).toEqual([]);
    expect(ipv4([endpoint({ hints: { forZones: [{ name: 'a' }, { name: 'a' }] } })])).toEqual([
      'TT0019 endpoints[0].hints.forZones[1].name: zone hints must differ: "a" is given twice',
    ]);
    expect(ipv4([endpoint({ hints: { forZones: Array.from({ length: 9 }, (_, i) => ({ name: `z${i}` })) } })])).toEqual([
      'TT0018 endpoints[0].hints.forZones: may hold at most 8 zones, got 9',
    ]);
  });

  test('refuses ports with the same name (unnamed ones too), bad names or protocols', () => {
    expect(ipv4([endpoint()], [{ port: 5432 }, { port: 9187 }])).toEqual(['TT0019 ports[1].name: port names must differ within a slice: "" is given twice']);
    expect(ipv4([endpoint()], [{ name: 'Postgres', port: 5432 }])[0]).toMatch(/^TT0019 ports\[0\]\.name: must be a DNS-1123 label/);
    expect(ipv4([endpoint()], [{ name: 'p', port: 5432, protocol: '' }])).toEqual(['TT0015 ports[0].protocol: the protocol must be one of SCTP, TCP, UDP, got ""']);
    const ports = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `p${i}`, port: i + 1 }));
    expect(ipv4([endpoint()], ports(20_000))).toEqual([]);
    expect(ipv4([endpoint()], ports(20_001))).toEqual(['TT0018 ports: may hold at most 20000 ports, got 20001']);
  });
});
