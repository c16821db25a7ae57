import type { EventMessage } from '../event-route';

/** One kind of event the topic is told about: a rule `<prefix>-<id>` and its target `<id>-to-topic`. */
export interface PipelineNotification {
  /** Construct id of the rule and the suffix of its name. */
  readonly id: string;
  readonly description: string;
  /** The event pattern, given the pattern that matches names under the prefix. */
  readonly pattern: (ours: readonly { prefix: string }[]) => Record<string, unknown>;
  readonly message: EventMessage;
}

const PIPELINE_STATE_CHANGES = [
  'CodePipeline Pipeline Execution State Change',
  'CodePipeline Stage Execution State Change',
  'CodePipeline Action Execution State Change',
];

/** What the notification topic receives, in the order the rules are created. */
export const PIPELINE_NOTIFICATIONS: readonly PipelineNotification[] = [
  {
    id: 'pipeline-failures',
    description: 'Pipeline, stage and action failures',
    pattern: (ours) => ({
      source: ['aws.codepipeline'],
      'detail-type': PIPELINE_STATE_CHANGES,
      detail: { state: ['FAILED'], pipeline: ours },
    }),
    message: {
      inputPaths: {
        kind: '$.detail-type',
        pipeline: '$.detail.pipeline',
        stage: '$.detail.stage',
        action: '$.detail.action',
        execution: '$.detail.execution-id',
      },
      template: '<kind> FAILED: pipeline <pipeline>, stage <stage>, action <action>, execution <execution>',
    },
  },
  {
    id: 'approvals-waiting',
    description: 'Manual approvals waiting for a reviewer',
    pattern: (ours) => ({
      source: ['aws.codepipeline'],
      'detail-type': ['CodePipeline Action Execution State Change'],
      detail: { state: ['STARTED'], type: { category: ['Approval'] }, pipeline: ours },
    }),
    message: {
      inputPaths: { pipeline: '$.detail.pipeline', stage: '$.detail.stage', action: '$.detail.action' },
      template: 'Approval waiting: pipeline <pipeline>, stage <stage>, action <action>',
    },
  },
  {
    id: 'build-failures',
    description: 'Failed CodeBuild builds',
    pattern: (ours) => ({
      source: ['aws.codebuild'],
      'detail-type': ['CodeBuild Build State Change'],
      detail: { 'build-status': ['FAILED', 'TIMED_OUT'], 'project-name': ours },
    }),
    message: {
      inputPaths: { project: '$.detail.project-name', status: '$.detail.build-status', build: '$.detail.build-id' },
      template: 'Build <status>: project <project>, build <build>',
    },
  },
  {
    id: 'deployment-failures',
    description: 'Failed CodeDeploy deployments',
    pattern: (ours) => ({
      source: ['aws.codedeploy'],
      'detail-type': ['CodeDeploy Deployment State-change Notification'],
      detail: { state: ['FAILURE'], application: ours },
    }),
    message: {
      inputPaths: { application: '$.detail.application', group: '$.detail.deploymentGroup', deployment: '$.detail.deploymentId' },
      template: 'Deployment FAILED: application <application>, group <group>, deployment <deployment>',
    },
  },
];

/** Every state change the execution log keeps. */
export const EXECUTION_LOG_PATTERN = {
  source: ['aws.codepipeline', 'aws.codebuild', 'aws.codedeploy'],
  'detail-type': [...PIPELINE_STATE_CHANGES, 'CodeBuild Build State Change', 'CodeDeploy Deployment State-change Notification'],
};
