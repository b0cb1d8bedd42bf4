import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { ContainerRuntime } from '../../harness/ecs-agent/container-runtime';
import { DockerRuntime } from '../../harness/ecs-agent/docker-runtime';
import { ProcessContainerRuntime } from '../../harness/ecs-agent/process-container-runtime';
import { JSONPLACEHOLDER_ADDRESS, JSONPLACEHOLDER_HOST } from '../../harness/network/internet-hosts';
import { taskNetwork } from '../../harness/runner/control-api';
import { dockerSkipReason } from '../docker-available';
import { articleSetup, destroyExerciseClients, logLines, ownCloud, registerAndRun, untilStopped, type Exercise } from './article-exercise';

jest.setTimeout(180_000);
afterAll(() => destroyExerciseClients());

const runtimes: [string, () => ContainerRuntime][] = [
  ['process', () => new ProcessContainerRuntime()],
  ...(dockerSkipReason() === undefined ? [['docker', () => new DockerRuntime()] as [string, () => ContainerRuntime]] : []),
];

/** The learner's fix in the article: an internet gateway, a route table with 0.0.0.0/0 to it, associated with the subnet. */
async function makeSubnetReachable(exercise: Exercise): Promise<void> {
  const ec2 = exercise.root.ec2;
  const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: InternetGateway!.InternetGatewayId!, VpcId: exercise.vpcId }));
  const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: exercise.vpcId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: RouteTable!.RouteTableId!, DestinationCidrBlock: '0.0.0.0/0', GatewayId: InternetGateway!.InternetGatewayId! }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: RouteTable!.RouteTableId!, SubnetId: exercise.subnetId }));
}

async function runSample(exercise: Exercise, subnetId = exercise.subnetId, assignPublicIp: 'ENABLED' | 'DISABLED' = 'ENABLED') {
  const started = Date.now();
  const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn }, undefined, { subnetId, assignPublicIp });
  const { task } = await untilStopped(exercise, tasks![0].taskArn!);
  return { task, ms: Date.now() - started };
}

describe.each(runtimes)('what a task reaches is what its VPC allows (%s runtime)', (_name, makeRuntime) => {
  let own: Awaited<ReturnType<typeof ownCloud>>;
  beforeAll(async () => {
    own = await ownCloud({ runtime: makeRuntime() });
  });
  afterAll(() => own?.stop());

  test("the article's flow: no route out, the todo fetch times out within 10 s; after the internet gateway, route and association, the todo", async () => {
    const exercise = await articleSetup(own.gatewayUrl, 'ecs-tasks.amazonaws.com', 'endpoints');
    const before = await runSample(exercise);
    expect(before.ms).toBeLessThan(10_000);
    const failed = await logLines(exercise, before.task.taskArn!);
    expect(failed).toContain('TypeError: fetch failed');
    expect(failed).toContain(`connect ETIMEDOUT ${JSONPLACEHOLDER_ADDRESS}:443`);
    expect(failed).not.toContain('delectus aut autem');
    // What a kata shows the learner: the first hop that fails, from the harness's control API.
    const report = await taskNetwork(own.gatewayUrl, exercise.accountId, before.task.taskArn!);
    const todoHost = report!.destinations.find((destination) => destination.name === JSONPLACEHOLDER_HOST)!;
    expect(todoHost).toMatchObject({ reachable: false, code: 'NO_ROUTE_TO_DESTINATION', component: expect.stringMatching(/^rtb-/) });
    expect(todoHost.explanation.en).toContain(exercise.subnetId);
    expect(todoHost.explanation.en).toContain('0.0.0.0/0');
    expect(todoHost.explanation.ja).toContain(todoHost.component!);
    expect(report!.destinations.find((destination) => destination.name.startsWith('api.ecr.'))).toMatchObject({ reachable: true });

    await makeSubnetReachable(exercise);
    const after = await runSample(exercise);
    const fetched = await logLines(exercise, after.task.taskArn!);
    expect(fetched).toContain("title: 'delectus aut autem'");
    expect(fetched).toContain('Could not load credentials from any providers');
  });

  test('a task without a public IP in a public subnet cannot reach ECR: the pull fails as on Fargate', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const { task } = await runSample(exercise, exercise.subnetId, 'DISABLED');
    expect(task.stopCode).toBe('TaskFailedToStart');
    expect(task.stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: .*api\.ecr\..*: i\/o timeout/);
    expect(task.stoppedReason).toMatch(/public IP/i);
  });

  test('with DNS support off, no name resolves: not even ECR, so the task stops before its container runs', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    await exercise.root.ec2.send(new ModifyVpcAttributeCommand({ VpcId: exercise.vpcId, EnableDnsSupport: { Value: false } }));
    const { task } = await runSample(exercise);
    expect(task.stoppedReason).toMatch(/^ResourceInitializationError: /);
    expect(task.stoppedReason).toMatch(/DNS/);
    const report = await taskNetwork(own.gatewayUrl, exercise.accountId, task.taskArn!);
    expect(report!.dns).toBe(false);
    expect(report!.destinations.find((destination) => destination.name === JSONPLACEHOLDER_HOST)).toMatchObject({ reachable: false, code: 'DNS_RESOLUTION_DISABLED' });
  });

  test('a private subnet without endpoints reaches ECR and the internet only through a NAT gateway in a public subnet', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const ec2 = exercise.root.ec2;
    // The exercise's subnet is public (the main table routes to the internet gateway); the task runs in a private one, without a public IP.
    const { Subnet: privateSubnet } = await ec2.send(new CreateSubnetCommand({ VpcId: exercise.vpcId, CidrBlock: '10.0.2.0/24' }));
    const { RouteTable: privateTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: exercise.vpcId }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateTable!.RouteTableId!, SubnetId: privateSubnet!.SubnetId! }));

    const isolated = await runSample(exercise, privateSubnet!.SubnetId!, 'DISABLED');
    expect(isolated.task.stoppedReason).toMatch(/^ResourceInitializationError: .*api\.ecr\..*: i\/o timeout/);
    expect(isolated.task.stoppedReason).toContain(privateTable!.RouteTableId!);

    const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const { NatGateway } = await ec2.send(new CreateNatGatewayCommand({ SubnetId: exercise.subnetId, AllocationId }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: privateTable!.RouteTableId!, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: NatGateway!.NatGatewayId! }));
    const throughNat = await runSample(exercise, privateSubnet!.SubnetId!, 'DISABLED');
    expect(throughNat.task.stoppedReason).toBe('Essential container in task exited');
    expect(await logLines(exercise, throughNat.task.taskArn!)).toContain("title: 'delectus aut autem'");
  });
});
