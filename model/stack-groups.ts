import type { EnvironmentConfig, ServiceConfig, StackGroup } from '../environments/schema';
import { groupStackName } from './names';

/** A stack split out of an environment for one group of `stackGroups`, and the services it owns. */
export interface GroupStackPlan {
  /** The stack's name and state key prefix: `<environment>-<group>`. */
  readonly stackName: string;
  readonly group: StackGroup;
  /** The services of the group's teams, in catalogue order. */
  readonly services: readonly ServiceConfig[];
}

/** Which stack of an environment owns each service. */
export interface ServiceStackPlan {
  /** Services of no group: they stay in the environment's own stack, `<environment>`. */
  readonly own: readonly ServiceConfig[];
  /** One stack per group, in the order the groups are listed. */
  readonly groups: readonly GroupStackPlan[];
}

/** Which stack of `environment` owns each service. Pure and deterministic. */
export function planServiceStacks(environment: EnvironmentConfig, services: readonly ServiceConfig[]): ServiceStackPlan {
  const groupOfTeam = new Map(environment.stackGroups.flatMap((group) => group.teams.map((team) => [team, group] as const)));
  return {
    own: services.filter((s) => !groupOfTeam.has(s.team)),
    groups: environment.stackGroups.map((group) => ({
      stackName: groupStackName(environment.name, group.name),
      group,
      services: services.filter((s) => groupOfTeam.get(s.team) === group),
    })),
  };
}

/**
 * Cross-file checks of `stackGroups`: group names and teams appear once per environment, and every team
 * named owns a service. Returns one message per problem (the loader turns them into a ConfigError).
 */
export function stackGroupProblems(environment: EnvironmentConfig, services: readonly ServiceConfig[]): string[] {
  const where = `environments/${environment.name}.ts (environment "${environment.name}")`;
  const problems: string[] = [];
  const names = new Set<string>();
  const teamGroup = new Map<string, string>();
  const teams = [...new Set(services.map((s) => s.team))].sort();
  environment.stackGroups.forEach((group, index) => {
    if (names.has(group.name)) {
      problems.push(`${where}: stackGroups[${index}].name: "${group.name}" is used by an earlier group; each group name appears once`);
    }
    names.add(group.name);
    group.teams.forEach((team, t) => {
      const field = `stackGroups[${index}].teams[${t}]`;
      const other = teamGroup.get(team);
      if (other !== undefined) {
        problems.push(`${where}: ${field}: team "${team}" is already in group "${other}"; a team's services live in one stack`);
      } else if (!teams.includes(team)) {
        problems.push(
          `${where}: ${field}: team "${team}" owns no service in environments/services.ts (teams that do: ${teams.join(', ') || 'none'})`,
        );
      }
      teamGroup.set(team, other ?? group.name);
    });
  });
  return problems;
}
