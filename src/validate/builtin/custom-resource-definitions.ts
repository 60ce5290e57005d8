// CustomResourceDefinitions (apiextensions.k8s.io/v1), as the API server checks them at create
// (k8s.io/apiextensions-apiserver pkg/apis/apiextensions/validation, v0.33, after the v1 defaults: the singular name
// the lowercased kind, the list kind `<kind>List`, conversion None), beyond the name rule checked with every kind's
// name: the group (a DNS subdomain with a dot), the scope, a schema for every version, the versions' names, one
// storage version and deprecation warnings, preserveUnknownFields left false, the names (plural, singular, kind,
// list kind, short names, categories), printer columns, the scale subresource's paths, the conversion strategy and
// its webhook, the approval annotation of the groups Kubernetes keeps (k8s.io, kubernetes.io), and each version's
// OpenAPI schema with its CEL rules and defaults (./crd-schemas.ts), and its selectable fields. What is not mirrored:
// the rules' cost, and the API server's refusal of selectable fields all versions share when their schemas differ
// (the v1 conversion moves the fields to the top level, where they need a top-level schema): each version's are
// checked against its own schema.
// Where the v1 conversion moves per-version schemas, subresources or printer columns that every version shares to the
// top level, Go reports a problem in them once, at the internal top-level path: here it is reported once too, at the
// first version's path. A conversion webhook's problems are reported at v1's own paths (`conversion.webhook...`).
import { MESSAGES } from '../findings';
import { parseGoUrl } from '../go-url';
import { join, show } from '../structural';
import { checkReviewVersions, checkWebhookClientConfig } from './admission-webhooks';
import { checkCrdSchema, resolveFieldPath } from './crd-schemas';
import { Fields, goToLower, isSet, list, record, str, stringPointer, text } from './go-values';
import { dns1035LabelProblem, dnsSubdomainProblem } from './identifiers';
import { checkEnum, Report } from './report';
import type { KubernetesVersion } from '../schemas';
import type { VersionRules } from './version-rules';

const SCOPES = ['Cluster', 'Namespaced'];
const STRATEGIES = ['None', 'Webhook'];
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';
const MAX_DEPRECATION_WARNING = 256;
const MAX_SELECTABLE_FIELDS = 8;
const SELECTABLE_TYPES = ['string', 'boolean', 'integer'];
// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Built-in validation of a CustomResourceDefinition. */
export function checkCustomResourceDefinition(object: Fields, report: Report, rules: VersionRules): void {
  const spec = record(object.spec) ?? {};
  checkGroup(str(spec.group), report);
  const scope = str(spec.scope);
  if (scope === '') report(MESSAGES.requiredValue, 'spec.scope', `must be one of ${SCOPES.join(', ')}`);
  else checkEnum(scope, SCOPES, 'spec.scope', 'the scope', report);
  const versions = list(spec.versions).map((version) => record(version) ?? {});
  checkVersions(versions, report, rules.celLibraries);
  if (spec.preserveUnknownFields === true) {
    report(MESSAGES.invalidFieldValue, 'spec.preserveUnknownFields', 'may not be true in apiextensions.k8s.io/v1: set x-kubernetes-preserve-unknown-fields in spec.versions[*].schema instead');
    if (versions.some((version) => hasDefault(record(version.schema)?.openAPIV3Schema))) {
      report(MESSAGES.invalidFieldValue, 'spec.preserveUnknownFields', 'must be false in order to use defaults in the schema');
    }
  }
  checkNames(record(spec.names) ?? {}, report);
  checkConversion(record(spec.conversion), spec.preserveUnknownFields === true, report);
  checkApproval(object, str(spec.group), report);
}

/** The group: a DNS subdomain of at least two labels. */
function checkGroup(group: string, report: Report): void {
  if (group === '') {
    report(MESSAGES.requiredValue, 'spec.group', 'a CRD needs its API group');
    return;
  }
  const problem = dnsSubdomainProblem(group);
  if (problem) report(MESSAGES.invalidFieldValue, 'spec.group', `must be ${problem}, got ${show(group)}`);
  else if (!group.includes('.')) report(MESSAGES.invalidFieldValue, 'spec.group', `must be a domain with at least one dot, such as example.com, got ${show(group)}`);
}

/** Each version's name, schema, deprecation warning, subresources and printer columns; unique names, one storage version. */
function checkVersions(versions: readonly Fields[], report: Report, libraries: KubernetesVersion): void {
  const names = new Set<string>();
  let unique = true;
  // per-version subresources and columns all the same are checked once (the v1 conversion moves them to the top)
  const sameSubresources = versions.length > 0 && versions.every((v) => sameJson(v.subresources, versions[0].subresources));
  const sameColumns = versions.length > 0 && versions.every((v) => sameJson(v.additionalPrinterColumns, versions[0].additionalPrinterColumns));
  // so are schemas, with the status subresource on when any version has it
  const sameSchemas = versions.length > 0 && versions.every((v) => isSet(v.schema) && sameJson(v.schema, versions[0].schema));
  const sameSelectable = versions.length > 0 && versions.every((v) => sameJson(v.selectableFields, versions[0].selectableFields));
  const hasStatus = (v: Fields) => isSet(record(v.subresources)?.status);
  const anyStatus = versions.some(hasStatus);
  versions.forEach((version, i) => {
    const field = `spec.versions[${i}]`;
    const name = str(version.name);
    if (names.has(name)) unique = false;
    names.add(name);
    const nameProblem = dns1035LabelProblem(name);
    if (nameProblem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `must be ${nameProblem}, got ${show(name)}`);
    const schema = record(record(version.schema)?.openAPIV3Schema);
    if (!schema) {
      report(MESSAGES.requiredValue, `${field}.schema.openAPIV3Schema`, 'every version needs a schema (apiextensions.k8s.io/v1 requires one)');
    } else if (i === 0 || !sameSchemas) {
      checkCrdSchema(schema, `${field}.schema.openAPIV3Schema`, sameSchemas ? anyStatus : hasStatus(version), report, libraries);
    }
    const selectable = list(version.selectableFields);
    if (selectable.length > 0 && (i === 0 || !(sameSelectable && sameSchemas))) {
      if (!schema) report(MESSAGES.invalidFieldValue, join(field, 'selectableFields'), 'selectableFields may only be set when version.schema.openAPIV3Schema is included');
      else checkSelectableFields(selectable, schema, join(field, 'selectableFields'), report);
    }
    checkDeprecationWarning(version, join(field, 'deprecationWarning'), report);
    if (i === 0 || !sameSubresources) checkScale(record(record(version.subresources)?.scale), `${field}.subresources.scale`, report);
    if (i === 0 || !sameColumns) {
      list(version.additionalPrinterColumns).forEach((column, j) => checkColumn(record(column) ?? {}, `${field}.additionalPrinterColumns[${j}]`, report));
    }
  });
  if (!unique) report(MESSAGES.invalidFieldValue, 'spec.versions', 'must hold unique version names');
  const storage = versions.filter((version) => version.storage === true).length;
  if (storage !== 1) report(MESSAGES.invalidFieldValue, 'spec.versions', `must mark exactly one version as the storage version, got ${storage}`);
}

/**
 * ValidateCustomResourceSelectableFields: each a `.name` path (no `['key']` steps) through the version's schema to a
 * string, boolean or integer field outside metadata, each once, at most eight.
 */
function checkSelectableFields(fields: readonly unknown[], schema: Fields, field: string, report: Report): void {
  const seen = new Set<string>();
  fields.forEach((value, i) => {
    const at = join(`${field}[${i}]`, 'jsonPath');
    const path = str(record(value)?.jsonPath);
    if (path === '') {
      report(MESSAGES.requiredValue, at, 'a selectable field needs its JSON path, such as .spec.color');
      return;
    }
    const target = resolveFieldPath(schema, path, false);
    if ('error' in target) {
      report(MESSAGES.invalidFieldValue, at, `is an invalid path: ${target.error}, got ${show(path)}`);
      return;
    }
    if (target.names[0] === 'metadata') report(MESSAGES.invalidFieldValue, at, `must not point to fields in metadata, got ${show(path)}`);
    if (!SELECTABLE_TYPES.includes(str(target.node?.type))) {
      report(MESSAGES.invalidFieldValue, at, `must point to a field of type string, boolean or integer (enum string fields and strings with formats are allowed), got ${show(path)}`);
    }
    const key = target.names.join('\0');
    if (seen.has(key)) report(MESSAGES.invalidFieldValue, at, `must not be selected twice, got ${show(path)}`);
    seen.add(key);
  });
  if (seen.size > MAX_SELECTABLE_FIELDS) report(MESSAGES.invalidFieldValue, field, `must have at most ${MAX_SELECTABLE_FIELDS} fields, got ${seen.size}`);
}

/** validateDeprecationWarning, of a *string. */
function checkDeprecationWarning(version: Fields, field: string, report: Report): void {
  const warning = stringPointer(version.deprecationWarning);
  if (warning === undefined) return;
  if (version.deprecated !== true) {
    report(MESSAGES.invalidFieldValue, field, 'may only be set for a deprecated version');
    return;
  }
  if (Buffer.byteLength(warning) > MAX_DEPRECATION_WARNING) report(MESSAGES.invalidFieldValue, field, `must be at most ${MAX_DEPRECATION_WARNING} bytes long`);
  if (warning === '') report(MESSAGES.invalidFieldValue, field, 'must not be an empty string');
  let at = 0;
  for (const character of warning) {
    if (!PRINTABLE.test(character)) {
      report(MESSAGES.invalidFieldValue, field, `must hold printable characters only; ${show(character)} is not, at byte ${at}`);
      break;
    }
    at += Buffer.byteLength(character);
  }
}

/** ValidateCustomResourceDefinitionSubresources: the scale subresource's JSON paths. */
function checkScale(scale: Fields | undefined, field: string, report: Report): void {
  if (!scale) return;
  checkScalePath(str(scale.specReplicasPath), ['.spec.'], join(field, 'specReplicasPath'), report);
  checkScalePath(str(scale.statusReplicasPath), ['.status.'], join(field, 'statusReplicasPath'), report);
  const selector = text(scale.labelSelectorPath);
  if (selector !== undefined) checkScalePath(selector, ['.spec.', '.status.'], join(field, 'labelSelectorPath'), report);
}

function checkScalePath(path: string, under: readonly string[], field: string, report: Report): void {
  if (path === '') {
    report(MESSAGES.requiredValue, field, `must be a JSON path under ${under.join(' or ')}`);
    return;
  }
  const problem = simpleJsonPathProblem(path);
  if (problem) report(MESSAGES.invalidFieldValue, field, `${problem}, got ${show(path)}`);
  else if (!under.some((prefix) => path.startsWith(prefix))) report(MESSAGES.invalidFieldValue, field, `must be a JSON path under ${under.join(' or ')}, got ${show(path)}`);
}

/** validateSimpleJSONPath: a path starting with `.` (Go's other branch can never fail). */
function simpleJsonPathProblem(path: string): string | undefined {
  return path.startsWith('.') ? undefined : 'must be a simple JSON path starting with .';
}

/** ValidateCustomResourceColumnDefinition. */
function checkColumn(column: Fields, field: string, report: Report): void {
  if (str(column.name) === '') report(MESSAGES.requiredValue, join(field, 'name'), 'a printer column needs a name');
  const type = str(column.type);
  if (type === '') report(MESSAGES.requiredValue, join(field, 'type'), `must be one of ${COLUMN_TYPES.join(', ')}`);
  else if (!COLUMN_TYPES.includes(type)) report(MESSAGES.invalidFieldValue, join(field, 'type'), `must be one of ${COLUMN_TYPES.join(', ')}, got ${show(type)}`);
  const format = str(column.format);
  if (format !== '' && !COLUMN_FORMATS.includes(format)) {
    report(MESSAGES.invalidFieldValue, join(field, 'format'), `must be one of ${COLUMN_FORMATS.join(', ')}, got ${show(format)}`);
  }
  const path = str(column.jsonPath);
  const problem = path === '' ? undefined : simpleJsonPathProblem(path);
  if (path === '') report(MESSAGES.requiredValue, join(field, 'jsonPath'), 'a printer column needs a JSON path');
  else if (problem) report(MESSAGES.invalidFieldValue, join(field, 'jsonPath'), `${problem}, got ${show(path)}`);
}

/** The names, after the v1 defaults (singular: the kind lowercased; listKind: the kind and List). */
function checkNames(names: Fields, report: Report): void {
  const kind = str(names.kind);
  const plural = str(names.plural);
  const singular = str(names.singular) || goToLower(kind);
  const listKind = str(names.listKind) || (kind === '' ? '' : `${kind}List`);
  for (const [key, value] of [['plural', plural], ['singular', singular], ['kind', kind], ['listKind', listKind]] as const) {
    const field = `spec.names.${key}`;
    if (value === '') {
      report(MESSAGES.requiredValue, field, `a CRD needs its ${key}`);
      continue;
    }
    const mixedCase = key === 'kind' || key === 'listKind';
    const problem = dns1035LabelProblem(mixedCase ? goToLower(value) : value);
    if (problem) report(MESSAGES.invalidFieldValue, field, `${mixedCase ? 'may have mixed case, but must otherwise be' : 'must be'} ${problem}, got ${show(value)}`);
  }
  if (kind !== '' && kind === listKind) report(MESSAGES.invalidFieldValue, 'spec.names.listKind', `kind and listKind may not be the same, got ${show(kind)}`);
  for (const key of ['shortNames', 'categories']) {
    list(names[key]).forEach((item, i) => {
      const value = str(item);
      const problem = dns1035LabelProblem(value);
      if (problem) report(MESSAGES.invalidFieldValue, `spec.names.${key}[${i}]`, `must be ${problem}, got ${show(value)}`);
    });
  }
}

/** validateCustomResourceConversion, on v1's shape (the webhook's client config and review versions under `webhook`). */
function checkConversion(conversion: Fields | undefined, preserveUnknownFields: boolean, report: Report): void {
  // SetDefaults_CustomResourceDefinitionSpec: None
  if (!conversion) return;
  const strategy = str(conversion.strategy);
  if (strategy === '') report(MESSAGES.requiredValue, 'spec.conversion.strategy', `must be one of ${STRATEGIES.join(', ')}`);
  else checkEnum(strategy, STRATEGIES, 'spec.conversion.strategy', 'the conversion strategy', report);
  if (strategy !== 'None' && preserveUnknownFields) {
    report(MESSAGES.invalidFieldValue, 'spec.conversion.strategy', `must be None when spec.preserveUnknownFields is true, got ${show(strategy)}`);
  }
  const webhook = record(conversion.webhook);
  const clientConfig = record(webhook?.clientConfig);
  if (strategy === 'Webhook') {
    if (!clientConfig) {
      report(MESSAGES.requiredValue, 'spec.conversion.webhook.clientConfig', 'a conversion webhook needs its client config (a url or a service)');
    } else {
      checkWebhookClientConfig(clientConfig, 'spec.conversion.webhook.clientConfig', report);
    }
    checkReviewVersions(webhook?.conversionReviewVersions, 'spec.conversion.webhook.conversionReviewVersions', report);
    return;
  }
  if (clientConfig) report(MESSAGES.invalidFieldValue, 'spec.conversion.webhook.clientConfig', 'may only be set when the strategy is Webhook');
  if (list(webhook?.conversionReviewVersions).length > 0) {
    report(MESSAGES.invalidFieldValue, 'spec.conversion.webhook.conversionReviewVersions', 'may only be set when the strategy is Webhook');
  }
}

/** validateAPIApproval: a group under k8s.io or kubernetes.io needs the approval annotation, a URL or `unapproved...`. */
function checkApproval(object: Fields, group: string, report: Report): void {
  const protectedGroup = group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
  if (!protectedGroup) return;
  const annotation = str(record(record(object.metadata)?.annotations)?.[APPROVAL_ANNOTATION]);
  const field = join('metadata.annotations', APPROVAL_ANNOTATION);
  const rule = 'a URL of the approved API review, or a reason starting with "unapproved"';
  if (annotation === '') {
    report(MESSAGES.requiredValue, field, `a CRD in the group ${group}, which Kubernetes keeps, needs this annotation: ${rule}`);
    return;
  }
  if (annotation.startsWith('unapproved')) return;
  // url.ParseRequestURI with a scheme and a host
  const url = parseGoUrl(annotation, true);
  if (!url || url.scheme === '' || url.host === '') report(MESSAGES.invalidFieldValue, field, `must be ${rule}, got ${show(annotation)}`);
}

/** Whether a JSONSchemaProps, or any schema inside it, gives a `default` (SchemaHas's walk). */
function hasDefault(value: unknown): boolean {
  const schema = record(value);
  if (!schema) return false;
  // `default: null` decodes to no default
  if (schema.default !== undefined && schema.default !== null) return true;
  const children: unknown[] = [schema.items, schema.not, schema.additionalProperties, schema.additionalItems];
  for (const key of ['items', 'allOf', 'anyOf', 'oneOf']) if (Array.isArray(schema[key])) children.push(...schema[key]);
  for (const key of ['properties', 'patternProperties', 'definitions', 'dependencies']) children.push(...Object.values(record(schema[key]) ?? {}));
  return children.some(hasDefault);
}

/**
 * apiequality.Semantic.DeepEqual of two versions' subresources or printer columns as Go decodes them: a field left out,
 * null or at its zero value ("", 0, false, an empty list) is the same, but for the pointer fields (the status and
 * scale subresources, a scale's labelSelectorPath), where `{}` or "" is set and differs from absent.
 */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

const POINTER_FIELDS = new Set(['status', 'scale', 'labelSelectorPath']);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'null' : `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const kept = Object.keys(value)
      .sort()
      .filter((key) => {
        const field = (value as Fields)[key];
        if (field === null || field === undefined) return false;
        return POINTER_FIELDS.has(key) || !(field === '' || field === 0 || field === false || (Array.isArray(field) && field.length === 0));
      });
    return `{${kept.map((key) => `${JSON.stringify(key)}:${canonical((value as Fields)[key])}`).join(',')}}`;
  }
  return value === undefined || value === null ? 'null' : JSON.stringify(value);
}
