// The project's TT0026 SidecarEgressHostNotFound: a Sidecar `egress[].hosts` entry `<namespace>/<host>` that imports
// nothing, which istioctl 1.30.3 never checks. istiod (pilot/pkg/model/sidecar.go, convertIstioListenerToWrapper and
// selectServices) imports, of the services exported to the Sidecar's namespace, those of the entry's namespace (`.`
// is the Sidecar's own, `*` any, `~` none) whose host name equals the entry's host, or falls under it when it is a
// wildcard: names are compared whole, so `shop/web` never imports `web.shop.svc.cluster.local`. It also imports the
// mesh VirtualServices of that namespace for the host. What a Sidecar does not import, its proxy has no route for:
// with `outboundTrafficPolicy: REGISTRY_ONLY`, requests to it fail.
// Hosts are checked in the namespaces whose objects the set holds; not in the Istio install's namespace, whose
// Services (istiod, the tracing and telemetry add-ons) the install provides, nor in those of every cluster.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { installOf } from '../../mesh/install-workloads';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { clusterNamespaces } from './cluster-namespaces';
import { resourcesOf } from './policy-resources';
import { list, record, specOf, strings } from './spec-values';

/** Something an egress host can import: a Service (or an operator resource's), a ServiceEntry, a mesh VirtualService. */
interface HostProvider {
  /** `Service shop/web`, for messages. */
  readonly what: string;
  readonly namespace: string;
  /** The namespaces it is exported to: empty for all. */
  readonly exportTo: readonly string[];
}

const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/** The exact hosts of a set and what provides each, and the wildcard hosts of its mesh VirtualServices. */
class HostProviders {
  private readonly exact = new Map<string, HostProvider[]>();
  private readonly wildcards: { suffix: string; provider: HostProvider }[] = [];

  constructor(index: MeshIndex) {
    for (const [host, targets] of index.services) {
      for (const { source } of targets) {
        const annotation = source.object.metadata?.annotations?.[EXPORT_TO_ANNOTATION];
        const exportTo =
          source.object.kind === 'ServiceEntry'
            ? strings(specOf(source).exportTo)
            : typeof annotation === 'string' && annotation.trim() !== ''
              ? annotation.split(',').map((ns) => ns.trim())
              : [];
        this.add(host, source, exportTo);
      }
    }
    for (const source of index.virtualServices) {
      if (!source.object.apiVersion.startsWith('networking.istio.io/')) continue;
      const spec = specOf(source);
      const gateways = strings(spec.gateways);
      if (gateways.length > 0 && !gateways.includes('mesh')) continue;
      for (const host of strings(spec.hosts)) {
        if (host.startsWith('*')) this.wildcards.push({ suffix: host.slice(1), provider: provider(source, strings(spec.exportTo)) });
        // istiod expands only names without a dot (ResolveShortnameToFQDN)
        else this.add(host.includes('.') ? host : `${host}.${namespaceOf(source)}.svc.cluster.local`, source, strings(spec.exportTo));
      }
    }
  }

  /** What provides `host`, in any namespace, whether visible to the Sidecar or not. */
  public of(host: string): HostProvider[] {
    return [...(this.exact.get(host) ?? []), ...this.wildcards.filter((w) => host.endsWith(w.suffix)).map((w) => w.provider)];
  }

  private add(host: string, source: SourcedObject, exportTo: readonly string[]): void {
    const found = this.exact.get(host);
    if (found) found.push(provider(source, exportTo));
    else this.exact.set(host, [provider(source, exportTo)]);
  }
}

function provider(source: SourcedObject, exportTo: readonly string[]): HostProvider {
  const namespace = namespaceOf(source);
  return { what: `${source.object.kind} ${namespace}/${source.object.metadata?.name ?? ''}`, namespace, exportTo };
}

/** Whether `p` is exported to namespace `from` (an empty exportTo exports it everywhere, `.` to its own namespace). */
function visibleIn(p: HostProvider, from: string): boolean {
  return p.exportTo.length === 0 || p.exportTo.some((e) => e === '*' || e === from || (e === '.' && p.namespace === from));
}

/** Sidecar egress hosts whose namespace does not exist, or whose host nothing of that namespace provides. */
export function checkSidecarEgressHosts(index: MeshIndex): Finding[] {
  const sidecars = resourcesOf(index, 'networking.istio.io', 'Sidecar');
  if (sidecars.length === 0) return [];
  const namespaces = new Set(clusterNamespaces(index));
  // the namespaces whose Services the set describes
  const described = new Set<string>([...index.namespaces.keys(), ...index.objects.filter((s) => s.object.metadata?.namespace).map(namespaceOf)]);
  described.delete(installOf(index.objects).namespace);
  const providers = new HostProviders(index);
  const findings: Finding[] = [];
  for (const sidecar of sidecars) {
    const own = namespaceOf(sidecar);
    list(specOf(sidecar).egress).forEach((listener, i) => {
      list(record(listener)?.hosts).forEach((entry, j) => {
        // an entry without exactly one `/` is refused by Istio's webhook
        if (typeof entry !== 'string' || entry.split('/').length !== 2) return;
        const [written, host] = entry.split('/');
        if (written === '~') return;
        const field = `spec.egress[${i}].hosts[${j}]`;
        const report = (message: string) => findings.push(finding(MESSAGES.sidecarEgressHostNotFound, sidecar, message, field));
        if (written !== '*' && written !== '.' && !namespaces.has(written)) {
          report(
            `egress host ${entry} names namespace ${written}, which is not in the set, so the Sidecar imports nothing from it and, with ` +
              'outboundTrafficPolicy REGISTRY_ONLY, requests to its hosts fail; name an existing namespace, "." for the Sidecar\'s own, or "*" for any',
          );
          return;
        }
        if (host.startsWith('*')) return;
        const ns = written === '.' ? own : written;
        const inScope = (p: HostProvider) => ns === '*' || p.namespace === ns;
        const found = providers.of(host);
        if (found.some((p) => inScope(p) && visibleIn(p, own))) return;
        if (ns === '*' ? !found.length && !describesHost(described, host) : !described.has(ns)) return;
        const hidden = found.find(inScope);
        const elsewhere = [...new Set(found.filter((p) => !inScope(p) && visibleIn(p, own)).map((p) => p.namespace))].sort();
        const expanded = fullName(host, ns === '*' ? own : ns);
        let fix: string;
        if (hidden) {
          const scopes = hidden.exportTo.map((e) => (e === '.' ? hidden.namespace : e)).join(', ');
          fix = `${hidden.what} has it, but is exported to ${scopes} only: export it to ${own} as well`;
        } else if (expanded && providers.of(expanded).some((p) => inScope(p) && visibleIn(p, own))) {
          fix = `istiod compares whole host names: write ${written}/${expanded}`;
        } else if (elsewhere.length > 0) {
          fix = `namespace ${elsewhere.join(', ')} has it: write ${elsewhere[0]}/${host}`;
        } else {
          fix = `name a host that ${ns === '*' ? 'the set' : 'the namespace'} provides (a Service as <name>.<namespace>.svc.cluster.local), or ${written}/*`;
        }
        report(
          `egress host ${entry}: no Service, ServiceEntry or mesh VirtualService ${ns === '*' ? 'in any namespace' : `of namespace ${ns}`} has host ` +
            `${host}, so the Sidecar imports nothing for it and, with outboundTrafficPolicy REGISTRY_ONLY, requests to it fail; ${fix}`,
        );
      });
    });
  }
  return findings;
}

/** `web` or `web.shop` as the Service host istiod names (`web.shop.svc.cluster.local`); undefined for anything else. */
function fullName(host: string, namespace: string): string | undefined {
  const labels = host.split('.');
  if (labels.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (labels.length === 2 || (labels.length === 3 && labels[2] === 'svc')) return `${labels[0]}.${labels[1]}.svc.cluster.local`;
  return undefined;
}

/** Whether an entry of namespace `*` names a host the set would hold: a Service of a namespace it describes, or any other name. */
function describesHost(described: ReadonlySet<string>, host: string): boolean {
  const service = /^[^.]+\.([^.]+)\.svc\.cluster\.local$/.exec(host);
  return service ? described.has(service[1]) : true;
}
