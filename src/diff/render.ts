// A comparison as a reader gets it: terminal text, Markdown to paste as a pull-request comment, or JSON.
import { graphChanged, mermaid } from './mesh-graph';
import { MeshChange } from './mesh-changes';
import { FieldChange, formatChange, ObjectChange } from './object-diff';
import { countOf } from '../messages/problem-list';
import { DiffReport, EnvironmentDiff, GITOPS_OUTPUT_NAME, reportDiffers, reportErrors } from './output-diff';

/** The output formats of `npm run diff`. */
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;

/** An output format. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** The report in `format`. */
export function renderReport(report: DiffReport, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
  return format === 'markdown' ? markdownReport(report) : textReport(report);
}

const MARK: Readonly<Record<ObjectChange['change'], string>> = { added: '+', removed: '-', changed: '~', moved: '>' };

/** The base's commit, and how it was named when not by that commit. */
function baseName(report: DiffReport, quote: (text: string) => string = (t) => t): string {
  const commit = report.baseCommit.slice(0, 12);
  return `${quote(commit)}${report.baseCommit.startsWith(report.baseRef) ? '' : ` (${report.baseRef})`}`;
}

function counts(e: EnvironmentDiff): string {
  const n = (change: ObjectChange['change']) => e.objects.filter((o) => o.change === change).length;
  return (['changed', 'added', 'removed', 'moved'] as const).filter((c) => n(c) > 0).map((c) => `${n(c)} ${c}`).join(', ') || 'none changed';
}

function severityCounts(changes: readonly MeshChange[]): string {
  const errors = changes.filter((c) => c.severity === 'error').length;
  const warnings = changes.filter((c) => c.severity === 'warning').length;
  return [errors > 0 ? countOf(errors, 'error') : '', warnings > 0 ? countOf(warnings, 'warning') : '']
    .filter(Boolean)
    .join(', ');
}

function statusLine(e: EnvironmentDiff): string {
  const objects = `${countOf(e.objects.length, 'object')} in ${new Set(e.objects.map((o) => o.file)).size} files`;
  if (e.status === 'added') return `new in the working tree: ${objects}`;
  if (e.status === 'removed') return `gone from the working tree: ${objects} removed`;
  if (e.status === 'unchanged') return 'no change';
  const issues = severityCounts(e.mesh);
  return `objects: ${counts(e)}${issues ? `; ${issues}` : ''}`;
}

function summary(report: DiffReport): string {
  // the GitOps output is no environment: counted apart
  const environments = report.environments.filter((e) => e.environment !== GITOPS_OUTPUT_NAME);
  const gitops = report.environments.find((e) => e.environment === GITOPS_OUTPUT_NAME);
  const changed = environments.filter((e) => e.status !== 'unchanged').length;
  const errors = reportErrors(report);
  const all = environments.length;
  const what = changed === 0 ? `no change in ${all === 1 ? 'the environment' : `any of ${all} environments`}` : `${changed} of ${countOf(all, 'environment')} differ${changed === 1 ? 's' : ''}`;
  const gitopsPart = gitops === undefined ? '' : `; ${gitops.outdir}/ ${gitops.status === 'unchanged' ? 'unchanged' : 'differs'}`;
  return `${what}${gitopsPart}${errors > 0 ? `; ${countOf(errors, 'error')}: routes the ingress gateway can no longer use` : ''}`;
}

function fieldLine(f: FieldChange): string {
  const [before, after] = formatChange(f.before, f.after);
  return `${f.path}: ${f.note === 'order' ? 'order ' : ''}${before} -> ${after}`;
}

function meshLine(c: MeshChange): string {
  return `${c.severity === 'info' ? c.area : c.severity}: ${c.message}`;
}

function textReport(report: DiffReport): string {
  const lines = [`diff: base ${baseName(report)} -> ${report.head}`];
  if (report.baseNote) lines.push(`note: ${report.baseNote}`);
  for (const e of report.environments) {
    lines.push('', `${e.environment} (${e.outdir}/): ${statusLine(e)}`);
    if (e.status !== 'changed') continue;
    if (e.mesh.length > 0) lines.push('  mesh:', ...e.mesh.map((c) => `    ${meshLine(c)}`));
    if (e.objects.length > 0) {
      lines.push('  objects:');
      for (const o of e.objects) {
        const where = o.change === 'moved' ? `${o.previousFile} -> ${o.file}` : o.file;
        lines.push(`    ${MARK[o.change]} ${o.id}${where === o.id ? '' : ` (${where})`}`);
        lines.push(...o.fields.map((f) => `        ${fieldLine(f)}`));
      }
    }
  }
  lines.push('', `diff: ${summary(report)}`);
  return `${lines.join('\n')}\n`;
}

// --- Markdown

const code = (text: string) => `\`${text.replace(/`/g, 'ˋ')}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
const ICON: Readonly<Record<MeshChange['severity'], string>> = { error: ':x: **error**', warning: ':warning: **warning**', info: '' };
const MAX_FIELDS = 25;
const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function markdownReport(report: DiffReport): string {
  const lines = [`## Mesh diff: ${baseName(report, code)} → ${report.head}`, '', `${capitalized(summary(report))}.`];
  if (report.baseNote) lines.push('', `> ${report.baseNote}`);
  const quiet = report.environments.filter((e) => e.status === 'unchanged');
  for (const e of report.environments.filter((x) => x.status !== 'unchanged')) {
    lines.push('', `### ${e.environment} (${code(`${e.outdir}/`)})`, '', `${capitalized(statusLine(e))}.`);
    if (e.status !== 'changed') continue;
    if (e.mesh.length > 0) {
      lines.push('', '**What it does to the mesh**', '');
      for (const c of e.mesh) lines.push(`- ${c.severity === 'info' ? `${c.area}:` : `${ICON[c.severity]}:`} ${c.message}`);
    }
    if (graphChanged(e.graph)) {
      lines.push('', '```mermaid', mermaid(e.graph).trimEnd(), '```', '', '<sub>green +: added, red − dashed: removed, amber ~: changed</sub>');
    }
    if (e.objects.length > 0) {
      lines.push('', `<details><summary>Objects: ${counts(e)}</summary>`, '', '| | object | file | fields: before → after |', '|---|---|---|---|');
      for (const o of e.objects) {
        const fields = o.fields
          .slice(0, MAX_FIELDS)
          .map((f) => {
            const [before, after] = formatChange(f.before, f.after);
            return `${code(f.path)}: ${f.note === 'order' ? 'order ' : ''}${code(before)} → ${code(after)}`;
          });
        if (o.fields.length > MAX_FIELDS) fields.push(`… and ${o.fields.length - MAX_FIELDS} more`);
        const file = o.change === 'moved' ? `${code(o.previousFile ?? '')} → ${code(o.file)}` : code(o.file);
        lines.push(`| ${o.change} | ${cell(o.id)} | ${cell(file)} | ${cell(fields.join('\n'))} |`);
      }
      lines.push('', '</details>');
    }
  }
  if (quiet.length > 0) lines.push('', `No change: ${quiet.map((e) => `${e.environment} (${code(`${e.outdir}/`)})`).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

// --- JSON

function jsonReport(report: DiffReport): unknown {
  const gitops = report.environments.find((e) => e.environment === GITOPS_OUTPUT_NAME);
  return {
    base: { ref: report.baseRef, commit: report.baseCommit, ...(report.baseNote ? { note: report.baseNote } : {}) },
    head: report.head,
    differs: reportDiffers(report),
    errors: reportErrors(report),
    environments: report.environments
      .filter((e) => e !== gitops)
      .map((e) => ({ environment: e.environment, ...jsonOutput(e), mesh: e.mesh, graph: jsonGraph(e) })),
    // the GitOps output (with --all) is no environment: its objects only
    ...(gitops ? { gitops: jsonOutput(gitops) } : {}),
  };
}

function jsonOutput(e: EnvironmentDiff): Record<string, unknown> {
  return {
    outdir: e.outdir,
    status: e.status,
    objects: e.objects.map((o) => ({
      change: o.change,
      file: o.file,
      ...(o.previousFile !== undefined ? { previousFile: o.previousFile } : {}),
      id: o.id,
      ...(o.kind !== undefined ? { kind: o.kind } : {}),
      ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
      ...(o.name !== undefined ? { name: o.name } : {}),
      fields: o.fields,
    })),
  };
}

function jsonGraph(e: EnvironmentDiff): unknown {
  return {
    nodes: e.graph.nodes,
    // the edges' keys are internal
    edges: e.graph.edges.map(({ key: _key, ...edge }) => edge),
    ...(graphChanged(e.graph) ? { mermaid: mermaid(e.graph) } : {}),
  };
}
