// How kubectl names a kind on its command line: `<plural>.<group>`, e.g. `virtualservices.networking.istio.io`.
import { CRD_PLURALS } from '../../imports/crd-resources';

/**
 * The plural resource name of a built-in kind, by the rule the API machinery guesses it with (apimachinery's
 * `meta.UnsafeGuessKindToResource`), which the core kinds follow: `Service` → `services`, `Ingress` → `ingresses`.
 * Custom kinds take the plural their CRD declares (`Gateway` → `gateways`, not the guessed `gatewaies`).
 */
export function pluralOf(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular === 'endpoints') return singular;
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/** The fully qualified resource of `apiVersion`/`kind` (`deployments.apps`, `services` for the core group). */
export function kubectlResource(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (group === '') return pluralOf(kind);
  return `${CRD_PLURALS[`${group}/${kind}`] ?? pluralOf(kind)}.${group}`;
}
