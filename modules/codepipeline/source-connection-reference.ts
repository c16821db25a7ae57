import { DataAwsCodestarconnectionsConnection } from '@cdktf/provider-aws/lib/data-aws-codestarconnections-connection';
import { Construct } from '../core';

export interface SourceConnectionReferenceProps {
  /** Name of a connection another stack owns, in this stack's account and region. */
  readonly connectionName: string;
}

/**
 * A CodeStar (CodeConnections) connection owned by another stack, found by its name at plan time (a data
 * source, not a cross-stack reference): its ARN carries a generated id, so it cannot be computed from config.
 */
export class SourceConnectionReference extends Construct {
  readonly connection: DataAwsCodestarconnectionsConnection;
  /** The connection's ARN (resolved at plan time). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SourceConnectionReferenceProps) {
    super(scope, id);
    if (props.connectionName.length > 32) {
      throw new Error(`SourceConnectionReference ${this.node.path}: connectionName "${props.connectionName}" is longer than 32 characters`);
    }
    this.connection = new DataAwsCodestarconnectionsConnection(this, 'connection', { name: props.connectionName });
    this.arn = this.connection.arn;
  }
}
