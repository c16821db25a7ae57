import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppress } from '../../vocabulary/suppressions';
import { Construct, iamRoleArn } from '../core';
import { GITHUB_OIDC_HOST, githubOidcProviderArn } from '../github-oidc-deploy-role';
import { DENY_APPROVALS_STATEMENT } from '../pipeline-approver-role';
import { AccountRoles } from './account-roles';
import { isWriteAction } from './actions';
import { serviceAccess } from './environment-access';
import { planStatements, type AccountScope, type ServiceAccess } from './service-access';
import { trustedThroughRoot } from './trust';

export interface PlanRoleProps extends AccountScope {
  /** Name of the role (`account.planRoleName`). */
  readonly roleName: string;
  /** ARN of the account's GitHub Actions OIDC provider (a reference: it must exist before the role). */
  readonly oidcProviderArn: string;
  /** The audience the OIDC login requests. */
  readonly audience: string;
  /** Exact `sub` claims that may assume the role: the platform repository's `plan` environment, which every plan job runs in. */
  readonly subjects: readonly string[];
  /** The (read-only) state role in the management account, which plans read the state through. */
  readonly stateRoleArn: string;
  /** Roles outside the platform prefix the environment stack manages (the GitHub deploy role). @default none */
  readonly extraRoleNames?: readonly string[];
  /** The permissions boundary policy (read, to plan it). */
  readonly boundaryArn: string;
  /** What its stacks create outside IAM: it gets the `read` half. @default serviceAccess(scope), the environment stacks' */
  readonly access?: readonly ServiceAccess[];
  /** Why the role carries no permissions boundary (the PLAT-BND-001 suppression). @default the environment accounts' reason */
  readonly boundaryExemption?: string;
  /** The role's description. @default the environment accounts' plan role */
  readonly description?: string;
}

/**
 * The read-only role pull-request plans and drift detection run as in an environment account: trusted by the
 * platform repository's `plan` environment (OIDC, exact `sub`), and by itself, so that the
 * stack's provider can assume it again (`var.aws_role_name`). It reads what the environment stacks create
 * (the read half of modules/account-access/environment-access.ts) and may assume only itself and the state role.
 * It holds no write action; the constructor refuses one.
 */
export class PlanRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  /** Every action of its permissions policy, sorted. */
  readonly actions: readonly string[];

  constructor(scope: Construct, id: string, props: PlanRoleProps) {
    super(scope, id);
    const access = props.access ?? serviceAccess(props);
    const description = props.description ?? 'Read-only plans and drift detection of the CI/CD platform in this account';
    const { partition, accountId } = props;
    const where = `PlanRole ${this.node.path}`;
    if (props.subjects.length === 0) throw new Error(`${where}: subjects must name at least one OIDC subject`);
    const wild = props.subjects.find((s) => /[*?\s]/.test(s) || !s.startsWith('repo:'));
    if (wild !== undefined)
      throw new Error(`${where}: subjects must be exact "repo:<owner>/<repo>:..." claims without wildcards (got "${wild}")`);
    const ownArn = iamRoleArn(partition, accountId, props.roleName);

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'GitHubPlanEnvironment',
          effect: 'Allow',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: [props.audience] },
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:sub`, values: [...props.subjects].sort() },
          ],
        },
        // the workflow logs in as this role, then the stack's AWS provider assumes var.aws_role_name = this role
        trustedThroughRoot(partition, 'ItselfForTheProvider', [ownArn]),
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    this.arn = this.role.arn;
    suppress(
      this.role,
      'PLAT-BND-001',
      props.boundaryExemption ??
        'read-only role created before the boundary exists (the environment stack creates it); its own policy holds no write action, which the constructor enforces',
    );

    // it plans the access stack too: its own role is read like the others
    const roles = new AccountRoles({
      partition,
      accountId,
      prefix: props.prefix,
      names: [...(props.extraRoleNames ?? []), props.roleName],
      boundaryArn: props.boundaryArn,
    });
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      ...planStatements(access),
      roles.grantRead(),
      {
        sid: 'ReadOidcProvider',
        effect: 'Allow',
        actions: ['iam:GetOpenIDConnectProvider'],
        resources: [githubOidcProviderArn(partition, accountId)],
      },
      { sid: 'AssumeItselfAndTheStateRole', effect: 'Allow', actions: ['sts:AssumeRole'], resources: [ownArn, props.stateRoleArn] },
    ];
    this.actions = [...new Set(statements.flatMap((s) => s.actions ?? []))].sort();
    const writes = this.actions.filter(isWriteAction);
    if (writes.length > 0) throw new Error(`${where}: a plan role may not hold write actions (got ${writes.join(', ')})`);
    // no boundary caps it: the approvals only the approver roles may give are denied here
    const policy = new DataAwsIamPolicyDocument(this, 'permissions', { statement: [...statements, DENY_APPROVALS_STATEMENT] });
    new IamRolePolicy(this, 'policy', { name: 'read-only-plans', role: this.role.id, policy: policy.json });
  }
}
