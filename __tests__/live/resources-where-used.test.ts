import { loadConfig } from '../../model';
import { resolveModel } from '../../model/platform-model';
import { isGithubHosted } from '../../model/service-source';
import { liveTerraform } from '../support/example';
import { resourcesOf } from '../support/synth';
import { serviceStacks } from './support/invariants';

// Invariants over the live `environments/` (any valid catalogue): a service has resources in an environment
// only where its pipeline runs (model: `reach`), except the first environment's pull-request builds.
const config = loadConfig();
const model = resolveModel(config);
const holders = serviceStacks(config);

/** The construct ids of a stack's resources and data sources that belong to `service` (its name as an id segment). */
function addressesOf(tf: Record<string, any>, service: string): string[] {
  const own = new Set([service, `repo-${service}`, `pipeline-${service}`, `deploy-${service}`]);
  return ['resource', 'data'].flatMap((kind) =>
    Object.entries<Record<string, unknown>>(tf[kind] ?? {}).flatMap(([type, byId]) =>
      Object.keys(byId)
        .filter((id) => id.split('_').some((segment) => own.has(segment) || segment.startsWith(`secret-${service}-`)))
        .map((id) => `${type}.${id}`),
    ),
  );
}

test.each(holders.map((h) => [h.stack, h] as const))(
  '%s: a GitHub deployment environment in the repository of each of its GitHub services that deploys there, no other',
  (stack, holder) => {
    const expected = holder.services
      .filter((s) => isGithubHosted(s) && model.service(s.name).reaches(holder.environment))
      .map((s) => model.service(s.name).repository)
      .sort();
    const platform = config.organisation.github.platformRepository;
    const actual = resourcesOf(liveTerraform(stack), 'github_repository_environment')
      .map((e) => e.repository as string)
      .filter((r) => r !== platform)
      .sort();
    expect(actual).toEqual(expected);
  },
);

test.each(holders.filter((h) => h.environment !== model.first.name).map((h) => [h.stack, h] as const))(
  '%s: nothing of a service whose pipeline does not reach its environment',
  (stack, holder) => {
    const tf = liveTerraform(stack);
    const outside = holder.services.filter((s) => !model.service(s.name).reaches(holder.environment));
    expect(outside.flatMap((s) => addressesOf(tf, s.name))).toEqual([]);
  },
);

test.each(model.environments.filter((e) => !e.first).map((e) => [e.stacks.access, e.name] as const))(
  '%s: nothing of a service whose pipeline does not reach %s',
  (stack, environment) => {
    const tf = liveTerraform(stack);
    const outside = model.services.filter((s) => !s.reaches(environment));
    expect(outside.flatMap((s) => addressesOf(tf, s.name))).toEqual([]);
  },
);
