import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../runner/clients';
import { KATA_SERVICES, type Capabilities, type KataService } from './backend';

const PROBES: Record<KataService, (clients: KataClients) => Promise<unknown>> = {
  ec2: (c) => c.ec2.send(new DescribeVpcsCommand({})),
  iam: (c) => c.iam.send(new ListRolesCommand({ MaxItems: 1 })),
  ecs: (c) => c.ecs.send(new ListClustersCommand({})),
  ecr: (c) => c.ecr.send(new DescribeRepositoriesCommand({})),
  sts: (c) => c.sts.send(new GetCallerIdentityCommand({})),
  logs: (c) => c.logs.send(new DescribeLogGroupsCommand({ limit: 1 })),
  s3: (c) => c.s3.send(new ListBucketsCommand({})),
};

/**
 * Asks each kata service one harmless question. An HTTP 501 (LocalStack's "not included in
 * your edition") marks the service missing; any other answer, even an error, means it is there.
 */
export async function probeCapabilities(gatewayEndpoint: string, accountId: string, region: string): Promise<Capabilities> {
  const clients = createClients({ endpoint: gatewayEndpoint, region, credentials: rootCredentials(accountId) });
  const capabilities: Capabilities = { available: [], missing: {} };
  try {
    await Promise.all(
      KATA_SERVICES.map(async (service) => {
        try {
          await PROBES[service](clients);
          capabilities.available.push(service);
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === 501) capabilities.missing[service] = (error as Error).message;
          else if (status === undefined || status === 503) throw new Error(`the backend did not answer ${service}: ${(error as Error).message}`);
          else capabilities.available.push(service);
        }
      }),
    );
  } finally {
    destroyClients(clients);
  }
  capabilities.available.sort((a, b) => KATA_SERVICES.indexOf(a) - KATA_SERVICES.indexOf(b));
  return capabilities;
}
