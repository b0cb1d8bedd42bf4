import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createLogShipper, type LogConfiguration, type LogShipper, type LogShipperError } from '../log-shipper';
import { TaskStopped } from '../task-stopped';
import type { RoleCredentials } from './execution-role';

export interface AwslogsDelivery {
  shipper: LogShipper;
  close(): Promise<void>;
}

/**
 * The awslogs driver for one container, writing through the gateway as the execution role; the
 * task stops with ECS's reason when its log stream cannot be created.
 */
export async function startAwslogs(input: {
  logConfiguration: LogConfiguration;
  containerName: string;
  taskId: string;
  region: string;
  gatewayUrl: string;
  credentials: RoleCredentials;
}): Promise<AwslogsDelivery> {
  const options = input.logConfiguration.options ?? {};
  const client = new CloudWatchLogsClient({
    endpoint: input.gatewayUrl,
    region: options['awslogs-region'] ?? input.region,
    credentials: input.credentials,
    maxAttempts: 2,
  });
  let shipError: LogShipperError | undefined;
  const shipper = createLogShipper({
    logConfiguration: input.logConfiguration,
    containerName: input.containerName,
    taskId: input.taskId,
    client,
    onError: (error) => (shipError ??= error),
  });
  const close = async () => {
    await shipper.close();
    client.destroy();
  };
  if (!(await shipper.ready)) {
    await close();
    throw new TaskStopped(shipError?.reason ?? 'ResourceInitializationError: failed to create the awslogs log stream', 'TaskFailedToStart');
  }
  return { shipper, close };
}
