/** Namespace of the metrics this module derives from the execution log. */
export const PIPELINE_METRICS_NAMESPACE = 'CICD/Pipelines';

/** Names of the metrics derived from the execution log of `namePrefix`. */
export function derivedMetricNames(namePrefix: string): { readonly failedPipelines: string; readonly failedDeployments: string } {
  return { failedPipelines: `${namePrefix}-FailedPipelineExecutions`, failedDeployments: `${namePrefix}-FailedDeployments` };
}

export interface DashboardInput {
  readonly namePrefix: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly pipelineNames: readonly string[];
}

type Widget = Record<string, unknown>;

const metricWidget = (x: number, y: number, properties: Record<string, unknown>): Widget => ({
  type: 'metric',
  x,
  y,
  width: 12,
  height: 6,
  properties,
});

/** The "Latest failures" query over the execution log. */
function latestFailuresQuery(logGroupName: string): string {
  return `SOURCE '${logGroupName}' | fields @timestamp, source, \`detail-type\`, detail.pipeline, detail.stage, detail.action, detail.state | filter detail.state in ["FAILED", "FAILURE"] | sort @timestamp desc | limit 20`;
}

/** A text widget linking each pipeline's console page. */
function pipelineLinks(region: string, pipelineNames: readonly string[]): Widget {
  return {
    type: 'text',
    x: 0,
    y: 12,
    width: 24,
    height: Math.max(2, Math.min(12, pipelineNames.length + 2)),
    properties: {
      markdown: [
        '## Pipelines',
        '',
        ...pipelineNames.map(
          (p) => `- [${p}](https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${p}/view?region=${region})`,
        ),
      ].join('\n'),
    },
  };
}

/** The widgets of the environment's CI/CD dashboard: builds, failures, build duration, latest failures, pipeline links. */
export function dashboardWidgets({ namePrefix, region, logGroupName, pipelineNames }: DashboardInput): Widget[] {
  const derived = derivedMetricNames(namePrefix);
  return [
    metricWidget(0, 0, {
      title: 'Builds',
      region,
      stat: 'Sum',
      period: 300,
      metrics: [
        ['AWS/CodeBuild', 'Builds'],
        ['AWS/CodeBuild', 'SucceededBuilds'],
        ['AWS/CodeBuild', 'FailedBuilds'],
      ],
    }),
    metricWidget(12, 0, {
      title: 'Failed pipeline executions and deployments',
      region,
      stat: 'Sum',
      period: 300,
      metrics: [
        [PIPELINE_METRICS_NAMESPACE, derived.failedPipelines],
        [PIPELINE_METRICS_NAMESPACE, derived.failedDeployments],
      ],
    }),
    metricWidget(0, 6, {
      title: 'Build duration (p90, seconds)',
      region,
      stat: 'p90',
      period: 300,
      metrics: [['AWS/CodeBuild', 'Duration']],
    }),
    {
      type: 'log',
      x: 12,
      y: 6,
      width: 12,
      height: 6,
      properties: { title: 'Latest failures', region, query: latestFailuresQuery(logGroupName) },
    },
    pipelineLinks(region, pipelineNames),
  ];
}
