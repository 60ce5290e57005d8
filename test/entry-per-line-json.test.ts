// imports/schemas/crds.json is written one entry per line, so validation parses only the schemas it needs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { entryPerLineJson, lazyEntries } from '../src/codegen/entry-per-line-json';

describe('entryPerLineJson and lazyEntries', () => {
  const record = { 'a/v1/Kind': { scope: 'Namespaced', rules: ['x', 'y\nz'] }, 'quote"and\\slash': [1, 2], '': null, 'comma,': 'value,' };

  test('the text is the same JSON object, one entry per line', () => {
    const text = entryPerLineJson(record);
    expect(JSON.parse(text)).toEqual(record);
    expect(text.split('\n')).toHaveLength(Object.keys(record).length + 3);
    expect(entryPerLineJson({})).toBe('{}\n');
  });

  test.each([
    ['text', (text: string) => text],
    ['UTF-8 bytes', (text: string) => new Uint8Array(Buffer.from(text))],
  ])('each entry read back from its %s, and nothing for a key the object does not have', (_, as) => {
    const withText = { ...record, 'grüße': { 'μs': 'ünïcode', line: '\u2028' }, 'ends in a backslash\\': 1, 'two \\\\" quotes': 2 };
    const lookup = lazyEntries(as(entryPerLineJson(withText)));
    for (const [key, value] of Object.entries(withText)) expect(lookup(key)).toEqual(value);
    expect(lookup('missing')).toBeUndefined();
    expect(lookup('toString')).toBeUndefined();
    expect(lookup.keys()).toEqual(Object.keys(withText));
  });

  test('an entry goes through the parse function given, in either form', () => {
    const tagged = (text: string) => ({ parsed: JSON.parse(text) });
    expect(lazyEntries(entryPerLineJson(record), tagged)('comma,')).toEqual({ parsed: 'value,' });
    expect(lazyEntries(JSON.stringify(record, null, 2), tagged)('comma,')).toEqual({ parsed: 'value,' });
  });

  test('an object written any other way is parsed whole', () => {
    const lookup = lazyEntries(JSON.stringify(record, null, 2));
    expect(lookup('a/v1/Kind')).toEqual(record['a/v1/Kind']);
    expect(lookup.keys()).toEqual(Object.keys(record));
    expect(lazyEntries(`${JSON.stringify(record, null, 2)}\n`)('comma,')).toEqual('value,');
    expect(lookup('toString')).toBeUndefined();
    expect(() => lazyEntries('{\n"a":1,\nnot an entry\n}\n')).toThrow(SyntaxError);
    expect(() => lazyEntries('{\n"a":1,\n"b" 2\n}\n')).toThrow('not an entry of a JSON object: "b" 2');
    expect(() => lazyEntries('{\n"a":1,\n"unterminated\n}\n')).toThrow(SyntaxError);
  });

  test('the committed crds.json is written one entry per line, and reads back whole', () => {
    const text = readFileSync(path.join(__dirname, '..', 'imports', 'schemas', 'crds.json'), 'utf8');
    const whole = JSON.parse(text);
    expect(entryPerLineJson(whole)).toBe(text);
    const lookup = lazyEntries(readFileSync(path.join(__dirname, '..', 'imports', 'schemas', 'crds.json')));
    for (const key of Object.keys(whole)) expect(lookup(key)).toEqual(whole[key]);
  });
});
