import * as patterns from '../fixtures/patterns';
import { minimalConfig } from '../support/config';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

// The patterns fixture (__tests__/fixtures/patterns): on dev -> prod, `site` (basic), `reports` (gated) and
// `stock` (infra-app) have pipelines in dev only; `hooks` and `net` (promotion) reach prod.
const config = minimalConfig((raw) => (raw.services = structuredClone(patterns.services)));
const stacks = buildExample(config);
const tfOf = (name: string) => synthObject(stacks.environments.find((s) => s.env.name === name)!);

/** The repositories with a GitHub deployment environment in an environment stack (the platform repository's aside). */
function serviceRepositories(tf: Record<string, any>): string[] {
  const platform = config.organisation.github.platformRepository;
  return resourcesOf(tf, 'github_repository_environment')
    .map((e) => e.repository as string)
    .filter((r) => r !== platform)
    .sort();
}

describe('GitHub deployment environments only where a service deploys', () => {
  test('dev, where every pipeline runs: one in the repository of each service', () => {
    expect(serviceRepositories(tfOf('dev'))).toEqual(['hooks', 'net', 'reports', 'site', 'stock']);
  });

  test('prod: only the services whose pipeline reaches it (promotion); none for a basic, gated or infra-app service', () => {
    expect(serviceRepositories(tfOf('prod'))).toEqual(['hooks', 'net']);
  });

  test('nothing else of a dev-only service in prod: no variable, branch policy, build project, role or pipeline', () => {
    const addresses = Object.entries<Record<string, unknown>>(tfOf('prod').resource)
      .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
      .filter((address) => /[._-](site|reports|stock)_/.test(address));
    expect(addresses).toEqual([]);
  });
});
