import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

/** SDK v3 clients, one per service a kata may use. */
export interface KataClients {
  ec2: EC2Client;
  iam: IAMClient;
  ecs: ECSClient;
  ecr: ECRClient;
  sts: STSClient;
  logs: CloudWatchLogsClient;
  s3: S3Client;
}

export interface ClientTarget {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Clients pointed at `endpoint` (the gateway) and signing with the given credentials. */
export function createClients({ endpoint, region, credentials }: ClientTarget): KataClients {
  const config = { endpoint, region, credentials, maxAttempts: 2 };
  return {
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    sts: new STSClient(config),
    logs: new CloudWatchLogsClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
  };
}

/** Closes the clients' sockets so a test worker can exit. */
export function destroyClients(clients: KataClients): void {
  for (const client of Object.values(clients)) client.destroy();
}

/** An account root's credentials: the account id as access key id, secret `test`. */
export function rootCredentials(accountId: string): ClientTarget['credentials'] {
  return { accessKeyId: accountId, secretAccessKey: 'test' };
}
