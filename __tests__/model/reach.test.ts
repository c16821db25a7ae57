import { buildExample } from '../support/synth';

// Invariants over the live config: they hold for any valid catalogue.
const stacks = buildExample();
const { model } = stacks;
const owners = [...stacks.environments, ...stacks.serviceStacks];

/** The build projects (by purpose) a service has in environment `name`, across the environment's stacks. */
function projectsOf(service: string, name: string): string[] {
  return owners.filter((stack) => stack.env.name === name).flatMap((stack) => Object.keys(stack.builds.byService[service] ?? {}));
}

describe('build projects only where they are used', () => {
  test.each(model.environments.filter((env) => !env.first).map((env) => [env.name]))(
    '%s: a service has build projects (and their roles) only if its pipeline reaches the environment',
    (name) => {
      const expected = model.services.map((s) => [s.name, s.reach.includes(name)]);
      expect(model.services.map((s) => [s.name, projectsOf(s.name, name).length > 0])).toEqual(expected);
    },
  );

  test('the first environment has every build purpose of every service (pull-request builds, pipeline or not)', () => {
    for (const service of model.services) {
      expect(projectsOf(service.name, model.first.name)).toEqual(['build', 'unit-test', 'integration-test', 'security-scan', 'validate']);
    }
  });

  test('a later environment a service reaches has its integration-test and validate projects', () => {
    for (const env of model.environments.filter((e) => !e.first)) {
      for (const service of model.services.filter((s) => s.reach.includes(env.name))) {
        expect(projectsOf(service.name, env.name)).toEqual(['integration-test', 'validate']);
      }
    }
  });
});
