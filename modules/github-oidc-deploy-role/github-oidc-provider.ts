import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct, oidcProviderArn } from '../core';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from './github-oidc-deploy-role';

/** ARN of an account's GitHub Actions OIDC provider, known before it exists. */
export function githubOidcProviderArn(partition: string, accountId: string): string {
  return oidcProviderArn(partition, accountId, GITHUB_OIDC_HOST);
}

/** The GitHub Actions OIDC identity provider of an account (one per account), audience `sts.amazonaws.com`. */
export class GithubOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly arn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // AWS provider 6 needs no thumbprint: IAM trusts GitHub's certificate through its own CA library.
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    this.arn = this.provider.arn;
  }
}
