// The `proxy.istio.io/config` annotation's value check (pkg/kube/inject/validate.go validateProxyConfig): the value is
// YAML (or JSON) for a MeshConfig.ProxyConfig, applied over Istio's default ProxyConfig, then checked by
// ValidateMeshConfigProxyConfig. Deliberate differences: the value is parsed with the `yaml` package, so a YAML error
// reads differently from go-yaml's, and type errors are worded as protojson words them; the tracing, statsd, metrics
// and access log service and private key provider settings are not checked; the errors are joined on one line
// (`2 errors occurred: a; b`) instead of hashicorp/go-multierror's indented list.
import { parse } from 'yaml';
import { isDnsLabel } from '../../../../constructs/dns-names';
import { isIpAddress } from '../../ip-addresses';
import { atoiError, goQuote } from '../../go-strconv';
import { protoField, record } from './manifest-values';
import { splitNetHostPort } from '../../go-net';

/** mesh.DefaultProxyConfig(): what an annotation overrides. */
const DEFAULTS = {
  configPath: './etc/istio/proxy',
  binaryPath: '/usr/local/bin/envoy',
  serviceCluster: 'istio-proxy',
  drainDuration: '45s',
  discoveryAddress: 'istiod.istio-system.svc:15012',
  proxyAdminPort: 15000,
  statusPort: 15020,
  controlPlaneAuthPolicy: 'MUTUAL_TLS',
};

const AUTH_POLICIES: Readonly<Record<string, string>> = { 0: 'NONE', 1: 'MUTUAL_TLS', 1000: 'INHERIT' };


class ConversionError extends Error {}

function stringField(config: Readonly<Record<string, unknown>>, name: keyof typeof DEFAULTS): string {
  const value = protoField(config, name);
  if (value === undefined || value === null) return String(DEFAULTS[name]);
  if (typeof value !== 'string') throw new ConversionError(`invalid value for string field ${name}: ${JSON.stringify(value)}`);
  return value;
}

function int32Field(config: Readonly<Record<string, unknown>>, name: 'proxyAdminPort' | 'statusPort'): number {
  const value = protoField(config, name);
  if (value === undefined || value === null) return DEFAULTS[name];
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) {
    throw new ConversionError(`invalid value for int32 field ${name}: ${JSON.stringify(value)}`);
  }
  return n;
}

/** A google.protobuf.Duration in JSON (`45s`, `0.5s`) as nanoseconds. */
function durationNanos(config: Readonly<Record<string, unknown>>, name: 'drainDuration'): bigint {
  const value = protoField(config, name) ?? DEFAULTS[name];
  const match = typeof value === 'string' ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(value) : null;
  if (!match) throw new ConversionError(`invalid google.protobuf.Duration value ${JSON.stringify(value)}`);
  const nanos = BigInt(match[2]) * 1_000_000_000n + BigInt((match[3] ?? '').padEnd(9, '0'));
  return match[1] ? -nanos : nanos;
}

function authPolicy(config: Readonly<Record<string, unknown>>): string {
  const value = protoField(config, 'controlPlaneAuthPolicy') ?? DEFAULTS.controlPlaneAuthPolicy;
  if (typeof value === 'number' && Number.isInteger(value)) return AUTH_POLICIES[value] ?? String(value);
  if (typeof value === 'string' && Object.values(AUTH_POLICIES).includes(value)) return value;
  throw new ConversionError(`invalid value for enum field controlPlaneAuthPolicy: ${JSON.stringify(value)}`);
}

const portError = (port: number) => (port >= 1 && port <= 65535 ? undefined : `port number ${port} must be in the range 1..65535`);

/** agent.ValidateFQDN. */
function fqdnError(fqdn: string): string | undefined {
  if (fqdn.length > 255) return `domain name ${goQuote(fqdn)} too long (max 255)`;
  if (fqdn.length === 0) return 'empty domain name not allowed';
  const parts = fqdn.split('.');
  const top = parts[parts.length - 1];
  if (atoiError(top) === undefined) return `domain name ${goQuote(fqdn)} invalid (top level domain ${goQuote(top)} cannot be all-numeric)`;
  for (const [i, label] of parts.entries()) {
    if (i === parts.length - 1 && label === '') return undefined;
    if (!isDnsLabel(label)) return `domain name ${goQuote(fqdn)} invalid (label ${goQuote(label)} invalid)`;
  }
  return undefined;
}

/** agent.ValidateProxyAddress. */
function proxyAddressError(address: string): string | undefined {
  const split = splitNetHostPort(address);
  if (typeof split === 'string') return `unable to split ${goQuote(address)}: ${split}`;
  const bad = atoiError(split.port);
  if (bad) return `port (${split.port}) is not a number: ${bad}`;
  return portError(Number(split.port)) ?? (fqdnError(split.host) && !isIpAddress(split.host) ? `${goQuote(split.host)} is not a valid hostname or an IP address` : undefined);
}

/** The errors of ValidateMeshConfigProxyConfig that this port checks, in its order. */
function validationErrors(config: Readonly<Record<string, unknown>>): string[] {
  const errors: string[] = [];
  if (stringField(config, 'configPath') === '') errors.push('config path must be set');
  if (stringField(config, 'binaryPath') === '') errors.push('binary path must be set');
  // the cluster name is a oneof: tracingServiceName replaces the default serviceCluster
  if (protoField(config, 'tracingServiceName') === undefined && stringField(config, 'serviceCluster') === '') errors.push('service cluster must be specified');
  const drain = durationNanos(config, 'drainDuration');
  if (drain < 1_000_000n) errors.push('invalid drain duration: duration must be greater than 1ms');
  else if (drain % 1_000_000n !== 0n) errors.push('invalid drain duration: only durations to ms precision are supported');
  else if (drain % 1_000_000_000n !== 0n) errors.push('drain time only supports durations to seconds precision');
  const discovery = stringField(config, 'discoveryAddress');
  const discoveryError = discovery === '' ? undefined : proxyAddressError(discovery);
  if (discovery === '') errors.push('discovery address must be set to the proxy discovery service');
  else if (discoveryError) errors.push(`invalid discovery address: ${discoveryError}`);
  const adminPort = portError(int32Field(config, 'proxyAdminPort'));
  if (adminPort) errors.push(`invalid proxy admin port: ${adminPort}`);
  const policy = authPolicy(config);
  if (policy !== 'NONE' && policy !== 'MUTUAL_TLS') errors.push(`invalid authentication policy: unrecognized control plane auth policy ${goQuote(policy)}`);
  const statusPort = portError(int32Field(config, 'statusPort'));
  if (statusPort) errors.push(`invalid status port: ${statusPort}`);
  return errors;
}

/** The error istioctl reports for a `proxy.istio.io/config` value, or undefined when the value is a valid ProxyConfig. */
export function proxyConfigError(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parse(value, { version: '1.1', uniqueKeys: false });
  } catch (e) {
    return `failed to convert to apply proxy config: error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`;
  }
  if (parsed === null || parsed === undefined) parsed = {};
  const config = record(parsed);
  if (!config) return `failed to convert to apply proxy config: a ProxyConfig must be a mapping, got ${JSON.stringify(parsed)}`;
  try {
    const errors = validationErrors(config);
    if (errors.length === 0) return undefined;
    return `${errors.length} error${errors.length === 1 ? '' : 's'} occurred: ${errors.join('; ')}`;
  } catch (e) {
    if (e instanceof ConversionError) return `failed to convert to apply proxy config: ${e.message}`;
    throw e;
  }
}
