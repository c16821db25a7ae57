// The app plus a synthetic per-service load, for the benchmark's "per-service load" rows: every stack that
// owns services (EnvironmentServicesScope) gets one NotificationTopic module per service (a topic, its policy
// document and policy, one subscription: 3 resources and 1 data source), standing in for the per-service
// modules (builds, deployments, pipelines) that other capabilities add. Policies run as in the real app.
// Reads PLATFORM_CONFIG_DIR and CDKTF_OUTDIR like main.ts.
'use strict';
require('../register');
const { loadConfig } = require('../../environments');
const { App, physicalName } = require('../../modules/core');
const { NotificationTopic } = require('../../modules/notification-topic');
const { buildPlatform } = require('../../stacks');

const config = loadConfig(process.env.PLATFORM_CONFIG_DIR);
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out', stackTraces: false });
const stacks = buildPlatform(app, config);
for (const stack of [...stacks.environments, ...stacks.serviceStacks]) {
  for (const service of stack.services) {
    new NotificationTopic(stack, `probe-${service.name}`, {
      topicName: physicalName([config.organisation.prefix, stack.environment.name, service.name, 'probe']),
      kmsKeyArn: stack.shared.keyArn,
      accountId: stack.environment.account.id,
      emails: [`${service.team}@example.com`],
    });
  }
}
app.synth();
