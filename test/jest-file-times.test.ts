// The reporter that prints each test file's own time at the end of `npm test`.
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FileTimesReporter = require('../scripts/jest-file-times.cjs');

describe('scripts/jest-file-times.cjs', () => {
  const printed = (files: [string, number][]) => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const reporter = new FileTimesReporter({ rootDir: '/project' });
      reporter.onRunComplete(new Set(), {
        testResults: files.map(([file, seconds]) => ({ testFilePath: path.join('/project', file), perfStats: { start: 1000, end: 1000 + seconds * 1000 } })),
      });
      return write.mock.calls.map(([text]) => String(text)).join('');
    } finally {
      write.mockRestore();
    }
  };

  test('every file of half a second or more, slowest first; the others summed', () => {
    expect(printed([['test/a.test.ts', 0.2], ['test/b.test.ts', 11.7], ['test/c.test.ts', 0.5], ['test/d.test.ts', 0.1]])).toBe(
      'Time per test file:\n' +
        '  11.7 s  test/b.test.ts\n' +
        '   0.5 s  test/c.test.ts\n' +
        '   0.3 s  the other 2 files, each under 0.5 s\n',
    );
  });

  test('nothing when no file ran', () => {
    expect(printed([])).toBe('');
  });
});
