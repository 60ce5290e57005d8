// The real `kubectl kustomize` renders each committed output directory to the objects `kubectl apply -f` applies.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../src/project';
import { filesUnder } from '../src/files/files-under';

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = kubectl.status === 0;
const root = path.join(__dirname, '..');

/** The objects of YAML text, as plain data. */
const parse = (text: string) => parseAllDocuments(text).map((d) => d.toJSON()).filter((o) => o !== null);

describe('kustomize', () => {
  (hasKubectl ? test.each(ENVIRONMENTS.map((e) => [e.outdir])) : test.skip.each(ENVIRONMENTS.map((e) => [e.outdir])))(
    'kubectl kustomize %s/ renders the objects kubectl apply -f applies, in the same order', (outdir) => {
      const dir = path.join(root, outdir);
      const rendered = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      expect(rendered.stderr).toEqual('');
      expect(rendered.status).toBe(0);
      // what `kubectl apply -f <dir>` reads: the directory's .yaml/.yml/.json files, not its subdirectories
      const applied = filesUnder(dir).filter((f) => !f.includes('/') && /\.(ya?ml|json)$/.test(f)).flatMap((f) => parse(readFileSync(path.join(dir, f), 'utf8')));
      const kustomized = parse(rendered.stdout);
      expect(kustomized.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(applied.map((o: any) => `${o.kind}/${o.metadata.name}`));
      expect(kustomized).toEqual(applied);
      expect(applied.length).toBeGreaterThan(5);
    });
});
