import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from '../core';
import { DENY_APPROVALS_STATEMENT } from '../pipeline-approver-role';

/** GitHub Actions' OIDC token issuer. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The `sub` claim of a GitHub Actions job that runs in `environment` of `owner/repository`. */
export function githubEnvironmentSubject(owner: string, repository: string, environment: string): string {
  return `repo:${owner}/${repository}:environment:${environment}`;
}

export interface GithubOidcDeployRoleProps {
  /** GitHub organisation or user that owns the repository. */
  readonly owner: string;
  /** The one repository whose workflows may assume the role. */
  readonly repository: string;
  /** The one GitHub deployment environment whose jobs may assume the role. */
  readonly environment: string;
  /** Name of the role. */
  readonly roleName: string;
  /** Roles the deploy job assumes next (Terraform's deploy role, the state role); nothing else is granted. */
  readonly assumableRoleArns: readonly string[];
  /**
   * ARN of the account's GitHub OIDC provider when another stack owns it (the access stack); without it, this
   * construct creates the provider. @default a provider of its own
   */
  readonly providerArn?: string;
  /** Longest session, in seconds (3600-43200). @default 3600 */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * The GitHub Actions OIDC identity provider of an account and a deploy role only one repository's jobs in
 * one deployment environment can assume: the trust requires the audience and the exact `sub` claim
 * (StringEquals, no wildcard). The role may only assume the named roles: it is a stepping stone to the
 * environment's Terraform role and the state role, never a holder of permissions itself.
 */
export class GithubOidcDeployRole extends Construct {
  /** The provider this construct created; undefined when given `providerArn`. */
  readonly provider?: IamOpenidConnectProvider;
  readonly role: IamRole;
  readonly arn: string;
  /** The exact `sub` claim the trust policy requires. */
  readonly subject: string;

  constructor(scope: Construct, id: string, props: GithubOidcDeployRoleProps) {
    super(scope, id);
    const maxSessionDurationSeconds = props.maxSessionDurationSeconds ?? 3600;
    const where = `GithubOidcDeployRole ${this.node.path}`;
    for (const [field, value] of Object.entries({ owner: props.owner, repository: props.repository, environment: props.environment })) {
      if (value.length === 0 || /[*?:\s]/.test(value)) {
        throw new Error(`${where}: ${field} must be a plain name without wildcards, colons or spaces (got "${value}")`);
      }
    }
    if (props.assumableRoleArns.length === 0) {
      throw new Error(`${where}: assumableRoleArns must name at least one role`);
    }
    const wild = props.assumableRoleArns.find((arn) => arn.includes('*') || !/^arn:[a-z-]+:iam::\d{12}:role\/./.test(arn));
    if (wild !== undefined) throw new Error(`${where}: assumableRoleArns must be role ARNs without wildcards (got "${wild}")`);
    if (maxSessionDurationSeconds < 3600 || maxSessionDurationSeconds > 43200) {
      throw new Error(`${where}: maxSessionDurationSeconds must be 3600-43200 (got ${maxSessionDurationSeconds})`);
    }
    this.subject = githubEnvironmentSubject(props.owner, props.repository, props.environment);

    // AWS provider 6 needs no thumbprint: IAM trusts GitHub's certificate through its own CA library.
    this.provider =
      props.providerArn === undefined
        ? new IamOpenidConnectProvider(this, 'provider', { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: [GITHUB_OIDC_AUDIENCE] })
        : undefined;
    const providerArn = props.providerArn ?? (this.provider as IamOpenidConnectProvider).arn;

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'GitHubActionsEnvironment',
          effect: 'Allow',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [providerArn] }],
          condition: [
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: [GITHUB_OIDC_AUDIENCE] },
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:sub`, values: [this.subject] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `GitHub Actions deploys of ${props.owner}/${props.repository} in environment ${props.environment}`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: maxSessionDurationSeconds,
    });
    this.arn = this.role.arn;

    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        {
          sid: 'AssumeDeployRoles',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          resources: [...props.assumableRoleArns],
        },
        // a workflow never approves a pipeline: only the approver roles may
        DENY_APPROVALS_STATEMENT,
      ],
    });
    new IamRolePolicy(this, 'policy', { name: 'assume-deploy-roles', role: this.role.id, policy: permissions.json });
  }
}
