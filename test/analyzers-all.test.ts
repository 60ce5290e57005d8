// Every code lint reports, proven on its fixtures: test/fixtures/analyzers/<CODE>/bad.yaml must produce the code, and
// good.yaml must not (the folder's README says how to write them). One test runs them all, and lists every miss.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lintCommand } from '../src/cli/lint';
import { MESSAGES } from '../src/validate/findings';
import { runCli } from './support/cli';

const root = path.join(__dirname, '..');
const fixtures = path.join(__dirname, 'fixtures', 'analyzers');
const CODE = /^(IST|TT)\d{4}$/;

const codeFolders = () => readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** The codes of the README's code table: the rows whose first cell names a code. */
function readmeCodes(): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\|\s*(?:<a id="[^"]*"><\/a>)?\[?((?:IST|TT)\d{4})\b/gm)].map((m) => m[1]);
}

/** The codes lint reports on one file, with the lines it printed. */
async function lintFile(file: string): Promise<{ codes: Set<string>; printed: string; exitCode: number }> {
  const outcome = await runCli(lintCommand, ['-o', 'json', file]);
  if (outcome.exitCode === 2) return { codes: new Set(), printed: outcome.stderr, exitCode: 2 };
  const records = JSON.parse(outcome.stdout) as { code: string; origin: string; reference: string; message: string }[];
  return {
    codes: new Set(records.map((r) => r.code)),
    printed: records.map((r) => `[${r.code}] (${r.origin} ${r.reference}) ${r.message}`).join('\n'),
    exitCode: outcome.exitCode,
  };
}

describe('every code on its fixtures', () => {
  test('each bad.yaml produces its code, each good.yaml does not', async () => {
    const problems: string[] = [];
    const folders = codeFolders();
    expect(folders.length).toBeGreaterThan(20);
    for (const code of folders) {
      const at = (file: string) => path.join(fixtures, code, file);
      const missing = ['bad.yaml', 'good.yaml'].filter((f) => !existsSync(at(f)));
      if (missing.length > 0) {
        problems.push(`${code}: no ${missing.join(' or ')}`);
        continue;
      }
      const bad = await lintFile(at('bad.yaml'));
      if (bad.exitCode === 2) problems.push(`${code}/bad.yaml: unusable input: ${bad.printed.trim()}`);
      else if (!bad.codes.has(code)) problems.push(`${code}/bad.yaml: no ${code}; lint printed:\n${bad.printed || '(nothing)'}`);
      const good = await lintFile(at('good.yaml'));
      if (good.exitCode === 2) problems.push(`${code}/good.yaml: unusable input: ${good.printed.trim()}`);
      else if (good.codes.has(code)) problems.push(`${code}/good.yaml: reports ${code}:\n${good.printed}`);
    }
    expect(problems).toEqual([]);
  });

  test('every folder names a code lint reports, and every code of the README table has a folder', () => {
    const known = new Set<string>(Object.values(MESSAGES).map((m) => m.code));
    const folders = codeFolders();
    expect(folders.filter((f) => !CODE.test(f) || !known.has(f))).toEqual([]);
    const documented = readmeCodes();
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((c) => !folders.includes(c))).toEqual([]);
  });
});
