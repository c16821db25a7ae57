import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { codeArtifactBearerTokenStatement, codeArtifactRepository, codeArtifactTokenStatement } from '../codeartifact';
import { Construct, codeArtifactDomainArn, type CodeArtifactLocation } from '../core';

const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** One repository and one deployment environment, no wildcard: what GitHub puts in `sub` for an environment's jobs. */
const ENVIRONMENT_SUBJECT = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+:environment:[A-Za-z0-9._-]+$/;

export interface PackageReleaseRoleProps {
  /** Name of the role (no path): the one the domain's and repositories' policies name as the only publisher. */
  readonly roleName: string;
  /** ARN of the account's GitHub Actions OIDC provider. */
  readonly oidcProviderArn: string;
  /** Exact OIDC subjects that may assume the role, each `repo:<owner>/<repository>:environment:<environment>`. */
  readonly subjects: readonly string[];
  /** @default 'sts.amazonaws.com' */
  readonly audience?: string;
  /** The CodeArtifact domain. */
  readonly location: CodeArtifactLocation;
  /** Internal repositories of the domain the role publishes to (no proxy: nobody publishes to one). */
  readonly repositories: readonly string[];
  /** @default 3600 */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * The CodeArtifact release role: the only principal that may publish to the internal repositories. Trusted
 * by GitHub Actions jobs of exactly the given `sub` values (a deployment environment per repository, which
 * GitHub opens to release tags only), allowed to publish to exactly those repositories and nothing else.
 */
export class PackageReleaseRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: PackageReleaseRoleProps) {
    super(scope, id);
    const audience = props.audience ?? 'sts.amazonaws.com';
    const maxSessionDuration = props.maxSessionDurationSeconds ?? 3600;
    const where = `PackageReleaseRole ${props.roleName}`;
    const subjects = [...new Set(props.subjects)].sort();
    const repositories = [...new Set(props.repositories)].sort();
    if (subjects.length === 0) throw new Error(`${where}: needs at least one OIDC subject (a service that publishes packages)`);
    const loose = subjects.filter((s) => !ENVIRONMENT_SUBJECT.test(s));
    if (loose.length > 0) {
      throw new Error(
        `${where}: subjects must be repo:<owner>/<repository>:environment:<environment>, without wildcards (got ${loose.join(', ')})`,
      );
    }
    if (repositories.length === 0) throw new Error(`${where}: needs at least one repository to publish to`);

    const trust = new DataAwsIamPolicyDocument(this, 'assume-role', {
      statement: [
        {
          sid: 'GithubReleaseJobs',
          effect: 'Allow',
          principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
          actions: ['sts:AssumeRoleWithWebIdentity'],
          condition: [
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: [audience] },
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:sub`, values: subjects },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'Publishes packages to the internal CodeArtifact repositories from release jobs',
      assumeRolePolicy: trust.json,
      maxSessionDuration,
    });
    this.arn = this.role.arn;

    const references = repositories.map((r) => codeArtifactRepository(props.location, r));
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      codeArtifactTokenStatement(codeArtifactDomainArn(props.location)),
      {
        // package managers read the package's metadata and the endpoint before they publish
        sid: 'ReadInternalRepositories',
        effect: 'Allow',
        actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
        resources: references.map((r) => r.arn),
      },
      {
        sid: 'PublishToInternalRepositories',
        effect: 'Allow',
        actions: ['codeartifact:PublishPackageVersion', 'codeartifact:PutPackageMetadata'],
        // any package of those repositories: package names are the services' own, not known here
        resources: references.map((r) => r.packagesArn),
      },
      codeArtifactBearerTokenStatement(),
    ];
    // no KMS statement: CodeArtifact encrypts with the domain key through its own grant, not the caller's rights
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    new IamRolePolicy(this, 'policy', { name: 'publish-internal-packages', role: this.role.id, policy: policy.json });
  }
}
