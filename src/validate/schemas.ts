// The schemas objects are validated against: the committed files that `npm run import` extracts from the pinned
// CRDs and Kubernetes definitions, read on first use and compiled once per kind per process.
import { apiGroupOf } from '../manifests/kube-object';
import { CrdSchema, definitionRef, SchemaNode } from '../codegen/extract-schemas';
import { LazyEntries, lazyEntries } from '../codegen/entry-per-line-json';
import { push } from './grouped';
import { embeddedResourcesCheck } from './embedded-resources';
import { checkScale } from './scale-subresource';
import { readSchemaFile } from './schema-files';
import { vetSetCrdRules } from './set-crd-rules';
import { ACCEPTED_DUPLICATES } from './builtin/accepted-duplicates';
import { ACCEPTED_MISSING } from './builtin/accepted-missing';
import { compileDefaulter, compileDefinition, compileSchema, SchemaCheck, StatusHandling } from './structural';

/** The schema of one apiVersion/kind. */
export interface KindSchema {
  /** Whether objects of the kind live in a namespace. */
  readonly namespaced: boolean;
  /** Checks a whole object (run it with checkWholeObject, which runs the CEL rules it collects). */
  readonly check: SchemaCheck;
  /** Whether the kind's schema has CEL rules (`x-kubernetes-validations`), as a CRD's may; asked for rarely. */
  hasRules?(): boolean;
  /** What the API server makes of a `status` written with an object of the kind. */
  readonly status: StatusHandling;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// The cluster-scoped kinds of Kubernetes 1.27 and 1.33 (the OpenAPI definitions do not say which kinds are namespaced),
// and removed ones that old manifests still carry (PodSecurityPolicy, until 1.25; AuditSink and InitializerConfiguration).
const CLUSTER_SCOPED = new Set([
  'PodSecurityPolicy', 'AuditSink', 'InitializerConfiguration',
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ClusterTrustBundle', 'ComponentStatus',
  'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration',
  'Namespace', 'Node', 'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectReview', 'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview', 'TokenReview', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment', 'IPAddress', 'ClusterCIDR',
  'ResourceClass', 'ServiceCIDR', 'VolumeAttributesClass', 'DeviceClass', 'DeviceTaintRule', 'ResourceSlice', 'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding', 'StorageVersion', 'StorageVersionMigration',
]);

/** A Kubernetes version whose definitions core kinds are validated against. */
export type KubernetesVersion = '1.27' | '1.33';

/** The versions there are definitions for (npm run import writes imports/schemas/kubernetes-<version>.json). */
export const KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ['1.27', '1.33'];

/**
 * The version validated against when none is named: 1.33, a version Istio 1.30 supports (it needs 1.32 or later).
 * The constructs' cdk8s-plus-27 types are older; objects of both validate against either.
 */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.33';

/** The pinned CRDs' schemas by `<group>/<version>/<kind>`, each parsed when first needed. */
let crds: LazyEntries<CrdSchema> | undefined;

/** What is loaded and compiled for one Kubernetes version, once per process. */
interface VersionSchemas {
  /** `apiVersion/kind` to the name of the definition it is validated against. */
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitionChecks: Map<string, SchemaCheck>;
  readonly kindSchemas: Map<string, KindSchema | null>;
  readonly definition: (ref: string) => SchemaCheck;
}

const versions = new Map<KubernetesVersion, VersionSchemas>();

function schemasOf(version: KubernetesVersion): VersionSchemas {
  let loaded = versions.get(version);
  if (!loaded) {
    if (!KUBERNETES_VERSIONS.includes(version)) throw new Error(`no Kubernetes definitions for ${version}; versions: ${KUBERNETES_VERSIONS.join(', ')}`);
    // one entry per line (kubernetesSchemaEntries): the definitions are parsed as they are first used
    const entries = lazyEntries<unknown>(readSchemaFile(`kubernetes-${version}.json`));
    const kinds = entries('kinds') as Record<string, string> | undefined;
    if (!kinds) throw new Error(`imports/schemas/kubernetes-${version}.json has no kinds: run \`npm run import\``);
    const definitionChecks = new Map<string, SchemaCheck>();
    /** The compiled check of a Kubernetes definition, by `$ref` (`#/definitions/<name>`) or name. */
    const definition = (ref: string): SchemaCheck => {
      const name = ref.replace(/^#\/definitions\//, '');
      let check = definitionChecks.get(name);
      if (!check) {
        const node = entries(definitionRef(name)) as SchemaNode | undefined;
        if (!node) throw new Error(`the Kubernetes ${version} definitions have no ${name}`);
        check = compileDefinition(name, withoutAcceptedDuplicates(name, withoutAcceptedMissing(name, node)), definition);
        definitionChecks.set(name, check);
      }
      return check;
    };
    loaded = { kinds, definitionChecks, kindSchemas: new Map(), definition };
    versions.set(version, loaded);
  }
  return loaded;
}

/**
 * The schema of `apiVersion`/`kind`, or undefined when neither the pinned CRDs nor the definitions of Kubernetes
 * `version` define it.
 */
export function schemaFor(apiVersion: string, kind: string, version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION): KindSchema | undefined {
  const { kinds, kindSchemas, definition } = schemasOf(version);
  const key = `${apiVersion}/${kind}`;
  const cached = kindSchemas.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let result: KindSchema | undefined;
  crds ??= lazyEntries<CrdSchema>(readSchemaFile('crds.json'));
  const crd = crds(key);
  if (crd) {
    result = crdKindSchema(crd, version);
  } else {
    const name = Object.hasOwn(kinds, key) ? kinds[key] : undefined;
    // a Node is created with its status (its strategy keeps it); every other core kind's is reset
    if (name) result = { namespaced: !CLUSTER_SCOPED.has(kind), check: definition(name), status: key === 'v1/Node' ? 'validated' : 'decoded' };
  }
  kindSchemas.set(key, result ?? null);
  return result;
}

/**
 * The schema of a custom resource's kind from its CRD's version (`crd`, as extract-schemas.ts makes it); for a CRD of
 * the linted set (`fromSet`), with only the CEL rules (`x-kubernetes-validations`) that evaluate here as the API
 * server evaluates them (set-crd-rules.ts).
 */
export function crdKindSchema(crd: CrdSchema, version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION, fromSet = false): KindSchema {
  const { definition } = schemasOf(version);
  const schema = fromSet ? vetSetCrdRules(crd.schema) : crd.schema;
  // the API server checks a custom resource's metadata as ObjectMeta, whatever the CRD schema says of it
  const properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    ...(schema.properties as Record<string, SchemaNode>),
    metadata: { $ref: `#/definitions/${OBJECT_META}` },
  };
  const check = compileSchema({ ...schema, type: 'object', properties }, 'crd', definition);
  // the API server fills in the schema's defaults while decoding, before it validates (and the CEL rules read them)
  const defaulter = crd.defaults ? compileDefaulter(crd.defaults) : undefined;
  let rules: boolean | undefined;
  // the scale subresource's paths and the embedded resources are checked on the decoded object too, beside its schema
  const { scale } = crd;
  const embedded = embeddedResourcesCheck(crd.schema);
  const whole: SchemaCheck = (value, field, sink) => {
    const decoded = defaulter ? defaulter(value) : value;
    check(decoded, field, sink);
    if (scale) checkScale(scale, decoded, sink);
    if (embedded) embedded(decoded, sink);
  };
  return {
    namespaced: crd.scope === 'Namespaced',
    check: defaulter || scale || embedded ? whole : check,
    // (the API server's note on rules not run counts every rule the CRD states)
    hasRules: () => (rules ??= statesRules(crd.schema)),
    status: crd.statusSubresource ? 'pruned' : 'validated',
  };
}

/** A definition's schema without the duplicate checks of the lists the API server accepts duplicates in (builtin/accepted-duplicates.ts). */
function withoutAcceptedDuplicates(name: string, node: SchemaNode): SchemaNode {
  const accepted = Object.hasOwn(ACCEPTED_DUPLICATES, name) ? ACCEPTED_DUPLICATES[name] : undefined;
  if (!accepted) return node;
  const properties = { ...(node.properties as Record<string, SchemaNode>) };
  for (const field of accepted) properties[field] = { ...properties[field], 'x-kubernetes-list-type': 'atomic' };
  return { ...node, properties };
}


// the groups of Kubernetes' own APIs, by version: those of its definitions, and the removed ones, which none here has
const builtInGroups = new Map<KubernetesVersion, ReadonlySet<string>>();
// extensions (until 1.22), auditregistration.k8s.io (AuditSink, until 1.19), settings.k8s.io (PodPreset, until 1.20)
const REMOVED_GROUPS = ['extensions', 'auditregistration.k8s.io', 'settings.k8s.io'];

/** A kind of Kubernetes' own API groups that a Kubernetes version does not serve, as kubectl apply finds it. */
export interface UnservedKind {
  /** The apiVersions the version serves the kind under by default, maybe none. */
  readonly servedAs: readonly string[];
  /** The other apiVersions the version has the kind under but does not serve by default (alpha, or 1.33's beta). */
  readonly offAs: readonly string[];
  /**
   * Whether the version has the apiVersion, but does not serve it unless the API server is told to
   * (`--runtime-config`): an alpha API, or in 1.33 a beta one.
   */
  readonly offByDefault: boolean;
}

/**
 * Whether Kubernetes `version` serves an apiVersion of its own groups by default: never an alpha one; in 1.33 no
 * beta one either, as every beta API of its definitions came after 1.24, since when new beta APIs are off by default
 * (in 1.27, its FlowSchemas' v1beta2 and v1beta3 were on, as was SelfSubjectReview's v1beta1).
 */
function servedByDefault(apiVersion: string, version: KubernetesVersion): boolean {
  const stage = /\/v\d+(alpha|beta)\d+$/.exec(apiVersion)?.[1];
  return stage === undefined || (stage === 'beta' && version === '1.27');
}

/**
 * For an apiVersion of one of Kubernetes' own API groups whose `version` does not serve `kind` by default
 * (`apps/v1beta1` Deployments, removed in 1.16; a misspelt kind; `resource.k8s.io/v1beta1`, a beta API that 1.33 has
 * but leaves off): what it serves instead. Undefined for a kind it serves, and for any other group (a custom
 * resource's).
 */
export function unservedBuiltInKind(
  apiVersion: string,
  kind: string,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): UnservedKind | undefined {
  const { kinds } = schemasOf(version);
  const known = Object.hasOwn(kinds, `${apiVersion}/${kind}`);
  if (known && servedByDefault(apiVersion, version)) return undefined;
  let groups = builtInGroups.get(version);
  if (!groups) {
    groups = new Set([...REMOVED_GROUPS, ...Object.keys(kinds).map((key) => apiGroupOf(key.slice(0, key.lastIndexOf('/'))))]);
    builtInGroups.set(version, groups);
  }
  if (!groups.has(apiGroupOf(apiVersion))) return undefined;
  const versions = Object.keys(kinds)
    .filter((key) => key.endsWith(`/${kind}`))
    .map((key) => key.slice(0, key.length - kind.length - 1))
    .filter((other) => other.split('/').length <= 2 && other !== apiVersion)
    .sort();
  return {
    servedAs: versions.filter((other) => servedByDefault(other, version)),
    offAs: versions.filter((other) => !servedByDefault(other, version)),
    offByDefault: known,
  };
}

/**
 * Whether objects of a kind are namespaced: as their schema says; for a kind of Kubernetes' own groups under an
 * apiVersion the version does not serve (a removed one, a later one), as the kind is in every version; and a kind
 * with no known schema is taken for namespaced, as most custom kinds are.
 */
export function isNamespaced(apiVersion: string, kind: string, version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION): boolean {
  const schema = schemaFor(apiVersion, kind, version);
  if (schema) return schema.namespaced;
  return unservedBuiltInKind(apiVersion, kind, version) === undefined || !CLUSTER_SCOPED.has(kind);
}

/**
 * The apiVersions the pinned CRDs serve a kind under when they do not serve `apiVersion` (a version a CRD lists with
 * `served: false`, or one of an older release: Gateway API's v1alpha2 TLSRoute); empty when they serve it or do not
 * have the kind.
 */
export function otherCrdVersions(apiVersion: string, kind: string): string[] {
  crds ??= lazyEntries<CrdSchema>(readSchemaFile('crds.json'));
  const group = apiGroupOf(apiVersion);
  if (group === '' || crds(`${apiVersion}/${kind}`)) return [];
  return crdVersionsByKind(crds).get(`${group}/${kind}`) ?? [];
}

/** The apiVersions the pinned CRDs serve, by `<group>/<kind>`, listed once. */
let versionsByKind: Map<string, string[]> | undefined;
function crdVersionsByKind(pinned: LazyEntries<CrdSchema>): Map<string, string[]> {
  if (versionsByKind) return versionsByKind;
  versionsByKind = new Map();
  for (const key of pinned.keys()) {
    const parts = key.split('/');
    if (parts.length === 3) push(versionsByKind, `${parts[0]}/${parts[2]}`, `${parts[0]}/${parts[1]}`);
  }
  return versionsByKind;
}

/** Whether a schema states a CEL rule anywhere. */
function statesRules(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(statesRules);
  if (typeof node !== 'object' || node === null) return false;
  for (const key in node) {
    const value = (node as Record<string, unknown>)[key];
    if (key === 'x-kubernetes-validations' ? Array.isArray(value) && value.length > 0 : statesRules(value)) return true;
  }
  return false;
}

/** A definition's schema without the required fields the API server accepts missing (builtin/accepted-missing.ts). */
function withoutAcceptedMissing(name: string, node: SchemaNode): SchemaNode {
  const accepted = Object.hasOwn(ACCEPTED_MISSING, name) ? ACCEPTED_MISSING[name] : undefined;
  if (!accepted || !Array.isArray(node.required)) return node;
  return { ...node, required: (node.required as string[]).filter((field) => !accepted.includes(field)) };
}
