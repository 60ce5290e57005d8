// The service and workload analyzers (istioctl 1.30.3's service.PortNameAnalyzer and deployment.MultiServiceAnalyzer):
// IST0118, IST0150, IST0116 and IST0137, on Services, Deployments and AppsodyApplications of the set; and the status
// conditions analyzer (conditions.ConditionAnalyzer), IST0171; the mesh networks analyzer (multicluster.MeshNetworksAnalyzer),
// IST0126.
import type { KubeObject } from '../src/manifests/kube-object';
import { GATEWAY_SERVICE_CHECKS } from '../src/validate/analyzers/gateways-services';
import { portProtocol } from '../src/validate/analyzers/gateways-services/port-names';
import type { SourcedObject } from '../src/validate/findings';
import { MeshIndex } from '../src/validate/mesh/mesh-index';
import { check, obj, withCode } from './support/objects';

/** The findings of the gateway, service and workload analyzers on `objects` (files `f0.yaml`... in order, unless given). */
function analyze(...objects: (KubeObject | SourcedObject)[]) {
  const index = new MeshIndex(objects.map((o, i): SourcedObject => ('object' in o ? (o as SourcedObject) : { object: o as KubeObject, file: `f${i}.yaml` })));
  return GATEWAY_SERVICE_CHECKS.flatMap((c) => c(index));
}

const service = (name: string, ports: unknown[], extra: Record<string, unknown> = {}, ns = 'shop') => {
  const { spec, metadata } = extra as { spec?: Record<string, unknown>; metadata?: Record<string, unknown> };
  return obj('v1', 'Service', name, { ...(metadata ? { metadata } : {}), spec: { selector: { app: 'web' }, ports, ...(spec ?? {}) } }, ns);
};
/** A Deployment whose pods are labelled `app: web` and get a proxy (the injection label), unless `podLabels` say otherwise. */
const deployment = (name = 'web', podLabels: Record<string, string> = { app: 'web', 'sidecar.istio.io/inject': 'true' }, extra: Record<string, unknown> = {}, ns = 'shop') =>
  obj(
    'apps/v1',
    'Deployment',
    name,
    { ...extra, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: podLabels }, spec: { containers: [{ name: 'web', image: 'web' }] } } } },
    ns,
  );
const appsody = (name: string, serviceSpec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  obj('appsody.dev/v1beta1', 'AppsodyApplication', name, { metadata, spec: { applicationImage: name, service: serviceSpec } });

describe('IST0118 PortNameIsNotUnderNamingConvention', () => {
  test('fails when a Service port name tells no protocol', () => {
    expect(analyze(service('web', [{ name: 'web', port: 80, targetPort: 8080 }]))).toEqual([
      expect.objectContaining({
        code: 'IST0118',
        severity: 'info',
        kind: 'Service',
        name: 'web',
        field: 'spec.ports[0].name',
        message:
          'port name "web" (port: 80) doesn\'t follow the naming convention of Istio port (targetPort: 8080): name it <protocol>[-<suffix>] with a protocol of ' +
          'tcp, udp, grpc, grpc-web, http, http_proxy, http2, https, tls, mongo, redis, mysql, or set appProtocol; else Istio sniffs the protocol',
      }),
    ]);
  });

  test('fails when appProtocol tells no protocol, whatever the name, and for an unnamed port (targetPort defaulted to the port)', () => {
    const findings = analyze(service('web', [{ name: 'http', port: 80, appProtocol: 'custom' }, { port: 8080 }]));
    expect(findings.map((f) => [f.field, f.message.replace(/ doesn't follow.*/, '')])).toEqual([
      ['spec.ports[0].appProtocol', 'appProtocol "custom" of port "http" (port: 80, targetPort: 80)'],
      ['spec.ports[1].name', 'port name "" (port: 8080)'],
    ]);
  });

  test('fails for the Service an operator makes of an AppsodyApplication or a RuntimeComponent without portName (<port>-tcp)', () => {
    expect(analyze(appsody('web', { port: 3000 }))).toEqual([
      expect.objectContaining({
        kind: 'AppsodyApplication',
        field: 'spec.service.portName',
        message: expect.stringMatching(
          /^port name "3000-tcp" \(port: 3000\) doesn't follow the naming convention of Istio port \(targetPort: 3000\) \(the name the operator gives a port whose name is not set\): /,
        ),
      }),
    ]);
    expect(analyze(appsody('web', { port: 3000, portName: 'http', ports: [{ port: 9090 }] })).map((f) => f.field)).toEqual(['spec.service.ports[0].name']);
    const component = obj('rc.app.stacks/v1', 'RuntimeComponent', 'web', { spec: { applicationImage: 'web', service: { port: 9080, targetPort: 8080 } } });
    expect(analyze(component).map((f) => [f.kind, f.field, f.message.replace(/ doesn't follow.*/, '')])).toEqual([
      ['RuntimeComponent', 'spec.service.portName', 'port name "9080-tcp" (port: 9080)'],
    ]);
  });

  test('fails for a Service in istio-system without the istio label: istioctl checks that namespace', () => {
    expect(withCode(analyze(service('jaeger-collector', [{ name: 'jaeger-collector-http', port: 14268 }], {}, 'istio-system')), 'IST0118')).toHaveLength(1);
  });

  test('passes for protocol prefixes, appProtocol, UDP, and the ports Istio takes for TCP by number', () => {
    const ports = [
      { name: 'http-web', port: 80 },
      { name: 'HTTP2', port: 81 },
      { name: 'grpc-web-api', port: 82 },
      { name: 'tcp', port: 83 },
      { name: 'mongo-main', port: 84 },
      { name: 'web', port: 85, appProtocol: 'https' },
      { name: 'web-ws', port: 86, appProtocol: 'kubernetes.io/ws' },
      { name: 'dns', port: 87, protocol: 'UDP' },
      { name: 'db', port: 3306 },
      { port: 53 },
    ];
    expect(analyze(service('web', ports))).toEqual([]);
  });

  test('passes for Services of Istio itself and of its gateway controller (waypoints), and in namespaces istioctl drops', () => {
    const meshPort = [{ name: 'mesh', port: 15008 }];
    expect(analyze(service('istiod', meshPort, { metadata: { labels: { istio: '' } } }, 'istio-system'))).toEqual([]);
    expect(analyze(service('istiod', meshPort, { metadata: { labels: { release: 'istio' } } }, 'istio-system'))).toEqual([]);
    expect(analyze(service('waypoint', meshPort, { metadata: { labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' } } }))).toEqual([]);
    expect(analyze(service('east-west', meshPort, { metadata: { labels: { 'gateway.istio.io/managed': 'istio.io-eastwest-controller' } } }))).toEqual([]);
    expect(analyze(service('metrics', [{ name: 'metrics', port: 9100 }], {}, 'kube-system'))).toEqual([]);
  });

  test('classifies ports as Istio does (kube.ConvertProtocol)', () => {
    expect(portProtocol(80, 'GRPC-Web', 'TCP')).toEqual('GRPC-WEB');
    expect(portProtocol(80, 'http', 'TCP', '')).toBeUndefined();
    expect(portProtocol(80, 'x', 'TCP', 'kubernetes.io/h2c')).toEqual('HTTP2');
    expect(portProtocol(27017, 'hbone', 'SCTP')).toEqual('TCP');
    expect(portProtocol(80, 'udp-dns', 'TCP')).toEqual('UDP');
  });
});

describe('IST0150 ExternalNameServiceTypeInvalidPortName', () => {
  test('fails when an ExternalName Service port is named just tcp, or tells no protocol (instead of IST0118)', () => {
    const external = service('db', [{ name: 'tcp', port: 5432 }, { name: 'postgres', port: 5433 }], { spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    expect(analyze(external)).toEqual([
      expect.objectContaining({
        code: 'IST0150',
        severity: 'warning',
        field: 'spec.ports[0].name',
        message:
          'port name "tcp" (port: 5432) for ExternalName service is invalid: the proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol ' +
          'from being forwarded correctly; name it <protocol>-<suffix> (tcp-5432, http-web...)',
      }),
      expect.objectContaining({ code: 'IST0150', field: 'spec.ports[1].name' }),
    ]);
  });

  test('passes for ExternalName ports named <protocol>-<suffix> or http, and reports no IST0118 on them', () => {
    const external = service('db', [{ name: 'tcp-db', port: 5432 }, { name: 'http', port: 80 }], { spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    expect(analyze(external)).toEqual([]);
  });
});

describe('IST0116 DeploymentAssociatedToMultipleServices', () => {
  test('fails when the Services of an in-mesh Deployment use one port with different protocols', () => {
    const findings = analyze(deployment('dns'), service('dns-tcp', [{ name: 'tcp-dns', port: 53 }]), service('dns-udp', [{ name: 'udp-dns', port: 53, protocol: 'UDP' }]));
    expect(withCode(findings, 'IST0116')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'Deployment',
        name: 'dns',
        field: 'metadata.name',
        message:
          'this deployment dns is associated with multiple services using port 53 but different protocols: [shop/dns-tcp shop/dns-udp] ' +
          '(TCP: shop/dns-tcp; UDP: shop/dns-udp); use one protocol per port number in the Services that select its pods',
      }),
    ]);
  });

  test('fails for a Deployment in the mesh by its namespace label', () => {
    const namespace = obj('v1', 'Namespace', 'shop', { metadata: { labels: { 'istio-injection': 'enabled' } } }, undefined);
    const objects = [namespace, deployment('dns', { app: 'web' }), service('a', [{ name: 'tcp', port: 53 }]), service('b', [{ name: 'udp', port: 53, protocol: 'UDP' }])];
    expect(withCode(analyze(...objects), 'IST0116')).toHaveLength(1);
  });

  test('passes out of the mesh, for a waypoint, for one protocol, for Services of other pods or namespaces, and for versions of one Service', () => {
    const tcp = service('a', [{ name: 'tcp', port: 53 }]);
    const udp = service('b', [{ name: 'udp', port: 53, protocol: 'UDP' }]);
    expect(withCode(analyze(deployment('dns', { app: 'web' }), tcp, udp), 'IST0116')).toEqual([]);
    const waypoint = { metadata: { labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' } } };
    expect(withCode(analyze(deployment('dns', undefined, waypoint), tcp, udp), 'IST0116')).toEqual([]);
    expect(withCode(analyze(deployment('dns'), tcp, service('b', [{ name: 'tcp-b', port: 53, protocol: 'TCP' }])), 'IST0116')).toEqual([]);
    expect(withCode(analyze(deployment('dns'), tcp, service('b', [{ name: 'udp', port: 53, protocol: 'UDP' }], { spec: { selector: { app: 'other' } } })), 'IST0116')).toEqual([]);
    expect(withCode(analyze(deployment('dns'), tcp, service('b', [{ name: 'udp', port: 53, protocol: 'UDP' }], {}, 'other')), 'IST0116')).toEqual([]);
    const udpVersion = service('a', [{ name: 'udp', port: 53, protocol: 'UDP' }]);
    expect(withCode(analyze(deployment('dns'), { object: tcp, file: 'v1.yaml' }, { object: udpVersion, file: 'v2.yaml' }), 'IST0116')).toEqual([]);
  });
});

describe('IST0137 DeploymentConflictingPorts', () => {
  test('fails when the Services of an in-mesh Deployment send one targetPort traffic from different ports', () => {
    const findings = analyze(deployment(), service('a', [{ name: 'http', port: 80, targetPort: 9080 }]), service('b', [{ name: 'http', port: 8080, targetPort: 9080 }]));
    expect(withCode(findings, 'IST0137')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        name: 'web',
        field: 'metadata.name',
        message:
          'this deployment web is associated with multiple services [shop/a shop/b] using targetPort "9080" but different ports: [80 8080]; ' +
          'Services that select the same pods must send a targetPort traffic from one port',
      }),
    ]);
  });

  test('fails for one Service with two ports to one targetPort (as istioctl), and for an operator application and a Service of its pods', () => {
    const double = service('a', [{ name: 'http', port: 80, targetPort: 9080 }, { name: 'http-alt', port: 81, targetPort: 9080 }]);
    expect(withCode(analyze(deployment(), double), 'IST0137').map((f) => f.message.replace(/ but .*/, ''))).toEqual([
      'this deployment web is associated with multiple services [shop/a shop/a] using targetPort "9080"',
    ]);
    const app = appsody('front', { port: 3000, portName: 'http' }, { annotations: { 'sidecar.istio.io/inject': 'true' } });
    const extra = service('front-alt', [{ name: 'http', port: 80, targetPort: 3000 }], { spec: { selector: { 'app.kubernetes.io/instance': 'front' } } });
    expect(withCode(analyze(app, extra), 'IST0137')).toEqual([
      expect.objectContaining({ kind: 'AppsodyApplication', field: 'metadata.name', message: expect.stringMatching(/\[shop\/front shop\/front-alt\] using targetPort "3000" but different ports: \[80 3000\]/) }),
    ]);
    const component = obj('rc.app.stacks/v1', 'RuntimeComponent', 'front', {
      spec: { applicationImage: 'front', service: { port: 3000, portName: 'http' }, deployment: { annotations: { 'sidecar.istio.io/inject': 'true' } } },
    });
    expect(withCode(analyze(component, extra), 'IST0137').map((f) => f.kind)).toEqual(['RuntimeComponent']);
    const stateful = obj('rc.app.stacks/v1', 'RuntimeComponent', 'front', { spec: { ...(component.spec as object), statefulSet: {} } });
    expect(withCode(analyze(stateful, extra), 'IST0137')).toEqual([]);
  });

  test('passes for one port per targetPort, a named and a numeric targetPort, and versions of one Service in two files', () => {
    const a = service('a', [{ name: 'http', port: 80, targetPort: 9080 }]);
    expect(withCode(analyze(deployment(), a, service('b', [{ name: 'http', port: 80, targetPort: 9080 }])), 'IST0137')).toEqual([]);
    expect(withCode(analyze(deployment(), a, service('b', [{ name: 'http', port: 8080, targetPort: 'http' }])), 'IST0137')).toEqual([]);
    const moved = service('a', [{ name: 'http', port: 8080, targetPort: 9080 }]);
    expect(withCode(analyze(deployment(), { object: a, file: 'v1.yaml' }, { object: moved, file: 'v2.yaml' }), 'IST0137')).toEqual([]);
  });
});

describe('IST0171 NegativeConditionStatus (conditions.ConditionAnalyzer)', () => {
  const condition = (type: string, status: string, reason = 'R', message = 'm') => ({ type, status, reason, message, lastTransitionTime: '2026-01-01T00:00:00Z' });
  const withStatus = (apiVersion: string, kind: string, name: string, status: unknown, spec: Record<string, unknown> = {}) =>
    obj(apiVersion, kind, name, { spec, status }, 'default');
  const reported = (...objects: KubeObject[]) => withCode(analyze(...objects), 'IST0171').map((f) => `${f.kind} ${f.name}: ${f.message}`);

  test("reports the negative conditions of each kind Istio's analyzer reads, routes' from every parent", () => {
    const parents = { parents: [{ conditions: [condition('Accepted', 'True')] }, { conditions: [condition('ResolvedRefs', 'False', 'BackendNotFound', 'no svc')] }] };
    expect(reported(
      withStatus('v1', 'Service', 'svc', { conditions: [condition('istio.io/WaypointBound', 'False', 'NoWaypoint', 'waypoint "default/wp" is not ready')] }),
      withStatus('networking.istio.io/v1beta1', 'ServiceEntry', 'se', { conditions: [condition('istio.io/WaypointBound', 'False')] }),
      withStatus('networking.istio.io/v1', 'WorkloadEntry', 'we', { conditions: [condition('istio.io/WaypointBound', 'False')] }),
      withStatus('security.istio.io/v1', 'AuthorizationPolicy', 'zt', { conditions: [condition('ZtunnelAccepted', 'False'), condition('WaypointAccepted', 'False')] }),
      withStatus('gateway.networking.k8s.io/v1', 'Gateway', 'gw', { conditions: [condition('Programmed', 'False'), condition('Accepted', 'Unknown')] }),
      withStatus('gateway.networking.k8s.io/v1beta1', 'HTTPRoute', 'http', parents),
      withStatus('gateway.networking.k8s.io/v1', 'GRPCRoute', 'grpc', { parents: [{ conditions: [condition('Accepted', 'False')] }] }),
    )).toEqual([
      'Service svc: A condition with a negative status is present: type=istio.io/WaypointBound, reason=NoWaypoint, message=waypoint "default/wp" is not ready.',
      'ServiceEntry se: A condition with a negative status is present: type=istio.io/WaypointBound, reason=R, message=m.',
      'WorkloadEntry we: A condition with a negative status is present: type=istio.io/WaypointBound, reason=R, message=m.',
      'AuthorizationPolicy zt: A condition with a negative status is present: type=ZtunnelAccepted, reason=R, message=m.',
      'AuthorizationPolicy zt: A condition with a negative status is present: type=WaypointAccepted, reason=R, message=m.',
      'Gateway gw: A condition with a negative status is present: type=Programmed, reason=R, message=m.',
      'HTTPRoute http: A condition with a negative status is present: type=ResolvedRefs, reason=BackendNotFound, message=no svc.',
      'GRPCRoute grpc: A condition with a negative status is present: type=Accepted, reason=R, message=m.',
    ]);
  });

  test("reports an AuthorizationPolicy the waypoint accepted only in part, though its status is True, and a reason or message it lacks as ''", () => {
    expect(reported(withStatus('security.istio.io/v1', 'AuthorizationPolicy', 'part', { conditions: [
      condition('WaypointAccepted', 'True', 'PartiallyInvalid', 'Invalid targetRefs: default/gone'),
      { type: 'ZtunnelAccepted', status: 'False' },
    ] }))).toEqual([
      'AuthorizationPolicy part: A condition with a negative status is present: type=WaypointAccepted, reason=PartiallyInvalid, message=Invalid targetRefs: default/gone.',
      'AuthorizationPolicy part: A condition with a negative status is present: type=ZtunnelAccepted, reason=, message=.',
    ]);
  });

  test("passes a status istioctl's file reader cannot decode into its Go type, which it drops", () => {
    const negative = (extra: Record<string, unknown>) => ({ ...condition('istio.io/WaypointBound', 'False'), ...extra });
    expect(reported(
      withStatus('v1', 'Service', 'time', { conditions: [negative({ lastTransitionTime: 'yesterday' })] }),
      withStatus('gateway.networking.k8s.io/v1', 'HTTPRoute', 'route', { parents: [{ conditions: [{ ...condition('Accepted', 'False'), lastTransitionTime: 'then' }] }] }),
      withStatus('networking.istio.io/v1', 'ServiceEntry', 'generation', { observedGeneration: 'x', conditions: [negative({})] }),
      withStatus('security.istio.io/v1', 'AuthorizationPolicy', 'typed', { conditions: [condition('ZtunnelAccepted', 'False'), { type: 'X', status: 5 }] }),
      withStatus('networking.istio.io/v1', 'WorkloadEntry', 'probe', { conditions: [negative({ lastProbeTime: 'now' })] }),
    )).toEqual([]);
    // what the Go types read: a number written as a string for a generation, an unknown field
    expect(reported(withStatus('networking.istio.io/v1', 'ServiceEntry', 'fine', { observedGeneration: '3', extra: true, conditions: [negative({})] }))).toHaveLength(1);
  });

  test('passes positive conditions, types the analyzer does not list, other kinds, and objects without a status', () => {
    expect(reported(
      withStatus('v1', 'Service', 'ok', { conditions: [condition('istio.io/WaypointBound', 'True'), condition('argocd.argoproj.io/Synced', 'False'), { type: 'Other' }] }),
      withStatus('gateway.networking.k8s.io/v1', 'Gateway', 'ok', { conditions: [condition('Accepted', 'True')], listeners: [{ conditions: [condition('Programmed', 'False')] }] }),
      withStatus('gateway.networking.k8s.io/v1', 'HTTPRoute', 'direct', { conditions: [condition('Accepted', 'False')] }),
      withStatus('networking.istio.io/v1', 'VirtualService', 'vs', { conditions: [condition('Reconciled', 'False')] }),
      withStatus('security.istio.io/v1', 'AuthorizationPolicy', 'other', { conditions: [condition('WaypointAccepted', 'True', 'Accepted')] }),
      withStatus('gateway.networking.k8s.io/v1', 'TLSRoute', 'tls', { parents: [{ conditions: [condition('Accepted', 'False')] }] }),
      obj('v1', 'Service', 'bare', { spec: {} }, 'default'),
      withStatus('v1', 'Service', 'null', null),
    )).toEqual([]);
  });
});

describe('IST0126 UnknownMeshNetworksServiceRegistry (multicluster.MeshNetworksAnalyzer)', () => {
  const networksText = [
    'networks:',
    '  west:',
    '    endpoints:',
    '      - fromRegistry: Kubernetes',
    '      - fromRegistry: kubernetes',
    '      - fromCidr: 10.0.0.0/16',
    '  east:',
    '    endpoints:',
    '      - fromRegistry: cluster-east',
    '      - fromRegistry: cluster-north',
  ].join('\n');
  const istioConfigMap = (data: Record<string, string>) => obj('v1', 'ConfigMap', 'istio', { data }, 'istio-system');
  const remoteSecret = (key: 'data' | 'stringData', cluster: string) =>
    obj('v1', 'Secret', `istio-remote-secret-${cluster}`, { metadata: { labels: { 'istio/multiCluster': 'true' } }, [key]: { [cluster]: 'a2luZDogQ29uZmln' } }, 'istio-system');
  const reported = (...objects: KubeObject[]) => withCode(analyze(...objects), 'IST0126').map((f) => `${f.kind} ${f.namespace}/${f.name} ${f.field}: ${f.message}`);

  test("reports endpoints whose registry istiod does not have, from the ConfigMap's meshNetworks, on the MeshNetworks resource istioctl names", () => {
    expect(reported(istioConfigMap({ mesh: '{}', meshNetworks: networksText }), remoteSecret('data', 'cluster-east'))).toEqual([
      'MeshNetworks istio-system/meshnetworks data.meshNetworks: Unknown service registry kubernetes in network west',
      'MeshNetworks istio-system/meshnetworks data.meshNetworks: Unknown service registry cluster-north in network east',
    ]);
    // a remote secret's stringData names a cluster too, once applied; a Secret without the label does not
    const unlabelled = obj('v1', 'Secret', 'other', { data: { 'cluster-north': 'eA==' } }, 'istio-system');
    expect(reported(istioConfigMap({ meshNetworks: networksText }), remoteSecret('stringData', 'cluster-east'), unlabelled)).toEqual([
      'MeshNetworks istio-system/meshnetworks data.meshNetworks: Unknown service registry kubernetes in network west',
      'MeshNetworks istio-system/meshnetworks data.meshNetworks: Unknown service registry cluster-north in network east',
    ]);
  });

  test("reads an install resource's values.global.meshNetworks when the set has no ConfigMap for them", () => {
    const operator = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', {
      spec: { values: { global: { meshNetworks: { west: { endpoints: [{ fromRegistry: 'Kubernetes' }, { fromRegistry: 'West' }] } } } } },
    }, 'istio-system');
    expect(reported(operator)).toEqual([
      'MeshNetworks istio-system/meshnetworks spec.values.global.meshNetworks.west.endpoints[1].fromRegistry: Unknown service registry West in network west',
    ]);
  });

  test('reports nothing on mesh networks istiod refuses (mesh.ParseMeshNetworks), and reads fields by their proto names', () => {
    const networks = (west: unknown) => istioConfigMap({ meshNetworks: JSON.stringify({ networks: { west } }) });
    const endpoint = { fromRegistry: 'unknown' };
    const gateway = { address: '192.0.2.10', port: 15443 };
    expect(reported(networks({ endpoints: [endpoint], gateways: [gateway] }))).toHaveLength(1);
    expect(reported(networks({ endpoints: [{ from_registry: 'unknown' }], gateways: [{ registry_service_name: 'gw.istio-system.svc.cluster.local', port: '15443' }] })))
      .toEqual(['MeshNetworks istio-system/meshnetworks data.meshNetworks: Unknown service registry unknown in network west']);
    for (const refused of [
      { endpoints: [endpoint], gateways: [{ address: '192.0.2.10' }] }, // no port
      { endpoints: [endpoint, { fromCidr: '10.0.0.0/33' }] },
      { endpoints: [{ fromRegistry: 'a.b' }] }, // no DNS label
      { endpoints: [endpoint], gateways: [{ ...gateway, port: 'https' }] }, // a value of the wrong type
      { endpoints: [{ ...endpoint, fromCidr: '10.0.0.0/8' }] }, // both choices of a oneof
      { endpoints: [endpoint], gateways: [{ ...gateway, address: 'not a host!' }] },
    ]) expect({ refused, findings: reported(networks(refused)) }).toEqual({ refused, findings: [] });
  });

  test('passes a set without mesh networks, known registries, and a meshNetworks text that does not parse', () => {
    expect(reported(istioConfigMap({ mesh: '{}' }))).toEqual([]);
    expect(reported(istioConfigMap({ meshNetworks: 'networks: {}' }), service('web', [{ name: 'http', port: 80 }]))).toEqual([]);
    expect(reported(istioConfigMap({ meshNetworks: 'networks: [unclosed' }))).toEqual([]);
  });
});

describe('the gateway, service and workload analyzers together', () => {
  test('report nothing on a tutorial-like set: an AppsodyApplication, a Deployment and Service, and a Gateway on the install ingress gateway', () => {
    const app = appsody('front', { port: 3000, portName: 'http' }, { annotations: { 'sidecar.istio.io/inject': 'true' } });
    const gw = obj('networking.istio.io/v1', 'Gateway', 'tutorial-gateway', {
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    });
    const set = [app, deployment(), service('web', [{ name: 'http', port: 3000, targetPort: 3000 }]), gw];
    expect(analyze(...set)).toEqual([]);
    expect(check(...set).filter((f) => ['IST0101', 'IST0116', 'IST0118', 'IST0137', 'IST0145', 'IST0150', 'IST0162'].includes(f.code))).toEqual([]);
  });

  test('never report IST0143 LocalhostListener, which no analyzer of istioctl 1.30.3 emits', () => {
    const probe = obj('v1', 'Pod', 'local', { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web', args: ['--listen=127.0.0.1:8080'] }] } });
    expect(withCode(analyze(probe, service('web', [{ name: 'http', port: 8080 }])), 'IST0143')).toEqual([]);
  });
});
