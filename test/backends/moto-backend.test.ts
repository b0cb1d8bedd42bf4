import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand, GetPolicyCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';
import { directClients } from './direct-clients';

const cloud = currentLocalCloud();
let clients: KataClients;
beforeAll(async () => {
  clients = createClients({ endpoint: cloud.gatewayUrl, region: cloud.region, credentials: rootCredentials(await newAccount(cloud.gatewayUrl)) });
});
afterAll(() => destroyClients(clients));

describe('the default backend (moto)', () => {
  test('listens on 127.0.0.1 only and offers every kata service', () => {
    expect(cloud.backend).toBe('moto');
    expect(new URL(cloud.backendEndpoint).hostname).toBe('127.0.0.1');
    expect(cloud.capabilities).toEqual({ available: ['ec2', 'iam', 'ecs', 'ecr', 'sts', 'logs', 's3'], missing: {} });
  });

  test('has the AWS managed policies: AmazonECSTaskExecutionRolePolicy can be attached to a role', async () => {
    const arn = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'execution', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'execution', PolicyArn: arn }));
    const attached = await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'execution' }));
    expect(attached.AttachedPolicies?.map((policy) => policy.PolicyArn)).toEqual([arn]);
    expect((await clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.PolicyName).toBe('AmazonECSTaskExecutionRolePolicy');
  });

  // Straight to moto, not through the gateway: the gateway hands RunTask to the harness's ECS agent,
  // and this checks the backend the agent records tasks in.
  test('does not move an ECS task towards STOPPED on its own while it is polled', async () => {
    const accountId = await newAccount(cloud.gatewayUrl);
    const direct = directClients(cloud.backendEndpoint, cloud.region, accountId, { 'x-moto-account-id': accountId });
    const clients = direct;
    const { Vpc } = await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    // moto 5.2 fails an awsvpc RunTask (HTTP 500) in a VPC without DNS hostnames.
    await clients.ec2.send(new ModifyVpcAttributeCommand({ VpcId: Vpc!.VpcId, EnableDnsHostnames: { Value: true } }));
    const { Subnet } = await clients.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.0.0.0/20' }));
    const { GroupId } = await clients.ec2.send(new CreateSecurityGroupCommand({ VpcId: Vpc!.VpcId, GroupName: 'task', Description: 'task' }));
    await clients.ecs.send(new CreateClusterCommand({ clusterName: 'drift' }));
    await clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'sample',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        // moto 5.2 fails RunTask (HTTP 500) unless each container states its own cpu and memory.
        containerDefinitions: [{ name: 'app', image: 'my-repo:latest', essential: true, cpu: 256, memory: 512 }],
      }),
    );
    const { tasks } = await clients.ecs.send(
      new RunTaskCommand({
        cluster: 'drift',
        taskDefinition: 'sample',
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: [Subnet!.SubnetId!], securityGroups: [GroupId!] } },
      }),
    );
    const taskArn = tasks![0].taskArn!;
    const statuses: string[] = [];
    for (let poll = 0; poll < 6; poll++) {
      const described = await clients.ecs.send(new DescribeTasksCommand({ cluster: 'drift', tasks: [taskArn] }));
      statuses.push(described.tasks![0].lastStatus!);
    }
    destroyClients(direct);
    expect(new Set(statuses)).toEqual(new Set([statuses[0]]));
    expect(statuses[0]).not.toBe('STOPPED');
  });
});
