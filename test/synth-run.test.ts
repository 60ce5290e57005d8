import { App } from 'cdk8s';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MeshTopology, OutputChart } from '../constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { CommandIo } from '../src/cli/command';
import { synthInto } from '../src/cli/synth';
import { replaceDirectory } from '../src/synth/write';
import { TUTORIAL } from '../src/project';

describe('synth output', () => {
  let work: string;
  let outdir: string;
  let printed: string;
  const io: CommandIo = { out: (t) => void (printed += t), err: (t) => void (printed += t) };
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'synth-test-'));
    outdir = path.join(work, 'dist');
    mkdirSync(path.join(outdir, 'faults'), { recursive: true });
    writeFileSync(path.join(outdir, 'previous.yaml'), 'kind: Previous\n');
    writeFileSync(path.join(outdir, 'faults', 'old.yaml'), 'kind: Old\n');
    printed = '';
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('replaceDirectory leaves exactly the new files and no staging directories', () => {
    replaceDirectory(outdir, [
      { path: 'a.yaml', content: 'a\n' },
      { path: 'sub/b.yaml', content: 'b\n' },
    ]);
    expect(readdirSync(outdir).sort()).toEqual(['a.yaml', 'sub']);
    expect(readFileSync(path.join(outdir, 'sub', 'b.yaml'), 'utf8')).toEqual('b\n');
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('a successful synth replaces the previous output', () => {
    expect(
      synthInto(
        () => {
          const app = new App();
          new MeshTopology(app, 't', TUTORIAL);
          return app;
        },
        outdir,
        io,
      ),
    ).toBe(0);
    expect(readdirSync(outdir)).toContain('00-namespace.yaml');
    expect(readdirSync(outdir)).not.toContain('previous.yaml');
  });

  test('fails with a non-zero exit code and leaves the previous output as it was', () => {
    const before = readFileSync(path.join(outdir, 'previous.yaml'), 'utf8');
    expect(
      synthInto(
        () => {
          const app = new App();
          new MeshTopology(app, 't', { ...TUTORIAL, namespace: 'Not Valid' });
          return app;
        },
        outdir,
        io,
      ),
    ).toBe(2);
    expect(printed).toMatch(/namespace name must be a DNS-1123 label.*got 'Not Valid'/);
    expect(readdirSync(outdir).sort()).toEqual(['faults', 'previous.yaml']);
    expect(readFileSync(path.join(outdir, 'previous.yaml'), 'utf8')).toEqual(before);
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('a failing validation lists every problem, exits non-zero and leaves the previous output byte-identical', () => {
    const before = readFileSync(path.join(outdir, 'previous.yaml'));
    const code = synthInto(
      () => {
        const app = new App();
        new MeshTopology(app, 't', TUTORIAL);
        const chart = new OutputChart(app, 'extra', { file: 'extra.yaml', namespace: TUTORIAL.namespace });
        new VirtualService(chart, 'Bad', {
          metadata: { name: 'bad' },
          spec: {
            hosts: ['nowhere'],
            http: [
              { timeout: '0.5ms', fault: { abort: { httpStatus: 502, percentage: { value: 150 } } }, route: [{ destination: { host: 'nowhere' } }] },
            ],
          },
        });
        return app;
      },
      outdir,
      io,
    );
    expect(code).toBe(1);
    expect(printed).toMatch(
      /IST0101 VirtualService cloudlab\/bad .*spec.http\[0\].route\[0\].destination.host: referenced host not found: "nowhere"/,
    );
    expect(printed).toMatch(/TT0003 VirtualService cloudlab\/bad .*spec.http\[0\].timeout: must be a valid duration greater than 1ms/);
    expect(printed).toMatch(
      /TT0006 VirtualService cloudlab\/bad .*spec.http\[0\].fault.abort.percentage.value: fault percentage must be between 0 and 100, got 150/,
    );
    expect(readdirSync(outdir).sort()).toEqual(['faults', 'previous.yaml']);
    expect(readFileSync(path.join(outdir, 'previous.yaml'))).toEqual(before);
    expect(readdirSync(work)).toEqual(['dist']);
  });
});
