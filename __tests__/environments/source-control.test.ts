import { reachesProduction } from '../../model';
import sourceControl from '../fixtures/source-control';
import { scenarioConfig, scenarioErrorOf, type RawConfig as Raw } from '../support/config';

// The source-control scenario (__tests__/fixtures/source-control): services with every GitHub setting.
const sourceConfig = (mutate?: (raw: Raw) => void) => scenarioConfig(sourceControl, mutate);
const errorOf = (mutate: (raw: Raw) => void) => scenarioErrorOf(sourceControl, mutate);

describe('source control configuration', () => {
  test('defaults: private repositories, two approvals, secret scanning with push protection, squash merges, main', () => {
    const config = sourceConfig((raw) => {
      delete raw.organisation.sourceControl.repositoryDefaults;
      delete raw.organisation.sourceControl.deployRoleName;
    });
    expect(config.organisation.sourceControl.repositoryDefaults).toEqual({
      visibility: 'private',
      requiredApprovingReviewCount: 2,
      secretScanning: true,
      secretScanningPushProtection: true,
      mergeMethods: ['squash'],
      defaultBranch: 'main',
      topics: ['cicd-platform'],
    });
    expect(config.organisation.sourceControl.deployRoleName).toBe('cicd-platform-github-deploy');
    expect(config.services[0].github).toEqual({ topics: [], teams: [] });
  });

  // a service reaches production only when its pipeline runs there (the old check took the whole promotion order for every service)
  test.each<[string, string, boolean]>([
    ['a promotion pipeline (the whole promotion order)', 'promotion', true],
    ['a basic pipeline (the first environment only)', 'basic', false],
  ])('%s: reaches production %s', (_label, pattern, expected) => {
    const config = sourceConfig();
    const service = config.services.find((s) => s.pipeline?.pattern === pattern && s.pipeline.environments === undefined);
    expect(service).toBeDefined();
    expect(reachesProduction(service!, config.organisation)).toBe(expected);
  });

  test('a service whose pipeline does not reach production may require one approving review', () => {
    const config = sourceConfig((raw) => {
      const service = raw.services.find((s) => s.pipeline?.pattern === 'basic' && s.pipeline.environments === undefined)!;
      service.github = { ...service.github, requiredApprovingReviewCount: 1 };
    });
    expect(config.services.some((s) => s.github.requiredApprovingReviewCount === 1)).toBe(true);
  });

  test('a service whose pipeline reaches production needs two approving reviews', () => {
    const error = errorOf((raw) => {
      const service = raw.services.find((s) => s.pipeline?.pattern === 'promotion')!;
      service.github = { ...service.github, requiredApprovingReviewCount: 1 };
    });
    expect(error.message).toMatch(
      /github\.requiredApprovingReviewCount: must be at least 2, since the service's pipeline reaches production \("[a-z0-9]+"\) \(got 1\)/,
    );
  });
});

test('without declared teams, each reference to a team is reported once, in one error', () => {
  const error = errorOf((raw) => delete raw.organisation.sourceControl.teams);
  const lines = error.message.split('\n');
  // one line per reference: the platform team, each service's team and granted teams, each reviewer team
  expect(new Set(lines).size).toBe(lines.length);
  expect(lines.filter((l) => l.includes(': team: names team'))).toHaveLength(sourceControl.services.length);
  expect(lines).toContain(
    'environments/services.ts (service "cart"): team: names team "commerce", which is not in organisation.sourceControl.teams (environments/organisation.ts; none are declared); declare the team there or use one of them',
  );
});

describe('an invalid source control configuration is rejected with one message naming file, service or environment and field', () => {
  test.each<[string, (raw: Raw) => void, RegExp]>([
    [
      'a service owned by an unknown team',
      (raw) => (raw.services[0].team = 'ghosts'),
      /^environments\/services\.ts \(service "cart"\): team: names team "ghosts", which is not in organisation\.sourceControl\.teams \(environments\/organisation\.ts; declared: platform-team, .*\)/,
    ],
    [
      'an environment reviewed by an unknown team',
      (raw) => raw.environments.prod.approval.reviewerTeams.push('cab'),
      /^environments\/prod\.ts \(environment "prod"\): approval\.reviewerTeams\[2\]: names team "cab", which is not in organisation\.sourceControl\.teams/,
    ],
    [
      'a service granting access to an unknown team',
      (raw) => (raw.services[1].github.teams[0].team = 'auditors'),
      /^environments\/services\.ts \(service "relay"\): github\.teams\[0\]\.team: names team "auditors"/,
    ],
    [
      'an unknown platform team',
      (raw) => (raw.organisation.sourceControl.platformTeam = 'ops'),
      /^environments\/organisation\.ts: sourceControl\.platformTeam: names team "ops"/,
    ],
    [
      'a team declared twice',
      (raw) => raw.organisation.sourceControl.teams.push({ slug: 'payments', description: 'again' }),
      /^environments\/organisation\.ts: sourceControl\.teams: declares team "payments" more than once/,
    ],
    [
      'one approval on a service that reaches production',
      (raw) => (raw.services[0].github = { requiredApprovingReviewCount: 1 }),
      /^environments\/services\.ts \(service "cart"\): github\.requiredApprovingReviewCount: must be at least 2, since the service's pipeline reaches production \("prod"\) \(got 1\)$/,
    ],
    [
      'a default of one approval (the platform repository deploys production)',
      (raw) => (raw.organisation.sourceControl.repositoryDefaults.requiredApprovingReviewCount = 1),
      /^environments\/organisation\.ts: sourceControl\.repositoryDefaults\.requiredApprovingReviewCount: must be at least 2, since the platform repository "cicd-platform" deploys production \(got 1\)/,
    ],
    [
      'zero approvals',
      (raw) => (raw.services[0].github = { requiredApprovingReviewCount: 0 }),
      /^environments\/services\.ts \(service "cart"\): github\.requiredApprovingReviewCount: must be at least 1: every change is reviewed \(got 0\)$/,
    ],
    [
      'more approvals than GitHub allows',
      (raw) => (raw.organisation.sourceControl.repositoryDefaults.requiredApprovingReviewCount = 7),
      /^environments\/organisation\.ts: sourceControl\.repositoryDefaults\.requiredApprovingReviewCount: must be at most 6 \(GitHub's limit\) \(got 7\)$/,
    ],
    [
      'a repository name with a space',
      (raw) => (raw.services[0].repository = 'cart api'),
      /^environments\/services\.ts \(service "cart"\): repository: must be a GitHub repository name \(1-100 of letters, digits, "\.", "_", "-"\) \(got "cart api"\)$/,
    ],
    [
      'a repository name ending in .git',
      (raw) => (raw.services[0].repository = 'cart.git'),
      /^environments\/services\.ts \(service "cart"\): repository: must be a GitHub repository name: not "\." or "\.\.", and not ending in "\.git"/,
    ],
    [
      'an invalid platform repository name',
      (raw) => (raw.organisation.github.platformRepository = '..'),
      /^environments\/organisation\.ts: github\.platformRepository: must be a GitHub repository name: not "\." or "\.\."/,
    ],
    [
      'two services in one repository',
      (raw) => (raw.services[1].repository = 'Cart'),
      /^environments\/services\.ts \(service "relay"\): repository: "Cart" is already the repository of service "cart"/,
    ],
    [
      'a service in the platform repository',
      (raw) => (raw.services[0].repository = 'cicd-platform'),
      /repository: "cicd-platform" is already the repository of the platform repository/,
    ],
    [
      'a public repository',
      (raw) => (raw.services[0].github = { visibility: 'public' }),
      /^environments\/services\.ts \(service "cart"\): github\.visibility: .*"private".*"internal".*\(got "public"\)$/,
    ],
    [
      'merge commits (they break linear history)',
      (raw) => (raw.organisation.sourceControl.repositoryDefaults.mergeMethods = ['merge']),
      /^environments\/organisation\.ts: sourceControl\.repositoryDefaults\.mergeMethods\[0\]: .*"squash".*"rebase"/,
    ],
    [
      'seven reviewers on an environment',
      (raw) => (raw.environments.prod.approval.reviewerUsers = ['a1', 'a2', 'a3', 'a4', 'a5']),
      /^environments\/prod\.ts \(environment "prod"\): approval: names 7 reviewers \(teams and users\); a GitHub deployment environment accepts at most 6$/,
    ],
    [
      'the owning team listed again with another permission',
      (raw) => (raw.services[0].github = { teams: [{ team: 'commerce', permission: 'pull' }] }),
      /github\.teams\[0\]\.team: "commerce" owns the service and has maintain access already/,
    ],
  ])('%s', (_name, mutate, expected) => {
    const error = errorOf(mutate);
    expect(error.message).toMatch(expected);
    expect(error.message.split('\n')).toHaveLength(1);
  });
});
