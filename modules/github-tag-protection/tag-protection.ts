import { RepositoryRuleset } from '@cdktf/provider-github/lib/repository-ruleset';
import { Construct, Token } from '../core';

/**
 * GitHub's id of the built-in repository `admin` role, as a ruleset's `RepositoryRole` bypass actor
 * (maintain is 2, write 4, admin 5).
 */
export const REPOSITORY_ADMIN_ROLE_ID = 5;

export interface TagProtectionProps {
  /** Repository name (a literal or a reference, which orders the ruleset after its repository). */
  readonly repository: string;
  /** Tag name patterns to protect, fnmatch style as GitHub takes them, without `refs/tags/` (e.g. `v*`). */
  readonly tagPatterns: readonly string[];
  /** Ids of the teams that may create, move and delete the protected tags (numbers or tokens). @default none */
  readonly bypassTeamIds?: readonly string[];
  /** Whether repository admins may create, move and delete the protected tags. @default true */
  readonly bypassRepositoryAdmins?: boolean;
  /** Ruleset name, unique in the repository. @default `release-tags` */
  readonly name?: string;
}

/**
 * A tag ruleset (`github_repository_ruleset`, target `tag`, enforcement `active`) on one repository: only its
 * bypass actors (the given teams, and repository admins) may create, update (move) or delete tags matching the
 * patterns, and nobody may force-update them. Anyone else with write access is refused such a push.
 */
export class TagProtection extends Construct {
  readonly ruleset: RepositoryRuleset;

  constructor(scope: Construct, id: string, props: TagProtectionProps) {
    super(scope, id);
    const bypassTeamIds = props.bypassTeamIds ?? [];
    const bypassRepositoryAdmins = props.bypassRepositoryAdmins ?? true;
    const name = props.name ?? 'release-tags';
    const repository = Token.isUnresolved(props.repository) ? 'the repository' : props.repository;
    const where = `TagProtection ${this.node.path} (${repository})`;

    if (props.tagPatterns.length === 0) throw new Error(`${where}: tagPatterns needs at least one pattern`);
    for (const pattern of props.tagPatterns) {
      if (pattern.trim() === '' || pattern.startsWith('refs/')) {
        throw new Error(`${where}: tag pattern "${pattern}" must be a non-empty tag name pattern without the refs/tags/ prefix`);
      }
    }
    for (const teamId of bypassTeamIds) {
      if (!Token.isUnresolved(teamId) && !/^[1-9][0-9]*$/.test(teamId)) {
        throw new Error(`${where}: bypass team id "${teamId}" must be a team's numeric id (or a reference to one)`);
      }
    }
    if (new Set(props.tagPatterns).size !== props.tagPatterns.length) {
      throw new Error(`${where}: tagPatterns lists a pattern twice`);
    }

    this.ruleset = new RepositoryRuleset(this, 'ruleset', {
      repository: props.repository,
      name,
      target: 'tag',
      enforcement: 'active',
      conditions: { refName: { include: props.tagPatterns.map((p) => `refs/tags/${p}`), exclude: [] } },
      rules: { creation: true, update: true, deletion: true, nonFastForward: true },
      bypassActors: [
        ...bypassTeamIds.map((teamId) => ({
          actorId: Token.isUnresolved(teamId) ? Token.asNumber(teamId) : Number(teamId),
          actorType: 'Team',
          bypassMode: 'always',
        })),
        ...(bypassRepositoryAdmins ? [{ actorId: REPOSITORY_ADMIN_ROLE_ID, actorType: 'RepositoryRole', bypassMode: 'always' }] : []),
      ],
    });
  }
}
