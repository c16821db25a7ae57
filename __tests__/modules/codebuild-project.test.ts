import { parse } from 'yaml';
import { codeArtifactRepository } from '../../modules/codeartifact';
import { Testing } from '../../modules/core';
import {
  CodebuildProject,
  renderBuildspec,
  securityScanBuildspec,
  serviceBuildspec,
  SECURITY_SCAN_TOOLS,
  type CodebuildProjectProps,
} from '../../modules/codebuild-project';
import { CODEBUILD_BASE, synthCodebuildProject } from '../support/codebuild';
import { dataOf, resourcesOf } from '../support/synth';

const synth = synthCodebuildProject;

function project(overrides: Partial<CodebuildProjectProps> = {}): Record<string, any> {
  return resourcesOf(synth(overrides), 'aws_codebuild_project')[0];
}

function statements(overrides: Partial<CodebuildProjectProps> = {}): Record<string, any>[] {
  const docs = dataOf(synth(overrides), 'aws_iam_policy_document');
  return docs.find((d) => d.statement.some((s: any) => s.sid === 'WriteOwnLogs'))?.statement;
}

describe('CodebuildProject', () => {
  test.each([
    ['BUILD_GENERAL1_SMALL', 'arm64', 'ARM_CONTAINER', 'aws/codebuild/amazonlinux-aarch64-standard:3.0'],
    ['BUILD_GENERAL1_LARGE', 'x86_64', 'LINUX_CONTAINER', 'aws/codebuild/amazonlinux-x86_64-standard:5.0'],
    ['BUILD_LAMBDA_1GB', 'arm64', 'ARM_LAMBDA_CONTAINER', 'aws/codebuild/amazonlinux-aarch64-lambda-standard:python3.12'],
    ['BUILD_LAMBDA_2GB', 'x86_64', 'LINUX_LAMBDA_CONTAINER', 'aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12'],
  ] as const)('%s on %s runs %s with %s', (computeType, architecture, type, image) => {
    const env = project({ computeType, architecture, lambdaRuntime: 'python3.12', cache: 'none' }).environment;
    expect(env).toEqual({ compute_type: computeType, type, image, image_pull_credentials_type: 'CODEBUILD', privileged_mode: false });
  });

  test('Lambda compute gets neither build nor queue timeout (it has neither); EC2 gets both', () => {
    const lambda = project({ computeType: 'BUILD_LAMBDA_1GB', cache: 'none', buildTimeoutMinutes: 30 });
    expect(lambda.build_timeout).toBeUndefined();
    expect(lambda.queued_timeout).toBeUndefined();
    const ec2 = project({ buildTimeoutMinutes: 30, queuedTimeoutMinutes: 90, concurrentBuildLimit: 7 });
    expect([ec2.build_timeout, ec2.queued_timeout, ec2.concurrent_build_limit]).toEqual([30, 90, 7]);
  });

  test.each<[string, Partial<CodebuildProjectProps>, RegExp]>([
    ['privileged mode', { privileged: true, privilegedReason: 'Docker image builds need the daemon' }, /privileged mode/],
    ['a VPC', { vpc: { vpcId: 'vpc-1', subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] } }, /a VPC/],
    ['local caching', { cache: 'local' }, /local caching/],
    ['batch builds', { batch: { shards: 2 } }, /batch builds/],
  ])('Lambda compute refuses %s, naming the project', (_name, overrides, expected) => {
    expect(() => project({ computeType: 'BUILD_LAMBDA_1GB', ...overrides })).toThrow(expected);
    expect(() => project({ computeType: 'BUILD_LAMBDA_1GB', ...overrides })).toThrow(/acme-dev-svc-build: Lambda compute/);
  });

  test('privileged mode is off by default and needs a written reason to turn on', () => {
    expect(project().environment.privileged_mode).toBe(false);
    expect(() => project({ privileged: true })).toThrow(/privileged mode needs privilegedReason/);
    const on = synth({ privileged: true, privilegedReason: 'Docker image builds need the daemon' });
    expect(resourcesOf(on, 'aws_codebuild_project')[0].environment.privileged_mode).toBe(true);
  });

  test.each<[string, Partial<CodebuildProjectProps>, unknown]>([
    ['s3', {}, { type: 'S3', location: 'artifacts/codebuild/acme-dev-svc-build/cache' }],
    ['none', { cache: 'none' }, { type: 'NO_CACHE' }],
    ['local', { cache: 'local' }, { type: 'LOCAL', modes: ['LOCAL_SOURCE_CACHE', 'LOCAL_CUSTOM_CACHE'] }],
    [
      'local with Docker',
      { cache: 'local', privileged: true, privilegedReason: 'Docker image builds need the daemon' },
      { type: 'LOCAL', modes: ['LOCAL_SOURCE_CACHE', 'LOCAL_CUSTOM_CACHE', 'LOCAL_DOCKER_LAYER_CACHE'] },
    ],
  ])('cache %s', (_name, overrides, expected) => {
    expect(project(overrides).cache).toEqual(expected);
  });

  test('logs go to its own log group, with retention and the customer key; S3 logs are off', () => {
    const tf = synth();
    expect(resourcesOf(tf, 'aws_cloudwatch_log_group')[0]).toMatchObject({
      name: '/acme/dev/codebuild/acme-dev-svc-build',
      retention_in_days: 14,
      kms_key_id: CODEBUILD_BASE.artifactStore.keyArn,
    });
    expect(resourcesOf(tf, 'aws_codebuild_project')[0].logs_config).toEqual({
      cloudwatch_logs: { status: 'ENABLED', group_name: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.name\}$/) },
      s3_logs: { status: 'DISABLED' },
    });
    expect(resourcesOf(tf, 'aws_codebuild_project')[0].encryption_key).toBe(CODEBUILD_BASE.artifactStore.keyArn);
  });

  test('artifacts go to its own prefix, encrypted, one folder per build; no artifacts section means none', () => {
    expect(project().artifacts).toEqual({
      type: 'S3',
      location: 'artifacts',
      path: 'codebuild/acme-dev-svc-build',
      name: 'output.zip',
      namespace_type: 'BUILD_ID',
      packaging: 'ZIP',
      encryption_disabled: false,
    });
    expect(project({ buildspec: serviceBuildspec('unit-test', { ecosystem: 'npm' }) }).artifacts).toEqual({ type: 'NO_ARTIFACTS' });
    expect(project({ source: { type: 'CODEPIPELINE' } })).toMatchObject({
      artifacts: { type: 'CODEPIPELINE' },
      source: { type: 'CODEPIPELINE' },
    });
  });

  test('the role trusts CodeBuild for this project only', () => {
    const assume = dataOf(synth(), 'aws_iam_policy_document').find((d) => d.statement[0].actions.includes('sts:AssumeRole'));
    expect(assume?.statement).toEqual([
      {
        sid: 'CodeBuildAssumesForThisProjectOnly',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['codebuild.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['222222222222'] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:aws:codebuild:eu-west-1:222222222222:project/acme-dev-svc-build'] },
        ],
      },
    ]);
    expect(resourcesOf(synth(), 'aws_iam_role')[0].name).toBe('acme-dev-svc-build-cb');
  });

  test('a VPC adds its config and exactly the network-interface permissions CodeBuild needs', () => {
    const vpc = { vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] };
    expect(project({ vpc }).vpc_config).toEqual({ vpc_id: 'vpc-1', subnets: ['subnet-1', 'subnet-2'], security_group_ids: ['sg-1'] });
    const sids = statements({ vpc }).map((s) => s.sid);
    expect(sids).toContain('VpcNetworkInterfaces');
    expect(statements({ vpc }).find((s) => s.sid === 'VpcNetworkInterfacePermission')).toEqual({
      sid: 'VpcNetworkInterfacePermission',
      effect: 'Allow',
      actions: ['ec2:CreateNetworkInterfacePermission'],
      resources: ['arn:aws:ec2:eu-west-1:222222222222:network-interface/*'],
      condition: [
        { test: 'StringEquals', variable: 'ec2:AuthorizedService', values: ['codebuild.amazonaws.com'] },
        {
          test: 'ArnEquals',
          variable: 'ec2:Subnet',
          values: ['arn:aws:ec2:eu-west-1:222222222222:subnet/subnet-1', 'arn:aws:ec2:eu-west-1:222222222222:subnet/subnet-2'],
        },
      ],
    });
    expect(statements().map((s) => s.sid)).not.toContain('VpcNetworkInterfaces');
  });

  test('report groups: JUnit and coverage, exported encrypted to its own prefix, or not exported', () => {
    const reports = { junit: ['reports/*.xml'], coverage: { file: 'cov.xml', format: 'JACOCOXML' as const } };
    const groups = resourcesOf(synth({ reports }), 'aws_codebuild_report_group');
    expect(Object.fromEntries(groups.map((g) => [g.name, g.type]))).toEqual({
      'acme-dev-svc-build-tests': 'TEST',
      'acme-dev-svc-build-coverage': 'CODE_COVERAGE',
    });
    expect(groups.find((g) => g.type === 'TEST')?.export_config).toEqual({
      type: 'S3',
      s3_destination: {
        bucket: 'artifacts',
        path: 'codebuild/acme-dev-svc-build/reports',
        encryption_key: CODEBUILD_BASE.artifactStore.keyArn,
        encryption_disabled: false,
        packaging: 'NONE',
      },
    });
    const none = resourcesOf(synth({ reports: { ...reports, export: 'none' } }), 'aws_codebuild_report_group');
    expect(none.map((g) => g.export_config)).toEqual([{ type: 'NO_EXPORT' }, { type: 'NO_EXPORT' }]);
    const spec = parse(project({ reports }).source.buildspec);
    expect(Object.values(spec.reports)).toEqual([
      { files: ['reports/*.xml'], 'file-format': 'JUNITXML' },
      { files: ['cov.xml'], 'file-format': 'JACOCOXML' },
    ]);
    expect(Object.keys(spec.reports).every((k) => /^\$\{aws_codebuild_report_group\..*\.arn\}$/.test(k))).toBe(true);
  });

  test('a batch runs N shards, each told its index, with the role allowed to start only its own builds', () => {
    const p = project({ batch: { shards: 3 } });
    expect(p.build_batch_config).toMatchObject({
      combine_artifacts: false,
      restrictions: { maximum_builds_allowed: 3, compute_types_allowed: ['BUILD_GENERAL1_SMALL'] },
    });
    expect(parse(p.source.buildspec).batch['build-list'][2]).toEqual({
      identifier: 'shard_3',
      env: { variables: { SHARD_INDEX: '3', SHARD_COUNT: '3' } },
    });
    expect(statements({ batch: { shards: 3 } }).find((s) => s.sid === 'RunOwnBatch')).toEqual({
      sid: 'RunOwnBatch',
      effect: 'Allow',
      actions: ['codebuild:RetryBuild', 'codebuild:StartBuild', 'codebuild:StopBuild'],
      resources: ['arn:aws:codebuild:eu-west-1:222222222222:project/acme-dev-svc-build'],
    });
  });

  test('CodeArtifact: the login runs first and the role may read exactly that repository', () => {
    const location = { partition: 'aws', region: 'eu-west-1', accountId: '111111111111', domain: 'acme-packages' };
    const codeArtifact = { repository: codeArtifactRepository(location, 'npm-internal'), tool: 'npm' as const };
    const spec = parse(project({ codeArtifact }).source.buildspec);
    expect(spec.phases.install.commands[0]).toBe(
      'aws codeartifact login --tool npm --domain acme-packages --domain-owner 111111111111 --region eu-west-1 --repository npm-internal',
    );
    expect(spec.phases.install.commands[1]).toBe('npm ci --no-audit --no-fund');
    const ca = statements({ codeArtifact }).filter((s) => /^CodeArtifact/.test(s.sid));
    expect(ca).toEqual([
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
        resources: ['arn:aws:codeartifact:eu-west-1:111111111111:repository/acme-packages/npm-internal'],
      },
      {
        sid: 'CodeArtifactBearerToken',
        effect: 'Allow',
        actions: ['sts:GetServiceBearerToken'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'sts:AWSServiceName', values: ['codeartifact.amazonaws.com'] }],
      },
    ]);
    const maven = parse(project({ codeArtifact: { ...codeArtifact, tool: 'maven' } }).source.buildspec);
    expect(maven.phases.install.commands[0]).toMatch(/^export CODEARTIFACT_AUTH_TOKEN="\$\(aws codeartifact get-authorization-token /);
  });

  test('secrets: by name in the buildspec, and the role reads exactly those secrets', () => {
    const secrets = { API_KEY: 'svc/api-key', DB_PASSWORD: 'svc/db' };
    expect(parse(project({ secrets }).source.buildspec).env['secrets-manager']).toEqual(secrets);
    expect(statements({ secrets }).find((s) => s.sid === 'ReadNamedSecrets')).toEqual({
      sid: 'ReadNamedSecrets',
      effect: 'Allow',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [
        'arn:aws:secretsmanager:eu-west-1:222222222222:secret:svc/api-key-??????',
        'arn:aws:secretsmanager:eu-west-1:222222222222:secret:svc/db-??????',
      ],
    });
    expect(statements().map((s) => s.sid)).not.toContain('ReadNamedSecrets');
  });

  test('pull requests: a webhook for PR events on the base branch, reporting under the check name', () => {
    const tf = synth({
      source: {
        type: 'GITHUB',
        location: CODEBUILD_BASE.source.type === 'GITHUB' ? CODEBUILD_BASE.source.location : '',
        pullRequests: { checkName: 'ci/svc/build', baseBranch: 'release.1' },
      },
    });
    expect(resourcesOf(tf, 'aws_codebuild_project')[0].source).toMatchObject({
      report_build_status: true,
      build_status_config: { context: 'ci/svc/build' },
    });
    expect(resourcesOf(tf, 'aws_codebuild_webhook')[0]).toMatchObject({
      build_type: 'BUILD',
      filter_group: [
        {
          filter: [
            { type: 'EVENT', pattern: 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED' },
            { type: 'BASE_REF', pattern: '^refs/heads/release\\.1$' },
          ],
        },
      ],
      pull_request_build_policy: { requires_comment_approval: 'FORK_PULL_REQUESTS' },
    });
    expect(resourcesOf(synth(), 'aws_codebuild_webhook')).toEqual([]);
  });
  test('grantArtifactPrefix adds read and write on exactly one more prefix, for the pipeline that runs the project', () => {
    const tf = JSON.parse(
      Testing.synthScope((scope) => {
        new CodebuildProject(scope, 'p', CODEBUILD_BASE).grantArtifactPrefix('pipeline-artifacts', 'acme-dev-svc-api');
      }),
    );
    const policies = resourcesOf(tf, 'aws_iam_role_policy')
      .map((p) => p.name)
      .sort();
    expect(policies).toEqual(['least-privilege', 'pipeline-artifacts']);
    const doc = dataOf(tf, 'aws_iam_policy_document').find((d) => d.statement[0].sid === 'PipelineArtifacts');
    expect(doc?.statement).toEqual([
      {
        sid: 'PipelineArtifacts',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: ['arn:aws:s3:::artifacts/acme-dev-svc-api/*'],
      },
    ]);
    expect(() => Testing.synthScope((scope) => new CodebuildProject(scope, 'p', CODEBUILD_BASE).grantArtifactPrefix('x', '*'))).toThrow(
      /must not/,
    );
  });
});

describe('buildspecs', () => {
  test('are YAML from a typed object: parsing the output gives the object back', () => {
    const spec = serviceBuildspec('build', { ecosystem: 'pypi' });
    expect(parse(renderBuildspec(spec))).toEqual(spec);
  });

  test('refuse a ${...} that Terraform would read as its own template', () => {
    const spec = { version: '0.2', phases: { build: { commands: ['echo ${HOME}'] } } } as const;
    expect(() => renderBuildspec(spec)).toThrow(/contains "\$\{HOME\}", which Terraform would read as a template/);
  });

  test('a container service pushes <repository>:<commit>, checks the digest and records it in imageDetail.json', () => {
    const commands = serviceBuildspec('build', {
      ecosystem: 'npm',
      deploy: { target: 'ecs', imageDefinitionsFile: 'imagedefinitions.json' },
    }).phases.build.commands.join('\n');
    expect(commands).toContain('docker push "$IMAGE_REPOSITORY_URI:$IMAGE_TAG"');
    expect(commands).toMatch(/case "\$IMAGE_DIGEST" in sha256:\*\) ;; \*\) .*the image was not pushed/);
    expect(commands).toContain('export IMAGE_URI="$IMAGE_REPOSITORY_URI@$IMAGE_DIGEST"');
    expect(commands).toMatch(/json\.dump\(\{"ImageURI": os\.environ\["IMAGE_URI"\]\}.*"\.artifact\/imageDetail\.json"/);
  });

  test('the image is never saved into the artifact', () => {
    const spec = serviceBuildspec('build', { ecosystem: 'npm', docker: true });
    expect(JSON.stringify(spec)).not.toContain('docker save');
  });

  test.each([
    [{ target: 'codedeploy-ec2' }, 'appspec.yml'],
    [{ target: 'codedeploy-lambda' }, 'appspec.yml'],
    [{ target: 'codedeploy-ecs', taskDefinitionPath: 'deploy/taskdef.json', appSpecPath: 'deploy/appspec.yaml' }, 'deploy/taskdef.json'],
    [{ target: 'codedeploy-ecs', taskDefinitionPath: 'deploy/taskdef.json', appSpecPath: 'deploy/appspec.yaml' }, 'deploy/appspec.yaml'],
    [{ target: 'cloudformation', templatePath: 'cfn/template.yaml', templateConfigurationPath: 'cfn/config.json' }, 'cfn/template.yaml'],
    [{ target: 'cloudformation', templatePath: 'cfn/template.yaml', templateConfigurationPath: 'cfn/config.json' }, 'cfn/config.json'],
    [{ target: 'eks', manifestFiles: ['k8s/base/'] }, 'k8s/base/'],
  ] as const)('the %j build fails naming %s when it is missing', (deploy, file) => {
    const commands = serviceBuildspec('build', { ecosystem: 'npm', deploy }).phases.build.commands;
    expect(commands.some((c) => c.startsWith(`test -`) && c.includes(`"${file}"`) && c.includes(`build: ${file} not found`))).toBe(true);
  });

  test.each([
    [{ target: 'codedeploy-ec2' }, ['**/*'], '.artifact'],
    [{ target: 's3' }, ['**/*'], '.artifact'],
  ] as const)('the %j artifact is exactly what the build assembled (%j under %s)', (deploy, files, base) => {
    const spec = serviceBuildspec('build', { ecosystem: 'npm', deploy });
    expect(spec.artifacts).toEqual({ files, 'base-directory': base });
  });

  test('a site artifact holds the site alone: no test bundle is published with it', () => {
    const commands = serviceBuildspec('build', { ecosystem: 'npm', deploy: { target: 's3' } }).phases.build.commands.join('\n');
    expect(commands).not.toContain('test-bundle');
    expect(commands).toContain('cp -R "dist/site/." ".artifact/"');
  });

  test.each(['integration-test', 'validate'] as const)(
    '%s runs from test-bundle/ of the artifact when it is the primary input',
    (purpose) => {
      const spec = serviceBuildspec(purpose, { ecosystem: 'npm' });
      expect(spec.phases.install?.commands[0]).toBe(
        'if [ -d "$CODEBUILD_SRC_DIR/test-bundle" ]; then export TEST_ROOT="$CODEBUILD_SRC_DIR/test-bundle"; else export TEST_ROOT="$CODEBUILD_SRC_DIR"; fi',
      );
      expect(spec.phases.build.commands[0]).toBe('cd "$TEST_ROOT"');
    },
  );

  test('sharded pytest needs the batch build variables and names them when they are unset', () => {
    const commands = serviceBuildspec('unit-test', { ecosystem: 'pypi', sharded: true }).phases.build.commands;
    expect(commands[0]).toMatch(/^test -n "\$SHARD_INDEX" -a -n "\$SHARD_COUNT" \|\| .*BatchEnabled/);
  });

  test('the security scan reads the source as a directory: gitleaks dir, never git history', () => {
    const commands = securityScanBuildspec().phases.build.commands.join('\n');
    expect(commands).toMatch(/^gitleaks dir \. .*--exit-code 1/m);
    expect(commands).not.toContain('gitleaks detect');
  });

  test('the security scan fails at the configured severity: SBOM, then SCA of exactly that SBOM', () => {
    const commands = securityScanBuildspec({ failOn: 'critical' }).phases.build.commands.join('\n');
    expect(commands).toMatch(/^syft scan dir:\. --output cyclonedx-json=reports\/security\/sbom\.cdx\.json$/m);
    expect(commands).toMatch(/^grype sbom:reports\/security\/sbom\.cdx\.json --fail-on critical /m);
    expect(commands).toMatch(/^trivy fs --scanners misconfig --severity CRITICAL --exit-code 1 /m);
  });

  test('a container service also scans the pushed image by its digest', () => {
    const commands = securityScanBuildspec({ image: true }).phases.build.commands.join('\n');
    expect(commands).toContain('grype "registry:$IMAGE_URI" --fail-on high');
  });

  test.each(Object.keys(SECURITY_SCAN_TOOLS))('%s is downloaded, checked against its pinned SHA-256, and only then unpacked', (tool) => {
    const install = securityScanBuildspec().phases.install?.commands ?? [];
    const download = install.findIndex((c) => c.startsWith('curl ') && c.includes(`/${tool}.tar.gz`));
    const check = install.findIndex((c) => c.includes('sha256sum --check --strict') && c.includes(`/${tool}.tar.gz`));
    const unpack = install.findIndex((c) => c.startsWith('tar -xzf') && c.includes(`/${tool}.tar.gz`));
    expect(download).toBeGreaterThanOrEqual(0);
    expect(check).toBeGreaterThan(download);
    expect(unpack).toBeGreaterThan(check);
  });

  test.each(Object.entries(SECURITY_SCAN_TOOLS))('%s is pinned to an exact version and a SHA-256 per architecture', (_tool, pin) => {
    expect(pin.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const arch of ['x86_64', 'aarch64'] as const) {
      expect(pin.url[arch]).toContain(`/v${pin.version}/`);
      expect(pin.sha256[arch]).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test('no scanner comes from an unpinned pip install', () => {
    expect(JSON.stringify(securityScanBuildspec())).not.toMatch(/pip install/);
  });
});
