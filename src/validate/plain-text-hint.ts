// Why a value that a schema wants as a string is none, when the YAML says it: kubectl reads YAML as go-yaml v2 does,
// which makes plain scalars such as `N`, `on`, `1.10`, `0o17` or `8080` booleans and numbers (yaml-resolve.ts), and
// the API server then refuses them where a string belongs. The finding names the text and the quoted form to write.
import type { SourcedObject } from './findings';
import { saysNotAString } from './structural';
import { resolve } from '../manifests/yaml-resolve';

const READ_AS = { bool: 'a boolean', int: 'a number', float: 'a number' } as const;

/**
 * What to add to a finding that `field` must be a string when its file writes it as a plain scalar that kubectl reads
 * as a boolean or a number (`N` read as false): the text and how to quote it (and where, when an alias names it);
 * '' otherwise.
 */
export function plainTextHint(source: SourcedObject, field: string): string {
  const scalar = source.fieldLines?.plainScalarOf?.(field);
  if (scalar === undefined) return '';
  const { tag } = resolve('', scalar.text);
  if (tag === 'str' || tag === 'null') return '';
  const { anchored } = scalar;
  const where = anchored === undefined ? '' : ` on line ${anchored.line}, under the anchor &${anchored.anchor},`;
  return ` (kubectl reads the unquoted ${scalar.text} as ${READ_AS[tag]}: write ${JSON.stringify(scalar.text)}${where} to keep the text)`;
}

/** `message` about `field`, with {@link plainTextHint} added when it says the field must be a string. */
export function withPlainTextHint(source: SourcedObject, field: string, message: string): string {
  return saysNotAString(message) ? message + plainTextHint(source, field) : message;
}
