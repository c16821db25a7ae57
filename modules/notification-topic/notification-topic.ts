import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from '../core';

export interface NotificationTopicProps {
  /** Topic name. */
  readonly topicName: string;
  /** ARN of the customer managed key that encrypts messages at rest. */
  readonly kmsKeyArn: string;
  /** The account that owns the topic; only its services may publish. */
  readonly accountId: string;
  /** Service principals that may publish (e.g. `events.amazonaws.com`). @default none */
  readonly publisherServices?: readonly string[];
  /** E-mail addresses to subscribe. @default none */
  readonly emails?: readonly string[];
}

/**
 * An SNS topic for alerts and approvals: KMS encrypted, TLS-only publishing, and a topic policy that lets
 * only the named AWS services of this account publish.
 */
export class NotificationTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const publisherServices = props.publisherServices ?? [];
    const emails = props.emails ?? [];

    this.topic = new SnsTopic(this, 'topic', {
      name: props.topicName,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    this.arn = this.topic.arn;

    const statements = [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['sns:Publish'],
        resources: [this.topic.arn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ];
    if (publisherServices.length > 0) {
      statements.push({
        sid: 'ServicesOfThisAccountPublish',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [...publisherServices] }],
        actions: ['sns:Publish'],
        resources: [this.topic.arn],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] }],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    new SnsTopicPolicy(this, 'policy', { arn: this.topic.arn, policy: policy.json });

    emails.forEach((email, index) => {
      // the id is the position: reordering the list replaces subscriptions, so append new addresses
      new SnsTopicSubscription(this, `email-${index}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    });
  }
}
