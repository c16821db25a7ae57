/** What makes a change one a reviewer must not miss: stateful types, ForceNew attributes, protections. */
import type { AttributeChange } from './model';
import { brief, isObject, leafName } from './values';

/**
 * Resource types that hold data or identity which a destroy loses, with the attributes whose change makes
 * Terraform destroy and re-create them (ForceNew in the provider schema).
 */
export const STATEFUL: Readonly<Record<string, { readonly what: string; readonly forceNew: readonly string[] }>> = {
  aws_s3_bucket: { what: 'S3 bucket', forceNew: ['bucket', 'bucket_prefix'] },
  aws_dynamodb_table: { what: 'DynamoDB table', forceNew: ['name', 'hash_key', 'range_key'] },
  aws_kms_key: {
    what: 'KMS key',
    forceNew: ['customer_master_key_spec', 'key_usage', 'multi_region', 'custom_key_store_id', 'xks_key_id'],
  },
  aws_codeartifact_domain: { what: 'CodeArtifact domain', forceNew: ['domain', 'encryption_key'] },
  aws_codeartifact_repository: { what: 'CodeArtifact repository', forceNew: ['domain', 'domain_owner', 'repository'] },
  aws_cloudwatch_log_group: { what: 'log group', forceNew: ['name', 'name_prefix'] },
  aws_secretsmanager_secret: { what: 'secret', forceNew: ['name', 'name_prefix'] },
  aws_ecr_repository: { what: 'ECR repository', forceNew: ['name'] },
  github_repository: { what: 'GitHub repository', forceNew: [] },
};

/** The attributes among `changes` that force a replacement of a `type` resource. */
export function forceNewOf(type: string, changes: readonly AttributeChange[]): string[] {
  const attributes = STATEFUL[type]?.forceNew ?? [];
  return [...new Set(changes.map((c) => c.path.split(/[.[]/)[0]).filter((top) => attributes.includes(top)))];
}

/** Resource types whose removal takes a protection away. */
export const PROTECTIONS: Readonly<Record<string, string>> = {
  github_branch_protection: 'branch protection',
  github_branch_protection_v3: 'branch protection',
  github_repository_ruleset: 'repository ruleset',
  github_repository_environment: 'deployment environment (its reviewers and wait timer)',
  github_repository_environment_deployment_policy: 'deployment branch policy',
  aws_s3_bucket_public_access_block: 'S3 public access block',
  aws_s3_bucket_policy: 'S3 bucket policy (TLS-only access)',
  aws_s3_bucket_versioning: 'S3 versioning',
  aws_s3_bucket_server_side_encryption_configuration: 'S3 default encryption',
  aws_cloudtrail: 'audit trail',
};

/** Flags that protect when true: turning one off (or unsetting it) weakens a protection. */
const KEEP_TRUE = new Set([
  'prevent_destroy',
  'deletion_protection',
  'deletion_protection_enabled',
  'enable_key_rotation',
  'enforce_admins',
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
  'prevent_self_review',
  'require_code_owner_reviews',
  'dismiss_stale_reviews',
  'require_last_push_approval',
  'require_signed_commits',
  'required_signatures',
  'required_linear_history',
  'require_conversation_resolution',
  'required_conversation_resolution',
  'strict',
  'strict_required_status_checks_policy',
  'enable_log_file_validation',
  'is_multi_region_trail',
  'include_global_service_events',
  'archive_on_destroy',
]);

/** Flags that open a door when true. */
const KEEP_FALSE = new Set([
  'force_destroy',
  'allows_force_pushes',
  'allows_deletions',
  'allow_force_pushes',
  'allow_deletions',
  'non_fast_forward',
]);

/** Numbers that protect more when higher. */
const KEEP_HIGH = new Set(['required_approving_review_count', 'wait_timer', 'deletion_window_in_days']);

/** Lists whose entries each protect: fewer entries weakens. */
const KEEP_ENTRIES = new Set(['teams', 'users', 'contexts', 'checks', 'required_check', 'reviewers']);

const count = (value: unknown) => (Array.isArray(value) ? value.length : value === undefined ? 0 : 1);

/**
 * Why `change` weakens a protection, or undefined. `describe` names a removed list entry for a reader
 * (a team id reference becomes `team release-managers`).
 */
export function weakening(change: AttributeChange, describe: (value: unknown) => string = (v) => brief(v, 60)): string | undefined {
  const name = leafName(change.path);
  const { before, after } = change;
  if (name === 'enabled' && /point_in_time_recovery/.test(change.path) && before === true && after !== true) {
    return `${change.path} turned off (point-in-time recovery)`;
  }
  if (KEEP_TRUE.has(name) && before === true && after !== true) return `${change.path} turned off (was true, now ${brief(after)})`;
  if (KEEP_FALSE.has(name) && before !== true && after === true) return `${change.path} turned on`;
  if (KEEP_HIGH.has(name) && typeof before === 'number' && typeof after === 'number' && after < before) {
    return `${change.path} lowered from ${before} to ${after}`;
  }
  if (name === 'status' && before === 'Enabled' && after !== 'Enabled') return `${change.path} changed from "Enabled" to ${brief(after)}`;
  if (KEEP_ENTRIES.has(name) && (Array.isArray(before) || Array.isArray(after))) {
    const lost = (Array.isArray(before) ? before : []).filter(
      (v) => !(Array.isArray(after) ? after : []).some((a) => brief(a) === brief(v)),
    );
    if (lost.length > 0 && count(after) <= count(before)) return `${change.path} no longer includes ${lost.map(describe).join(', ')}`;
  }
  return undefined;
}

/** The number of manual approval actions of an `aws_codepipeline` body. */
export function approvalActions(body: Record<string, unknown> | undefined): string[] {
  const stages = Array.isArray(body?.stage) ? body.stage : [];
  return stages.filter(isObject).flatMap((stage) =>
    (Array.isArray(stage.action) ? stage.action : [])
      .filter(isObject)
      .filter((action) => action.category === 'Approval')
      .map((action) => `${String(stage.name)}/${String(action.name)}`),
  );
}
