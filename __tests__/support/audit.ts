/**
 * Reading synthesized stacks for the controls the Checkov skips rely on (policies/checkov-skips.yaml): which
 * account a stack lives in, which S3 objects the trails of an account record data events for.
 */

/** One synthesized stack: its name and its Terraform JSON (withoutMetadata). */
export interface SynthesizedStack {
  readonly name: string;
  readonly tf: Record<string, any>;
}

/** The account a stack's AWS provider is pinned to (`allowed_account_ids`); undefined for a stack without one. */
export function accountOf(stack: SynthesizedStack): string | undefined {
  const providers: any[] = stack.tf.provider?.aws ?? [];
  const accounts = [...new Set(providers.flatMap((p) => p.allowed_account_ids ?? []))];
  if (accounts.length > 1) throw new Error(`stack ${stack.name}: AWS providers pinned to several accounts (${accounts.join(', ')})`);
  return accounts[0];
}

const fieldOf = (selector: any, field: string) => (selector.field_selector ?? []).find((f: any) => f.field === field);

/**
 * The `resources.ARN` prefixes of the S3 object data events each enabled trail selects, by the trail's account:
 * the advanced event selectors of category `Data` and type `AWS::S3::Object`.
 */
export function objectEventPrefixes(stacks: readonly SynthesizedStack[]): Map<string, string[]> {
  const byAccount = new Map<string, string[]>();
  for (const stack of stacks) {
    const account = accountOf(stack);
    for (const trail of Object.values<any>(stack.tf.resource?.aws_cloudtrail ?? {})) {
      if (account === undefined || trail.enable_logging === false) continue;
      for (const selector of trail.advanced_event_selector ?? []) {
        const category = fieldOf(selector, 'eventCategory')?.equals ?? [];
        const type = fieldOf(selector, 'resources.type')?.equals ?? [];
        if (!category.includes('Data') || !type.includes('AWS::S3::Object')) continue;
        const prefixes: string[] = fieldOf(selector, 'resources.ARN')?.starts_with ?? [];
        byAccount.set(account, [...(byAccount.get(account) ?? []), ...prefixes]);
      }
    }
  }
  return byAccount;
}

/** Every bucket of `stacks` (`<stack>: <bucket>`) whose objects no trail of its own account records data events for. */
export function bucketsWithoutDataEvents(stacks: readonly SynthesizedStack[]): string[] {
  const prefixes = objectEventPrefixes(stacks);
  const missing: string[] = [];
  for (const stack of stacks) {
    const account = accountOf(stack);
    for (const bucket of Object.values<any>(stack.tf.resource?.aws_s3_bucket ?? {})) {
      const name: string = bucket.bucket;
      // a prefix covers the bucket when every object ARN of the bucket starts with it
      const covered = (prefixes.get(account ?? '') ?? []).some((prefix) => {
        const [head, resource] = prefix.split(':::');
        return /^arn:[a-z-]+:s3$/.test(head) && resource !== undefined && `${name}/`.startsWith(resource) && resource.length > 0;
      });
      if (!covered) missing.push(`${stack.name}: ${name}`);
    }
  }
  return missing;
}
