import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { MANAGEMENT_SCOPE, stateKey, stateKeyAliasArn, stateWriteRoleName, type EnvironmentConfig, type Organisation } from '../model';
import { Construct, LocalBackend, S3Backend, TerraformVariable, iamRoleArn } from '../modules/core';
import { SealableStack } from '../vocabulary';

/** The AWS account a stack deploys into. */
export interface StackTarget {
  readonly accountId: string;
  readonly region: string;
  /** Role the AWS provider assumes in that account. */
  readonly roleName: string;
  /** Tags every resource of the stack carries (provider default tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The target of a stack that deploys into an environment's own account, with its tags. */
export function environmentTarget(environment: EnvironmentConfig): StackTarget {
  return {
    accountId: environment.account.id,
    region: environment.account.region,
    roleName: environment.account.deployRoleName,
    tags: environment.tags,
  };
}

export interface BaseStackProps {
  readonly organisation: Organisation;
  readonly target: StackTarget;
  /** Where the stack keeps its state. @default 'remote' */
  readonly state?: 'remote' | 'local';
  /** Configure the GitHub provider (owner from config; token only from GITHUB_TOKEN). @default false */
  readonly github?: boolean;
  /**
   * Whether the AWS provider assumes `target.roleName`. Off only for a stack that creates that role (the
   * access stacks): it runs with the caller's credentials, pinned to the account. @default true
   */
  readonly assumeRole?: boolean;
  /**
   * The state scope whose read-write state role the backend assumes (model/state-access.ts): the environment's name
   * for its stacks, the stack's name for `platform` and an access stack. A stack of no scope fails closed: the
   * management scope's role writes only `bootstrap` and `management-access`. @default MANAGEMENT_SCOPE
   */
  readonly stateScope?: string;
}

/**
 * The Terraform variable naming the role the AWS provider assumes: the Terraform role by default; pull-request
 * plans and drift detection set it to the account's read-only plan role (`TF_VAR_aws_role_name`), so the same
 * synthesized stack plans read-only and applies read-write.
 */
export const AWS_ROLE_VARIABLE = 'aws_role_name';

/**
 * Where a stack on local state keeps it: `state/<stack>/terraform.tfstate` beside the synth output directory
 * (`cdktf.out/`), never inside it. Terraform runs in `<outdir>/stacks/<stack>/`, so the backend's path climbs
 * three levels to the folder that holds `<outdir>`. Synth replaces `<outdir>` whole; a state file inside it
 * would be deleted with it (stacks/synth.ts refuses to).
 */
export const LOCAL_STATE_DIR = 'state';

/** The local backend's `path` of stack `id`, relative to the stack's working directory `<outdir>/stacks/<id>/`. */
export function localStatePath(id: string): string {
  return ['..', '..', '..', LOCAL_STATE_DIR, id, 'terraform.tfstate'].join('/');
}

/** Fully qualified provider sources: a bare `aws` resolves ambiguously in OpenTofu and in mirrors. */
const PROVIDER_SOURCES: Readonly<Record<string, string>> = {
  aws: 'hashicorp/aws',
  github: 'integrations/github',
};

/**
 * What every stack shares: its state (the S3 backend, its own key), an AWS provider that assumes a role in
 * exactly one account with default tags, and optionally the GitHub provider.
 */
export class BaseStack extends SealableStack {
  readonly organisation: Organisation;
  readonly target: StackTarget;
  readonly aws: AwsProvider;
  readonly github?: GithubProvider;
  /** The role the AWS provider assumes (`var.aws_role_name`, default `target.roleName`); none for an access stack. */
  readonly roleVariable?: TerraformVariable;
  /** `arn:<partition>` prefix for ARNs built from config. */
  readonly partition: string;

  constructor(scope: Construct, id: string, props: BaseStackProps) {
    super(scope, id);
    const state = props.state ?? 'remote';
    const { organisation, target } = props;
    this.organisation = organisation;
    this.target = target;
    this.partition = organisation.partition;

    if (state === 'remote') {
      this.useRemoteState(id, props.stateScope ?? MANAGEMENT_SCOPE);
    } else {
      new LocalBackend(this, { path: localStatePath(id) });
    }

    if (props.assumeRole ?? true) {
      this.roleVariable = new TerraformVariable(this, AWS_ROLE_VARIABLE, {
        type: 'string',
        default: target.roleName,
        nullable: false,
        description: `Role the AWS provider assumes in ${target.accountId}: the Terraform role, or the read-only plan role for plans`,
      });
    }
    this.aws = new AwsProvider(this, 'aws', {
      region: target.region,
      allowedAccountIds: [target.accountId],
      assumeRole:
        this.roleVariable === undefined
          ? undefined
          : [
              {
                roleArn: iamRoleArn(this.partition, target.accountId, this.roleVariable.stringValue),
                sessionName: `cdktf-${id}`,
              },
            ],
      defaultTags: [{ tags: { ...organisation.tags, ...target.tags, stack: id } }],
    });

    if (props.github ?? false) {
      // No token here: the provider reads GITHUB_TOKEN (or a GitHub App) from the environment.
      this.github = new GithubProvider(this, 'github', { owner: organisation.github.owner });
    }

    this.addOverride('terraform.required_version', organisation.stateBackend.locking === 'dynamodb' ? '>= 1.5.0' : '>= 1.11.0');
  }

  /** The S3 backend in the management account: this stack's own key, encrypted, locked, via its scope's state role. */
  private useRemoteState(id: string, scope: string): void {
    const { stateBackend, management, partition } = this.organisation;
    new S3Backend(this, {
      bucket: stateBackend.bucketName,
      key: stateKey(id),
      region: management.region,
      encrypt: true,
      kmsKeyId: stateKeyAliasArn(this.organisation),
      dynamodbTable: stateBackend.locking === 's3' ? undefined : stateBackend.lockTableName,
      assumeRole: {
        roleArn: iamRoleArn(partition, management.accountId, stateWriteRoleName(this.organisation, scope)),
        sessionName: `cdktf-state-${id}`,
      },
    });
    if (stateBackend.locking !== 'dynamodb') {
      // S3-native locking (Terraform >= 1.11); cdktf 0.21's S3Backend has no field for it yet.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    }
  }

  protected override renderTerraform(): Record<string, unknown> {
    const tf = super.renderTerraform() as { terraform?: { required_providers?: Record<string, { source?: string }> } };
    for (const [name, provider] of Object.entries(tf.terraform?.required_providers ?? {})) {
      const source = PROVIDER_SOURCES[name];
      if (source !== undefined) provider.source = source;
    }
    return tf as Record<string, unknown>;
  }
}
