import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type Service,
} from '@aws-sdk/client-ecs';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { accountCalls, newAccount } from '../../harness/runner/control-api';

jest.setTimeout(60_000);
const cloud = currentLocalCloud();
const opened: KataClients[] = [];
afterAll(() => opened.forEach(destroyClients));

interface World {
  accountId: string;
  root: KataClients;
  subnetId: string;
  securityGroupId: string;
  /** Fargate, awsvpc, 256/512, no logs (nothing here launches a task). */
  fargateDefinition: string;
  /** requiresCompatibilities EC2, awsvpc. */
  ec2Definition: string;
}

async function world(): Promise<World> {
  const accountId = await newAccount(cloud.gatewayUrl);
  const root = createClients({ endpoint: cloud.gatewayUrl, region: cloud.region, credentials: rootCredentials(accountId) });
  opened.push(root);
  const { Vpc } = await root.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const { Subnet } = await root.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: '10.0.1.0/24' }));
  const { GroupId } = await root.ec2.send(new CreateSecurityGroupCommand({ VpcId: Vpc!.VpcId!, GroupName: 'my-sg', Description: 'my-sg' }));
  await root.ecs.send(new CreateClusterCommand({ clusterName: 'my-cluster' }));
  const container = { name: 'app', image: `${accountId}.dkr.ecr.${cloud.region}.amazonaws.com/my-repo:latest`, essential: true };
  const register = async (family: string, compatibility: 'FARGATE' | 'EC2') =>
    (await root.ecs.send(new RegisterTaskDefinitionCommand({
      family,
      requiresCompatibilities: [compatibility],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [container],
    }))).taskDefinition!.taskDefinitionArn!;
  return {
    accountId,
    root,
    subnetId: Subnet!.SubnetId!,
    securityGroupId: GroupId!,
    fargateDefinition: await register('my-task', 'FARGATE'),
    ec2Definition: await register('ec2-task', 'EC2'),
  };
}

const network = (w: World, assignPublicIp?: 'ENABLED' | 'DISABLED', subnets = [w.subnetId]) => ({
  awsvpcConfiguration: { subnets, securityGroups: [w.securityGroupId], ...(assignPublicIp && { assignPublicIp }) },
});

async function describe_(w: World, name = 'my-service'): Promise<Service | undefined> {
  const { services } = await w.root.ecs.send(new DescribeServicesCommand({ cluster: 'my-cluster', services: [name] }));
  return services?.find((service) => service.status === 'ACTIVE');
}

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error & { $metadata?: { httpStatusCode?: number } }) => error,
  );

async function lastCall(w: World, operation: string) {
  const { calls } = await accountCalls(cloud.gatewayUrl, w.accountId);
  return calls.filter((entry) => entry.operation === operation).pop();
}

describe('CreateService through the gateway refuses what ECS refuses at the call', () => {
  test.each<[string, (w: World) => Partial<CreateServiceCommandInput>, string, RegExp]>([
    [
      'Fargate, awsvpc task definition, no networkConfiguration',
      () => ({ launchType: 'FARGATE' }),
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      /networkMode awsvpc: each task of the service gets its own network interface in a subnet.*Pass networkConfiguration: \{ awsvpcConfiguration: .* to CreateService\./,
    ],
    [
      'Fargate with an empty subnets list',
      (w) => ({ launchType: 'FARGATE', networkConfiguration: network(w, 'ENABLED', []) }),
      'subnets can not be empty.',
      /Give at least one subnet of your VPC/,
    ],
    [
      'Fargate with a subnet that does not exist',
      (w) => ({ launchType: 'FARGATE', networkConfiguration: network(w, 'ENABLED', ['subnet-0000dead']) }),
      "Error retrieving subnet information for [subnet-0000dead]: The subnet ID 'subnet-0000dead' does not exist (ErrorCode: InvalidSubnetID.NotFound)",
      /list yours with DescribeSubnets/,
    ],
    [
      'Fargate with a task definition that requires EC2',
      (w) => ({ launchType: 'FARGATE', taskDefinition: w.ec2Definition, networkConfiguration: network(w, 'ENABLED') }),
      'Task definition does not support launch_type FARGATE.',
      /requiresCompatibilities is \["EC2"\]\. Register a new revision with requiresCompatibilities \["FARGATE"\]/,
    ],
    [
      'assignPublicIp neither ENABLED nor DISABLED',
      (w) => ({ launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: [w.subnetId], assignPublicIp: 'true' as never } } }),
      'Invalid value for assignPublicIp: "true". Valid values are ENABLED and DISABLED.',
      /Give assignPublicIp 'ENABLED'/,
    ],
    [
      'launchType EC2 with assignPublicIp ENABLED',
      (w) => ({ launchType: 'EC2', networkConfiguration: network(w, 'ENABLED') }),
      'Assign public IP is not supported for this launch type.',
      /launch type is EC2, and assignPublicIp is ENABLED: only Fargate gives .* this local cloud has none: create the service with launchType 'FARGATE'/,
    ],
  ])('%s: InvalidParameterException in ECS\'s words, no service, and the trace explains it', async (_name, change, message, explained) => {
    const w = await world();
    const refusal = await refusalOf(w.root.ecs.send(new CreateServiceCommand({
      cluster: 'my-cluster',
      serviceName: 'my-service',
      taskDefinition: w.fargateDefinition,
      desiredCount: 2,
      ...change(w),
    })));
    expect(refusal).toMatchObject({ name: 'InvalidParameterException', message, $metadata: { httpStatusCode: 400 } });
    expect(await describe_(w)).toBeUndefined();

    const call = await lastCall(w, 'CreateService');
    expect(call).toMatchObject({ service: 'ecs', status: 400, errorCode: 'InvalidParameterException' });
    expect(call?.explanation?.en?.startsWith(`${message} `)).toBe(true);
    expect(call?.explanation?.en).toMatch(explained);
    expect(call?.explanation?.ja).toBeTruthy();
  });

  test('launchType EC2 without a public IP: the service is created, and its events say no container instance was found', async () => {
    const w = await world();
    const { service } = await w.root.ecs.send(new CreateServiceCommand({
      cluster: 'my-cluster',
      serviceName: 'my-service',
      taskDefinition: w.fargateDefinition,
      desiredCount: 1,
      launchType: 'EC2',
      networkConfiguration: network(w),
    }));
    expect(service).toMatchObject({ serviceName: 'my-service', status: 'ACTIVE', launchType: 'EC2' });
    const events = (await describe_(w))!.events!.map((event) => event.message);
    expect(events).toEqual([
      '(service my-service) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. ' +
        'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
    ]);
    expect((await describe_(w))!.runningCount).toBe(0);
    await w.root.ecs.send(new DeleteServiceCommand({ cluster: 'my-cluster', service: 'my-service', force: true }));
  });

  test('a valid Fargate service is created; an UpdateService that drops what it needs is refused and changes nothing', async () => {
    const w = await world();
    const { service } = await w.root.ecs.send(new CreateServiceCommand({
      cluster: 'my-cluster',
      serviceName: 'my-service',
      taskDefinition: w.fargateDefinition,
      desiredCount: 0,
      launchType: 'FARGATE',
      networkConfiguration: network(w, 'ENABLED'),
    }));
    expect(service).toMatchObject({ serviceName: 'my-service', status: 'ACTIVE', launchType: 'FARGATE', taskDefinition: w.fargateDefinition });

    const toEc2Definition = await refusalOf(w.root.ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'my-service', taskDefinition: w.ec2Definition })));
    expect(toEc2Definition).toMatchObject({ name: 'InvalidParameterException', message: 'Task definition does not support launch_type FARGATE.' });
    const call = await lastCall(w, 'UpdateService');
    expect(call).toMatchObject({ status: 400, errorCode: 'InvalidParameterException' });
    expect(call?.explanation?.en).toMatch(/requiresCompatibilities is \["EC2"\]/);

    const noSubnets = await refusalOf(w.root.ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'my-service', networkConfiguration: network(w, 'ENABLED', []) })));
    expect(noSubnets).toMatchObject({ name: 'InvalidParameterException', message: 'subnets can not be empty.' });
    expect((await describe_(w))!.taskDefinition).toBe(w.fargateDefinition);

    const scaled = await w.root.ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'my-service', desiredCount: 0, networkConfiguration: network(w, 'DISABLED') }));
    expect(scaled.service).toMatchObject({ status: 'ACTIVE', desiredCount: 0 });
    await w.root.ecs.send(new DeleteServiceCommand({ cluster: 'my-cluster', service: 'my-service' }));
  });
});
