import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { Codepipeline, type CodepipelineStage, type CodepipelineStageAction } from '@cdktf/provider-aws/lib/codepipeline';
import { AuditTrail } from '../../modules/audit-trail';
import { PIPELINE_TIER_TAG, type Construct } from '../../modules/core';
import {
  ALL_RULES,
  cloudtrailCmk,
  cloudtrailLogValidation,
  codepipelineArtifactCmk,
  pipelineApprovalBeforeProduction,
  pipelineDeployRecovery,
  pipelineValidateProduction,
} from '../../policies/rules';
import { openFindings } from '../support/policy';

const action = (name: string, category: string, provider: string) => ({
  name,
  category,
  provider,
  owner: 'AWS',
  version: '1',
  configuration: {},
});
const SOURCE: CodepipelineStage = { name: 'Source', action: [action('src', 'Source', 'S3')] };
const APPROVAL: CodepipelineStage = { name: 'Approval', action: [action('approve', 'Approval', 'Manual')] };
const DEPLOY: CodepipelineStage = { name: 'Deploy', action: [action('deploy', 'Deploy', 'CodeDeploy')] };
const DEPLOY_INFRA: CodepipelineStage = { name: 'DeployInfrastructure', action: [action('apply', 'Build', 'CodeBuild')] };
const VALIDATE: CodepipelineStage = { name: 'Validate', action: [action('smoke', 'Test', 'CodeBuild')] };
const KMS = { id: 'arn:aws:kms:eu-west-1:111111111111:key/k', type: 'KMS' };

const pipeline =
  (stages: CodepipelineStage[], tier: string = PIPELINE_TIER_TAG.production, encryptionKey: { id: string; type: string } | null = KMS) =>
  (stack: Construct) =>
    new Codepipeline(stack, 'p', {
      name: 'p',
      roleArn: 'arn:aws:iam::111111111111:role/p',
      pipelineType: 'V2',
      artifactStore: [{ location: 'artifacts', type: 'S3', encryptionKey: encryptionKey ?? undefined }],
      stage: stages,
      tags: { [PIPELINE_TIER_TAG.key]: tier },
    });

test('the pipeline and audit rules are registered in the policy pack', () => {
  const ids = ALL_RULES.map((r) => r.id);
  expect(ids).toEqual(
    expect.arrayContaining(['PLAT-PIPE-001', 'PLAT-PIPE-002', 'PLAT-PIPE-003', 'PLAT-PIPE-004', 'PLAT-TRAIL-001', 'PLAT-TRAIL-002']),
  );
});

describe('PLAT-PIPE-001: approval before a production deploy', () => {
  test('a production pipeline approving before it deploys complies', () => {
    expect(openFindings(pipelineApprovalBeforeProduction, pipeline([SOURCE, APPROVAL, DEPLOY, VALIDATE]))).toEqual([]);
  });
  test('a pre-production pipeline needs no approval', () => {
    expect(openFindings(pipelineApprovalBeforeProduction, pipeline([SOURCE, DEPLOY], PIPELINE_TIER_TAG.preProduction))).toEqual([]);
  });
  test('a production pipeline without approval does not', () => {
    expect(openFindings(pipelineApprovalBeforeProduction, pipeline([SOURCE, DEPLOY, VALIDATE]))).toEqual([
      expect.stringContaining('no manual approval stage before stage "Deploy"'),
    ]);
  });
  test('approving after the infrastructure is applied is too late', () => {
    expect(openFindings(pipelineApprovalBeforeProduction, pipeline([SOURCE, DEPLOY_INFRA, APPROVAL, DEPLOY, VALIDATE]))).toEqual([
      expect.stringContaining('approves in stage "Approval", after it deploys in stage "DeployInfrastructure"'),
    ]);
  });
});

describe('PLAT-PIPE-002: validation after a production deploy', () => {
  test('a production pipeline validating after it deploys complies', () => {
    expect(openFindings(pipelineValidateProduction, pipeline([SOURCE, APPROVAL, DEPLOY, VALIDATE]))).toEqual([]);
  });
  test('a production pipeline without a validate stage does not', () => {
    expect(openFindings(pipelineValidateProduction, pipeline([SOURCE, APPROVAL, DEPLOY]))).toEqual([
      expect.stringContaining('deploys in stage "Deploy" with no validate stage after it'),
    ]);
  });
  test('tests before the deploy do not count', () => {
    expect(openFindings(pipelineValidateProduction, pipeline([SOURCE, VALIDATE, APPROVAL, DEPLOY]))).toEqual([
      expect.stringContaining('no validate stage after it'),
    ]);
  });
  // the check in the deploy's own stage, after it: its failure rolls that stage back
  const checked = (stage: CodepipelineStage, runOrder: number): CodepipelineStage => ({
    ...stage,
    action: [...(stage.action as CodepipelineStageAction[]), { ...action('smoke', 'Test', 'CodeBuild'), runOrder }],
  });
  test('a test action after the deploy, in its stage, complies', () => {
    expect(openFindings(pipelineValidateProduction, pipeline([SOURCE, APPROVAL, checked(DEPLOY, 2)]))).toEqual([]);
  });
  test('a test action beside the deploy (the same run order) does not check it', () => {
    expect(openFindings(pipelineValidateProduction, pipeline([SOURCE, APPROVAL, checked(DEPLOY, 1)]))).toEqual([
      expect.stringContaining('deploys in stage "Deploy" with no validate stage after it'),
    ]);
  });
  test('each deploy is checked: an infrastructure apply left unchecked is a finding', () => {
    expect(openFindings(pipelineValidateProduction, pipeline([SOURCE, APPROVAL, DEPLOY_INFRA, checked(DEPLOY, 2)]))).toEqual([
      expect.stringContaining('deploys in stage "DeployInfrastructure" with no validate stage after it'),
    ]);
    expect(openFindings(pipelineValidateProduction, pipeline([SOURCE, APPROVAL, checked(DEPLOY_INFRA, 2), checked(DEPLOY, 2)]))).toEqual(
      [],
    );
  });
});

describe('PLAT-PIPE-004: every deploy stage is checked in place and rolls back', () => {
  const rollsBack = (stage: CodepipelineStage): CodepipelineStage => ({ ...stage, onFailure: { result: 'ROLLBACK' } });
  const withCheck = (stage: CodepipelineStage, runOrder = 2): CodepipelineStage => ({
    ...stage,
    action: [...(stage.action as CodepipelineStageAction[]), { ...action('smoke', 'Test', 'CodeBuild'), runOrder }],
  });
  const PROMOTE: CodepipelineStage = {
    name: 'Promote',
    action: [{ ...action('hand-over', 'Deploy', 'S3'), configuration: { BucketName: 'next', Extract: 'false', ObjectKey: 'a.zip' } }],
  };
  const preProduction = (stages: CodepipelineStage[]) => pipeline(stages, PIPELINE_TIER_TAG.preProduction);

  test('a deploy stage with a check after the deploy that rolls back complies, in any environment', () => {
    expect(openFindings(pipelineDeployRecovery, preProduction([SOURCE, rollsBack(withCheck(DEPLOY)), PROMOTE]))).toEqual([]);
  });
  test('a check in a later stage does not count: its failure would not roll the deploy back', () => {
    expect(openFindings(pipelineDeployRecovery, preProduction([SOURCE, rollsBack(DEPLOY), VALIDATE]))).toEqual([
      expect.stringContaining('stage "Deploy" has no test action after its deploy actions'),
    ]);
  });
  test('a check beside the deploy (the same run order) does not count', () => {
    expect(openFindings(pipelineDeployRecovery, preProduction([SOURCE, rollsBack(withCheck(DEPLOY, 1))]))).toEqual([
      expect.stringContaining('has no test action after its deploy actions'),
    ]);
  });
  test('a deploy stage that does not roll back is a finding; an infrastructure apply is a deploy stage too', () => {
    expect(openFindings(pipelineDeployRecovery, preProduction([SOURCE, withCheck(DEPLOY_INFRA), rollsBack(withCheck(DEPLOY))]))).toEqual([
      expect.stringContaining('stage "DeployInfrastructure" does not roll back on failure'),
    ]);
  });
});

describe('PLAT-PIPE-003 (CKV_AWS_219): artifact store under a customer key', () => {
  test('a KMS key complies', () => {
    expect(openFindings(codepipelineArtifactCmk, pipeline([SOURCE, DEPLOY]))).toEqual([]);
  });
  test('no encryption key does not', () => {
    expect(openFindings(codepipelineArtifactCmk, pipeline([SOURCE, DEPLOY], PIPELINE_TIER_TAG.production, null))).toEqual([
      expect.stringContaining('artifact store artifacts has no customer KMS key'),
    ]);
  });
  test('the AWS managed key does not', () => {
    expect(
      openFindings(codepipelineArtifactCmk, pipeline([SOURCE, DEPLOY], PIPELINE_TIER_TAG.production, { id: 'alias/aws/s3', type: 'KMS' })),
    ).toEqual([expect.stringContaining('uses the AWS managed key alias/aws/s3')]);
  });
});

describe('PLAT-TRAIL-001 (CKV_AWS_36) and PLAT-TRAIL-002 (CKV_AWS_35)', () => {
  const audit = (stack: Construct) =>
    new AuditTrail(stack, 'audit', {
      trailName: 'audit',
      bucketName: 'audit-bucket',
      kmsKeyArn: KMS.id,
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '111111111111',
      retentionDays: 365,
      logs: { logGroupName: '/acme/dev/cloudtrail', retentionDays: 14, roleName: 'acme-dev-cloudtrail-logs' },
    });
  const bare = (stack: Construct) => new Cloudtrail(stack, 't', { name: 't', s3BucketName: 'b' });
  test('the AuditTrail module complies', () => {
    expect(openFindings(cloudtrailLogValidation, audit)).toEqual([]);
    expect(openFindings(cloudtrailCmk, audit)).toEqual([]);
  });
  test('a bare trail does not', () => {
    expect(openFindings(cloudtrailLogValidation, bare)).toEqual([expect.stringContaining('log file validation is off')]);
    expect(openFindings(cloudtrailCmk, bare)).toEqual([expect.stringContaining('not encrypted with a customer key')]);
  });
});
