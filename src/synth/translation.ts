// TRANSLATION.md of an output directory: how each feature of the topology is written in each of the three mesh
// modes one topology synthesizes to (Istio ingress with sidecars, Gateway API ingress with sidecars, ambient mode),
// which object carries it, and what is lost, approximated or needs a waypoint.
import { DEFAULT_WAYPOINT_NAME, gatewayDeploymentName, ISTIO_GATEWAY_CLASS, MeshTopology, profileFor, TracedApp, WAYPOINT_GATEWAY_CLASS } from '../../constructs';
import { OutputFile } from '../manifests/kube-object';

/** The file the translation report is written to. */
export const TRANSLATION_FILE = 'TRANSLATION.md';

/** A mesh mode: the ingress API and the data plane. */
interface Mode {
  readonly key: 'istio' | 'gateway-api' | 'ambient';
  readonly title: string;
  readonly settings: string;
}

const MODES: readonly Mode[] = [
  { key: 'istio', title: 'Istio ingress, sidecars', settings: "`ingress: 'istio'`, `dataplane: 'sidecar'`" },
  { key: 'gateway-api', title: 'Gateway API ingress, sidecars', settings: "`ingress: 'gateway-api'`, `dataplane: 'sidecar'`" },
  { key: 'ambient', title: 'ambient mode', settings: "`ingress: 'gateway-api'`, `dataplane: 'ambient'`" },
];

/** One feature: what it is, and how each mode writes it (the first mode's cell is the reference the others compare to). */
type Row = readonly [feature: string, istio: string, gatewayApi: string, ambient: string];

const code = (text: string) => `\`${text}\``;

/** The mode a topology was built in. */
function modeOf(topology: MeshTopology): Mode['key'] {
  if (topology.dataplane === 'ambient') return 'ambient';
  return topology.ingress.api === 'gateway-api' ? 'gateway-api' : 'istio';
}

/** The rows of a topology, feature by feature. */
function rows(topology: MeshTopology): Row[] {
  const ns = topology.namespace.name;
  const ingress = topology.ingress;
  const gatewayName = ingress.gatewayName;
  const gatewayPods = gatewayDeploymentName(gatewayName, ISTIO_GATEWAY_CLASS);
  const vs = topology.virtualServiceName;
  const waypointName = topology.waypoint?.name ?? DEFAULT_WAYPOINT_NAME;
  const waypoint = `the waypoint (Gateway ${code(waypointName)}, class ${code(WAYPOINT_GATEWAY_CLASS)})`;
  const restricted = topology.namespace.podSecurity === 'restricted';
  const result: Row[] = [];

  result.push([
    'mesh membership',
    `Namespace ${ns}: ${code('istio-injection: enabled')}; pods: ${code('sidecar.istio.io/inject')} (label, or annotation for the Appsody operator)`,
    '**same**',
    `**changed**: Namespace ${ns}: ${code('istio.io/dataplane-mode: ambient')}, ${code(`istio.io/use-waypoint: ${waypointName}`)}, ` +
      `${code('istio.io/ingress-use-waypoint: "true"')}; no injection label or annotation on the pods`,
  ]);
  result.push([
    'probes under STRICT mTLS',
    `pod annotation ${code('sidecar.istio.io/rewriteAppHTTPProbers: "true"')}`,
    '**same**',
    '**lost** (not needed): no sidecar to rewrite them; ztunnel lets the kubelet\'s probes through',
  ]);
  result.push([
    'ingress gateway',
    `Istio ${code('Gateway')} ${gatewayName} (${code('networking.istio.io/v1')}) on ${code('istio-ingressgateway')} in istio-system`,
    `**changed**: ${code('Gateway')} ${gatewayName} (${code('gateway.networking.k8s.io/v1')}, class ${code(ISTIO_GATEWAY_CLASS)}): ` +
      `Istio deploys ${code(gatewayPods)} in ${ns}` +
      (restricted ? `; ConfigMap ${gatewayName}-infrastructure gives its pods the RuntimeDefault seccomp profile (${code('restricted')})` : ''),
    '**same** as the Gateway API column',
  ]);
  for (const route of ingress.routes) {
    const rewrite = route.rewrite !== undefined ? ` ${code(route.rewrite)}` : '';
    const subsetLost = route.subset !== undefined ? `; **lost**: subset ${route.subset} (an HTTPRoute has no subsets: refused at synth)` : '';
    result.push([
      `route ${code(route.prefix)} → ${route.app.name}${rewrite}`,
      `VirtualService ${vs}: ${code('uri.prefix')} match${route.rewrite !== undefined ? `, ${code('rewrite.uri')}` : ''}` +
        (route.subset !== undefined ? `, subset ${route.subset}` : ''),
      `**approximated**: HTTPRoute ${route.app.name}: ${code('PathPrefix')} match` +
        (route.rewrite !== undefined ? `, ${code('URLRewrite')} filter ${code('ReplacePrefixMatch')}` : '') +
        ` (matches whole path segments: ${code(`${route.prefix}x`)} no longer does; the longest prefix wins, not the first rule)${subsetLost}`,
      '**same** as the Gateway API column; the gateway sends the requests through the waypoint',
    ]);
  }
  const canary = topology.canary;
  if (canary) {
    const split = `${100 - canary.weight}/${canary.weight}`;
    result.push([
      `canary ${canary.app.name} ${canary.version} (${canary.weight} %)`,
      `canary/: VirtualService ${vs} again, destinations ${canary.app.host} and ${canary.host} weighted ${split}`,
      `**changed**: canary/: HTTPRoute ${canary.app.name} again, ${code('backendRefs')} ${canary.app.host} and ${canary.host} weighted ${split}`,
      `**changed**: the same HTTPRoute, and AuthorizationPolicy ${canary.host} (the allow-list of the v2 Service, at the waypoint)`,
    ]);
  }
  for (const scenario of topology.faultScenarios) {
    result.push([
      `fault ${scenario.name}: ${scenario.fault.describe()} of ${scenario.app.name}`,
      `faults/: VirtualService ${scenario.app.name} (mesh), applied by the callers' sidecars`,
      '**same** (the Gateway API has no fault injection)',
      `**waypoint**: the same VirtualService, applied by ${waypoint}, which the Service is bound to, for every caller ` +
        `(ingress requests included); Istio supports VirtualServices at waypoints as Alpha`,
    ]);
  }
  for (const app of topology.apps.values()) {
    const subsets = appSubsets(topology, app);
    if (subsets.length === 0) continue;
    result.push([
      `subsets of ${app.name}`,
      `DestinationRule ${app.name}: ${subsets.join(', ')}`,
      '**same** for routes between apps; an HTTPRoute cannot name them',
      '**waypoint**: the same DestinationRule, applied by the waypoint',
    ]);
  }
  if (topology.security) {
    result.push([
      'mTLS',
      `PeerAuthentication default: ${code('STRICT')}`,
      '**same**',
      '**same**, enforced by ztunnel (HBONE)',
    ]);
    result.push([
      'deny by default',
      'AuthorizationPolicy allow-nothing (every sidecar)',
      `**changed**: the same, and allow-ingress-gateway (${code(`targetRefs Gateway ${gatewayName}`)}, any client): Istio applies the ` +
        "namespace's policies to the gateway's pods too",
      `**changed**: allow-nothing (ztunnel, L4) and allow-ingress-gateway; allow-from-waypoint (the pods' ztunnels admit only ${waypoint}), ` +
        `allow-nothing-at-waypoint (${code('targetRefs')} the waypoint)`,
    ]);
    for (const app of topology.apps.values()) {
      const rules = topology.security.rulesFor(app);
      if (rules.length === 0) continue;
      const from = topology.calls.filter((c) => c.to === app).map((c) => c.from.name);
      const routed = ingress.routes.some((r) => r.app === app);
      const callers = [...(routed ? ['the ingress gateway'] : []), ...new Set(from)].join(', ');
      result.push([
        `allow-list of ${app.name} (from ${callers})`,
        `AuthorizationPolicy ${app.name}: ${code(`selector app: ${app.name}`)}` + (routed ? `, the gateway as ${code('istio-ingressgateway-service-account')}` : ''),
        routed ? `**changed**: the same, the gateway as ${code(gatewayPods)}` : '**same**',
        `**waypoint**: AuthorizationPolicy ${app.name}: ${code(`targetRefs Service ${app.host}`)} (methods and paths are L7)` +
          (routed ? `, the gateway as ${code(gatewayPods)}` : ''),
      ]);
    }
  }
  result.push([
    'tracing by the proxies',
    'Telemetry tracing: every sidecar and the gateway report spans',
    '**same**',
    '**approximated**: the waypoint and the gateway report spans, ztunnel none: one proxy span per hop through the waypoint',
  ]);
  if (topology.istioInstall) {
    const profile = profileFor('sidecar', topology.istioProfile);
    result.push([
      'Istio install',
      `istio/: IstioOperator profile ${profile} with the CNI node agent; Sail ${code('Istio')}, ${code('IstioCNI')} and the ${code('istio-ingressgateway')} Deployment (${code('istio/sail-gateway.yaml')})`,
      `**changed**: Sail without the ${code('istio-ingressgateway')} Deployment (Istio deploys each Gateway's pods; the IstioOperator's profile still installs its own gateways, unused); needs the Gateway API CRDs`,
      `**changed**: IstioOperator profile ${profileFor('ambient', topology.istioProfile)} (CNI, ztunnel); Sail ${code('Istio')} and ${code('IstioCNI')} (profile ambient) and a ${code('ZTunnel')}`,
    ]);
  }
  if (topology.trafficGenerator) {
    result.push([
      'traffic generator',
      `traffic/: calls ${code('istio-ingressgateway.istio-system')}; pod ${code('sidecar.istio.io/inject: "false"')}`,
      `**changed**: calls ${code(`${gatewayPods}.${ns}`)}`,
      `**changed**: calls ${code(`${gatewayPods}.${ns}`)}; pod ${code('istio.io/dataplane-mode: none')}`,
    ]);
  }
  return result;
}

/** The subsets of an app's DestinationRule, if it has one. */
function appSubsets(topology: MeshTopology, app: TracedApp): string[] {
  return [...(topology.subsets.get(app.name)?.versions ?? [])];
}

/** The translation report of a topology, as Markdown. */
export function translationReport(topology: MeshTopology): string {
  const current = modeOf(topology);
  const header = MODES.map((m) => (m.key === current ? `${m.title} (this output)` : m.title));
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const lines = [
    `# ${topology.name}: one topology, three meshes`,
    '',
    'Generated by `npm run synth`; `npm run synth -- --env <name> --explain` prints it. Each feature of the topology, and how each',
    'mode writes it: the object that carries it, and what changes from the first column.',
    '',
    ...MODES.map((m) => `- **${m.title}**${m.key === current ? ' (this output)' : ''}: ${m.settings}`),
    '',
    '**same**: as the column before; **changed**: other objects or fields, same effect; **approximated**: nearly the same effect;',
    '**lost**: not expressed; **waypoint**: needs the waypoint (ambient mode has one whenever an L7 feature is used).',
    '',
    `| feature | ${header.join(' | ')} |`,
    '|---|---|---|---|',
    ...rows(topology).map((row) => `| ${row.map(escape).join(' | ')} |`),
    '',
    'Refused at synth, with the reason and what to use instead: a route to a subset with the Gateway API ingress (an HTTPRoute',
    'has no subsets: give the version its own Service), ambient mode with the Istio ingress (the ambient profile runs no',
    'ingress gateway for an Istio Gateway), and ambient mode L7 (allow-lists, faults) without a waypoint.',
    '',
  ];
  return lines.join('\n');
}

/** The translation report as the output directory's file. */
export function translationFile(topology: MeshTopology): OutputFile {
  return { path: TRANSLATION_FILE, content: translationReport(topology) };
}
