import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { CrdSchema, extractCrdSchemas, stripSchema } from '../src/codegen/extract-schemas';
import { defaultsOf } from '../src/codegen/schema-defaults';
import { kubernetesSchemaFile } from '../src/codegen/import-schemas';
import { SCHEMA_SOURCES } from '../src/codegen/sources';

describe('schema sources and extraction', () => {
  test('cdk8s.yaml lists exactly the pinned CRD sources that can be downloaded, so `cdk8s import` users get the same bindings', () => {
    const config = parse(readFileSync(path.join(__dirname, '..', 'cdk8s.yaml'), 'utf8'));
    expect(config.imports).toEqual(SCHEMA_SOURCES.filter((s) => s.kind === 'crds' && s.downloadable).map((s) => s.url));
  });

  test('every pinned document of ../shared/SCHEMAS.md is a source, with the same sha256', () => {
    const listed = readFileSync(path.join(__dirname, '..', '..', 'shared', 'SCHEMAS.md'), 'utf8');
    const pins = [...listed.matchAll(/^- ([0-9a-f]{64}) {2}(\S+)$/gm)].map((m) => [m[2], m[1]]).sort();
    expect(pins.length).toBeGreaterThan(0);
    expect(SCHEMA_SOURCES.map((s) => [s.file, s.sha256]).sort()).toEqual(pins);
  });

  test('each Kubernetes version has a schema file of its own', () => {
    expect(SCHEMA_SOURCES.filter((s) => s.kind === 'kubernetes-definitions').map(kubernetesSchemaFile)).toEqual(['kubernetes-1.27.json', 'kubernetes-1.33.json']);
  });

  test('stripping drops documentation but keeps fields named like documentation keys', () => {
    const stripped = stripSchema({
      description: 'doc', type: 'object',
      properties: { description: { type: 'string', description: 'the field' }, port: { type: 'integer', maximum: 65535 } },
      'x-kubernetes-validations': [{ rule: 'self.port > 0', message: 'port' }],
    });
    expect(stripped).toEqual({
      type: 'object',
      properties: { description: { type: 'string' }, port: { type: 'integer', maximum: 65535 } },
      'x-kubernetes-validations': [{ rule: 'self.port > 0', message: 'port' }],
    });
  });

  test('extracts each served version of a CRD, and a v1beta1 CRD\'s shared schema', () => {
    const yaml = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
    - { name: v1, served: true, schema: { openAPIV3Schema: { type: object, description: x } } }
    - { name: v0, served: false, schema: { openAPIV3Schema: { type: object } } }
---
apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
spec:
  group: example.com
  scope: Cluster
  version: v1beta1
  names: { kind: Gadget, plural: gadgets }
  validation: { openAPIV3Schema: { type: object, properties: { spec: { type: object } } } }
`;
    expect(extractCrdSchemas(yaml, 'test')).toEqual({
      'example.com/v1/Widget': { scope: 'Namespaced', plural: 'widgets', schema: { type: 'object' } },
      'example.com/v1beta1/Gadget': { scope: 'Cluster', plural: 'gadgets', schema: { type: 'object', properties: { spec: { type: 'object' } } } },
    });
  });

  test('keeps the defaults of a CRD whose schema sets one at any depth (in list items and map values too), and no other', () => {
    const crd = (name: string, schema: string) => `
kind: CustomResourceDefinition
spec:
  group: example.com
  scope: Namespaced
  names: { kind: ${name}, plural: ${name.toLowerCase()}s }
  versions: [{ name: v1, served: true, schema: { openAPIV3Schema: ${schema} } }]
`;
    const yaml = [
      crd('Plain', '{ type: object, properties: { spec: { type: object, properties: { default: { type: string } } } } }'),
      crd('Top', '{ type: object, properties: { spec: { type: object, default: {} } } }'),
      crd('Item', '{ type: object, properties: { ports: { type: array, items: { type: object, properties: { protocol: { type: string, default: TCP } } } } } }'),
      crd('Value', '{ type: object, properties: { m: { type: object, additionalProperties: { type: object, properties: { n: { type: integer, default: 1 } } } } } }'),
      crd('Both', '{ type: object, properties: { a: { type: string }, b: { type: integer, nullable: true, default: 2 } }, additionalProperties: { type: object, properties: { c: { type: string, default: x } } } }'),
    ].join('---\n');
    const defaults = Object.fromEntries(Object.entries(extractCrdSchemas(yaml, 'test')).filter(([, s]) => s.defaults).map(([key, s]) => [key, s.defaults]));
    expect(defaults).toEqual({
      'example.com/v1/Top': { properties: { spec: { default: {} } } },
      'example.com/v1/Item': { properties: { ports: { items: { properties: { protocol: { default: 'TCP' } } } } } },
      'example.com/v1/Value': { properties: { m: { additionalProperties: { properties: { n: { default: 1 } } } } } },
      // every declared property kept, with map values defaulted: the defaulting tells them apart
      'example.com/v1/Both': { properties: { a: {}, b: { default: 2, nullable: true } }, additionalProperties: { properties: { c: { default: 'x' } } } },
    });
  });

  test('records which versions have the status subresource: per version, or for all of a v1beta1 CRD', () => {
    const yaml = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
    - { name: v1, served: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: object } } }
    - { name: v2, served: true, subresources: { scale: {} }, schema: { openAPIV3Schema: { type: object } } }
---
apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Gadget, plural: gadgets }
  subresources: { status: {} }
  validation: { openAPIV3Schema: { type: object } }
  versions: [{ name: v1beta1, served: true }, { name: v1beta2, served: true, subresources: {} }]
`;
    const withStatus = Object.entries(extractCrdSchemas(yaml, 'test')).map(([key, s]) => `${key} ${s.statusSubresource === true}`);
    expect(withStatus).toEqual(['example.com/v1/Widget true', 'example.com/v2/Widget false', 'example.com/v1beta1/Gadget true', 'example.com/v1beta2/Gadget false']);
  });

  test('fails when a CRD names no plural, which the API server requires', () => {
    const yaml = 'kind: CustomResourceDefinition\nspec: { group: example.com, scope: Namespaced, names: { kind: Widget }, versions: [{ name: v1 }] }\n';
    expect(() => extractCrdSchemas(yaml, 'test')).toThrow('test: CustomResourceDefinition of Widget has no spec.names.plural');
  });

  test('the committed schemas cover every kind the bindings in imports/ generate', () => {
    const crds = JSON.parse(readFileSync(path.join(__dirname, '..', 'imports', 'schemas', 'crds.json'), 'utf8'));
    for (const key of ['networking.istio.io/v1/VirtualService', 'networking.istio.io/v1/Gateway', 'appsody.dev/v1beta1/AppsodyApplication']) {
      expect(crds[key]?.schema?.properties?.spec?.properties).toBeDefined();
    }
  });

  test("the committed schemas' defaults are their schemas' (validation defaults from them alone)", () => {
    const crds = JSON.parse(readFileSync(path.join(__dirname, '..', 'imports', 'schemas', 'crds.json'), 'utf8')) as Record<string, CrdSchema>;
    const wrong = Object.entries(crds).filter(([, crd]) => !isDeepStrictEqual(crd.defaults, defaultsOf(crd.schema))).map(([key]) => key);
    expect(wrong).toEqual([]);
    expect(Object.values(crds).filter((crd) => crd.defaults).length).toBeGreaterThan(10);
  });
});
