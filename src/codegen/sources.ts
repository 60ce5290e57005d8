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
}

/** The pinned documents (see ../shared/SCHEMAS.md for their provenance). */
export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  {
    id: 'istio-1.30.3',
    kind: 'crds',
    url: 'https://raw.githubusercontent.com/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml',
    sha256: 'dcb43ff6b9af2f629b80b6a82597f5a91db259c757e66cc5353ac007da28351a',
  },
  {
    id: 'appsody-operator-0.6.0',
    kind: 'crds',
    url: 'https://raw.githubusercontent.com/appsody/appsody-operator/master/deploy/releases/0.6.0/appsody-app-crd.yaml',
    sha256: '9af130713a507fdd55f5b226b2c513bfacd35ce60d08025ca58e180dc5707297',
  },
  {
    id: 'kubernetes-1.27.0',
    kind: 'kubernetes-definitions',
    url: 'https://raw.githubusercontent.com/cdk8s-team/cdk8s/master/kubernetes-schemas/v1.27.0/_definitions.json',
    sha256: '58a37fdf0c9d45b677663b57cad9d98b73d927af583a8ebee69613d09e1365d9',
  },
];

/**
 * The file in a local directory that stands for a source: the one whose name ends with the upstream file name
 * (less a leading underscore), as in `istio-1.30.3-crd-all.gen.yaml` for `crd-all.gen.yaml`.
 */
export function localFileSuffix(source: SchemaSource): string {
  const base = source.url.slice(source.url.lastIndexOf('/') + 1);
  return base.replace(/^_/, '');
}
