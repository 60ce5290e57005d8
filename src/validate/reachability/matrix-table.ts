// The reachability matrix as people read it: a Markdown table (rows callers, columns apps, cells what passes, `—` for
// nothing), or, past a few apps, the list of the calls that pass; and as a record for `-o json` and `-o yaml`.
import { formatAccess, Quote } from './access';
import { App, portLabel } from './apps';
import { Cell, Reachability } from './matrix';
import { push } from '../grouped';

/** Up to how many apps the matrix is a table; past them, a list of what passes. */
export const MAX_TABLE_APPS = 8;

const codeSpan: Quote = (text) => `\`${text}\``;
const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/** What a cell allows: per port (`GET /a (port 3000)`), per workload when they differ; `—` for nothing. */
export function describeCell(cell: Cell, quote: Quote = codeSpan): string {
  const perWorkload = cell.workloads.map((w) => {
    const byText = new Map<string, string[]>();
    for (const reach of w.ports) {
      const text = formatAccess(reach.access, quote);
      if (text !== '—') push(byText, text, portLabel(reach.port));
    }
    const parts = [...byText].map(([text, ports]) => `${text} (port${ports.length > 1 ? 's' : ''} ${ports.join(', ')})`);
    return { workload: w.workload, text: parts.length > 0 ? parts.join('; ') : '—' };
  });
  const texts = new Set(perWorkload.map((w) => w.text));
  if (texts.size <= 1) return [...texts][0] ?? '—';
  return perWorkload.map((w) => `${w.workload.source.object.kind} ${w.workload.source.object.metadata?.name ?? ''}: ${w.text}`).join('; ');
}

/** How apps are named in the table: with their namespace when the apps are in more than one. */
function appLabeller(apps: readonly App[]): (app: App) => string {
  const namespaced = new Set(apps.map((a) => a.namespace)).size > 1;
  return (app) => (namespaced ? `${app.namespace}/${app.name}` : app.name);
}

/** The matrix as Markdown lines: a table of every caller and app, or past MAX_TABLE_APPS apps the calls that pass. */
export function matrixTable(matrix: Reachability): string[] {
  const { sources, apps } = matrix;
  const appLabel = appLabeller(apps);
  if (apps.length === 0) return ['No Service of the set selects a workload of it: there is nothing to call.'];
  if (apps.length <= MAX_TABLE_APPS) {
    const lines = [`| caller | ${apps.map(appLabel).join(' | ')} |`, `|---|${apps.map(() => '---|').join('')}`];
    for (const source of sources) {
      const cells = apps.map((app) => escapeCell(describeCell(matrix.cell(source, app))));
      lines.push(`| ${escapeCell(source.label)} | ${cells.join(' | ')} |`);
    }
    return lines;
  }
  const reachable = matrix.reachable();
  if (reachable.length === 0) return [`No caller may call any of the ${apps.length} apps.`];
  const lines = ['| caller | app | allowed |', '|---|---|---|'];
  // the list is by app; callers missing from it may call nothing
  for (const cell of reachable) lines.push(`| ${escapeCell(cell.source.label)} | ${appLabel(cell.app)} | ${escapeCell(describeCell(cell))} |`);
  const calling = new Set(reachable.map((c) => c.source));
  const silent = sources.filter((s) => !calling.has(s)).map((s) => s.label);
  if (silent.length > 0) lines.push('', `No app allows: ${silent.join('; ')}.`);
  return lines;
}

/** One allowance of the matrix, as `-o json` prints it. */
export interface AllowanceRecord {
  readonly caller: string;
  readonly principal?: string;
  readonly app: string;
  readonly namespace: string;
  readonly workload: string;
  readonly port: string;
  readonly allowed: string;
}

/** The matrix as plain data: the callers, the apps, and every allowance (caller, app, workload, port), in the matrix's order. */
export function matrixRecord(matrix: Reachability): {
  callers: { label: string; kind: string; principal?: string }[];
  apps: { name: string; namespace: string; ports: string[] }[];
  allowances: AllowanceRecord[];
} {
  const allowances: AllowanceRecord[] = [];
  for (const cell of matrix.reachable()) {
    for (const w of cell.workloads) {
      for (const reach of w.ports) {
        if (reach.access.refused) continue;
        allowances.push({
          caller: cell.source.label,
          ...(cell.source.principal !== undefined ? { principal: cell.source.principal } : {}),
          app: cell.app.name,
          namespace: cell.app.namespace,
          workload: `${w.workload.source.object.kind} ${w.workload.namespace}/${w.workload.source.object.metadata?.name ?? ''}`,
          port: portLabel(reach.port),
          allowed: formatAccess(reach.access),
        });
      }
    }
  }
  return {
    callers: matrix.sources.map((s) => ({ label: s.label, kind: s.kind, ...(s.principal !== undefined ? { principal: s.principal } : {}) })),
    apps: matrix.apps.map((a) => ({ name: a.name, namespace: a.namespace, ports: a.ports.map(portLabel) })),
    allowances,
  };
}

