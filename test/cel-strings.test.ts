// The string positions of cel-go's strings extension (src/validate/cel-strings.ts) as CRD rules get them: counted in
// runes (a character outside the Basic Multilingual Plane is one), with cel-go's answers and errors past the end; and
// its replace() and split(), which are Go's strings.Replace and strings.SplitN.
import { celResult as value } from './support/cel-values';

describe("cel-go's string positions", () => {
  test('count runes, not UTF-16 units', () => {
    const cases: [string, unknown][] = [
      ["'a😀b'.charAt(2)", 'b'],
      ["'a😀b'.indexOf('b')", 2n],
      ["'a😀b😀'.lastIndexOf('😀')", 3n],
      ["'a😀b'.substring(1, 2)", '😀'],
      ["'a😀b'.substring(2)", 'b'],
    ];
    for (const [expression, expected] of cases) expect([expression, value(expression)]).toEqual([expression, expected]);
  });

  test('past the end: indexOf and lastIndexOf answer -1, charAt "" at the end, the others fail as cel-go does', () => {
    const cases: [string, unknown][] = [
      ["'abc'.indexOf('c', 5)", -1n],
      ["'abc'.lastIndexOf('a', 7)", -1n],
      ["'abc'.indexOf('', 9)", 9n],
      ["'abc'.lastIndexOf('')", 3n],
      ["'abcabc'.lastIndexOf('bc')", 4n],
      ["'abc'.charAt(3)", ''],
      ["'abc'.charAt(4)", 'error: index out of range: 4'],
      ["'abc'.indexOf('a', -1)", 'error: index out of range: -1'],
      ["'abc'.substring(4)", 'error: index out of range: 4'],
      ["'abc'.substring(2, 1)", 'error: invalid substring range. start: 2, end: 1'],
    ];
    for (const [expression, expected] of cases) expect([expression, value(expression)]).toEqual([expression, expected]);
  });

  test("replace() and split() are Go's: an empty string matches between runes, a count or a limit as Go takes it", () => {
    // the first and the fourth are cel-go v0.23.2's own cases (ext/strings_test.go); the others Go's strings semantics
    const cases: [string, unknown][] = [
      ["'hello hello'.replace('', '_')", '_h_e_l_l_o_ _h_e_l_l_o_'],
      ["'a😀b'.replace('', '-')", '-a-😀-b-'],
      ["'abc'.replace('', '-', 2)", '-a-bc'],
      ["'Rook takes 👑'.split(' ', 2)", ['Rook', 'takes 👑']],
      ["'a-b-c'.replace('-', '', 1)", 'ab-c'],
      ["'a-b-c'.replace('-', '', -1)", 'abc'],
      ["'a-b-c'.replace('-', '', 0)", 'a-b-c'],
      ["'a😀b'.split('')", ['a', '😀', 'b']],
      ["'a😀b'.split('', 2)", ['a', '😀b']],
      ["'a,b,c'.split(',', 0)", []],
      ["'a,b,c'.split(',', -1)", ['a', 'b', 'c']],
      ["'a,b,c'.split(',', 9)", ['a', 'b', 'c']],
      ["''.split('')", []],
      ["''.split(',')", ['']],
      ["'a,,b,'.split(',')", ['a', '', 'b', '']],
    ];
    for (const [expression, expected] of cases) expect([expression, value(expression)]).toEqual([expression, expected]);
  });
});
