import { isGithubHosted, sourceHostOf } from '../../model';
import fixture from '../fixtures/source-hosts';
import { scenarioConfig, scenarioErrorOf } from '../support/config';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

// Services on every source host, on their scenario fixture (__tests__/fixtures/source-hosts/: dev, test,
// staging, prod; one service per host). The live catalogue is checked by invariants only.

const config = scenarioConfig(fixture);
const stacks = buildExample(config);
const platform = synthObject(stacks.platform);
const envs: Record<string, Record<string, any>> = Object.fromEntries(stacks.environments.map((s) => [s.node.id, synthObject(s)]));
const ENVS = ['dev', 'test', 'staging', 'prod'];
const GITHUB = ['gh-app', 'gh-nopipe'];
const ELSEWHERE = ['gl-app', 'bb-app', 'cc-app', 's3-app'];
const repositoryOf = (name: string) => {
  const service = config.services.find((s) => s.name === name)!;
  return service.repository ?? service.name;
};
const projectNamed = (env: string, name: string) => {
  const found = resourcesOf(envs[env], 'aws_codebuild_project').find((p) => p.name === name);
  if (found === undefined) throw new Error(`no project ${name} in ${env}`);
  return found;
};
/** The statements of a dev build project's role (its inline policy's document). */
const statementsOf = (service: string, purpose: string) => {
  const [, doc] = Object.entries(envs.dev.data.aws_iam_policy_document).find(([id]) =>
    new RegExp(`^builds_${service}_${purpose}_policy-document_[0-9A-F]{8}$`).test(id),
  ) as [string, any];
  return doc.statement as any[];
};

describe('the scenario has services on each source host', () => {
  test('two on GitHub, one each on GitLab, Bitbucket, CodeCommit and S3 uploads', () => {
    expect(Object.fromEntries(config.services.map((s) => [s.name, sourceHostOf(s)]))).toEqual({
      'gh-app': 'github',
      'gh-nopipe': 'github',
      'gl-app': 'gitlab',
      'bb-app': 'bitbucket',
      'cc-app': 'codecommit',
      's3-app': 's3',
    });
  });

  test('a service without a pipeline is on GitHub, the catalogue default', () => {
    const cfg = scenarioConfig(fixture, (raw) => delete raw.services.find((s) => s.name === 'cc-app')!.pipeline);
    expect(isGithubHosted(cfg.services.find((s) => s.name === 'cc-app')!)).toBe(true);
  });
});

describe('GitHub resources only for GitHub-hosted services', () => {
  test('the platform stack has a repository, branch protection and team access for exactly those', () => {
    const repositories = resourcesOf(platform, 'github_repository').map((r) => r.name);
    expect(repositories.sort()).toEqual(GITHUB.map(repositoryOf).sort());
    const protectedRepos = resourcesOf(platform, 'github_branch_protection').map((p) => p.repository_id);
    expect(protectedRepos).toHaveLength(GITHUB.length + 1); // and the platform repository
    const names = JSON.stringify([resourcesOf(platform, 'github_team_repository'), resourcesOf(platform, 'github_repository_file')]);
    for (const service of ELSEWHERE) {
      expect(repositories).not.toContain(repositoryOf(service));
      expect(names).not.toContain(`"${repositoryOf(service)}"`);
    }
  });

  test('required status checks name GitHub-hosted services only', () => {
    const contexts = resourcesOf(platform, 'github_branch_protection').flatMap((p) => p.required_status_checks?.[0]?.contexts ?? []);
    for (const service of ELSEWHERE) expect(contexts.filter((c: string) => c.startsWith(`ci/${service}/`))).toEqual([]);
    for (const service of GITHUB) expect(contexts).toContain(`ci/${service}/build`);
  });

  test.each(ENVS)('%s: deployment environments and their variables for the platform repository and GitHub services only', (env) => {
    const repos = resourcesOf(envs[env], 'github_repository_environment').map((e) => e.repository);
    // gh-app's pipeline deploys in every environment; gh-nopipe, without a pipeline, deploys nowhere: none
    expect(repos.sort()).toEqual([repositoryOf('gh-app'), 'cicd-platform'].sort());
    const variableRepos = new Set(resourcesOf(envs[env], 'github_actions_environment_variable').map((v) => v.repository));
    for (const service of ELSEWHERE) expect(variableRepos.has(repositoryOf(service))).toBe(false);
  });
});

describe('CodeBuild projects follow the service source', () => {
  test('dev: webhooks and GitHub sources for GitHub-hosted services only', () => {
    const hooks = resourcesOf(envs.dev, 'aws_codebuild_webhook').map((h) => h.project_name as string);
    expect(hooks).toHaveLength(GITHUB.length * 3);
    const github = resourcesOf(envs.dev, 'aws_codebuild_project').filter((p) => p.source.type === 'GITHUB');
    expect(
      new Set(github.map((p) => /^mini-dev-(.+)-(build|unit-test|integration-test|security-scan|validate)$/.exec(p.name)![1])),
    ).toEqual(new Set(GITHUB));
  });

  test.each(['build', 'unit-test', 'integration-test', 'security-scan', 'validate'])(
    'dev cc-app %s: its CodeCommit repository in the account, pulled by that project only, no status reporting',
    (purpose) => {
      const p = projectNamed('dev', `mini-dev-cc-app-${purpose}`);
      expect(p.source).toEqual({
        type: 'CODECOMMIT',
        location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/cc-repo',
        git_clone_depth: purpose === 'security-scan' ? 0 : 1,
        buildspec: expect.any(String),
      });
      expect(p.source_version).toBe('refs/heads/main');
      expect(statementsOf('cc-app', purpose).find((s) => s.sid === 'PullOwnSource')).toEqual({
        sid: 'PullOwnSource',
        effect: 'Allow',
        actions: ['codecommit:GitPull'],
        resources: ['arn:aws:codecommit:eu-west-1:100000000002:cc-repo'],
      });
    },
  );

  test('dev s3-app: the upload in the artifact store, read of that object only', () => {
    const p = projectNamed('dev', 'mini-dev-s3-app-build');
    expect(p.source).toEqual({
      type: 'S3',
      location: expect.stringMatching(/^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.bucket\}\/uploads\/s3-app\/release\.zip$/),
      buildspec: expect.any(String),
    });
    expect(statementsOf('s3-app', 'build').find((s) => s.sid === 'ReadOwnSource')).toEqual({
      sid: 'ReadOwnSource',
      effect: 'Allow',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [expect.stringMatching(/^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.arn\}\/uploads\/s3-app\/release\.zip$/)],
    });
  });

  test.each(['gl-app', 'bb-app'])('dev %s (GitLab/Bitbucket through the connection): pipeline-only projects', (service) => {
    for (const purpose of ['build', 'unit-test', 'security-scan']) {
      const p = projectNamed('dev', `mini-dev-${service}-${purpose}`);
      expect(p.source).toEqual({ type: 'CODEPIPELINE', buildspec: expect.any(String) });
      expect(p.artifacts).toEqual({ type: 'CODEPIPELINE' });
    }
  });

  test('no GitHub location or status reporting anywhere for a service hosted elsewhere', () => {
    let checked = 0;
    for (const env of ENVS) {
      for (const p of resourcesOf(envs[env], 'aws_codebuild_project')) {
        if (!ELSEWHERE.some((s) => p.name.startsWith(`mini-${env}-${s}-`))) continue;
        checked += 1;
        expect([p.name, p.source.type, p.source.report_build_status, String(p.source.location ?? '').includes('github.com')]).toEqual([
          p.name,
          expect.not.stringMatching(/^GITHUB$/),
          undefined,
          false,
        ]);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(dataOf(envs.dev, 'github_repository')).toEqual([]);
  });
});

describe('GitHub repository settings on a service hosted elsewhere are contradictions', () => {
  test.each([
    ['cc-app', 'visibility', 'internal', 'CodeCommit (pipeline.source.type "codecommit")'],
    ['s3-app', 'requiredApprovingReviewCount', 3, 'S3 uploads (pipeline.source.type "s3")'],
    ['gl-app', 'topics', ['search'], 'GitLab (pipeline.source.provider "gitlab")'],
    ['bb-app', 'teams', [{ team: 'releasers', permission: 'pull' }], 'Bitbucket (pipeline.source.provider "bitbucket")'],
  ])('%s github.%s', (name, field, value, host) => {
    const error = scenarioErrorOf(fixture, (raw) => (raw.services.find((s) => s.name === name)!.github = { [field]: value }));
    expect(error.message).toBe(
      `environments/services.ts (service "${name}"): github.${field}: is a GitHub repository setting, but the service's source is ${host}, so it gets no GitHub repository; remove github.${field} (GitHub settings apply to GitHub-hosted services only)`,
    );
  });

  test('the same settings on a GitHub-hosted service are accepted', () => {
    expect(() =>
      scenarioConfig(
        fixture,
        (raw) => (raw.services.find((s) => s.name === 'gh-app')!.github = { visibility: 'internal', topics: ['site'] }),
      ),
    ).not.toThrow();
  });
});
