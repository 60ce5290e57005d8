// PriorityClasses as the API server validates them (pkg/apis/scheduling/validation ValidatePriorityClass).
import { errorLines, obj } from './support/objects';

const priorityClass = (name: string, rest: Record<string, unknown>) => obj('scheduling.k8s.io/v1', 'PriorityClass', name, rest, undefined);
const problems = errorLines;

describe('PriorityClasses', () => {
  test('a user class up to 1000000000, the two system classes as the system defines them, a known preemption policy pass', () => {
    expect(problems(priorityClass('high', { value: 1_000_000_000, preemptionPolicy: 'Never', globalDefault: true }))).toEqual([]);
    expect(problems(priorityClass('low', { value: -5 }))).toEqual([]);
    expect(problems(priorityClass('system-node-critical', { value: 2_000_001_000 }))).toEqual([]);
    expect(problems(priorityClass('system-cluster-critical', { value: 2_000_000_000, globalDefault: false }))).toEqual([]);
  });

  test('refuses a higher user value, another system- name or value, a system class as global default, an unknown preemption policy', () => {
    expect(problems(priorityClass('critical', { value: 1_000_000_001 }))).toEqual([
      'TT0019 value: must be at most 1000000000 (the highest priority a user may define), got 1000000001',
    ]);
    expect(problems(priorityClass('system-critical', { value: 10 }))).toEqual([
      'TT0007 metadata.name: names starting with system- are reserved for the system\'s classes: system-critical is not a known system priority class (system-node-critical, system-cluster-critical)',
    ]);
    expect(problems(priorityClass('system-node-critical', { value: 1000 }))).toEqual([
      'TT0007 metadata.name: names starting with system- are reserved for the system\'s classes: the value of system-node-critical must be 2000001000, got 1000',
    ]);
    expect(problems(priorityClass('system-cluster-critical', { value: 2_000_000_000, globalDefault: true }))).toEqual([
      'TT0007 metadata.name: names starting with system- are reserved for the system\'s classes: system-cluster-critical may not be the global default',
    ]);
    expect(problems(priorityClass('batch', { value: 1, preemptionPolicy: 'Always' }))).toEqual([
      'TT0015 preemptionPolicy: must be one of Never, PreemptLowerPriority, got "Always"',
    ]);
  });
});
