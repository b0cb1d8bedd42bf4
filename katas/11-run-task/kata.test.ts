import { DescribeTasksCommand, type Task } from '@aws-sdk/client-ecs';
import type { KataAppGiven } from 'aws-basics-dojo';
import { oncePerSolve, awaitTaskStop, buildKataAppWorld, check, kata, KATA_APP_LOGS, SAMPLE_TODO, type Bilingual, type SolvedKata, type TaskRun } from 'aws-basics-dojo/testing';

type Solved = SolvedKata<KataAppGiven, string>;

const LOGS = KATA_APP_LOGS;
const { url: TODO_URL, host: TODO_HOST, title: TODO_TITLE } = SAMPLE_TODO;

const k = kata<KataAppGiven, string>({
  id: '11-run-task',
  // The kata-app revision has the execution role: only the RunTask call is missing.
  setup: async (env) => (await buildKataAppWorld(env, { executionRole: true })).given,
});

// ---- the task solve() returned, as DescribeTasks showed it the moment solve() returned ----

type Returned = { ok: true; taskArn: string; atReturn: Task } | { ok: false; why: Bilingual };
/** Every rule asks this first, so the first rule to run reads the task right after solve() returned. */
const returnedTask = oncePerSolve(describeReturned);

async function describeReturned({ result, clients, given }: Solved): Promise<Returned> {
  if (typeof result !== 'string' || !/^arn:aws:ecs:[^:]+:\d{12}:task\//.test(result)) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${JSON.stringify(result)}, not a task ARN (arn:aws:ecs:<region>:<account>:task/<cluster>/<id>). Return the taskArn of the task RunTaskCommand answered (tasks[0].taskArn).`,
        ja: `solve() の戻り値が ${JSON.stringify(result)} で、タスクの ARN(arn:aws:ecs:<リージョン>:<アカウント>:task/<クラスター>/<ID>)ではありません。RunTaskCommand の応答にあるタスクの taskArn(tasks[0].taskArn)を返してください。`,
      },
    };
  }
  const { tasks = [] } = await clients.ecs.send(new DescribeTasksCommand({ cluster: given.cluster, tasks: [result] }));
  const task = tasks[0];
  if (!task) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${result}, but DescribeTasks finds no such task in cluster ${given.cluster}. Run the task in the given cluster (cluster: ctx.given.cluster) and return the taskArn RunTask answered.`,
        ja: `solve() は ${result} を返しましたが、DescribeTasks ではクラスター ${given.cluster} にそのタスクがありません。指定されたクラスター(cluster: ctx.given.cluster)でタスクを実行し、RunTask が返した taskArn を返してください。`,
      },
    };
  }
  if (task.taskDefinitionArn !== given.taskDefinitionArn) {
    return {
      ok: false,
      why: {
        en: `Task ${result} runs the task definition ${task.taskDefinitionArn}, not the given kata-app revision ${given.taskDefinitionArn}. Pass taskDefinition: ctx.given.taskDefinitionArn to RunTaskCommand.`,
        ja: `タスク ${result} が実行しているのはタスク定義 ${task.taskDefinitionArn} で、指定された kata-app のリビジョン ${given.taskDefinitionArn} ではありません。RunTaskCommand に taskDefinition: ctx.given.taskDefinitionArn を渡してください。`,
      },
    };
  }
  return { ok: true, taskArn: result, atReturn: task };
}

const needTask = (found: Returned): Returned & { ok: true } => {
  if (found.ok) return found;
  return check(false, {
    en: `There is no task to check (see the rule 'solve() returns the ARN …'): ${found.why.en}`,
    ja: `確認できるタスクがありません(ルール「solve() returns the ARN …」を参照): ${found.why.ja}`,
  }) as never;
};

// ---- the task once it has stopped (waited for here whatever solve() did) ----

const stoppedRun = oncePerSolve(
  ({ clients, accountId, given }: Solved, taskArn: string): Promise<TaskRun & { started: true }> => awaitTaskStop(clients, accountId, { cluster: given.cluster, taskArn, logs: LOGS }),
);

const logExcerpt = (all: string[]): Bilingual => {
  const lines = all.filter((line) => !/^\s*at /.test(line)).slice(0, 12);
  const text = lines.map((line) => `  | ${line}`).join('\n');
  return lines.length === 0 ? { en: '  (no log lines)', ja: '  (ログはありません)' } : { en: text, ja: text };
};

/** What RunTask's awsvpcConfiguration gave the task, compared with what the setup gave the learner. */
function placementNotes(run: TaskRun & { started: true }, given: KataAppGiven): Bilingual[] {
  const notes: Bilingual[] = [];
  const network = run.network;
  if (!network) return notes;
  if (!network.publicIp) {
    notes.push({
      en:
        `The task had no public IP: RunTask's awsvpcConfiguration had assignPublicIp DISABLED (the default when you leave it out). In a public subnet a task reaches the internet ` +
        `through the internet gateway only with a public IP; without one, neither ECS (pulling the image from ECR, sending the logs) nor the container (fetching the todo) gets out. ` +
        `Pass assignPublicIp: 'ENABLED'.`,
      ja:
        `タスクにパブリック IP がありませんでした。RunTask の awsvpcConfiguration の assignPublicIp が DISABLED でした(指定しないとこうなります)。パブリックサブネットのタスクが` +
        `インターネットゲートウェイ経由でインターネットに出られるのは、パブリック IP があるときだけです。ないと、ECS(ECR からのイメージの取得、ログの送信)もコンテナ(todo の取得)も外に出られません。` +
        `assignPublicIp: 'ENABLED' を指定してください。`,
    });
  }
  if (network.subnetId !== given.subnetId) {
    notes.push({
      en: `The task ran in subnet ${network.subnetId}, not in the given public subnet ${given.subnetId} (subnets: [ctx.given.subnetId]).`,
      ja: `タスクが動いたのはサブネット ${network.subnetId} で、指定されたパブリックサブネット ${given.subnetId} ではありません(subnets: [ctx.given.subnetId])。`,
    });
  }
  if (!network.securityGroupIds.includes(given.securityGroupId)) {
    notes.push({
      en: `The task ran with security groups ${network.securityGroupIds.join(', ') || '(none)'}, not the given ${given.securityGroupId} (securityGroups: [ctx.given.securityGroupId]).`,
      ja: `タスクのセキュリティグループは ${network.securityGroupIds.join(', ') || '(なし)'} で、指定された ${given.securityGroupId} ではありません(securityGroups: [ctx.given.securityGroupId])。`,
    });
  }
  return notes;
}

// ---- the rules ----

k.test('solve() returns the ARN of a task of the given kata-app revision, in cluster my-cluster', async (solved) => {
  const found = await returnedTask(solved);
  check(found.ok, found.ok ? { en: '', ja: '' } : found.why);
});

k.test('the task had stopped when solve() returned (lastStatus STOPPED)', async (solved) => {
  const { atReturn, taskArn } = needTask(await returnedTask(solved));
  if (atReturn.lastStatus === 'STOPPED') return;
  const asked = solved.calls.filter((call) => call.service === 'ecs' && call.operation === 'DescribeTasks').length;
  const polling: Bilingual =
    asked === 0
      ? { en: 'Your solve() never called DescribeTasks.', ja: 'あなたの solve() は DescribeTasks を 1 回も呼んでいません。' }
      : { en: `Your solve() called DescribeTasks ${asked} time(s), but returned before lastStatus was STOPPED.`, ja: `あなたの solve() は DescribeTasks を ${asked} 回呼びましたが、lastStatus が STOPPED になる前に戻りました。` };
  check(false, {
    en:
      `When solve() returned, DescribeTasks said task ${taskArn.split('/').pop()} was ${atReturn.lastStatus} (desired ${atReturn.desiredStatus}), not STOPPED. ` +
      `RunTask only starts a task: it answers at once, with the task PROVISIONING, and the task then goes PENDING → RUNNING → STOPPED on its own. ${polling.en} ` +
      `Wait for STOPPED before returning: ask DescribeTasksCommand (cluster, tasks: [taskArn]) until tasks[0].lastStatus is 'STOPPED', or use waitUntilTasksStopped from @aws-sdk/client-ecs.`,
    ja:
      `solve() が戻った時点で、DescribeTasks ではタスク ${taskArn.split('/').pop()} は ${atReturn.lastStatus}(desired ${atReturn.desiredStatus})で、STOPPED ではありませんでした。` +
      `RunTask はタスクを起動するだけで、すぐに(タスクが PROVISIONING の状態で)応答します。タスクはその後、自分で PENDING → RUNNING → STOPPED と進みます。${polling.ja}` +
      `戻る前に STOPPED になるのを待ってください。DescribeTasksCommand(cluster、tasks: [taskArn])を tasks[0].lastStatus が 'STOPPED' になるまで繰り返すか、@aws-sdk/client-ecs の waitUntilTasksStopped を使います。`,
  });
});

k.test(`the task fetched the todo from the public subnet: its log in ${LOGS.group} holds the todo JSON`, async (solved) => {
  const { taskArn } = needTask(await returnedTask(solved));
  const run = await stoppedRun(solved, taskArn);
  if (run.lines.some((line) => line.includes(TODO_TITLE))) return;
  const taskId = taskArn.split('/').pop();
  const failedToStart = run.task.stopCode === 'TaskFailedToStart';
  // The network model's explanations ECS's stoppedReason does not already quote, each once.
  const said = new Set([run.task.stoppedReason ?? '']);
  const unreachable = (run.network?.destinations ?? [])
    .filter((d) => !d.reachable && (failedToStart ? d.kind === 'aws-service' : d.name === TODO_HOST))
    .filter((d) => ![...said].some((text) => text.includes(d.explanation.en)) && said.add(d.explanation.en));
  const why: Bilingual[] = [...placementNotes(run, solved.given), ...unreachable.map((d) => ({ en: `${d.name}: ${d.explanation.en}`, ja: `${d.name}: ${d.explanation.ja}` }))];
  const bullets = { en: why.map((w) => `- ${w.en}`).join('\n'), ja: why.map((w) => `- ${w.ja}`).join('\n') };
  const log = logExcerpt(run.lines);
  check(false, {
    en:
      (failedToStart
        ? `ECS could not start task ${taskId}: ${run.task.stoppedReason}\n`
        : `Task ${taskId} ran, but its log (${LOGS.group}, stream ${LOGS.streamPrefix}/${LOGS.container}/${taskId}) has no todo from ${TODO_URL} (title '${TODO_TITLE}').\n`) +
      (why.length > 0 ? `Why, from the harness's model of the VPC and what RunTask asked for:\n${bullets.en}\n` : '') +
      `Run it as the article does: launchType FARGATE, networkConfiguration.awsvpcConfiguration with subnets [ctx.given.subnetId], securityGroups [ctx.given.securityGroupId] and assignPublicIp 'ENABLED'.` +
      (failedToStart ? '' : `\n\nWhat the task logged:\n${log.en}`),
    ja:
      (failedToStart
        ? `ECS がタスク ${taskId} を起動できませんでした: ${run.task.stoppedReason}\n`
        : `タスク ${taskId} は動きましたが、ログ(${LOGS.group}、ストリーム ${LOGS.streamPrefix}/${LOGS.container}/${taskId})に ${TODO_URL} の todo(title '${TODO_TITLE}')がありません。\n`) +
      (why.length > 0 ? `理由(ハーネスによる VPC のモデルと、RunTask で指定した内容から):\n${bullets.ja}\n` : '') +
      `記事のとおりに実行してください: launchType は FARGATE、networkConfiguration.awsvpcConfiguration には subnets [ctx.given.subnetId]、securityGroups [ctx.given.securityGroupId]、assignPublicIp 'ENABLED'。` +
      (failedToStart ? '' : `\n\nタスクのログ:\n${log.ja}`),
  });
});
