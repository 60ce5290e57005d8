// What a route's or a DestinationRule's host can name, looked up as istioctl analyze does (util/service_lookup.go):
// ServiceEntry hosts and Kubernetes Services, each visible in the namespaces it is exported to. AppsodyApplications
// and RuntimeComponents count as the Service their operator creates, and the install's gateway Services as present.
import type { SourcedObject } from '../../findings';
import { list, record, text } from '../../builtin/go-values';
import { appsodyServicePorts, MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { isAnalyzed, isKind } from './analyzed-objects';
import { toFqdn } from './host-names';
import { oncePer } from '../../once-per';
import { push } from '../../grouped';

/** One thing that answers at a host. */
export interface ServiceRecord {
  readonly source: SourcedObject;
  /** The object, for messages: `Service shop/web`, `ServiceEntry shop/ext`. */
  readonly what: string;
  /** The host, fully qualified as istioctl keys it. */
  readonly host: string;
  /** Port numbers: a Service's `port`s (not targetPorts), a ServiceEntry's `ports[].number`. */
  readonly ports: readonly number[];
  /** A ServiceEntry's workloadSelector labels; Services have none. */
  readonly workloadSelector: Readonly<Record<string, string>>;
  /** The namespaces it is visible in: `*` for all. */
  readonly scopes: readonly string[];
}

const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/** The Services and ServiceEntry hosts of a set, by `<scope>/<fqdn>`. */
export class ServiceRegistry {
  private readonly scoped = new Map<string, ServiceRecord[]>();
  private readonly byHost = new Map<string, ServiceRecord[]>();
  private readonly wildcards: { scope: string; suffix: string; records: ServiceRecord[] }[] = [];

  constructor(index: MeshIndex) {
    for (const source of index.objects) {
      if (isAnalyzed(source) && isKind(source, 'networking.istio.io', 'ServiceEntry')) this.addServiceEntry(source);
    }
    // Services after ServiceEntries: a Service replaces a ServiceEntry under the same key, as in istioctl
    for (const source of [...index.objects, ...index.provided]) {
      if (!isAnalyzed(source)) continue;
      const ns = namespaceOf(source);
      const name = source.object.metadata?.name ?? '';
      const annotations = source.object.metadata?.annotations ?? {};
      const scopes = exportToAnnotation(annotations[EXPORT_TO_ANNOTATION], ns);
      const spec = record(source.object.spec);
      if (isKind(source, '', 'Service')) {
        const ports = list(spec?.ports).map((p) => Number(record(p)?.port ?? 0));
        this.addService({ source, what: `Service ${ns}/${name}`, host: toFqdn(ns, name), ports, workloadSelector: {}, scopes });
      } else if (isKind(source, 'appsody.dev', 'AppsodyApplication') || isKind(source, 'rc.app.stacks', 'RuntimeComponent')) {
        // the operator's Service is named after the application and carries its annotations
        const ports = appsodyServicePorts(spec).map((p) => Number(p.number ?? 0));
        const what = `${source.object.kind} ${ns}/${name}`;
        this.addService({ source, what, host: toFqdn(ns, name), ports, workloadSelector: {}, scopes });
      }
    }
    for (const [key, records] of this.scoped) {
      const slash = key.indexOf('/');
      const host = key.slice(slash + 1);
      if (host.startsWith('*')) this.wildcards.push({ scope: key.slice(0, slash), suffix: host.slice(1), records });
    }
  }

  /**
   * What `host`, referred to from `namespace` by an object exported to `exportTo`, resolves to (GetDestinationHost):
   * an entry exported to all namespaces; else one exported to the referrer's namespace (no exportTo) or to one of
   * the namespaces the referrer is exported to; else a wildcard entry visible in the referrer's namespace whose
   * suffix ends the host. Undefined when nothing matches.
   */
  public resolve(namespace: string, exportTo: readonly string[], host: string): readonly ServiceRecord[] | undefined {
    const fqdn = toFqdn(namespace, host);
    const scopes = ['*', ...(exportTo.length === 0 ? [namespace] : exportTo.map((e) => (e === '.' ? namespace : e)))];
    for (const scope of scopes) {
      const found = this.scoped.get(`${scope}/${fqdn}`);
      if (found) return found;
    }
    const bare = host.startsWith('*') ? host.slice(1) : host;
    return this.wildcards.find((w) => (w.scope === '*' || w.scope === namespace) && bare.endsWith(w.suffix))?.records;
  }

  /**
   * Why `host` does not resolve from `namespace` with `exportTo`, for a message: nothing has it, what has it is not
   * exported there, or a dotted name that Istio does not expand names a Service.
   */
  public whyMissing(namespace: string, exportTo: readonly string[], host: string): string {
    const fqdn = toFqdn(namespace, host);
    const hidden = this.definitions(fqdn);
    if (hidden.length > 0) {
      const from = exportTo.length === 0 ? namespace : exportTo.map((e) => (e === '.' ? namespace : e)).join(', ');
      return `${hidden[0].what} is exported to ${hidden[0].scopes.join(', ')}, not to ${from}`;
    }
    const nothing = `no Service, AppsodyApplication or ServiceEntry for ${fqdn} in the set`;
    const labels = host.split('.');
    if (!host.startsWith('*') && (labels.length === 2 || (labels.length === 3 && labels[2] === 'svc'))) {
      const expanded = `${labels[0]}.${labels[1]}.svc.cluster.local`;
      if (this.definitions(expanded).length > 0) return `${nothing}; Istio expands only names without a dot: write ${expanded}`;
    }
    return nothing;
  }

  /** Everything defined for a fully qualified host, wherever it is visible. */
  public definitions(fqdn: string): readonly ServiceRecord[] {
    return this.byHost.get(fqdn) ?? [];
  }

  /** Every fully qualified host with its records, once. */
  public hosts(): IterableIterator<[string, ServiceRecord[]]> {
    return this.byHost.entries();
  }

  private addServiceEntry(source: SourcedObject): void {
    const spec = record(source.object.spec);
    const ns = namespaceOf(source);
    const exportTo = list(spec?.exportTo).map(String);
    const scopes = exportTo.length === 0 || exportTo.includes('*') ? ['*'] : [...new Set(exportTo.map((e) => (e === '.' ? ns : e)))];
    const ports = list(spec?.ports).map((p) => Number(record(p)?.number ?? 0));
    const workloadSelector = stringMap(record(spec?.workloadSelector)?.labels);
    for (const h of list(spec?.hosts)) {
      if (typeof h !== 'string') continue;
      const entry: ServiceRecord = { source, what: `ServiceEntry ${ns}/${source.object.metadata?.name ?? ''}`, host: toFqdn(ns, h), ports, workloadSelector, scopes };
      for (const scope of scopes) push(this.scoped, `${scope}/${entry.host}`, entry);
      push(this.byHost, entry.host, entry);
    }
  }

  private addService(entry: ServiceRecord): void {
    for (const scope of entry.scopes) {
      const key = `${scope}/${entry.host}`;
      const others = (this.scoped.get(key) ?? []).filter((r) => !r.what.startsWith('ServiceEntry '));
      this.scoped.set(key, [...others, entry]);
    }
    push(this.byHost, entry.host, entry);
  }
}

/** The namespaces a Service's `networking.istio.io/exportTo` annotation exports it to (`*` when absent or empty). */
function exportToAnnotation(value: unknown, namespace: string): string[] {
  const annotation = text(value);
  if (!annotation) return ['*'];
  return [...new Set(annotation.split(',').map((ns) => (ns.trim() === '.' ? namespace : ns.trim())))];
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value) ?? {})) map[k] = String(v);
  return map;
}

/** The registry of `index`'s set, built once per set. */
export const serviceRegistry = oncePer((index: MeshIndex) => new ServiceRegistry(index));
