// Jest transform: strips TypeScript types with esbuild (milliseconds per file). Types are checked once, by
// `tsc` in `npm test`, rather than per test file. The source map goes to jest apart from the code, which jest keeps
// in its cache and reads only to place a stack trace: inline, it made the code jest reads and compiles for every test
// file several times as large (the five large generated imports/ files: 12.8 MB instead of 1.9 MB).
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');
const { version } = require('esbuild/package.json');

module.exports = {
  process(source, filename) {
    const result = transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code: result.code, map: result.map };
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update(version).update(filename).update(source).digest('hex');
  },
};
