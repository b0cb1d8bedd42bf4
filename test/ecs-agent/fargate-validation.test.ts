import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { checkAwsvpcConfiguration, checkFargateRegistration, checkFargateSize, checkFargateTaskDefinition, validateFargateRun, type FargateValidation } from '../../harness/ecs-agent/fargate-validation';
import { fargateMemoryFor, parseCpu, parseMemory } from '../../harness/ecs-agent/fargate-sizes';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';

const fargateTask = (overrides: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'sample',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/my-repo:latest', essential: true }],
  ...overrides,
});

/** Asserts a rejection's code and that both languages carry the key words. */
function expectRejected(result: FargateValidation | { ok: true }, code: string, en: (string | RegExp)[], ja: (string | RegExp)[]): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const rejection = result as Extract<FargateValidation, { ok: false }>;
  expect(rejection.code).toBe(code);
  for (const word of en) expect(rejection.message.en).toMatch(word);
  for (const word of ja) expect(rejection.message.ja).toMatch(word);
}

describe('Fargate sizes', () => {
  test.each([
    ['256', 256],
    ['1024', 1024],
    ['1 vCPU', 1024],
    ['.25 vCPU', 256],
    ['0.5 vcpu', 512],
    ['2vCPU', 2048],
    ['16 vCPU', 16384],
  ])('cpu %j reads as %d units', (value, units) => expect(parseCpu(value)).toBe(units));

  test.each([
    ['512', 512],
    ['2 GB', 2048],
    ['0.5GB', 512],
    ['30 gb', 30720],
  ])('memory %j reads as %d MiB', (value, mib) => expect(parseMemory(value)).toBe(mib));

  test.each(['', 'abc', '1 core', '0.1 vCPU', '-256'])('cpu %j cannot be read', (value) => expect(parseCpu(value)).toBeUndefined());

  test('the table matches the ECS guide, row by row', () => {
    expect(fargateMemoryFor(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryFor(512)).toEqual([1024, 2048, 3072, 4096]);
    expect(fargateMemoryFor(1024)).toEqual([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
    expect(fargateMemoryFor(2048)).toHaveLength(13);
    expect(fargateMemoryFor(4096)).toEqual(expect.arrayContaining([8192, 30720]));
    expect(fargateMemoryFor(4096)).toHaveLength(23);
    expect(fargateMemoryFor(8192)).toEqual([16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440]);
    expect(fargateMemoryFor(16384)).toEqual([32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880]);
    expect(fargateMemoryFor(300)).toEqual([]);
  });

  test.each([
    ['256', '512'],
    ['.25 vCPU', '2 GB'],
    ['512', '4096'],
    ['1 vCPU', '8GB'],
    ['2048', '16384'],
    ['4 vCPU', '30 GB'],
    ['8192', '60 GB'],
    ['16 vCPU', '120 GB'],
  ])('cpu %j with memory %j is a Fargate size', (cpu, memory) => expect(checkFargateSize(cpu, memory).ok).toBe(true));

  test.each([
    ['512', '128', '512 CPU, 128 memory'],
    ['256', '1536', '256 CPU, 1536 memory'],
    ['256', '4 GB', '256 CPU, 4096 memory'],
    ['1 vCPU', '1 GB', '1024 CPU, 1024 memory'],
    ['4096', '31744', '4096 CPU, 31744 memory'],
    ['8192', '18 GB', '8192 CPU, 18432 memory'],
    ['16384', '36 GB', '16384 CPU, 36864 memory'],
    ['300', '1024', '300 CPU, 1024 memory'],
  ])('cpu %j with memory %j: No Fargate configuration exists (%s)', (cpu, memory, values) => {
    const result = checkFargateSize(cpu, memory);
    const [cpuUnits, mib] = values.match(/\d+/g)!;
    expectRejected(result, 'ClientException', [`No Fargate configuration exists for given values: ${values}.`, 'See the Amazon ECS documentation'], [`CPU ${cpuUnits}`, `メモリ ${mib}`, 'Fargate の構成がありません']);
  });

  test('the hint names the memory Fargate accepts for that cpu', () => {
    const result = checkFargateSize('512', '128');
    expect(result.ok || result.hint?.en).toContain('1024, 2048, 3072 or 4096 MiB');
    expect(result.ok || result.hint?.ja).toContain('1024, 2048, 3072 または 4096 MiB');
  });

  test.each([
    [undefined, '512', "Fargate requires that 'cpu' be defined at the task level.", "'cpu'"],
    ['256', undefined, "Fargate requires that 'memory' be defined at the task level.", "'memory'"],
    ['a lot', '512', "Invalid 'cpu' setting for task.", "'cpu'"],
    ['256', 'half a GB', "Invalid 'memory' setting for task.", "'memory'"],
  ])('cpu %j memory %j: %s', (cpu, memory, en, ja) => {
    expectRejected(checkFargateSize(cpu, memory), 'ClientException', [en], [ja, 'タスク']);
  });
});

describe('Fargate rules on the task definition', () => {
  test.each<[string, Partial<TaskDefinition>, { launchType?: string; capacityProviderStrategy?: { capacityProvider: string }[] }, string, string[], string[]]>([
    ['EC2-only compatibilities', { requiresCompatibilities: ['EC2'] }, { launchType: 'FARGATE' }, 'InvalidParameterException', ['Task definition does not support launch_type FARGATE.'], ['FARGATE', '対応していません']],
    ['no compatibilities at all', { requiresCompatibilities: undefined }, { launchType: 'FARGATE' }, 'InvalidParameterException', ['does not support launch_type FARGATE'], ['FARGATE']],
    ['a capacity provider strategy counts as Fargate', { requiresCompatibilities: ['EC2'] }, { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] }, 'InvalidParameterException', ['launch_type FARGATE'], ['FARGATE']],
    ['bridge network mode', { networkMode: 'bridge' }, { launchType: 'FARGATE' }, 'ClientException', ['Fargate only supports network mode ‘awsvpc’.'], ['awsvpc', 'ネットワークモード']],
    ['no network mode', { networkMode: undefined }, { launchType: 'FARGATE' }, 'ClientException', ['awsvpc'], ['awsvpc']],
    ['launch type EC2', {}, { launchType: 'EC2' }, 'InvalidParameterException', ['Fargate only', 'EC2', 'launchType FARGATE'], ['Fargate だけ', 'EC2', 'launchType: FARGATE']],
    ['no launch type and no strategy', {}, {}, 'InvalidParameterException', ['EC2 (no launchType'], ['EC2']],
    [
      'awslogs without an execution role',
      { containerDefinitions: [{ name: 'app', image: 'my-repo:latest', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/sample' } } }] },
      { launchType: 'FARGATE' },
      'ClientException',
      ['Fargate requires task definition to have execution role ARN to support log driver awslogs.'],
      ['awslogs', '実行ロール', 'executionRoleArn'],
    ],
    ['an empty image', { containerDefinitions: [{ name: 'app', image: '  ' }] }, { launchType: 'FARGATE' }, 'ClientException', ['Container.image should not be null or empty.'], ['Container.image', '空']],
    ['no image', { containerDefinitions: [{ name: 'app' }] }, { launchType: 'FARGATE' }, 'ClientException', ['Container.image'], ['Container.image']],
    ['an invalid size', { cpu: '512', memory: '128' }, { launchType: 'FARGATE' }, 'ClientException', ['512 CPU, 128 memory'], ['CPU 512', 'メモリ 128']],
  ])('%s', (_name, overrides, launch, code, en, ja) => {
    expectRejected(checkFargateTaskDefinition(fargateTask(overrides), launch), code, en, ja);
    // ECS refuses the ClientExceptions already at RegisterTaskDefinition; RunTask's own checks (launch type, compatibilities) are not registration's.
    const atRegistration = checkFargateRegistration(fargateTask(overrides));
    if (code === 'ClientException') expect(atRegistration).toEqual(checkFargateTaskDefinition(fargateTask(overrides), launch));
    else expect(atRegistration.ok).toBe(true);
  });

  test('awslogs with an execution role, and sizes with units, pass and come back normalised', () => {
    const result = checkFargateTaskDefinition(
      fargateTask({
        cpu: '1 vCPU',
        memory: '2 GB',
        executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
        containerDefinitions: [{ name: 'app', image: 'my-repo:latest', logConfiguration: { logDriver: 'awslogs', options: {} } }],
      }),
    );
    expect(result).toEqual({ ok: true, cpu: 1024, memory: 2048 });
  });

  test('a log driver other than awslogs needs no execution role here', () => {
    const definition = fargateTask({ containerDefinitions: [{ name: 'app', image: 'nginx', logConfiguration: { logDriver: 'splunk', options: {} } }] });
    expect(checkFargateTaskDefinition(definition).ok).toBe(true);
  });
});

describe('awsvpcConfiguration shape', () => {
  const subnets = (count: number) => Array.from({ length: count }, (_, i) => `subnet-${i}`);
  const groups = (count: number) => Array.from({ length: count }, (_, i) => `sg-${i}`);
  test.each<[string, Parameters<typeof checkAwsvpcConfiguration>[0], string[], string[]]>([
    ['no network configuration', undefined, ["Network Configuration must be provided when networkMode 'awsvpc' is specified."], ['awsvpc', 'networkConfiguration']],
    ['no awsvpcConfiguration', {}, ['Network Configuration must be provided'], ['networkConfiguration']],
    ['no subnets', { awsvpcConfiguration: { subnets: [] } }, ['subnets can not be empty.'], ['subnets', '空']],
    ['17 subnets', { awsvpcConfiguration: { subnets: subnets(17) } }, ['17', 'limit of 16 subnets'], ['17', '16 個まで']],
    ['6 security groups', { awsvpcConfiguration: { subnets: subnets(1), securityGroups: groups(6) } }, ['6', 'limit of 5 security groups'], ['6', '5 個まで']],
    ['a blank security group', { awsvpcConfiguration: { subnets: subnets(1), securityGroups: [''] } }, ['security group cannot be blank'], ['セキュリティグループ', '空']],
  ])('%s', (_name, configuration, en, ja) => {
    expectRejected(checkAwsvpcConfiguration(configuration), 'InvalidParameterException', en, ja);
  });

  test('16 subnets and 5 security groups are allowed; assignPublicIp defaults to DISABLED', () => {
    expect(checkAwsvpcConfiguration({ awsvpcConfiguration: { subnets: subnets(16), securityGroups: groups(5) } })).toMatchObject({ ok: true, assignPublicIp: 'DISABLED' });
    expect(checkAwsvpcConfiguration({ awsvpcConfiguration: { subnets: subnets(1), assignPublicIp: 'ENABLED' } })).toMatchObject({ ok: true, assignPublicIp: 'ENABLED' });
  });
});

describe('validateFargateRun against the local cloud', () => {
  const cloud = currentLocalCloud();
  const opened: KataClients[] = [];
  afterAll(() => opened.forEach(destroyClients));

  /** A fresh account with two VPCs, a subnet and a security group in each. */
  async function twoVpcs() {
    const accountId = await newAccount(cloud.gatewayUrl);
    const root = createClients({ endpoint: cloud.gatewayUrl, region: cloud.region, credentials: rootCredentials(accountId) });
    opened.push(root);
    const make = async (cidr: string, name: string) => {
      const { Vpc } = await root.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
      const { Subnet } = await root.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: cidr.replace('/16', '/24') }));
      const { GroupId } = await root.ec2.send(new CreateSecurityGroupCommand({ VpcId: Vpc!.VpcId!, GroupName: name, Description: name }));
      return { vpcId: Vpc!.VpcId!, subnetId: Subnet!.SubnetId!, groupId: GroupId! };
    };
    const a = await make('10.0.0.0/16', 'app-a');
    const b = await make('10.1.0.0/16', 'app-b');
    return { root, a, b };
  }

  const run = (root: KataClients, awsvpcConfiguration: { subnets: string[]; securityGroups?: string[]; assignPublicIp?: 'ENABLED' | 'DISABLED' }) =>
    validateFargateRun({ taskDefinition: fargateTask(), networkConfiguration: { awsvpcConfiguration }, launchType: 'FARGATE', ec2: root.ec2 });

  test('a valid run: the VPC, the first subnet given, the security groups and the public IP setting', async () => {
    const { root, a } = await twoVpcs();
    const { Subnet } = await root.ec2.send(new CreateSubnetCommand({ VpcId: a.vpcId, CidrBlock: '10.0.1.0/24' }));
    const result = await run(root, { subnets: [a.subnetId, Subnet!.SubnetId!], securityGroups: [a.groupId], assignPublicIp: 'ENABLED' });
    expect(result).toEqual({
      ok: true,
      vpcId: a.vpcId,
      subnetId: a.subnetId,
      subnetIds: [a.subnetId, Subnet!.SubnetId!],
      securityGroupIds: [a.groupId],
      assignPublicIp: 'ENABLED',
      cpu: 256,
      memory: 512,
    });
  });

  test("no security groups: the VPC's default security group, as ECS does", async () => {
    const { root, a } = await twoVpcs();
    const { SecurityGroups } = await root.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [a.vpcId] }, { Name: 'group-name', Values: ['default'] }] }),
    );
    expect(SecurityGroups).toHaveLength(1);
    const result = await run(root, { subnets: [a.subnetId] });
    expect(result).toMatchObject({ ok: true, vpcId: a.vpcId, subnetId: a.subnetId, securityGroupIds: [SecurityGroups![0]!.GroupId], assignPublicIp: 'DISABLED' });
  });

  test('a subnet that does not exist', async () => {
    const { root, a } = await twoVpcs();
    const result = await run(root, { subnets: [a.subnetId, 'subnet-0000000000deadbee'], securityGroups: [a.groupId] });
    expectRejected(
      result,
      'InvalidParameterException',
      ['Error retrieving subnet information for', "The subnet ID 'subnet-0000000000deadbee' does not exist", 'InvalidSubnetID.NotFound'],
      ['サブネット', "'subnet-0000000000deadbee' は存在しません", 'InvalidSubnetID.NotFound'],
    );
  });

  test('two subnets in different VPCs', async () => {
    const { root, a, b } = await twoVpcs();
    const result = await run(root, { subnets: [a.subnetId, b.subnetId], securityGroups: [a.groupId] });
    expectRejected(
      result,
      'InvalidParameterException',
      ['must be from the same VPC', `${a.subnetId} is in ${a.vpcId}`, `${b.subnetId} is in ${b.vpcId}`],
      ['同じ VPC', `${a.subnetId} は ${a.vpcId}`, `${b.subnetId} は ${b.vpcId}`],
    );
  });

  test('a security group from another VPC', async () => {
    const { root, a, b } = await twoVpcs();
    const result = await run(root, { subnets: [a.subnetId], securityGroups: [a.groupId, b.groupId] });
    expectRejected(
      result,
      'InvalidParameterException',
      [`Security group ${b.groupId} does not appear to belong to the same VPC as the input subnets.`],
      [b.groupId, '同じ VPC に属していない'],
    );
    expect(result.ok || result.hint?.en).toContain(`${b.groupId} is in ${b.vpcId}; the subnets are in ${a.vpcId}`);
  });

  test('a security group that does not exist', async () => {
    const { root, a } = await twoVpcs();
    const result = await run(root, { subnets: [a.subnetId], securityGroups: ['sg-0000000000deadbee'] });
    expectRejected(
      result,
      'InvalidParameterException',
      ["The security group 'sg-0000000000deadbee' does not exist", 'InvalidGroup.NotFound'],
      ["'sg-0000000000deadbee' は存在しません", 'セキュリティグループ'],
    );
  });

  test('task definition rules come before any network call', async () => {
    const { root } = await twoVpcs();
    const result = await validateFargateRun({ taskDefinition: fargateTask({ requiresCompatibilities: ['EC2'] }), launchType: 'FARGATE', ec2: root.ec2 });
    expectRejected(result, 'InvalidParameterException', ['does not support launch_type FARGATE'], ['FARGATE']);
  });
});
