import { DescribeLogGroupsCommand, DescribeLogStreamsCommand, type LogStream } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, DescribeTaskDefinitionCommand, ListClustersCommand, type TaskDefinition } from '@aws-sdk/client-ecs';
import type { TaskDefinitionGiven } from 'aws-basics-dojo';
import {
  buildSampleVpc,
  oncePerSolve,
  setUpSampleEcs,
  check,
  kata,
  KATA_APP_LOGS,
  runTaskToStop,
  SAMPLE_TODO,
  type Bilingual,
  type SolvedKata,
  type TaskRun,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<TaskDefinitionGiven, string>;

const CLUSTER = 'kata-cluster';
const FAMILY = 'kata-app';
const LOGS = KATA_APP_LOGS;
const CPU = '256';
const MEMORY = '512';
const { url: TODO_URL, title: TODO_TITLE } = SAMPLE_TODO;

const k = kata<TaskDefinitionGiven, string>({
  id: '10-cluster-and-task-definition',
  async setup(env) {
    // A public subnet, the sample in my-repo:latest and the execution role; the task's group allows all outbound traffic.
    const { vpcId, subnetId } = await buildSampleVpc(env.clients.ec2, env.region, 'internet');
    const { repositoryUri, executionRoleArn } = await setUpSampleEcs(env);
    const { GroupId } = await env.clients.ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'my-sg', Description: 'my-sg' }));
    return { repositoryUri, executionRoleArn, vpcId, subnetId, securityGroupId: GroupId! };
  },
});

// ---- the task definition solve() returned, read back once ----

type Found = { ok: true; definition: TaskDefinition } | { ok: false; why: Bilingual };
const returnedDefinition = oncePerSolve(findDefinition);

async function findDefinition({ result, clients }: Solved): Promise<Found> {
  const said = JSON.stringify(result);
  if (typeof result !== 'string' || result.trim() === '') {
    return {
      ok: false,
      why: {
        en: `solve() returned ${said}, not a task definition ARN. Register ${FAMILY} with RegisterTaskDefinitionCommand and return the taskDefinitionArn it answers (arn:aws:ecs:…:task-definition/${FAMILY}:<revision>).`,
        ja: `solve() の戻り値が ${said} で、タスク定義の ARN ではありません。RegisterTaskDefinitionCommand で ${FAMILY} を登録し、応答の taskDefinitionArn(arn:aws:ecs:…:task-definition/${FAMILY}:<リビジョン>)を返してください。`,
      },
    };
  }
  let definition: TaskDefinition | undefined;
  try {
    definition = (await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: result }))).taskDefinition;
  } catch {
    definition = undefined;
  }
  if (!definition) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${said}, but DescribeTaskDefinition knows no such task definition in this account. Return the taskDefinitionArn that RegisterTaskDefinition answered.`,
        ja: `solve() は ${said} を返しましたが、DescribeTaskDefinition ではこのアカウントにそのタスク定義がありません。RegisterTaskDefinition が返した taskDefinitionArn を返してください。`,
      },
    };
  }
  if (definition.family !== FAMILY) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${definition.taskDefinitionArn}, a revision of family '${definition.family}'; the kata asks for the family '${FAMILY}' (RegisterTaskDefinition's family).`,
        ja: `solve() が返した ${definition.taskDefinitionArn} はファミリー '${definition.family}' のリビジョンです。このカタのファミリーは '${FAMILY}' です(RegisterTaskDefinition の family)。`,
      },
    };
  }
  if (result !== definition.taskDefinitionArn) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${said}, which names ${definition.taskDefinitionArn}; return the full ARN (taskDefinitionArn), not a family or family:revision.`,
        ja: `solve() の戻り値 ${said} は ${definition.taskDefinitionArn} を指しますが、ファミリー名や family:revision ではなく、完全な ARN(taskDefinitionArn)を返してください。`,
      },
    };
  }
  return { ok: true, definition };
}

const needDefinition = (found: Found): TaskDefinition => {
  if (found.ok) return found.definition;
  return check(false, {
    en: `There is no task definition to run (see the rule 'solve() returns the ARN of …'): ${found.why.en}`,
    ja: `実行するタスク定義がありません(ルール「solve() returns the ARN of …」を参照): ${found.why.ja}`,
  }) as never;
};

/** The definition's task-level settings and its container, as a learner would read them back. */
function summary(definition: TaskDefinition): Bilingual {
  const container = definition.containerDefinitions?.[0];
  const options = container?.logConfiguration?.options ?? {};
  const lines = [
    `requiresCompatibilities ${JSON.stringify(definition.requiresCompatibilities ?? [])}, networkMode ${definition.networkMode ?? '(none)'}, cpu ${JSON.stringify(definition.cpu)}, memory ${JSON.stringify(definition.memory)}`,
    `executionRoleArn ${definition.executionRoleArn ?? '(none)'}`,
    ...(definition.containerDefinitions ?? []).map(
      (c) =>
        `container '${c.name}': image ${c.image}, logDriver ${c.logConfiguration?.logDriver ?? '(none)'}` +
        (c.logConfiguration?.logDriver === 'awslogs' ? ` (awslogs-group ${options['awslogs-group']}, awslogs-stream-prefix ${options['awslogs-stream-prefix']})` : ''),
    ),
  ];
  const text = lines.map((line) => `  | ${line}`).join('\n');
  return { en: `Task definition ${definition.taskDefinitionArn}:\n${text}`, ja: `タスク定義 ${definition.taskDefinitionArn}:\n${text}` };
}

// ---- running a task of it once ----

const kataRun = oncePerSolve(({ clients, accountId, given }: Solved, definition: TaskDefinition): Promise<TaskRun> =>
  runTaskToStop(clients, accountId, {
    cluster: CLUSTER,
    taskDefinition: definition.taskDefinitionArn!,
    subnetId: given.subnetId,
    securityGroupIds: [given.securityGroupId],
    assignPublicIp: 'ENABLED',
    logs: LOGS,
  }),
);

type StartedRun = Extract<TaskRun, { started: true }>;

/** Whether ECS got as far as running the container (not refused, not stopped while starting). */
const startedUp = (run: TaskRun): boolean => run.started && run.task.stopCode !== 'TaskFailedToStart';

const needStarted = (run: TaskRun): StartedRun => {
  if (run.started && startedUp(run)) return run;
  return check(false, {
    en: `No task of ${FAMILY} ran (see the rule 'a task of ${FAMILY} starts …'), so there is nothing to check here yet.`,
    ja: `${FAMILY} のタスクが動いていないため(ルール「a task of ${FAMILY} starts …」を参照)、ここではまだ確認できるものがありません。`,
  }) as never;
};

async function logGroupExists({ clients }: Solved, name: string): Promise<boolean> {
  const { logGroups = [] } = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return logGroups.some((group) => group.logGroupName === name);
}

/** Why ECS refused the task or stopped it before it ran, beyond ECS's own words. */
async function whyNotStarted(solved: Solved, definition: TaskDefinition, reason: string): Promise<Bilingual[]> {
  const notes: Bilingual[] = [];
  if (/does not support launch_type FARGATE/.test(reason)) {
    notes.push({
      en:
        `The definition does not say it is for Fargate: requiresCompatibilities is ${JSON.stringify(definition.requiresCompatibilities ?? [])}. ` +
        `Register it with requiresCompatibilities: ['FARGATE']; ECS then checks at RegisterTaskDefinition what Fargate requires (networkMode 'awsvpc', a Fargate size such as cpu '${CPU}' with memory '${MEMORY}', an execution role for awslogs).`,
      ja:
        `タスク定義が Fargate 用になっていません。requiresCompatibilities が ${JSON.stringify(definition.requiresCompatibilities ?? [])} です。` +
        `requiresCompatibilities: ['FARGATE'] を指定して登録してください。そうすると ECS は RegisterTaskDefinition の時点で Fargate の条件(networkMode 'awsvpc'、cpu '${CPU}'・memory '${MEMORY}' のような Fargate のサイズ、awslogs のための実行ロール)を確認します。`,
    });
  }
  if (/no basic auth credentials/.test(reason)) {
    notes.push({
      en:
        `ECS itself, not your container, pulls the image from the private repository my-repo and writes the awslogs stream, as the task execution role. ` +
        `Set executionRoleArn: ctx.given.executionRoleArn (${solved.given.executionRoleArn}) in the task definition.`,
      ja:
        `プライベートリポジトリ my-repo からイメージを取得し、awslogs のストリームに書き込むのは、コンテナではなく ECS 自身で、タスク実行ロールとして行います。` +
        `タスク定義に executionRoleArn: ctx.given.executionRoleArn(${solved.given.executionRoleArn})を指定してください。`,
    });
  }
  if (/ResourceInitializationError: .*log (group|stream)/.test(reason)) {
    const group = definition.containerDefinitions?.find((c) => c.logConfiguration?.logDriver === 'awslogs')?.logConfiguration?.options?.['awslogs-group'];
    if (group && !(await logGroupExists(solved, group))) {
      notes.push({
        en:
          `The log group ${group} (awslogs-group) does not exist. The awslogs driver creates the task's log stream, not the group: ` +
          `create the group first with CreateLogGroupCommand ({ logGroupName: '${LOGS.group}' }, ctx.clients.logs).`,
        ja:
          `ロググループ ${group}(awslogs-group)が存在しません。awslogs ドライバーが作るのはタスクのログストリームで、グループは作りません。` +
          `先に CreateLogGroupCommand({ logGroupName: '${LOGS.group}' }、ctx.clients.logs)でグループを作ってください。`,
      });
    }
  }
  if (/ClusterNotFoundException|Cluster not found/.test(reason)) {
    notes.push({
      en: `There is no cluster ${CLUSTER} to run the task in: create it with CreateClusterCommand ({ clusterName: '${CLUSTER}' }).`,
      ja: `タスクを動かすクラスター ${CLUSTER} がありません。CreateClusterCommand({ clusterName: '${CLUSTER}' })で作成してください。`,
    });
  }
  return notes;
}

async function streamsOfTask({ clients }: Solved, group: string, taskId: string): Promise<LogStream[]> {
  try {
    const { logStreams = [] } = await clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    return logStreams.filter((stream) => stream.logStreamName?.endsWith(`/${taskId}`));
  } catch {
    return [];
  }
}

const bullets = (notes: Bilingual[], pick: 'en' | 'ja') => notes.map((n) => `- ${n[pick]}`).join('\n');
const excerpt = (lines: string[]) => {
  const shown = lines.filter((line) => !/^\s*at /.test(line)).slice(0, 12);
  return shown.length === 0 ? '  (no log lines)' : shown.map((l) => `  | ${l}`).join('\n');
};

// ---- the rules ----

k.test(`${CLUSTER} is an ACTIVE ECS cluster`, async ({ clients }) => {
  const { clusters = [] } = await clients.ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }));
  if (clusters.some((cluster) => cluster.clusterName === CLUSTER && cluster.status === 'ACTIVE')) return;
  const { clusterArns = [] } = await clients.ecs.send(new ListClustersCommand({}));
  const names = clusterArns.map((arn) => arn.split('/').pop()).join(', ') || '(none)';
  const setups = names.includes('my-cluster') ? { en: ' (my-cluster is the setup\'s)', ja: '(my-cluster はセットアップが作ったものです)' } : { en: '', ja: '' };
  check(false, {
    en:
      `DescribeClusters finds no ACTIVE cluster ${CLUSTER}; the account's clusters: ${names}${setups.en}. ` +
      `A cluster is the logical group a task runs in (the article's クラスター): create it with CreateClusterCommand ({ clusterName: '${CLUSTER}' }, ctx.clients.ecs).`,
    ja:
      `DescribeClusters で ACTIVE なクラスター ${CLUSTER} が見つかりません。アカウントにあるクラスター: ${names}${setups.ja}。` +
      `クラスターはタスクを動かす論理的なグループです(記事の「クラスター」)。CreateClusterCommand({ clusterName: '${CLUSTER}' }、ctx.clients.ecs)で作成してください。`,
  });
});

k.test(`solve() returns the ARN of a registered ${FAMILY} task definition`, async (solved) => {
  const found = await returnedDefinition(solved);
  check(found.ok, found.ok ? { en: '', ja: '' } : found.why);
});

k.test(`a task of ${FAMILY} starts in ${CLUSTER}: ECS accepts it for Fargate, pulls my-repo:latest with the execution role and opens its log stream`, async (solved) => {
  const definition = needDefinition(await returnedDefinition(solved));
  const run = await kataRun(solved, definition);
  if (startedUp(run)) return;
  const refused = !run.started;
  const reason = run.started ? run.task.stoppedReason ?? '' : run.error;
  const notes = await whyNotStarted(solved, definition, reason);
  const shown = summary(definition);
  check(false, {
    en:
      (refused
        ? `ECS refused to run a task of ${definition.taskDefinitionArn} (RunTask in ${CLUSTER}, subnet ${solved.given.subnetId}):\n  ${reason}\n`
        : `ECS could not start the task of ${definition.taskDefinitionArn}: ${reason}\n`) +
      (notes.length > 0 ? `${bullets(notes, 'en')}\n` : '') +
      `\n${shown.en}`,
    ja:
      (refused
        ? `ECS が ${definition.taskDefinitionArn} のタスクの実行を拒否しました(${CLUSTER} で RunTask、サブネット ${solved.given.subnetId}):\n  ${reason}\n`
        : `ECS が ${definition.taskDefinitionArn} のタスクを起動できませんでした: ${reason}\n`) +
      (notes.length > 0 ? `${bullets(notes, 'ja')}\n` : '') +
      `\n${shown.ja}`,
  });
});

k.test(`the task runs with ${CPU} CPU units and ${MEMORY} MiB`, async (solved) => {
  const definition = needDefinition(await returnedDefinition(solved));
  const { task } = needStarted(await kataRun(solved, definition));
  check(task.cpu === CPU && task.memory === MEMORY, {
    en:
      `The task ran with ${task.cpu} CPU units and ${task.memory} MiB (DescribeTasks); the kata asks for the article's size, ${CPU} CPU units (.25 vCPU) and ${MEMORY} MiB. ` +
      `The task definition says cpu ${JSON.stringify(definition.cpu)}, memory ${JSON.stringify(definition.memory)}. A Fargate task is billed by the size it asks for: give the sample no more than it needs.`,
    ja:
      `タスクは CPU ${task.cpu} ユニット・${task.memory} MiB で動きました(DescribeTasks)。このカタでは記事のサイズ、CPU ${CPU} ユニット(.25 vCPU)・${MEMORY} MiB にしてください。` +
      `タスク定義は cpu ${JSON.stringify(definition.cpu)}、memory ${JSON.stringify(definition.memory)} です。Fargate の料金は指定したサイズで決まるので、サンプルに必要以上を割り当てないでください。`,
  });
});

k.test(`its logs arrive in ${LOGS.group}, stream ${LOGS.streamPrefix}/${LOGS.container}/<task id>, and hold the todo`, async (solved) => {
  const definition = needDefinition(await returnedDefinition(solved));
  const run = needStarted(await kataRun(solved, definition));
  if (run.lines.some((line) => line.includes(TODO_TITLE))) return;
  const taskId = run.taskArn.split('/').pop()!;
  const expected = `${LOGS.streamPrefix}/${LOGS.container}/${taskId}`;
  if (run.lines.length > 0) {
    return check(false, {
      en: `The task's log (${LOGS.group}, ${expected}) has no todo (title '${TODO_TITLE}' from ${TODO_URL}). What it printed:\n${excerpt(run.lines)}`,
      ja: `タスクのログ(${LOGS.group}、${expected})に todo(${TODO_URL} の title '${TODO_TITLE}')がありません。タスクの出力:\n${excerpt(run.lines)}`,
    });
  }
  const groups = [...new Set((definition.containerDefinitions ?? []).map((c) => c.logConfiguration?.options?.['awslogs-group']).filter((g): g is string => !!g))];
  const elsewhere = (await Promise.all(groups.map(async (group) => (await streamsOfTask(solved, group, taskId)).map((s) => `${group}: ${s.logStreamName}`)))).flat();
  const container = definition.containerDefinitions?.[0];
  const prefix = container?.logConfiguration?.options?.['awslogs-stream-prefix'];
  const slips: Bilingual[] = [];
  if (container?.name !== LOGS.container) {
    slips.push({
      en: `the container is named '${container?.name}'; the kata's container is '${LOGS.container}' (containerDefinitions[0].name)`,
      ja: `コンテナ名が '${container?.name}' です。このカタのコンテナは '${LOGS.container}' です(containerDefinitions[0].name)`,
    });
  }
  if (prefix !== LOGS.streamPrefix) {
    slips.push({
      en: `awslogs-stream-prefix is ${JSON.stringify(prefix)}; the kata's is '${LOGS.streamPrefix}'`,
      ja: `awslogs-stream-prefix が ${JSON.stringify(prefix)} です。このカタでは '${LOGS.streamPrefix}' です`,
    });
  }
  if (groups.length > 0 && !groups.includes(LOGS.group)) {
    slips.push({
      en: `awslogs-group is ${groups.join(', ')}; the kata's group is '${LOGS.group}'`,
      ja: `awslogs-group が ${groups.join('、')} です。このカタのグループは '${LOGS.group}' です`,
    });
  }
  const found = elsewhere.length > 0 ? elsewhere.map((s) => `  - ${s}`).join('\n') : '  (none)';
  check(false, {
    en:
      `The task ran, but ${LOGS.group} has no stream ${expected}. awslogs names a task's stream <awslogs-stream-prefix>/<container name>/<task id>, ` +
      `so whoever reads the task's output looks there. The task's streams:\n${found}\n` +
      (slips.length > 0 ? `${slips.map((s) => `- ${s.en}`).join('\n')}\n` : '') +
      `\n${summary(definition).en}`,
    ja:
      `タスクは動きましたが、${LOGS.group} にストリーム ${expected} がありません。awslogs はタスクのストリームを <awslogs-stream-prefix>/<コンテナ名>/<タスク ID> と名付けるので、` +
      `タスクの出力を読む人はそこを探します。このタスクのストリーム:\n${found}\n` +
      (slips.length > 0 ? `${slips.map((s) => `- ${s.ja}`).join('\n')}\n` : '') +
      `\n${summary(definition).ja}`,
  });
});
