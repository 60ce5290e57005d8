// Preloaded (NODE_OPTIONS=--require) into every node process a benchmark run starts: on exit, appends the process's
// peak resident set size in KiB to $BENCH_RSS_FILE, so the benchmark can report the peak of a whole process tree.
const { appendFileSync } = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // a benchmark figure is lost, not the run
    }
  });
}
