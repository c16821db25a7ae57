import { z } from 'zod';
import { IamRoleName, TeamSlug } from './common';

/** The most approving reviews GitHub branch protection accepts. */
export const MAX_APPROVING_REVIEWS = 6;

/** A GitHub repository name: letters, digits, ".", "_", "-"; not "." or ".."; not ending in ".git". */
export const RepositoryName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'must be a GitHub repository name (1-100 of letters, digits, ".", "_", "-")' })
  .refine((name) => name !== '.' && name !== '..' && !name.toLowerCase().endsWith('.git'), {
    error: 'must be a GitHub repository name: not "." or "..", and not ending in ".git"',
  });

/** Repository permissions a team may be granted; `admin` is held by the Terraform identity alone. */
export const TeamPermission = z.enum(['pull', 'triage', 'push', 'maintain']);

/** Required approving reviews on a default branch (GitHub allows 0-6; this platform never allows 0). */
export const ApprovingReviewCount = z
  .number()
  .int()
  .min(1, { error: 'must be at least 1: every change is reviewed' })
  .max(MAX_APPROVING_REVIEWS, { error: `must be at most ${MAX_APPROVING_REVIEWS} (GitHub's limit)` });

/** A GitHub team of the organisation, created and owned by the platform stack. */
export const TeamSchema = z.strictObject({
  /** The team's slug, which is also its name (GitHub derives the slug from the name). */
  slug: TeamSlug,
  /** What the team does. */
  description: z.string().min(1).max(200),
  /** `closed`: visible to the organisation; `secret`: to its members only. @default 'closed' */
  privacy: z.enum(['closed', 'secret']).default('closed'),
});

/** A team's access to one repository. */
export const TeamAccessSchema = z.strictObject({
  team: TeamSlug,
  permission: TeamPermission,
});

/** Settings every repository of the organisation starts from. */
export const RepositoryDefaultsSchema = z.strictObject({
  /** `private` or `internal` (GitHub Enterprise); never public. @default 'private' */
  visibility: z.enum(['private', 'internal']).default('private'),
  /** Approving reviews required on the default branch; at least 2 where the repository reaches production. @default 2 */
  requiredApprovingReviewCount: ApprovingReviewCount.default(2),
  /**
   * Secret scanning. Private and internal repositories need GitHub Secret Protection (Advanced Security) for
   * it; turn it off on a plan without it, or GitHub refuses the setting.
   * @default true
   */
  secretScanning: z.boolean().default(true),
  /** Push protection: refuse pushes that contain a detected secret (needs secret scanning). @default true */
  secretScanningPushProtection: z.boolean().default(true),
  /** Merge methods pull requests may use; linear history allows `squash` and `rebase` only. @default ['squash'] */
  mergeMethods: z
    .array(z.enum(['squash', 'rebase']))
    .min(1, { error: 'must allow at least one merge method' })
    .default(['squash']),
  /** The protected default branch. @default 'main' */
  defaultBranch: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,100}$/, { error: 'must be a branch name' })
    .default('main'),
  /** Topics every repository carries. @default ['cicd-platform'] */
  topics: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, { error: 'must be a GitHub topic (lower-case, digits, hyphens)' }))
    .default(['cicd-platform']),
});

/** Organisation-wide source control: teams, repository defaults, the OIDC deploy role. */
export const SourceControlSchema = z.strictObject({
  /** Every GitHub team this configuration refers to (service owners, reviewers); the platform stack creates them. @default [] */
  teams: z.array(TeamSchema).default([]),
  /** The team that owns the platform (this GitOps) repository: code owner, `maintain` access. @default none */
  platformTeam: TeamSlug.optional(),
  /** Defaults of every service repository; a service may override some of them. */
  repositoryDefaults: RepositoryDefaultsSchema.prefault({}),
  /** Name of the role GitHub Actions assumes by OIDC in each environment's account. @default 'cicd-platform-github-deploy' */
  deployRoleName: IamRoleName.default('cicd-platform-github-deploy'),
});

/** A service's repository: overrides of the organisation's defaults and extra team access. */
export const ServiceRepositorySchema = z.strictObject({
  /** @default sourceControl.repositoryDefaults.visibility */
  visibility: z.enum(['private', 'internal']).optional(),
  /** @default sourceControl.repositoryDefaults.requiredApprovingReviewCount */
  requiredApprovingReviewCount: ApprovingReviewCount.optional(),
  /** Topics added to the organisation's. @default [] */
  topics: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, { error: 'must be a GitHub topic (lower-case, digits, hyphens)' }))
    .default([]),
  /** Access of teams other than the owning team (which has `maintain`). @default [] */
  teams: z.array(TeamAccessSchema).default([]),
});

export type SourceControlConfig = z.output<typeof SourceControlSchema>;
export type ServiceRepositoryConfig = z.output<typeof ServiceRepositorySchema>;
export type TeamConfig = z.output<typeof TeamSchema>;
