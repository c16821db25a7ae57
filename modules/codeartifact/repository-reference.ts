import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { codeArtifactDomainArn, codeArtifactPackagesArn, codeArtifactRepositoryArn, type CodeArtifactLocation } from '../core';

type Statement = DataAwsIamPolicyDocumentStatement;

/**
 * A repository of a CodeArtifact domain, by name (the platform stack creates it; a build in another account
 * refers to it): where it is, its ARNs, and the statements of a role that installs from it. One reference
 * replaces the domain, owner, region, name and two ARNs a caller would otherwise pass, and the statements it
 * would write by hand.
 */
export interface CodeArtifactRepositoryReference {
  /** The domain: its partition, region, owner account and name. */
  readonly location: CodeArtifactLocation;
  /** The repository's name. */
  readonly name: string;
  readonly domainArn: string;
  readonly arn: string;
  /** ARN of every package of the repository (any format, namespace and name). */
  readonly packagesArn: string;
  /** What a package manager needs to install from the repository: a token of the domain, its endpoint and reads. */
  grantRead(): Statement[];
}

/** A token of the domain (`codeartifact:GetAuthorizationToken`), which every login asks for first. */
export function codeArtifactTokenStatement(domainArn: string): Statement {
  return { sid: 'CodeArtifactToken', effect: 'Allow', actions: ['codeartifact:GetAuthorizationToken'], resources: [domainArn] };
}

/** The STS bearer token CodeArtifact's token is issued with; limited to CodeArtifact by a condition. */
export function codeArtifactBearerTokenStatement(): Statement {
  return {
    sid: 'CodeArtifactBearerToken',
    effect: 'Allow',
    actions: ['sts:GetServiceBearerToken'],
    // sts:GetServiceBearerToken has no resource type: IAM accepts only "*"; the condition narrows it to CodeArtifact
    resources: ['*'],
    condition: [{ test: 'StringEquals', variable: 'sts:AWSServiceName', values: ['codeartifact.amazonaws.com'] }],
  };
}

/** The repository `name` of the domain at `location`. */
export function codeArtifactRepository(location: CodeArtifactLocation, name: string): CodeArtifactRepositoryReference {
  const domainArn = codeArtifactDomainArn(location);
  const arn = codeArtifactRepositoryArn(location, name);
  return {
    location,
    name,
    domainArn,
    arn,
    packagesArn: codeArtifactPackagesArn(location, name),
    grantRead: () => [
      codeArtifactTokenStatement(domainArn),
      {
        sid: 'CodeArtifactRead',
        effect: 'Allow',
        actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
        resources: [arn],
      },
      codeArtifactBearerTokenStatement(),
    ],
  };
}
