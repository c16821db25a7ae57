import { z } from 'zod';
import { TeamSlug } from './common';

/** The name of a stack group: lower-case letters, digits and hyphens, 2-24 characters. */
export const StackGroupName = z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, {
  error: 'must be 2-24 lower-case letters, digits or hyphens, starting with a letter',
});

/**
 * A group of services split out of an environment's stack into a stack of its own, `<environment>-<name>`,
 * with its own state key, so that no single state grows too large to plan quickly. The environment's stack
 * keeps the shared resources (key, artifact store, notification topic) and every service of no group.
 */
export const StackGroupSchema = z.strictObject({
  /** Suffix of the stack's name and state key: `<environment>-<name>`. Renaming it moves the state. */
  name: StackGroupName,
  /** Teams (the `team` of services.ts) whose services this stack owns; a team is in at most one group. */
  teams: z.array(TeamSlug).min(1, { error: 'must name at least one team' }),
});

/** Stacks split out of an environment, by team. @default [] (one stack holds every service) */
export const StackGroupsSchema = z.array(StackGroupSchema).default([]);

export type StackGroupInput = z.input<typeof StackGroupSchema>;
export type StackGroup = z.output<typeof StackGroupSchema>;
