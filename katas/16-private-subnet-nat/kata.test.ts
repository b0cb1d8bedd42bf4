import {
  AssociateRouteTableCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  type NatGateway,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import type { PrivateSubnetNatGiven } from 'aws-basics-dojo';
import {
  check,
  isAssociatedWith,
  isMainRouteTable,
  kata,
  KATA_APP_LOGS,
  oncePerSolve,
  routeToInternet,
  runTaskToStop,
  SAMPLE_TODO,
  setUpKataAppTask,
  taskLogExcerpt,
  vpcRouteTables,
  type Bilingual,
  type SolvedKata,
  type TaskNetworkReport,
  type TaskRun,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<PrivateSubnetNatGiven, void>;

const LOGS = KATA_APP_LOGS;
const { url: TODO_URL, host: TODO_HOST, title: TODO_TITLE } = SAMPLE_TODO;
const tags = (resource: 'vpc' | 'subnet' | 'route-table' | 'security-group', name: string) => [{ ResourceType: resource, Tags: [{ Key: 'Name', Value: name }] }];

const k = kata<PrivateSubnetNatGiven, void>({
  id: '16-private-subnet-nat',
  async setup(env) {
    const { ec2 } = env.clients;
    const vpcCidr = '10.0.0.0/16';
    const publicSubnetCidr = '10.0.0.0/20';
    const privateSubnetCidr = '10.0.16.0/20';
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr, TagSpecifications: tags('vpc', 'kata-vpc') }));
    const vpcId = Vpc!.VpcId!;
    const subnet = async (CidrBlock: string, name: string) =>
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock, TagSpecifications: tags('subnet', name) }))).Subnet!.SubnetId!;
    const publicSubnetId = await subnet(publicSubnetCidr, 'kata-public');
    const privateSubnetId = await subnet(privateSubnetCidr, 'kata-private');
    // The public subnet uses the main table, which goes to the internet gateway; the private one has its own table.
    const { RouteTables } = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }),
    );
    const internetGatewayId = await routeToInternet(ec2, vpcId, RouteTables![0].RouteTableId!);
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tags('route-table', 'kata-private-rt') }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: RouteTable!.RouteTableId!, SubnetId: privateSubnetId }));
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'kata-task-sg', Description: 'the sample task', TagSpecifications: tags('security-group', 'kata-task-sg') }),
    );
    const task = await setUpKataAppTask(env);
    return { vpcId, vpcCidr, publicSubnetId, publicSubnetCidr, privateSubnetId, privateSubnetCidr, internetGatewayId, securityGroupId: GroupId!, ...task };
  },
});

// ---- running the sample task once, after solve() ----

/** The given task definition, run in the private subnet without a public IP, until STOPPED. */
const privateRun = oncePerSolve(({ clients, accountId, given }: Solved): Promise<TaskRun> =>
  runTaskToStop(clients, accountId, {
    cluster: given.cluster,
    taskDefinition: given.taskDefinitionArn,
    subnetId: given.privateSubnetId,
    securityGroupIds: [given.securityGroupId],
    assignPublicIp: 'DISABLED',
    logs: LOGS,
  }),
);

const started = (run: TaskRun & { started: true }) => run.task.stopCode !== 'TaskFailedToStart';

// ---- reading the VPC back, for what the network model's first failing hop does not say ----

async function natGateways({ clients, given }: Solved): Promise<NatGateway[]> {
  const { NatGateways = [] } = await clients.ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [given.vpcId] }] }));
  return NatGateways.filter((nat) => nat.VpcId === given.vpcId && nat.State !== 'deleted' && nat.State !== 'deleting');
}

const tableOf = (tables: RouteTable[], subnetId: string) => tables.find((table) => isAssociatedWith(table, subnetId)) ?? tables.find(isMainRouteTable);
const defaultRoute = (table: RouteTable | undefined) => (table?.Routes ?? []).find((route) => route.DestinationCidrBlock === '0.0.0.0/0');
const targetOf = (route: { GatewayId?: string; NatGatewayId?: string } | undefined) => route?.NatGatewayId ?? route?.GatewayId;

/**
 * What the learner's changes did that the network model's explanation (the first hop that fails)
 * does not say: a NAT gateway no route uses, a route to a NAT gateway in a table the private
 * subnet does not use, the public subnet's own way out replaced, or no NAT gateway at all.
 */
async function whatTheVpcHasNow(solved: Solved): Promise<Bilingual[]> {
  const { privateSubnetId, publicSubnetId, internetGatewayId, vpcId } = solved.given;
  const tables = await vpcRouteTables(solved.clients.ec2, solved.given.vpcId);
  const nats = await natGateways(solved);
  const privateTable = tableOf(tables, privateSubnetId);
  const publicTable = tableOf(tables, publicSubnetId);
  const subnetLabel = (subnetId: string | undefined) =>
    subnetId === publicSubnetId ? `kata-public (${subnetId})` : subnetId === privateSubnetId ? `kata-private (${subnetId})` : `${subnetId}`;
  const notes: Bilingual[] = [];

  if (nats.length === 0) {
    notes.push({
      en:
        `There is no NAT gateway in VPC ${vpcId} yet. Allocate an Elastic IP (AllocateAddress, Domain 'vpc'), create the NAT gateway in the public subnet ` +
        `${subnetLabel(publicSubnetId)} with it (CreateNatGateway: SubnetId, AllocationId), and add the route 0.0.0.0/0 → the NAT gateway ` +
        `to the route table the private subnet uses (${privateTable?.RouteTableId}).`,
      ja:
        `VPC ${vpcId} にはまだ NAT ゲートウェイがありません。Elastic IP を割り当て(AllocateAddress、Domain 'vpc')、それを使ってパブリックサブネット ` +
        `${subnetLabel(publicSubnetId)} に NAT ゲートウェイを作成し(CreateNatGateway の SubnetId と AllocationId)、プライベートサブネットが使う` +
        `ルートテーブル(${privateTable?.RouteTableId})に 0.0.0.0/0 → NAT ゲートウェイ のルートを追加してください。`,
    });
  }
  for (const nat of nats.filter((n) => n.SubnetId === privateSubnetId)) {
    notes.push({
      en:
        `NAT gateway ${nat.NatGatewayId} is in ${subnetLabel(privateSubnetId)}, the subnet it is meant to serve. A NAT gateway sends what it forwards out ` +
        `through its own subnet's route table, and this one leads nowhere (or back to the NAT gateway). Create it in the public subnet ${subnetLabel(publicSubnetId)}, ` +
        `whose route table sends 0.0.0.0/0 to ${internetGatewayId}, and point the private subnet's route at that one.`,
      ja:
        `NAT ゲートウェイ ${nat.NatGatewayId} は、本来通信を引き受けるはずのサブネット ${subnetLabel(privateSubnetId)} に置かれています。NAT ゲートウェイは転送する通信を` +
        `自分のサブネットのルートテーブルで送り出しますが、このテーブルの行き先はどこにもない(または NAT ゲートウェイ自身に戻る)状態です。` +
        `0.0.0.0/0 を ${internetGatewayId} に送るパブリックサブネット ${subnetLabel(publicSubnetId)} に作り、プライベートサブネットのルートをそちらに向けてください。`,
    });
  }
  const routed = new Set(tables.flatMap((table) => (table.Routes ?? []).map((route) => route.NatGatewayId).filter(Boolean)));
  for (const nat of nats.filter((n) => !routed.has(n.NatGatewayId))) {
    notes.push({
      en:
        `NAT gateway ${nat.NatGatewayId} is in ${subnetLabel(nat.SubnetId)}, but no route of VPC ${vpcId} points at it. A NAT gateway only forwards what a route sends it: ` +
        `add 0.0.0.0/0 → ${nat.NatGatewayId} to the route table the private subnet uses (${privateTable?.RouteTableId}; CreateRoute with NatGatewayId).`,
      ja:
        `NAT ゲートウェイ ${nat.NatGatewayId} は ${subnetLabel(nat.SubnetId)} にありますが、VPC ${vpcId} のどのルートもこれを指していません。NAT ゲートウェイが転送するのは` +
        `ルートが送ってきた通信だけです。プライベートサブネットが使うルートテーブル(${privateTable?.RouteTableId})に 0.0.0.0/0 → ${nat.NatGatewayId} を追加してください` +
        `(CreateRoute の NatGatewayId)。`,
    });
  }
  for (const table of tables.filter((t) => t !== privateTable)) {
    for (const route of (table.Routes ?? []).filter((r) => r.NatGatewayId)) {
      const usedBy = table === publicTable ? { en: ` (the table kata-public uses${isMainRouteTable(table) ? ': the VPC\'s main route table' : ''})`, ja: `(kata-public が使うテーブル${isMainRouteTable(table) ? '、VPC のメインルートテーブル' : ''})` } : { en: '', ja: '' };
      notes.push({
        en:
          `Route table ${table.RouteTableId}${usedBy.en} has the route ${route.DestinationCidrBlock ?? route.DestinationPrefixListId} → ${route.NatGatewayId}, ` +
          `but the private subnet does not use that table: it is associated with ${privateTable?.RouteTableId}. A subnet uses the route table associated with it, ` +
          `and only falls back to the main table when it has none. Put the route in ${privateTable?.RouteTableId}.`,
        ja:
          `ルートテーブル ${table.RouteTableId}${usedBy.ja}にはルート ${route.DestinationCidrBlock ?? route.DestinationPrefixListId} → ${route.NatGatewayId} がありますが、` +
          `プライベートサブネットはこのテーブルを使っていません。関連付けられているのは ${privateTable?.RouteTableId} です。サブネットが使うのは関連付けたルートテーブルで、` +
          `メインルートテーブルを使うのは関連付けがないときだけです。ルートは ${privateTable?.RouteTableId} に追加してください。`,
      });
    }
  }
  const publicTarget = targetOf(defaultRoute(publicTable));
  if (publicTable && publicTarget !== internetGatewayId) {
    notes.push({
      en:
        (publicTarget
          ? `The public subnet's route table ${publicTable.RouteTableId} now sends 0.0.0.0/0 to ${publicTarget}, no longer to ${internetGatewayId}. `
          : `The public subnet's route table ${publicTable.RouteTableId} no longer has its route 0.0.0.0/0 → ${internetGatewayId}. `) +
        `That route is the public subnet's way out, and its NAT gateway's: keep 0.0.0.0/0 → ${internetGatewayId} there.`,
      ja:
        (publicTarget
          ? `パブリックサブネットのルートテーブル ${publicTable.RouteTableId} は、0.0.0.0/0 を ${internetGatewayId} ではなく ${publicTarget} に送るようになっています。`
          : `パブリックサブネットのルートテーブル ${publicTable.RouteTableId} から、0.0.0.0/0 → ${internetGatewayId} のルートがなくなっています。`) +
        `このルートはパブリックサブネットの出口で、そこに置く NAT ゲートウェイの出口でもあります。0.0.0.0/0 → ${internetGatewayId} のまま残してください。`,
    });
  }
  if (targetOf(defaultRoute(privateTable))?.startsWith('igw-')) {
    notes.push({
      en:
        `The private subnet's table ${privateTable!.RouteTableId} sends 0.0.0.0/0 straight to the internet gateway. That only works for a task with a public IP, ` +
        `and the tasks of a private subnet have none (the test runs it with assignPublicIp DISABLED). Send it to a NAT gateway in the public subnet instead: ` +
        `the NAT gateway has the Elastic IP, and goes out through the public subnet's route to the internet gateway.`,
      ja:
        `プライベートサブネットのテーブル ${privateTable!.RouteTableId} は 0.0.0.0/0 を直接インターネットゲートウェイに送っています。これが通るのはパブリック IP を持つタスクだけで、` +
        `プライベートサブネットのタスクには付きません(テストは assignPublicIp DISABLED で実行します)。代わりにパブリックサブネットの NAT ゲートウェイに送ってください。` +
        `Elastic IP を持つのは NAT ゲートウェイで、NAT ゲートウェイはパブリックサブネットのルートでインターネットゲートウェイから出ていきます。`,
    });
  }
  return notes;
}

const notesSection = (notes: Bilingual[], vpcId: string): Bilingual =>
  notes.length === 0
    ? { en: '', ja: '' }
    : { en: `\nWhat VPC ${vpcId} has now:\n${notes.map((n) => `- ${n.en}`).join('\n')}\n`, ja: `\n現在の VPC ${vpcId} の状態:\n${notes.map((n) => `- ${n.ja}`).join('\n')}\n` };

// ---- the learner's messages ----

type Blocked = TaskNetworkReport['destinations'][number];

/** One line per reason: the endpoints ECS needs usually fail at the same hop for the same reason. */
function sameReasonTogether(blocked: Blocked[]): Bilingual[] {
  const byReason = new Map<string, Blocked[]>();
  for (const destination of blocked) {
    const key = `${destination.code}@${destination.component}`;
    byReason.set(key, [...(byReason.get(key) ?? []), destination]);
  }
  return [...byReason.values()].map((group) => {
    const names = group.map((d) => d.name).join(', ');
    return { en: `- ${names}: ${group[0].explanation.en}`, ja: `- ${names}: ${group[0].explanation.ja}` };
  });
}

const logExcerpt = (all: string[]): Bilingual => taskLogExcerpt(all, 14);

const notRun = (solved: Solved, error: string): Bilingual => ({
  en:
    `RunTask did not start the sample task (task definition ${solved.given.taskDefinitionArn}, subnet ${solved.given.privateSubnetId}): ${error}. ` +
    `The test runs what the setup made: keep the cluster, the task definition, the subnets and the security group.`,
  ja:
    `RunTask でサンプルタスクを起動できませんでした(タスク定義 ${solved.given.taskDefinitionArn}、サブネット ${solved.given.privateSubnetId}): ${error}。` +
    `テストはセットアップが作ったものを使います。クラスター・タスク定義・サブネット・セキュリティグループは残しておいてください。`,
});

// ---- the rules ----

k.test('the sample task, run in the private subnet without a public IP, starts: ECS pulls its image and ships its logs', async (solved) => {
  const run = await privateRun(solved);
  if (!run.started) return check(false, notRun(solved, run.error));
  if (started(run)) return;
  const blocked = (run.network?.destinations ?? []).filter((d) => d.kind === 'aws-service' && !d.reachable && /ecr|s3|logs/.test(d.name));
  const why = sameReasonTogether(blocked);
  const notes = notesSection(await whatTheVpcHasNow(solved), solved.given.vpcId);
  check(false, {
    en:
      `ECS could not start the sample task in the private subnet ${solved.given.privateSubnetId}: ${run.task.stoppedReason}\n` +
      (why.length > 0 ? `What ECS could not reach from the task's network interface (no public IP):\n${why.map((w) => w.en).join('\n')}\n` : '') +
      notes.en +
      `\nThe private subnet has no VPC endpoints: ECS reaches ECR, S3 (the image's layers) and CloudWatch Logs over the internet, and so does the sample. ` +
      `Without a public IP, the way out is a NAT gateway in the public subnet.`,
    ja:
      `ECS がプライベートサブネット ${solved.given.privateSubnetId} でサンプルタスクを起動できませんでした: ${run.task.stoppedReason}\n` +
      (why.length > 0 ? `タスクのネットワークインターフェイス(パブリック IP なし)から ECS が到達できなかった宛先:\n${why.map((w) => w.ja).join('\n')}\n` : '') +
      notes.ja +
      `\nプライベートサブネットに VPC エンドポイントはありません。ECS は ECR・S3(イメージのレイヤー)・CloudWatch Logs にインターネット経由で接続し、サンプルも同じです。` +
      `パブリック IP がないタスクの出口は、パブリックサブネットに置いた NAT ゲートウェイです。`,
  });
});

k.test(`the sample task in the private subnet fetches the todo from ${TODO_HOST} and logs the image details of my-repo`, async (solved) => {
  const run = await privateRun(solved);
  if (!run.started) return check(false, notRun(solved, run.error));
  const verdict = run.network?.destinations.find((d) => d.name === TODO_HOST);
  const unreachable = verdict && !verdict.reachable;
  check(started(run), {
    en:
      `The sample task did not start (see the rule 'the sample task, run in the private subnet …, starts'), so it fetched nothing.` +
      (unreachable ? ` Its VPC would not have let it reach ${TODO_HOST} either: ${verdict.explanation.en}` : ''),
    ja:
      `サンプルタスクが起動しなかったため(ルール「the sample task, run in the private subnet …, starts」を参照)、何も取得していません。` +
      (unreachable ? `VPC の設定では ${TODO_HOST} にも到達できません: ${verdict.explanation.ja}` : ''),
  });

  // The digest ECR holds for my-repo:latest, as the sample's DescribeImages would print it.
  const { imageDetails = [] } = await solved.clients.ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }));
  const digest = imageDetails[0]?.imageDigest ?? '(none)';
  const todo = run.lines.some((line) => line.includes(TODO_TITLE));
  const images = run.lines.some((line) => line.includes(digest));
  if (todo && images) return;

  const hop: Bilingual = unreachable
    ? {
        en: `Why, from the harness's model of the VPC (${verdict.code} at ${verdict.component}):\n  ${verdict.explanation.en}\n`,
        ja: `理由(ハーネスによる VPC のモデル、${verdict.code}、${verdict.component}):\n  ${verdict.explanation.ja}\n`,
      }
    : { en: '', ja: '' };
  const notes = notesSection(unreachable ? await whatTheVpcHasNow(solved) : [], solved.given.vpcId);
  const missing: Bilingual = !todo
    ? { en: `its log has no todo (title '${TODO_TITLE}') from ${TODO_URL}`, ja: `ログに ${TODO_URL} の todo(title '${TODO_TITLE}')がありません` }
    : { en: `its log has the todo but not the image details of my-repo (imageDigest '${digest}')`, ja: `ログに todo はありますが、my-repo のイメージの詳細(imageDigest '${digest}')がありません` };
  const logs = logExcerpt(run.lines);
  check(false, {
    en:
      `The sample task ran in the private subnet ${solved.given.privateSubnetId} without a public IP, but ${missing.en}. ` +
      `(The sample stops at a failed fetch, before its DescribeImages call.)\n\n${hop.en}${notes.en}` +
      `\nWhat the task logged (${LOGS.group}, ${run.taskArn.split('/').pop()}):\n${logs.en}`,
    ja:
      `サンプルタスクはパブリック IP なしでプライベートサブネット ${solved.given.privateSubnetId} で動きましたが、${missing.ja}。` +
      `(サンプルは fetch に失敗するとそこで止まり、DescribeImages を呼びません。)\n\n${hop.ja}${notes.ja}` +
      `\nタスクのログ(${LOGS.group}、${run.taskArn.split('/').pop()}):\n${logs.ja}`,
  });
});
