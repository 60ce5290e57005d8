// Jest reporter: after a run, each test file's own time (from its start to its end, in whichever worker ran it),
// slowest first, so that a file that grows slow shows in every `npm test`; files under half a second are summed.
const path = require('node:path');

const SHOWN_FROM_SECONDS = 0.5;

class FileTimesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({ file: path.relative(this.rootDir, r.testFilePath), seconds: (r.perfStats.end - r.perfStats.start) / 1000 }))
      .filter((f) => Number.isFinite(f.seconds))
      .sort((a, b) => b.seconds - a.seconds || (a.file < b.file ? -1 : 1));
    if (files.length === 0) return;
    const shown = files.filter((f) => f.seconds >= SHOWN_FROM_SECONDS);
    const rest = files.slice(shown.length);
    const lines = ['Time per test file:', ...shown.map((f) => `${f.seconds.toFixed(1).padStart(6)} s  ${f.file}`)];
    if (rest.length > 0) {
      const total = rest.reduce((sum, f) => sum + f.seconds, 0);
      lines.push(`${total.toFixed(1).padStart(6)} s  the other ${rest.length} file${rest.length === 1 ? '' : 's'}, each under ${SHOWN_FROM_SECONDS} s`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

module.exports = FileTimesReporter;
