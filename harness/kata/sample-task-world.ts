import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  ModifyVpcAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand, RegisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import type { SampleTaskWorld } from '../kata-types';
import type { KataSetupEnv } from './define-kata';

/** The sample task's awslogs settings, to read its output back (runTaskToStop's `logs`). */
export const SAMPLE_TASK_LOGS = { group: '/ecs/my-task', streamPrefix: 'ecs', container: 'my-container' } as const;
/** The awslogs settings of the kata-app task definition the ECS katas (10 on) register and run. */
export const KATA_APP_LOGS = { group: '/ecs/kata-app', streamPrefix: 'ecs', container: 'app' } as const;
const CLUSTER = 'my-cluster';

/** One essential container running the sample image, its output shipped with awslogs. */
export interface SampleTaskDefinition {
  family: string;
  /** e.g. `${repositoryUri}:latest` */
  image: string;
  logs: { group: string; streamPrefix: string; container: string };
  executionRoleArn?: string;
  taskRoleArn?: string;
  /** The container's command instead of the image's CMD (starts with 'node' for the process runtime). */
  command?: string[];
}

/**
 * Registers the sample as the article's Fargate task definition (awsvpc, 256 CPU units / 512 MiB)
 * and returns its ARN: a new revision when the family exists.
 */
export async function registerSampleTaskDefinition(ecs: ECSClient, region: string, definition: SampleTaskDefinition): Promise<string> {
  const { family, image, logs, executionRoleArn, taskRoleArn, command } = definition;
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      ...(executionRoleArn ? { executionRoleArn } : {}),
      ...(taskRoleArn ? { taskRoleArn } : {}),
      containerDefinitions: [
        {
          name: logs.container,
          image,
          essential: true,
          ...(command ? { command } : {}),
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': logs.group, 'awslogs-region': region, 'awslogs-stream-prefix': logs.streamPrefix },
          },
        },
      ],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

/**
 * How the subnet reaches what ECS needs (ECR, S3 for the image layers, CloudWatch Logs):
 * - 'vpc-endpoints': not the internet; interface endpoints in the subnet (ecr.api, ecr.dkr, logs,
 *   with a group allowing HTTPS from the VPC) and S3's gateway endpoint in the main route table;
 * - 'internet': an internet gateway attached to the VPC and a route 0.0.0.0/0 to it in the main
 *   route table (a public subnet: a task with a public IP reaches everything over the internet).
 */
export type SampleTaskReach = 'vpc-endpoints' | 'internet';

/**
 * The article's ECS world, for a kata that runs the sample task: a VPC (10.0.0.0/16, DNS support
 * and hostnames on) with one subnet (10.0.0.0/20), the sample image pushed to ECR (my-repo:latest),
 * the task execution role, the log group, the cluster and a registered Fargate task definition.
 */
export async function buildSampleTaskWorld({ clients, region, harness }: KataSetupEnv, reach: SampleTaskReach): Promise<SampleTaskWorld> {
  const { ec2 } = clients;
  const vpcCidr = '10.0.0.0/16';
  const subnetCidr = '10.0.0.0/20';
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'kata-vpc' }] }] }));
  const vpcId = Vpc!.VpcId!;
  // Interface endpoints with private DNS need both attributes.
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const { Subnet } = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'kata-subnet' }] }] }),
  );
  const subnetId = Subnet!.SubnetId!;
  const { RouteTables } = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }),
  );
  const mainRouteTableId = RouteTables![0].RouteTableId!;
  let internetGatewayId: string | undefined;
  if (reach === 'vpc-endpoints') await addEcsEndpoints(ec2, { region, vpcId, vpcCidr, subnetId, routeTableId: mainRouteTableId });
  else internetGatewayId = await routeToInternet(ec2, vpcId, mainRouteTableId);

  const { repository } = await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'my-repo' }));
  const repositoryUri = repository!.repositoryUri!;
  await harness.pushSampleImage(repositoryUri, 'latest');
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const { Role } = await clients.iam.send(new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await clients.iam.send(
    new AttachRolePolicyCommand({ RoleName: 'ecsTaskExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }),
  );
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName: SAMPLE_TASK_LOGS.group }));
  await clients.ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  const taskDefinitionArn = await registerSampleTaskDefinition(clients.ecs, region, {
    family: 'my-task',
    image: `${repositoryUri}:latest`,
    logs: SAMPLE_TASK_LOGS,
    executionRoleArn: Role!.Arn!,
  });
  return {
    vpcId,
    vpcCidr,
    subnetId,
    subnetCidr,
    ...(internetGatewayId ? { internetGatewayId } : {}),
    cluster: CLUSTER,
    taskDefinitionArn,
    repositoryUri,
    executionRoleArn: Role!.Arn!,
    logGroupName: SAMPLE_TASK_LOGS.group,
  };
}

/**
 * What ECS needs without the internet: interface endpoints with private DNS in the subnet
 * (ecr.api, ecr.dkr, logs; a group allowing HTTPS from the VPC) and S3's gateway endpoint in the
 * route table. The VPC needs DNS support and hostnames for the private names to apply.
 */
export async function addEcsEndpoints(
  ec2: EC2Client,
  { region, vpcId, vpcCidr, subnetId, routeTableId }: { region: string; vpcId: string; vpcCidr: string; subnetId: string; routeTableId: string },
): Promise<void> {
  const { GroupId: endpointGroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'endpoints', Description: 'HTTPS from the VPC' }));
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: endpointGroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: vpcCidr }] }] }),
  );
  for (const service of ['ecr.api', 'ecr.dkr', 'logs']) {
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.${region}.${service}`,
        SubnetIds: [subnetId],
        SecurityGroupIds: [endpointGroupId!],
        PrivateDnsEnabled: true,
      }),
    );
  }
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${region}.s3`, RouteTableIds: [routeTableId] }));
}

/** An internet gateway (tagged kata-igw) attached to the VPC, and 0.0.0.0/0 to it in the route table; returns its id. */
export async function routeToInternet(ec2: EC2Client, vpcId: string, routeTableId: string): Promise<string> {
  const { InternetGateway } = await ec2.send(
    new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'kata-igw' }] }] }),
  );
  const internetGatewayId = InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGatewayId }));
  return internetGatewayId;
}
