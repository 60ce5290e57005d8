import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findDrift } from '../src/drift/drift';
import { OUTPUT_MARKER } from '../src/synth/output-marker';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, Project } from '../src/project';
import { TUTORIAL } from '../src/project';

const PROJECT: Project = { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT };
const root = path.join(__dirname, '..');

describe('the drift check', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'check-test-'));
    for (const e of ENVIRONMENTS) cpSync(path.join(root, e.outdir), path.join(work, e.outdir), { recursive: true });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('the committed output of every environment is what a fresh synth writes (run `npm run synth -- --all` if this fails)', () => {
    expect(findDrift(PROJECT, root)).toEqual([]);
  });

  test('passes on a clean copy', () => {
    expect(findDrift(PROJECT, work)).toEqual([]);
  });

  test('detects a one-character drift and shows it as a unified diff', () => {
    const file = path.join(work, 'dist', '30-ingress.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('/node-jee', '/node-jeE'));
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => [d.environment, d.patches.length])).toEqual([['tutorial', 1]]);
    expect(drifts[0].patches[0]).toMatch(/--- a\/dist\/30-ingress.yaml\tcommitted\n\+\+\+ b\/dist\/30-ingress.yaml\tfresh synth\n@@ [^\n]+ @@\n/);
    expect(drifts[0].patches[0]).toMatch(/\n-\s+uri: \/node-jeE\n\+\s+uri: \/node-jee\n/);
  });

  test('detects a missing and an extra file', () => {
    unlinkSync(path.join(work, 'dist-staging', 'README.md'));
    writeFileSync(path.join(work, 'dist-kubernetes', 'stray.yaml'), 'kind: Stray\n');
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => d.environment)).toEqual(['kubernetes', 'staging']);
    expect(drifts[0].patches[0]).toMatch(/--- a\/dist-kubernetes\/stray.yaml\tcommitted\n\+\+\+ \/dev\/null/);
    expect(drifts[1].patches[0]).toMatch(/--- \/dev\/null\tcommitted\n\+\+\+ b\/dist-staging\/README.md/);
  });

  test('the output marker is part of the output: a directory without it differs', () => {
    unlinkSync(path.join(work, 'dist', OUTPUT_MARKER));
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => [d.environment, d.patches.length])).toEqual([['tutorial', 1]]);
    expect(drifts[0].patches[0]).toMatch(/--- \/dev\/null\tcommitted\n\+\+\+ b\/dist\/\.synth-output\tfresh synth\n[\s\S]*\+written by synth/);
  });
});
