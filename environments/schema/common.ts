import { z } from 'zod';

/** A 12-digit AWS account id, as a string (leading zeros are significant). */
export const AccountId = z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id, as a string' });

/** An AWS region code such as eu-west-1 or us-gov-west-1. */
export const Region = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, {
  error: 'must be an AWS region code such as "eu-west-1"',
});

/** An S3 bucket name: 3-63 characters (S3's limits) of lower-case letters, digits, dots and hyphens. */
export const S3BucketName = z
  .string()
  .min(3, { error: 'is too short for an S3 bucket name' })
  .max(63, { error: 'is too long for an S3 bucket name; shorten it' })
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, {
    error: 'must be a valid S3 bucket name: lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit',
  });

/** The short name of an environment: lower-case letters and digits, 2-12 characters. */
export const EnvironmentName = z.string().regex(/^[a-z][a-z0-9]{1,11}$/, {
  error: 'must be 2-12 lower-case letters or digits, starting with a letter',
});

/** An IAM role name (no path). */
export const IamRoleName = z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, {
  error: 'must be an IAM role name: 1-64 of letters, digits and +=,.@_-',
});

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LogRetentionDays = z.number().refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
  error: `must be one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
});

/** Resource tags: AWS limits keys to 128 and values to 256 characters; `aws:` is reserved. */
export const Tags = z.record(
  z
    .string()
    .min(1)
    .max(128)
    .refine((k) => !k.toLowerCase().startsWith('aws:'), { error: 'tag keys may not start with "aws:"' }),
  z.string().max(256),
);

/** An e-mail address used for notification subscriptions. */
export const Email = z.email({ error: 'must be an e-mail address' });

/** A GitHub user or organisation login. */
export const GitHubLogin = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, {
  error: 'must be a GitHub login: letters, digits and single hyphens, at most 39 characters',
});

/** A GitHub team slug. */
export const TeamSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, { error: 'must be a GitHub team slug (lower-case, digits, hyphens)' });
