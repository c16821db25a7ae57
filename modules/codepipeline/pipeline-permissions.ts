import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Token, type ArtifactStoreReference } from '../core';
import { grantsOf, type Grant } from './pipeline-grants';
import type { ArnContext, PipelineStageSpec } from './pipeline-spec';

/**
 * `values` deduplicated, in an order that is a pure function of them: literal strings sorted, then the strings
 * holding a token (an attribute of a resource of the stack) in the order they first appear. A token's text is
 * `${TfToken[TOKEN.<n>]}`, where n counts every token the process created before it: sorting that text orders
 * the resources by what was synthesized earlier (n=998 and n=1003 sort one way, n=9998 and n=10003 the other),
 * which changed a role's statements between runs of one configuration.
 */
export function stableOrder(values: readonly string[]): string[] {
  const unique = [...new Set(values)];
  return [...unique.filter((v) => !Token.isUnresolved(v)).sort(), ...unique.filter((v) => Token.isUnresolved(v))];
}

/**
 * The pipeline role's statements: the artifact store and key, then one statement per kind of access (in
 * the order the stages first need it), each naming every resource of that kind the pipeline's actions use.
 */
export function pipelineRoleStatements(
  ctx: ArnContext,
  store: ArtifactStoreReference,
  stages: readonly PipelineStageSpec[],
): DataAwsIamPolicyDocumentStatement[] {
  const grants: Grant[] = [
    store.grantObjects('ArtifactStoreObjects'),
    { sid: 'ArtifactStoreBucket', actions: ['s3:GetBucketLocation', 's3:GetBucketVersioning'], resources: [store.bucketArn] },
    store.grantKey('ArtifactStoreKey'),
    ...stages.flatMap((stage) => stage.actions.flatMap((action) => grantsOf(ctx, action))),
  ];
  const merged = new Map<string, Grant>();
  for (const grant of grants) {
    const seen = merged.get(grant.sid);
    if (seen === undefined) {
      merged.set(grant.sid, grant);
    } else {
      if (JSON.stringify(seen.condition) !== JSON.stringify(grant.condition)) {
        throw new Error(`pipeline role statement ${grant.sid}: two actions need different conditions`);
      }
      merged.set(grant.sid, { ...seen, actions: [...seen.actions, ...grant.actions], resources: [...seen.resources, ...grant.resources] });
    }
  }
  return [...merged.values()].map((g) => ({
    sid: g.sid,
    effect: 'Allow',
    actions: stableOrder(g.actions),
    resources: stableOrder(g.resources),
    condition: g.condition,
  }));
}
