import { resolvePipeline } from '../../model';
import { UNSCOPABLE_ACTIONS } from '../../modules/codepipeline';
import pipelines from '../fixtures/pipelines';
import { scenarioConfig } from '../support/config';
import { actionsOf, documentStatements, pipelinesByName, roleOf, roleStatements, trustStatements, walk } from '../support/pipelines';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

// The pipelines scenario (__tests__/fixtures/pipelines): a service per pattern, deploy target and source host on
// dev, test, staging and prod.
const config = scenarioConfig(pipelines);
const tf: Record<string, Record<string, any>> = Object.fromEntries(
  buildExample(config).environments.map((stack) => [stack.environment.name, synthObject(stack)]),
);
const ACCOUNT: Record<string, string> = { dev: '222222222222', test: '333333333333', staging: '444444444444', prod: '555555555555' };
const ORDER = ['dev', 'test', 'staging', 'prod'];
const pipeline = (env: string, service: string) => {
  const found = pipelinesByName(tf[env])[`acme-${env}-${service}`];
  if (found === undefined) throw new Error(`no pipeline for ${service} in ${env}`);
  return found;
};
const stage = (env: string, service: string, name: string) => pipeline(env, service).stage.find((s: any) => s.name === name);
// in catalogue order
const PROMOTED = ['basket-api', 'hook', 'shelf', 'finder', 'net'];

// Every pipeline of every environment, stage by stage and action by action (run order when above 1).
const DEPLOY: Record<string, string> = {
  'basket-api': 'codedeploy-ecs',
  // the Lambda release step first: the promoted code as a new version, and the appspec CodeDeploy shifts the alias by
  hook: 'lambda-release, codedeploy-lambda#2',
  shelf: 'codedeploy-ec2',
  finder: 'eks',
  net: 'terraform-apply',
};
// infrastructure as the deploy target: planned in each environment before its approval, the Deploy stage applies that plan
const PLAN: Record<string, string> = { net: ' > InfrastructurePlan[terraform-plan]' };
const planOf = (service: string) => PLAN[service] ?? '';
// the post-deploy checks, in the deploy stage after the deploy: smoke tests (validate), and where the artifact lands
// after the first environment, the integration tests again; an infrastructure apply is also planned again (converged)
const CHECKS: Record<string, string> = {
  'basket-api': 'validate#2, integration-test#2',
  hook: 'validate#3, integration-test#3',
  shelf: 'validate#2',
  finder: 'validate#2',
  net: 'terraform-converged#2, validate#2',
};
const WALKS: [string, string, string][] = [
  // pattern 4, first environment: builds, tests (in parallel where independent), scans, deploys and checks, promotes
  // (a container image is tagged release-... first: the ECR lifecycle rules keep it)
  [
    'dev',
    'basket-api',
    'Source[github] > Build[build] > Test[unit-test, integration-test#2] > SecurityScan[security-scan] > Deploy[codedeploy-ecs, validate#2] > Promote[image-release, promote-to-test#2]',
  ],
  [
    'dev',
    'hook',
    'Source[github] > Build[build] > Test[unit-test, integration-test] > SecurityScan[security-scan] > Deploy[lambda-release, codedeploy-lambda#2, validate#3] > Promote[promote-to-test]',
  ],
  [
    'dev',
    'shelf',
    'Source[github] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > Deploy[codedeploy-ec2, validate#2] > Promote[promote-to-test]',
  ],
  [
    'dev',
    'finder',
    'Source[gitlab] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > Deploy[eks, validate#2] > Promote[image-release, promote-to-test#2]',
  ],
  [
    'dev',
    'net',
    'Source[bitbucket] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > InfrastructurePlan[terraform-plan] > Deploy[terraform-apply, terraform-converged#2, validate#2] > Promote[promote-to-test]',
  ],
  // pattern 1: the minimum shape still scans before and checks after its deploy
  ['dev', 'site', 'Source[github] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > Deploy[s3, validate#2]'],
  // pattern 3: infrastructure planned first, applied (and planned again) before the application
  [
    'dev',
    'stock',
    'Source[github] > Infrastructure[cdktf-plan] > Build[build] > Test[unit-test, integration-test] > SecurityScan[security-scan] > DeployInfrastructure[cdktf-apply, cdktf-converged#2] > Deploy[ecs, validate#2]',
  ],
  // pattern 2
  [
    'dev',
    'reports',
    'Source[codecommit] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > Approval[approve-deploy] > Deploy[cloudformation-change-set, cloudformation-execute#2, validate#3]',
  ],
  [
    'dev',
    'portal',
    'Source[upload] > Build[build] > Test[integration-test] > SecurityScan[security-scan] > Approval[approve-deploy] > Deploy[elastic-beanstalk, validate#2]',
  ],
  // pattern 4, later environments: the promoted artifact, no build; approval where the environment requires it
  ...PROMOTED.map((service): [string, string, string] => [
    'test',
    service,
    `Source[promoted-artifact]${planOf(service)} > Deploy[${DEPLOY[service]}, ${CHECKS[service]}] > Promote[promote-to-staging]`,
  ]),
  ...PROMOTED.map((service): [string, string, string] => [
    'staging',
    service,
    `Source[promoted-artifact]${planOf(service)} > Approval[approve-deploy] > Deploy[${DEPLOY[service]}, ${CHECKS[service]}] > Promote[promote-to-prod]`,
  ]),
  ...PROMOTED.map((service): [string, string, string] => [
    'prod',
    service,
    `Source[promoted-artifact]${planOf(service)} > Approval[approve-deploy] > Deploy[${DEPLOY[service]}, ${CHECKS[service]}]`,
  ]),
];

describe('every pipeline, stage by stage', () => {
  test.each(WALKS)('%s %s', (env, service, expected) => {
    expect(walk(pipeline(env, service))).toBe(expected);
  });

  test.each(ORDER)('%s has exactly the pipelines listed above', (env) => {
    const expected = WALKS.filter(([e]) => e === env)
      .map(([, s]) => `acme-${env}-${s}`)
      .sort();
    expect(Object.keys(pipelinesByName(tf[env])).sort()).toEqual(expected);
  });

  test('the catalogue exercises the four patterns and every deploy target', () => {
    const resolved = config.services.map((s) => resolvePipeline(s, config.organisation).pipeline!);
    expect(new Set(resolved.map((p) => p.pattern))).toEqual(new Set(['basic', 'gated', 'infra-app', 'promotion']));
    expect(new Set(resolved.map((p) => p.deploy.type))).toEqual(
      new Set([
        'codedeploy-ec2',
        'codedeploy-ecs',
        'codedeploy-lambda',
        'ecs',
        'elastic-beanstalk',
        'cloudformation',
        's3',
        'eks',
        'infrastructure',
      ]),
    );
  });

  test.each(ORDER)('%s pipelines are V2, run in the mode the environment configures, keep artifacts under its key', (env) => {
    const mode = config.environments.find((e) => e.name === env)!.pipelineExecutionMode;
    for (const p of Object.values(pipelinesByName(tf[env]))) {
      expect(p).toMatchObject({ pipeline_type: 'V2', execution_mode: mode });
      expect(p.artifact_store).toEqual([
        {
          location: expect.stringMatching(/^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.bucket\}$/),
          type: 'S3',
          encryption_key: { id: expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/), type: 'KMS' },
        },
      ]);
    }
  });

  test('deploy stages roll back on failure; no other stage does', () => {
    for (const env of ORDER) {
      for (const p of Object.values(pipelinesByName(tf[env]))) {
        for (const s of p.stage) {
          expect([s.name, s.on_failure]).toEqual([s.name, /^Deploy/.test(s.name) ? { result: 'ROLLBACK' } : undefined]);
        }
      }
    }
  });
});

describe('promotion: build once, deploy the same artifact everywhere', () => {
  test.each(PROMOTED.flatMap((service) => ORDER.slice(1).map((env) => [env, service])))(
    '%s %s sources the promoted object and builds nothing',
    (env, service) => {
      const p = pipeline(env, service);
      const [source, ...rest] = p.stage;
      expect(source.action).toEqual([
        expect.objectContaining({
          category: 'Source',
          provider: 'S3',
          output_artifacts: ['artifact'],
          configuration: {
            S3Bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.bucket\}$/),
            S3ObjectKey: `promotion/${service}/${env}/artifact.zip`,
            PollForSourceChanges: 'false',
          },
        }),
      ]);
      const projects = rest.flatMap((s: any) => s.action).map((a: any) => a.configuration?.ProjectName);
      expect(projects).not.toContain(`acme-${env}-${service}-build`);
      expect(rest.map((s: any) => s.name)).not.toEqual(expect.arrayContaining(['Build']));
      expect(actionsOf(p).filter(({ action }) => action.category === 'Source')).toHaveLength(1);
      // every later action reads the one promoted artifact (an infrastructure apply also the plan made of it here; a
      // CodeDeploy Lambda deploy the appspec the release step wrote from it, for the version it published of its code)
      const inputsOf = (name: string, action: any) => {
        if (name === 'Deploy' && action.name.endsWith('-apply')) return ['artifact', 'infra_plan'];
        return name === 'Deploy' && action.name === 'codedeploy-lambda' ? ['lambda_release'] : ['artifact'];
      };
      for (const { stage: name, action } of actionsOf(p).slice(1)) {
        if (action.category !== 'Approval') expect([name, action.input_artifacts]).toEqual([name, inputsOf(name, action)]);
      }
    },
  );

  test.each(PROMOTED.flatMap((service) => ORDER.slice(0, -1).map((env, i) => [env, ORDER[i + 1], service])))(
    '%s hands %s the exact artifact of %s: the object the next pipeline sources, encrypted under its key',
    (env, next, service) => {
      const promote = stage(env, service, 'Promote').action.find((a: any) => a.provider === 'S3');
      expect(promote).toMatchObject({
        category: 'Deploy',
        provider: 'S3',
        input_artifacts: ['artifact'],
        configuration: {
          BucketName: `acme-${next}-artifacts-${ACCOUNT[next]}`,
          Extract: 'false',
          ObjectKey: `promotion/${service}/${next}/artifact.zip`,
          KMSEncryptionKeyARN: `arn:aws:kms:eu-west-1:${ACCOUNT[next]}:alias/acme-${next}-cicd`,
        },
      });
      // the names it writes to are the names the next stack creates
      expect(resourcesOf(tf[next], 'aws_s3_bucket').map((b) => b.bucket)).toContain(promote.configuration.BucketName);
      expect(resourcesOf(tf[next], 'aws_kms_alias').map((a) => a.name)).toEqual([`alias/acme-${next}-cicd`]);
      // a versioned bucket: the S3 source pins the object version, so the same version travels
      expect(resourcesOf(tf[next], 'aws_s3_bucket_versioning')[0].versioning_configuration).toEqual({ status: 'Enabled' });
    },
  );

  test('prod never sees the source repository: its pipelines have no connection, CodeCommit or build action', () => {
    for (const p of Object.values(pipelinesByName(tf.prod))) {
      const providers = actionsOf(p).map(({ action }) => action.provider);
      expect(providers).not.toContain('CodeStarSourceConnection');
      expect(providers).not.toContain('CodeCommit');
      expect(
        actionsOf(p).filter(({ action }) => action.category === 'Build' && action.configuration.ProjectName.endsWith('-build')),
      ).toEqual([]);
    }
    expect(resourcesOf(tf.prod, 'aws_codestarconnections_connection')).toEqual([]);
  });

  test.each(ORDER.slice(1).map((env, i) => [env, ORDER[i]]))(
    "%s's artifact store lets only %s's pipeline role of each service put that service's hand-off",
    (env, previous) => {
      const [policy] = resourcesOf(tf[env], 'aws_s3_bucket_policy');
      const accepts = documentStatements(tf[env], policy.policy).filter((s: any) => s.sid?.startsWith('AcceptPromotion'));
      expect(accepts).toEqual(
        PROMOTED.map((service) => ({
          sid: `AcceptPromotion${service
            .split('-')
            .map((p) => p[0].toUpperCase() + p.slice(1))
            .join('')}`,
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT[previous]}:role/acme-${previous}-${service}-pipeline`] }],
          actions: ['s3:PutObject'],
          resources: [`arn:aws:s3:::acme-${env}-artifacts-${ACCOUNT[env]}/promotion/${service}/${env}/artifact.zip`],
        })),
      );
      // each principal is a role the previous stack really creates
      const previousRoles = resourcesOf(tf[previous], 'aws_iam_role').map((r) => r.name);
      for (const service of PROMOTED) expect(previousRoles).toContain(`acme-${previous}-${service}-pipeline`);
    },
  );

  test.each(ORDER.slice(1).map((env, i) => [env, ORDER[i]]))(
    "%s's key lets %s's promoting pipeline roles encrypt through S3 only",
    (env, previous) => {
      const grant = resourcesOf(tf[env], 'aws_kms_key').length
        ? Object.values(tf[env].data.aws_iam_policy_document)
            .flatMap((d: any) => d.statement)
            .find((s: any) => s.sid === 'PromotingPipelinesEncryptHandOvers')
        : undefined;
      expect(grant).toEqual({
        sid: 'PromotingPipelinesEncryptHandOvers',
        effect: 'Allow',
        principals: [
          { type: 'AWS', identifiers: PROMOTED.map((s) => `arn:aws:iam::${ACCOUNT[previous]}:role/acme-${previous}-${s}-pipeline`).sort() },
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }],
      });
    },
  );

  test("dev's key has no promotion grant: nothing promotes into the first environment", () => {
    const sids = Object.values(tf.dev.data.aws_iam_policy_document).flatMap((d: any) => d.statement.map((s: any) => s.sid));
    expect(sids).not.toContain('PromotingPipelinesEncryptHandOvers');
    expect(sids.filter((s: string) => s?.startsWith('AcceptPromotion'))).toEqual([]);
  });

  test('a promoted object starts the next pipeline: the store sends events to EventBridge and a rule starts exactly that pipeline', () => {
    expect(resourcesOf(tf.prod, 'aws_s3_bucket_notification')).toEqual([
      expect.objectContaining({ eventbridge: true, bucket: expect.stringMatching(/artifact-store_bucket/) }),
    ]);
    const rule = resourcesOf(tf.prod, 'aws_cloudwatch_event_rule').find((r) => r.name === 'acme-prod-basket-api-start')!;
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: [expect.stringMatching(/artifact-store_bucket/)] },
        object: { key: ['promotion/basket-api/prod/artifact.zip'] },
      },
    });
    expect(roleStatements(tf.prod, 'acme-prod-basket-api-start')).toEqual([
      {
        sid: 'StartPipeline',
        effect: 'Allow',
        actions: ['codepipeline:StartPipelineExecution'],
        resources: ['arn:aws:codepipeline:eu-west-1:555555555555:acme-prod-basket-api'],
      },
    ]);
  });
});

describe('approvals sit where the environment config says', () => {
  const approvalIndex = (p: any) => p.stage.findIndex((s: any) => s.name === 'Approval');
  const firstDeploy = (p: any) => p.stage.findIndex((s: any) => /^Deploy/.test(s.name));

  test.each(ORDER)('%s: an approval stage right before the first deploy stage when required, none otherwise', (env) => {
    const required = config.environments.find((e) => e.name === env)!.approval.required;
    for (const p of Object.values(pipelinesByName(tf[env]))) {
      const gated = p.tags['cicd-pattern'] === 'gated';
      if (required || gated) {
        expect([p.name, approvalIndex(p)]).toEqual([p.name, firstDeploy(p) - 1]);
      } else {
        expect([p.name, approvalIndex(p)]).toEqual([p.name, -1]);
      }
    }
  });

  test('an approval announces itself on the environment topic with a message and a review link', () => {
    const [approval] = stage('prod', 'basket-api', 'Approval').action;
    expect(approval).toMatchObject({ category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' });
    expect(approval.configuration).toEqual({
      NotificationArn: expect.stringMatching(/^\$\{aws_sns_topic\.notifications_topic_[0-9A-F]+\.arn\}$/),
      CustomData: 'Approve deploying basket-api to prod (the artifact staging validated)',
      ExternalEntityLink: 'https://github.com/acme-platform/basket-api/commits/main',
    });
    const [portal] = stage('dev', 'portal', 'Approval').action;
    expect(portal.configuration.ExternalEntityLink).toBe('https://wiki.example.com/partners/portal/releases');
    const [reports] = stage('dev', 'reports', 'Approval').action;
    expect(reports.configuration.ExternalEntityLink).toBe(
      'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-reports/view?region=eu-west-1',
    );
  });

  test('requiring approval in test adds an approval stage to every test pipeline', () => {
    const changed = buildExample(
      scenarioConfig(
        pipelines,
        (raw) =>
          (raw.environments.test.approval = {
            required: true,
            reviewerTeams: ['release-managers'],
            approverRoleArns: ['arn:aws:iam::333333333333:role/release-managers'],
          }),
      ),
    ).environments.find((s) => s.node.id === 'test')!;
    for (const p of Object.values(pipelinesByName(synthObject(changed)))) {
      expect([p.name, p.stage.map((s: any) => s.name)]).toEqual([p.name, expect.arrayContaining(['Approval'])]);
      expect(approvalIndex(p)).toBe(firstDeploy(p) - 1);
    }
  });
});

describe('each deploy target is wired to its resources', () => {
  const deployOf = (env: string, service: string) => stage(env, service, 'Deploy').action;
  const statementsOf = (env: string, service: string) => roleStatements(tf[env], `acme-${env}-${service}-pipeline`);
  const statement = (env: string, service: string, sid: string) => statementsOf(env, service).find((s: any) => s.sid === sid);

  /** The resource a `${type.id.attr}` reference of `env`'s stack points to. */
  const referenced = (env: string, reference: string) => {
    const match = /^\$\{([a-z0-9_]+)\.([^.]+)\.[a-z_]+\}$/.exec(reference);
    if (!match) throw new Error(`${reference} is not a reference`);
    return tf[env].resource[match[1]][match[2]];
  };

  test("CodeDeploy blue/green to ECS: the service's own application and group, templates, and exactly the deployer's statements", () => {
    const [action] = deployOf('staging', 'basket-api');
    expect(action).toMatchObject({
      category: 'Deploy',
      provider: 'CodeDeployToECS',
      input_artifacts: ['artifact'],
      configuration: {
        TaskDefinitionTemplateArtifact: 'artifact',
        TaskDefinitionTemplatePath: 'taskdef.json',
        AppSpecTemplateArtifact: 'artifact',
        AppSpecTemplatePath: 'appspec.yaml',
      },
    });
    // wired to the resources the deployment module creates (real references, not names)
    expect(referenced('staging', action.configuration.ApplicationName)).toMatchObject({
      name: 'acme-staging-basket-api',
      compute_platform: 'ECS',
    });
    expect(referenced('staging', action.configuration.DeploymentGroupName)).toMatchObject({
      deployment_group_name: 'acme-staging-basket-api',
    });
    const deploymentGroup = statement('staging', 'basket-api', 'CodeDeployDeployments').resources;
    expect(deploymentGroup).toEqual([
      expect.stringMatching(/^\$\{aws_codedeploy_deployment_group\.deploy-basket-api_deployment-group_[0-9A-F]+\.arn\}$/),
    ]);
    expect(statement('staging', 'basket-api', 'CodeDeployConfig').resources).toEqual([
      'arn:aws:codedeploy:eu-west-1:444444444444:deploymentconfig:CodeDeployDefault.ECSCanary10Percent5Minutes',
    ]);
    expect(statement('staging', 'basket-api', 'PassTaskRoles')).toEqual({
      sid: 'PassTaskRoles',
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: ['arn:aws:iam::444444444444:role/acme-basket-api-task', 'arn:aws:iam::444444444444:role/acme-basket-api-task-execution'],
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
    });
  });

  test.each([
    ['shelf', 'codedeploy-ec2', 'Server', 'artifact'],
    ['hook', 'codedeploy-lambda', 'Lambda', 'lambda_release'],
  ])("CodeDeploy (%s): the service's own application and group in prod", (service, name, platform, input) => {
    const action = deployOf('prod', service).find((a: any) => a.provider === 'CodeDeploy');
    expect(action).toMatchObject({ name, input_artifacts: [input] });
    expect(referenced('prod', action.configuration.ApplicationName)).toMatchObject({
      name: `acme-prod-${service}`,
      compute_platform: platform,
    });
    expect(referenced('prod', action.configuration.DeploymentGroupName)).toMatchObject({ deployment_group_name: `acme-prod-${service}` });
    expect(referenced('prod', statement('prod', service, 'CodeDeployRevisions').resources[0])).toMatchObject({
      name: `acme-prod-${service}`,
    });
    expect(referenced('prod', statement('prod', service, 'CodeDeployDeployments').resources[0])).toMatchObject({
      deployment_group_name: `acme-prod-${service}`,
    });
  });

  test.each(ORDER)(
    'CodeDeploy (hook, Lambda) in %s: the release step first, on the promoted artifact; CodeDeploy deploys the appspec it writes',
    (env) => {
      const [release, deploy] = deployOf(env, 'hook');
      expect(release).toMatchObject({
        name: 'lambda-release',
        category: 'Build',
        provider: 'CodeBuild',
        input_artifacts: ['artifact'],
        output_artifacts: ['lambda_release'],
        run_order: 1,
      });
      expect(deploy).toMatchObject({
        name: 'codedeploy-lambda',
        provider: 'CodeDeploy',
        input_artifacts: ['lambda_release'],
        run_order: 2,
      });
      expect(projectNames(env, [release.configuration.ProjectName.replace(/\.name\}$/, '.arn}')])).toEqual([
        `acme-${env}-hook-lambda-release`,
      ]);
      // the pipeline may start it: among the projects its role runs
      expect(projectNames(env, statement(env, 'hook', 'RunCodeBuildProjects').resources)).toContain(`acme-${env}-hook-lambda-release`);
    },
  );

  test('a custom deployment configuration is the one the pipeline may read', () => {
    // hook shifts 20% every 5 minutes in prod: no built-in config fits, so the group has its own
    expect(statement('prod', 'hook', 'CodeDeployConfig').resources).toEqual([
      expect.stringMatching(/^arn:aws:codedeploy:eu-west-1:555555555555:deploymentconfig:acme-prod-hook-/),
    ]);
  });

  test('ECS rolling update: cluster, service and image definitions', () => {
    expect(deployOf('dev', 'stock')[0]).toMatchObject({
      provider: 'ECS',
      configuration: { ClusterName: 'acme-dev', ServiceName: 'stock-service', FileName: 'imagedefinitions.json' },
    });
    expect(statement('dev', 'stock', 'UpdateEcsServices').resources).toEqual([
      'arn:aws:ecs:eu-west-1:222222222222:service/acme-dev/stock-service',
    ]);
  });

  test('Elastic Beanstalk: application and environment', () => {
    expect(deployOf('dev', 'portal')[0]).toMatchObject({
      provider: 'ElasticBeanstalk',
      configuration: { ApplicationName: 'portal-app', EnvironmentName: 'portal-dev' },
    });
    expect(statement('dev', 'portal', 'DeployElasticBeanstalk').resources).toEqual([
      'arn:aws:elasticbeanstalk:eu-west-1:222222222222:application/portal-app',
      'arn:aws:elasticbeanstalk:eu-west-1:222222222222:applicationversion/portal-app/*',
      'arn:aws:elasticbeanstalk:eu-west-1:222222222222:environment/portal-app/portal-dev',
    ]);
  });

  test('CloudFormation: a change set created, then executed, under the execution role', () => {
    const [create, execute] = deployOf('dev', 'reports');
    expect(create).toMatchObject({
      provider: 'CloudFormation',
      run_order: 1,
      configuration: {
        ActionMode: 'CHANGE_SET_REPLACE',
        StackName: 'acme-dev-reports',
        ChangeSetName: 'acme-dev-reports-pipeline',
        TemplatePath: 'artifact::template.yaml',
        Capabilities: 'CAPABILITY_NAMED_IAM',
        RoleArn: 'arn:aws:iam::222222222222:role/acme-dev-reports-exec',
      },
    });
    expect(execute).toMatchObject({
      run_order: 2,
      configuration: { ActionMode: 'CHANGE_SET_EXECUTE', StackName: 'acme-dev-reports' },
    });
    expect(statement('dev', 'reports', 'ChangeCloudFormationStacks').resources).toEqual([
      'arn:aws:cloudformation:eu-west-1:222222222222:stack/acme-dev-reports/*',
    ]);
    expect(statement('dev', 'reports', 'PassCloudFormationRole')).toMatchObject({
      resources: ['arn:aws:iam::222222222222:role/acme-dev-reports-exec'],
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['cloudformation.amazonaws.com'] }],
    });
  });

  test('S3: files extracted into the site bucket', () => {
    expect(deployOf('dev', 'site')[0]).toMatchObject({
      provider: 'S3',
      configuration: { BucketName: 'acme-dev-site-222222222222', Extract: 'true', CacheControl: 'max-age=300' },
    });
    expect(statement('dev', 'site', 'DeployToBuckets').resources).toEqual(['arn:aws:s3:::acme-dev-site-222222222222/*']);
  });

  test('EKS: cluster, namespace and manifests', () => {
    expect(deployOf('prod', 'finder')[0]).toMatchObject({
      provider: 'EKS',
      configuration: { ClusterName: 'acme-prod', Namespace: 'finder', ManifestFiles: 'k8s/base/,k8s/overlays/' },
    });
    expect(statement('prod', 'finder', 'DescribeEksClusters').resources).toEqual(['arn:aws:eks:eu-west-1:555555555555:cluster/acme-prod']);
  });

  test('infrastructure: Terraform applied by the CodeBuild project of the environment, from the plan made there', () => {
    const projectName = (env: string, reference: string) =>
      tf[env].resource.aws_codebuild_project[/^\$\{aws_codebuild_project\.([^.]+)\.name\}$/.exec(reference)![1]].name;
    const [plan] = stage('prod', 'net', 'InfrastructurePlan').action;
    expect(plan).toMatchObject({ provider: 'CodeBuild', input_artifacts: ['artifact'], output_artifacts: ['infra_plan'] });
    expect(projectName('prod', plan.configuration.ProjectName)).toBe('acme-prod-net-iac-plan');
    const [apply] = deployOf('prod', 'net');
    expect(apply).toMatchObject({
      provider: 'CodeBuild',
      configuration: { PrimarySource: 'artifact' },
      input_artifacts: ['artifact', 'infra_plan'],
    });
    expect(projectName('prod', apply.configuration.ProjectName)).toBe('acme-prod-net-iac-apply');
    const [infraApply] = stage('dev', 'stock', 'DeployInfrastructure').action;
    expect(infraApply).toMatchObject({ configuration: { PrimarySource: 'source' }, input_artifacts: ['source', 'infra_plan'] });
    expect(projectName('dev', infraApply.configuration.ProjectName)).toBe('acme-dev-stock-iac-apply');
  });
});

describe('sources and triggers: unrelated changes start nothing', () => {
  test('a GitHub source triggers on pushes to its branch touching its paths only', () => {
    const p = pipeline('dev', 'basket-api');
    expect(p.stage[0].action[0]).toMatchObject({
      provider: 'CodeStarSourceConnection',
      configuration: {
        ConnectionArn: expect.stringMatching(/^\$\{aws_codestarconnections_connection\.connection-github_connection_[0-9A-F]+\.arn\}$/),
        FullRepositoryId: 'acme-platform/basket-api',
        BranchName: 'main',
        OutputArtifactFormat: 'CODE_ZIP',
      },
    });
    expect(p.trigger).toEqual([
      {
        provider_type: 'CodeStarSourceConnection',
        git_configuration: {
          source_action_name: 'github',
          push: [{ branches: { includes: ['main'] }, file_paths: { includes: ['src/**', 'Dockerfile'], excludes: ['docs/**'] } }],
        },
      },
    ]);
  });

  test('dev has one connection per Git host its pipelines use', () => {
    expect(
      resourcesOf(tf.dev, 'aws_codestarconnections_connection')
        .map((c) => `${c.name}:${c.provider_type}`)
        .sort(),
    ).toEqual(['acme-dev-bitbucket:Bitbucket', 'acme-dev-github:GitHub', 'acme-dev-gitlab:GitLab']);
  });

  test('a CodeCommit source does not poll; an EventBridge rule on its branch starts the pipeline', () => {
    const p = pipeline('dev', 'reports');
    expect(p.stage[0].action[0].configuration).toEqual({
      RepositoryName: 'reports-repo',
      BranchName: 'main',
      PollForSourceChanges: 'false',
      OutputArtifactFormat: 'CODE_ZIP',
    });
    expect(p.trigger).toBeUndefined();
    const rule = resourcesOf(tf.dev, 'aws_cloudwatch_event_rule').find((r) => r.name === 'acme-dev-reports-start')!;
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Repository State Change'],
      resources: ['arn:aws:codecommit:eu-west-1:222222222222:reports-repo'],
      detail: { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: ['main'] },
    });
  });
});

/** Names of the CodeBuild projects that `${aws_codebuild_project.X.arn}` references point to, sorted. */
function projectNames(env: string, references: string[]): string[] {
  return references
    .map((r) => {
      const id = /^\$\{aws_codebuild_project\.([^.]+)\.arn\}$/.exec(r)?.[1];
      return id === undefined ? `not a project reference: ${r}` : tf[env].resource.aws_codebuild_project[id].name;
    })
    .sort();
}

describe('every CodeBuild action runs the project the build module created for its service and purpose', () => {
  test.each(ORDER)('%s', (env) => {
    for (const p of Object.values(pipelinesByName(tf[env]))) {
      const service = p.tags.service;
      for (const { action } of actionsOf(p).filter(({ action }) => action.provider === 'CodeBuild')) {
        const name = action.configuration.ProjectName as string;
        // infrastructure plan/apply (`terraform-plan`, `cdktf-apply`) run the projects of infrastructure-builds.ts; the
        // convergence check after an apply (`terraform-converged`) is the plan project again
        const purpose = /-(plan|apply|converged)$/.exec(action.name)?.[1]?.replace('converged', 'plan');
        const id = /^\$\{aws_codebuild_project\.([^.]+)\.name\}$/.exec(name)?.[1];
        expect([p.name, action.name, tf[env].resource.aws_codebuild_project[id!]?.name]).toEqual([
          p.name,
          action.name,
          `acme-${env}-${service}-${purpose === undefined ? action.name : `iac-${purpose}`}`,
        ]);
      }
    }
  });
});

test("the projects a pipeline runs may read and write that pipeline's artifacts, and only its own", () => {
  const doc = Object.entries(tf.dev.data.aws_iam_policy_document).find(([id]) =>
    id.startsWith('builds_basket-api_unit-test_policy-document'),
  )!;
  const statement = (doc[1] as any).statement.find((s: any) => s.sid === 'PipelineArtifacts');
  expect(statement).toEqual({
    sid: 'PipelineArtifacts',
    effect: 'Allow',
    actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
    // CodePipeline keeps artifacts under the first 20 characters of the pipeline name
    resources: [expect.stringMatching(/^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.arn\}\/acme-dev-basket-api\/\*$/)],
  });
  expect('acme-dev-basket-api'.length).toBeLessThanOrEqual(20);
  const staging = Object.entries(tf.staging.data.aws_iam_policy_document).find(([id]) =>
    id.startsWith('builds_basket-api_validate_policy-document'),
  )!;
  expect((staging[1] as any).statement.find((s: any) => s.sid === 'PipelineArtifacts').resources).toEqual([
    expect.stringMatching(/\/acme-staging-basket-\/\*$/),
  ]);
});

describe('the pipeline role is least privilege', () => {
  const all = ORDER.flatMap((env) => Object.values(pipelinesByName(tf[env])).map((p) => [env, p.name] as const));

  test.each(all)('%s %s: every statement names concrete resources', (env, name) => {
    const p = pipelinesByName(tf[env])[name];
    const role = roleOf(tf[env], p);
    expect(role.name).toBe(`${name}-pipeline`);
    const account = ACCOUNT[env];
    for (const s of roleStatements(tf[env], role.name)) {
      expect(s.effect).toBe('Allow');
      expect(s.actions.every((a: string) => !a.includes('*'))).toBe(true);
      if (s.resources.includes('*')) {
        // only the actions AWS cannot scope, alone in their statement
        expect([s.sid, s.resources, s.actions]).toEqual([s.sid, ['*'], [...UNSCOPABLE_ACTIONS]]);
        continue;
      }
      for (const r of s.resources as string[]) {
        const ok =
          /^\$\{aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.arn\}(\/[^*]+|\/\*)?$/.test(r) ||
          new RegExp(`^arn:aws:[a-z0-9-]+:(eu-west-1)?:(${account})?:[^*]+(/\\*)?$`).test(r) ||
          /^arn:aws:s3:::[a-z0-9.-]+\/[^*]+(\/\*|\.zip)?$|^arn:aws:s3:::[a-z0-9.-]+\/\*$/.test(r) ||
          (s.sid === 'EncryptHandOvers' && /^arn:aws:kms:eu-west-1:\d{12}:key\/\*$/.test(r));
        expect([s.sid, r, ok]).toEqual([s.sid, r, true]);
      }
    }
  });

  test("a hand-over key is named by its alias, because the next account's key id is unknown here", () => {
    expect(roleStatements(tf.staging, 'acme-staging-basket-api-pipeline').find((s: any) => s.sid === 'EncryptHandOvers')).toEqual({
      sid: 'EncryptHandOvers',
      effect: 'Allow',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['arn:aws:kms:eu-west-1:555555555555:key/*'],
      condition: [{ test: 'ForAnyValue:StringEquals', variable: 'kms:ResourceAliases', values: ['alias/acme-prod-cicd'] }],
    });
  });

  test('the prod basket-api role, statement by statement', () => {
    const statements = roleStatements(tf.prod, 'acme-prod-basket-api-pipeline');
    const store = /^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.arn\}/;
    expect(statements).toEqual([
      {
        sid: 'ArtifactStoreObjects',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: [expect.stringMatching(new RegExp(`${store.source}/\\*$`))],
      },
      {
        sid: 'ArtifactStoreBucket',
        effect: 'Allow',
        actions: ['s3:GetBucketLocation', 's3:GetBucketVersioning'],
        resources: [expect.stringMatching(store)],
      },
      {
        sid: 'ArtifactStoreKey',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/)],
      },
      {
        sid: 'ReadSourceObject',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [expect.stringMatching(new RegExp(`${store.source}/promotion/basket-api/prod/artifact.zip$`))],
      },
      { sid: 'ReadSourceBucket', effect: 'Allow', actions: ['s3:GetBucketVersioning'], resources: [expect.stringMatching(store)] },
      { sid: 'AnnounceApprovals', effect: 'Allow', actions: ['sns:Publish'], resources: [expect.stringMatching(/^\$\{aws_sns_topic\./)] },
      {
        sid: 'CodeDeployRevisions',
        effect: 'Allow',
        actions: ['codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
        resources: [expect.stringMatching(/^\$\{aws_codedeploy_app\.deploy-basket-api_application_[0-9A-F]+\.arn\}$/)],
      },
      {
        sid: 'CodeDeployDeployments',
        effect: 'Allow',
        actions: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
        resources: [expect.stringMatching(/^\$\{aws_codedeploy_deployment_group\.deploy-basket-api_deployment-group_[0-9A-F]+\.arn\}$/)],
      },
      {
        sid: 'CodeDeployConfig',
        effect: 'Allow',
        actions: ['codedeploy:GetDeploymentConfig'],
        resources: ['arn:aws:codedeploy:eu-west-1:555555555555:deploymentconfig:CodeDeployDefault.ECSCanary10Percent15Minutes'],
      },
      {
        sid: 'EcsTaskDefinitions',
        effect: 'Allow',
        actions: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
        resources: ['*'],
      },
      {
        sid: 'PassTaskRoles',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: ['arn:aws:iam::555555555555:role/acme-basket-api-task', 'arn:aws:iam::555555555555:role/acme-basket-api-task-execution'],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
      },
      {
        sid: 'RunCodeBuildProjects',
        effect: 'Allow',
        actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
        resources: [expect.stringMatching(/^\$\{aws_codebuild_project\./), expect.stringMatching(/^\$\{aws_codebuild_project\./)],
      },
    ]);
    expect(projectNames('prod', statements.find((s: any) => s.sid === 'RunCodeBuildProjects').resources)).toEqual([
      'acme-prod-basket-api-integration-test',
      'acme-prod-basket-api-validate',
    ]);
  });

  test('the dev basket-api role may run exactly its own projects and use its connection', () => {
    const statements = roleStatements(tf.dev, 'acme-dev-basket-api-pipeline');
    expect(projectNames('dev', statements.find((s: any) => s.sid === 'RunCodeBuildProjects').resources)).toEqual(
      ['build', 'image-release', 'integration-test', 'security-scan', 'unit-test', 'validate'].map((p) => `acme-dev-basket-api-${p}`),
    );
    expect(statements.find((s: any) => s.sid === 'UseSourceConnection')).toEqual({
      sid: 'UseSourceConnection',
      effect: 'Allow',
      actions: ['codestar-connections:UseConnection'],
      resources: [expect.stringMatching(/^\$\{aws_codestarconnections_connection\.connection-github_connection_[0-9A-F]+\.arn\}$/)],
    });
    expect(statements.find((s: any) => s.sid === 'HandOverArtifacts').resources).toEqual([
      'arn:aws:s3:::acme-test-artifacts-333333333333/promotion/basket-api/test/artifact.zip',
    ]);
  });

  test('only CodePipeline of its own account may assume a pipeline role', () => {
    expect(trustStatements(tf.prod, 'acme-prod-basket-api-pipeline')).toEqual([
      {
        sid: 'CodePipelineOfThisAccount',
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['codepipeline.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['555555555555'] }],
      },
    ]);
  });
});
