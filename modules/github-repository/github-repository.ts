import { BranchDefault } from '@cdktf/provider-github/lib/branch-default';
import { Repository, type RepositorySecurityAndAnalysis } from '@cdktf/provider-github/lib/repository';
import { RepositoryFile } from '@cdktf/provider-github/lib/repository-file';
import { Construct } from '../core';
import { DefaultBranchProtection } from '../github-branch-protection';
import { formatCodeOwners, type CodeOwnersRule } from './code-owners';
import { RepositoryTeamAccess, type TeamAccess } from './team-access';

/** How pull requests may be merged; `merge` commits break linear history and are not offered. */
export type MergeMethod = 'squash' | 'rebase';

export interface GithubRepositoryProps {
  /** Repository name. */
  readonly name: string;
  /** One line on what it holds. */
  readonly description: string;
  /** `private` or `internal`; never public. @default 'private' */
  readonly visibility?: 'private' | 'internal';
  /** Topics. @default [] */
  readonly topics?: readonly string[];
  /** Allowed merge methods. @default ['squash'] */
  readonly mergeMethods?: readonly MergeMethod[];
  /** Secret scanning (needs GitHub Secret Protection on private repositories). @default true */
  readonly secretScanning?: boolean;
  /** Push protection for detected secrets (needs secret scanning). @default true */
  readonly secretScanningPushProtection?: boolean;
  /** The default (protected) branch. @default 'main' */
  readonly defaultBranch?: string;
  /** CODEOWNERS rules, committed to `.github/CODEOWNERS` when the repository is created. */
  readonly codeOwners: readonly CodeOwnersRule[];
  /** Teams and their permissions. @default [] */
  readonly teams?: readonly TeamAccess[];
  /** Approving reviews a pull request to the default branch needs (1-6). */
  readonly requiredApprovingReviewCount: number;
  /** Status checks the default branch requires, exactly as the builds report them. */
  readonly requiredStatusChecks: readonly string[];
  /** Archive instead of deleting on `terraform destroy`. @default true */
  readonly archiveOnDestroy?: boolean;
}

/**
 * A service repository: private or internal, vulnerability alerts, secret scanning with push protection,
 * squash/rebase merges only, branches deleted on merge, archived (not deleted) on destroy, a CODEOWNERS
 * file, team permissions and a protected default branch.
 *
 * CODEOWNERS is committed once, before the branch is protected: afterwards the protection (admins
 * included) refuses direct commits, so later ownership changes go through a pull request in the
 * repository and Terraform ignores the file's content from then on.
 */
export class GithubRepository extends Construct {
  readonly repository: Repository;
  readonly protection: DefaultBranchProtection;
  /** The repository's name. */
  readonly name: string;
  /** The teams' access to it, as granted. */
  readonly teams: readonly TeamAccess[];

  constructor(scope: Construct, id: string, props: GithubRepositoryProps) {
    super(scope, id);
    const visibility = props.visibility ?? 'private';
    const topics = props.topics ?? [];
    const mergeMethods = props.mergeMethods ?? ['squash'];
    const secretScanning = props.secretScanning ?? true;
    const pushProtection = props.secretScanningPushProtection ?? true;
    const defaultBranch = props.defaultBranch ?? 'main';
    const teams = props.teams ?? [];
    const archiveOnDestroy = props.archiveOnDestroy ?? true;
    this.teams = teams;

    if (mergeMethods.length === 0) throw new Error(`GithubRepository ${this.node.path}: mergeMethods must allow at least one method`);
    if (pushProtection && !secretScanning) {
      throw new Error(`GithubRepository ${this.node.path}: secretScanningPushProtection needs secretScanning`);
    }

    // Off means "not managed": on a plan without Secret Protection GitHub refuses even a "disabled" status.
    const securityAndAnalysis: RepositorySecurityAndAnalysis | undefined = secretScanning
      ? {
          secretScanning: { status: 'enabled' },
          secretScanningPushProtection: { status: pushProtection ? 'enabled' : 'disabled' },
        }
      : undefined;

    this.repository = new Repository(this, 'repository', {
      name: props.name,
      description: props.description,
      visibility,
      topics: [...topics],
      autoInit: true,
      vulnerabilityAlerts: true,
      securityAndAnalysis,
      allowSquashMerge: mergeMethods.includes('squash'),
      allowRebaseMerge: mergeMethods.includes('rebase'),
      allowMergeCommit: false,
      allowAutoMerge: false,
      allowUpdateBranch: true,
      deleteBranchOnMerge: true,
      hasIssues: true,
      hasWiki: false,
      hasProjects: false,
      archiveOnDestroy,
    });
    this.name = this.repository.name;

    const branch = new BranchDefault(this, 'default-branch', {
      repository: this.repository.name,
      branch: defaultBranch,
      rename: true,
    });

    const codeOwners = new RepositoryFile(this, 'codeowners', {
      repository: this.repository.name,
      branch: branch.branch,
      file: '.github/CODEOWNERS',
      content: formatCodeOwners(props.codeOwners),
      commitMessage: 'Add CODEOWNERS (managed by the CI/CD platform)',
      overwriteOnCreate: true,
      // Seeded once: the protected branch refuses later direct commits (see the class doc).
      lifecycle: { ignoreChanges: ['content', 'commit_message'] },
    });

    new RepositoryTeamAccess(this, 'teams', { repository: this.repository.name, teams });

    this.protection = new DefaultBranchProtection(this, 'protection', {
      repository: this.repository.nodeId,
      branch: defaultBranch,
      requiredApprovingReviewCount: props.requiredApprovingReviewCount,
      requiredStatusChecks: props.requiredStatusChecks,
      dependsOn: [codeOwners, branch],
    });
  }
}
