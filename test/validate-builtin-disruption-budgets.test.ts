// PodDisruptionBudgets as the API server validates them (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec).
import { errorLines, obj } from './support/objects';

const pdb = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  obj('policy/v1', 'PodDisruptionBudget', 'web', { metadata, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
const problems = errorLines;

describe('PodDisruptionBudgets', () => {
  test('a count or a percentage of at most 100%, one of the two, and an eviction policy the API server knows pass', () => {
    expect(problems(pdb({ minAvailable: 2 }))).toEqual([]);
    expect(problems(pdb({ maxUnavailable: '100%', unhealthyPodEvictionPolicy: 'AlwaysAllow' }))).toEqual([]);
    expect(problems(pdb({ minAvailable: '0%', unhealthyPodEvictionPolicy: 'IfHealthyBudget', selector: undefined }))).toEqual([]);
    // its strategy validates the spec only: a finalizer without a domain is not refused, as core's kinds refuse it
    expect(problems(pdb({ minAvailable: 1 }, { finalizers: ['cleanup'] }))).toEqual([]);
  });

  test('refuses both bounds, a malformed or negative value, a percentage over 100%, an unknown eviction policy, a bad selector', () => {
    expect(problems(pdb({ minAvailable: 1, maxUnavailable: 1 }))).toEqual(['TT0019 spec: minAvailable and maxUnavailable cannot both be set: give one']);
    expect(problems(pdb({ minAvailable: -1 }))).toEqual(['TT0019 spec.minAvailable: must not be negative, got -1']);
    expect(problems(pdb({ maxUnavailable: '1' }))).toEqual(['TT0019 spec.maxUnavailable: must be a non-negative integer or a percentage such as 25%, got "1"']);
    expect(problems(pdb({ maxUnavailable: '150%' }))).toEqual(['TT0019 spec.maxUnavailable: must not be more than 100%, got 150%']);
    expect(problems(pdb({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' }))).toEqual([
      'TT0015 spec.unhealthyPodEvictionPolicy: must be one of AlwaysAllow, IfHealthyBudget, got "Never"',
    ]);
    expect(problems(pdb({ minAvailable: 1, selector: { matchLabels: { app: 'web app' } } }))).toEqual([
      expect.stringMatching(/^TT0013 spec\.selector\.matchLabels\.app: label value must be .*got "web app"$/),
    ]);
  });
});
