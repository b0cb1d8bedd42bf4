import { CreateServiceCommand, DescribeServicesCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { accountClusters, stopEverythingRunning, tasksNotStopped } from '../../harness/kata/account-cleanup';
import { articleSetup, cloud, container, destroyExerciseClients } from '../ecs-agent/article-exercise';

jest.setTimeout(120_000);
afterAll(() => destroyExerciseClients());

const FOREVER = ['node', '-e', 'setInterval(() => {}, 1000)'];

describe('stopEverythingRunning', () => {
  test('scales every service to 0 and deletes it, stops the tasks a solution ran itself, and waits until all have stopped', async () => {
    const exercise = await articleSetup(cloud.gatewayUrl);
    const { ecs } = exercise.root;
    const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'forever',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: exercise.executionRoleArn,
      containerDefinitions: [{ ...container(exercise), command: FOREVER }],
    }));
    const network = { awsvpcConfiguration: { subnets: [exercise.subnetId], securityGroups: [exercise.securityGroupId], assignPublicIp: 'ENABLED' as const } };
    await ecs.send(new CreateServiceCommand({
      cluster: 'my-cluster',
      serviceName: 'not-kata-svc',
      taskDefinition: taskDefinition!.taskDefinitionArn!,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: network,
    }));
    const { tasks } = await ecs.send(new RunTaskCommand({ cluster: 'my-cluster', taskDefinition: taskDefinition!.taskDefinitionArn!, launchType: 'FARGATE', networkConfiguration: network }));
    const ranItself = tasks![0].taskArn!;
    const deadline = Date.now() + 30_000;
    while (((await ecs.send(new ListTasksCommand({ cluster: 'my-cluster' }))).taskArns ?? []).length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const stopped = await stopEverythingRunning(exercise.accountId);

    expect(stopped).toContain(ranItself);
    expect(await tasksNotStopped(ecs, await accountClusters(ecs))).toEqual([]);
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'my-cluster', services: ['not-kata-svc'] }));
    expect(services![0]).toMatchObject({ status: 'INACTIVE', desiredCount: 0, runningCount: 0 });
  });
});
