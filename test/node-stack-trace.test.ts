// Relaying another node process's report of an uncaught error: its messages, not its stack.
import { spawnSync } from 'node:child_process';
import { withoutNodeStackTraces } from '../src/messages/node-stack-trace';

describe('withoutNodeStackTraces', () => {
  test("drops the excerpt of the throwing line, the frames, the error's properties and the version line", () => {
    const report = [
      'node:internal/modules/cjs/loader:1210',
      '  throw err;',
      '  ^',
      '',
      "Error: Cannot find module '/tmp/base/scripts/run-ts.mjs'",
      '    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)',
      '    at node:internal/main/run_main_module:28:49 {',
      "  code: 'MODULE_NOT_FOUND',",
      '  requireStack: []',
      '}',
      '',
      'Node.js v20.20.2',
    ];
    expect(withoutNodeStackTraces(report)).toEqual(['', "Error: Cannot find module '/tmp/base/scripts/run-ts.mjs'", '']);
  });

  test('keeps every other line, a line ending in a number or a message quoting "at" included', () => {
    const lines = ['synth: cannot be synthesized:', '  - apps[0].port: must be at most 65535, got 70000', 'error at line 12', '  ^ not a caret line'];
    expect(withoutNodeStackTraces(lines)).toEqual(lines);
  });

  test("keeps a cause's message, and leaves nothing of its stack or properties", () => {
    const report = [
      '/tmp/crash.js:2',
      "throw new Error('outer boom', { cause: inner });",
      '^',
      '',
      'Error: outer boom',
      '    at Object.<anonymous> (/tmp/crash.js:2:7)',
      '    ... 4 lines matching cause stack trace ...',
      '    at node:internal/main/run_main_module:28:49 {',
      '  [cause]: Error: inner',
      '      at Object.<anonymous> (/tmp/crash.js:1:29)',
      '      at node:internal/main/run_main_module:28:49 {',
      "    code: 'E_IN',",
      "    paths: [ 'a', 'b' ],",
      '    nested: {',
      "      deep: 'x'",
      '    }',
      '  }',
      '}',
      'after',
    ];
    expect(withoutNodeStackTraces(report)).toEqual(['', 'Error: outer boom', 'caused by: Error: inner', 'after']);
  });

  // node's own reports, with a synth's messages after them as diff joins them
  test.each([
    ['a cause whose message ends in a brace', "throw new Error('outer', { cause: new Error('expected one of {') })", ['Error: outer', 'caused by: Error: expected one of {']],
    ['a cause of several lines, one a lone brace', "throw new Error('outer', { cause: new Error('inner\\n}\\nmore') })", ['Error: outer', 'caused by: Error: inner', '}', 'more']],
    ['an AggregateError', "throw new AggregateError([new Error('first bad'), new Error('second bad')], 'several failed')", ['AggregateError: several failed', 'Error: first bad', 'Error: second bad']],
    ['an errors list', "throw Object.assign(new Error('has errors'), { errors: [new Error('e1')] })", ['Error: has errors', 'Error: e1']],
    ['a cause that is no error', "throw new Error('outer', { cause: { a: 1, b: { c: '}' } } })", ['Error: outer', "caused by: { a: 1, b: { c: '}' } }"]],
  ])('%s: its messages, and the lines after the report', (_case, code, messages) => {
    const crash = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    expect(crash.status).toBe(1);
    const lines = `${crash.stderr}\nsynth: cannot be synthesized:\n  - apps[0].port: bad`.split('\n');
    expect(withoutNodeStackTraces(lines).filter((l) => l.trim() !== '')).toEqual([...messages, 'synth: cannot be synthesized:', '  - apps[0].port: bad']);
  });
});
