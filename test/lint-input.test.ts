// npm run lint on input kubectl cannot apply: exit 2 with `lint: <file>:<line>: <reason>`, and no stack trace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintCommand } from '../src/cli/lint';
import { runCli } from './support/cli';

const lint = (argv: string[]) => runCli(lintCommand, argv);

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: cloudlab}\n';

describe('lint input', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lint-input-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  const unusable = async (argv: string[]) => {
    const outcome = await lint(argv);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    return outcome.stderr;
  };

  test('fails with exit 2 on a binary file, naming its line, where a TT0001 with an empty kind was reported', async () => {
    const file = write('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect(await unusable([file])).toBe(`lint: ${file}:2: control characters are not allowed in YAML, found U+001A (a binary file?)\n`);
  });

  test('fails with exit 2 on a text file that is no YAML mapping', async () => {
    const file = write('notes.yaml', 'These are notes.\nNot a manifest.\n');
    expect(await unusable([file])).toBe(
      `lint: ${file}:1: the document is a string, not a Kubernetes object (a mapping with apiVersion and kind)\n`,
    );
  });

  test('fails with exit 2 on a document that is a list or a scalar, or a mapping without kind or apiVersion; one line each', async () => {
    const file = write('docs.yaml', `- a\n- b\n---\n${CONFIG_MAP}---\n42\n---\nkind: ConfigMap\n---\napiVersion: v1\nkind: [a]\n`);
    expect(await unusable([file])).toBe(
      [
        `lint: ${file}:1: the document is a list, not a Kubernetes object (a mapping with apiVersion and kind)`,
        `lint: ${file}:8: the document is a number, not a Kubernetes object (a mapping with apiVersion and kind)`,
        `lint: ${file}:10: the document has no apiVersion: a Kubernetes object names its apiVersion and kind (kind ConfigMap)`,
        `lint: ${file}:12: kind must be a string, got a list`,
        '',
      ].join('\n'),
    );
  });

  test('fails with exit 2 when apiVersion or metadata cannot be what kubectl decodes', async () => {
    const file = write('x.yaml', 'apiVersion: 1\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: c\n');
    expect(await unusable([file])).toBe(
      `lint: ${file}:1: apiVersion must be a string, got a number (1); quote it\nlint: ${file}:4: metadata must be a mapping, got a string\n`,
    );
  });

  test('fails with exit 2 on invalid YAML in one file, and reports the other files too', async () => {
    const bad = write('a/bad.yaml', `${CONFIG_MAP}data:\n  k: "unterminated\n`);
    const list = write('b/list.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - 42\n');
    expect(await unusable([dir])).toBe(
      `lint: ${bad}:5: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)\n` +
        `lint: ${list}:4: items[0] is a number, not a Kubernetes object (a mapping with apiVersion and kind)\n`,
    );
  });

  test('fails with exit 2 on a .inf, which kubectl cannot convert to JSON', async () => {
    const file = write('x.yaml', `${CONFIG_MAP}data:\n  k: .inf\n`);
    expect(await unusable([file])).toMatch(new RegExp(`^lint: ${file}:5: invalid YAML: \\.inf is a float JSON cannot hold`));
  });

  test('fails with exit 2 on an object nested too deeply to check, JSON or YAML, where it overflowed the stack', async () => {
    const filter = (value: string) =>
      `{"apiVersion": "networking.istio.io/v1alpha3", "kind": "EnvoyFilter", "metadata": {"name": "f", "namespace": "cloudlab"},\n` +
      ` "spec": {"configPatches": [{"applyTo": "HTTP_FILTER", "patch": {"operation": "MERGE",\n "value": ${value}}}]}}\n`;
    const json = write('deep.json', filter(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`));
    const yaml = write('deep.yaml', '# a YAML flow mapping\n' + filter(`{"a": ${'['.repeat(1800)}1${']'.repeat(1800)}}`));
    expect(await unusable([json])).toBe(`lint: ${json}:3: invalid JSON: the document nests too deeply to be read (more than 1000 levels of mappings and lists)\n`);
    expect(await unusable([yaml])).toMatch(new RegExp(`^lint: ${yaml}:4: invalid YAML: the document nests too deeply to be read`));
  });

  test('an empty argument (an unset variable) is no file: exit 2, saying so', async () => {
    expect(await unusable([''])).toBe('lint: the path "" does not exist: an empty argument names no file\n');
  });

  test('fails with exit 2 when there is no object at all, as kubectl apply does ("no objects passed to apply")', async () => {
    const empty = write('empty.yaml', '');
    const comments = write('comments.yaml', '# nothing here\n---\n');
    expect(await unusable([empty])).toBe(`lint: no objects passed to lint: ${empty} holds no Kubernetes object (kubectl apply fails alike)\n`);
    expect(await unusable([empty, comments])).toBe(`lint: no objects passed to lint: ${empty}, ${comments} hold no Kubernetes object (kubectl apply fails alike)\n`);
    expect(await unusable([path.join(dir)])).toMatch(/^lint: no objects passed to lint: /);
  });

  test('an empty file among others does not fail the run, as kubectl skips it, but is named on stderr', async () => {
    write('empty.yaml', '');
    write('comments.yaml', '# nothing here\n---\n---\n');
    write('cm.yaml', `---\n${CONFIG_MAP}---\n`);
    expect(await lint([dir])).toEqual({
      exitCode: 0,
      stdout: '',
      stderr:
        `lint: ${path.join(dir, 'comments.yaml')}: holds no Kubernetes object; kubectl skips it\n` +
        `lint: ${path.join(dir, 'empty.yaml')}: holds no Kubernetes object; kubectl skips it\n` +
        `\u2714 No validation issues found when analyzing:\n` +
        `  - ${path.join(dir, 'cm.yaml')}\n  - ${path.join(dir, 'comments.yaml')}\n  - ${path.join(dir, 'empty.yaml')}\n`,
    });
  });

  test('a JSON file named on the command line is read as kubectl reads it, even when a directory would pass it over', async () => {
    const file = write('dashboard.json', JSON.stringify({ title: 'Tracing Tutorial', panels: [] }));
    expect(await unusable([file])).toBe(`lint: ${file}:1: the document has no kind: a Kubernetes object names its apiVersion and kind\n`);
  });

  test('reads an object with items as a list, as kubectl does: its items of its kind less List, null items as none', async () => {
    write('list.yaml', 'apiVersion: v1\nkind: ConfigMapList\nitems:\n  - metadata: {name: a, namespace: cloudlab}\n');
    write('none.yaml', 'apiVersion: v1\nkind: ConfigMapList\nitems: null\n');
    const outcome = await lint(['--format', 'json', dir]);
    expect(outcome).toMatchObject({ exitCode: 0, stdout: '[]\n' });
  });

  test('keeps creationTimestamp: null and the other nulls for the checks to judge', async () => {
    const file = write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: cloudlab\n  creationTimestamp: null\ndata: {}\n');
    expect(await lint([file])).toEqual({ exitCode: 0, stdout: '', stderr: `\u2714 No validation issues found when analyzing ${file}.\n` });
  });

  test('reads YAML 1.1 scalars as kubectl does: a label value "yes" written plain is a boolean the schema refuses', async () => {
    const file = write('cm.yaml', `${CONFIG_MAP.replace('namespace: cloudlab', 'namespace: cloudlab, labels: {enabled: yes}')}`);
    const outcome = await lint(['--format', 'json', file]);
    expect(outcome.exitCode).toBe(1);
    expect(JSON.parse(outcome.stdout).map((f: any) => f.field)).toContain('metadata.labels.enabled');
  });
});
