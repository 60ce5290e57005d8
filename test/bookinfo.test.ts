// lint on a set of manifests modelled on Istio's bookinfo sample, as a user applies it: the workloads, the gateway,
// the destination rules, routes to v1 and a variant that sends reviews to v3 (test/fixtures/bookinfo/, written for
// this test). A set Istio's own documentation applies must give no error, and nothing istioctl analyze would not give.
import path from 'node:path';
import { lintCommand } from '../src/cli/lint';
import { runCli } from './support/cli';

const bookinfo = path.join(__dirname, 'fixtures', 'bookinfo');
const at = (file: string) => path.join(bookinfo, file);

interface Record {
  readonly code: string;
  readonly level: string;
  readonly origin: string;
  readonly message: string;
}

/**
 * What istioctl analyze 1.30.3 reports on these objects once applied to namespace `ns` (it reads the Services from
 * the cluster): the ingress route to productpage names no subset, while the productpage VirtualService routes by
 * subset (virtualservice.DestinationHostAnalyzer). With --use-kube=false on the files it reports nothing: that
 * analyzer needs Services, which istioctl does not read from files.
 */
const istioctlGives = (ns: string): Pick<Record, 'code' | 'origin'>[] => [{ code: 'IST0140', origin: `VirtualService ${ns}/bookinfo` }];

async function lintBookinfo(args: string[]): Promise<{ exitCode: number; records: Record[] }> {
  const outcome = await runCli(lintCommand, ['-o', 'json', ...args]);
  return { exitCode: outcome.exitCode, records: JSON.parse(outcome.stdout || '[]') as Record[] };
}

/** The findings istioctl would not give. */
const beyondIstioctl = (records: readonly Record[], ns: string) =>
  records
    .filter((r) => !istioctlGives(ns).some((g) => g.code === r.code && g.origin === r.origin))
    .map((r) => `${r.level} [${r.code}] (${r.origin}) ${r.message}`);

describe('bookinfo', () => {
  test.each([
    ['in the default namespace', [] as string[], 'default'],
    ['in namespace bookinfo (-n)', ['-n', 'bookinfo'], 'bookinfo'],
  ])('the whole set, reviews v3 applied over the v1 routes, %s: no error, nothing istioctl would not give', async (_where, options, ns) => {
    const { exitCode, records } = await lintBookinfo([...options, bookinfo]);
    expect(records.filter((r) => r.level === 'Error')).toEqual([]);
    expect(beyondIstioctl(records, ns)).toEqual([]);
    expect(exitCode).toBe(0);
  });

  test('each routing variant on its own', async () => {
    for (const routes of [['virtual-service-all-v1.yaml'], ['virtual-service-reviews-v3.yaml'], []]) {
      const files = ['bookinfo.yaml', 'gateway.yaml', 'destination-rules.yaml', ...routes].map(at);
      const { exitCode, records } = await lintBookinfo(files);
      expect({ routes, findings: beyondIstioctl(records, 'default'), exitCode }).toEqual({ routes, findings: [], exitCode: 0 });
    }
  });

  test('fails when a route names a subset the destination rules do not define', async () => {
    const { exitCode, records } = await lintBookinfo([at('bookinfo.yaml'), at('virtual-service-all-v1.yaml'), at('gateway.yaml')]);
    // without destination-rules.yaml, no subset v1 exists: istioctl's virtualservice.DestinationRuleAnalyzer, IST0101
    expect(exitCode).toBe(1);
    expect(records.filter((r) => r.code === 'IST0101').map((r) => r.origin)).toEqual([
      'VirtualService default/details',
      'VirtualService default/productpage',
      'VirtualService default/ratings',
      'VirtualService default/reviews',
    ]);
  });
});
