import { Team } from '@cdktf/provider-github/lib/team';
import { Construct } from '../core';

export interface GithubTeamProps {
  /** The team's name, which GitHub turns into its slug: give it in slug form so both are the same. */
  readonly slug: string;
  /** What the team does. */
  readonly description: string;
  /** `closed` (visible to the organisation) or `secret`. @default 'closed' */
  readonly privacy?: 'closed' | 'secret';
}

/**
 * A GitHub team of the organisation. Only the team is managed here; its members come from the identity
 * provider (team sync) or the organisation's owners, so the creator is not added as a maintainer.
 */
export class GithubTeam extends Construct {
  readonly team: Team;
  /** The team's numeric id, as a string (for `github_team_repository` and environment reviewers). */
  readonly id: string;
  readonly slug: string;

  constructor(scope: Construct, id: string, props: GithubTeamProps) {
    super(scope, id);
    const privacy = props.privacy ?? 'closed';
    if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(props.slug)) {
      throw new Error(`GithubTeam ${this.node.path}: slug must be lower-case letters, digits and hyphens (got "${props.slug}")`);
    }
    this.team = new Team(this, 'team', {
      name: props.slug,
      description: props.description,
      privacy,
      createDefaultMaintainer: false,
    });
    this.id = this.team.id;
    this.slug = props.slug;
  }
}
