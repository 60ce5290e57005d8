import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PropError } from './prop-error';
import { quote, requireDnsLabel, requireInteger } from './prop-guards';

/** How an app's HTTP probes are timed: as `appsody deploy` generates them. */
export const PROBE_TIMINGS = { initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 12, readinessTimeoutSeconds: 1 } as const;

/** When a container's image is pulled, as Kubernetes spells it. */
export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

const PULL_POLICIES: Readonly<Record<PullPolicy, kplus.ImagePullPolicy>> = {
  Always: kplus.ImagePullPolicy.ALWAYS,
  IfNotPresent: kplus.ImagePullPolicy.IF_NOT_PRESENT,
  Never: kplus.ImagePullPolicy.NEVER,
};

/** CPU (millicores) and memory (MiB) requests and limits of an app's container. */
export interface AppResources {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryRequestMiB: number;
  readonly memoryLimitMiB: number;
}

/** Props for {@link AppWorkload}. */
export interface AppWorkloadProps {
  /** The Deployment's name. */
  readonly name: string;
  /** The labels of the Deployment and its pods (app, version...). */
  readonly labels: Readonly<Record<string, string>>;
  /** The labels the pods are selected by (the Deployment's selector and the app's Service selector). */
  readonly selector: Readonly<Record<string, string>>;
  /** The container image. */
  readonly image: string;
  /** The container port. */
  readonly port: number;
  /** The container port's name. */
  readonly portName: string;
  /** The liveness probe's path. */
  readonly livenessPath: string;
  /** The readiness probe's path. */
  readonly readinessPath: string;
  /** The ConfigMap the container reads its environment from. */
  readonly envFromConfigMap: string;
  /**
   * Environment variables beyond the ConfigMap's.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /**
   * Annotations of the pods.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** The pod labels that say whether the pods are in the mesh (`sidecar.istio.io/inject`, or ambient mode's). */
  readonly meshLabels: Readonly<Record<string, string>>;
  /** Requests and limits. */
  readonly resources: AppResources;
  /** The user id the container runs as (never root). */
  readonly runAsUser: number;
  /** Paths the stack writes to, each an `emptyDir` (the root filesystem is read-only). */
  readonly writablePaths: readonly string[];
  /** How many pods. */
  readonly replicas: number;
  /** When the image is pulled. */
  readonly pullPolicy: PullPolicy;
}

/**
 * The pods of one version of an app as a hardened Deployment: non-root, no privilege escalation, no capabilities,
 * the runtime's default seccomp profile, a read-only root filesystem with `emptyDir`s where the stack writes, and
 * resource requests and limits. What the Appsody operator would create, plus what it leaves out.
 */
export class AppWorkload extends Construct {
  /** The Deployment. */
  public readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, props: AppWorkloadProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'workload name');
    requireInteger(props.runAsUser, 1, 2 ** 31 - 1, `user id of ${props.name} (root is not allowed)`);
    if (!(props.pullPolicy in PULL_POLICIES)) {
      throw new PropError(
        `image pull policy of ${props.name} must be one of ${Object.keys(PULL_POLICIES).join(', ')}, got ${quote(props.pullPolicy)}`,
      );
    }
    const probe = (path: string, timeoutSeconds?: number) =>
      kplus.Probe.fromHttpGet(path, {
        port: props.port,
        initialDelaySeconds: Duration.seconds(PROBE_TIMINGS.initialDelaySeconds),
        periodSeconds: Duration.seconds(PROBE_TIMINGS.periodSeconds),
        failureThreshold: PROBE_TIMINGS.failureThreshold,
        ...(timeoutSeconds !== undefined ? { timeoutSeconds: Duration.seconds(timeoutSeconds) } : {}),
      });
    const r = props.resources;

    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      replicas: props.replicas,
      select: false,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccount', props.serviceAccountName),
      automountServiceAccountToken: false,
      podMetadata: {
        labels: { ...props.labels, ...props.selector, ...props.meshLabels },
        annotations: { ...props.podAnnotations },
      },
      securityContext: { ensureNonRoot: true, user: props.runAsUser, group: props.runAsUser, fsGroup: props.runAsUser },
      containers: [
        {
          name: 'app',
          image: props.image,
          imagePullPolicy: PULL_POLICIES[props.pullPolicy],
          ports: [{ number: props.port, name: props.portName }],
          envFrom: [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(this, 'TracingConfig', props.envFromConfigMap))],
          envVariables: Object.fromEntries(Object.entries(props.env ?? {}).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
          liveness: probe(props.livenessPath),
          readiness: probe(props.readinessPath, PROBE_TIMINGS.readinessTimeoutSeconds),
          securityContext: {
            ensureNonRoot: true,
            user: props.runAsUser,
            group: props.runAsUser,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            privileged: false,
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(r.cpuRequestMillis), limit: kplus.Cpu.millis(r.cpuLimitMillis) },
            memory: { request: Size.mebibytes(r.memoryRequestMiB), limit: Size.mebibytes(r.memoryLimitMiB) },
          },
          volumeMounts: props.writablePaths.map((path, i) => ({ path, volume: kplus.Volume.fromEmptyDir(this, `Writable${i}`, `writable-${i}`) })),
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...props.selector } }));
    ApiObject.of(this.deployment).addJsonPatch(
      // cdk8s-plus-27 has neither a seccomp setting nor a capability named ALL
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
      // nothing selects by the construct-path label cdk8s-plus puts on every pod; it would only add noise to reviews
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
    );
  }
}
