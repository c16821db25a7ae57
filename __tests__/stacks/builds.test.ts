import { parse } from 'yaml';
import { isGithubHosted, resolveModel } from '../../model';
import { serviceCheckName } from '../../modules/core';
import type { EnvironmentStack } from '../../stacks';
import builds from '../fixtures/builds';
import { scenarioConfig } from '../support/config';
import { synthesizeScenario } from '../support/scenario';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

// The builds scenario (__tests__/fixtures/builds): a service per kind of build on four environments.
const config = scenarioConfig(builds);
const scenario = synthesizeScenario(config);
const platform = scenario.stacks;
const stacks = Object.fromEntries(platform.environments.map((s) => [s.node.id, s])) as Record<string, EnvironmentStack>;
const synthed = Object.fromEntries(platform.environments.map((s) => [s.node.id, scenario.terraform(s.node.id)]));
const ENVS = ['dev', 'test', 'staging', 'prod'] as const;
const SERVICES = config.services.map((s) => s.name);
/** Services whose source is on GitHub: only they have pull-request builds (stacks/compose/build-sources.ts). */
const GITHUB_SERVICES = config.services.filter(isGithubHosted).map((s) => s.name);

function projects(env: string): Record<string, any>[] {
  return resourcesOf(synthed[env], 'aws_codebuild_project');
}

function projectNamed(env: string, name: string): Record<string, any> {
  const found = projects(env).find((p) => p.name === name);
  if (found === undefined) throw new Error(`no project ${name} in ${env}`);
  return found;
}

/** The one block of `type` whose logical id is the construct path `path` below the stack (ids join it with "_"). */
function blockAt(tf: Record<string, any>, kind: 'resource' | 'data', type: string, path: string): [string, Record<string, any>] {
  const prefix = `${path.replace(/\//g, '_')}_`;
  const found = Object.entries(tf[kind]?.[type] ?? {}).filter(
    ([id]) => id.startsWith(prefix) && /^[0-9A-F]{8}$/.test(id.slice(prefix.length)),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  return found[0] as [string, Record<string, any>];
}

/** The policy statements of the role of a project (its inline policy's document). */
function roleStatements(env: string, service: string, purpose: string, tf = synthed[env]): Record<string, any>[] {
  return blockAt(tf, 'data', 'aws_iam_policy_document', `builds/${service}/${purpose}/policy-document`)[1].statement;
}

/** The services with projects in `env`: every one in the first environment, those whose pipeline runs there after it. */
function reaching(env: string): string[] {
  const model = resolveModel(config);
  return SERVICES.filter((s) => model.environment(env).first || model.service(s).reach.includes(env));
}

describe('CodeBuild projects per service and purpose', () => {
  test('the first environment builds, tests, scans and validates every service; later ones test and validate the promoted artifact', () => {
    // (infrastructure plan/apply projects: __tests__/stacks/infrastructure-builds.test.ts; image release taggers:
    // __tests__/flow/image-release.test.ts)
    const names = (env: string) =>
      projects(env)
        .map((p) => p.name as string)
        .filter((n) => !/-(iac-plan|iac-apply|image-release)$/.test(n))
        .sort();
    // a service CodeDeploy deploys to a Lambda alias has its release step wherever its pipeline deploys
    // (__tests__/flow/lambda-release.test.ts runs it)
    const lambda = new Set(config.services.filter((s) => s.pipeline?.deploy.type === 'codedeploy-lambda').map((s) => s.name));
    expect(lambda.size).toBeGreaterThan(0);
    const release = (env: string, s: string) => (lambda.has(s) ? [`acme-${env}-${s}-lambda-release`] : []);
    expect(names('dev')).toEqual(
      SERVICES.flatMap((s) => [
        ...['build', 'unit-test', 'integration-test', 'security-scan', 'validate'].map((p) => `acme-dev-${s}-${p}`),
        ...release('dev', s),
      ]).sort(),
    );
    for (const env of ['test', 'staging', 'prod']) {
      // only the services whose pipeline reaches the environment (resources only where they are used)
      expect(names(env)).toEqual(
        reaching(env)
          .flatMap((s) => [`acme-${env}-${s}-integration-test`, `acme-${env}-${s}-validate`, ...release(env, s)])
          .sort(),
      );
    }
  });

  test.each(ENVS)('%s: tests run on the environment compute type, with its timeouts and concurrency, on arm64', (env) => {
    const settings = config.environments.find((e) => e.name === env)!.build;
    for (const service of reaching(env)) {
      const p = projectNamed(env, `acme-${env}-${service}-integration-test`);
      expect(p.environment).toMatchObject({ compute_type: settings.computeType, type: 'ARM_CONTAINER' });
      expect([p.build_timeout, p.queued_timeout, p.concurrent_build_limit]).toEqual([
        settings.timeoutMinutes,
        settings.queuedTimeoutMinutes,
        settings.concurrentBuildLimit,
      ]);
    }
  });

  test('compute is right-sized per environment: small in dev and test, medium in staging, large in prod', () => {
    const sizes = ENVS.map((env) => projectNamed(env, `acme-${env}-box-integration-test`).environment.compute_type);
    expect(sizes).toEqual(['BUILD_GENERAL1_SMALL', 'BUILD_GENERAL1_SMALL', 'BUILD_GENERAL1_MEDIUM', 'BUILD_GENERAL1_LARGE']);
  });

  test.each(ENVS)('%s: validation is a light job on Lambda compute, except where it must join a VPC', (env) => {
    const light = config.environments.find((e) => e.name === env)!.build.lightComputeType;
    expect(projectNamed(env, `acme-${env}-box-validate`).environment).toMatchObject({
      compute_type: light,
      type: 'ARM_LAMBDA_CONTAINER',
      image: 'aws/codebuild/amazonlinux-aarch64-lambda-standard:nodejs20',
    });
    expect(projectNamed(env, `acme-${env}-hook-validate`).environment.image).toBe(
      'aws/codebuild/amazonlinux-aarch64-lambda-standard:python3.12',
    );
    const web = projectNamed(env, `acme-${env}-web-validate`);
    if (env === 'staging' || env === 'prod') {
      expect(web.environment.type).toBe('ARM_CONTAINER');
      expect(web.vpc_config).toBeDefined();
    } else {
      expect(web.environment.type).toBe('ARM_LAMBDA_CONTAINER');
      expect(web.vpc_config).toBeUndefined();
    }
  });

  test('privileged mode is off everywhere except the builds of the container services (they build and push an image)', () => {
    const privileged = ENVS.flatMap((env) =>
      projects(env)
        .filter((p) => p.environment.privileged_mode !== false)
        .map((p) => p.name),
    );
    expect(privileged.sort()).toEqual(['acme-dev-box-build', 'acme-dev-kube-build', 'acme-dev-stock-build']);
  });

  test('each image build shows in the synth report as a suppressed PLAT-CB-002 with its reason, and nothing is open', () => {
    const report = scenario.report();
    const findings = report.findings.filter((f) => /^PLAT-(CB|LOGS|CA)-/.test(f.ruleId));
    expect(findings.map((f) => f.path).sort()).toEqual(['box', 'kube', 'stock'].map((s) => `dev/builds/${s}/build/project`));
    for (const finding of findings) {
      expect(finding).toMatchObject({ stack: 'dev', ruleId: 'PLAT-CB-002', counterpart: 'CKV_AWS_316' });
      expect(finding.suppressedBecause).toMatch(/^The service ships a container image: building it needs the Docker daemon/);
    }
    expect(report.summaries.map((s) => s.stack).sort()).toEqual(scenario.stackNames().sort());
    expect(report.summaries.every((s) => s.errors === 0)).toBe(true);
  });

  test('cache follows the service: local (with Docker layers for the image build), S3 in its own prefix; none for light jobs', () => {
    expect(projectNamed('dev', 'acme-dev-box-build').cache).toEqual({
      type: 'LOCAL',
      modes: ['LOCAL_SOURCE_CACHE', 'LOCAL_CUSTOM_CACHE', 'LOCAL_DOCKER_LAYER_CACHE'],
    });
    expect(projectNamed('dev', 'acme-dev-box-unit-test').cache).toEqual({
      type: 'LOCAL',
      modes: ['LOCAL_SOURCE_CACHE', 'LOCAL_CUSTOM_CACHE'],
    });
    expect(projectNamed('prod', 'acme-prod-hook-integration-test').cache).toEqual({
      type: 'S3',
      location: expect.stringMatching(
        /^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.bucket\}\/codebuild\/acme-prod-hook-integration-test\/cache$/,
      ),
    });
    for (const env of ENVS) {
      expect(
        projects(env)
          .filter((p) => /-(validate|security-scan)$/.test(p.name))
          .every((p) => p.cache.type === 'NO_CACHE'),
      ).toBe(true);
    }
  });

  test.each(ENVS)(
    '%s: every project is encrypted with the environment key and logs to its own group under the key-granted prefix',
    (env) => {
      const tf = synthed[env];
      const keyRef = `\${${Object.keys(tf.resource.aws_kms_key).map((k) => `aws_kms_key.${k}.arn`)[0]}}`;
      const retention = config.environments.find((e) => e.name === env)!.logRetentionDays;
      const groups = resourcesOf(tf, 'aws_cloudwatch_log_group').filter((g) => g.name.startsWith(`/acme/${env}/codebuild/`));
      expect(groups).toHaveLength(projects(env).length);
      for (const p of projects(env)) {
        expect(p.encryption_key).toBe(keyRef);
        const group = groups.find((g) => g.name === `/acme/${env}/codebuild/${p.name}`);
        expect(group).toMatchObject({ retention_in_days: retention, kms_key_id: keyRef });
      }
    },
  );

  test.each(ENVS)('%s: the Lambda release step (hook) is a light container job from the pipeline; its role, its function only', (env) => {
    const release = projectNamed(env, `acme-${env}-hook-lambda-release`);
    expect(release).toMatchObject({ source: { type: 'CODEPIPELINE' }, artifacts: { type: 'CODEPIPELINE' }, cache: { type: 'NO_CACHE' } });
    // a few AWS CLI calls: never Lambda compute (no AWS CLI image there), never privileged
    expect(release.environment).toMatchObject({ type: 'ARM_CONTAINER', privileged_mode: false });
    const account = config.environments.find((e) => e.name === env)!.account.id;
    const own = roleStatements(env, 'hook', 'lambda-release').filter((s) => s.actions.some((a: string) => a.startsWith('lambda:')));
    expect(own).toEqual([
      {
        sid: 'ReleaseOwnFunction',
        effect: 'Allow',
        actions: ['lambda:GetAlias', 'lambda:GetFunction', 'lambda:PublishVersion', 'lambda:UpdateFunctionCode'],
        resources: [`arn:aws:lambda:eu-west-1:${account}:function:hook-handler`],
      },
    ]);
    // no other policy of the stack may change a function's code or publish a version
    const writers = Object.entries<any>(synthed[env].data.aws_iam_policy_document)
      .filter(([, doc]) =>
        (doc.statement ?? []).some((s: any) => s.actions?.some((a: string) => /^lambda:(UpdateFunctionCode|PublishVersion)$/.test(a))),
      )
      .map(([id]) => id.replace(/_[0-9A-F]{8}$/, ''));
    expect(writers).toEqual(['builds_hook_lambda-release_policy-document']);
  });

  test('the role of a project holds exactly its own resources (hook unit tests in dev)', () => {
    const tf = synthed.dev;
    const ref = (type: string, path: string) => `\${${type}.${blockAt(tf, 'resource', type, path)[0]}.arn}`;
    const logs = ref('aws_cloudwatch_log_group', 'builds/hook/unit-test/logs');
    const bucket = ref('aws_s3_bucket', 'artifact-store/bucket');
    expect(roleStatements('dev', 'hook', 'unit-test')).toEqual([
      { sid: 'WriteOwnLogs', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logs, `${logs}:*`] },
      {
        sid: 'OwnArtifactPrefix',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: [`${bucket}/codebuild/acme-dev-hook-unit-test/*`],
      },
      { sid: 'ArtifactBucketLocation', effect: 'Allow', actions: ['s3:GetBucketAcl', 's3:GetBucketLocation'], resources: [bucket] },
      {
        sid: 'UseEnvironmentKey',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [ref('aws_kms_key', 'key')],
      },
      {
        sid: 'WriteOwnReports',
        effect: 'Allow',
        actions: ['codebuild:BatchPutCodeCoverages', 'codebuild:BatchPutTestCases', 'codebuild:CreateReport', 'codebuild:UpdateReport'],
        resources: [
          ref('aws_codebuild_report_group', 'builds/hook/unit-test/report-tests'),
          ref('aws_codebuild_report_group', 'builds/hook/unit-test/report-coverage'),
        ],
      },
      {
        sid: 'ReadNamedSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme/dev/hook/sandbox-api-key-??????'],
      },
      {
        sid: 'CodeArtifactToken',
        effect: 'Allow',
        actions: ['codeartifact:GetAuthorizationToken'],
        resources: ['arn:aws:codeartifact:eu-west-1:111111111111:domain/acme-packages'],
      },
      {
        sid: 'CodeArtifactRead',
        effect: 'Allow',
        actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
        resources: ['arn:aws:codeartifact:eu-west-1:111111111111:repository/acme-packages/pypi-internal'],
      },
      {
        sid: 'CodeArtifactBearerToken',
        effect: 'Allow',
        actions: ['sts:GetServiceBearerToken'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'sts:AWSServiceName', values: ['codeartifact.amazonaws.com'] }],
      },
      {
        // the artifacts of the service's pipeline (first 20 characters of its name), which runs this project
        sid: 'PipelineArtifacts',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: [`${bucket}/acme-dev-hook/*`],
      },
      {
        // the environment's GitHub connection, which the project clones and receives webhooks through
        sid: 'UseSourceConnection',
        effect: 'Allow',
        actions: ['codestar-connections:GetConnection', 'codestar-connections:GetConnectionToken'],
        resources: [ref('aws_codestarconnections_connection', 'connection-github/connection')],
      },
      {
        sid: 'RunOwnBatch',
        effect: 'Allow',
        actions: ['codebuild:RetryBuild', 'codebuild:StartBuild', 'codebuild:StopBuild'],
        resources: ['arn:aws:codebuild:eu-west-1:222222222222:project/acme-dev-hook-unit-test'],
      },
    ]);
  });

  test('the security scan reads no secrets and no CodeArtifact; validation reads neither here', () => {
    const sids = (service: string, purpose: string) => roleStatements('dev', service, purpose).map((s) => s.sid);
    expect(sids('hook', 'security-scan')).toEqual([
      'WriteOwnLogs',
      'OwnArtifactPrefix',
      'ArtifactBucketLocation',
      'UseEnvironmentKey',
      'PipelineArtifacts',
      'UseSourceConnection',
    ]);
    // the sandbox key lists only unit-test among its build readers
    expect(sids('hook', 'validate')).toEqual([
      'WriteOwnLogs',
      'OwnArtifactPrefix',
      'ArtifactBucketLocation',
      'UseEnvironmentKey',
      'PipelineArtifacts',
      'UseSourceConnection',
    ]);
  });

  test('no role statement has a wildcard action, and "*" resources appear only where AWS has nothing narrower', () => {
    for (const env of ENVS) {
      const documents = Object.entries<any>(synthed[env].data.aws_iam_policy_document).filter(([id]) => id.startsWith('builds_'));
      expect(documents.length).toBeGreaterThan(0);
      for (const [, doc] of documents) {
        for (const s of doc.statement) {
          expect((s.actions ?? []).filter((a: string) => a.includes('*'))).toEqual([]);
          if ((s.resources ?? []).includes('*'))
            expect(['CodeArtifactBearerToken', 'EcrAuthorizationToken', 'VpcNetworkInterfaces']).toContain(s.sid);
        }
      }
    }
  });

  test('a service without CodeArtifact gets neither the login nor the permissions', () => {
    const app = buildExample(scenarioConfig(builds, (raw) => (raw.services[0].build.codeArtifact = false)));
    const tf = synthObject(app.environments[0]);
    const build = resourcesOf(tf, 'aws_codebuild_project').find((p) => p.name === 'acme-dev-box-build')!;
    expect(build.source.buildspec).not.toContain('codeartifact');
    expect(roleStatements('dev', 'box', 'build', tf).map((s) => s.sid)).not.toContain('CodeArtifactToken');
  });

  test('a service runs its staging and prod tests inside the configured VPC', () => {
    const p = projectNamed('prod', 'acme-prod-web-integration-test');
    expect(p.vpc_config).toEqual({
      vpc_id: 'vpc-1b2c3d4e5f6071829',
      subnets: ['subnet-2b3c4d5e6f7081920', 'subnet-3c4d5e6f708192a3b'],
      security_group_ids: ['sg-1b2c3d4e5f6071829'],
    });
    expect(projectNamed('dev', 'acme-dev-web-integration-test').vpc_config).toBeUndefined();
  });

  test('report groups: JUnit and coverage for unit tests, JUnit for integration tests, exported unless the service says not', () => {
    const groups = resourcesOf(synthed.dev, 'aws_codebuild_report_group');
    const byName = Object.fromEntries(groups.map((g) => [g.name, g]));
    expect(
      Object.keys(byName)
        .filter((n) => n.includes('hook'))
        .sort(),
    ).toEqual(['acme-dev-hook-integration-test-tests', 'acme-dev-hook-unit-test-coverage', 'acme-dev-hook-unit-test-tests']);
    expect(byName['acme-dev-hook-unit-test-coverage'].export_config.type).toBe('S3');
    expect(byName['acme-dev-web-unit-test-tests'].export_config).toEqual({ type: 'NO_EXPORT' });
    const spec = parse(projectNamed('dev', 'acme-dev-web-unit-test').source.buildspec);
    expect(Object.values(spec.reports)).toEqual([
      { files: ['target/surefire-reports/*.xml', 'target/failsafe-reports/*.xml'], 'file-format': 'JUNITXML' },
      { files: ['target/site/jacoco/jacoco.xml'], 'file-format': 'JACOCOXML' },
    ]);
  });
});

describe('pull-request builds', () => {
  test('only the first environment has webhooks: one per GitHub-hosted service and required check', () => {
    expect(resourcesOf(synthed.dev, 'aws_codebuild_webhook')).toHaveLength(GITHUB_SERVICES.length * 3);
    for (const env of ['test', 'staging', 'prod']) expect(resourcesOf(synthed[env], 'aws_codebuild_webhook')).toEqual([]);
  });

  test.each(GITHUB_SERVICES.flatMap((s) => (['build', 'unit-test', 'security-scan'] as const).map((p) => [s, p] as const)))(
    '%s %s reports under the check branch protection requires',
    (service, purpose) => {
      const p = projectNamed('dev', `acme-dev-${service}-${purpose}`);
      expect(p.source).toMatchObject({
        type: 'GITHUB',
        location: `https://github.com/acme-platform/${config.services.find((s) => s.name === service)!.repository ?? service}.git`,
        report_build_status: true,
        build_status_config: { context: serviceCheckName(service, purpose) },
      });
      const [, hook] = blockAt(synthed.dev, 'resource', 'aws_codebuild_webhook', `builds/${service}/${purpose}/webhook`);
      expect(hook).toMatchObject({
        build_type: service === 'hook' && purpose === 'unit-test' ? 'BUILD_BATCH' : 'BUILD',
        filter_group: [
          {
            filter: [
              { type: 'EVENT', pattern: 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED' },
              { type: 'BASE_REF', pattern: '^refs/heads/main$' },
            ],
          },
        ],
      });
    },
  );

  test('integration tests and validation do not report PR statuses; later environments take their source from the pipeline', () => {
    expect(projectNamed('dev', 'acme-dev-box-validate').source.report_build_status).toBe(false);
    expect(projectNamed('staging', 'acme-staging-box-validate')).toMatchObject({
      source: { type: 'CODEPIPELINE' },
      artifacts: { type: 'CODEPIPELINE' },
    });
  });
});

describe('what pipelines get from an environment stack', () => {
  test('project(service, purpose) returns the project; asking for one an environment does not have names what exists', () => {
    expect(stacks.dev.builds.purposes).toEqual(['build', 'unit-test', 'integration-test', 'security-scan', 'validate']);
    expect(stacks.prod.builds.purposes).toEqual(['integration-test', 'validate']);
    expect(stacks.dev.builds.project('box', 'build').buildspecYaml).toContain('docker build');
    expect(() => stacks.prod.builds.project('box', 'build')).toThrow(
      `environment "prod" has no build project for service "box" (services: ${SERVICES.join(', ')}; purposes here: integration-test, validate)`,
    );
  });
});
