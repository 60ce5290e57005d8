// `npm run synth`: synthesizes the project's topology for one environment (or all, and the GitOps output), validates
// it, and only then replaces the output directory.
import path from 'node:path';
import { App } from 'cdk8s';
import { buildApp, buildGitOpsApp, Environment, environmentNamed, GITOPS_OUTDIR, Project } from '../project';
import { formatFinding } from '../validate';
import { synthesizeGitOps } from '../synth/gitops-output';
import { synthesize, SynthResult } from '../synth/synthesize';
import { TRANSLATION_FILE } from '../synth/translation';
import { beginReplacement, DirectoryReplacement, holdsExactly, prepareFiles, replaceDirectory, ReplaceDirectoryOptions, writeFiles } from '../synth/write';
import { StagingWriter } from '../synth/staging-writer';
import { checkOutputDirectory, checkOutputLocation, OutputDirectoryError, outputDirectoryName, resolveOutputDirectory } from '../synth/output-directory';
import { DirectoryLockedError } from '../files/directory-lock';
import { withOutputMarker } from '../synth/output-marker';
import type { OutputFile } from '../manifests/kube-object';
import { projectRoot } from '../files/project-root';
import { Command, CommandIo, EXIT, UsageError } from './command';
import { synthFailure } from './synth-failure';

/** The synth command of `project`. */
export function synthCommand(project: Project): Command {
  return {
    name: 'synth',
    invocation: 'npm run synth --',
    usage: '[--env <name> | --all | --gitops] [--outdir <dir> | --explain]',
    summary: 'Synthesizes the topology for an environment, validates it, and replaces the output directory.',
    options: {
      env: { type: 'string', placeholder: '<name>', description: `the environment (default: ${project.defaultEnvironment})` },
      all: { type: 'boolean', description: `every environment, each into its own directory, and the GitOps output (${GITOPS_OUTDIR}/)` },
      gitops: {
        type: 'boolean',
        description: `only the GitOps output (${GITOPS_OUTDIR}/): per environment, an Argo CD Application and a Flux GitRepository and Kustomization`,
      },
      outdir: { type: 'string', placeholder: '<dir>', description: "write to <dir> (relative to the project root) instead of the environment's directory (with one environment)" },
      explain: {
        type: 'boolean',
        description: `print how each feature is written in each mesh mode (${TRANSLATION_FILE}), after the checks, and write nothing`,
      },
    },
    moreHelp: () => environmentsHelp(project),
    run({ values, io }) {
      const envName = values.env as string | undefined;
      const outdir = values.outdir as string | undefined;
      if (values.all && envName !== undefined) throw new UsageError('--all and --env exclude each other');
      if (values.all && outdir !== undefined) throw new UsageError('--outdir needs a single environment');
      if (outdir !== undefined) checkOutdirValue(outdir, '--outdir');
      if (values.explain && outdir !== undefined) throw new UsageError('--explain writes nothing: leave out --outdir');
      if (values.gitops && values.all) throw new UsageError(`--all writes ${GITOPS_OUTDIR}/ too: leave out --gitops`);
      if (values.gitops && envName !== undefined) throw new UsageError('--gitops and --env exclude each other');
      if (values.gitops && values.explain) throw new UsageError('--explain is about the environments: leave out --gitops');
      const root = projectRoot();
      // the settings' problems are reported with the other synth failures, before anything is written
      const gitopsOutdir = outdir ?? GITOPS_OUTDIR;
      const gitops = { render: () => synthesizeGitOps(buildGitOpsApp(project), outputDirectoryName(gitopsOutdir, root)), outdir: gitopsOutdir };
      if (values.gitops) return synthAll([gitops], io, { root });
      let environments;
      try {
        environments = values.all ? project.environments : [environmentNamed(project, envName ?? project.defaultEnvironment)];
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (values.explain) return explain(project, environments, io);
      const targets: SynthTarget[] = environments.map((environment) => {
        // `cdk8s synth` names the output directory in CDK8S_OUTDIR
        const isDefault = environment.name === project.defaultEnvironment;
        const fromEnv = outdir === undefined && isDefault && !values.all ? process.env.CDK8S_OUTDIR : undefined;
        if (fromEnv !== undefined) checkOutdirValue(fromEnv, 'CDK8S_OUTDIR');
        const dir = outdir ?? fromEnv ?? environment.outdir;
        const name = outputDirectoryName(dir, root);
        const owner = name === outputDirectoryName(environment.outdir, root) ? undefined : directoryOwner(project, name, root);
        if (owner !== undefined) {
          io.err(
            `synth: warning: ${name}/ is the committed directory of ${owner.what}, which this replaces with environment ${environment.name}'s; ` +
              `npm run check reports it until \`npm run synth -- ${owner.synthArgs}\` writes it back\n`,
          );
        }
        const render = () => synthesize(() => buildApp(project, environment), { outdir: name, kubernetesVersion: environment.kubernetesVersion });
        return { render, outdir: dir, ...(fromEnv !== undefined ? { from: `CDK8S_OUTDIR=${fromEnv}` } : {}) };
      });
      // a project without GitOps settings has no GitOps output; one with incomplete settings fails (exit 2)
      if (values.all && project.gitops !== undefined) targets.push(gitops);
      return synthAll(targets, io, { root });
    },
  };
}

/** What writes the project directory `name` (relative to the root) when it is an environment's or the GitOps output's. */
function directoryOwner(project: Project, name: string, root: string): { what: string; synthArgs: string } | undefined {
  const environment = project.environments.find((e) => outputDirectoryName(e.outdir, root) === name);
  if (environment) return { what: `environment ${environment.name}`, synthArgs: `--env ${environment.name}` };
  return project.gitops !== undefined && name === GITOPS_OUTDIR ? { what: 'the GitOps output', synthArgs: '--gitops' } : undefined;
}

/** Options of {@link synthInto}. */
export interface SynthIntoOptions {
  /**
   * The project's root: a relative `outdir` is relative to it, and it bounds where synth may write.
   * @default - the project around the current directory
   */
  readonly root?: string;
  /**
   * How long to wait for another synth writing the same directory.
   * @default 30000
   */
  readonly lockTimeoutMs?: number;
  /**
   * From how many files a directory's new set is written on a worker thread while the next app renders (with more
   * apps to render): starting the thread costs about as much as writing a thousand files on a fast disk.
   * @default 1000
   */
  readonly backgroundWriteFiles?: number;
}

/**
 * Builds, renders and checks an app, and only then replaces `outdir` with its files; prints the warnings and what
 * was written. On any problem it prints them all and leaves `outdir` as it was. It refuses (exit 2, nothing touched)
 * an `outdir` that is not synth's to replace, and waits for another synth writing the same directory.
 */
export function synthInto(build: () => App, outdir: string, io: CommandIo, options: SynthIntoOptions = {}): SynthExit {
  return synthEach([{ build, outdir }], io, options);
}

/** {@link synthInto} for several apps, each into its own directory: all are checked before any directory is written. */
export function synthEach(apps: readonly { build: () => App; outdir: string }[], io: CommandIo, options: SynthIntoOptions = {}): SynthExit {
  const root = options.root ?? projectRoot();
  const targets = apps.map(({ build, outdir }) => ({ render: () => synthesize(build, { outdir: outputDirectoryName(outdir, root) }), outdir }));
  return synthAll(targets, io, { ...options, root });
}

/**
 * Throws a UsageError for an output directory value (of `--outdir` or CDK8S_OUTDIR) that names no directory as
 * typed: empty or blank, holding a control character (a newline would split the README's commands), `-` (standard
 * output, which synth never writes), or starting with a `~` that no shell expanded (`--outdir=~/out`).
 */
export function checkOutdirValue(value: string, from: '--outdir' | 'CDK8S_OUTDIR'): void {
  if (value.trim() === '') throw new UsageError(`${from} needs a directory, got ${JSON.stringify(value)}${from === 'CDK8S_OUTDIR' ? ' (unset it for the default)' : ''}`);
  if ([...value].some((c) => c < ' ' || c === '\u007f')) throw new UsageError(`${from} must not hold control characters (a newline, a tab), got ${JSON.stringify(value)}`);
  if (value === '-') {
    throw new UsageError(`${from} - would be a directory named '-': synth writes a directory of files, never standard output; name a directory`);
  }
  if (/^~($|\/)/.test(value)) {
    throw new UsageError(`${from} ${JSON.stringify(value)} starts with ~, which no shell expanded (as after --outdir=): write the full path, or --outdir ~/... with a space`);
  }
}

type SynthExit = typeof EXIT.ok | typeof EXIT.failed | typeof EXIT.usage;

interface SynthTarget {
  /** Builds, renders and validates the output: throws what synthFailure reports. */
  readonly render: () => SynthResult;
  readonly outdir: string;
  /** Where `outdir` comes from when the user did not type it as an option (an environment variable), for messages. */
  readonly from?: string;
}

/**
 * {@link synthInto} for several apps: every place is checked, and every app rendered and validated, before any
 * directory is replaced. While the next app renders, a large one before is written into its staging directory on a
 * worker thread (the disk's work on the other core); a failure removes every staging directory, the output left as
 * it was.
 */
function synthAll(targets: readonly SynthTarget[], io: CommandIo, options: SynthIntoOptions): SynthExit {
  const root = options.root ?? projectRoot();
  const planned = targets.map((t) => {
    const dir = resolveOutputDirectory(t.outdir, root);
    return { ...t, dir, shown: `${path.relative(process.cwd(), dir) || '.'}/` };
  });
  let current = planned[0];
  const writer = new StagingWriter();
  const begun: DirectoryReplacement[] = [];
  const committed = new Set<string>();
  try {
    for (current of planned) checkOutputLocation(current.dir, root);
    // each directory is locked from its render to the end: a second target of the same one would wait for itself
    for (current of planned) {
      const first = planned.find((t) => t.dir === current.dir);
      if (first !== current) throw new OutputDirectoryError(current.dir, `another output of this synth (${first?.outdir}) is written there too`);
    }
    const rendered = planned.map((target, index) => {
      current = target;
      // what writing needs of the result: not its objects, which would stay in memory until every target is rendered
      const { files, findings, manifests } = target.render();
      const complete = withOutputMarker(files);
      const check = (dir: string) => checkOutputDirectory(dir, { root, files: complete });
      // before the lock, whose file beside the directory would be a first touch; and again under it
      check(target.dir);
      const objects = manifests.reduce((n, m) => n + m.objects.length, 0);
      const onLockWait = (pid: number) => io.err(`synth: waiting for another synth (pid ${pid}) writing ${target.shown}\n`);
      const writing = { verify: check, lockTimeoutMs: options.lockTimeoutMs, onLockWait };
      if (planned.length === 1 || files.length < (options.backgroundWriteFiles ?? 1000)) {
        return { target, fileCount: files.length, findings, objects, commit: replacedAtEnd(target.dir, files, writing) };
      }
      // a large set of several: written now, on the worker while the next renders (the worker keeps the only copy
      // of the files), or here for the last one while the worker finishes
      const replacement = beginReplacement(target.dir, writing);
      begun.push(replacement);
      // one that holds exactly these files already is left as it is, as replaceDirectory leaves it; its lock is held
      // to the end all the same, as every large set's is (a synth takes them in its targets' order, so two never wait
      // for each other, and none replaces it meanwhile)
      if (holdsExactly(target.dir, complete)) return { target, fileCount: files.length, findings, objects, commit: releasedAtEnd(replacement) };
      if (index < planned.length - 1) writer.write(prepareFiles(replacement.staging, complete));
      else writeFiles(replacement.staging, complete);
      return { target, fileCount: files.length, findings, objects, commit: swappedAtEnd(writer, replacement) };
    });
    for (const { target, fileCount, findings, objects, commit } of rendered) {
      current = target;
      commit();
      committed.add(target.shown);
      for (const f of findings) io.err(`${formatFinding(f)}\n`);
      io.out(`synth: wrote ${objects} objects in ${fileCount} files to ${target.shown}\n`);
    }
    return EXIT.ok;
  } catch (err) {
    // the worker stops writing before its staging directories go
    try {
      writer.finish();
    } catch {
      // the first failure is the one reported
    }
    for (const replacement of begun) replacement.abandon();
    if (err instanceof OutputDirectoryError) {
      io.err(`synth: ${current.from ? `${current.from}: ` : ''}${err.message}\n`);
      return EXIT.usage;
    }
    // nothing is replaced before every target has rendered; a small set's lock is taken as it is replaced, at the end
    const left = planned.map((t) => t.shown).filter((shown) => !committed.has(shown));
    const untouched =
      (committed.size > 0 ? `${[...committed].join(', ')} written; ` : '') + `${left.join(', ')} left as ${left.length === 1 ? 'it was' : 'they were'}`;
    if (err instanceof DirectoryLockedError) {
      io.err(`synth: ${err.message}; ${untouched}\n`);
      return EXIT.failed;
    }
    // the file system refused (permissions, a read-only or full disk): what and where, as Node names it
    if (isFileSystemError(err)) {
      io.err(`synth: cannot write ${current.shown}: ${err.message}; ${untouched}\n`);
      return EXIT.failed;
    }
    return synthFailure(err, 'synth', untouched, io);
  }
}

/** Whether `err` is an error of a file system call (an errno with its syscall; not checked by `instanceof`, which another realm's fails). */
function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | null;
  return typeof e === 'object' && e !== null && typeof e.syscall === 'string' && typeof e.code === 'string' && typeof e.message === 'string';
}

// Each target's commit is made by one of these, outside synthAll's loop: closures made in the loop share one
// context holding every variable any of them reads, so one that read a set's files would keep them all to the end,
// those handed to the worker (which keeps the only copy) or found unchanged included.

/** Compares the directory at the end and replaces it when it differs: a small set, kept in memory until then. */
function replacedAtEnd(dir: string, files: readonly OutputFile[], writing: ReplaceDirectoryOptions): () => void {
  return () => void replaceDirectory(dir, files, writing);
}

/** Swaps in a large set's staging directory once the worker has written it (with every set before it). */
function swappedAtEnd(writer: StagingWriter, replacement: DirectoryReplacement): () => void {
  return () => {
    writer.finish();
    replacement.commit();
  };
}

/** Releases the lock of a large set's directory found holding exactly its files, left as it is. */
function releasedAtEnd(replacement: DirectoryReplacement): () => void {
  return () => replacement.abandon();
}

/** Prints the translation report of each environment, synthesized and checked in memory; writes nothing. */
function explain(project: Project, environments: readonly Environment[], io: CommandIo): SynthExit {
  let current = environments[0];
  try {
    const reports = environments.map((environment) => {
      current = environment;
      const result = synthesize(buildApp(project, environment), { outdir: environment.outdir, kubernetesVersion: environment.kubernetesVersion });
      const report = result.files.find((f) => f.path === TRANSLATION_FILE)?.content ?? '';
      return environments.length > 1 ? `<!-- environment ${environment.name} (${environment.outdir}/) -->\n${report}` : report;
    });
    io.out(reports.join('\n'));
    return EXIT.ok;
  } catch (err) {
    return synthFailure(err, 'synth', `environment ${current.name}: nothing written`, io);
  }
}

function environmentsHelp(project: Project): string {
  const width = Math.max(...project.environments.map((e) => e.name.length));
  const dirWidth = Math.max(...project.environments.map((e) => e.outdir.length + 1));
  return [
    'environments:',
    ...project.environments.map((e) => `  ${e.name.padEnd(width)}  ${`${e.outdir}/`.padEnd(dirWidth)}  ${e.description}`),
    ...(project.gitops ? ['', `GitOps output (--all, --gitops): ${GITOPS_OUTDIR}/, deploying each environment's directory with Argo CD or Flux`] : []),
  ].join('\n');
}
