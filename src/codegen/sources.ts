/** What a pinned upstream schema document is used for. */
export type SourceKind = 'crds' | 'kubernetes-definitions';

/** One upstream schema document that `imports/` is generated from. */
export interface SchemaSource {
  /** Short name, also used in messages. */
  readonly id: string;
  readonly kind: SourceKind;
  /** Where the document lives upstream; `cdk8s.yaml` lists the CRD ones for `cdk8s import` users. */
  readonly url: string;
  /** The pinned content: regenerating from anything else is refused, so `imports/` always matches the pin. */
  readonly sha256: string;
  /** The document's file name in a directory of pinned files (`../shared/crds/`, `../shared/schemas/`). */
  readonly file: string;
  /**
   * Whether `npm run import` can download it from `url`: not for a document joined from several upstream files
   * (`url` then names the folder they come from), which only a local directory provides.
   */
  readonly downloadable: boolean;
}

/** The pinned documents (see ../shared/SCHEMAS.md for their provenance). */
export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  {
    id: 'istio-1.30.3',
    kind: 'crds',
    url: 'https://raw.githubusercontent.com/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml',
    sha256: 'dcb43ff6b9af2f629b80b6a82597f5a91db259c757e66cc5353ac007da28351a',
    file: 'istio-1.30.3-crd-all.gen.yaml',
    downloadable: true,
  },
  {
    id: 'appsody-operator-0.6.0',
    kind: 'crds',
    url: 'https://raw.githubusercontent.com/appsody/appsody-operator/master/deploy/releases/0.6.0/appsody-app-crd.yaml',
    sha256: '9af130713a507fdd55f5b226b2c513bfacd35ce60d08025ca58e180dc5707297',
    file: 'appsody-operator-0.6.0-appsody-app-crd.yaml',
    downloadable: true,
  },
  {
    id: 'runtime-component-operator-1.6.2',
    kind: 'crds',
    url: 'https://raw.githubusercontent.com/application-stacks/runtime-component-operator/main/internal/deploy/kubectl/runtime-component-crd.yaml',
    sha256: '5251acab6c16b415b324d04277fc1ade745517f73008756b1f6afb2e5377e2e4',
    file: 'runtime-component-operator-1.6.2-crd.yaml',
    downloadable: true,
  },
  {
    id: 'gateway-api-v1.5.1',
    kind: 'crds',
    url: 'https://github.com/kubernetes-sigs/gateway-api/tree/v1.5.1/config/crd/standard',
    sha256: '6596ba0f11334510f433ca09ec383c2ff099a9e8a06b7f0501465570d548384f',
    file: 'gateway-api-v1.5.1-standard-crds.yaml',
    downloadable: false,
  },
  {
    id: 'sail-operator-1.30.3',
    kind: 'crds',
    url: 'https://github.com/istio-ecosystem/sail-operator/tree/1.30.3/chart/crds',
    sha256: '75382bbf09be3636a1ed130a8d6400eee8503d2675c86f6214a78705f6b4a130',
    file: 'sail-operator-1.30.3-crds.yaml',
    downloadable: false,
  },
  {
    id: 'kubernetes-1.27.0',
    kind: 'kubernetes-definitions',
    url: 'https://raw.githubusercontent.com/cdk8s-team/cdk8s/master/kubernetes-schemas/v1.27.0/_definitions.json',
    sha256: '58a37fdf0c9d45b677663b57cad9d98b73d927af583a8ebee69613d09e1365d9',
    file: 'kubernetes-1.27.0-definitions.json',
    downloadable: true,
  },
  {
    id: 'kubernetes-1.33.0',
    kind: 'kubernetes-definitions',
    url: 'https://raw.githubusercontent.com/cdk8s-team/cdk8s/master/kubernetes-schemas/v1.33.0/_definitions.json',
    sha256: '58ea1d4c5b1c7d13fecab9aaad1a2a3187607b704219ddf1794211bfcb3cdb12',
    file: 'kubernetes-1.33.0-definitions.json',
    downloadable: true,
  },
];

/**
 * The version of a pinned document, from its id (`gateway-api-v1.5.1` gives `v1.5.1`, `appsody-operator-0.6.0` gives
 * `0.6.0`), found by the id's name before the version; undefined when none is pinned.
 */
export function pinnedVersion(name: string): string | undefined {
  for (const { id } of SCHEMA_SOURCES) {
    if (id.startsWith(`${name}-`) && /^v?\d/.test(id.slice(name.length + 1))) return id.slice(name.length + 1);
  }
  return undefined;
}
