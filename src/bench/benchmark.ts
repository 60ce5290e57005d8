// The benchmark of `npm run bench`: times synth side by side with stock `cdk8s synth` (ts-node), against a bare node
// start and npm's own start, and at scale (N generated apps, synthesized, then linted), repeating each command and
// printing medians, min/max, ratios and peak memory. Writes the figures to bench/results.json, beside the figures
// recorded before, only when asked to record them. Run it on an otherwise idle machine.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { removeWhenGone } from '../files/janitor';
import { makeTemporaryDirectory } from '../files/temporary-directory';
import { bytesInBlocks, memoryDirectory } from './memory-directory';

/** Options of {@link runBenchmark}. */
export interface BenchmarkOptions {
  /** The project measured. */
  readonly root: string;
  /** Two runs of each command instead of 3 to 10: a smoke test of the benchmark, not figures to quote. */
  readonly quick: boolean;
  /** Write the figures to bench/results.json (a tracked file); otherwise the benchmark writes nothing in the project. */
  readonly record: boolean;
  /** Where the table and progress lines go. */
  readonly out: (text: string) => void;
  readonly progress: (text: string) => void;
}

/** Where one benchmark run works. */
export interface BenchContext {
  readonly root: string;
  /** A temporary directory, removed at the end. */
  readonly work: string;
  /** A temporary directory in memory (tmpfs), removed at the end, when the machine has one. */
  readonly memoryWork?: string;
  /** Where bench/max-rss.cjs records the peak RSS of each node process. */
  readonly rssFile: string;
  readonly progress: (text: string) => void;
}

interface Measurement {
  readonly name: string;
  readonly command: string;
  readonly runs: number;
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly peakRssMiB: number;
}

interface MeasureOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Run once unmeasured first (default true). */
  readonly warmup?: boolean;
  /** Runs before each measured run, untimed. */
  readonly before?: () => void;
  /** The exit codes of a run that worked (default 0 only). */
  readonly okStatuses?: readonly number[];
}

/** Runs a command once: its wall time and the peak RSS of its node processes. Throws when it exits otherwise than ok. */
export function runOnce(
  ctx: BenchContext,
  name: string,
  command: readonly string[],
  options: MeasureOptions = {},
): { seconds: number; rssKiB: number } {
  const { root, rssFile } = ctx;
  const env = { ...process.env, ...options.env, ...rssEnv(root, rssFile) };
  // stderr into a file, not a pipe: a run at scale prints thousands of infos, more than a pipe's buffer holds
  const stderrFile = path.join(ctx.work, 'stderr.txt');
  writeFileSync(rssFile, '');
  const stderr = openSync(stderrFile, 'w');
  const start = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), { cwd: options.cwd ?? root, env, stdio: ['ignore', 'ignore', stderr] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(stderr);
  if (!(options.okStatuses ?? [0]).includes(result.status ?? -1)) {
    const why = result.error ? result.error.message : readFileSync(stderrFile, 'utf8').slice(-2000);
    throw new Error(`${name}: \`${command.join(' ')}\` exited ${result.status ?? result.signal}: ${why}`);
  }
  const rss = readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number);
  return { seconds, rssKiB: Math.max(0, ...rss) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command `runs` times after one unmeasured warm-up; wall time and the peak RSS of its node processes. */
function measure(ctx: BenchContext, name: string, command: string[], runs: number, options: MeasureOptions = {}): Measurement {
  return measureInTurn(ctx, [{ name, command, options }], runs)[0];
}

/** A command of {@link measureInTurn}. */
export interface TurnCommand {
  readonly name: string;
  readonly command: string[];
  readonly options?: MeasureOptions;
}

/**
 * Runs commands in turn, `runs` rounds after one unmeasured warm-up of each: commands compared with each other meet
 * the same moments of the machine, whose speed drifts between two separate series (on the 2-core machine, by as
 * much as the difference measured).
 */
function measureInTurn(ctx: BenchContext, commands: readonly TurnCommand[], runs: number): Measurement[] {
  for (const { name, command, options } of commands) if (options?.warmup !== false) runOnce(ctx, name, command, options);
  const samples = commands.map(() => [] as { seconds: number; rssKiB: number }[]);
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ name, command, options }, c) => {
      options?.before?.();
      samples[c].push(runOnce(ctx, name, command, options));
    });
  }
  return commands.map(({ name, command }, c) => summary(ctx, name, command, samples[c]));
}

function summary(ctx: BenchContext, name: string, command: readonly string[], samples: readonly { seconds: number; rssKiB: number }[]): Measurement {
  const runs = samples.length;
  const times = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const m = {
    name,
    command: portableCommand(command, ctx),
    runs,
    medianSeconds: round(median(times)),
    minSeconds: round(times[0]),
    maxSeconds: round(times[times.length - 1]),
    peakRssMiB: round(Math.max(...samples.map((s) => s.rssKiB)) / 1024, 1),
  };
  ctx.progress(`  ${name}: median ${m.medianSeconds}s\n`);
  return m;
}

/**
 * What `npm run synth` costs beyond npm's own start (`npm run env`) and the synth process: the three run in turn,
 * `rounds` times, and the median of each round's difference, so that the machine's drift between separate series
 * does not show as a cost.
 */
function npmOverhead(ctx: BenchContext, rounds: number, synthEnv: Record<string, string>): number {
  const differences = Array.from({ length: rounds }, () => {
    const npmEnv = runOnce(ctx, 'npm run env', ['npm', 'run', 'env']).seconds;
    const npmSynth = runOnce(ctx, 'npm run synth', ['npm', 'run', 'synth'], { env: synthEnv }).seconds;
    const synth = runOnce(ctx, 'synth process', ['node', 'scripts/run-ts.cjs', 'main.ts'], { env: synthEnv }).seconds;
    return npmSynth - synth - npmEnv;
  });
  const overhead = median(differences);
  ctx.progress(`  npm run synth beyond npm run env and the synth process: median ${round(overhead)}s of ${rounds} rounds\n`);
  return overhead;
}

/** Preloads bench/max-rss.cjs into every node process, which appends its peak RSS in KiB to `rssFile` on exit. */
function rssEnv(root: string, rssFile: string): Record<string, string> {
  return { BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${path.join(root, 'bench', 'max-rss.cjs')}` };
}

/** A command as recorded: the project root as `.` and the temporary directory as `$TMP`, so no machine's paths show. */
export function portableCommand(command: readonly string[], { root, work, memoryWork }: Pick<BenchContext, 'root' | 'work' | 'memoryWork'>): string {
  const portable = (arg: string) => {
    for (const [dir, shown] of [[work, '$TMP'], ...(memoryWork !== undefined ? [[memoryWork, '$SHM'] as const] : []), [root, '.']] as const) {
      if (arg === dir) return shown;
      if (arg.startsWith(dir + path.sep)) return `${shown}/${path.relative(dir, arg).split(path.sep).join('/')}`;
    }
    return arg;
  };
  return command.map(portable).join(' ');
}

/** What `npm run bench -- --scale N --json` prints. */
export interface ScaleResult {
  readonly apps: number;
  readonly objects: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
}

/**
 * Synthesizes a generated topology of `apps` apps into a temporary directory, once, in a process of its own; its
 * wall time and the peak RSS of its node processes. Throws when the synth fails. The directory is removed after.
 */
export function measureScale(root: string, apps: number): ScaleResult {
  const work = makeTemporaryDirectory('synth-scale-');
  removeWhenGone([work]);
  try {
    const rssFile = path.join(work, 'rss.txt');
    writeFileSync(rssFile, '');
    const start = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      ['scripts/run-ts.cjs', 'bin/scale-synth.ts', '--apps', String(apps), '--outdir', path.join(work, 'out')],
      { cwd: root, env: { ...process.env, ...rssEnv(root, rssFile) }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // one line per mesh written
    const wrote = [...(result.stdout ?? '').matchAll(/^synth: wrote (\d+) objects? in /gm)].map((m) => Number(m[1]));
    if (result.status !== 0 || wrote.length === 0) {
      throw new Error(`synth of ${apps} generated apps exited ${result.status}: ${(result.stderr ?? '').slice(-2000)}`);
    }
    const rss = readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number);
    return { apps, objects: wrote.reduce((a, b) => a + b, 0), seconds: round(seconds), peakRssMiB: round(Math.max(0, ...rss) / 1024, 1) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** The project's own app, set up as a stock cdk8s project would be: `cdk8s synth` running `npx ts-node main.ts`. */
function stockProject({ root, work }: BenchContext): string {
  const dir = path.join(work, 'stock');
  mkdirSync(dir);
  for (const entry of ['main.ts', 'constructs', 'imports', 'src', 'tsconfig.json', 'package.json'])
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');
  return dir;
}

/**
 * Removes the run-ts bundle of `main.ts` built for this checkout (and its code cache), as an edit of a source makes run-ts
 * rebuild it; other entries and other checkouts' bundles stay.
 */
function forgetSynthBundle(root: string): void {
  const cache = path.join(root, 'node_modules', '.cache', 'run-ts');
  for (const dir of existsSync(cache) ? readdirSync(cache) : []) {
    const stamp = path.join(cache, dir, 'main_ts.inputs.json');
    let builtFor: unknown;
    try {
      builtFor = JSON.parse(readFileSync(stamp, 'utf8')).root;
    } catch {
      continue;
    }
    if (builtFor !== root) continue;
    for (const file of readdirSync(path.join(cache, dir))) if (file.startsWith('main_ts.')) rmSync(path.join(cache, dir, file), { force: true });
  }
}

/** The apps of the scale runs: one mesh up to 1,000, then meshes of 1,000 (see generateMeshes). */
const SCALE_APPS = [10, 100, 1000, 10000] as const;

/**
 * The scale synth of `apps` generated apps into `outdir`, which each measured run finds missing (removed untimed
 * before it): every run creates its files, as a first synth does. Into a directory that already held the same
 * output, synth would write nothing (an unchanged output is left as it is), which is not what the figure is for.
 */
export function scaleRun(name: string, apps: number, outdir: string): TurnCommand {
  return {
    name,
    command: ['node', 'scripts/run-ts.cjs', 'bin/scale-synth.ts', '--apps', String(apps), '--outdir', outdir],
    options: { before: () => rmSync(outdir, { recursive: true, force: true }) },
  };
}

/**
 * The largest scale synth, in the temporary directory and, where the machine has room in memory (a tmpfs), in
 * memory too, the two in turn: the file system's part of the time is the difference. `sample` is a smaller run's
 * output (`apps / sample.apps` times smaller), from which the room is estimated. The directory in memory is removed
 * afterwards, whatever happens; when the run in memory fails (the room ran out after all), the run on disk is
 * measured alone.
 */
function measureLargest(
  ctx: BenchContext,
  apps: number,
  runs: number,
  sample: { dir: string; apps: number },
): { disk: Measurement; memory?: Measurement } {
  const disk = scaleRun(`generated topology, N = ${apps}`, apps, path.join(ctx.work, `scale-${apps}`));
  const alone = () => ({ disk: measure(ctx, disk.name, disk.command, runs, disk.options) });
  // the output, in the tmpfs's own blocks, with room to spare (and for the run on disk too when it is the same tmpfs)
  const sharesDevice = (shm: string) => statSync(shm, { throwIfNoEntry: false })?.dev === statSync(ctx.work).dev;
  const memory = memoryDirectory((blockSize, shm) => (bytesInBlocks(sample.dir, blockSize) * apps * (sharesDevice(shm) ? 3 : 2)) / sample.apps);
  if ('skipped' in memory) {
    ctx.progress(`  no run in memory: ${memory.skipped}\n`);
    return alone();
  }
  removeWhenGone([memory.dir]);
  try {
    const inMemory = scaleRun(`generated topology, N = ${apps}, files in memory`, apps, path.join(memory.dir, `scale-${apps}`));
    const [diskRuns, memoryRuns] = measureInTurn({ ...ctx, memoryWork: memory.dir }, [disk, inMemory], runs);
    return { disk: diskRuns, memory: memoryRuns };
  } catch (err) {
    ctx.progress(`  a run in turn with the one in memory failed; measuring on disk alone: ${(err as Error).message.split('\n')[0]}\n`);
    // its memory back before the runs on disk
    rmSync(memory.dir, { recursive: true, force: true });
    return alone();
  } finally {
    rmSync(memory.dir, { recursive: true, force: true });
  }
}

/** Runs every measurement, prints the table and the targets, records them; returns whether every target was met. */
export function runBenchmark(options: BenchmarkOptions): boolean {
  const work = makeTemporaryDirectory('synth-bench-');
  // removed here when the benchmark ends by itself, and by a janitor when it is stopped (Ctrl-C, a kill)
  removeWhenGone([work]);
  try {
    return benchmarkIn(work, options);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** {@link runBenchmark} in the temporary directory `work`. */
function benchmarkIn(work: string, options: BenchmarkOptions): boolean {
  const { root, quick, record, progress } = options;
  const ctx: BenchContext = { root, work, rssFile: path.join(work, 'rss.txt'), progress };
  const repeat = (n: number) => (quick ? Math.min(n, 2) : n);
  progress(`benchmark in ${work}${quick ? ' (quick: 2 runs each)' : ''}\n`);
  const out = path.join(work, 'out');
  const synthEnv = { CDK8S_OUTDIR: out };
  const stock = measure(
    ctx,
    'stock cdk8s synth (ts-node)',
    [path.join(root, 'node_modules', '.bin', 'cdk8s'), 'synth', '--no-check-upgrade'],
    repeat(3),
    { cwd: stockProject(ctx) },
  );
  // the floors: a bare node start, run in turn with the synth process the target compares it with, and npm's own start
  // (npm run env runs no script process)
  const [bareNode, synthProcess] = measureInTurn(
    ctx,
    [
      { name: 'node -e 0', command: ['node', '-e', '0'] },
      { name: 'synth process (node scripts/run-ts.cjs main.ts)', command: ['node', 'scripts/run-ts.cjs', 'main.ts'], options: { env: synthEnv } },
    ],
    repeat(15),
  );
  const npmEnv = measure(ctx, 'npm run env', ['npm', 'run', 'env'], repeat(10));
  const npmSynth = measure(ctx, 'npm run synth', ['npm', 'run', 'synth'], repeat(10), { env: synthEnv });
  const rebuilt = measure(ctx, 'synth process after an edit (bundle rebuilt)', ['node', 'scripts/run-ts.cjs', 'main.ts'], repeat(5), {
    env: synthEnv,
    before: () => forgetSynthBundle(root),
  });
  const load = measure(ctx, 'load cdk8s + cdk8s-plus-27', ['node', '-e', "require('cdk8s'); require('cdk8s-plus-27')"], repeat(10));
  const smaller = SCALE_APPS.slice(0, -1).map((n) => {
    const run = scaleRun(`generated topology, N = ${n}`, n, path.join(work, `scale-${n}`));
    return measure(ctx, run.name, run.command, repeat(n === 1000 ? 5 : 7), run.options);
  });
  const largestApps = SCALE_APPS[SCALE_APPS.length - 1];
  const previousApps = SCALE_APPS[SCALE_APPS.length - 2];
  // the room the largest output takes in memory is estimated from the one before it (the output grows with the apps)
  const largestRuns = measureLargest(ctx, largestApps, repeat(3), { dir: path.join(work, `scale-${previousApps}`), apps: previousApps });
  const scale = [...smaller, largestRuns.disk];
  const inMemory = largestRuns.memory;
  // creating the largest run's files and nothing else (the copy is removed between runs, untimed). On this project's
  // 2-core machine creating the same 20,000 files took from 0.5 to 11 s, by the file system's state (ext4 scanning
  // past recently deleted inodes)
  const largest = path.join(work, `scale-${largestApps}`);
  const copy = `${largest}-copy`;
  const diskFloor = measure(ctx, `cp -R of the N = ${largestApps} output`, ['cp', '-R', largest, copy], repeat(3), {
    before: () => rmSync(copy, { recursive: true, force: true }),
  });
  rmSync(copy, { recursive: true, force: true });
  // lint over the objects the scale runs wrote: its analysis must grow linearly with the objects, like synth's
  const lintScale = [1000, 10000].map((n) =>
    measure(
      ctx,
      `lint of the generated topology, N = ${n}`,
      ['node', 'scripts/run-ts.cjs', 'bin/lint.ts', path.join(work, `scale-${n}`)],
      repeat(n >= 10000 ? 3 : 5),
      // the figures are the point, not the findings: exit 1 (an error found) is a run like any other
      { okStatuses: [0, 1] },
    ),
  );
  // warm, as a developer runs it: the warm-up run fills tsc's, eslint's and jest's caches; none is cleared
  const test = measure(ctx, 'npm test (warm)', ['npm', 'test'], 1);
  const inMemoryRun = inMemory ? [inMemory] : [];
  const measurements = [stock, bareNode, npmEnv, npmSynth, synthProcess, rebuilt, load, ...scale, diskFloor, ...inMemoryRun, ...lintScale, test];

  const at = (n: number) => scale[SCALE_APPS.indexOf(n as (typeof SCALE_APPS)[number])];
  const ratios = {
    stockOverNpmSynth: round(stock.medianSeconds / npmSynth.medianSeconds, 2),
    synthProcessOverBareNode: round(synthProcess.medianSeconds / bareNode.medianSeconds, 2),
    // what npm run synth costs beyond the synth process and npm's own start, measured in alternation
    npmSynthOverheadSeconds: round(npmOverhead(ctx, repeat(15), synthEnv)),
    t10000OverT1000: round(at(10000).medianSeconds / at(1000).medianSeconds, 2),
    // what the N = 10000 synth costs beyond creating its files (the cp above)
    t10000BeyondCopySeconds: round(at(10000).medianSeconds - diskFloor.medianSeconds),
    // what writing the N = 10000 output to the temporary directory's file system costs beyond writing it in memory
    ...(inMemory ? { t10000FileSystemSeconds: round(at(10000).medianSeconds - inMemory.medianSeconds) } : {}),
    lintT10000OverT1000: round(lintScale[1].medianSeconds / lintScale[0].medianSeconds, 2),
  };
  const targets = [
    {
      target: 'synth process at most 2.5x node -e 0 (aim 2x)',
      value: `${ratios.synthProcessOverBareNode}x`,
      met: ratios.synthProcessOverBareNode <= 2.5,
    },
    {
      target: 'npm run synth adds at most 0.02 s beyond the synth process and npm run env',
      value: `${ratios.npmSynthOverheadSeconds} s`,
      met: ratios.npmSynthOverheadSeconds <= 0.02,
    },
    { target: 'N = 10000 at most 3 s', value: `${at(10000).medianSeconds} s`, met: at(10000).medianSeconds <= 3 },
    { target: 'N = 10000 at most 400 MiB peak', value: `${at(10000).peakRssMiB} MiB`, met: at(10000).peakRssMiB <= 400 },
    { target: 't(10000) / t(1000) at most 11', value: String(ratios.t10000OverT1000), met: ratios.t10000OverT1000 <= 11 },
    { target: 'lint of N = 10000 at most 3 s', value: `${lintScale[1].medianSeconds} s`, met: lintScale[1].medianSeconds <= 3 },
    { target: 'npm test (warm) at most 12 s', value: `${test.medianSeconds} s`, met: test.medianSeconds <= 12 },
  ];

  const lines = [
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
    '',
    pad(['command', 'runs', 'median s', 'min s', 'max s', 'peak MiB'], [52, 5, 9, 7, 7, 9]),
    ...measurements.map((m) => pad([m.name, m.runs, m.medianSeconds, m.minSeconds, m.maxSeconds, m.peakRssMiB], [52, 5, 9, 7, 7, 9])),
    '',
    ...Object.entries(ratios).map(([name, value]) => `${name}: ${value}`),
    '',
    ...targets.map((t) => `${t.met ? 'met ' : 'MISSED'}  ${t.target}: ${t.value}`),
  ];
  options.out(`${lines.join('\n')}\n`);
  if (record) writeResults(root, quick, measurements, ratios, targets);
  else progress('not recorded: run `npm run bench -- --record` to write bench/results.json\n');
  return targets.every((t) => t.met);
}

/** What the figures recorded before say, in short: kept beside the new ones so that a change shows. */
export function previousFigures(file: string): unknown {
  try {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as { date?: string; measurements?: Measurement[] };
    if (!Array.isArray(recorded.measurements)) return undefined;
    return {
      date: recorded.date,
      measurements: recorded.measurements.map((m) => ({ name: m.name, medianSeconds: m.medianSeconds, peakRssMiB: m.peakRssMiB })),
    };
  } catch {
    return undefined;
  }
}

/** bench/results.json: the figures, the ratios and the targets, with the machine they were measured on. */
function writeResults(
  root: string,
  quick: boolean,
  measurements: readonly Measurement[],
  ratios: Record<string, number>,
  targets: readonly { target: string; value: string; met: boolean }[],
): void {
  const file = path.join(root, 'bench', 'results.json');
  const previous = previousFigures(file);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cores: cpus().length, model: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version },
        quick,
        measurements,
        ratios,
        targets,
        ...(previous !== undefined ? { previous } : {}),
      },
      null,
      2,
    )}\n`,
  );
}

function pad(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
}
