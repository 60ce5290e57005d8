// ConfigMaps and Secrets (ValidateConfigMap, ValidateSecret): key names, a key in both data maps, the 1 MiB limit on
// their data, and what each Secret type must contain.
import { MESSAGES } from '../findings';
import { base64Length, isStdBase64 } from '../formats';
import { join, show } from '../structural';
import { entries, Fields, record, text } from './go-values';
import { configMapKeyProblem } from './identifiers';
import { Report } from './report';

/** core.MaxSecretSize, which also bounds ConfigMaps. */
export const MAX_DATA_SIZE = 1024 * 1024;

function checkKeys(map: unknown, field: string, report: Report): void {
  for (const [key] of entries(map)) {
    const problem = configMapKeyProblem(key);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, key), `key must be ${problem}, got ${show(key)}`);
  }
}

function checkSize(size: number, field: string, what: string, report: Report): void {
  if (size > MAX_DATA_SIZE) report(MESSAGES.sizeLimitExceeded, field, `${what} must total at most ${MAX_DATA_SIZE} bytes (1 MiB), got ${size}`);
}

/** Built-in validation of a ConfigMap. */
export function checkConfigMap(object: Fields, report: Report): void {
  checkKeys(object.data, 'data', report);
  checkKeys(object.binaryData, 'binaryData', report);
  const binary = record(object.binaryData) ?? {};
  let size = 0;
  for (const [key, value] of entries(object.data)) {
    if (key in binary) report(MESSAGES.invalidFieldValue, join('data', key), `key ${show(key)} is also a key of binaryData`);
    if (typeof value === 'string') size += Buffer.byteLength(value);
  }
  for (const [, value] of entries(binary)) if (typeof value === 'string' && isStdBase64(value)) size += base64Length(value);
  checkSize(size, '', 'the data and binaryData of a ConfigMap', report);
}

/** The text a Secret holds under `key` once stringData is merged into data, or undefined when it has no such key. */
function secretValue(object: Fields, key: string): string | undefined {
  const plain = record(object.stringData)?.[key];
  if (typeof plain === 'string') return plain;
  const encoded = record(object.data)?.[key];
  return typeof encoded === 'string' && isStdBase64(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

/** Whether json.Unmarshal into a map[string]interface{} accepts `content`: a JSON object, or null. */
function isJsonObject(content: string): boolean {
  try {
    const value: unknown = JSON.parse(content);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
}

/** Built-in validation of a Secret, whose stringData is merged into data before it is validated. */
export function checkSecret(object: Fields, report: Report): void {
  checkKeys(object.data, 'data', report);
  checkKeys(object.stringData, 'stringData', report);
  const sizes = new Map<string, number>();
  for (const [key, value] of entries(object.data)) if (typeof value === 'string' && isStdBase64(value)) sizes.set(key, base64Length(value));
  for (const [key, value] of entries(object.stringData)) if (typeof value === 'string') sizes.set(key, Buffer.byteLength(value));
  checkSize([...sizes.values()].reduce((a, b) => a + b, 0), 'data', 'the data of a Secret (stringData included)', report);
  const has = (key: string) => sizes.has(key);
  const type = text(object.type) ?? 'Opaque';
  const need = (key: string) => {
    if (!has(key)) report(MESSAGES.requiredValue, join('data', key), `a Secret of type ${type} needs the key ${show(key)}`);
  };
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (text(record(object.metadata?.annotations)?.['kubernetes.io/service-account.name']) === undefined) {
        report(MESSAGES.requiredValue, 'metadata.annotations["kubernetes.io/service-account.name"]', `a Secret of type ${type} needs this annotation`);
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      need(key);
      const content = secretValue(object, key);
      if (content !== undefined && !isJsonObject(content)) {
        report(MESSAGES.invalidFieldValue, join('data', key), `a Secret of type ${type} needs ${key} to hold a JSON object`);
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) report(MESSAGES.requiredValue, 'data', `a Secret of type ${type} needs the key "username" or "password"`);
      break;
    case 'kubernetes.io/ssh-auth':
      // an empty key counts as missing
      if (!sizes.get('ssh-privatekey')) report(MESSAGES.requiredValue, join('data', 'ssh-privatekey'), `a Secret of type ${type} needs a non-empty key "ssh-privatekey"`);
      break;
    case 'kubernetes.io/tls':
      need('tls.crt');
      need('tls.key');
      break;
  }
}
