/**
 * The stacks no workflow applies: `bootstrap` (the state backend and the state roles of every scope and service
 * state), `management-access` and each `<env>-access` (the roles the other stacks run as). Their AWS provider
 * assumes no role: an administrator applies them with their own credentials (docs/bootstrap-and-access.md). When
 * one changes (a service with its own infrastructure or an environment added: new state roles in `bootstrap`), the
 * synth diff and `npm run update` say so, or the change merges and waits unapplied while the stacks that need it
 * fail.
 */
import { isAdministratorStack } from '../../model/names';
import { isObject } from './values';

/** A stack an administrator must apply by hand, and the account to apply it in. */
export interface AdministratorStack {
  readonly stack: string;
  /** `allowed_account_ids[0]` of its AWS provider; `undefined` when it names none. */
  readonly account?: string;
}

/** The AWS provider blocks of a synthesized stack. */
function awsProviders(tf: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const providers = isObject(tf?.provider) ? tf.provider.aws : undefined;
  return Array.isArray(providers) ? providers.filter(isObject) : [];
}

/**
 * `stack` if an administrator applies it: one of those stacks (model/names.ts `isAdministratorStack`) whose AWS
 * provider, like theirs, assumes no role (it runs with the applying administrator's own credentials).
 */
export function administratorStack(stack: string, tf: Record<string, unknown> | undefined): AdministratorStack | undefined {
  const providers = awsProviders(tf);
  if (!isAdministratorStack(stack) || providers.some((p) => p.assume_role !== undefined)) return undefined;
  const accounts = providers[0]?.allowed_account_ids;
  const account = Array.isArray(accounts) && typeof accounts[0] === 'string' ? accounts[0] : undefined;
  return { stack, account };
}

/** What the administrator must do about `stack` now that it is `status` (one sentence, plain text). */
export function administratorApplyMessage(admin: AdministratorStack, status: 'added' | 'changed' | 'removed'): string {
  const who = `an administrator of ${admin.account === undefined ? 'its account' : `account ${admin.account}`}`;
  if (status === 'removed') {
    return (
      `${admin.stack} is removed and no workflow destroys it: ${who} destroys it with their own credentials ` +
      `(npx cdktf destroy ${admin.stack}, from the last commit that has it) or keeps it on purpose`
    );
  }
  return (
    `${admin.stack} ${status === 'added' ? 'is new' : 'changes'} and no workflow applies it: once this merges, ${who} must ` +
    `apply it with their own credentials (npx cdktf deploy ${admin.stack}; docs/bootstrap-and-access.md); until then ` +
    `what it adds does not exist and the plans and applies that need it fail`
  );
}
