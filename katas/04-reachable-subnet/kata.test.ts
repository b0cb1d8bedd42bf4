import { CreateSecurityGroupCommand, DescribeInternetGatewaysCommand, type InternetGateway, type RouteTable } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import type { SampleTaskGiven } from 'aws-basics-dojo';
import { buildSampleTaskWorld, check, isAssociatedWith, isMainRouteTable, kata, oncePerSolve, runTaskToStop, SAMPLE_TASK_LOGS, SAMPLE_TODO, taskLogExcerpt, vpcRouteTables, type Bilingual, type SolvedKata, type TaskRun } from 'aws-basics-dojo/testing';

type Solved = SolvedKata<SampleTaskGiven, void>;

const LOGS = SAMPLE_TASK_LOGS;
// What the sample fetches, the address the local internet gives it, and the todo's title.
const { url: TODO_URL, host: TODO_HOST, address: TODO_ADDRESS, title: TODO_TITLE } = SAMPLE_TODO;

const k = kata<SampleTaskGiven, void>({
  id: '04-reachable-subnet',
  async setup(env) {
    // ECS reaches ECR, S3 and CloudWatch Logs through VPC endpoints; the subnet does not reach the internet.
    const world = await buildSampleTaskWorld(env, 'vpc-endpoints');
    const { GroupId } = await env.clients.ec2.send(new CreateSecurityGroupCommand({ VpcId: world.vpcId, GroupName: 'my-sg', Description: 'my-sg' }));
    return { ...world, securityGroupId: GroupId! };
  },
});

// ---- running the sample task once, after solve() ----

/** The given task definition, run in the given subnet and security group with a public IP, until STOPPED. */
const sampleRun = oncePerSolve(({ clients, accountId, given }: Solved): Promise<TaskRun> =>
  runTaskToStop(clients, accountId, {
    cluster: given.cluster,
    taskDefinition: given.taskDefinitionArn,
    subnetId: given.subnetId,
    securityGroupIds: [given.securityGroupId],
    assignPublicIp: 'ENABLED',
    logs: LOGS,
  }),
);

const started = (run: TaskRun) => run.started && run.task.stopCode !== 'TaskFailedToStart';

// ---- reading the VPC back, for what the network model's first failing hop does not say ----

async function internetGateways({ clients }: Solved): Promise<InternetGateway[]> {
  const { InternetGateways = [] } = await clients.ec2.send(new DescribeInternetGatewaysCommand({}));
  return InternetGateways;
}

const igwRoutes = (table: RouteTable) => (table.Routes ?? []).filter((route) => route.GatewayId?.startsWith('igw-') && route.DestinationCidrBlock);
const covers = (cidr: string, address: string) =>
  ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) && ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parseCIDR(cidr));

/**
 * What the learner's changes did that the network model's explanation (the first hop that fails)
 * does not say: a route to an internet gateway in a table the subnet does not use, a route that
 * does not cover the site's address, a gateway no route points at, or nothing built at all.
 */
async function whatWasBuilt(solved: Solved): Promise<Bilingual[]> {
  const { subnetId, vpcId } = solved.given;
  const tables = await vpcRouteTables(solved.clients.ec2, solved.given.vpcId);
  const used = tables.find((table) => isAssociatedWith(table, subnetId)) ?? tables.find(isMainRouteTable);
  const usedLabel: Bilingual = used
    ? isMainRouteTable(used)
      ? { en: `${used.RouteTableId} (the VPC's main route table)`, ja: `${used.RouteTableId}(VPC のメインルートテーブル)` }
      : { en: `${used.RouteTableId} (associated with it)`, ja: `${used.RouteTableId}(このサブネットに関連付けたもの)` }
    : { en: 'no route table', ja: 'ルートテーブルなし' };
  const notes: Bilingual[] = [];
  for (const table of tables.filter((t) => t !== used)) {
    for (const route of igwRoutes(table)) {
      notes.push({
        en:
          `Route table ${table.RouteTableId} has a route ${route.DestinationCidrBlock} → ${route.GatewayId}, but subnet ${subnetId} does not use that table: ` +
          `${table.RouteTableId} is not associated with the subnet. A subnet uses the route table associated with it, else the VPC's main table; ` +
          `${subnetId} uses ${usedLabel.en}. Associate ${table.RouteTableId} with the subnet (AssociateRouteTable with RouteTableId and SubnetId), ` +
          `as the article does (ルートテーブルを作成し、サブネットに紐付ける).`,
        ja:
          `ルートテーブル ${table.RouteTableId} にはルート ${route.DestinationCidrBlock} → ${route.GatewayId} がありますが、サブネット ${subnetId} はこのテーブルを使っていません。` +
          `${table.RouteTableId} がサブネットに関連付けられていないためです。サブネットが使うのは、関連付けたルートテーブル(なければ VPC のメインルートテーブル)で、` +
          `${subnetId} が使っているのは ${usedLabel.ja} です。記事の「ルートテーブルを作成し、サブネットに紐付ける」のとおり、` +
          `AssociateRouteTable(RouteTableId と SubnetId)で ${table.RouteTableId} をサブネットに関連付けてください。`,
      });
    }
  }
  for (const route of used ? igwRoutes(used) : []) {
    if (covers(route.DestinationCidrBlock!, TODO_ADDRESS)) continue;
    notes.push({
      en:
        `The subnet's route table ${used!.RouteTableId} sends only ${route.DestinationCidrBlock} to ${route.GatewayId}, and ${TODO_HOST} (${TODO_ADDRESS}) is not in that block. ` +
        `The internet is every address: the route's destination must be 0.0.0.0/0.`,
      ja:
        `サブネットのルートテーブル ${used!.RouteTableId} が ${route.GatewayId} に送るのは ${route.DestinationCidrBlock} だけで、${TODO_HOST}(${TODO_ADDRESS})はその範囲に入っていません。` +
        `インターネットはすべてのアドレスなので、ルートの送信先は 0.0.0.0/0 にしてください。`,
    });
  }
  const gateways = await internetGateways(solved);
  const routed = new Set(tables.flatMap((table) => igwRoutes(table).map((route) => route.GatewayId)));
  for (const gateway of gateways.filter((g) => !routed.has(g.InternetGatewayId))) {
    const attachedHere = (gateway.Attachments ?? []).some((a) => a.VpcId === vpcId);
    notes.push({
      en:
        `Internet gateway ${gateway.InternetGatewayId} is ${attachedHere ? `attached to ${vpcId}` : 'there'}, but no route of VPC ${vpcId} points at it. ` +
        `A gateway alone changes nothing: the subnet's route table needs a route 0.0.0.0/0 → ${gateway.InternetGatewayId} (CreateRoute).`,
      ja:
        `インターネットゲートウェイ ${gateway.InternetGatewayId} は${attachedHere ? ` ${vpcId} にアタッチされています` : 'あります'}が、VPC ${vpcId} のどのルートもこれを指していません。` +
        `ゲートウェイを作るだけでは何も変わりません。サブネットのルートテーブルに 0.0.0.0/0 → ${gateway.InternetGatewayId} のルートが必要です(CreateRoute)。`,
    });
  }
  if (gateways.length === 0) {
    notes.push({
      en:
        `There is no internet gateway in the account yet. The article's three steps (インターネットゲートウェイ・ルートテーブル): ` +
        `create an internet gateway and attach it to the VPC ${vpcId}; create a route table and associate it with subnet ${subnetId}; ` +
        `add a route 0.0.0.0/0 → the internet gateway to that route table.`,
      ja:
        `アカウントにはまだインターネットゲートウェイがありません。記事の「インターネットゲートウェイ・ルートテーブル」の 3 つの手順です: ` +
        `インターネットゲートウェイを作成して VPC ${vpcId} に紐付ける。ルートテーブルを作成してサブネット ${subnetId} に紐付ける。` +
        `そのルートテーブルに、インターネットゲートウェイへの 0.0.0.0/0 のルートを追加する。`,
    });
  }
  return notes;
}

// ---- the learner's messages ----

const logExcerpt = (all: string[]): Bilingual => taskLogExcerpt(all, 12);

const notRun = (solved: Solved, error: string): Bilingual => ({
  en:
    `RunTask did not start the sample task (task definition ${solved.given.taskDefinitionArn}, subnet ${solved.given.subnetId}, ` +
    `security group ${solved.given.securityGroupId}): ${error}. The test runs what the setup made: keep the cluster, the task definition, the subnet and the security group.`,
  ja:
    `RunTask でサンプルタスクを起動できませんでした(タスク定義 ${solved.given.taskDefinitionArn}、サブネット ${solved.given.subnetId}、` +
    `セキュリティグループ ${solved.given.securityGroupId}): ${error}。テストはセットアップが作ったものを使って実行します。クラスター・タスク定義・サブネット・セキュリティグループは残しておいてください。`,
});

// ---- the rules ----

k.test('the sample task still starts: ECS pulls its image from ECR and ships its logs', async (solved) => {
  const run = await sampleRun(solved);
  if (!run.started) return check(false, notRun(solved, run.error));
  if (started(run)) return;
  const blocked = (run.network?.destinations ?? []).filter((d) => d.kind === 'aws-service' && !d.reachable && /ecr|s3|logs/.test(d.name));
  const why = blocked.map((d) => ({ en: `- ${d.name}: ${d.explanation.en}`, ja: `- ${d.name}: ${d.explanation.ja}` }));
  const notes = blocked.length > 0 ? await whatWasBuilt(solved) : [];
  check(false, {
    en:
      `ECS could not start the sample task in subnet ${solved.given.subnetId}: ${run.task.stoppedReason}\n` +
      (why.length > 0 ? `What ECS could not reach:\n${why.map((w) => w.en).join('\n')}\n` : '') +
      (notes.length > 0 ? `What VPC ${solved.given.vpcId} has now:\n${notes.map((n) => `- ${n.en}`).join('\n')}\n` : '') +
      `Before your solution, ECS reached ECR (api, dkr), S3 (the image layers) and CloudWatch Logs through the VPC endpoints the setup made ` +
      `(interface endpoints in the subnet, S3's gateway endpoint in the VPC's main route table). ` +
      `A route table you give the subnet must still lead there: with 0.0.0.0/0 → an attached internet gateway, ECS reaches them over the internet.`,
    ja:
      `ECS がサブネット ${solved.given.subnetId} でサンプルタスクを起動できませんでした: ${run.task.stoppedReason}\n` +
      (why.length > 0 ? `ECS が到達できなかった宛先:\n${why.map((w) => w.ja).join('\n')}\n` : '') +
      (notes.length > 0 ? `現在の VPC ${solved.given.vpcId} の状態:\n${notes.map((n) => `- ${n.ja}`).join('\n')}\n` : '') +
      `解答の前は、セットアップが作った VPC エンドポイント(サブネットのインターフェイスエンドポイントと、VPC のメインルートテーブルにある S3 のゲートウェイエンドポイント)を通って、` +
      `ECS は ECR(api・dkr)・S3(イメージのレイヤー)・CloudWatch Logs に到達できていました。` +
      `サブネットに別のルートテーブルを関連付けるなら、そこからも到達できる必要があります。アタッチしたインターネットゲートウェイへの 0.0.0.0/0 があれば、ECS はインターネット経由で到達します。`,
  });
});

k.test(`the sample task, run with a public IP in the subnet, fetches the todo from ${TODO_HOST}`, async (solved) => {
  const run = await sampleRun(solved);
  if (!run.started) return check(false, notRun(solved, run.error));
  const verdict = run.network?.destinations.find((d) => d.name === TODO_HOST);
  const unreachable = verdict && !verdict.reachable;
  check(started(run), {
    en:
      `The sample task did not start (see the rule 'the sample task still starts'), so it fetched nothing.` +
      (unreachable ? ` Its VPC would not have let it reach ${TODO_HOST} either: ${verdict.explanation.en}` : ''),
    ja:
      `サンプルタスクが起動しなかったため(ルール「the sample task still starts」を参照)、何も取得していません。` +
      (unreachable ? `VPC の設定では ${TODO_HOST} にも到達できません: ${verdict.explanation.ja}` : ''),
  });
  if (run.lines.some((line) => line.includes(TODO_TITLE))) return;

  const hop: Bilingual =
    unreachable
      ? {
          en: `Why, from the harness's model of the VPC (${verdict.code} at ${verdict.component}):\n  ${verdict.explanation.en}`,
          ja: `理由(ハーネスによる VPC のモデル、${verdict.code}、${verdict.component}):\n  ${verdict.explanation.ja}`,
        }
      : {
          en: `The VPC lets the task reach ${TODO_HOST}, yet the log shows no todo; read what the task printed.`,
          ja: `VPC の設定では ${TODO_HOST} に到達できますが、ログに todo がありません。タスクの出力を確認してください。`,
        };
  const notes = unreachable ? await whatWasBuilt(solved) : [];
  const logs = logExcerpt(run.lines);
  check(false, {
    en:
      `The sample task ran in subnet ${solved.given.subnetId} with a public IP, but it could not fetch ${TODO_URL}: ` +
      `its log has no todo (title '${TODO_TITLE}').\n\n${hop.en}\n` +
      (notes.length > 0 ? `\nWhat VPC ${solved.given.vpcId} has now:\n${notes.map((n) => `- ${n.en}`).join('\n')}\n` : '') +
      `\nWhat the task logged (${LOGS.group}, ${run.taskArn.split('/').pop()}):\n${logs.en}`,
    ja:
      `サンプルタスクはパブリック IP 付きでサブネット ${solved.given.subnetId} で動きましたが、${TODO_URL} を取得できませんでした。` +
      `ログに todo(title '${TODO_TITLE}')がありません。\n\n${hop.ja}\n` +
      (notes.length > 0 ? `\n現在の VPC ${solved.given.vpcId} の状態:\n${notes.map((n) => `- ${n.ja}`).join('\n')}\n` : '') +
      `\nタスクのログ(${LOGS.group}、${run.taskArn.split('/').pop()}):\n${logs.ja}`,
  });
});
