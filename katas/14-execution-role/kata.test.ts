import { DescribeTaskDefinitionCommand, type TaskDefinition } from '@aws-sdk/client-ecs';
import { GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, type Role } from '@aws-sdk/client-iam';
import type { KataAppGiven, KataCall } from 'aws-basics-dojo';
import {
  accountCallsMarker,
  accountCallsSince,
  assumeRoleAsService,
  buildKataAppWorld,
  check,
  kata,
  KATA_APP_LOGS,
  oncePerSolve,
  runTaskToStop,
  SAMPLE_TODO,
  type AssumeRoleOutcome,
  type Bilingual,
  type SolvedKata,
  type TaskRun,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<KataAppGiven, string>;

const ROLE = 'kata-execution-role';
const ECS_TASKS = 'ecs-tasks.amazonaws.com';
const MANAGED_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const LOGS = KATA_APP_LOGS;
const TODO_TITLE = SAMPLE_TODO.title;

const k = kata<KataAppGiven, string>({
  id: '14-execution-role',
  // kata-app:1 has no execution role: ECS cannot pull its image from the private repository.
  setup: async (env) => (await buildKataAppWorld(env, { executionRole: false })).given,
});

// ---- what solve() made, read back once ----

interface Made {
  role?: Role;
  /** The revision solve() returned, when it is one of kata-app other than the given one. */
  revision?: TaskDefinition;
  /** Why there is no usable revision. */
  noRevision?: Bilingual;
  /** Who may assume the role, asked as ECS tasks. */
  assumed?: AssumeRoleOutcome;
}

const whatWasMade = oncePerSolve(readBack);

async function readBack(solved: Solved): Promise<Made> {
  const { clients, result, given } = solved;
  const role = await clients.iam
    .send(new GetRoleCommand({ RoleName: ROLE }))
    .then((answer) => answer.Role)
    .catch((error: Error) => {
      if (error.name === 'NoSuchEntityException' || error.name === 'NoSuchEntity') return undefined;
      throw error;
    });
  const assumed = role ? await assumeRoleAsService(solved.accountId, role.Arn!, ECS_TASKS) : undefined;
  if (typeof result !== 'string' || !/^arn:aws:ecs:[^:]+:\d{12}:task-definition\//.test(result)) {
    return {
      role,
      assumed,
      noRevision: {
        en: `solve() returned ${JSON.stringify(result)}, not a task definition ARN (arn:aws:ecs:<region>:<account>:task-definition/kata-app:<revision>). Return taskDefinition.taskDefinitionArn from RegisterTaskDefinition's answer.`,
        ja: `solve() の戻り値が ${JSON.stringify(result)} で、タスク定義の ARN(arn:aws:ecs:<リージョン>:<アカウント>:task-definition/kata-app:<リビジョン>)ではありません。RegisterTaskDefinition の応答の taskDefinition.taskDefinitionArn を返してください。`,
      },
    };
  }
  const revision = await clients.ecs
    .send(new DescribeTaskDefinitionCommand({ taskDefinition: result }))
    .then((answer) => answer.taskDefinition)
    .catch(() => undefined);
  if (!revision) {
    return {
      role,
      assumed,
      noRevision: {
        en: `solve() returned ${result}, but DescribeTaskDefinition knows no such task definition in this account. Return the taskDefinitionArn RegisterTaskDefinition answered.`,
        ja: `solve() は ${result} を返しましたが、DescribeTaskDefinition ではこのアカウントにそのタスク定義がありません。RegisterTaskDefinition が返した taskDefinitionArn を返してください。`,
      },
    };
  }
  if (revision.family !== 'kata-app' || revision.taskDefinitionArn === given.taskDefinitionArn) {
    const which = revision.taskDefinitionArn === given.taskDefinitionArn ? { en: 'the given revision itself', ja: '指定されたリビジョンそのもの' } : { en: `family ${revision.family}`, ja: `ファミリー ${revision.family}` };
    return {
      role,
      assumed,
      noRevision: {
        en:
          `solve() returned ${result}, ${which.en}, not a new revision of kata-app. A task definition revision never changes: register a new one ` +
          `(RegisterTaskDefinitionCommand with family 'kata-app'), which becomes kata-app:<next number>, and return its ARN.`,
        ja:
          `solve() の戻り値 ${result} は${which.ja}で、kata-app の新しいリビジョンではありません。タスク定義のリビジョンは変更できないので、` +
          `新しいリビジョンを登録し(family を 'kata-app' にした RegisterTaskDefinitionCommand)、kata-app:<次の番号> になったその ARN を返してください。`,
      },
    };
  }
  return { role, assumed, revision };
}

const noRole = (solved: Solved): Bilingual => ({
  en:
    `There is no role ${ROLE} in account ${solved.accountId}. Create it with CreateRoleCommand (RoleName '${ROLE}', AssumeRolePolicyDocument: a trust policy ` +
    `that lets ${ECS_TASKS} call sts:AssumeRole) and attach the AWS managed policy AmazonECSTaskExecutionRolePolicy (AttachRolePolicyCommand, ${MANAGED_POLICY}).`,
  ja:
    `アカウント ${solved.accountId} にロール ${ROLE} がありません。CreateRoleCommand で作成し(RoleName は '${ROLE}'、AssumeRolePolicyDocument は ` +
    `${ECS_TASKS} に sts:AssumeRole を許可する信頼ポリシー)、AWS 管理ポリシー AmazonECSTaskExecutionRolePolicy をアタッチしてください(AttachRolePolicyCommand、${MANAGED_POLICY})。`,
});

const needRevision = (made: Made): TaskDefinition =>
  made.revision ??
  (check(false, {
    en: `There is no new revision to run (see the rule 'solve() returns a new kata-app revision …'): ${made.noRevision!.en}`,
    ja: `実行できる新しいリビジョンがありません(ルール「solve() returns a new kata-app revision …」を参照): ${made.noRevision!.ja}`,
  }) as never);

// ---- both revisions, run once each: the given one, then the new one ----

function runRevision({ given, clients, accountId }: Solved, taskDefinition: string): Promise<TaskRun> {
  return runTaskToStop(clients, accountId, {
    cluster: given.cluster,
    taskDefinition,
    subnetId: given.subnetId,
    securityGroupIds: [given.securityGroupId],
    assignPublicIp: 'ENABLED',
    logs: LOGS,
  });
}

const runGiven = oncePerSolve((solved: Solved): Promise<TaskRun> => runRevision(solved, solved.given.taskDefinitionArn));

/** The new revision's task, after the given one's, with the calls ECS made meanwhile (the pull and log writes as the execution role). */
const runNew = oncePerSolve(async (solved: Solved, revision: TaskDefinition): Promise<{ run: TaskRun; calls: KataCall[] }> => {
  await runGiven(solved);
  const marker = await accountCallsMarker(solved.accountId);
  const run = await runRevision(solved, revision.taskDefinitionArn!);
  return { run, calls: await accountCallsSince(solved.accountId, marker) };
});

const startedOk = (run: TaskRun): run is TaskRun & { started: true } => run.started && run.task.stopCode !== 'TaskFailedToStart';
const stopReason = (run: TaskRun) => (run.started ? (run.task.stoppedReason ?? '') : run.error);

/** Why ECS could not start the new revision's task: the usual slips, from the revision, the role and the IAM engine. */
async function whyNotStarted(solved: Solved, made: Made, revision: TaskDefinition, denied: KataCall[], stoppedReason = ''): Promise<Bilingual[]> {
  const notes: Bilingual[] = [];
  const roleArn = made.role?.Arn;
  if (!revision.executionRoleArn) {
    notes.push(
      roleArn && revision.taskRoleArn === roleArn
        ? {
            en:
              `${revision.taskDefinitionArn} has ${ROLE} as its taskRoleArn, and no executionRoleArn. The task role is what the containers get (the sample's own AWS calls); ` +
              `the execution role is what ECS itself uses before the container starts, to pull the image from ECR and to send the logs. Pass it as executionRoleArn.`,
            ja:
              `${revision.taskDefinitionArn} は ${ROLE} を taskRoleArn にしていて、executionRoleArn がありません。タスクロールはコンテナが受け取るロール(サンプル自身の AWS 呼び出し用)で、` +
              `タスク実行ロールはコンテナが起動する前に ECS 自身が使うロール(ECR からのイメージの取得、ログの送信)です。executionRoleArn に指定してください。`,
          }
        : {
            en: `${revision.taskDefinitionArn} has no executionRoleArn, like the given revision: ECS has no credentials to pull from the private repository. Register the revision with executionRoleArn: the ARN of ${ROLE}.`,
            ja: `${revision.taskDefinitionArn} には、指定されたリビジョンと同じく executionRoleArn がありません。ECS にはプライベートリポジトリからイメージを取得する認証情報がありません。${ROLE} の ARN を executionRoleArn に指定してリビジョンを登録してください。`,
          },
    );
  }
  // ECS's stoppedReason already quotes the IAM engine when it could not assume the role.
  if (made.assumed && !made.assumed.allowed && !stoppedReason.includes(made.assumed.explanation?.en ?? made.assumed.message)) {
    notes.push({
      en: `ECS (as ${ECS_TASKS}) may not assume ${ROLE}. The harness's IAM engine: ${made.assumed.explanation?.en ?? made.assumed.message}`,
      ja: `ECS(${ECS_TASKS} として)は ${ROLE} を引き受けられません。ハーネスの IAM エンジンの説明: ${made.assumed.explanation?.ja ?? made.assumed.message}`,
    });
  }
  for (const call of denied) {
    notes.push({
      en: `ECS's ${call.service}:${call.operation} as ${ROLE} was denied (${call.errorCode}). The harness's IAM engine: ${call.explanation?.en ?? '(no explanation)'}`,
      ja: `${ROLE} としての ECS の ${call.service}:${call.operation} が拒否されました(${call.errorCode})。ハーネスの IAM エンジンの説明: ${call.explanation?.ja ?? '(説明なし)'}`,
    });
  }
  if (denied.length > 0 && made.role) {
    const { AttachedPolicies = [] } = await solved.clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
    const { PolicyNames = [] } = await solved.clients.iam.send(new ListRolePoliciesCommand({ RoleName: ROLE }));
    const has = [...AttachedPolicies.map((p) => p.PolicyArn), ...PolicyNames.map((name) => `${name} (inline)`)].join(', ');
    notes.push({
      en:
        `Permissions policies of ${ROLE} now: ${has || '(none)'}. A trust policy only says who may assume the role, not what the role may do: ` +
        `attach the AWS managed policy AmazonECSTaskExecutionRolePolicy (${MANAGED_POLICY}), which allows pulling from ECR and writing to CloudWatch Logs.`,
      ja:
        `現在の ${ROLE} の権限ポリシー: ${has || '(なし)'}。信頼ポリシーが決めるのは誰がロールを引き受けられるかだけで、ロールに何ができるかではありません。` +
        `ECR からの取得と CloudWatch Logs への書き込みを許可する AWS 管理ポリシー AmazonECSTaskExecutionRolePolicy(${MANAGED_POLICY})をアタッチしてください。`,
    });
  }
  return notes;
}

const bullets = (notes: Bilingual[]): Bilingual => ({ en: notes.map((n) => `- ${n.en}`).join('\n'), ja: notes.map((n) => `- ${n.ja}`).join('\n') });

// ---- the rules ----

k.test(`solve() returns a new kata-app revision whose execution role is ${ROLE}`, async (solved) => {
  const made = await whatWasMade(solved);
  check(made.role, noRole(solved));
  const revision = needRevision(made);
  if (revision.executionRoleArn === made.role.Arn) return;
  const notes = await whyNotStarted(solved, { ...made, assumed: undefined }, revision, []);
  check(false, {
    en: revision.executionRoleArn
      ? `${revision.taskDefinitionArn} has the execution role ${revision.executionRoleArn}, not ${ROLE} (${made.role.Arn}). Register it with executionRoleArn: the Arn CreateRole answered.`
      : notes.map((n) => n.en).join('\n'),
    ja: revision.executionRoleArn
      ? `${revision.taskDefinitionArn} のタスク実行ロールは ${revision.executionRoleArn} で、${ROLE}(${made.role.Arn})ではありません。CreateRole が返した Arn を executionRoleArn に指定して登録してください。`
      : notes.map((n) => n.ja).join('\n'),
  });
});

k.test(`ECS tasks (${ECS_TASKS}) can assume ${ROLE}`, async (solved) => {
  const made = await whatWasMade(solved);
  check(made.role && made.assumed, noRole(solved));
  if (made.assumed.allowed) return;
  const trustsEcs = decodeURIComponent(made.role.AssumeRolePolicyDocument ?? '').includes('"ecs.amazonaws.com"');
  check(false, {
    en:
      `${ECS_TASKS} could not assume ${ROLE} (${made.role.Arn}); ECS assumes the execution role as this principal to pull the image and send the logs.\n` +
      `The harness's IAM engine: ${made.assumed.explanation?.en ?? made.assumed.message}\n` +
      (trustsEcs ? `The trust policy names ecs.amazonaws.com: that is the ECS service itself (its service-linked role's principal); task and execution roles are assumed by ${ECS_TASKS}.\n` : '') +
      `The trust policy needs a statement with Effect 'Allow', Principal { Service: '${ECS_TASKS}' } and Action 'sts:AssumeRole' (UpdateAssumeRolePolicyCommand changes it).`,
    ja:
      `${ECS_TASKS} が ${ROLE}(${made.role.Arn})を引き受けられませんでした。ECS はこのプリンシパルとしてタスク実行ロールを引き受け、イメージの取得とログの送信を行います。\n` +
      `ハーネスの IAM エンジンの説明: ${made.assumed.explanation?.ja ?? made.assumed.message}\n` +
      (trustsEcs ? `信頼ポリシーが ecs.amazonaws.com を指定しています。これは ECS サービスそのもの(サービスリンクロールのプリンシパル)です。タスクロールとタスク実行ロールを引き受けるのは ${ECS_TASKS} です。\n` : '') +
      `信頼ポリシーには、Effect が 'Allow'、Principal が { Service: '${ECS_TASKS}' }、Action が 'sts:AssumeRole' のステートメントが必要です(UpdateAssumeRolePolicyCommand で変更できます)。`,
  });
});

k.test(`the given revision's task stops with ECS's pull error, and the new revision's task starts: ECS pulls the image as ${ROLE}`, async (solved) => {
  const made = await whatWasMade(solved);
  const old = await runGiven(solved);
  const oldReason = stopReason(old);
  check(old.started && old.task.stopCode === 'TaskFailedToStart' && oldReason.startsWith('CannotPullContainerError'), {
    en: `The given revision ${solved.given.taskDefinitionArn} should still stop with ECS's CannotPullContainerError (it has no execution role), but: ${oldReason || 'it ran'}. Keep the given revision as it is.`,
    ja: `指定されたリビジョン ${solved.given.taskDefinitionArn} は(タスク実行ロールがないので)ECS の CannotPullContainerError で停止するはずですが、結果は次のとおりでした: ${oldReason || '動きました'}。指定されたリビジョンはそのままにしてください。`,
  });
  if (!made.revision) {
    return check(false, {
      en: `The given revision's task stopped: ${oldReason}\nThere is no new revision to run (see the rule 'solve() returns a new kata-app revision …'): ${made.noRevision!.en}`,
      ja: `指定されたリビジョンのタスクは停止しました: ${oldReason}\n実行できる新しいリビジョンがありません(ルール「solve() returns a new kata-app revision …」を参照): ${made.noRevision!.ja}`,
    });
  }
  const revision = made.revision;
  const { run: fresh, calls } = await runNew(solved, revision);
  if (startedOk(fresh)) return;
  const denied = calls.filter((call) => call.explanation && /AccessDenied/.test(call.errorCode ?? '') && (call.service === 'ecr' || call.service === 'logs'));
  const notes = bullets(await whyNotStarted(solved, made, revision, denied, stopReason(fresh)));
  check(false, {
    en:
      `The given revision's task stopped as expected: ${oldReason}\n` +
      `The new revision ${revision.taskDefinitionArn} did not start either: ${stopReason(fresh)}\n${notes.en}`,
    ja:
      `指定されたリビジョンのタスクは想定どおり停止しました: ${oldReason}\n` +
      `新しいリビジョン ${revision.taskDefinitionArn} のタスクも起動しませんでした: ${stopReason(fresh)}\n${notes.ja}`,
  });
});

k.test(`the new revision's task sends its logs to ${LOGS.group} (awslogs): they hold the todo JSON`, async (solved) => {
  const made = await whatWasMade(solved);
  const revision = needRevision(made);
  const { run: fresh } = await runNew(solved, revision);
  check(startedOk(fresh), {
    en: `The new revision's task never started, so it logged nothing (see the rule '… the new revision's task starts …'): ${stopReason(fresh)}`,
    ja: `新しいリビジョンのタスクは起動しなかったので、ログもありません(ルール「… the new revision's task starts …」を参照): ${stopReason(fresh)}`,
  });
  if (fresh.lines.some((line) => line.includes(TODO_TITLE))) return;
  const taskId = fresh.taskArn.split('/').pop();
  const app = (revision.containerDefinitions ?? [])[0];
  const logging = app?.logConfiguration;
  const options = logging?.options ?? {};
  const awslogs = `awslogs-group '${LOGS.group}', awslogs-region '${solved.region}', awslogs-stream-prefix '${LOGS.streamPrefix}'`;
  const expected = `logDriver 'awslogs' with ${awslogs} on the container '${LOGS.container}'`;
  const expectedJa = `コンテナ '${LOGS.container}' の logDriver 'awslogs'(${awslogs})`;
  const what: Bilingual = !logging
    ? {
        en:
          `The container ${app?.name ?? '?'} of ${revision.taskDefinitionArn} has no logConfiguration, so its output went nowhere. The given revision could not have one ` +
          `(Fargate refuses awslogs without an execution role); yours has the role, so add ${expected}.`,
        ja:
          `${revision.taskDefinitionArn} のコンテナ ${app?.name ?? '?'} に logConfiguration がないため、出力はどこにも送られませんでした。指定されたリビジョンには付けられませんでした` +
          `(Fargate はタスク実行ロールのないタスク定義の awslogs を拒否します)が、新しいリビジョンにはロールがあるので、${expectedJa}を設定してください。`,
      }
    : {
        en: `The container ${app?.name} logs with ${logging.logDriver} ${JSON.stringify(options)}, so stream ${LOGS.streamPrefix}/${LOGS.container}/${taskId} in ${LOGS.group} holds no todo. The kata asks for ${expected}.`,
        ja: `コンテナ ${app?.name} のログ設定は ${logging.logDriver} ${JSON.stringify(options)} のため、${LOGS.group} のストリーム ${LOGS.streamPrefix}/${LOGS.container}/${taskId} に todo がありません。このカタで必要なのは ${expectedJa} です。`,
      };
  check(false, what);
});
