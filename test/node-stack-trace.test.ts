// Relaying another node process's report of an uncaught error: its messages and properties, not its stack.
import { spawnSync } from 'node:child_process';
import { withoutNodeStackTraces } from '../src/messages/node-stack-trace';

describe('withoutNodeStackTraces', () => {
  test('drops the excerpt of the throwing line, the frames, the brace they open and the version line; keeps the properties', () => {
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
    expect(withoutNodeStackTraces(report)).toEqual(['', "Error: Cannot find module '/tmp/base/scripts/run-ts.mjs'", "  code: 'MODULE_NOT_FOUND',", '  requireStack: []', '']);
  });

  test('keeps every other line, a line ending in a number or a message quoting "at" included', () => {
    const lines = ['synth: cannot be synthesized:', '  - apps[0].port: must be at most 65535, got 70000', 'error at line 12', '  ^ not a caret line', '}'];
    expect(withoutNodeStackTraces(lines)).toEqual(lines);
  });

  // node's own reports, with a synth's messages after them as diff joins them
  test.each([
    ['a cause', "throw new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'E_IN' }) })", ['Error: outer', '  [cause]: Error: inner', "    code: 'E_IN'"]],
    ['a cause whose message ends in a brace', "throw new Error('outer', { cause: new Error('expected one of {') })", ['Error: outer', '  [cause]: Error: expected one of {']],
    ['a cause of several lines, one a lone brace', "throw new Error('outer', { cause: new Error('inner\\n}\\nmore') })", ['Error: outer', '  [cause]: Error: inner', '  }', '  more']],
    [
      'an AggregateError',
      "throw new AggregateError([new Error('first bad'), 'second bad'], 'several failed')",
      ['AggregateError: several failed', '  [errors]: [', '    Error: first bad', "    'second bad'", '  ]'],
    ],
    ['properties', "throw Object.assign(new Error('outer'), { lastError: 'boom', errors: ['a', 'b'] })", ['Error: outer', "  lastError: 'boom',", "  errors: [ 'a', 'b' ]"]],
    ['a thrown string', "throw 'a string'", ['a string']],
  ])('%s: its messages and properties, and the lines after the report', (_case, code, messages) => {
    const crash = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    expect(crash.status).toBe(1);
    const lines = `${crash.stderr}\nsynth: cannot be synthesized:\n  - apps[0].port: bad`.split('\n');
    const kept = withoutNodeStackTraces(lines).filter((l) => l.trim() !== '');
    expect(kept).toEqual([...messages, 'synth: cannot be synthesized:', '  - apps[0].port: bad']);
  });
});
