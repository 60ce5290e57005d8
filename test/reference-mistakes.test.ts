// The tutorial's reference repository shipped two mistakes that reached clusters; synth and lint refuse both.
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshTopology, OutputChart } from '../constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { SynthError } from '../src/synth/synth-error';
import { synthesize } from '../src/synth/synthesize';
import { TUTORIAL } from '../src/project';

function synthWith(extra: (scope: Construct) => void) {
  const app = new App();
  new MeshTopology(app, 'tutorial', TUTORIAL);
  extra(new OutputChart(app, 'extra', { file: 'extra.yaml', namespace: TUTORIAL.namespace }));
  return () => synthesize(app);
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof SynthError) return err.problems;
    throw err;
  }
  throw new Error('synth succeeded');
}

describe("the reference repository's mistakes", () => {
  test('a fault VirtualService routing to host springboot-jee, which no Service has, fails synth with IST0101', () => {
    const run = synthWith(
      (scope) =>
        new VirtualService(scope, 'Fault', {
          metadata: { name: 'springboot-tracing' },
          spec: {
            hosts: ['springboot-tracing'],
            http: [{ fault: { delay: { fixedDelay: '1s', percentage: { value: 50 } } }, route: [{ destination: { host: 'springboot-jee' } }] }],
          },
        }),
    );
    const problems = problemsOf(run);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/IST0101\W+VirtualService cloudlab\/springboot-tracing\W+extra\.yaml\b/);
    expect(problems[0]).toContain(
      'referenced host not found: "springboot-jee" (no Service, AppsodyApplication or ServiceEntry for springboot-jee.cloudlab.svc.cluster.local in the set)',
    );
  });

  test('two VirtualServices for host jee-tracing fail synth with IST0109', () => {
    const run = synthWith((scope) => {
      for (const name of ['jee-tracing-delay', 'jee-tracing-abort']) {
        new VirtualService(scope, name, {
          metadata: { name },
          spec: { hosts: ['jee-tracing'], http: [{ route: [{ destination: { host: 'jee-tracing' } }] }] },
        });
      }
    });
    const problems = problemsOf(run);
    // both, and the tutorial's own jee fault scenario, which these two would conflict with as well
    expect(problems.map((p) => /IST0109\W+VirtualService (\S+)/.exec(p)?.[1]).sort()).toEqual([
      'cloudlab/jee-tracing',
      'cloudlab/jee-tracing-abort',
      'cloudlab/jee-tracing-delay',
    ]);
    expect(problems[0]).toMatch(
      /the VirtualServices cloudlab\/jee-tracing, cloudlab\/jee-tracing-abort, cloudlab\/jee-tracing-delay associated with mesh gateway define the same host jee-tracing.cloudlab.svc.cluster.local/,
    );
  });

  test('the tutorial itself synthesizes without errors', () => {
    expect(synthWith(() => undefined)().findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
