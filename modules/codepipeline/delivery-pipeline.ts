import { Codepipeline, type CodepipelineStage, type CodepipelineTrigger } from '@cdktf/provider-aws/lib/codepipeline';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct, codecommitRepositoryArn, codepipelineArn, physicalName, type ArtifactStoreReference } from '../core';
import { renderActions } from './pipeline-actions';
import { pipelineRoleStatements } from './pipeline-permissions';
import { SOURCE_KINDS, type ArnContext, type PipelineActionSpec, type PipelineStageSpec } from './pipeline-spec';
import { SourceEventTrigger } from './source-event-trigger';

export interface DeliveryPipelineProps {
  /** Pipeline name. */
  readonly pipelineName: string;
  /** Name of the role the pipeline runs as. */
  readonly roleName: string;
  /** Partition, region and account of the pipeline (the ARNs its role names). */
  readonly context: ArnContext;
  /** The artifact store: a versioned bucket, and the customer managed key that encrypts the artifacts. */
  readonly artifactStore: ArtifactStoreReference;
  /** SUPERSEDED, QUEUED or PARALLEL. @default 'QUEUED' */
  readonly executionMode?: 'SUPERSEDED' | 'QUEUED' | 'PARALLEL';
  /** Stages in order; the first holds the source actions, and only it. */
  readonly stages: readonly PipelineStageSpec[];
  /** Tags of the pipeline. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A CodePipeline (type V2) built from a plain stage description: KMS-encrypted artifact store, V2 push
 * triggers with branch and file-path filters for Git connections (EventBridge rules for CodeCommit and
 * S3 sources), rollback on failure where asked, and a role that may touch only the resources its
 * actions name.
 */
export class DeliveryPipeline extends Construct {
  readonly pipeline: Codepipeline;
  readonly role: IamRole;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const executionMode = props.executionMode ?? 'QUEUED';
    const tags = props.tags ?? {};
    const { context, stages } = props;
    this.validate(stages);
    if (executionMode === 'PARALLEL' && stages.some((s) => s.rollbackOnFailure)) {
      throw new Error(`DeliveryPipeline ${this.node.path}: a PARALLEL pipeline has no stage rollback; use QUEUED or SUPERSEDED`);
    }
    this.arn = codepipelineArn(context, props.pipelineName);

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'CodePipelineOfThisAccount',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['codepipeline.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [context.accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: trust.json,
      description: `Runs pipeline ${props.pipelineName}: only the projects, deployments, buckets and keys it names`,
    });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: pipelineRoleStatements(context, props.artifactStore, stages),
    });
    const policy = new IamRolePolicy(this, 'policy', { name: 'pipeline', role: this.role.id, policy: permissions.json });

    const triggers = pushTriggers(stages[0].actions);

    const stageBlocks: CodepipelineStage[] = stages.map((stage) => ({
      name: stage.name,
      action: stage.actions.flatMap(renderActions),
      onFailure: stage.rollbackOnFailure ? { result: 'ROLLBACK' } : undefined,
    }));

    this.pipeline = new Codepipeline(this, 'pipeline', {
      name: props.pipelineName,
      pipelineType: 'V2',
      executionMode,
      roleArn: this.role.arn,
      artifactStore: [
        { location: props.artifactStore.bucketName, type: 'S3', encryptionKey: { id: props.artifactStore.keyArn, type: 'KMS' } },
      ],
      stage: stageBlocks,
      trigger: triggers.length > 0 ? triggers : undefined,
      tags: Object.keys(tags).length > 0 ? { ...tags } : undefined,
      // the role must be allowed to act before the pipeline first runs
      dependsOn: [policy],
    });

    for (const action of stages[0].actions) {
      const pattern = eventPatternOf(context, action);
      if (pattern === undefined) continue;
      new SourceEventTrigger(this, `start-${action.name.toLowerCase()}`, {
        name: physicalName([props.pipelineName, 'start'], 64),
        description: `Starts ${props.pipelineName} when its ${action.kind === 's3-source' ? 'source object' : 'branch'} changes`,
        eventPattern: pattern,
        pipelineArn: this.arn,
        accountId: context.accountId,
      });
    }
  }

  private validate(stages: readonly PipelineStageSpec[]): void {
    const where = `DeliveryPipeline ${this.node.path}`;
    if (stages.length < 2) throw new Error(`${where}: needs a source stage and at least one more stage (got ${stages.length})`);
    const names = stages.map((s) => s.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) throw new Error(`${where}: stage "${repeated}" appears more than once`);
    if (stages[0].actions.length === 0 || !stages[0].actions.every((a) => SOURCE_KINDS.has(a.kind))) {
      throw new Error(`${where}: the first stage ("${stages[0].name}") must hold source actions, and only them`);
    }
    if (stages[0].actions.filter((a) => a.kind !== 'connection-source').length > 1) {
      throw new Error(`${where}: at most one CodeCommit or S3 source action per pipeline`);
    }
    const produced = new Set<string>();
    stages.forEach((stage, index) => {
      if (stage.actions.length === 0) throw new Error(`${where}: stage "${stage.name}" has no action`);
      if (index > 0 && stage.actions.some((a) => SOURCE_KINDS.has(a.kind))) {
        throw new Error(`${where}: stage "${stage.name}" holds a source action; sources belong in the first stage only`);
      }
      if (index === 0 && stage.rollbackOnFailure) throw new Error(`${where}: the source stage cannot roll back`);
      const actionNames = stage.actions.map((a) => a.name);
      const again = actionNames.find((n, i) => actionNames.indexOf(n) !== i);
      if (again !== undefined) throw new Error(`${where}: stage "${stage.name}" has two actions named "${again}"`);
      const byOrder = [...stage.actions].sort((a, b) => (a.runOrder ?? 1) - (b.runOrder ?? 1));
      const stageOutputs = new Map<number, string[]>();
      for (const action of byOrder) {
        const order = action.runOrder ?? 1;
        const available = new Set([...produced, ...[...stageOutputs].filter(([o]) => o < order).flatMap(([, outs]) => outs)]);
        for (const input of inputsOf(action)) {
          if (!available.has(input)) {
            throw new Error(`${where}: action "${stage.name}/${action.name}" reads artifact "${input}", which no earlier action produces`);
          }
        }
        stageOutputs.set(order, [...(stageOutputs.get(order) ?? []), ...outputsOf(action)]);
      }
      for (const outs of stageOutputs.values()) for (const out of outs) produced.add(out);
    });
  }
}

/** V2 push triggers of the Git connection source actions: their branch, and their path filters when given. */
function pushTriggers(sources: readonly PipelineActionSpec[]): CodepipelineTrigger[] {
  const triggers: CodepipelineTrigger[] = [];
  for (const action of sources) {
    if (action.kind !== 'connection-source') continue;
    const include = action.includePaths ?? [];
    const exclude = action.excludePaths ?? [];
    triggers.push({
      providerType: 'CodeStarSourceConnection',
      gitConfiguration: {
        sourceActionName: action.name,
        push: [
          {
            branches: { includes: [action.branch] },
            filePaths:
              include.length + exclude.length > 0
                ? { includes: include.length > 0 ? [...include] : undefined, excludes: exclude.length > 0 ? [...exclude] : undefined }
                : undefined,
          },
        ],
      },
    });
  }
  return triggers;
}

function inputsOf(action: PipelineActionSpec): readonly string[] {
  if (action.kind === 'codebuild') return action.inputs;
  return 'input' in action ? [action.input] : [];
}

function outputsOf(action: PipelineActionSpec): readonly string[] {
  if (action.kind === 'codebuild') return action.outputs ?? [];
  return 'output' in action ? [action.output] : [];
}

function eventPatternOf(context: ArnContext, action: PipelineActionSpec): Record<string, unknown> | undefined {
  if (action.kind === 'codecommit-source') {
    return {
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Repository State Change'],
      resources: [codecommitRepositoryArn(context, action.repositoryName)],
      detail: { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: [action.branch] },
    };
  }
  if (action.kind === 's3-source') {
    return {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [action.bucketName] }, object: { key: [action.objectKey] } },
    };
  }
  return undefined;
}
