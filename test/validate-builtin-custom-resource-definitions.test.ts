// CustomResourceDefinitions as the API server validates them at create (k8s.io/apiextensions-apiserver's
// ValidateCustomResourceDefinition, v0.33), cases adapted from its validation tests: what a CRD's author gets wrong.
import { errorLines, obj } from './support/objects';

const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } } };
const version = (name: string, changes: Record<string, unknown> = {}) => ({ name, served: true, storage: true, schema, ...changes });
/** A CRD of the group example.com, with `changes` laid over its spec. */
const crd = (changes: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => {
  const spec = { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [version('v1')], ...changes };
  const name = `${(spec.names as { plural: string }).plural}.${spec.group}`;
  return errorLines(obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', name, { metadata, spec }, undefined));
};

describe('CustomResourceDefinitions', () => {
  test('a CRD with versions, a scale subresource, printer columns, a conversion webhook and an approved group passes', () => {
    expect(crd()).toEqual([]);
    expect(
      crd({
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'], categories: ['all'] },
        versions: [
          version('v1beta1', { storage: false, deprecated: true, deprecationWarning: 'example.com/v1beta1 Widget is deprecated; use v1' }),
          version('v1', {
            subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
            additionalPrinterColumns: [{ name: 'Replicas', type: 'integer', format: 'int32', jsonPath: '.spec.replicas' }],
          }),
        ],
        conversion: { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 'widgets', namespace: 'widgets-system', path: '/convert' } }, conversionReviewVersions: ['v1'] } },
      }),
    ).toEqual([]);
    expect(crd({ group: 'widgets.k8s.io' }, { annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/1111' } })).toEqual([]);
    expect(crd({ group: 'widgets.x-k8s.io' })).toEqual([]);
    expect(crd({ group: 'widgets.k8s.io' }, { annotations: { 'api-approved.kubernetes.io': 'unapproved, experimental-only' } })).toEqual([]);
    // what the OpenAPI definitions call required and the API server accepts missing: a version's served and
    // storage (false), a None strategy's webhook without review versions
    expect(crd({ versions: [version('v1'), { name: 'v0', schema }], conversion: { strategy: 'None', webhook: {} } })).toEqual([]);
  });

  test('refuses a group without a dot, an unknown scope, versions without a schema, one storage version or unique names', () => {
    expect(crd({ group: 'widgets' })).toEqual(['TT0019 spec.group: must be a domain with at least one dot, such as example.com, got "widgets"']);
    expect(crd({ scope: 'Global' })).toEqual(['TT0015 spec.scope: the scope must be one of Cluster, Namespaced, got "Global"']);
    expect(crd({ versions: [version('v1', { schema: undefined })] })).toEqual([
      'TT0017 spec.versions[0].schema.openAPIV3Schema: every version needs a schema (apiextensions.k8s.io/v1 requires one)',
    ]);
    expect(crd({ versions: [version('v1'), version('v2')] })).toEqual(['TT0019 spec.versions: must mark exactly one version as the storage version, got 2']);
    expect(crd({ versions: [version('v1'), version('v1', { storage: false })] })).toEqual(['TT0019 spec.versions: must hold unique version names']);
    expect(crd({ versions: [version('V1')] })[0]).toMatch(/^TT0019 spec\.versions\[0\]\.name: must be a DNS-1035 label/);
  });

  test('refuses a schema pattern Go\'s regexp does not compile, at any depth; RE2 syntax passes', () => {
    const withPatterns = (spec: Record<string, unknown>) => ({ openAPIV3Schema: { type: 'object', properties: { spec } } });
    const nested = withPatterns({
      type: 'object',
      properties: { host: { type: 'string', pattern: '^[a-z]+(\\.[a-z]+)*$' }, port: { type: 'string', pattern: '(' } },
      additionalProperties: undefined,
    });
    expect(crd({ versions: [version('v1', { schema: nested })] })).toEqual([
      expect.stringMatching(/^TT0019 spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\.spec\.properties\.port\.pattern: must be a valid regular expression, but isn't: /),
    ]);
    const inItems = withPatterns({ type: 'array', items: { type: 'string', pattern: '(?<name>x)' }, anyOf: [{ pattern: 'a{2,1}' }] });
    expect(crd({ versions: [version('v1', { schema: inItems })] }).map((l) => l.split(':')[0])).toEqual([
      'TT0019 spec.versions[0].schema.openAPIV3Schema.properties.spec.anyOf[0].pattern',
    ]);
  });

  test('refuses a deprecation warning on a version that is not deprecated, or one too long or not printable', () => {
    expect(crd({ versions: [version('v1', { deprecationWarning: 'old' })] })).toEqual(['TT0019 spec.versions[0].deprecationWarning: may only be set for a deprecated version']);
    expect(crd({ versions: [version('v1', { deprecated: true, deprecationWarning: 'x'.repeat(257) })] })).toEqual([
      'TT0019 spec.versions[0].deprecationWarning: must be at most 256 bytes long',
    ]);
    expect(crd({ versions: [version('v1', { deprecated: true, deprecationWarning: 'use\tv2' })] })).toEqual([
      'TT0019 spec.versions[0].deprecationWarning: must hold printable characters only; "\\t" is not, at byte 3',
    ]);
  });

  test('refuses preserveUnknownFields, bad names, a kind equal to its list kind', () => {
    expect(crd({ preserveUnknownFields: true })).toEqual([
      'TT0019 spec.preserveUnknownFields: may not be true in apiextensions.k8s.io/v1: set x-kubernetes-preserve-unknown-fields in spec.versions[*].schema instead',
    ]);
    expect(crd({ names: { plural: 'widgets', kind: 'Widget', listKind: 'Widget' } })).toEqual([
      'TT0019 spec.names.listKind: kind and listKind may not be the same, got "Widget"',
    ]);
    expect(crd({ names: { plural: 'widgets', kind: 'Wid_get' } })[0]).toMatch(/^TT0019 spec\.names\.kind: may have mixed case, but must otherwise be a DNS-1035 label/);
    expect(crd({ names: { plural: 'widgets', kind: 'Widget', shortNames: ['w-'] } })[0]).toMatch(/^TT0019 spec\.names\.shortNames\[0\]: must be a DNS-1035 label/);
  });

  test('refuses scale paths outside spec and status, bad printer columns (once for columns all versions share)', () => {
    const scale = (s: Record<string, unknown>) => crd({ versions: [version('v1', { subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', ...s } } })] });
    expect(scale({ specReplicasPath: '.status.replicas' })).toEqual([
      'TT0019 spec.versions[0].subresources.scale.specReplicasPath: must be a JSON path under .spec., got ".status.replicas"',
    ]);
    expect(scale({ statusReplicasPath: 'status.replicas' })).toEqual([
      'TT0019 spec.versions[0].subresources.scale.statusReplicasPath: must be a simple JSON path starting with ., got "status.replicas"',
    ]);
    expect(scale({ labelSelectorPath: '.metadata.labels' })).toEqual([
      'TT0019 spec.versions[0].subresources.scale.labelSelectorPath: must be a JSON path under .spec. or .status., got ".metadata.labels"',
    ]);
    const column = { name: 'Age', type: 'duration', jsonPath: '.metadata.creationTimestamp' };
    expect(crd({ versions: [version('v1', { additionalPrinterColumns: [column] }), version('v2', { storage: false, additionalPrinterColumns: [column] })] })).toEqual([
      'TT0019 spec.versions[0].additionalPrinterColumns[0].type: must be one of boolean, date, integer, number, string, got "duration"',
    ]);
    // columns that differ only by a field at its zero value are the same columns for Go: one finding
    expect(crd({ versions: [version('v1', { additionalPrinterColumns: [column] }), version('v2', { storage: false, additionalPrinterColumns: [{ ...column, priority: 0 }] })] })).toEqual([
      'TT0019 spec.versions[0].additionalPrinterColumns[0].type: must be one of boolean, date, integer, number, string, got "duration"',
    ]);
    // a kind lowered as Go lowers it: U+0130 becomes i
    expect(crd({ names: { plural: 'items', kind: '\u0130tem' } })).toEqual([]);
    expect(crd({ versions: [version('v1', { additionalPrinterColumns: [{ name: 'A', type: 'string', format: 'uuid', jsonPath: 'spec.a' }] })] })).toEqual([
      'TT0019 spec.versions[0].additionalPrinterColumns[0].format: must be one of byte, date, date-time, double, float, int32, int64, password, got "uuid"',
      'TT0019 spec.versions[0].additionalPrinterColumns[0].jsonPath: must be a simple JSON path starting with ., got "spec.a"',
    ]);
  });

  test('refuses a conversion webhook without client config or review versions, a webhook with strategy None', () => {
    expect(crd({ conversion: { strategy: 'Webhook' } })).toEqual([
      'TT0017 spec.conversion.webhook.clientConfig: a conversion webhook needs its client config (a url or a service)',
      'TT0017 spec.conversion.webhook.conversionReviewVersions: must name one of v1, v1beta1',
    ]);
    expect(crd({ conversion: { strategy: 'Webhook', webhook: { clientConfig: { url: 'http://convert.example.com' }, conversionReviewVersions: ['v2'] } } })).toEqual([
      `TT0019 spec.conversion.webhook.clientConfig.url: 'https' is the only scheme allowed (the form https://host[/path]), got "http://convert.example.com"`,
      'TT0019 spec.conversion.webhook.conversionReviewVersions: must include at least one of v1, v1beta1 (the versions the API server sends), got ["v2"]',
    ]);
    expect(crd({ conversion: { strategy: 'None', webhook: { clientConfig: { url: 'https://convert.example.com' }, conversionReviewVersions: ['v1'] } } })).toEqual([
      'TT0019 spec.conversion.webhook.clientConfig: may only be set when the strategy is Webhook',
      'TT0019 spec.conversion.webhook.conversionReviewVersions: may only be set when the strategy is Webhook',
    ]);
  });

  test('refuses a group Kubernetes keeps without the approval annotation, or with one that is neither a URL nor unapproved', () => {
    expect(crd({ group: 'widgets.k8s.io' })).toEqual([
      'TT0017 metadata.annotations["api-approved.kubernetes.io"]: a CRD in the group widgets.k8s.io, which Kubernetes keeps, needs this annotation: a URL of the approved API review, or a reason starting with "unapproved"',
    ]);
    expect(crd({ group: 'kubernetes.io' }, { annotations: { 'api-approved.kubernetes.io': 'yes' } })).toEqual([
      'TT0019 metadata.annotations["api-approved.kubernetes.io"]: must be a URL of the approved API review, or a reason starting with "unapproved", got "yes"',
    ]);
  });
});
