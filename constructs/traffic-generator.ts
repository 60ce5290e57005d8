import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DNS_SUBDOMAIN_RULE, isDnsSubdomain } from './dns-names';
import { Dataplane, meshPodLabels } from './mesh-modes';
import { quote, requireDnsLabel, requireInteger, requirePath } from './prop-guards';
import { PropError } from './prop-error';

/** Props for {@link TrafficGenerator}. */
export interface TrafficGeneratorProps {
  /** The URL of the ingress gateway, without a path (e.g. `http://istio-ingressgateway.istio-system`). */
  readonly gatewayUrl: string;
  /**
   * The host the requests are for (their `Host` header), when the gateway takes them for named hosts only.
   * @default - the gateway URL's host
   */
  readonly host?: string;
  /** The paths called in turn, e.g. `/quoteItem` and `/quoteOrder`. */
  readonly paths: readonly string[];
  /**
   * Seconds between two requests.
   * @default 2
   */
  readonly intervalSeconds?: number;
  /**
   * The image with `curl` and a shell, pinned to a version.
   * @default 'curlimages/curl:8.11.1'
   */
  readonly image?: string;
  /**
   * The Deployment's name.
   * @default 'traffic-generator'
   */
  readonly name?: string;
  /**
   * How the mesh runs its proxies, which decides the label that keeps the pod out of it.
   * @default 'sidecar'
   */
  readonly dataplane?: Dataplane;
}

/**
 * The tutorial's `while true; curl` loop as a workload: one pod that calls the ingress gateway's paths in turn,
 * forever, so the traces and dashboards have traffic to show. It runs outside the mesh (no sidecar, or in ambient
 * mode `istio.io/dataplane-mode: none`): it stands for a client outside the mesh.
 */
export class TrafficGenerator extends Construct {
  /** The paths called in turn. */
  public readonly paths: readonly string[];
  /** Seconds between two requests. */
  public readonly intervalSeconds: number;

  constructor(scope: Construct, id: string, props: TrafficGeneratorProps) {
    super(scope, id);
    const name = props.name ?? 'traffic-generator';
    requireDnsLabel(name, 'traffic generator name');
    this.intervalSeconds = props.intervalSeconds ?? 2;
    requireInteger(this.intervalSeconds, 1, 3600, 'traffic generator interval in seconds');
    if (props.paths.length === 0) throw new PropError('traffic generator must call at least one path, got none');
    props.paths.forEach((p) => requirePath(p, 'traffic generator path'));
    if (!/^https?:\/\/[^\s/]+$/.test(props.gatewayUrl)) throw new PropError(`traffic generator gateway URL must be http(s)://host[:port], got '${props.gatewayUrl}'`);
    if (props.host !== undefined && !isDnsSubdomain(props.host)) throw new PropError(`traffic generator host must be ${DNS_SUBDOMAIN_RULE}, got ${quote(props.host)}`);
    this.paths = props.paths;
    const labels = { app: name };

    // each path once per round, one request every interval; failures are printed and the loop goes on
    const script = [
      'while true; do',
      '  for path in $PATHS; do',
      `    code=$(curl -s -o /dev/null -w "%{http_code}" --max-time 10${props.host !== undefined ? ' -H "Host: $GATEWAY_HOST"' : ''} "$GATEWAY_URL$path") || code=000`,
      '    echo "$(date -u +%H:%M:%S) $path $code"',
      '    sleep "$INTERVAL_SECONDS"',
      '  done',
      'done',
    ].join('\n');

    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels: { ...labels, ...meshPodLabels(props.dataplane ?? 'sidecar', false) } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'curl',
              image: props.image ?? 'curlimages/curl:8.11.1',
              command: ['/bin/sh', '-c', script],
              env: [
                { name: 'GATEWAY_URL', value: props.gatewayUrl },
                ...(props.host !== undefined ? [{ name: 'GATEWAY_HOST', value: props.host }] : []),
                { name: 'PATHS', value: props.paths.join(' ') },
                { name: 'INTERVAL_SECONDS', value: String(this.intervalSeconds) },
              ],
              resources: {
                requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
                limits: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('32Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
  }
}
