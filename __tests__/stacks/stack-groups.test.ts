import { ConfigError, type PlatformConfig } from '../../model';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { NotificationTopic } from '../../modules/notification-topic';
import type { PlatformStacks } from '../../stacks';
import stackGroups from '../fixtures/stack-groups';
import { EXAMPLE_STACKS, scenarioConfig, type RawConfig } from '../support/config';
import { buildExample, resourcesOf, dataOf, synthObject } from '../support/synth';

type Tf = Record<string, any>;

// The stack-groups scenario (__tests__/fixtures/stack-groups): a service per team on the example's four environments.
const groupsConfig = (mutate?: (raw: RawConfig) => void) => scenarioConfig(stackGroups, mutate);

/** The scenario with no environment split: one stack per environment owns every service. */
function unsplitConfig(): PlatformConfig {
  return groupsConfig((raw) => {
    for (const env of Object.values(raw.environments)) delete env.stackGroups;
  });
}

/** The scenario with prod's payments team (the service relay) split out into `prod-payments`. */
function splitConfig(): PlatformConfig {
  return groupsConfig((raw) => {
    for (const env of Object.values(raw.environments)) delete env.stackGroups;
    raw.environments.prod.stackGroups = [{ name: 'payments', teams: ['payments'] }];
  });
}

/** Every team in a group of its own, in every environment: each environment stack keeps no service. */
function everyTeamSplitConfig(): PlatformConfig {
  return groupsConfig((raw) => {
    const teams = [...new Set(raw.services.map((s) => s.team as string))];
    for (const env of Object.values(raw.environments)) env.stackGroups = teams.map((team) => ({ name: team, teams: [team] }));
  });
}

/** Every stack of `config`, synthesized, by stack name. */
function synthAll(config: PlatformConfig): { stacks: PlatformStacks; tf: Record<string, Tf> } {
  const stacks = buildExample(config);
  return { stacks, tf: Object.fromEntries(stacks.all.map((stack) => [stack.node.id, synthObject(stack)])) };
}

/** Addresses (`type.name`) of the managed resources of a parsed stack: what a state move moves. */
function resourceAddresses(tf: Tf): string[] {
  return Object.entries((tf.resource ?? {}) as Record<string, Tf>)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** Addresses of every resource and data source, and output names, of a parsed stack. */
function addresses(tf: Tf): string[] {
  const data = Object.entries((tf.data ?? {}) as Record<string, Tf>).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `data.${type}.${name}`),
  );
  return [...resourceAddresses(tf), ...data, ...Object.keys(tf.output ?? {}).map((o) => `output.${o}`)].sort();
}

/** Addresses of the per-service constructs of relay (`builds/relay/...`, `deploy-relay/...`, ...). */
const ofPayments = (address: string) => /[._-]relay[_-]/.test(address);

/** Physical names (`name` or `.._name`) of one resource type in a parsed stack. */
function namesOf(tf: Tf, type: string, field = 'name'): string[] {
  return resourcesOf(tf, type)
    .map((r) => r[field] as string)
    .sort();
}

// built and synthesized once for the file (a full app synth costs about half a second)
const { stacks: unsplitStacks, tf: unsplit } = synthAll(unsplitConfig());

describe('stackGroups split an environment into several stacks', () => {
  const { stacks: splitStacks, tf: split } = synthAll(splitConfig());
  const payments = split['prod-payments'];

  test('a split config adds the stack <env>-<group>, owning the services of its teams', () => {
    const stacks = splitStacks;
    expect(stacks.all.map((s) => s.node.id)).toEqual([...EXAMPLE_STACKS, 'prod-payments']);
    expect(stacks.serviceStacks.map((s) => [s.node.id, s.services.map((x) => x.name)])).toEqual([['prod-payments', ['relay']]]);
    expect(stacks.environments[3].services.map((s) => s.name)).not.toContain('relay');
  });

  test('without groups, each environment stack owns every service and no other stack exists', () => {
    const stacks = unsplitStacks;
    expect(stacks.all.map((s) => s.node.id)).toEqual(EXAMPLE_STACKS);
    for (const env of stacks.environments) expect(env.services.map((s) => s.name)).toEqual(groupsConfig().services.map((s) => s.name));
  });

  test('the split-out stack has its own state key, in the same backend', () => {
    expect(payments.terraform.backend.s3).toEqual({
      ...split.prod.terraform.backend.s3,
      key: 'prod-payments/terraform.tfstate',
      assume_role: { ...split.prod.terraform.backend.s3.assume_role, session_name: 'cdktf-state-prod-payments' },
    });
    expect(split.prod.terraform.backend.s3.key).toBe('prod/terraform.tfstate');
  });

  test('the split-out stack deploys into the environment account, with its tags, after the environment stack', () => {
    const [aws] = payments.provider.aws;
    expect(aws.allowed_account_ids).toEqual(['555555555555']);
    expect(aws.assume_role[0].role_arn).toBe(split.prod.provider.aws[0].assume_role[0].role_arn);
    expect(aws.default_tags[0].tags).toEqual({ ...split.prod.provider.aws[0].default_tags[0].tags, stack: 'prod-payments' });
    expect(payments.provider.github).toEqual(split.prod.provider.github);
    const stacks = splitStacks;
    expect(stacks.serviceStacks[0].dependencies).toEqual([stacks.environments[3]]);
  });

  test.each<[string, string, string, string[]]>([
    // relay deploys to a Lambda alias: its release step moves with it
    [
      'CodeBuild projects',
      'aws_codebuild_project',
      'name',
      ['acme-prod-relay-integration-test', 'acme-prod-relay-lambda-release', 'acme-prod-relay-validate'],
    ],
    [
      'roles (builds, CodeDeploy, pipeline and its start rule)',
      'aws_iam_role',
      'name',
      [
        'acme-prod-relay-codedeploy',
        'acme-prod-relay-integ-cb',
        'acme-prod-relay-lambda-cb',
        'acme-prod-relay-pipeline',
        'acme-prod-relay-start',
        'acme-prod-relay-validate-cb',
      ],
    ],
    ['CodeDeploy applications', 'aws_codedeploy_app', 'name', ['acme-prod-relay']],
    ['CodeDeploy groups', 'aws_codedeploy_deployment_group', 'deployment_group_name', ['acme-prod-relay']],
    ['secrets', 'aws_secretsmanager_secret', 'name', ['acme/prod/relay/webhook-key']],
    ['pipelines', 'aws_codepipeline', 'name', ['acme-prod-relay']],
    [
      'deployment alarms',
      'aws_cloudwatch_metric_alarm',
      'alarm_name',
      ['acme-prod-relay-custom-rejected-spike', 'acme-prod-relay-error-rate', 'acme-prod-relay-latency'],
    ],
    ['GitHub deployment environments', 'github_repository_environment', 'repository', ['relay']],
  ])("the split-out stack has the moved service's %s, and prod no longer has them", (_what, type, field, expected) => {
    expect(namesOf(payments, type, field)).toEqual(expected);
    expect(namesOf(unsplit.prod, type, field)).toEqual(expect.arrayContaining(namesOf(payments, type, field)));
    expect(namesOf(split.prod, type, field)).toEqual(
      namesOf(unsplit.prod, type, field).filter((n) => !namesOf(payments, type, field).includes(n)),
    );
  });

  test('the split-out stack holds per-service resources only: every environment-wide resource stays in prod', () => {
    const tops = (tf: Tf) => [...new Set(resourceAddresses(tf).map((a) => a.split('.')[1].split('_')[0]))].sort();
    expect(tops(payments)).toEqual(['builds', 'deploy-access', 'deploy-relay', 'pipeline-relay', 'secret-relay-webhook-key']);
    // of deploy access, only the service repository's deployment environment moves (role and platform repository stay)
    expect(resourceAddresses(payments).filter((a) => a.split('.')[1].startsWith('deploy-access_'))).toEqual([
      expect.stringMatching(/^github_actions_environment_variable\.deploy-access_repo-relay_variable-aws-region_[0-9A-F]{8}$/),
      expect.stringMatching(/^github_repository_environment\.deploy-access_repo-relay_environment_[0-9A-F]{8}$/),
    ]);
    for (const kept of ['key', 'artifact-store', 'notifications', 'guardduty', 'access-analyzer', 'pipeline-monitoring', 'audit-trail']) {
      expect(tops(split.prod)).toContain(kept);
    }
  });

  test('prod keeps every address but those of the moved service; no other stack changes at all', () => {
    for (const name of ['platform', 'dev', 'test', 'staging']) expect(split[name]).toEqual(unsplit[name]);
    // bootstrap: prod's state role (and it alone) now also writes the new stack's state key and lock entries
    const withoutPayments = JSON.stringify(split.bootstrap).replace(/"[^"]*prod-payments\/terraform\.tfstate[^"]*",?/g, '');
    expect(withoutPayments).not.toBe(JSON.stringify(split.bootstrap));
    expect(JSON.parse(withoutPayments)).toEqual(unsplit.bootstrap);
    expect(addresses(split.prod)).toEqual(addresses(unsplit.prod).filter((a) => !ofPayments(a)));
    expect(split.prod.output).toBeUndefined();
  });

  test('a moved resource keeps its address in the new stack: the move is `terraform state mv` of the same addresses', () => {
    const moved = resourceAddresses(unsplit.prod).filter(ofPayments);
    expect(moved.length).toBeGreaterThan(20);
    expect(resourceAddresses(payments)).toEqual(moved);
    // data sources are read again at plan and need no move: the per-service ones keep their addresses too,
    // and the split-out stack adds only lookups of what prod owns (the key; the reviewers, looked up in both)
    const lookups = addresses(payments).filter((a) => a.startsWith('data.') && !ofPayments(a));
    expect(lookups.map((a) => a.replace(/_[0-9A-F]{8}$/, ''))).toEqual([
      'data.aws_kms_key.shared-key',
      'data.github_team.deploy-access_team-platform-leads',
      'data.github_team.deploy-access_team-release-managers',
    ]);
    expect(addresses(unsplit.prod)).toEqual(
      expect.arrayContaining(addresses(payments).filter((a) => a.startsWith('data.') && ofPayments(a))),
    );
  });

  test("a moved resource is the same resource: only references to prod's shared resources become their names", () => {
    const names = { bucket: 'acme-prod-artifacts-555555555555', topic: 'arn:aws:sns:eu-west-1:555555555555:acme-prod-cicd-notifications' };
    const normalise = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value)
          .replace(/\$\{aws_kms_key\.key_[0-9A-F]{8}\.arn\}|\$\{data\.aws_kms_key\.shared-key_[0-9A-F]{8}\.arn\}/g, 'KEY')
          .replace(/\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]{8}\.bucket\}/g, names.bucket)
          .replace(/\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]{8}\.arn\}/g, `arn:aws:s3:::${names.bucket}`)
          .replace(/\$\{aws_sns_topic\.notifications_topic_[0-9A-F]{8}\.arn\}/g, names.topic)
          .replace(
            /\$\{aws_iam_policy\.permissions-boundary_policy_[0-9A-F]{8}\.arn\}/g,
            'arn:aws:iam::555555555555:policy/acme-cicd-permissions-boundary',
          )
          .replace(/"path":"prod(-payments)?\//g, '"path":"'),
      );
    for (const block of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries((payments[block] ?? {}) as Record<string, Tf>)) {
        for (const [name, body] of Object.entries(byName)) {
          if (!ofPayments(`${type}.${name}`)) continue;
          expect([type, name, normalise(body)]).toEqual([type, name, normalise(unsplit.prod[block][type][name])]);
        }
      }
    }
  });

  test('the split-out stack reaches the shared key by its alias and the rest by name, never by a cross-stack reference', () => {
    expect(dataOf(payments, 'aws_kms_key')).toEqual([{ key_id: 'alias/acme-prod-cicd' }]);
    const [pipeline] = resourcesOf(payments, 'aws_codepipeline');
    expect(pipeline.artifact_store[0]).toEqual({
      location: 'acme-prod-artifacts-555555555555',
      type: 'S3',
      encryption_key: { id: expect.stringMatching(/^\$\{data\.aws_kms_key\.shared-key_[0-9A-F]{8}\.arn\}$/), type: 'KMS' },
    });
    expect(resourcesOf(payments, 'aws_cloudwatch_metric_alarm').map((a) => a.alarm_actions)).toEqual(
      Array(3).fill(['arn:aws:sns:eu-west-1:555555555555:acme-prod-cicd-notifications']),
    );
    expect(payments.data.terraform_remote_state).toBeUndefined();
  });

  test('the pipeline of the moved service runs the CodeBuild projects and CodeDeploy of its own stack', () => {
    const [pipeline] = resourcesOf(payments, 'aws_codepipeline');
    const actions = pipeline.stage.flatMap((stage: Tf) => stage.action);
    const projects = actions.filter((a: Tf) => a.provider === 'CodeBuild').map((a: Tf) => a.configuration.ProjectName);
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects)
      expect(project).toMatch(/^\$\{aws_codebuild_project\.builds_relay_[a-z-]+_project_[0-9A-F]{8}\.name\}$/);
    const deploy = actions.find((a: Tf) => a.provider === 'CodeDeploy');
    expect(deploy.configuration.ApplicationName).toMatch(/^\$\{aws_codedeploy_app\.deploy-relay_application_[0-9A-F]{8}\.name\}$/);
  });

  test("the split-out stack passes the policy pack; its findings are the moved service's, suppressed as before", () => {
    const findings = (stacks: PlatformStacks, stack: string) =>
      stacks.report.findings.filter((f) => f.stack === stack).map((f) => [f.ruleId, f.address, f.suppressedBecause !== undefined]);
    const inSplit = findings(splitStacks, 'prod-payments');
    expect(inSplit.filter(([, , suppressed]) => !suppressed)).toEqual([]);
    expect(inSplit).toEqual(findings(unsplitStacks, 'prod').filter(([, address]) => ofPayments(address as string)));
    expect(inSplit.length).toBeGreaterThan(0);
    expect(splitStacks.report.unusedSuppressions).toEqual(unsplitStacks.report.unusedSuppressions);
  });

  test("environment-wide policies still name the moved service's roles and pipeline, by their names", () => {
    // the CodeArtifact domain and repository policies (platform stack) admit the moved build role
    const role = 'acme-prod-relay-integ-cb';
    expect(namesOf(payments, 'aws_iam_role')).toContain(role);
    expect(JSON.stringify(split.platform.data.aws_iam_policy_document)).toContain(`arn:aws:iam::555555555555:role/${role}`);
    // prod's dashboard lists the moved pipeline
    const [dashboard] = resourcesOf(split.prod, 'aws_cloudwatch_dashboard');
    expect(dashboard.dashboard_body).toContain('/codepipeline/pipelines/acme-prod-relay/view');
    expect(namesOf(payments, 'aws_codepipeline')).toEqual(['acme-prod-relay']);
  });

  test('roles of the split-out stack carry the permissions boundary the access stack creates, by its ARN', () => {
    const roles = resourcesOf(payments, 'aws_iam_role');
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role.permissions_boundary).toBe('arn:aws:iam::555555555555:policy/acme-cicd-permissions-boundary');
    expect(namesOf(split.prod, 'aws_iam_policy')).not.toContain('acme-cicd-permissions-boundary');
    expect(namesOf(split['prod-access'], 'aws_iam_policy')).toContain('acme-cicd-permissions-boundary');
  });

  test('the shared names a split-out stack uses are those the environment stack creates', () => {
    const [stack] = splitStacks.serviceStacks;
    const prod = split.prod;
    expect(stack.shared.artifactBucketName).toBe(resourcesOf(prod, 'aws_s3_bucket')[0].bucket);
    expect(stack.shared.artifactBucketArn).toBe(`arn:aws:s3:::${stack.shared.artifactBucketName}`);
    expect(stack.shared.notificationTopicArn).toBe('arn:aws:sns:eu-west-1:555555555555:acme-prod-cicd-notifications');
    expect(resourcesOf(prod, 'aws_sns_topic').map((t) => t.name)).toContain('acme-prod-cicd-notifications');
    expect(resourcesOf(prod, 'aws_kms_alias')[0].name).toBe('alias/acme-prod-cicd');
  });

  test('a per-service composition that reaches into the environment stack fails synth, naming the stack and the reference', () => {
    const stacks = buildExample(splitConfig());
    const [stack] = stacks.serviceStacks;
    // what a compose function breaking the contract would do: use the environment stack's topic, not `stack.shared`
    new NotificationTopic(stack, 'svc-relay-events', {
      topicName: 'acme-prod-relay-events',
      kmsKeyArn: stacks.environments[3].key.arn,
      accountId: '555555555555',
    });
    expect(() => synthObject(stack)).toThrow(
      /^stack prod-payments refers to aws_kms_key\.key_[0-9A-F]{8}, which it does not declare: stacks never refer to each other's resources/,
    );
  });

  test('a role added to a split-out stack gets the boundary too', () => {
    const stacks = buildExample(splitConfig());
    const [stack] = stacks.serviceStacks;
    new IamRole(stack, 'probe-role', { name: 'acme-prod-probe', assumeRolePolicy: '{}' });
    const probe = resourcesOf(synthObject(stack), 'aws_iam_role').find((r) => r.name === 'acme-prod-probe');
    expect(probe?.permissions_boundary).toBe('arn:aws:iam::555555555555:policy/acme-cicd-permissions-boundary');
  });
});

describe('every team split out of every environment', () => {
  const { stacks, tf } = synthAll(everyTeamSplitConfig());
  const environments = ['dev', 'test', 'staging', 'prod'];

  test('every stack synthesizes (no compose function needs a cross-stack reference) and passes the policy pack', () => {
    expect(stacks.serviceStacks.map((s) => s.node.id)).toEqual(
      environments.flatMap((env) => ['commerce', 'payments', 'storefront', 'platform-team'].map((team) => `${env}-${team}`)),
    );
    expect(stacks.report.findings.filter((f) => f.level === 'error' && f.suppressedBecause === undefined)).toEqual([]);
    for (const env of stacks.environments) expect(env.services).toEqual([]);
  });

  test.each(environments)(
    '%s: the environment and its split-out stacks hold exactly the unsplit resources, at the same addresses',
    (env) => {
      // the access stack is the account's, not a split-out part of the environment
      const owners = Object.keys(tf).filter((name) => name === env || (name.startsWith(`${env}-`) && name !== `${env}-access`));
      const all = owners.flatMap((name) => resourceAddresses(tf[name]));
      expect(all.sort()).toEqual(resourceAddresses(unsplit[env]));
    },
  );

  test('a split-out stack in the first environment finds the Git connection the environment stack creates, by name', () => {
    expect(namesOf(tf.dev, 'aws_codestarconnections_connection')).toEqual(namesOf(unsplit.dev, 'aws_codestarconnections_connection'));
    const lookups = dataOf(tf['dev-payments'], 'aws_codestarconnections_connection');
    expect(lookups).toEqual([{ name: 'acme-dev-github' }]);
    const [pipeline] = resourcesOf(tf['dev-payments'], 'aws_codepipeline');
    const source = pipeline.stage[0].action[0];
    expect(source.configuration.ConnectionArn).toMatch(
      /^\$\{data\.aws_codestarconnections_connection\.connection-github_connection_[0-9A-F]{8}\.arn\}$/,
    );
  });

  test("prod's artifact store still admits the promoting pipeline role of a service split out of staging", () => {
    const role = 'acme-staging-relay-pipeline';
    expect(namesOf(tf['staging-payments'], 'aws_iam_role')).toContain(role);
    expect(namesOf(tf.staging, 'aws_iam_role')).not.toContain(role);
    const prodPolicies = JSON.stringify(dataOf(tf.prod, 'aws_iam_policy_document'));
    expect(prodPolicies).toContain(`arn:aws:iam::444444444444:role/${role}`);
  });
});

describe('invalid stackGroups are rejected naming file, environment, field and what is allowed', () => {
  function errorOf(groups: unknown): string {
    try {
      groupsConfig((raw) => (raw.environments.prod.stackGroups = groups));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected the configuration to be rejected');
  }

  test.each<[string, unknown, RegExp]>([
    [
      'a team that owns no service',
      [{ name: 'billing', teams: ['billing'] }],
      /^environments\/prod\.ts \(environment "prod"\): stackGroups\[0\]\.teams\[0\]: team "billing" owns no service in environments\/services\.ts \(teams that do: commerce, payments, platform-team, storefront\)$/,
    ],
    [
      'a team in two groups',
      [
        { name: 'money', teams: ['payments'] },
        { name: 'shop', teams: ['storefront', 'payments'] },
      ],
      /^environments\/prod\.ts \(environment "prod"\): stackGroups\[1\]\.teams\[1\]: team "payments" is already in group "money"; a team's services live in one stack$/,
    ],
    [
      'a group name used twice',
      [
        { name: 'money', teams: ['payments'] },
        { name: 'money', teams: ['storefront'] },
      ],
      /^environments\/prod\.ts \(environment "prod"\): stackGroups\[1\]\.name: "money" is used by an earlier group; each group name appears once$/,
    ],
    [
      'a group name that cannot be a stack name',
      [{ name: 'Payments_Team', teams: ['payments'] }],
      /^environments\/prod\.ts \(environment "prod"\): stackGroups\[0\]\.name: must be 2-24 lower-case letters, digits or hyphens, starting with a letter \(got "Payments_Team"\)$/,
    ],
    [
      'a group of no team',
      [{ name: 'empty', teams: [] }],
      /^environments\/prod\.ts \(environment "prod"\): stackGroups\[0\]\.teams: must name at least one team/,
    ],
  ])('%s', (_name, groups, expected) => {
    expect(errorOf(groups)).toMatch(expected);
  });
});
