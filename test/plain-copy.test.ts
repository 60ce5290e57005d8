// Synth renders each object with cdk8s and copies it into plain shapes (src/synth/plain-copy.ts): the copy must be the
// same data, and synth's objects must be what cdk8s renders for each chart.
import { ApiObject, App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { OutputChart } from '../constructs/output-chart';
import { buildApp, buildGitOpsApp, buildTopologyApp, generateTopology, TUTORIAL_PROJECT } from '../src/project';
import { plainCopy } from '../src/synth/plain-copy';
import { renderApp } from '../src/synth/render';

/** Every own key of every object and array in `value`, in order, with where it is: what a copy must keep. */
function keysOf(value: unknown, at = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => [`${at}.${key}`, ...keysOf((value as Record<string, unknown>)[key], `${at}.${key}`)]);
}

describe('plainCopy', () => {
  test('copies plain objects and arrays, keys in their order, values as they are', () => {
    const original = {
      z: 1,
      a: { y: [1, { b: 2, a: 1 }], x: 'text' },
      '10': 'a key that is an index',
      '2': 'another',
      empty: {},
      none: [],
      nothing: null,
      notANumber: NaN,
      minusZero: -0,
      missing: undefined,
    };
    const copy = plainCopy(original);
    expect(copy).toEqual(original);
    expect(copy).not.toBe(original);
    expect(copy.a).not.toBe(original.a);
    expect(copy.a.y).not.toBe(original.a.y);
    expect(copy.a.y[1]).not.toBe(original.a.y[1]);
    expect(keysOf(copy)).toEqual(keysOf(original));
    expect(Object.is(copy.minusZero, -0)).toBe(true);
    expect(Number.isNaN(copy.notANumber)).toBe(true);
    expect(Object.keys(copy)).toContain('missing');
  });

  test('keeps array holes, and anything that is not a plain object or an array as the same value', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1, , 3];
    const copy = plainCopy({ holes });
    expect(copy.holes).toHaveLength(3);
    expect(1 in copy.holes).toBe(false);

    class Quantity {
      constructor(public readonly amount: string) {}
    }
    const quantity = new Quantity('1Gi');
    const bare = Object.assign(Object.create(null), { a: 1 });
    const date = new Date(0);
    const copied = plainCopy({ quantity, bare, date });
    expect(copied.quantity).toBe(quantity);
    expect(copied.bare).toBe(bare);
    expect(copied.date).toBe(date);
  });

  test('an own key `__proto__` stays a key, and the copy keeps its prototype', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "a": "b"}');
    const copy = plainCopy({ data });
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
    expect(Object.keys(copy.data)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(copy.data)).toBe('{"__proto__":{"polluted":true},"a":"b"}');
    expect((copy.data as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('synth renders the objects cdk8s renders for each chart', () => {
  const apps: { name: string; build: () => App }[] = [
    ...TUTORIAL_PROJECT.environments.map((environment) => ({ name: environment.name, build: () => buildApp(TUTORIAL_PROJECT, environment) })),
    { name: 'gitops', build: () => buildGitOpsApp(TUTORIAL_PROJECT) },
    { name: 'generated topology of 25 apps', build: () => buildTopologyApp(generateTopology(25)) },
    { name: 'charts with dependencies inside them, between them, and nested', build: dependentCharts },
  ];

  test.each(apps)('$name', ({ build }) => {
    const app = build();
    const { manifests } = renderApp(app);
    const charts = app.node.findAll().filter((c): c is OutputChart => OutputChart.isOutputChart(c));
    expect(manifests.map((m) => m.file)).toEqual(charts.map((c) => c.file).sort());
    for (const manifest of manifests) {
      const rendered = charts.find((c) => c.file === manifest.file)!.toJson();
      expect(manifest.objects).toEqual(rendered);
      expect([manifest.file, JSON.stringify(manifest.objects)]).toEqual([manifest.file, JSON.stringify(rendered)]);
    }
  });
});

/**
 * An app whose charts order their objects by dependencies, which synth renders without cdk8s's dependency graph only
 * where a chart has none: an object depending on one made after it, a construct depending on another chart's, a
 * nested chart, and a cdk8s-plus StatefulSet (which depends on its Service).
 */
function dependentCharts(): App {
  const app = new App();
  const object = (scope: Construct, id: string) => new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', data: { id } });
  const ordered = new OutputChart(app, 'ordered', { file: 'ordered.yaml', namespace: 'a' });
  const first = object(ordered, 'first');
  object(ordered, 'plain');
  first.addDependency(object(ordered, 'made-last'));
  const outer = new OutputChart(app, 'outer', { file: 'outer.yaml', namespace: 'b' });
  object(outer, 'before');
  object(new OutputChart(outer, 'inner', { file: 'inner.yaml', namespace: 'c' }), 'nested');
  object(outer, 'after');
  const wrapper = new Construct(outer, 'wrapper');
  object(wrapper, 'wrapped');
  wrapper.node.addDependency(ordered);
  const stateful = new OutputChart(app, 'stateful', { file: 'stateful.yaml', namespace: 'd' });
  object(stateful, 'early');
  new kplus.StatefulSet(stateful, 'db', { containers: [{ image: 'postgres', portNumber: 5432 }] });
  const free = new OutputChart(app, 'free', { file: 'free.yaml', namespace: 'e' });
  for (const id of ['z', 'a', 'm']) object(free, id);
  return app;
}
