import { TeamRepository } from '@cdktf/provider-github/lib/team-repository';
import { Construct, Token } from '../core';

/** Repository permissions a team may hold; `admin` stays with the identity that runs Terraform. */
export type TeamRepositoryPermission = 'pull' | 'triage' | 'push' | 'maintain';

/** A team's access to a repository. */
export interface TeamAccess {
  /** The team's slug: the construct id of the grant (stable). */
  readonly slug: string;
  /** The team's id (or slug), e.g. a `github_team` resource's id. */
  readonly teamId: string;
  readonly permission: TeamRepositoryPermission;
}

export interface RepositoryTeamAccessProps {
  /** Repository name. */
  readonly repository: string;
  /** Teams and their permissions; each team once. */
  readonly teams: readonly TeamAccess[];
}

/** Teams' permissions on one repository (`github_team_repository`), each team once, never `admin`. */
export class RepositoryTeamAccess extends Construct {
  constructor(scope: Construct, id: string, props: RepositoryTeamAccessProps) {
    super(scope, id);
    const slugs = props.teams.map((t) => t.slug);
    const repeated = slugs.find((s, i) => slugs.indexOf(s) !== i);
    if (repeated !== undefined) {
      const repository = Token.isUnresolved(props.repository) ? 'the repository' : props.repository;
      throw new Error(`RepositoryTeamAccess ${this.node.path}: team "${repeated}" is granted access to ${repository} twice`);
    }
    for (const team of props.teams) {
      new TeamRepository(this, team.slug, { teamId: team.teamId, repository: props.repository, permission: team.permission });
    }
  }
}
