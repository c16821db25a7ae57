import { CodestarconnectionsConnection } from '@cdktf/provider-aws/lib/codestarconnections-connection';
import { Construct } from '../core';

/** Git hosts a connection reaches, and the provider type CodeStar Connections calls each. */
export const CONNECTION_PROVIDER_TYPES = { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket' } as const;
export type ConnectionProvider = keyof typeof CONNECTION_PROVIDER_TYPES;

export interface SourceConnectionProps {
  /** Connection name (1-32 characters). */
  readonly connectionName: string;
  readonly provider: ConnectionProvider;
}

/**
 * A CodeStar (CodeConnections) connection to a Git host. It is created PENDING: an administrator
 * completes the handshake with the host once, in the console (docs/source-control.md); no secret lives here.
 */
export class SourceConnection extends Construct {
  readonly connection: CodestarconnectionsConnection;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SourceConnectionProps) {
    super(scope, id);
    if (props.connectionName.length > 32) {
      throw new Error(`SourceConnection ${this.node.path}: connectionName "${props.connectionName}" is longer than 32 characters`);
    }
    this.connection = new CodestarconnectionsConnection(this, 'connection', {
      name: props.connectionName,
      providerType: CONNECTION_PROVIDER_TYPES[props.provider],
    });
    this.arn = this.connection.arn;
  }
}
