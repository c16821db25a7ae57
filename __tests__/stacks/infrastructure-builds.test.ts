import { resolveInfrastructure } from '../../model';
import { infrastructureApplyBuildspec, infrastructurePlanBuildspec } from '../../modules/codebuild-project';
import infrastructure from '../fixtures/infrastructure';
import { scenarioConfig, scenarioErrorOf, type RawConfig as Raw } from '../support/config';
import { actionsOf, pipelinesByName, roleOf, roleStatements, trustStatements } from '../support/pipelines';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

// The infrastructure scenario (__tests__/fixtures/infrastructure): Terraform as a deploy target, and an infra-app
// service's own CDKTF app, on four environments.
const config = scenarioConfig(infrastructure);
const stacks = buildExample(config);
const tf: Record<string, Record<string, any>> = Object.fromEntries(stacks.environments.map((s) => [s.environment.name, synthObject(s)]));
const ORDER = ['dev', 'test', 'staging', 'prod'];
const ACCOUNT: Record<string, string> = { dev: '222222222222', test: '333333333333', staging: '444444444444', prod: '555555555555' };

const projectsByName = (env: string): Record<string, any> =>
  Object.fromEntries(resourcesOf(tf[env], 'aws_codebuild_project').map((p) => [p.name, p]));
const project = (env: string, name: string) => {
  const found = projectsByName(env)[name];
  if (found === undefined) throw new Error(`no project ${name} in ${env}`);
  return found;
};
/** The physical name a `ProjectName` configuration stands for: a reference to a project of the stack, or a literal. */
const referencedProjectName = (env: string, value: string): string | undefined => {
  const id = /^\$\{aws_codebuild_project\.([^.]+)\.(name|arn)\}$/.exec(value)?.[1];
  if (id === undefined) return projectsByName(env)[value]?.name;
  return tf[env].resource.aws_codebuild_project[id]?.name;
};

describe('every CodeBuild project a pipeline runs exists in the same stack', () => {
  test.each(ORDER)('%s: each CodeBuild action names a project of the stack', (env) => {
    const missing: string[] = [];
    let actions = 0;
    for (const p of Object.values(pipelinesByName(tf[env]))) {
      for (const { action } of actionsOf(p).filter(({ action }) => action.provider === 'CodeBuild')) {
        actions += 1;
        if (referencedProjectName(env, action.configuration.ProjectName) === undefined) {
          missing.push(`${p.name}/${action.name}: ${action.configuration.ProjectName}`);
        }
      }
    }
    expect(actions).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  test.each(ORDER)("%s: each pipeline role's CodeBuild statement names projects of the stack", (env) => {
    for (const p of Object.values(pipelinesByName(tf[env]))) {
      const role = roleOf(tf[env], p);
      const statements = roleStatements(tf[env], role.name).filter((s: any) => s.actions.includes('codebuild:StartBuild'));
      for (const resource of statements.flatMap((s: any) => s.resources)) {
        expect([p.name, referencedProjectName(env, resource)]).toEqual([p.name, expect.any(String)]);
      }
    }
  });
});

describe('infrastructure plan and apply projects', () => {
  const iacProjects = (env: string) =>
    Object.keys(projectsByName(env))
      .filter((n) => /-iac-(plan|apply)$/.test(n))
      .sort();

  test.each([
    [
      'dev',
      [
        'acme-dev-edge-network-iac-apply',
        'acme-dev-edge-network-iac-plan',
        'acme-dev-ledger-service-iac-apply',
        'acme-dev-ledger-service-iac-plan',
      ],
    ],
    ['test', ['acme-test-edge-network-iac-apply', 'acme-test-edge-network-iac-plan']],
    ['staging', ['acme-staging-edge-network-iac-apply', 'acme-staging-edge-network-iac-plan']],
    ['prod', ['acme-prod-edge-network-iac-apply', 'acme-prod-edge-network-iac-plan']],
  ])('%s has them for exactly the services whose pipeline runs there with infrastructure', (env, expected) => {
    expect(iacProjects(env)).toEqual(expected);
  });

  test('the platform and bootstrap stacks have none', () => {
    for (const stack of [stacks.platform, stacks.bootstrap]) {
      expect(resourcesOf(synthObject(stack), 'aws_codebuild_project')).toEqual([]);
    }
  });

  test.each(ORDER.flatMap((env) => iacProjects(env).map((name) => [env, name])))(
    '%s %s: pipeline-only, encrypted, logged, unprivileged, one run at a time',
    (env, name) => {
      const p = project(env, name);
      expect(p.source).toMatchObject({ type: 'CODEPIPELINE' });
      expect(p.artifacts).toEqual({ type: 'CODEPIPELINE' });
      expect(p.encryption_key).toMatch(/^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/);
      // the environment's build compute (right-sized per environment), never Lambda: a Terraform run may outlast it
      const compute = config.environments.find((e) => e.name === env)!.build.computeType;
      expect(p.environment).toMatchObject({ privileged_mode: false, compute_type: compute, type: 'ARM_CONTAINER' });
      expect(p.concurrent_build_limit).toBe(1);
      expect(p.cache).toEqual({ type: 'NO_CACHE' });
      const group = resourcesOf(tf[env], 'aws_cloudwatch_log_group').find((g) => g.name === `/acme/${env}/codebuild/${name}`);
      expect(group).toMatchObject({ kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.key_/) });
      expect(group!.retention_in_days).toBeGreaterThan(0);
      expect(p.logs_config.cloudwatch_logs).toMatchObject({ status: 'ENABLED' });
    },
  );

  test('each role is trusted by its own project only and carries the permissions boundary', () => {
    const roleName = 'acme-prod-edge-network-iac-apply-cb';
    expect(trustStatements(tf.prod, roleName)).toEqual([
      {
        sid: 'CodeBuildAssumesForThisProjectOnly',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['codebuild.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['555555555555'] },
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: ['arn:aws:codebuild:eu-west-1:555555555555:project/acme-prod-edge-network-iac-apply'],
          },
        ],
      },
    ]);
    const role = resourcesOf(tf.prod, 'aws_iam_role').find((r) => r.name === roleName)!;
    expect(role.permissions_boundary).toEqual(expect.any(String));
  });

  test.each([
    ['prod', 'edge-network', 'iac-plan', 'edge-network-terraform-plan', 'acme-prod-edge-netwo'],
    ['prod', 'edge-network', 'iac-apply', 'edge-network-terraform-apply', 'acme-prod-edge-netwo'],
    ['dev', 'ledger-service', 'iac-plan', 'acme-dev-ledger-service-iac-plan-tf', 'acme-dev-ledger-serv'],
    ['dev', 'ledger-service', 'iac-apply', 'acme-dev-ledger-service-iac-apply-tf', 'acme-dev-ledger-serv'],
  ])(
    "%s %s %s: exactly its logs, its artifacts, the key, the one role Terraform runs as (and the apply its pipeline's state)",
    (env, service, purpose, assumed, artifactPrefix) => {
      const name = `acme-${env}-${service}-${purpose}`;
      const bucket = expect.stringMatching(/^\$\{aws_s3_bucket\.artifact-store_bucket_[0-9A-F]+\.arn\}$/);
      const statements = roleStatements(tf[env], `${name}-cb`);
      expect(statements).toEqual([
        {
          sid: 'WriteOwnLogs',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [expect.any(String), expect.any(String)],
        },
        {
          sid: 'OwnArtifactPrefix',
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
          resources: [expect.stringMatching(new RegExp(`\\}/codebuild/${name}/\\*$`))],
        },
        { sid: 'ArtifactBucketLocation', effect: 'Allow', actions: ['s3:GetBucketAcl', 's3:GetBucketLocation'], resources: [bucket] },
        {
          sid: 'UseEnvironmentKey',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]+\.arn\}$/)],
        },
        {
          sid: 'PipelineArtifacts',
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
          resources: [expect.stringMatching(new RegExp(`\\}/${artifactPrefix}/\\*$`))],
        },
        {
          sid: 'AssumeNamedRoles',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          resources: [`arn:aws:iam::${ACCOUNT[env]}:role/${assumed}`],
        },
        ...(purpose === 'iac-apply' ? [expect.objectContaining({ sid: 'ReadPipelineState' })] : []),
      ]);
    },
  );

  test('the plan buildspec pins Terraform, plans into a saved file and hands the working directory on', () => {
    const spec = project('prod', 'acme-prod-edge-network-iac-plan').source.buildspec as string;
    expect(spec).toContain('https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_linux_arm64.zip');
    expect(spec).toContain('sha256sum --check --strict -');
    expect(spec).toContain('aws configure set profile.iac.role_arn arn:aws:iam::555555555555:role/edge-network-terraform-plan');
    expect(spec).toContain(
      'terraform -chdir="$CODEBUILD_SRC_DIR/dist/terraform" init -input=false -lockfile=readonly -backend-config=bucket=acme-cicd-platform-tfstate-111111111111 -backend-config=key=services/prod/edge-network/terraform.tfstate',
    );
    // the service's read-only state role cannot lock
    expect(spec).toContain('terraform -chdir="$CODEBUILD_SRC_DIR/dist/terraform" plan -input=false -lock=false -out=tfplan');
    expect(spec).toContain(
      'aws configure set profile.iac-state.role_arn arn:aws:iam::111111111111:role/cicd-platform-state-prod-svc-edge-network-read',
    );
    expect(spec).toContain('aws configure set profile.iac-state.source_profile iac');
    expect(spec).toContain('sha256sum tfplan > tfplan.sha256');
    expect(spec).not.toMatch(/\bapply\b/);
  });

  test('the apply buildspec applies exactly the saved plan it received, after checking it; a stage rollback plans again', () => {
    const spec = project('prod', 'acme-prod-edge-network-iac-apply').source.buildspec as string;
    const build = spec.slice(spec.indexOf('  build:'));
    const init =
      'terraform init -input=false -lockfile=readonly -backend-config=bucket=acme-cicd-platform-tfstate-111111111111 -backend-config=key=services/prod/edge-network/terraform.tfstate -backend-config=region=eu-west-1 -backend-config=encrypt=true -backend-config=kms_key_id=arn:aws:kms:eu-west-1:111111111111:alias/acme-cicd-platform-tfstate -backend-config=dynamodb_table=acme-cicd-platform-tflock -backend-config=profile=iac-state';
    expect(build.split('\n').filter((l) => l.startsWith('      - '))).toEqual([
      expect.stringContaining('PIPELINE_STAGE is not set'),
      `      - EXECUTION_TYPE="$(aws codepipeline get-pipeline-state --name acme-prod-edge-network --query "stageStates[?stageName=='$PIPELINE_STAGE'].latestExecution.type | [0]" --output text)"`,
      expect.stringContaining('echo "stage $PIPELINE_STAGE of acme-prod-edge-network runs as a $EXECUTION_TYPE execution"'),
      '      - cd "$CODEBUILD_SRC_DIR_infra_plan/dist/terraform"',
      '      - sha256sum --check --strict tfplan.sha256',
      '      - export AWS_PROFILE=iac',
      `      - ${init}`,
      '      - |-',
    ]);
    expect(build).toContain('else\n          terraform apply -input=false -lock-timeout=5m tfplan;\n        fi');
    expect(build).toContain(
      'terraform plan -input=false -lock-timeout=5m -out=rollback.tfplan && terraform show -no-color rollback.tfplan && terraform apply -input=false -lock-timeout=5m rollback.tfplan;',
    );
    expect(spec).toContain(
      'aws configure set profile.iac-state.role_arn arn:aws:iam::111111111111:role/cicd-platform-state-prod-svc-edge-network',
    );
    expect(spec).not.toMatch(/auto-approve/);
    expect(spec).toContain('role/edge-network-terraform-apply');
  });

  test.each([
    ['prod', 'acme-prod-edge-network', 'Deploy'],
    ['dev', 'acme-dev-ledger-service', 'DeployInfrastructure'],
  ])("%s: %s applies in stage %s, names it to the build, and may read that pipeline's state alone", (env, pipeline, stage) => {
    const apply = `${pipeline}-iac-apply`;
    const actions = actionsOf(pipelinesByName(tf[env])[pipeline]).filter(
      ({ action }) => action.provider === 'CodeBuild' && referencedProjectName(env, action.configuration.ProjectName) === apply,
    );
    expect(actions.map(({ stage: s, action }) => [s, JSON.parse(action.configuration.EnvironmentVariables)])).toEqual([
      [stage, [{ name: 'PIPELINE_STAGE', value: stage, type: 'PLAINTEXT' }]],
    ]);
    const reads = roleStatements(tf[env], `${apply}-cb`).filter((s: any) => s.actions.some((a: string) => a.startsWith('codepipeline:')));
    expect(reads).toEqual([
      {
        sid: 'ReadPipelineState',
        effect: 'Allow',
        actions: ['codepipeline:GetPipelineState'],
        resources: [`arn:aws:codepipeline:eu-west-1:${ACCOUNT[env]}:${pipeline}`],
      },
    ]);
  });

  test('a CDKTF app is synthesized with the pinned CLI, then planned as its stack; the apply needs Terraform only', () => {
    const plan = project('dev', 'acme-dev-ledger-service-iac-plan').source.buildspec as string;
    expect(plan).toContain('npm install --global --no-audit --no-fund cdktf-cli@0.21.0');
    expect(plan).toContain('cdktf synth');
    expect(plan).toContain('terraform -chdir="$CODEBUILD_SRC_DIR/infra/cdktf.out/stacks/ledger" plan');
    const apply = project('dev', 'acme-dev-ledger-service-iac-apply').source.buildspec as string;
    expect(apply).toContain('cd "$CODEBUILD_SRC_DIR_infra_plan/infra/cdktf.out/stacks/ledger"');
    expect(apply).not.toMatch(/cdktf-cli|cdktf synth|npm /);
  });
});

describe('infrastructure config', () => {
  const service = (raw: Raw, name: string) => raw.services.find((s) => s.name === name)!;

  test("defaults: the infrastructure directory, this repository's Terraform, the service's own roles, state key and resources", () => {
    const cfg = scenarioConfig(infrastructure, (raw) => (service(raw, 'ledger-service').pipeline.infrastructure = { tool: 'cdktf' }));
    const svc = cfg.services.find((s) => s.name === 'ledger-service')!;
    expect(resolveInfrastructure(svc, cfg.environments[0], cfg.organisation)).toEqual({
      tool: 'cdktf',
      directory: 'infrastructure',
      terraformVersion: '1.11.4',
      cdktfVersion: '0.21.0',
      stack: 'ledger-service',
      planRoleName: 'acme-dev-ledger-service-iac-plan-tf',
      applyRoleName: 'acme-dev-ledger-service-iac-apply-tf',
      ownPlanRole: true,
      ownApplyRole: true,
      actions: [],
      resourcePrefix: 'acme-ledger-service-',
      stateKey: 'services/dev/ledger-service/terraform.tfstate',
      field: 'pipeline.infrastructure',
    });
  });

  test.each([
    ['cdktfVersion', { cdktfVersion: '0.21.0' }],
    ['stack', { stack: 'edge' }],
  ])('%s with tool terraform is a contradiction', (field, extra) => {
    const error = scenarioErrorOf(infrastructure, (raw) => Object.assign(service(raw, 'edge-network').pipeline.deploy, extra));
    expect(error.message).toBe(
      `environments/services.ts (service "edge-network"): pipeline.deploy.${field}: is only used with tool "cdktf" (got tool "terraform"); remove it or set tool "cdktf"`,
    );
  });

  test.each([
    ['directory', '../shared', 'relative directory'],
    ['directory', '/abs', 'relative directory'],
    ['terraformVersion', '~> 1.11', 'exact version'],
    ['planRoleName', 'no spaces allowed', 'IAM role name'],
  ])('pipeline.infrastructure.%s "%s" is refused', (field, value, allowed) => {
    const error = scenarioErrorOf(infrastructure, (raw) => (service(raw, 'ledger-service').pipeline.infrastructure[field] = value));
    expect(error.message).toContain('environments/services.ts');
    expect(error.message).toContain('ledger-service');
    expect(error.message).toContain(`pipeline.infrastructure.${field}`);
    expect(error.message).toContain(allowed);
  });
});

describe('infrastructure buildspecs refuse what they cannot run', () => {
  const base = {
    tool: 'terraform' as const,
    directory: 'infra',
    terraformVersion: '1.11.4',
    architecture: 'x86_64' as const,
    roleArn: 'arn:aws:iam::222222222222:role/deploy',
    sessionName: 'test',
  };
  test('the x86_64 release asset on x86_64 hosts', () => {
    expect(JSON.stringify(infrastructurePlanBuildspec(base))).toContain('terraform_1.11.4_linux_amd64.zip');
  });
  test.each([
    [{ ...base, terraformVersion: 'latest' }, 'terraformVersion must be exact'],
    [{ ...base, directory: '../x' }, 'directory must be relative'],
    [{ ...base, tool: 'cdktf' as const }, 'needs an exact cdktfVersion'],
    [{ ...base, tool: 'cdktf' as const, cdktfVersion: '0.21.0' }, 'needs the stack'],
  ])('%#: %s', (options, message) => {
    expect(() => infrastructurePlanBuildspec(options)).toThrow(message);
  });
  test('the apply needs a CodePipeline artifact name for the plan', () => {
    expect(() => infrastructureApplyBuildspec({ ...base, planArtifact: 'infra-plan', pipelineName: 'p' })).toThrow('planArtifact');
  });
  test('the apply needs the name of the pipeline it asks about its stage', () => {
    expect(() => infrastructureApplyBuildspec({ ...base, planArtifact: 'infra_plan', pipelineName: 'a b' })).toThrow('pipelineName');
  });
});
