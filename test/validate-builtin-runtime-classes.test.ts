// RuntimeClasses as the API server validates them at create (pkg/apis/node/validation ValidateRuntimeClass), cases
// adapted from its validation tests: the gVisor or Kata sandboxes a mesh's workloads may run in.
import { errorLines, obj } from './support/objects';

const runtimeClass = (rest: Record<string, unknown>) =>
  errorLines(obj('node.k8s.io/v1', 'RuntimeClass', 'gvisor', { handler: 'runsc', ...rest }, undefined));

describe('RuntimeClasses', () => {
  test('a handler, a pod overhead, a node selector and tolerations pass', () => {
    expect(runtimeClass({})).toEqual([]);
    expect(
      runtimeClass({
        overhead: { podFixed: { cpu: '250m', memory: '120Mi' } },
        scheduling: {
          nodeSelector: { 'sandbox.example.com/runtime': 'gvisor' },
          tolerations: [
            { key: 'sandbox', operator: 'Equal', value: 'gvisor', effect: 'NoSchedule' },
            { key: 'sandbox', operator: 'Equal', value: 'gvisor', effect: 'NoExecute', tolerationSeconds: 60 },
          ],
        },
      }),
    ).toEqual([]);
  });

  test('refuses a handler that is no DNS label, a bad overhead, node selector or toleration, a repeated toleration', () => {
    expect(runtimeClass({ handler: 'run_sc' })[0]).toMatch(/^TT0019 handler: must be a DNS-1123 label/);
    expect(runtimeClass({ overhead: { podFixed: { cpu: '-1' } } })).toEqual(['TT0019 overhead.podFixed.cpu: quantity must not be negative, got "-1"']);
    expect(runtimeClass({ overhead: { podFixed: { 'hugepages-2Mi': '2Mi' } } })).toEqual([
      'TT0017 overhead: huge pages need a cpu or memory request or limit beside them',
    ]);
    expect(runtimeClass({ scheduling: { nodeSelector: { 'bad key!': 'x' } } })[0]).toMatch(/^TT0013 scheduling\.nodeSelector\["bad key!"\]: label key must be/);
    expect(runtimeClass({ scheduling: { tolerations: [{ operator: 'Equal', value: 'x' }] } })).toEqual([
      'TT0019 scheduling.tolerations[0].operator: operator must be Exists when key is empty, got "Equal"',
    ]);
    const toleration = { key: 'sandbox', operator: 'Exists', effect: 'NoExecute' };
    expect(runtimeClass({ scheduling: { tolerations: [toleration, { ...toleration, tolerationSeconds: 30 }] } })).toEqual([
      'TT0019 scheduling.tolerations[1]: tolerations must differ in key, operator, value or effect: this one repeats an earlier one',
    ]);
  });
});
