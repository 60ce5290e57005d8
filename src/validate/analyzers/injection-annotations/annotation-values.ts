// The values Istio's injector accepts for its pod annotations (pkg/kube/inject/validate.go AnnotationValidation, and
// pkg/util/net ValidateInterfaceNames), with the error texts istioctl reports as IST0125 InvalidAnnotation.
import { goQuote, parseBoolError, parseUintError } from '../../go-strconv';
import { parsePrefixError } from '../../go-netip';
import { proxyConfigError } from './proxy-config';
import { quantityError } from './quantity-errors';

type Validator = (value: string) => string | undefined;

function interceptionMode(mode: string): string | undefined {
  return ['REDIRECT', 'TPROXY', 'NONE'].includes(mode) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${mode}`;
}

/** parsePort: the element trimmed, as a 16-bit unsigned integer. */
function portError(port: string): string | undefined {
  const error = parseUintError(port.trim(), 16);
  return error && `failed parsing port '${port}': ${error}`;
}

/** parsePorts: a comma-separated list, the whole trimmed first; empty is no port. */
function portListError(parameter: string, ports: string): string | undefined {
  const trimmed = ports.trim();
  if (trimmed === '') return undefined;
  for (const port of trimmed.split(',')) {
    const error = portError(port);
    if (error) return `${parameter} invalid: failed parsing port '${port}': ${error}`;
  }
  return undefined;
}

function cidrListError(parameter: string, cidrs: string): string | undefined {
  if (cidrs === '') return undefined;
  for (const cidr of cidrs.split(',')) {
    const error = parsePrefixError(cidr);
    if (error) return `${parameter} invalid: failed parsing cidr '${cidr}': ${error}`;
  }
  return undefined;
}

const INTERFACE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

function interfacesError(interfaces: string): string | undefined {
  if (interfaces === '') return undefined;
  for (const raw of interfaces.split(',')) {
    const name = raw.trim();
    if (name === '') return 'empty interface name';
    if (name.length > 15) return `interface name ${goQuote(name)} too long (max 15 chars)`;
    if (!INTERFACE_NAME.test(name)) return `interface name ${goQuote(name)} contains invalid characters`;
  }
  return undefined;
}

function resourceQuantity(value: string): string | undefined {
  // unicode.IsControl: C0, DEL and C1
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 'value contains control characters';
  }
  return quantityError(value);
}

const uint32: Validator = (value) => parseUintError(value, 32);

/** The annotations the injector validates, each with its check: the error text, or undefined for a valid value. */
export const ANNOTATION_VALIDATORS: ReadonlyMap<string, Validator> = new Map<string, Validator>([
  ['sidecar.istio.io/interceptionMode', interceptionMode],
  // validateStatusPort says excludeInboundPorts, as Istio's does
  ['status.sidecar.istio.io/port', (port) => (portError(port) ? `excludeInboundPorts invalid: ${portError(port)}` : undefined)],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', uint32],
  ['readiness.status.sidecar.istio.io/periodSeconds', uint32],
  ['readiness.status.sidecar.istio.io/failureThreshold', uint32],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', (ranges) => (ranges === '*' ? undefined : cidrListError('includeIPRanges', ranges))],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', (ranges) => cidrListError('excludeIPRanges', ranges)],
  ['traffic.sidecar.istio.io/includeInboundPorts', (ports) => (ports === '*' ? undefined : portListError('includeInboundPorts', ports))],
  ['traffic.sidecar.istio.io/excludeInboundPorts', (ports) => portListError('excludeInboundPorts', ports)],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', (ports) => portListError('excludeOutboundPorts', ports)],
  ['traffic.sidecar.istio.io/excludeInterfaces', interfacesError],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', interfacesError],
  ['istio.io/reroute-virtual-interfaces', interfacesError],
  ['prometheus.istio.io/merge-metrics', parseBoolError],
  ['proxy.istio.io/config', proxyConfigError],
  ['sidecar.istio.io/proxyCPU', resourceQuantity],
  ['sidecar.istio.io/proxyMemory', resourceQuantity],
  ['sidecar.istio.io/proxyCPULimit', resourceQuantity],
  ['sidecar.istio.io/proxyMemoryLimit', resourceQuantity],
]);
