// Ingresses, IngressClasses and NetworkPolicies as the API server validates them (pkg/apis/networking/validation),
// on cases adapted from its validation_test.go.
import { errorLines, obj } from './support/objects';

const NET = 'networking.k8s.io/v1';
const problems = errorLines;
const backend = { service: { name: 'web', port: { number: 80 } } };
const ingress = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => obj(NET, 'Ingress', 'web', { metadata, spec });
const rule = (paths: unknown[], host = 'shop.example.com') => ({ host, http: { paths } });
const prefix = (path: string, pathType: string | undefined = 'Prefix') => ({ path, ...(pathType ? { pathType } : {}), backend });

describe('Ingresses', () => {
  test('what the API server accepts passes', () => {
    expect(problems(ingress({ defaultBackend: backend }))).toEqual([]);
    expect(
      problems(
        ingress(
          {
            ingressClassName: 'nginx',
            rules: [
              rule([prefix('/'), prefix('/api', 'Exact'), prefix('', 'ImplementationSpecific'), prefix('/a//b', 'ImplementationSpecific')]),
              rule([{ path: '/x', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }], '*.example.com'),
              // a rule with only a host, and a resource backend
              { host: 'other.example.com' },
              rule([{ path: '/static', pathType: 'Prefix', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } } }], ''),
            ],
            tls: [{ hosts: ['shop.example.com', '*.example.com'], secretName: 'shop-tls' }, {}],
          },
          { annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
        ),
      ),
    ).toEqual([]);
  });

  test('needs a default backend or rules; a backend is a service or a resource, with a port name or number', () => {
    expect(problems(ingress({}))).toEqual(['TT0017 spec: an Ingress needs a defaultBackend or rules']);
    expect(problems(ingress({ defaultBackend: { ...backend, resource: { kind: 'Bucket', name: 'b' } } }))).toEqual([
      'TT0019 spec.defaultBackend: a backend is a service or a resource, not both',
    ]);
    expect(problems(ingress({ defaultBackend: { service: { name: '1svc', port: { name: 'http', number: 80 } } } }))).toEqual([
      expect.stringMatching(/^TT0019 spec\.defaultBackend\.service\.name: must be a DNS-1035 label .*got "1svc"$/),
      'TT0019 spec.defaultBackend: a backend port is a name or a number, not both',
    ]);
    expect(problems(ingress({ defaultBackend: { service: { name: '', port: {} } } }))).toEqual([
      "TT0017 spec.defaultBackend.service.name: the backend Service's name is required",
      'TT0017 spec.defaultBackend: a Service backend needs a port name or number',
    ]);
    expect(problems(ingress({ defaultBackend: { service: { name: 'web', port: { number: 70000 } } } }))).toEqual([
      'TT0014 spec.defaultBackend.service.port.number: must be a port number between 1 and 65535, got 70000',
    ]);
  });

  test('hosts are DNS names, a wildcard only as a leading *.; no IP addresses', () => {
    expect(problems(ingress({ rules: [rule([prefix('/')], '127.0.0.1')] }))).toEqual([
      'TT0019 spec.rules[0].host: must be a DNS name, not an IP address, got "127.0.0.1"',
    ]);
    for (const host of ['foobar:80', '*', 'foo.*.bar.com']) {
      expect(problems(ingress({ rules: [rule([prefix('/')], host)] }))).toEqual([expect.stringMatching(new RegExp(`^TT0019 spec\\.rules\\[0\\]\\.host: must be a .*got "${host.replace(/[.*]/g, '\\$&')}"$`))]);
    }
    expect(problems(ingress({ defaultBackend: backend, tls: [{ hosts: ['foo.*.bar.com'], secretName: 'invalid name' }] }))).toEqual([
      expect.stringMatching(/^TT0019 spec\.tls\[0\]\.hosts\[0\]: must be a wildcard DNS-1123 subdomain/),
      expect.stringMatching(/^TT0019 spec\.tls\[0\]\.secretName: must be a DNS-1123 subdomain .*got "invalid name"$/),
    ]);
  });

  test('paths: a type, and for Exact and Prefix an absolute path without //, /./, /../, %2f or a trailing /. or /..', () => {
    const paths = (...list: unknown[]) => problems(ingress({ rules: [rule(list)] }));
    expect(paths(prefix('foo'), prefix('', 'Exact'))).toEqual([
      'TT0019 spec.rules[0].http.paths[0].path: must be an absolute path, got "foo"',
      'TT0019 spec.rules[0].http.paths[1].path: must be an absolute path, got ""',
    ]);
    expect(paths(prefix('/foo//bar'), prefix('/foo/%2F/x'), prefix('/foo/..'), prefix('/foo/.', 'Exact'), prefix('/a/./b/../c'))).toEqual([
      "TT0019 spec.rules[0].http.paths[0].path: must not contain '//', got \"/foo//bar\"",
      "TT0019 spec.rules[0].http.paths[1].path: must not contain '%2F', got \"/foo/%2F/x\"",
      "TT0019 spec.rules[0].http.paths[2].path: cannot end with '/..', got \"/foo/..\"",
      "TT0019 spec.rules[0].http.paths[3].path: cannot end with '/.', got \"/foo/.\"",
      "TT0019 spec.rules[0].http.paths[4].path: must not contain '/../', got \"/a/./b/../c\"",
      "TT0019 spec.rules[0].http.paths[4].path: must not contain '/./', got \"/a/./b/../c\"",
    ]);
    expect(paths(prefix('x', 'ImplementationSpecific'))).toEqual(['TT0019 spec.rules[0].http.paths[0].path: must be an absolute path, got "x"']);
    // no type: the definition requires it (as ValidateIngressSpec does), and nothing else of the path is checked
    expect(paths({ path: 'x', backend: { service: { name: '1', port: {} } } })).toEqual(['TT0001 spec.rules[0].http.paths[0].pathType: is required']);
    expect(paths(prefix('x', 'Regex'))).toEqual([
      'TT0015 spec.rules[0].http.paths[0].pathType: must be one of Exact, ImplementationSpecific, Prefix, got "Regex"',
    ]);
    expect(problems(ingress({ rules: [{ host: 'a.example.com', http: { paths: [] } }] }))).toEqual([
      'TT0017 spec.rules[0].http.paths: an HTTP rule needs at least one path',
    ]);
  });

  test('an ingress class name matching the legacy annotation when both are given', () => {
    // an empty string is set: a class name must still be a subdomain, and an empty annotation differs from it
    expect(problems(ingress({ defaultBackend: backend, ingressClassName: '' }))).toEqual([expect.stringMatching(/^TT0019 spec\.ingressClassName: must be a DNS-1123 subdomain/)]);
    expect(problems(ingress({ defaultBackend: backend, ingressClassName: 'nginx' }, { annotations: { 'kubernetes.io/ingress.class': '' } }))).toEqual([
      'TT0019 metadata.annotations["kubernetes.io/ingress.class"]: must match spec.ingressClassName ("nginx") when both are given, got ""',
    ]);
    expect(problems(ingress({ defaultBackend: backend, ingressClassName: 'bar' }, { annotations: { 'kubernetes.io/ingress.class': 'foo' } }))).toEqual([
      'TT0019 metadata.annotations["kubernetes.io/ingress.class"]: must match spec.ingressClassName ("bar") when both are given, got "foo"',
    ]);
  });
});

describe('IngressClasses', () => {
  const ingressClass = (spec: Record<string, unknown>) => obj(NET, 'IngressClass', 'nginx', { spec }, undefined);

  test('a domain-prefixed controller; parameters whose scope says whether they name a namespace', () => {
    expect(problems(ingressClass({ controller: 'example.com/ingress', parameters: { kind: 'Config', name: 'c' } }))).toEqual([]);
    expect(problems(ingressClass({ controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'C', name: 'c', scope: 'Namespace', namespace: 'ing' } }))).toEqual([]);
    expect(problems(ingressClass({ controller: 'example.com' }))).toEqual([
      'TT0019 spec.controller: must be a domain-prefixed path such as example.com/ingress, got "example.com"',
    ]);
    expect(problems(ingressClass({ controller: 'Example.com/a b' }))).toEqual([
      expect.stringMatching(/^TT0019 spec\.controller: its domain must be a DNS-1123 subdomain .*got "Example\.com"$/),
      "TT0019 spec.controller: its path may hold letters, digits and -._~%!$&'()*+,;=:/ only, got \"a b\"",
    ]);
    expect(problems(ingressClass({ controller: `example.com/${'a'.repeat(240)}` }))).toEqual(['TT0018 spec.controller: must be at most 250 bytes, got 252']);
    expect(problems(ingressClass({ controller: 'example.com/x', parameters: { kind: 'C', name: 'c', scope: 'Namespace' } }))).toEqual([
      'TT0017 spec.parameters.namespace: parameters whose scope is Namespace need their namespace',
    ]);
    expect(problems(ingressClass({ controller: 'example.com/x', parameters: { kind: 'C', name: 'c', namespace: 'x' } }))).toEqual([
      'TT0019 spec.parameters.namespace: parameters whose scope is Cluster name no namespace',
    ]);
    expect(problems(ingressClass({ controller: 'example.com/x', parameters: { kind: 'C', name: 'c', namespace: '' } }))).toEqual([
      'TT0019 spec.parameters.namespace: parameters whose scope is Cluster name no namespace',
    ]);
    expect(problems(ingressClass({ controller: 'example.com/x', parameters: { kind: 'C', name: 'c', scope: '' } }))).toEqual([
      'TT0015 spec.parameters.scope: must be one of Cluster, Namespace, got ""',
    ]);
    expect(problems(ingressClass({ controller: 'example.com/x', parameters: { kind: 'C', name: 'c', scope: 'Foo' } }))).toEqual([
      'TT0015 spec.parameters.scope: must be one of Cluster, Namespace, got "Foo"',
    ]);
  });
});

describe('NetworkPolicies', () => {
  const policy = (spec: Record<string, unknown>) => obj(NET, 'NetworkPolicy', 'np', { spec: { podSelector: { matchLabels: { a: 'b' } }, ...spec } });
  const ingressPorts = (...ports: unknown[]) => problems(policy({ ingress: [{ ports }] }));
  const ingressPeers = (...from: unknown[]) => problems(policy({ ingress: [{ from }] }));

  test('what the API server accepts passes', () => {
    expect(problems(policy({ ingress: [{}] }))).toEqual([]);
    expect(problems(policy({ ingress: [{ from: [], ports: [] }], egress: [], policyTypes: ['Ingress', 'Egress'] }))).toEqual([]);
    expect(ingressPorts({ port: 80 }, { protocol: 'TCP' }, { protocol: 'UDP', port: 'dns' }, { protocol: 'SCTP', port: 7777 }, { port: 32000, endPort: 32768 }, { port: 32768, endPort: 32768 })).toEqual([]);
    expect(ingressPeers({ podSelector: {}, namespaceSelector: { matchLabels: { team: 'a' } } }, { ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.3.0/24', '192.168.4.0/24'] } })).toEqual([]);
    expect(ingressPeers({ ipBlock: { cidr: 'fd00:192:168::/48', except: ['fd00:192:168:3::/64'] } })).toEqual([]);
    // net.IPNet.Contains compares an IPv4-mapped exception as IPv4; the prefix lengths compare as written (8 < 112)
    expect(ingressPeers({ ipBlock: { cidr: '10.0.0.0/8', except: ['::ffff:10.1.0.0/112'] } })).toEqual([]);
    // netutils.ParseCIDRSloppy: host bits and leading zeros are accepted in 1.33
    expect(ingressPeers({ ipBlock: { cidr: '192.168.5.6/24' } }, { ipBlock: { cidr: '010.001.0.0/16' } })).toEqual([]);
  });

  test('ports: a protocol, a port number or name, an end port after a port number and not below it', () => {
    expect(ingressPorts({ protocol: 'ICMP' })).toEqual(['TT0015 spec.ingress[0].ports[0].protocol: must be one of TCP, UDP, SCTP, got "ICMP"']);
    expect(ingressPorts({ port: 123456789 }, { port: '!@#$' })).toEqual([
      'TT0014 spec.ingress[0].ports[0].port: must be a port number between 1 and 65535, got 123456789',
      expect.stringMatching(/^TT0014 spec\.ingress\[0\]\.ports\[1\]\.port: must be an IANA service name .*got "!@#\$"$/),
    ]);
    expect(ingressPorts({ port: 'dns', endPort: 32768 }, { endPort: 32768 }, { port: 35000, endPort: 32768 }, { port: 30000, endPort: 65537 })).toEqual([
      'TT0014 spec.ingress[0].ports[0].endPort: may not be given when port is a name ("dns")',
      'TT0014 spec.ingress[0].ports[1].endPort: may not be given without a port',
      'TT0014 spec.ingress[0].ports[2].endPort: must be at least port (35000), got 32768',
      'TT0014 spec.ingress[0].ports[3].endPort: must be a port number between 1 and 65535, got 65537',
    ]);
  });

  test('peers: something to match, an ipBlock alone, a CIDR, exceptions strictly inside it', () => {
    expect(ingressPeers({})).toEqual(['TT0017 spec.ingress[0].from[0]: a peer needs a podSelector, a namespaceSelector or an ipBlock']);
    expect(ingressPeers({ namespaceSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } })).toEqual([
      'TT0019 spec.ingress[0].from[0]: a peer with an ipBlock may not also have a podSelector or namespaceSelector',
    ]);
    expect(problems(policy({ egress: [{ to: [{ ipBlock: { cidr: '' } }, { ipBlock: { cidr: '192.168.5.6' } }, { ipBlock: { cidr: 'fd00:192:168::' } }] }] }))).toEqual([
      'TT0017 spec.egress[0].to[0].ipBlock.cidr: an ipBlock needs a cidr',
      'TT0019 spec.egress[0].to[1].ipBlock.cidr: must be a CIDR such as 10.9.8.0/24 or 2001:db8::/64, got "192.168.5.6"',
      'TT0019 spec.egress[0].to[2].ipBlock.cidr: must be a CIDR such as 10.9.8.0/24 or 2001:db8::/64, got "fd00:192:168::"',
    ]);
    expect(
      ingressPeers(
        { ipBlock: { cidr: '192.168.8.0/24', except: ['192.168.9.1/32', '192.168.8.0/24', '300.300.300.300', 'fd00::/64', '192.168.8.128/25'] } },
      ),
    ).toEqual([
      'TT0019 spec.ingress[0].from[0].ipBlock.except[0]: must be a strict subset of cidr (192.168.8.0/24), got "192.168.9.1/32"',
      'TT0019 spec.ingress[0].from[0].ipBlock.except[1]: must be a strict subset of cidr (192.168.8.0/24), got "192.168.8.0/24"',
      'TT0019 spec.ingress[0].from[0].ipBlock.except[2]: must be a CIDR such as 10.9.8.0/24 or 2001:db8::/64, got "300.300.300.300"',
      'TT0019 spec.ingress[0].from[0].ipBlock.except[3]: must be a strict subset of cidr (192.168.8.0/24), got "fd00::/64"',
    ]);
  });

  test('at most two policy types, each Ingress or Egress', () => {
    expect(problems(policy({ policyTypes: ['foo', 'bar'] }))).toEqual([
      'TT0015 spec.policyTypes[0]: must be one of Ingress, Egress, got "foo"',
      'TT0015 spec.policyTypes[1]: must be one of Ingress, Egress, got "bar"',
    ]);
    expect(problems(policy({ policyTypes: ['foo', 'bar', 'baz'] }))).toEqual(['TT0019 spec.policyTypes: may name at most two policy types (Ingress, Egress), got 3']);
  });
});
