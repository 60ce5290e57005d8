// What a create drops from a pod spec before validating it, for the feature gates that are off by default
// (pkg/api/pod's dropDisabledPodFields): ImageVolume (beta, off in 1.33) takes out image volumes and every mount of
// them, ClusterTrustBundleProjection (beta, off in 1.33) the clusterTrustBundle of each projected source. Kubernetes
// 1.27 has neither field, which its schema refuses first. The pod runs without them, and the API server says nothing.
import { Fields, isSet, list, record, str } from './go-values';

const MOUNT_HOLDERS = ['containers', 'initContainers', 'ephemeralContainers'];

/** The spec a create validates: `spec` itself when it has none of the dropped fields, else a copy without them. */
export function withoutDisabledFields(spec: Fields): Fields {
  const volumes = list(spec.volumes);
  const images = new Set(volumes.filter((v) => isSet(record(v)?.image)).map((v) => str(record(v)?.name)));
  const hasBundle = (v: unknown) => list(record(record(v)?.projected)?.sources).some((s) => isSet(record(s)?.clusterTrustBundle));
  if (images.size === 0 && !volumes.some(hasBundle)) return spec;
  const kept = volumes.filter((v) => !isSet(record(v)?.image));
  const copy: Fields = { ...spec, volumes: kept.map((v) => (hasBundle(v) ? withoutBundles(record(v) ?? {}) : v)) };
  if (images.size === 0) return copy;
  for (const holder of MOUNT_HOLDERS) {
    if (!Array.isArray(spec[holder])) continue;
    copy[holder] = spec[holder].map((c: unknown) => {
      const container = record(c);
      if (!container || !Array.isArray(container.volumeMounts)) return c;
      return { ...container, volumeMounts: container.volumeMounts.filter((m: unknown) => !images.has(str(record(m)?.name))) };
    });
  }
  return copy;
}

function withoutBundles(volume: Fields): Fields {
  const projected = record(volume.projected) ?? {};
  const sources = list(projected.sources).map((s) => {
    const source = record(s);
    if (!source || !isSet(source.clusterTrustBundle)) return s;
    const { clusterTrustBundle: _dropped, ...rest } = source;
    return rest;
  });
  return { ...volume, projected: { ...projected, sources } };
}
