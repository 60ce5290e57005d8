// ReplicationControllers and PodTemplates as the API server validates them at create (core's
// ValidateReplicationController and ValidatePodTemplate, after the v1 defaults): the kinds older charts and a
// GitOps repository's leftovers still hold, with the pod template checks every workload gets.
import { errorLines, obj } from './support/objects';

const container = { name: 'web', image: 'nginx:1.27' };
const template = (labels: Record<string, string> | undefined, spec: Record<string, unknown> = {}) => ({
  ...(labels ? { metadata: { labels } } : {}),
  spec: { containers: [container], ...spec },
});
const rc = (spec: Record<string, unknown>) => errorLines(obj('v1', 'ReplicationController', 'web', { spec }));
const podTemplate = (rest: Record<string, unknown>) => errorLines(obj('v1', 'PodTemplate', 'web', rest));

describe('ReplicationControllers', () => {
  test('a selector given, or taken from the template labels when left out, passes', () => {
    expect(rc({ replicas: 3, selector: { app: 'web' }, template: template({ app: 'web', tier: 'front' }) })).toEqual([]);
    expect(rc({ template: template({ app: 'web' }) })).toEqual([]);
    expect(rc({ selector: {}, template: template({ app: 'web' }) })).toEqual([]);
  });

  test('refuses a selector with nothing to take it from, no template, or a selector the template does not match', () => {
    expect(rc({ template: template(undefined) })).toEqual([
      'TT0017 spec.selector: a ReplicationController needs spec.selector, or labels on its pod template to take it from',
    ]);
    expect(rc({ selector: { app: 'web' } })).toEqual(['TT0017 spec.template: a ReplicationController needs spec.template']);
    expect(rc({ selector: { app: 'web' }, template: template({ app: 'api' }) })).toEqual([
      'TT0016 spec.template.metadata.labels: selector {"app":"web"} does not match the template labels {"app":"api"}',
    ]);
  });

  test('refuses negative counts, pods that do not restart Always or have a deadline, and a bad pod spec', () => {
    expect(rc({ replicas: -1, minReadySeconds: -5, template: template({ app: 'web' }) })).toEqual([
      'TT0019 spec.minReadySeconds: minReadySeconds must not be negative, got -5',
      'TT0019 spec.replicas: replicas must not be negative, got -1',
    ]);
    expect(rc({ template: template({ app: 'web' }, { restartPolicy: 'OnFailure', activeDeadlineSeconds: 60 }) })).toEqual([
      'TT0015 spec.template.spec.restartPolicy: restartPolicy of a ReplicationController\'s pods must be Always, got "OnFailure"',
      'TT0019 spec.template.spec.activeDeadlineSeconds: activeDeadlineSeconds may not be set on a ReplicationController\'s pods',
    ]);
    expect(rc({ template: { metadata: { labels: { app: 'web' } } } })).toEqual([
      'TT0017 spec.template.spec.containers: containers must list at least one container',
    ]);
  });
});

describe('PodTemplates', () => {
  test('a template with a pod spec passes; one without containers, or left out, is refused', () => {
    expect(podTemplate({ template: template({ app: 'web' }) })).toEqual([]);
    expect(podTemplate({ template: { metadata: { labels: { app: 'web' } } } })).toEqual([
      'TT0017 template.spec.containers: containers must list at least one container',
    ]);
    expect(podTemplate({})).toEqual(['TT0017 template.spec.containers: containers must list at least one container']);
    expect(podTemplate({ template: template({ 'bad key!': 'x' }, { ephemeralContainers: [{ name: 'debug', image: 'busybox' }] }) })).toEqual([
      expect.stringMatching(/^TT0013 template\.metadata\.labels\["bad key!"\]: label key must be/),
      'TT0019 template.spec.ephemeralContainers: ephemeralContainers may not be set in a pod template',
    ]);
  });
});
