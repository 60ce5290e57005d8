// Analyzers of sidecar injection, Istio annotations and deprecated fields: istioctl 1.30.3's injection.Analyzer,
// injection.ImageAutoAnalyzer, injection.ImageAnalyzer, webhook.Analyzer,
// externalcontrolplane.ExternalControlPlaneAnalyzer, annotations.K8sAnalyzer, deprecation.DeprecationAnalyzer and
// telemetry.LightstepAnalyzer, run as Istio's analyzer tests run them (on Namespaces and Pods too), with pod templates
// and AppsodyApplications standing for the Pods they make (but for injection.ImageAnalyzer, which reads Pods only).
// IST0136 AlphaAnnotation is not among them: it is `istioctl x precheck`'s, not analyze's. TT0044, the project's own,
// says what IST0125's invalid values do to pods the injector reaches: it refuses them.
import type { MeshCheck } from '../mesh/mesh-check';
import { checkAnnotations } from '../mesh/annotations';
import { checkNamespaceInjection } from '../mesh/namespaces';
import { checkDeprecatedFields } from './injection-annotations/deprecated-fields';
import { checkExternalControlPlane } from './injection-annotations/external-control-plane';
import { checkImageAuto } from './injection-annotations/image-auto';
import { checkInjectionRefused } from './injection-annotations/injection-refused';
import { checkInvalidWebhooks } from './injection-annotations/invalid-webhooks';
import { checkLightstepProviders } from './injection-annotations/lightstep-providers';
import { checkMissingProxy } from './injection-annotations/missing-proxy';
import { checkNamespacesInjectedByDefault } from './injection-annotations/namespaces-by-default';
import { checkProxyImages } from './injection-annotations/proxy-images';

/** The injection, annotation and deprecation analyzers, in the order they run. */
export const INJECTION_ANNOTATION_CHECKS: readonly MeshCheck[] = [
  checkNamespaceInjection,
  checkNamespacesInjectedByDefault,
  checkMissingProxy,
  checkInjectionRefused,
  checkImageAuto,
  checkProxyImages,
  checkInvalidWebhooks,
  checkExternalControlPlane,
  checkAnnotations,
  checkDeprecatedFields,
  checkLightstepProviders,
];
