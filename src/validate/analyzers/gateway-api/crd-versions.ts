// IST0176 GatewayAPICRDVersionBelowMinimum, as istioctl 1.30.3's k8sgateway.CRDVersionAnalyzer reports it
// (pkg/config/analysis/analyzers/k8sgateway/crdversion.go): a Gateway API CRD whose bundle version (its annotation
// `gateway.networking.k8s.io/bundle-version`) is below the one Istio 1.30 needs for that kind
// (pkg/config/schema/gatewayapi/minimumversions.go); istiod's CRD watcher then leaves the kind out, and its resources
// are never processed (TLSRoutes from bundle 1.4 program no listener). The version is read as
// github.com/Masterminds/semver/v3 reads it (NewVersion, which coerces: `v1.4`, `1.4.0-rc.1`, leading zeros), its
// pre-release dropped before the comparison; a version that does not parse, or no annotation, is passed over as there.
import { Finding, finding, MESSAGES } from '../../findings';
import { goQuote } from '../../go-strconv';
import type { MeshIndex } from '../../mesh/mesh-index';
import { resourcesOf } from '../policies/policy-resources';

/** The minimum bundle version of each Gateway API CRD Istio 1.30 needs at a version of its own. */
const MINIMUM_CRD_VERSIONS: ReadonlyMap<string, readonly [bigint, bigint, bigint]> = new Map([
  ['grpcroutes.gateway.networking.k8s.io', [1n, 1n, 0n]],
  ['backendtlspolicies.gateway.networking.k8s.io', [1n, 4n, 0n]],
  ['tlsroutes.gateway.networking.k8s.io', [1n, 5n, 0n]],
]);

const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

// semver's looseSemVerRegex
const LOOSE_VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const UINT64_MAX = 2n ** 64n - 1n;

/** A version as semver's NewVersion reads it, and its String(); undefined where NewVersion fails. */
export function parseSemver(text: string): { segments: readonly [bigint, bigint, bigint]; text: string } | undefined {
  const m = LOOSE_VERSION.exec(text);
  if (!m) return undefined;
  const segments = [m[1], m[2], m[3]].map((s) => (s === undefined ? 0n : BigInt(s.replace(/^\./, '')))) as [bigint, bigint, bigint];
  if (segments.some((s) => s > UINT64_MAX)) return undefined;
  const pre = m[5] ?? '';
  const metadata = m[8] ?? '';
  // validatePrerelease: a numeric identifier with a leading zero is refused
  if (pre.split('.').some((part) => /^[0-9]+$/.test(part) && part.length > 1 && part.startsWith('0'))) return undefined;
  return { segments, text: `${segments.join('.')}${pre ? `-${pre}` : ''}${metadata ? `+${metadata}` : ''}` };
}

/** Whether segments `a` come before `b`. */
function before(a: readonly bigint[], b: readonly bigint[]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Gateway API CRDs of the set at a bundle version below the one Istio needs. */
export function checkGatewayApiCrdVersions(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of resourcesOf(index, 'apiextensions.k8s.io', 'CustomResourceDefinition', 'apiextensions.k8s.io/v1')) {
    const { object } = source;
    const name = object.metadata?.name ?? '';
    const minimum = MINIMUM_CRD_VERSIONS.get(name);
    const annotation = object.metadata?.annotations?.[BUNDLE_VERSION_ANNOTATION];
    if (!minimum || typeof annotation !== 'string') continue;
    const installed = parseSemver(annotation);
    if (!installed || !before(installed.segments, minimum)) continue;
    findings.push(
      finding(
        MESSAGES.gatewayApiCrdVersionBelowMinimum,
        source,
        `Gateway API CRD ${goQuote(name)} is at version ${goQuote(installed.text)} but Istio requires at least ${goQuote(minimum.join('.'))}; ` +
          'resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
        'metadata.name',
        // istioctl gives it no line of its own: the object's start
        null,
      ),
    );
  }
  return findings;
}
