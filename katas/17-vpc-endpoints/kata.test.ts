import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  type IpPermission,
  type RouteTable,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import type { IsolatedSubnetGiven } from 'aws-basics-dojo';
import {
  check,
  kata,
  KATA_APP_LOGS,
  oncePerSolve,
  runTaskToStop,
  SAMPLE_CALLS_EACH_ON_ITS_OWN,
  SAMPLE_TODO,
  setUpKataAppTask,
  taskLogExcerpt,
  type Bilingual,
  type SolvedKata,
  type TaskNetworkReport,
  type TaskRun,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<IsolatedSubnetGiven, void>;

const LOGS = KATA_APP_LOGS;
const { url: TODO_URL, host: TODO_HOST } = SAMPLE_TODO;
const tags = (resource: 'vpc' | 'subnet' | 'security-group', name: string) => [{ ResourceType: resource, Tags: [{ Key: 'Name', Value: name }] }];

const k = kata<IsolatedSubnetGiven, void>({
  id: '17-vpc-endpoints',
  async setup(env) {
    const { ec2 } = env.clients;
    const vpcCidr = '10.0.0.0/16';
    const subnetCidr = '10.0.0.0/20';
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr, TagSpecifications: tags('vpc', 'kata-vpc') }));
    const vpcId = Vpc!.VpcId!;
    // Private DNS names of interface endpoints need both attributes.
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, TagSpecifications: tags('subnet', 'kata-isolated') }));
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'kata-task-sg', Description: 'the sample task', TagSpecifications: tags('security-group', 'kata-task-sg') }),
    );
    // The sample's two calls, each on its own: its failed fetch must not hide its DescribeImages.
    const task = await setUpKataAppTask(env, { command: SAMPLE_CALLS_EACH_ON_ITS_OWN });
    return { vpcId, vpcCidr, subnetId: Subnet!.SubnetId!, subnetCidr, taskSecurityGroupId: GroupId!, ...task };
  },
});

// ---- running the task once, after solve() ----

/** The given task definition, run in the isolated subnet without a public IP, until STOPPED. */
const isolatedRun = oncePerSolve(({ clients, accountId, given }: Solved): Promise<TaskRun> =>
  runTaskToStop(clients, accountId, {
    cluster: given.cluster,
    taskDefinition: given.taskDefinitionArn,
    subnetId: given.subnetId,
    securityGroupIds: [given.taskSecurityGroupId],
    assignPublicIp: 'DISABLED',
    logs: LOGS,
  }),
);

const started = (run: TaskRun & { started: true }) => run.task.stopCode !== 'TaskFailedToStart';

// ---- what ECS needs, and reading the VPC's endpoints back ----

interface Needed {
  service: 'ecr.api' | 'ecr.dkr' | 's3' | 'logs';
  type: 'Interface' | 'Gateway';
  why: Bilingual;
}

const NEEDED: Needed[] = [
  { service: 'ecr.api', type: 'Interface', why: { en: 'ECR\'s API: ECS gets the registry\'s auth token there, and the sample calls DescribeImages', ja: 'ECR の API。ECS がレジストリの認証トークンを取得し、サンプルが DescribeImages を呼ぶ先です' } },
  { service: 'ecr.dkr', type: 'Interface', why: { en: 'the registry ECS pulls the image\'s manifest from', ja: 'ECS がイメージのマニフェストを取得するレジストリです' } },
  { service: 's3', type: 'Gateway', why: { en: 'ECR keeps the image\'s layers in S3, so ECS downloads them from S3, not from ECR', ja: 'ECR はイメージのレイヤーを S3 に置くため、ECS はレイヤーを ECR ではなく S3 から取得します' } },
  { service: 'logs', type: 'Interface', why: { en: 'CloudWatch Logs, where awslogs writes the task\'s output', ja: 'CloudWatch Logs。awslogs がタスクの出力を書き込む先です' } },
];

async function vpcEndpoints({ clients, given }: Solved): Promise<VpcEndpoint[]> {
  const { VpcEndpoints = [] } = await clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [given.vpcId] }] }));
  return VpcEndpoints.filter((endpoint) => endpoint.VpcId === given.vpcId && !/^delet/i.test(endpoint.State ?? ''));
}

async function subnetTable({ clients, given }: Solved): Promise<RouteTable | undefined> {
  const { RouteTables = [] } = await clients.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [given.vpcId] }] }));
  const associated = RouteTables.find((table) => (table.Associations ?? []).some((a) => a.SubnetId === given.subnetId && a.AssociationState?.State !== 'disassociated'));
  return associated ?? RouteTables.find((table) => (table.Associations ?? []).some((a) => a.Main));
}

function describeRule(rule: IpPermission, direction: 'to' | 'from'): Bilingual {
  const ports = rule.FromPort === rule.ToPort ? `${rule.FromPort}` : `${rule.FromPort}-${rule.ToPort}`;
  const what = rule.IpProtocol === '-1' ? { en: 'all traffic', ja: 'すべての通信' } : { en: `${rule.IpProtocol} ${ports}`, ja: `${rule.IpProtocol} ${ports}` };
  const peers = [
    ...(rule.IpRanges ?? []).map((range) => range.CidrIp),
    ...(rule.UserIdGroupPairs ?? []).map((pair) => pair.GroupId),
    ...(rule.PrefixListIds ?? []).map((entry) => entry.PrefixListId),
  ].join(', ');
  return direction === 'to' ? { en: `${what.en} to ${peers}`, ja: `${peers} への ${what.ja}` } : { en: `${what.en} from ${peers}`, ja: `${peers} からの ${what.ja}` };
}

const ruleList = (rules: IpPermission[], direction: 'to' | 'from'): Bilingual =>
  rules.length === 0
    ? { en: '(none)', ja: '(なし)' }
    : { en: rules.map((r) => describeRule(r, direction).en).join('; '), ja: rules.map((r) => describeRule(r, direction).ja).join('、') };

/**
 * What the learner's endpoints are, beyond the network model's first failing hop: which of the
 * four ECS needs are missing, an S3 endpoint in a table the subnet does not use, interface
 * endpoints without private DNS, and the rules of an endpoint group that lets no HTTPS in.
 */
async function whatTheVpcHasNow(solved: Solved, refusedByGroup: string[]): Promise<Bilingual[]> {
  const { region, given } = solved;
  const endpoints = await vpcEndpoints(solved);
  const table = await subnetTable(solved);
  const notes: Bilingual[] = [];
  const withoutPrivateDns: string[] = [];
  for (const needed of NEEDED) {
    const serviceName = `com.amazonaws.${region}.${needed.service}`;
    const found = endpoints.filter((endpoint) => endpoint.ServiceName === serviceName);
    if (found.length === 0) {
      const how: Bilingual =
        needed.type === 'Gateway'
          ? {
              en: `a Gateway endpoint (VpcEndpointType 'Gateway', ServiceName ${serviceName}) with the route table the subnet uses, ${table?.RouteTableId} (RouteTableIds)`,
              ja: `サブネットが使うルートテーブル ${table?.RouteTableId} を指定した(RouteTableIds)ゲートウェイエンドポイント(VpcEndpointType 'Gateway'、ServiceName ${serviceName})`,
            }
          : {
              en: `an Interface endpoint (VpcEndpointType 'Interface', ServiceName ${serviceName}) in subnet ${given.subnetId}, with PrivateDnsEnabled and a security group that lets HTTPS in from the task`,
              ja: `サブネット ${given.subnetId} に、PrivateDnsEnabled を有効にし、タスクからの HTTPS を受け入れるセキュリティグループを付けたインターフェイスエンドポイント(VpcEndpointType 'Interface'、ServiceName ${serviceName})`,
            };
      notes.push({
        en: `There is no VPC endpoint for ${serviceName}: ${needed.why.en}. Create ${how.en}.`,
        ja: `${serviceName} の VPC エンドポイントがありません。${needed.why.ja}。${how.ja}を作成してください。`,
      });
      continue;
    }
    for (const endpoint of found) {
      const type = endpoint.VpcEndpointType?.toLowerCase();
      if (needed.type === 'Gateway' && type === 'gateway' && table?.RouteTableId && !(endpoint.RouteTableIds ?? []).includes(table.RouteTableId)) {
        notes.push({
          en:
            `Gateway endpoint ${endpoint.VpcEndpointId} for S3 is in route table(s) ${(endpoint.RouteTableIds ?? []).join(', ') || '(none)'}, but subnet ${given.subnetId} uses ${table.RouteTableId}. ` +
            `A gateway endpoint works through a route in the subnet's table: add ${table.RouteTableId} (ModifyVpcEndpoint AddRouteTableIds).`,
          ja:
            `S3 のゲートウェイエンドポイント ${endpoint.VpcEndpointId} が入っているルートテーブルは ${(endpoint.RouteTableIds ?? []).join(', ') || '(なし)'} ですが、サブネット ${given.subnetId} が使うのは ${table.RouteTableId} です。` +
            `ゲートウェイエンドポイントはサブネットのルートテーブルのルートとして働くので、${table.RouteTableId} を追加してください(ModifyVpcEndpoint の AddRouteTableIds)。`,
        });
      }
      if (needed.type === 'Interface' && type === 'interface' && endpoint.PrivateDnsEnabled !== true) withoutPrivateDns.push(`${endpoint.VpcEndpointId} (${needed.service})`);
    }
  }
  if (withoutPrivateDns.length > 0) {
    notes.push({
      en:
        `Interface endpoint(s) ${withoutPrivateDns.join(', ')} have private DNS off. Without it a service's usual name (api.ecr.${region}.amazonaws.com …) still resolves ` +
        `to AWS's public address, which an isolated subnet cannot reach, and the endpoint answers only under its own vpce-… names, which neither ECS nor the SDK calls. ` +
        `Create them with PrivateDnsEnabled: true (or turn it on with ModifyVpcEndpoint).`,
      ja:
        `インターフェイスエンドポイント ${withoutPrivateDns.join('、')} のプライベート DNS が無効です。これがないとサービスのいつもの名前(api.ecr.${region}.amazonaws.com など)は` +
        `パブリックなアドレスに解決され、隔離されたサブネットからは届きません。エンドポイントは vpce-… で始まる専用の名前でしか応答せず、ECS も SDK もその名前は呼びません。` +
        `PrivateDnsEnabled: true で作成してください(作成後なら ModifyVpcEndpoint で有効にできます)。`,
    });
  }
  if (refusedByGroup.length > 0) {
    const { SecurityGroups = [] } = await solved.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [...new Set(refusedByGroup)] }));
    for (const group of SecurityGroups) {
      const inbound = ruleList(group.IpPermissions ?? [], 'from');
      const outbound = ruleList(group.IpPermissionsEgress ?? [], 'to');
      notes.push({
        en:
          `The endpoints' security group ${group.GroupId} (${group.GroupName}) has inbound rules: ${inbound.en}; outbound rules: ${outbound.en}. ` +
          `The task opens the connection and the endpoint receives it, so what counts is an inbound rule of the endpoint's group: TCP 443 from ${given.vpcCidr} ` +
          `or from the task's group ${given.taskSecurityGroupId} (AuthorizeSecurityGroupIngress).`,
        ja:
          `エンドポイントのセキュリティグループ ${group.GroupId}(${group.GroupName})のインバウンドルール: ${inbound.ja}、アウトバウンドルール: ${outbound.ja}。` +
          `接続を開くのはタスクで、受けるのはエンドポイントです。必要なのはエンドポイントのグループのインバウンドルールで、${given.vpcCidr} またはタスクのグループ ` +
          `${given.taskSecurityGroupId} からの TCP 443 を許可します(AuthorizeSecurityGroupIngress)。`,
      });
    }
  }
  return notes;
}

const notesSection = (notes: Bilingual[], vpcId: string): Bilingual =>
  notes.length === 0
    ? { en: '', ja: '' }
    : { en: `\nWhat VPC ${vpcId} has now:\n${notes.map((n) => `- ${n.en}`).join('\n')}\n`, ja: `\n現在の VPC ${vpcId} の状態:\n${notes.map((n) => `- ${n.ja}`).join('\n')}\n` };

// ---- the learner's messages ----

const logExcerpt = (all: string[]): Bilingual => taskLogExcerpt(all, 14);

const notRun = (solved: Solved, error: string): Bilingual => ({
  en:
    `RunTask did not start the task (task definition ${solved.given.taskDefinitionArn}, subnet ${solved.given.subnetId}): ${error}. ` +
    `The test runs what the setup made: keep the cluster, the task definition, the subnet and the task's security group.`,
  ja:
    `RunTask でタスクを起動できませんでした(タスク定義 ${solved.given.taskDefinitionArn}、サブネット ${solved.given.subnetId}): ${error}。` +
    `テストはセットアップが作ったものを使います。クラスター・タスク定義・サブネット・タスクのセキュリティグループは残しておいてください。`,
});

type Blocked = TaskNetworkReport['destinations'][number];

/**
 * One line per reason: without any endpoint, the four destinations fail at the same hop and differ
 * only in the stand-in address the harness gives each service; different endpoints stay apart.
 */
function sameReasonTogether(blocked: Blocked[]): Bilingual[] {
  const byReason = new Map<string, Blocked[]>();
  for (const destination of blocked) {
    const key = destination.explanation.en.replace(/198\.51\.100\.\d+/g, '…');
    byReason.set(key, [...(byReason.get(key) ?? []), destination]);
  }
  return [...byReason.values()].map((group) => {
    const names = group.map((d) => d.name).join(', ');
    return { en: `- ${names}: ${group[0].explanation.en}`, ja: `- ${names}: ${group[0].explanation.ja}` };
  });
}

const didNotStart: Bilingual = {
  en: `The task did not start (see the rule 'the task starts in the isolated subnet …'), so it logged nothing.`,
  ja: `タスクが起動しなかったため(ルール「the task starts in the isolated subnet …」を参照)、ログは何もありません。`,
};

// ---- the rules ----

k.test('the task starts in the isolated subnet: ECS pulls the image (ECR, S3) and ships its logs', async (solved) => {
  const run = await isolatedRun(solved);
  if (!run.started) return check(false, notRun(solved, run.error));
  if (started(run)) return;
  const blocked = (run.network?.destinations ?? []).filter((d) => d.kind === 'aws-service' && !d.reachable && /ecr|s3|logs/.test(d.name));
  const why = sameReasonTogether(blocked);
  const refusedByGroup = blocked.filter((d) => d.code === 'VPC_ENDPOINT_SG_RULES_MISMATCH').map((d) => d.component!);
  const notes = notesSection(await whatTheVpcHasNow(solved, refusedByGroup), solved.given.vpcId);
  check(false, {
    en:
      `ECS could not start the task in the isolated subnet ${solved.given.subnetId}: ${run.task.stoppedReason}\n` +
      (why.length > 0 ? `What ECS could not reach from the task's network interface:\n${why.map((w) => w.en).join('\n')}\n` : '') +
      notes.en +
      `\nThe subnet has no internet gateway and no NAT gateway, and it stays that way. ECS needs ECR (ecr.api, ecr.dkr), S3 (the image's layers) and ` +
      `CloudWatch Logs (logs): reach them with VPC endpoints: interface endpoints with private DNS for ecr.api, ecr.dkr and logs, and a gateway endpoint for s3 ` +
      `in the subnet's route table.`,
    ja:
      `ECS が隔離されたサブネット ${solved.given.subnetId} でタスクを起動できませんでした: ${run.task.stoppedReason}\n` +
      (why.length > 0 ? `タスクのネットワークインターフェイスから ECS が到達できなかった宛先:\n${why.map((w) => w.ja).join('\n')}\n` : '') +
      notes.ja +
      `\nこのサブネットにはインターネットゲートウェイも NAT ゲートウェイもありません。このカタでも作りません。ECS に必要なのは ECR(ecr.api、ecr.dkr)、S3(イメージのレイヤー)、` +
      `CloudWatch Logs(logs)です。VPC エンドポイントで到達できるようにします。ecr.api・ecr.dkr・logs はプライベート DNS 付きのインターフェイスエンドポイント、` +
      `s3 はサブネットのルートテーブルに入れるゲートウェイエンドポイントです。`,
  });
});

k.test('the task logs the image details of my-repo: its DescribeImages call reaches ECR inside the VPC', async (solved) => {
  const run = await isolatedRun(solved);
  if (!run.started) return check(false, notRun(solved, run.error));
  check(started(run), didNotStart);
  // The digest ECR holds for my-repo:latest, as the task's DescribeImages prints it.
  const { imageDetails = [] } = await solved.clients.ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }));
  const digest = imageDetails[0]?.imageDigest ?? '(none)';
  if (run.lines.some((line) => line.includes(digest))) return;
  const ecr = run.network?.destinations.find((d) => d.kind === 'aws-service' && d.name.startsWith('api.ecr.'));
  const hop: Bilingual =
    ecr && !ecr.reachable
      ? { en: `\nWhy, from the harness's model of the VPC (${ecr.code} at ${ecr.component}):\n  ${ecr.explanation.en}\n`, ja: `\n理由(ハーネスによる VPC のモデル、${ecr.code}、${ecr.component}):\n  ${ecr.explanation.ja}\n` }
      : { en: '', ja: '' };
  check(false, {
    en:
      `The task ran, but its log has no image details of my-repo (imageDigest '${digest}'): its DescribeImages call, signed with the task role, did not get an answer.\n${hop.en}` +
      `\nWhat the task logged (${LOGS.group}, ${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).en}`,
    ja:
      `タスクは動きましたが、ログに my-repo のイメージの詳細(imageDigest '${digest}')がありません。タスクロールで署名した DescribeImages が応答を得られませんでした。\n${hop.ja}` +
      `\nタスクのログ(${LOGS.group}、${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).ja}`,
  });
});

k.test(`the task's todo fetch from ${TODO_HOST} still fails: the subnet reaches AWS privately, not the internet`, async (solved) => {
  const run = await isolatedRun(solved);
  if (!run.started) return check(false, notRun(solved, run.error));
  check(started(run), didNotStart);
  const verdict = run.network?.destinations.find((d) => d.name === TODO_HOST);
  const fetchFailed = run.lines.some((line) => line.includes('The todo fetch failed'));
  if (verdict && !verdict.reachable) {
    return check(fetchFailed, {
      en:
        `The VPC gives the task no way to ${TODO_HOST} (${verdict.code} at ${verdict.component}), yet its log does not show the failed fetch ('The todo fetch failed: …').\n\n` +
        `What the task logged (${LOGS.group}, ${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).en}`,
      ja:
        `VPC の設定ではタスクは ${TODO_HOST} に到達できません(${verdict.code}、${verdict.component})が、ログに fetch の失敗('The todo fetch failed: …')がありません。\n\n` +
        `タスクのログ(${LOGS.group}、${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).ja}`,
    });
  }
  check(false, {
    en:
      `The task reached ${TODO_URL}: ${verdict?.explanation.en ?? '(the harness has no verdict for it)'}\n` +
      `This kata keeps the subnet off the internet: ECS and the sample reach AWS through VPC endpoints, and nothing else leaves the VPC. ` +
      `Remove the way out you added (a route 0.0.0.0/0 to an internet or NAT gateway).\n\n` +
      `What the task logged (${LOGS.group}, ${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).en}`,
    ja:
      `タスクが ${TODO_URL} に到達しました: ${verdict?.explanation.ja ?? '(ハーネスに判定がありません)'}\n` +
      `このカタではサブネットをインターネットから切り離したままにします。ECS とサンプルは VPC エンドポイントで AWS に到達し、それ以外は VPC の外に出ません。` +
      `追加した出口(インターネットゲートウェイや NAT ゲートウェイへの 0.0.0.0/0 のルート)を削除してください。\n\n` +
      `タスクのログ(${LOGS.group}、${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).ja}`,
  });
});
