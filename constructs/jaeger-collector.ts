import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { POD_SECURITY_ENFORCE_LABEL } from './pod-security';
import { PropError } from './prop-error';
import { quote } from './prop-guards';
import { TracingCollector } from './tracing-collector';

/** The Jaeger v2 image, pinned. */
export const JAEGER_IMAGE = 'jaegertracing/jaeger:2.21.0';

/** Props for {@link JaegerCollector}. */
export interface JaegerCollectorProps {
  /** The collector it runs: its Service name, namespace and ports. */
  readonly collector: TracingCollector;
  /**
   * The image.
   * @default JAEGER_IMAGE
   */
  readonly image?: string;
  /**
   * How many traces the in-memory storage keeps.
   * @default 100000
   */
  readonly maxTraces?: number;
}

const HEALTH_PORT = 13133;
const UI_PORT = 16686;

/**
 * A Jaeger v2 collector for the tutorial (the OpenTelemetry-Collector-based `jaegertracing/jaeger` image), in its own
 * namespace: OTLP over gRPC and HTTP for OpenTelemetry SDKs, Jaeger Thrift over HTTP for the tutorial's Jaeger
 * clients, Zipkin for the proxies, and the UI, with in-memory storage (traces are lost when the pod restarts).
 * Its pod meets the `restricted` Pod Security Standard and runs without a sidecar: the mesh reports to it. Its objects
 * name their namespace, so the chart it is in has none.
 */
export class JaegerCollector extends Construct {
  /** The collector's UI port. */
  public readonly uiPort = UI_PORT;

  constructor(scope: Construct, id: string, props: JaegerCollectorProps) {
    super(scope, id);
    const { collector } = props;
    if (collector.backend !== 'jaeger-v2') throw new PropError(`a Jaeger collector needs the jaeger-v2 tracing backend, got ${quote(collector.backend)}`);
    const maxTraces = props.maxTraces ?? 100000;
    const labels = { app: collector.service, 'app.kubernetes.io/name': 'jaeger' };
    const config = [
      'service:',
      '  extensions: [jaeger_storage, jaeger_query, healthcheckv2]',
      '  pipelines:',
      '    traces:',
      '      receivers: [otlp, jaeger, zipkin]',
      '      processors: [batch]',
      '      exporters: [jaeger_storage_exporter]',
      'extensions:',
      '  healthcheckv2:',
      '    use_v2: true',
      '    http:',
      `      endpoint: 0.0.0.0:${HEALTH_PORT}`,
      '  jaeger_query:',
      '    storage:',
      '      traces: memstore',
      '  jaeger_storage:',
      '    backends:',
      '      memstore:',
      '        memory:',
      `          max_traces: ${maxTraces}`,
      'receivers:',
      '  otlp:',
      '    protocols:',
      '      grpc:',
      `        endpoint: 0.0.0.0:${collector.otlpGrpcPort}`,
      '      http:',
      `        endpoint: 0.0.0.0:${collector.otlpHttpPort}`,
      '  jaeger:',
      '    protocols:',
      '      thrift_http:',
      `        endpoint: 0.0.0.0:${collector.httpPort}`,
      '  zipkin:',
      `    endpoint: 0.0.0.0:${collector.zipkinPort}`,
      'processors:',
      '  batch: {}',
      'exporters:',
      '  jaeger_storage_exporter:',
      '    trace_storage: memstore',
      '',
    ].join('\n');

    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: { name: collector.namespace, labels: { 'istio-injection': 'disabled', [POD_SECURITY_ENFORCE_LABEL]: 'restricted' } },
    });
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: collector.service, namespace: collector.namespace, labels }, data: { 'config.yaml': config } });
    const probe = { httpGet: { path: '/status', port: k8s.IntOrString.fromNumber(HEALTH_PORT) }, periodSeconds: 5 };
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: collector.service, namespace: collector.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/instance': collector.service } },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/instance': collector.service, 'sidecar.istio.io/inject': 'false' } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'jaeger',
              image: props.image ?? JAEGER_IMAGE,
              args: ['--config', '/etc/jaeger/config.yaml'],
              ports: [
                { name: 'grpc-otlp', containerPort: collector.otlpGrpcPort },
                { name: 'http-otlp', containerPort: collector.otlpHttpPort },
                { name: 'http-thrift', containerPort: collector.httpPort },
                { name: 'http-zipkin', containerPort: collector.zipkinPort },
                { name: 'http-ui', containerPort: UI_PORT },
              ],
              livenessProbe: probe,
              readinessProbe: probe,
              resources: {
                requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('128Mi') },
                limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('512Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'config', mountPath: '/etc/jaeger', readOnly: true }],
            }],
            volumes: [{ name: 'config', configMap: { name: collector.service } }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: collector.service, namespace: collector.namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/instance': collector.service },
        ports: [
          { name: 'grpc-otlp', port: collector.otlpGrpcPort, targetPort: k8s.IntOrString.fromNumber(collector.otlpGrpcPort) },
          { name: 'http-otlp', port: collector.otlpHttpPort, targetPort: k8s.IntOrString.fromNumber(collector.otlpHttpPort) },
          { name: 'http-thrift', port: collector.httpPort, targetPort: k8s.IntOrString.fromNumber(collector.httpPort) },
          { name: 'http-zipkin', port: collector.zipkinPort, targetPort: k8s.IntOrString.fromNumber(collector.zipkinPort) },
          { name: 'http-ui', port: UI_PORT, targetPort: k8s.IntOrString.fromNumber(UI_PORT) },
        ],
      },
    });
  }
}
