// Relaying another node process's report of an uncaught error: its messages, not its stack.
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
});
