import type { BoundaryStatement } from '../../modules/core';
import { formatArn, s3Arn } from '../../modules/core';
import { rolesOf, statementsOfPolicy } from './roles';

/**
 * What the roles that carry the platform's permissions boundary are allowed, as (action, resource) pairs with the
 * boundary of their account: the input of the check that the boundary never refuses what a role's own policy grants
 * (it names resources now, so an action in the catalogue is not enough). References to resources of the same stack
 * (`${aws_s3_bucket.x.arn}`) are resolved to the ARN the resource will have, from its name.
 */

type Where = { partition: string; region: string; account: string };

/** The ARN of a resource of `type` from its synthesized body, for the types role policies refer to. */
const ARN_OF: Readonly<Record<string, (body: any, at: Where) => string>> = {
  aws_s3_bucket: (b, at) => s3Arn(at.partition, b.bucket),
  aws_cloudwatch_log_group: (b, at) => regional(at, 'logs', `log-group:${b.name}`),
  aws_codebuild_project: (b, at) => regional(at, 'codebuild', `project/${b.name}`),
  aws_codebuild_report_group: (b, at) => regional(at, 'codebuild', `report-group/${b.name}`),
  aws_codedeploy_app: (b, at) => regional(at, 'codedeploy', `application:${b.name}`),
  aws_codedeploy_deployment_group: (b, at) => regional(at, 'codedeploy', `deploymentgroup:${b.app_name}/${b.deployment_group_name}`),
  aws_sns_topic: (b, at) => regional(at, 'sns', b.name),
  aws_dynamodb_table: (b, at) => regional(at, 'dynamodb', `table/${b.name}`),
  aws_cloudwatch_metric_alarm: (b, at) => regional(at, 'cloudwatch', `alarm:${b.alarm_name}`),
  // no name in their ARNs: an ID stands for any
  aws_kms_key: (_b, at) => regional(at, 'kms', 'key/00000000-0000-0000-0000-000000000000'),
  aws_codestarconnections_connection: (_b, at) => regional(at, 'codestar-connections', 'connection/00000000'),
};

function regional(at: Where, service: string, resource: string): string {
  return formatArn({ partition: at.partition, service, region: at.region, account: at.account, resource });
}

const REFERENCE = /\$\{([a-z0-9_]+)\.([^.}]+)\.(arn|name)\}/g;

/** `value` with the references to resources of `tf` replaced (ARNs and names); throws on one it cannot resolve. */
function resolve(tf: Record<string, any>, value: string, at: Where): string {
  return value.replace(REFERENCE, (_match, type: string, id: string, attribute: string) => {
    const body = tf.resource?.[type]?.[id];
    const arnOf = ARN_OF[type];
    if (body === undefined || (attribute === 'arn' && arnOf === undefined)) {
      throw new Error(`rolePermissions: cannot resolve ${type}.${id}.${attribute}: teach ARN_OF in __tests__/support/boundary.ts`);
    }
    return resolve(tf, attribute === 'arn' ? arnOf(body, at) : body.name, at);
  });
}

export interface RolePermission {
  readonly stack: string;
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  /** The statements of the platform boundary of the role's account. */
  readonly boundary: BoundaryStatement[];
}

/** The (action, resource) pairs every role carrying the platform boundary is allowed by its inline policies. */
export function rolePermissions(
  stacks: readonly (readonly [string, Record<string, any>])[],
  boundaryName = 'acme-cicd-permissions-boundary',
): RolePermission[] {
  const boundaries = new Map<string, BoundaryStatement[]>();
  const accountOf = (tf: Record<string, any>): string => tf.provider.aws[0].allowed_account_ids[0];
  for (const [, tf] of stacks) {
    const policy = Object.values<any>(tf.resource?.aws_iam_policy ?? {}).find((p) => p.name === boundaryName);
    if (policy !== undefined) boundaries.set(accountOf(tf), statementsOfPolicy(tf, policy.policy) as never);
  }
  return stacks.flatMap(([stack, tf]) => {
    const at = { partition: 'aws', region: tf.provider.aws[0].region, account: accountOf(tf) };
    const boundary = boundaries.get(at.account)!;
    return rolesOf([{ name: stack, tf }])
      .filter((role) => (role.boundary ?? '').includes('permissions-boundary'))
      .flatMap((role) =>
        role.statements
          .filter((s) => (s.effect ?? 'Allow') === 'Allow')
          .flatMap((s) =>
            (s.actions ?? []).flatMap((action) =>
              (s.resources ?? []).map((resource) => ({ stack, role: role.name, action, resource: resolve(tf, resource, at), boundary })),
            ),
          ),
      );
  });
}
