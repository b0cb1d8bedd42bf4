import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { CapacityProviderStrategyItem, NetworkConfiguration, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Bilingual } from '../i18n';
import { fargateMemoryFor, FARGATE_SIZES, parseCpu, parseMemory } from './fargate-sizes';

/**
 * What Fargate checks of a task definition and a RunTask, answered the way ECS answers (HTTP 400).
 * moto keeps task definitions but validates none of this.
 *
 * Where each check happens, as in AWS:
 * - at RegisterTaskDefinition, for a definition whose requiresCompatibilities includes FARGATE:
 *   `checkFargateRegistration` (network mode, cpu/memory, image, awslogs without an execution
 *   role), ClientException; the gateway refuses such a registration (fargate-registration.ts);
 * - at RunTask: `validateFargateRun` (launch type, requiresCompatibilities, the awsvpc
 *   configuration, subnets and security groups), InvalidParameterException. It repeats the
 *   registration checks too, so a definition that reached the backend some other way (registered
 *   before the gateway checked, or straight on the backend) is still refused as ECS would have.
 *
 * Wordings. Where ECS's own wording was found, the English text is that wording and the comment
 * names where it was seen; "(composed)" marks a message written in the same style because no
 * record of ECS's wording was found.
 */

export type FargateErrorCode = 'InvalidParameterException' | 'ClientException';

export interface FargatePlacement {
  ok: true;
  vpcId: string;
  /**
   * The subnet the task's ENI goes into. ECS picks one of the given subnets (spreading tasks
   * across Availability Zones); the local agent picks the first one given, so a run is
   * deterministic and a kata can say which subnet its task lands in.
   */
  subnetId: string;
  subnetIds: string[];
  /** The given security groups, or the VPC's default security group when none were given. */
  securityGroupIds: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
  /** Task size in CPU units and MiB, units already normalised. */
  cpu: number;
  memory: number;
}

export interface FargateRejection {
  ok: false;
  code: FargateErrorCode;
  /** ECS's message (English) and the same facts in Japanese. */
  message: Bilingual;
  /** The rule and the next step, for a learner; ECS itself says no more than `message`. */
  hint?: Bilingual;
}

export type FargateValidation = FargatePlacement | FargateRejection;

export interface FargateRunRequest {
  /** As DescribeTaskDefinition returns it. */
  taskDefinition: TaskDefinition;
  /** RunTask's networkConfiguration. */
  networkConfiguration?: NetworkConfiguration;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** An EC2 client of the task's account, to read its subnets and security groups. */
  ec2: EC2Client;
}

const MAX_SUBNETS = 16;
const MAX_SECURITY_GROUPS = 5;

const reject = (code: FargateErrorCode, en: string, ja: string, hint?: Bilingual): FargateRejection => ({ ok: false, code, message: { en, ja }, ...(hint ? { hint } : {}) });

/** The refusal's words and the hint, for a learner reading the call in a kata's list of calls. */
export function explainFargateRejection({ message, hint }: FargateRejection): Bilingual {
  return hint ? { en: `${message.en} ${hint.en}`, ja: `${message.ja}${hint.ja}` } : message;
}

/** Validates a RunTask for Fargate and, when it passes, says where the task's ENI goes. */
export async function validateFargateRun(request: FargateRunRequest): Promise<FargateValidation> {
  const definition = checkFargateTaskDefinition(request.taskDefinition, request);
  if (!definition.ok) return definition;
  const shape = checkAwsvpcConfiguration(request.networkConfiguration);
  if (!shape.ok) return shape;
  const network = await resolveNetwork(request.ec2, shape);
  if (!network.ok) return network;
  return { ok: true, ...network.placement, cpu: definition.cpu, memory: definition.memory };
}

/** True when RunTask asks for Fargate: launchType FARGATE, or a capacity provider strategy (treated as Fargate here). */
export function runsOnFargate(request: { launchType?: string; capacityProviderStrategy?: CapacityProviderStrategyItem[] }): boolean {
  if (request.launchType !== undefined) return request.launchType === 'FARGATE';
  return (request.capacityProviderStrategy?.length ?? 0) > 0;
}

/** True when the definition asks to be checked as a Fargate one (requiresCompatibilities includes FARGATE). */
export function requiresFargate(taskDefinition: Pick<TaskDefinition, 'requiresCompatibilities'>): boolean {
  return (taskDefinition.requiresCompatibilities ?? []).includes('FARGATE');
}

/** The checks of RunTask that need only the task definition and the launch type (no calls), then the registration checks. */
export function checkFargateTaskDefinition(
  taskDefinition: TaskDefinition,
  launch: { launchType?: string; capacityProviderStrategy?: CapacityProviderStrategyItem[] } = { launchType: 'FARGATE' },
): FargateRejection | { ok: true; cpu: number; memory: number } {
  if (!runsOnFargate(launch)) {
    // (composed) The local cloud has no EC2 container instances; in AWS such a RunTask returns
    // a `failures` entry instead of a task. Without launchType or a capacity provider strategy,
    // ECS uses the cluster's default strategy, else the EC2 launch type.
    const asked = launch.launchType ?? 'EC2 (no launchType and no capacityProviderStrategy)';
    const askedJa = launch.launchType ?? 'EC2 (launchType も capacityProviderStrategy も指定なし)';
    return reject(
      'InvalidParameterException',
      `The local cloud runs tasks on Fargate only; launch type ${asked} has no container instances here. Call RunTask with launchType FARGATE.`,
      `このローカル環境でタスクを実行できるのは Fargate だけです。起動タイプ ${askedJa} で使えるコンテナインスタンスはありません。RunTask に launchType: FARGATE を指定してください。`,
    );
  }

  // Seen as InvalidParameterException from RunTask/UpdateService: sil-org/ecs-deploy#134 and #129,
  // buildkite-plugins/ecs-deploy-buildkite-plugin#34.
  if (!requiresFargate(taskDefinition)) {
    const given = JSON.stringify(taskDefinition.requiresCompatibilities ?? []);
    return reject(
      'InvalidParameterException',
      'Task definition does not support launch_type FARGATE.',
      'タスク定義が起動タイプ FARGATE に対応していません。',
      {
        en: `requiresCompatibilities is ${given}. Register a new revision with requiresCompatibilities ["FARGATE"] and networkMode "awsvpc".`,
        ja: `requiresCompatibilities が ${given} です。requiresCompatibilities を ["FARGATE"]、networkMode を "awsvpc" にした新しいリビジョンを登録してください。`,
      },
    );
  }
  return checkFargateRegistration(taskDefinition);
}

/**
 * What ECS checks when a definition requiring FARGATE is registered (ClientException from
 * RegisterTaskDefinition); `taskDefinition` may be the RegisterTaskDefinition request itself
 * (same member names).
 */
export function checkFargateRegistration(taskDefinition: TaskDefinition): FargateRejection | { ok: true; cpu: number; memory: number } {
  // ClientException from RegisterTaskDefinition: aws/amazon-ecs-cli#1145,
  // awslabs/ecs-nginx-reverse-proxy#1 (both quote it with typographic quotes, kept here).
  if (taskDefinition.networkMode !== 'awsvpc') {
    const mode = taskDefinition.networkMode ?? '(none)';
    return reject('ClientException', 'Fargate only supports network mode ‘awsvpc’.', 'Fargate で使えるネットワークモードは ‘awsvpc’ だけです。', {
      en: `networkMode is ${mode}. Register a revision with networkMode "awsvpc": each task gets its own network interface in your subnet.`,
      ja: `networkMode が ${mode} です。networkMode を "awsvpc" にしたリビジョンを登録してください。タスクごとにサブネット内のネットワークインターフェースが割り当てられます。`,
    });
  }

  const size = checkFargateSize(taskDefinition.cpu, taskDefinition.memory);
  if (!size.ok) return size;

  for (const container of taskDefinition.containerDefinitions ?? []) {
    // ClientException from RegisterTaskDefinition: convox/praxis#121, aws/amazon-ecs-cli#132.
    if (!container.image?.trim()) {
      return reject('ClientException', 'Container.image should not be null or empty.', 'Container.image を null や空にすることはできません。', {
        en: `Container "${container.name ?? '(no name)'}" has no image. Set image to a repository URI and tag, e.g. <account>.dkr.ecr.<region>.amazonaws.com/my-repo:latest.`,
        ja: `コンテナ「${container.name ?? '(名前なし)'}」に image がありません。image にリポジトリ URI とタグを指定してください(例: <account>.dkr.ecr.<region>.amazonaws.com/my-repo:latest)。`,
      });
    }
  }

  for (const container of taskDefinition.containerDefinitions ?? []) {
    // ClientException from RegisterTaskDefinition: virtual-kubelet/virtual-kubelet#193.
    if (container.logConfiguration?.logDriver === 'awslogs' && !taskDefinition.executionRoleArn) {
      const taskRole = taskDefinition.taskRoleArn;
      return reject(
        'ClientException',
        'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
        'ログドライバー awslogs を使うには、Fargate ではタスク定義に実行ロールの ARN(executionRoleArn)が必要です。',
        {
          en:
            `Container "${container.name ?? '(no name)'}" logs with awslogs, and the task definition has no executionRoleArn. ECS itself, not the container, writes the log stream (and pulls a private image) as the task execution role. ` +
            `Set executionRoleArn to the ARN of such a role: one that ecs-tasks.amazonaws.com can assume, allowed logs:CreateLogStream and logs:PutLogEvents (AmazonECSTaskExecutionRolePolicy allows these and the ECR pull); create it if the account has none.` +
            (taskRole ? ` taskRoleArn (${taskRole}) does not stand in for it: the task role is what the containers' own AWS calls use.` : ''),
          ja:
            `コンテナ「${container.name ?? '(名前なし)'}」は awslogs でログを送りますが、タスク定義に executionRoleArn がありません。ログストリームへの書き込み(とプライベートイメージの取得)は、コンテナではなく ECS 自身がタスク実行ロールとして行います。` +
            `executionRoleArn にそのロールの ARN を指定してください。ecs-tasks.amazonaws.com が引き受けられ、logs:CreateLogStream と logs:PutLogEvents を許可されたロールです(AmazonECSTaskExecutionRolePolicy はこれらと ECR からの取得を許可します)。アカウントになければ作成してください。` +
            (taskRole ? `taskRoleArn(${taskRole})は代わりになりません。タスクロールはコンテナ自身の AWS 呼び出しに使われるロールです。` : ''),
        },
      );
    }
  }
  return size;
}

/** Task-level cpu and memory, normalised from units ("1 vCPU", "2 GB"), must be a Fargate size. */
export function checkFargateSize(cpuValue: string | undefined, memoryValue: string | undefined): FargateRejection | { ok: true; cpu: number; memory: number } {
  const sizesHint: Bilingual = {
    en: `Fargate sizes (CPU units: memory MiB): ${sizeTable('en')}. Give the task definition a cpu and a memory from one row.`,
    ja: `Fargate のサイズ(CPU ユニット: メモリ MiB): ${sizeTable('ja')}。タスク定義の cpu と memory は同じ行の組み合わせから選んでください。`,
  };
  // ClientException: hackoregon/civic-devops#246.
  if (cpuValue === undefined || cpuValue.trim() === '') {
    return reject('ClientException', "Fargate requires that 'cpu' be defined at the task level.", "Fargate ではタスクレベルで 'cpu' を指定する必要があります。", sizesHint);
  }
  // (composed) the 'memory' twin of the message above.
  if (memoryValue === undefined || memoryValue.trim() === '') {
    return reject('ClientException', "Fargate requires that 'memory' be defined at the task level.", "Fargate ではタスクレベルで 'memory' を指定する必要があります。", sizesHint);
  }
  const cpu = parseCpu(cpuValue);
  // ClientException from RegisterTaskDefinition: the ECS guide's "Troubleshoot Amazon ECS task
  // definition invalid CPU or memory errors"; the 'memory' twin is (composed).
  if (cpu === undefined) {
    return reject('ClientException', "Invalid 'cpu' setting for task.", "タスクの 'cpu' の設定が無効です。", {
      en: `cpu is "${cpuValue}". Give CPU units (256, 512, 1024, …) or vCPUs ("1 vCPU").`,
      ja: `cpu が "${cpuValue}" です。CPU ユニット(256、512、1024 など)か vCPU("1 vCPU")で指定してください。`,
    });
  }
  const memory = parseMemory(memoryValue);
  if (memory === undefined) {
    return reject('ClientException', "Invalid 'memory' setting for task.", "タスクの 'memory' の設定が無効です。", {
      en: `memory is "${memoryValue}". Give MiB (512, 1024, …) or GB ("2 GB").`,
      ja: `memory が "${memoryValue}" です。MiB(512、1024 など)か GB("2 GB")で指定してください。`,
    });
  }
  const accepted = fargateMemoryFor(cpu);
  if (!accepted.includes(memory)) {
    // ClientException: aws-games/cloud-game-development-toolkit#737 ("…: 1024 CPU, 1024 memory. See
    // the Amazon ECS documentation for the valid values."), towardsthecloud/aws-cdk-examples#1.
    const hint: Bilingual =
      accepted.length > 0
        ? {
            en: `With ${cpu} CPU units Fargate accepts memory ${listOr(accepted, 'or')} MiB. ${sizesHint.en}`,
            ja: `CPU ${cpu} ユニットのとき、Fargate で使えるメモリは ${listOr(accepted, 'または')} MiB です。${sizesHint.ja}`,
          }
        : { en: `${cpu} CPU units is no Fargate size. ${sizesHint.en}`, ja: `CPU ${cpu} ユニットは Fargate のサイズにありません。${sizesHint.ja}` };
    return reject(
      'ClientException',
      `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`,
      `指定された値に一致する Fargate の構成がありません: CPU ${cpu}、メモリ ${memory}。有効な値は Amazon ECS のドキュメントを参照してください。`,
      hint,
    );
  }
  return { ok: true, cpu, memory };
}

interface AwsvpcShape {
  ok: true;
  subnetIds: string[];
  securityGroupIds: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
}

/** The checks on RunTask's awsvpcConfiguration that need no calls. */
export function checkAwsvpcConfiguration(networkConfiguration: NetworkConfiguration | undefined): FargateRejection | AwsvpcShape {
  const awsvpc = networkConfiguration?.awsvpcConfiguration;
  // InvalidParameterException from RunTask: fabfuel/ecs-deploy#61, PasseiDireto/gh-runner-task-action#8.
  if (!awsvpc) {
    return reject(
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      "networkMode が 'awsvpc' のときは、ネットワーク構成(networkConfiguration)を指定する必要があります。",
      {
        en: 'Pass networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-id], securityGroups: [sg-id] } } to RunTask.',
        ja: 'RunTask に networkConfiguration: { awsvpcConfiguration: { subnets: [サブネット ID], securityGroups: [セキュリティグループ ID] } } を渡してください。',
      },
    );
  }
  const subnetIds = (awsvpc.subnets ?? []).map((id) => id.trim());
  // InvalidParameterException from RunTask: awslabs/fargatecli#73.
  if (subnetIds.length === 0 || subnetIds.some((id) => id === '')) {
    return reject('InvalidParameterException', 'subnets can not be empty.', 'subnets を空にすることはできません。', {
      en: 'Give at least one subnet of your VPC in awsvpcConfiguration.subnets.',
      ja: 'awsvpcConfiguration.subnets に VPC のサブネットを 1 つ以上指定してください。',
    });
  }
  // (composed) limit from the ECS API reference, AwsVpcConfiguration.subnets: "There's a limit of 16 subnets".
  if (subnetIds.length > MAX_SUBNETS) {
    return reject(
      'InvalidParameterException',
      `Too many subnets: ${subnetIds.length} were specified. There's a limit of ${MAX_SUBNETS} subnets that can be specified per AwsVpcConfiguration.`,
      `サブネットが多すぎます: ${subnetIds.length} 個指定されています。1 つの AwsVpcConfiguration に指定できるサブネットは ${MAX_SUBNETS} 個までです。`,
    );
  }
  const securityGroupIds = (awsvpc.securityGroups ?? []).map((id) => id.trim());
  // InvalidParameterException from RunTask: awslabs/fargatecli#73 ("security group cannot be blank").
  if (securityGroupIds.some((id) => id === '')) {
    return reject('InvalidParameterException', 'security group cannot be blank', 'セキュリティグループを空にすることはできません。', {
      en: 'Remove the empty entry from awsvpcConfiguration.securityGroups, or leave the list out to use the VPC\'s default security group.',
      ja: 'awsvpcConfiguration.securityGroups から空の要素を取り除いてください。リストを省略すると VPC のデフォルトセキュリティグループが使われます。',
    });
  }
  // (composed) limit from the ECS API reference, AwsVpcConfiguration.securityGroups: "There's a limit of 5 security groups".
  if (securityGroupIds.length > MAX_SECURITY_GROUPS) {
    return reject(
      'InvalidParameterException',
      `Too many security groups: ${securityGroupIds.length} were specified. There's a limit of ${MAX_SECURITY_GROUPS} security groups that can be specified per AwsVpcConfiguration.`,
      `セキュリティグループが多すぎます: ${securityGroupIds.length} 個指定されています。1 つの AwsVpcConfiguration に指定できるセキュリティグループは ${MAX_SECURITY_GROUPS} 個までです。`,
    );
  }
  // The API reference: assignPublicIp defaults to DISABLED.
  const assignPublicIp = awsvpc.assignPublicIp === 'ENABLED' ? 'ENABLED' : 'DISABLED';
  return { ok: true, subnetIds, securityGroupIds, assignPublicIp };
}

async function resolveNetwork(
  ec2: EC2Client,
  shape: AwsvpcShape,
): Promise<FargateRejection | { ok: true; placement: Omit<FargatePlacement, 'ok' | 'cpu' | 'memory'> }> {
  // A filter, not SubnetIds: a missing id then comes back as "not in the answer" on every backend,
  // instead of as each backend's own error.
  const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: shape.subnetIds }] }));
  const vpcOfSubnet = new Map(Subnets.map((subnet) => [subnet.SubnetId!, subnet.VpcId!]));
  const missingSubnets = shape.subnetIds.filter((id) => !vpcOfSubnet.has(id));
  if (missingSubnets.length > 0) {
    // InvalidParameterException: eddmann/serverless-fargate#20 ("Error retrieving subnet information
    // for [birdzview]: The subnet ID 'birdzview' does not exist (ErrorCode: InvalidSubnetID.NotFound)"),
    // moosefs/moosefs-csi#1. The plural "subnet IDs … do not exist" is (composed).
    const quoted = missingSubnets.map((id) => `'${id}'`).join(', ');
    const ec2Says = missingSubnets.length === 1 ? `The subnet ID ${quoted} does not exist` : `The subnet IDs ${quoted} do not exist`;
    return reject(
      'InvalidParameterException',
      `Error retrieving subnet information for [${shape.subnetIds.join(', ')}]: ${ec2Says} (ErrorCode: InvalidSubnetID.NotFound)`,
      `サブネット [${shape.subnetIds.join(', ')}] の情報を取得できませんでした: サブネット ID ${quoted} は存在しません (ErrorCode: InvalidSubnetID.NotFound)`,
      {
        en: 'Subnet ids look like subnet-0123abcd and belong to this account and Region; list yours with DescribeSubnets.',
        ja: 'サブネット ID は subnet-0123abcd のような形で、このアカウントとリージョンのものです。DescribeSubnets で一覧を確認してください。',
      },
    );
  }

  const vpcIds = [...new Set(shape.subnetIds.map((id) => vpcOfSubnet.get(id)!))];
  if (vpcIds.length > 1) {
    // (composed) rule from the ECS API reference, AwsVpcConfiguration: "All specified subnets must be from the same VPC."
    const where = shape.subnetIds.map((id) => `${id} is in ${vpcOfSubnet.get(id)}`).join(', ');
    const whereJa = shape.subnetIds.map((id) => `${id} は ${vpcOfSubnet.get(id)}`).join('、');
    return reject(
      'InvalidParameterException',
      `All specified subnets must be from the same VPC: ${where}.`,
      `指定するサブネットはすべて同じ VPC のものでなければなりません: ${whereJa} にあります。`,
      {
        en: 'A task has one network interface in one VPC. Give only subnets of the VPC the task should run in.',
        ja: 'タスクのネットワークインターフェースは 1 つの VPC にだけ置かれます。タスクを動かす VPC のサブネットだけを指定してください。',
      },
    );
  }
  const vpcId = vpcIds[0]!;

  let securityGroupIds = shape.securityGroupIds;
  if (securityGroupIds.length === 0) {
    // The ECS API reference, AwsVpcConfiguration.securityGroups: "If you don't specify a security
    // group, the default security group for the VPC is used."
    const { SecurityGroups = [] } = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }),
    );
    const fallback = SecurityGroups[0]?.GroupId;
    if (!fallback) {
      // (composed) AWS never lets a VPC's default security group be deleted; a backend might lack one.
      return reject(
        'InvalidParameterException',
        `No security groups were specified and VPC ${vpcId} has no default security group.`,
        `セキュリティグループが指定されておらず、VPC ${vpcId} にデフォルトセキュリティグループもありません。`,
        { en: 'Pass awsvpcConfiguration.securityGroups with a security group of that VPC.', ja: 'awsvpcConfiguration.securityGroups にその VPC のセキュリティグループを指定してください。' },
      );
    }
    securityGroupIds = [fallback];
  } else {
    const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: securityGroupIds }] }));
    const vpcOfGroup = new Map(SecurityGroups.map((group) => [group.GroupId!, group.VpcId]));
    const missing = securityGroupIds.filter((id) => !vpcOfGroup.has(id));
    if (missing.length > 0) {
      // (composed) ECS's subnet message above, with EC2's InvalidGroup.NotFound wording "The security
      // group 'sg-…' does not exist" (boto/boto3#701, kubernetes-sigs/aws-load-balancer-controller#2371).
      const quoted = missing.map((id) => `'${id}'`).join(', ');
      const ec2Says = missing.length === 1 ? `The security group ${quoted} does not exist` : `The security groups ${quoted} do not exist`;
      return reject(
        'InvalidParameterException',
        `Error retrieving security group information for [${securityGroupIds.join(', ')}]: ${ec2Says} (ErrorCode: InvalidGroup.NotFound)`,
        `セキュリティグループ [${securityGroupIds.join(', ')}] の情報を取得できませんでした: セキュリティグループ ${quoted} は存在しません (ErrorCode: InvalidGroup.NotFound)`,
        {
          en: `Security group ids look like sg-0123abcd; list the groups of ${vpcId} with DescribeSecurityGroups (filter vpc-id).`,
          ja: `セキュリティグループ ID は sg-0123abcd のような形です。DescribeSecurityGroups(フィルター vpc-id)で ${vpcId} のグループを確認してください。`,
        },
      );
    }
    const foreign = securityGroupIds.find((id) => vpcOfGroup.get(id) !== vpcId);
    if (foreign) {
      // InvalidParameterException from CreateService: aws/aws-dotnet-deploy#735.
      const other = vpcOfGroup.get(foreign) ?? '(no VPC)';
      return reject(
        'InvalidParameterException',
        `Security group ${foreign} does not appear to belong to the same VPC as the input subnets.`,
        `セキュリティグループ ${foreign} は、指定されたサブネットと同じ VPC に属していないようです。`,
        {
          en: `${foreign} is in ${other}; the subnets are in ${vpcId}. A security group applies only inside its own VPC: use one created in ${vpcId}.`,
          ja: `${foreign} は ${other} にあり、サブネットは ${vpcId} にあります。セキュリティグループは自分の VPC の中でしか使えません。${vpcId} に作ったものを指定してください。`,
        },
      );
    }
  }

  return {
    ok: true,
    placement: { vpcId, subnetId: shape.subnetIds[0]!, subnetIds: shape.subnetIds, securityGroupIds, assignPublicIp: shape.assignPublicIp },
  };
}

function listOr(values: number[], or: string): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} ${or} ${values[values.length - 1]}`;
}

function sizeTable(language: 'en' | 'ja'): string {
  return [...FARGATE_SIZES.keys()]
    .map((cpu) => {
      const memory = fargateMemoryFor(cpu);
      const step = memory[1]! - memory[0]!;
      const range = memory.length <= 3 ? memory.join('/') : language === 'en' ? `${memory[0]}–${memory[memory.length - 1]} step ${step}` : `${memory[0]}〜${memory[memory.length - 1]}(${step} 刻み)`;
      return `${cpu}: ${range}`;
    })
    .join(language === 'en' ? '; ' : '、');
}
