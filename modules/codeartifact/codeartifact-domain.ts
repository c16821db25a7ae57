import { CodeartifactDomain as AwsCodeartifactDomain } from '@cdktf/provider-aws/lib/codeartifact-domain';
import { CodeartifactDomainPermissionsPolicy } from '@cdktf/provider-aws/lib/codeartifact-domain-permissions-policy';
import { CodeartifactRepository } from '@cdktf/provider-aws/lib/codeartifact-repository';
import { CodeartifactRepositoryPermissionsPolicy } from '@cdktf/provider-aws/lib/codeartifact-repository-permissions-policy';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct, accountRootArn, codeArtifactPackagesArn } from '../core';
import { KmsKey } from '../kms-key';

/** One package ecosystem: an internal repository whose upstream is a proxy of the public registry. */
export interface CodeArtifactEcosystem {
  /** Ecosystem name, used in construct ids (`npm`, `pypi`, `maven`). */
  readonly name: string;
  /** Internal repository: what builds read and the release role publishes to. */
  readonly repository: string;
  /** Proxy repository with the external connection. */
  readonly proxyRepository: string;
  /** External connection of the proxy, e.g. `public:npmjs`. */
  readonly externalConnection: string;
  /** Roles (explicit ARNs, any account) that may read the internal repository. @default none */
  readonly readerRoleArns?: readonly string[];
  /**
   * `ArnLike` patterns that cover `readerRoleArns`, used instead of the list when the list would take more than
   * READER_LIST_BUDGET characters (a catalogue of a few dozen services): CodeArtifact caps a resource policy at
   * 7,168 characters. Without patterns a list that long fails synth. @default none
   */
  readonly readerRolePatterns?: readonly string[];
}

/** Characters of reader ARNs a policy may list before it switches to the ecosystem's patterns. */
export const READER_LIST_BUDGET = 3000;

/** The principals and condition that admit `readers`: the exact ARNs while they fit, else the patterns. */
function readerCondition(readers: readonly string[], patterns: readonly string[]): { test: string; values: string[] } {
  if (JSON.stringify(readers).length > READER_LIST_BUDGET && patterns.length > 0) {
    return { test: 'ArnLike', values: [...new Set(patterns)].sort() };
  }
  return { test: 'ArnEquals', values: [...readers] };
}

export interface CodeArtifactDomainProps {
  /** Domain name. */
  readonly domain: string;
  /** The account that owns the domain. */
  readonly accountId: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Alias (without `alias/`) of the domain's own customer managed key. */
  readonly keyAlias: string;
  readonly ecosystems: readonly CodeArtifactEcosystem[];
  /** The only role that may publish packages to the internal repositories. */
  readonly publisherRoleArn: string;
  /** Refuse `terraform destroy` of the key and the domain. @default true */
  readonly preventDestroy?: boolean;
}

/** CodeArtifact refuses resource policies longer than this (characters). */
export const CODEARTIFACT_POLICY_LIMIT = 7168;

const READ_ACTIONS = ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'];
const PUBLISH_ACTIONS = ['codeartifact:PublishPackageVersion', 'codeartifact:PutPackageMetadata'];

/** `arn:<partition>:iam::<account>:...` -> account id. */
function accountOf(arn: string): string {
  const account = arn.split(':')[4];
  if (!/^\d{12}$/.test(account ?? '')) throw new Error(`"${arn}" is not an IAM ARN with an account id`);
  return account;
}

/**
 * The internal repository's policy: its readers read (by ARN while the list fits, else by pattern), the release
 * role reads and publishes, and nobody else publishes, the owning account included.
 */
function internalRepositoryStatements(
  ecosystem: CodeArtifactEcosystem,
  repositoryArn: string,
  publisherRoleArn: string,
  at: { partition: string; publisherAccount: string; packageArn: (repository: string) => string },
): DataAwsIamPolicyDocumentStatement[] {
  const readers = [...new Set(ecosystem.readerRoleArns ?? [])].sort();
  const admitted = readerCondition(readers, ecosystem.readerRolePatterns ?? []);
  const publisher = [{ type: 'AWS', identifiers: [accountRootArn(at.partition, at.publisherAccount)] }];
  const packages = at.packageArn(ecosystem.repository);
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (readers.length > 0) {
    statements.push({
      sid: 'BuildRolesRead',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: rootsOf(at.partition, readers) }],
      actions: READ_ACTIONS,
      resources: [repositoryArn],
      condition: [{ test: admitted.test, variable: 'aws:PrincipalArn', values: admitted.values }],
    });
  }
  const byPublisher = [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [publisherRoleArn] }];
  statements.push(
    {
      sid: 'ReleaseRoleReads',
      effect: 'Allow',
      principals: publisher,
      actions: READ_ACTIONS,
      resources: [repositoryArn],
      condition: byPublisher,
    },
    {
      sid: 'ReleaseRolePublishes',
      effect: 'Allow',
      principals: publisher,
      actions: PUBLISH_ACTIONS,
      resources: [packages],
      condition: byPublisher,
    },
    {
      // also binds principals of the owning account, whose own IAM policies need no resource policy
      sid: 'OnlyReleaseRolePublishes',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: PUBLISH_ACTIONS,
      resources: [packages],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [publisherRoleArn] }],
    },
  );
  return statements;
}

/**
 * The organisation's CodeArtifact domain: encrypted with its own customer managed key; per ecosystem an
 * internal repository whose upstream is a proxy of the public registry. Resource policies name every
 * principal explicitly: the other accounts as principals, their roles by ARN in `aws:PrincipalArn`
 * (a condition does not require the role to exist yet, so the platform stack can be applied before the
 * environments that create those roles). Only the publisher role may publish; nobody publishes to a proxy.
 */
export class CodeArtifactDomain extends Construct {
  readonly key: KmsKey;
  readonly domain: AwsCodeartifactDomain;
  /** Internal repositories by ecosystem name. */
  readonly repositories: Readonly<Record<string, CodeartifactRepository>>;
  /** Proxy repositories by ecosystem name. */
  readonly proxies: Readonly<Record<string, CodeartifactRepository>>;
  readonly domainArn: string;

  constructor(scope: Construct, id: string, props: CodeArtifactDomainProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const preventDestroy = props.preventDestroy ?? true;
    const names = props.ecosystems.map((e) => e.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) throw new Error(`CodeArtifactDomain ${props.domain}: ecosystem "${repeated}" is listed twice`);
    if (props.ecosystems.length === 0) throw new Error(`CodeArtifactDomain ${props.domain}: needs at least one ecosystem`);

    const packageArn = (repository: string) =>
      codeArtifactPackagesArn({ partition, region: props.region, accountId: props.accountId, domain: props.domain }, repository);
    const publisherAccount = accountOf(props.publisherRoleArn);

    this.key = new KmsKey(this, 'key', {
      alias: props.keyAlias,
      description: `Encrypts the packages of the CodeArtifact domain ${props.domain}`,
      accountId: props.accountId,
      partition,
      preventDestroy,
    });

    this.domain = new AwsCodeartifactDomain(this, 'domain', {
      domain: props.domain,
      encryptionKey: this.key.arn,
      lifecycle: { preventDestroy },
    });
    this.domainArn = this.domain.arn;

    const repositories: Record<string, CodeartifactRepository> = {};
    const proxies: Record<string, CodeartifactRepository> = {};
    for (const ecosystem of props.ecosystems) {
      const created = this.addEcosystem(ecosystem, props, { partition, publisherAccount, packageArn });
      proxies[ecosystem.name] = created.proxy;
      repositories[ecosystem.name] = created.repository;
    }
    this.repositories = repositories;
    this.proxies = proxies;
    this.domainPolicy(props, partition);
  }

  /** An ecosystem's proxy of the public registry and its internal repository, each with its resource policy. */
  private addEcosystem(
    ecosystem: CodeArtifactEcosystem,
    props: CodeArtifactDomainProps,
    at: { partition: string; publisherAccount: string; packageArn: (repository: string) => string },
  ): { proxy: CodeartifactRepository; repository: CodeartifactRepository } {
    const proxy = new CodeartifactRepository(this, `${ecosystem.name}-proxy`, {
      repository: ecosystem.proxyRepository,
      domain: this.domain.domain,
      domainOwner: props.accountId,
      description: `Proxy of ${ecosystem.externalConnection}: caches public ${ecosystem.name} packages`,
      externalConnections: { externalConnectionName: ecosystem.externalConnection },
    });
    const repository = new CodeartifactRepository(this, ecosystem.name, {
      repository: ecosystem.repository,
      domain: this.domain.domain,
      domainOwner: props.accountId,
      description: `Internal ${ecosystem.name} packages; public packages through ${ecosystem.proxyRepository}`,
      upstream: [{ repositoryName: proxy.repository }],
    });
    const statements = internalRepositoryStatements(ecosystem, repository.arn, props.publisherRoleArn, at);
    this.policy(`${ecosystem.name}-policy`, ecosystem.repository, statements, (json) => {
      new CodeartifactRepositoryPermissionsPolicy(this, `${ecosystem.name}-policy`, {
        domain: this.domain.domain,
        domainOwner: props.accountId,
        repository: repository.repository,
        policyDocument: json,
      });
    });
    const noPublishing: DataAwsIamPolicyDocumentStatement = {
      sid: 'NobodyPublishesToAProxy',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: PUBLISH_ACTIONS,
      resources: [at.packageArn(ecosystem.proxyRepository)],
    };
    this.policy(`${ecosystem.name}-proxy-policy`, ecosystem.proxyRepository, [noPublishing], (json) => {
      new CodeartifactRepositoryPermissionsPolicy(this, `${ecosystem.name}-proxy-policy`, {
        domain: this.domain.domain,
        domainOwner: props.accountId,
        repository: proxy.repository,
        policyDocument: json,
      });
    });
    return { proxy, repository };
  }

  /** The domain's policy: every reader of any ecosystem, and the release role, may get an authorization token. */
  private domainPolicy(props: CodeArtifactDomainProps, partition: string): void {
    const allReaders = [...new Set(props.ecosystems.flatMap((e) => e.readerRoleArns ?? []))].sort();
    const allPatterns = [...new Set(props.ecosystems.flatMap((e) => e.readerRolePatterns ?? []))];
    const readersAdmitted = readerCondition(allReaders, allPatterns);
    const tokenHolders = [...readersAdmitted.values, props.publisherRoleArn].filter((v, i, all) => all.indexOf(v) === i).sort();
    this.policy(
      'domain-policy',
      props.domain,
      [
        {
          sid: 'ReadersAndReleaseRoleGetTokens',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: rootsOf(partition, tokenHolders) }],
          actions: ['codeartifact:GetAuthorizationToken'],
          resources: [this.domain.arn],
          condition: [{ test: readersAdmitted.test, variable: 'aws:PrincipalArn', values: tokenHolders }],
        },
      ],
      (json) => {
        new CodeartifactDomainPermissionsPolicy(this, 'domain-policy', {
          domain: this.domain.domain,
          domainOwner: props.accountId,
          policyDocument: json,
        });
      },
    );
  }

  /** A policy document, refused early when CodeArtifact would refuse it for its size. */
  private policy(id: string, owner: string, statements: DataAwsIamPolicyDocumentStatement[], attach: (json: string) => void): void {
    // references (repository ARNs) synthesize shorter than they resolve: allow 200 characters per statement
    const estimate = JSON.stringify({ Version: '2012-10-17', Statement: statements }).length + 200 * statements.length;
    if (estimate > CODEARTIFACT_POLICY_LIMIT) {
      throw new Error(
        `CodeArtifactDomain: the resource policy of ${owner} would be about ${estimate} characters; CodeArtifact accepts ` +
          `${CODEARTIFACT_POLICY_LIMIT}. Too many reader roles: set build.codeArtifact to false for services that do not need it, ` +
          'or split the ecosystem into more repositories',
      );
    }
    const document = new DataAwsIamPolicyDocument(this, `${id}-document`, { statement: statements });
    attach(document.json);
  }
}

/** The account roots of `arns`, sorted and once each: the explicit principals of a cross-account grant. */
function rootsOf(partition: string, arns: readonly string[]): string[] {
  return [...new Set(arns.map((arn) => accountRootArn(partition, accountOf(arn))))].sort();
}
