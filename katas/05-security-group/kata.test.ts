import { DescribeSecurityGroupsCommand, type IpPermission, type SecurityGroup } from '@aws-sdk/client-ec2';
import type { PublicSampleTaskGiven } from 'aws-basics-dojo';
import {
  buildSampleTaskWorld,
  check,
  kata,
  networkVerdict,
  oncePerSolve,
  runTaskToStop,
  SAMPLE_TASK_LOGS,
  SAMPLE_TODO,
  type Bilingual,
  type SolvedKata,
  type TaskRun,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<PublicSampleTaskGiven, string>;

const GROUP_NAME = 'kata-task-sg';
const LOGS = SAMPLE_TASK_LOGS;
// What the sample fetches, the address the local internet gives it, and the todo's title.
const { url: TODO_URL, host: TODO_HOST, address: TODO_ADDRESS, title: TODO_TITLE } = SAMPLE_TODO;

const k = kata<PublicSampleTaskGiven, string>({
  id: '05-security-group',
  async setup(env) {
    // A public subnet: the main route table sends 0.0.0.0/0 to the attached internet gateway.
    const world = await buildSampleTaskWorld(env, 'internet');
    return { ...world, internetGatewayId: world.internetGatewayId! };
  },
});

// ---- the group solve() returned, read back once ----

type Found = { ok: true; group: SecurityGroup; id: string } | { ok: false; why: Bilingual };
const returnedGroup = oncePerSolve(findGroup);

async function findGroup({ result, clients, given }: Solved): Promise<Found> {
  if (typeof result !== 'string' || !result.startsWith('sg-')) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${JSON.stringify(result)}, not a security group id. Return the GroupId that CreateSecurityGroup answered (sg-…).`,
        ja: `solve() の戻り値が ${JSON.stringify(result)} で、セキュリティグループの ID ではありません。CreateSecurityGroup が返した GroupId(sg-…)を返してください。`,
      },
    };
  }
  let group: SecurityGroup | undefined;
  try {
    group = (await clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [result] }))).SecurityGroups?.[0];
  } catch {
    group = undefined;
  }
  if (!group) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${result}, but DescribeSecurityGroups knows no group ${result} in this account. Return the GroupId of the group you created (and keep the group).`,
        ja: `solve() は ${result} を返しましたが、DescribeSecurityGroups ではこのアカウントにグループ ${result} がありません。作成したグループの GroupId を返してください(グループは削除しないでください)。`,
      },
    };
  }
  if (group.VpcId !== given.vpcId) {
    return {
      ok: false,
      why: {
        en:
          `Security group ${result} (${group.GroupName}) is in VPC ${group.VpcId}, not in the given VPC ${given.vpcId}. A security group belongs to one VPC, ` +
          `and a task's network interface can use only groups of its subnet's VPC; CreateSecurityGroup without VpcId puts the group in the default VPC. ` +
          `Pass VpcId: ctx.given.vpcId.`,
        ja:
          `セキュリティグループ ${result}(${group.GroupName})は VPC ${group.VpcId} にあり、指定された VPC ${given.vpcId} にはありません。セキュリティグループは 1 つの VPC に属し、` +
          `タスクのネットワークインターフェイスが使えるのはサブネットと同じ VPC のグループだけです。VpcId を指定しない CreateSecurityGroup はデフォルト VPC にグループを作ります。` +
          `VpcId: ctx.given.vpcId を指定してください。`,
      },
    };
  }
  if (group.GroupName !== GROUP_NAME) {
    return {
      ok: false,
      why: {
        en: `Security group ${result} is named '${group.GroupName}'; the kata asks for '${GROUP_NAME}' (CreateSecurityGroup GroupName).`,
        ja: `セキュリティグループ ${result} の名前が '${group.GroupName}' です。このカタでは '${GROUP_NAME}' にしてください(CreateSecurityGroup の GroupName)。`,
      },
    };
  }
  return { ok: true, group, id: result };
}

const needGroup = (found: Found): Found & { ok: true } => {
  if (found.ok) return found;
  return check(false, {
    en: `There is no usable group to check (see the rule '${GROUP_NAME} is …'): ${found.why.en}`,
    ja: `確認できるグループがありません(ルール「${GROUP_NAME} is …」を参照): ${found.why.ja}`,
  }) as never;
};

// ---- security group rules, as a learner reads them ----

const ALL = new Set(['-1', 'all']);
const TCP = new Set(['tcp', '6']);

function peers(rule: IpPermission): string {
  return [
    ...(rule.IpRanges ?? []).map((range) => range.CidrIp),
    ...(rule.Ipv6Ranges ?? []).map((range) => range.CidrIpv6),
    ...(rule.PrefixListIds ?? []).map((entry) => entry.PrefixListId),
    ...(rule.UserIdGroupPairs ?? []).map((pair) => pair.GroupId),
  ].join(', ');
}

function describeRule(rule: IpPermission, direction: 'to' | 'from'): Bilingual {
  const protocol = rule.IpProtocol ?? '?';
  const what = ALL.has(protocol)
    ? { en: 'all traffic', ja: 'すべての通信' }
    : rule.FromPort === undefined || rule.FromPort === rule.ToPort
      ? { en: `${protocol} ${rule.FromPort ?? 'all ports'}`, ja: `${protocol} ${rule.FromPort ?? '全ポート'}` }
      : { en: `${protocol} ${rule.FromPort}-${rule.ToPort}`, ja: `${protocol} ${rule.FromPort}-${rule.ToPort}` };
  return direction === 'to'
    ? { en: `${what.en} to ${peers(rule)}`, ja: `${peers(rule)} への ${what.ja}` }
    : { en: `${what.en} from ${peers(rule)}`, ja: `${peers(rule)} からの ${what.ja}` };
}

/** Whether a rule's protocol and ports cover TCP `port` (peers aside). */
const coversTcp = (rule: IpPermission, port: number) =>
  ALL.has(rule.IpProtocol ?? '') ||
  (TCP.has(rule.IpProtocol ?? '') && (rule.FromPort === undefined || rule.FromPort < 0 || (rule.FromPort <= port && port <= (rule.ToPort ?? rule.FromPort))));

const listRules = (rules: IpPermission[], direction: 'to' | 'from'): Bilingual =>
  rules.length === 0
    ? { en: '  (none)', ja: '  (なし)' }
    : {
        en: rules.map((rule) => `  - ${describeRule(rule, direction).en}`).join('\n'),
        ja: rules.map((rule) => `  - ${describeRule(rule, direction).ja}`).join('\n'),
      };

// ---- running the sample task once, with the returned group ----

const sampleRun = oncePerSolve(({ clients, accountId, given }: Solved, groupId: string): Promise<TaskRun> =>
  runTaskToStop(clients, accountId, {
    cluster: given.cluster,
    taskDefinition: given.taskDefinitionArn,
    subnetId: given.subnetId,
    securityGroupIds: [groupId],
    assignPublicIp: 'ENABLED',
    logs: LOGS,
  }),
);

const logExcerpt = (all: string[]): Bilingual => {
  const lines = all.filter((line) => !/^\s*at /.test(line)).slice(0, 12);
  return lines.length === 0 ? { en: '  (no log lines)', ja: '  (ログはありません)' } : { en: lines.map((l) => `  | ${l}`).join('\n'), ja: lines.map((l) => `  | ${l}`).join('\n') };
};

// ---- the rules ----

k.test(`${GROUP_NAME} is a security group of the given VPC, and solve() returns its id`, async (solved) => {
  const found = await returnedGroup(solved);
  check(found.ok, found.ok ? { en: '', ja: '' } : found.why);
});

k.test(`the sample task, run with only ${GROUP_NAME} and a public IP, still fetches the todo over HTTPS (TCP 443)`, async (solved) => {
  const { group, id } = needGroup(await returnedGroup(solved));
  const run = await sampleRun(solved, id);
  if (!run.started) {
    return check(false, {
      en: `RunTask did not start the sample task with security group ${id}: ${run.error}. Keep the cluster, the task definition and the subnet the setup made.`,
      ja: `セキュリティグループ ${id} でサンプルタスクを RunTask で起動できませんでした: ${run.error}。セットアップが作ったクラスター・タスク定義・サブネットは残しておいてください。`,
    });
  }
  if (run.lines.some((line) => line.includes(TODO_TITLE))) return;
  const egress = listRules(group.IpPermissionsEgress ?? [], 'to');
  const failedToStart = run.task.stopCode === 'TaskFailedToStart';
  const blocked = failedToStart ? (run.network?.destinations ?? []).filter((d) => d.kind === 'aws-service' && !d.reachable) : [];
  const todo = run.network?.destinations.find((d) => d.name === TODO_HOST);
  const why: Bilingual[] = [...blocked, ...(todo && !todo.reachable && !failedToStart ? [todo] : [])].map((d) => ({
    en: `- ${d.name}: ${d.explanation.en}`,
    ja: `- ${d.name}: ${d.explanation.ja}`,
  }));
  check(false, {
    en:
      (failedToStart
        ? `ECS could not start the sample task with security group ${id}: ${run.task.stoppedReason}\nECS pulls the image (ECR, S3) and ships logs over HTTPS from the task's own network interface, so its group must let TCP 443 out.\n`
        : `The sample task ran with security group ${id}, but it could not fetch ${TODO_URL}: its log has no todo (title '${TODO_TITLE}').\n`) +
      (why.length > 0 ? `Why, from the harness's model of the VPC:\n${why.map((w) => w.en).join('\n')}\n` : '') +
      `Outbound rules of ${GROUP_NAME} now:\n${egress.en}\nThe sample needs exactly one: TCP 443 to 0.0.0.0/0 (AuthorizeSecurityGroupEgress).\n` +
      (failedToStart ? '' : `\nWhat the task logged (${LOGS.group}, ${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).en}`),
    ja:
      (failedToStart
        ? `ECS がセキュリティグループ ${id} でサンプルタスクを起動できませんでした: ${run.task.stoppedReason}\nECS はイメージの取得(ECR・S3)とログの送信を、タスク自身のネットワークインターフェイスから HTTPS で行うため、グループは TCP 443 の送信を許可している必要があります。\n`
        : `サンプルタスクはセキュリティグループ ${id} で動きましたが、${TODO_URL} を取得できませんでした。ログに todo(title '${TODO_TITLE}')がありません。\n`) +
      (why.length > 0 ? `理由(ハーネスによる VPC のモデル):\n${why.map((w) => w.ja).join('\n')}\n` : '') +
      `現在の ${GROUP_NAME} のアウトバウンドルール:\n${egress.ja}\nサンプルに必要なのは 1 つだけです: 0.0.0.0/0 への TCP 443(AuthorizeSecurityGroupEgress)。\n` +
      (failedToStart ? '' : `\nタスクのログ(${LOGS.group}、${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines).ja}`),
  });
});

k.test(`TCP 80 out to the internet is refused by ${GROUP_NAME} (ENI_SG_RULES_MISMATCH)`, async (solved) => {
  const { group, id } = needGroup(await returnedGroup(solved));
  const { given } = solved;
  const { verdict, explanation } = await networkVerdict(
    solved.clients,
    solved.region,
    { subnetId: given.subnetId, securityGroupIds: [id], assignPublicIp: 'ENABLED' },
    { kind: 'internet', host: TODO_HOST, address: TODO_ADDRESS, port: 80 },
  );
  if (!verdict.reachable && verdict.reason.code === 'ENI_SG_RULES_MISMATCH' && verdict.reason.component === id) return;
  if (verdict.reachable) {
    const allowing = (group.IpPermissionsEgress ?? []).filter((rule) => coversTcp(rule, 80));
    const defaultRule = allowing.some((rule) => ALL.has(rule.IpProtocol ?? ''));
    const path = verdict.path.map((hop) => hop.id).join(' → ');
    return check(false, {
      en:
        `A task with ${GROUP_NAME} can open TCP 80 to ${TODO_HOST} (${TODO_ADDRESS}); the harness's model of the VPC lets it through: ${path}.\n` +
        `The outbound rules of ${id} that allow it:\n${listRules(allowing, 'to').en}\n` +
        (defaultRule
          ? `'all traffic to 0.0.0.0/0' is the rule every new security group starts with. Allowing 443 does not take it away: remove it with RevokeSecurityGroupEgress (IpProtocol '-1', IpRanges 0.0.0.0/0).`
          : `The sample needs only HTTPS: the one outbound rule is TCP 443 to 0.0.0.0/0. Remove the others (RevokeSecurityGroupEgress).`),
      ja:
        `${GROUP_NAME} を付けたタスクは ${TODO_HOST}(${TODO_ADDRESS})に TCP 80 で接続できます。ハーネスの VPC のモデルでは通ります: ${path}。\n` +
        `それを許可している ${id} のアウトバウンドルール:\n${listRules(allowing, 'to').ja}\n` +
        (defaultRule
          ? `「0.0.0.0/0 へのすべての通信」は、新しいセキュリティグループに最初から入っているルールです。443 を許可しても消えません。RevokeSecurityGroupEgress(IpProtocol '-1'、IpRanges 0.0.0.0/0)で削除してください。`
          : `サンプルに必要なのは HTTPS だけです。アウトバウンドルールは 0.0.0.0/0 への TCP 443 の 1 つにし、ほかは削除してください(RevokeSecurityGroupEgress)。`),
    });
  }
  check(false, {
    en:
      `TCP 80 to ${TODO_HOST} is refused, but not by ${GROUP_NAME}: ${verdict.reason.code} at ${verdict.reason.component}. ${explanation.en}\n` +
      `The setup's subnet reaches the internet; keep its route table and internet gateway, and let the group be what refuses port 80.`,
    ja:
      `${TODO_HOST} への TCP 80 は拒否されますが、拒否しているのは ${GROUP_NAME} ではありません: ${verdict.reason.code}(${verdict.reason.component})。${explanation.ja}\n` +
      `セットアップのサブネットはインターネットに出られます。ルートテーブルとインターネットゲートウェイはそのままにして、ポート 80 はグループで拒否してください。`,
  });
});

// The network model judges the flows a task opens, not flows towards it. A security group only
// allows (it has no deny rules), so a group refuses every inbound flow exactly when it has no
// inbound rule: any rule lets some source open some port. The check reads the group's rules.
k.test(`nothing can come in: ${GROUP_NAME} has no inbound rule`, async (solved) => {
  const { group, id } = needGroup(await returnedGroup(solved));
  const inbound = group.IpPermissions ?? [];
  check(inbound.length === 0, {
    en:
      `Security group ${id} (${GROUP_NAME}) lets traffic in:\n${listRules(inbound, 'from').en}\n` +
      `With a public IP, the task would accept these connections from their sources. The sample only opens connections: ` +
      `a security group is stateful, so the replies to its HTTPS requests come back without any inbound rule. ` +
      `Remove these rules (RevokeSecurityGroupIngress), or do not authorize them.`,
    ja:
      `セキュリティグループ ${id}(${GROUP_NAME})は次の通信を受け入れます:\n${listRules(inbound, 'from').ja}\n` +
      `パブリック IP を持つタスクは、これらの送信元からの接続を受け付けてしまいます。サンプルは自分から接続するだけです。` +
      `セキュリティグループはステートフルなので、HTTPS の要求への応答はインバウンドルールがなくても戻ってきます。` +
      `これらのルールを削除する(RevokeSecurityGroupIngress)か、最初から許可しないでください。`,
  });
});
