import { type CreateNodeOptions, type DocumentOptions, type Scalar, type ScalarTag, type SchemaOptions, stringify, type ToStringOptions } from 'yaml';
import { mayResolve, resolve } from '../manifests/yaml-resolve';

/**
 * YAML as cdk8s's `Yaml.stringify` writes it (the `yaml` package, YAML 1.1 schema, no line folding), except for the
 * strings kubectl would read back as something else, which are written double-quoted with escapes.
 *
 * kubectl reads YAML with go-yaml v2 (through sigs.k8s.io/yaml), which `yaml`'s YAML 1.1 schema does not match:
 * - Go's number syntax: a plain `0o17`, `0X1F`, `0B1`, `+_1`, `1e_0` or `0b-1` is a number to go-yaml (resolve.go
 *   removes every `_`, then tries strconv.ParseInt with base 0, a YAML-style float and a `0b` case of its own), a
 *   string to `yaml`, which writes it plain. A ConfigMap value `0o17` then fails to apply, a key `0o17` becomes `15`.
 * - The merge key: a map key `<<` written plain is a merge to go-yaml: a map value is merged into the map around it
 *   without a word, anything else refused.
 * - Characters: `yaml` writes every character as it is, even inside double quotes, but go-yaml refuses a file holding
 *   DEL, a C1 control, U+FFFE or U+FFFF, reads U+0085, U+2028 and U+2029 as line breaks, and takes a byte order mark
 *   (U+FEFF) for one when its buffer happens to start with it at the start of a line (scannerc.go's is_bom reads the
 *   buffer's first bytes): in a literal block, 3 of every 512 positions made kubectl refuse the file.
 * - Literal blocks go-yaml reads otherwise: one whose first line starts with a tab and has no indentation indicator
 *   (refused), and one of blanks only, whose spaces go-yaml drops.
 * - A multi-line string `yaml` double-quotes (for a control character, or a last line of blanks) with a line of one
 *   space: `yaml` breaks a double-quoted value at each newline once it is 40 characters long (whatever the line
 *   width), and escapes that space twice (`\\ `), which go-yaml reads as a backslash.
 * - A lone surrogate, which no UTF-8 file holds: `yaml` writes its escape (`\ud800`), which go-yaml refuses. It is
 *   written as U+FFFD, as Node's UTF-8 encoding and Go's JSON write one.
 * Found by writing 840,000 generated strings as cdk8s writes them and reading them back with kubectl 1.32 (the last
 * two by a review's 90,000 more).
 */
export function kubectlYaml(...docs: unknown[]): string {
  return docs.map((doc) => (doc === undefined ? '\n' : stringify(doc, OPTIONS))).join('---\n');
}

const UNREADABLE_CHARACTERS = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\p{Surrogate}/u;
/** A multi-line string `yaml` writes as a literal block without an indentation indicator that starts with a tab. */
const TAB_FIRST_BLOCK = /^\n*\t/;
const BLANKS_ONLY = /^[\t\n ]*$/;
/** What makes `yaml` double-quote a multi-line string: a control character, a last line of blanks. */
// eslint-disable-next-line no-control-regex
const DOUBLE_QUOTED_BLOCK = /[\x00-\x08\x0b-\x1f]|\n[\t ]+$/;

/** Whether kubectl would not read `text` back as the same string, written as `yaml` writes it. */
export function kubectlMisreads(text: string): boolean {
  if (UNREADABLE_CHARACTERS.test(text)) return true;
  if (text.includes('\n')) {
    return TAB_FIRST_BLOCK.test(text) || (BLANKS_ONLY.test(text) && /[\t ]/.test(text)) || (text.includes('\n \n') && DOUBLE_QUOTED_BLOCK.test(text));
  }
  return text === '<<' || (mayResolve(text) && resolve('', text).tag !== 'str');
}

/** The escapes `yaml` writes for the control characters JSON writes as `\u00XX`. */
const SHORT_ESCAPES: Record<string, string> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };
/** The escapes of the characters `yaml` leaves as they are, in YAML's own spelling where it has one. */
const ADDED_ESCAPES: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

/**
 * `text` as one double-quoted line, escaped as `yaml` escapes (JSON's escapes, `\xXX` for other control characters)
 * and also escaping what `yaml` leaves as it is (DEL, the C1 controls, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF): kubectl
 * reads it back as it is, but for a lone surrogate, written as U+FFFD.
 */
export function kubectlQuoted(text: string): string {
  const escapes = /\\(?:u(00[0-9a-f]{2}|d[89a-f][0-9a-f]{2})|.)|[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
  return JSON.stringify(text).replace(escapes, (match, code: string | undefined) => {
    // JSON.stringify escapes a lone surrogate as \udXXX
    if (code?.startsWith('d')) return '\\ufffd';
    if (code !== undefined) return SHORT_ESCAPES[code] ?? `\\x${code.slice(2)}`;
    if (match.startsWith('\\')) return match;
    const hex = match.charCodeAt(0).toString(16);
    return ADDED_ESCAPES[match] ?? (hex.length === 2 ? `\\x${hex}` : `\\u${hex}`);
  });
}

/** The strings kubectl would misread, written by `kubectlQuoted`; placed before the schema's own string tag. */
const KUBECTL_STRING: ScalarTag = {
  identify: (value) => typeof value === 'string' && kubectlMisreads(value),
  default: true,
  tag: 'tag:yaml.org,2002:str',
  resolve: (text) => text,
  stringify: (item) => kubectlQuoted(String((item as Scalar).value)),
};

// cdk8s's options (lib/yaml.js), and the tag
const OPTIONS: DocumentOptions & SchemaOptions & CreateNodeOptions & ToStringOptions = {
  keepUndefined: true,
  lineWidth: 0,
  version: '1.1',
  // the tag first, and no merge tag: it would take a `<<` from KUBECTL_STRING (a tag with a test wins among those that
  // identify a value) and write it plain; plain JSON holds no merges
  customTags: (tags) => [KUBECTL_STRING, ...tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:merge')],
};
