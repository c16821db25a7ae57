import type { BuildArchitecture } from './build-image';
import type { Buildspec, BuildspecPhase } from './buildspec';

// Shell variables are written $NAME, never ${NAME}: Terraform would read ${...} as its own interpolation.

/** What plans and applies a service's infrastructure, and as whom. */
export interface InfrastructureBuildspecOptions {
  /** `terraform`: a configuration; `cdktf`: an app synthesized first, then planned with Terraform. */
  readonly tool: 'terraform' | 'cdktf';
  /** The configuration (terraform) or app (cdktf) directory, relative to the input artifact's root. */
  readonly directory: string;
  /** Exact Terraform CLI version to install. */
  readonly terraformVersion: string;
  /** Exact cdktf-cli version (cdktf only). */
  readonly cdktfVersion?: string;
  /** The CDKTF stack to plan (cdktf only). */
  readonly stack?: string;
  /** Architecture of the build host: picks the Terraform release asset. */
  readonly architecture: BuildArchitecture;
  /** Role Terraform runs as (assumed through an AWS CLI profile, refreshed for long runs). */
  readonly roleArn: string;
  /** Session name of that role (visible in CloudTrail). */
  readonly sessionName: string;
  /**
   * The service's state in the platform's S3 backend, which the build fills into the configuration's empty
   * `backend "s3" {}`: reached through a state role assumed from `roleArn`'s session. @default the
   * configuration's own backend
   */
  readonly state?: InfrastructureState;
}

/** A service's state: where it lives and the state role that reaches it. */
export interface InfrastructureState {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** ARN of the state's KMS key (or its alias). */
  readonly kmsKeyId: string;
  /** The DynamoDB lock table; undefined: none. */
  readonly dynamodbTable?: string;
  /** Whether to lock with an S3 lock file (`use_lockfile`). */
  readonly useLockfile: boolean;
  /** The state role: read-only for the plan (which then takes no lock), read-write for the apply. */
  readonly roleArn: string;
  readonly readOnly: boolean;
}

/** Options of the apply: the plan arrives as a secondary input artifact of this name. */
export interface InfrastructureApplyBuildspecOptions extends InfrastructureBuildspecOptions {
  readonly planArtifact: string;
  /**
   * The pipeline that runs the apply: the build asks it (`codepipeline:GetPipelineState`) whether the stage runs
   * as a stage rollback, which carries the saved plan of the execution rolled back to (stale once applied).
   */
  readonly pipelineName: string;
}

/**
 * The action variable that names the stage the apply runs in (set by the pipeline's CodeBuild action): the
 * build reads that stage's execution type from the pipeline's state.
 */
export const APPLY_STAGE_VARIABLE = 'PIPELINE_STAGE';

/** The AWS CLI profile Terraform runs under. */
const PROFILE = 'iac';
/** The AWS CLI profile the backend reaches the state with (its state role, assumed from PROFILE). */
const STATE_PROFILE = 'iac-state';
/** The saved plan, its human-readable rendering and its checksum, in the working directory. */
const PLAN_FILE = 'tfplan';

const VERSION = /^\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const DIRECTORY = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

function check(options: InfrastructureBuildspecOptions): void {
  const where = `infrastructure buildspec (${options.sessionName})`;
  if (!VERSION.test(options.terraformVersion)) throw new Error(`${where}: terraformVersion must be exact, e.g. "1.11.4"`);
  if (!DIRECTORY.test(options.directory))
    throw new Error(`${where}: directory must be relative, without ".." (got "${options.directory}")`);
  if (options.tool === 'cdktf') {
    if (options.cdktfVersion === undefined || !VERSION.test(options.cdktfVersion)) {
      throw new Error(`${where}: tool cdktf needs an exact cdktfVersion, e.g. "0.21.0"`);
    }
    if (options.stack === undefined || !/^[A-Za-z0-9_-]{1,100}$/.test(options.stack)) {
      throw new Error(`${where}: tool cdktf needs the stack to plan`);
    }
  }
}

/** Terraform's working directory relative to the artifact root: the configuration, or the synthesized CDKTF stack. */
export function terraformWorkingDirectory(options: Pick<InfrastructureBuildspecOptions, 'tool' | 'directory' | 'stack'>): string {
  return options.tool === 'cdktf' ? `${options.directory}/cdktf.out/stacks/${options.stack}` : options.directory;
}

/** Install the pinned Terraform (checksum verified against HashiCorp's SHA256SUMS) and, for CDKTF, the pinned CLI. */
function installPhase(options: InfrastructureBuildspecOptions): BuildspecPhase {
  const v = options.terraformVersion;
  const asset = `terraform_${v}_linux_${options.architecture === 'arm64' ? 'arm64' : 'amd64'}.zip`;
  const base = `https://releases.hashicorp.com/terraform/${v}`;
  return {
    ...(options.tool === 'cdktf' ? { 'runtime-versions': { nodejs: '20' } } : {}),
    commands: [
      `curl -fsSL -o /tmp/${asset} ${base}/${asset}`,
      `curl -fsSL -o /tmp/terraform_SHA256SUMS ${base}/terraform_${v}_SHA256SUMS`,
      `(cd /tmp && grep " ${asset}$" terraform_SHA256SUMS | sha256sum --check --strict -)`,
      `unzip -o -q /tmp/${asset} -d /usr/local/bin`,
      'terraform version',
      ...(options.tool === 'cdktf' ? [`npm install --global --no-audit --no-fund cdktf-cli@${options.cdktfVersion}`] : []),
    ],
  };
}

/** An AWS CLI profile that assumes `roleArn` from the build's own credentials; the SDKs refresh it as it expires. */
function profileCommands(options: InfrastructureBuildspecOptions): string[] {
  return [
    `aws configure set profile.${PROFILE}.role_arn ${options.roleArn}`,
    `aws configure set profile.${PROFILE}.credential_source EcsContainer`,
    `aws configure set profile.${PROFILE}.role_session_name ${options.sessionName}`,
    ...(options.state === undefined
      ? []
      : [
          `aws configure set profile.${STATE_PROFILE}.role_arn ${options.state.roleArn}`,
          `aws configure set profile.${STATE_PROFILE}.source_profile ${PROFILE}`,
          `aws configure set profile.${STATE_PROFILE}.role_session_name ${options.sessionName}`,
        ]),
  ];
}

/** `terraform init`'s arguments that point the configuration's empty S3 backend at the service's state. */
function backendArguments(state: InfrastructureState | undefined): string {
  if (state === undefined) return '';
  const settings: [string, string][] = [
    ['bucket', state.bucket],
    ['key', state.key],
    ['region', state.region],
    ['encrypt', 'true'],
    ['kms_key_id', state.kmsKeyId],
    ...(state.dynamodbTable === undefined ? [] : [['dynamodb_table', state.dynamodbTable] as [string, string]]),
    ...(state.useLockfile ? [['use_lockfile', 'true'] as [string, string]] : []),
    ['profile', STATE_PROFILE],
  ];
  const unsafe = settings.find(([, value]) => !/^[A-Za-z0-9:/._-]+$/.test(value));
  if (unsafe !== undefined) throw new Error(`infrastructure buildspec: state ${unsafe[0]} "${unsafe[1]}" is not a plain name or ARN`);
  return settings.map(([key, value]) => ` -backend-config=${key}=${value}`).join('');
}

const ENV: Buildspec['env'] = {
  shell: 'bash',
  variables: { TF_IN_AUTOMATION: 'true', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' },
};

/**
 * The plan project's buildspec: install, (synthesize,) `init` and `plan -out`, then hand on the whole
 * input with the saved plan, its rendering and its checksum in the working directory (without provider
 * binaries: the apply installs them again from the lock file).
 */
export function infrastructurePlanBuildspec(options: InfrastructureBuildspecOptions): Buildspec {
  check(options);
  const work = `"$CODEBUILD_SRC_DIR/${terraformWorkingDirectory(options)}"`;
  const synth =
    options.tool === 'cdktf'
      ? [`cd "$CODEBUILD_SRC_DIR/${options.directory}"`, 'npm ci --no-audit --no-fund', 'cdktf synth', 'cd "$CODEBUILD_SRC_DIR"']
      : [];
  return {
    version: '0.2',
    env: ENV,
    phases: {
      install: installPhase(options),
      pre_build: { commands: [...profileCommands(options), ...synth] },
      build: {
        commands: [
          `export AWS_PROFILE=${PROFILE}`,
          // a configuration commits its lock file: providers are exactly the reviewed ones
          `terraform -chdir=${work} init -input=false${options.tool === 'terraform' ? ' -lockfile=readonly' : ''}${backendArguments(options.state)}`,
          // a read-only state role cannot lock: the apply locks, and refuses the plan if the state moved since
          `terraform -chdir=${work} plan -input=false ${options.state?.readOnly === true ? '-lock=false' : '-lock-timeout=5m'} -out=${PLAN_FILE}`,
          `terraform -chdir=${work} show -no-color ${PLAN_FILE} > ${work}/${PLAN_FILE}.txt`,
          `cd ${work} && sha256sum ${PLAN_FILE} > ${PLAN_FILE}.sha256`,
        ],
      },
    },
    artifacts: { files: ['**/*'], 'exclude-paths': ['**/.terraform/**', '**/node_modules/**'] },
  };
}

/** The plan a stage rollback makes of the rolled-back-to configuration against the current state. */
const ROLLBACK_PLAN_FILE = 'rollback.tfplan';

/**
 * Whether this run is a CodePipeline stage rollback: the type of the stage's latest execution (the running one:
 * QUEUED and SUPERSEDED pipelines run one execution per stage at a time, and PARALLEL ones have no stage
 * rollback). Asked with the build's own credentials, before the Terraform profile is in use.
 */
function executionTypeCommands(pipelineName: string): string[] {
  return [
    `if [ -z "$${APPLY_STAGE_VARIABLE}" ]; then echo "${APPLY_STAGE_VARIABLE} is not set: the pipeline's apply action must name its stage" >&2; exit 1; fi`,
    `EXECUTION_TYPE="$(aws codepipeline get-pipeline-state --name ${pipelineName} --query "stageStates[?stageName=='$${APPLY_STAGE_VARIABLE}'].latestExecution.type | [0]" --output text)"`,
    `echo "stage $${APPLY_STAGE_VARIABLE} of ${pipelineName} runs as a $EXECUTION_TYPE execution"`,
  ];
}

/**
 * The apply project's buildspec: checks the saved plan against its checksum, installs the providers of the
 * plan's lock file and applies exactly that plan (Terraform refuses it if the state moved since the plan).
 *
 * A stage rollback (CodePipeline V2) reruns the stage with the artifacts of the last execution that succeeded
 * in it: its configuration, and its saved plan, which that execution applied and which is stale since. The apply
 * then plans that configuration again against the current state and applies the new plan: the rollback
 * restores the last successful revision's infrastructure (its plan is printed in the log). A standard run never
 * plans: a stale saved plan fails it, as Terraform decides.
 */
export function infrastructureApplyBuildspec(options: InfrastructureApplyBuildspecOptions): Buildspec {
  check(options);
  if (!/^[A-Za-z0-9_]{1,100}$/.test(options.planArtifact)) {
    throw new Error(
      `infrastructure buildspec (${options.sessionName}): planArtifact must be a CodePipeline artifact name (letters, digits, _)`,
    );
  }
  if (!/^[A-Za-z0-9.@_-]{1,100}$/.test(options.pipelineName)) {
    throw new Error(`infrastructure buildspec (${options.sessionName}): pipelineName "${options.pipelineName}" is not a pipeline name`);
  }
  const init = `terraform init -input=false -lockfile=readonly${backendArguments(options.state)}`;
  const apply = `terraform apply -input=false -lock-timeout=5m`;
  return {
    version: '0.2',
    env: ENV,
    phases: {
      install: installPhase({ ...options, tool: 'terraform' }),
      pre_build: { commands: profileCommands(options) },
      build: {
        commands: [
          ...executionTypeCommands(options.pipelineName),
          `cd "$CODEBUILD_SRC_DIR_${options.planArtifact}/${terraformWorkingDirectory(options)}"`,
          `sha256sum --check --strict ${PLAN_FILE}.sha256`,
          `export AWS_PROFILE=${PROFILE}`,
          init,
          [
            'if [ "$EXECUTION_TYPE" = ROLLBACK ]; then',
            `  echo "stage rollback: ${PLAN_FILE} is the plan the rolled-back-to execution applied; planning its configuration again against the current state";`,
            `  terraform plan -input=false -lock-timeout=5m -out=${ROLLBACK_PLAN_FILE} && terraform show -no-color ${ROLLBACK_PLAN_FILE} && ${apply} ${ROLLBACK_PLAN_FILE};`,
            'else',
            `  ${apply} ${PLAN_FILE};`,
            'fi',
          ].join('\n'),
        ],
      },
    },
  };
}
