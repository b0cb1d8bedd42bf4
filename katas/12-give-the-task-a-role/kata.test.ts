import { BatchDeleteImageCommand, CreateRepositoryCommand, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ListTaskDefinitionsCommand, type Task, type TaskDefinition } from '@aws-sdk/client-ecs';
import { GetPolicyCommand, GetRoleCommand, GetPolicyVersionCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import type { TaskRoleGiven } from 'aws-basics-dojo';
import {
  assumeRoleAsService,
  awaitTaskStop,
  buildKataAppWorld,
  callsOfTask,
  callWithSession,
  check,
  kata,
  KATA_APP_LOGS,
  oncePerSolve,
  readPolicyDocument,
  SAMPLE_TODO,
  type Bilingual,
  type CallOutcome,
  type KataCall,
  type SolvedKata,
  type TaskRun,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<TaskRoleGiven, string>;

const FAMILY = 'kata-app';
const REPOSITORY = 'my-repo';
const OTHER_REPOSITORY = 'other-repo';
const ECS_TASKS = 'ecs-tasks.amazonaws.com';
const OTHERS = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs.amazonaws.com'];

// The digest of the image the setup pushed, by account: what the task's DescribeImages must show.
const pushedDigests = new Map<string, string>();

const k = kata<TaskRoleGiven, string>({
  id: '12-give-the-task-a-role',
  async setup(env) {
    const { given, ecs } = await buildKataAppWorld(env, { executionRole: true });
    pushedDigests.set(env.accountId, ecs.imageDigest);
    // A repository the task has no business reading.
    await env.clients.ecr.send(new CreateRepositoryCommand({ repositoryName: OTHER_REPOSITORY }));
    const { vpcId, subnetId, securityGroupId, cluster, repositoryUri, taskDefinitionArn, logGroupName } = given;
    return { vpcId, subnetId, securityGroupId, cluster, repositoryUri, executionRoleArn: ecs.executionRoleArn, taskDefinitionArn, logGroupName };
  },
});

// ---- the task solve() returned, watched to its end once ----

interface Watched {
  task: Task;
  definition: TaskDefinition;
  run: TaskRun & { started: true };
  /** The AWS calls the task's container made. */
  calls: KataCall[];
  digest: string;
}

type Found = { ok: true; watched: Watched } | { ok: false; why: Bilingual };
const returnedTask = oncePerSolve(watchReturnedTask);

async function watchReturnedTask(solved: Solved): Promise<Found> {
  const { result, clients, given, accountId } = solved;
  if (typeof result !== 'string' || !/^arn:aws:ecs:[^:]+:\d{12}:task\//.test(result)) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${JSON.stringify(result)}, not a task ARN. Return the taskArn that RunTask answered (tasks[0].taskArn, arn:aws:ecs:…:task/${given.cluster}/…).`,
        ja: `solve() の戻り値が ${JSON.stringify(result)} で、タスクの ARN ではありません。RunTask の応答の taskArn(tasks[0].taskArn、arn:aws:ecs:…:task/${given.cluster}/…)を返してください。`,
      },
    };
  }
  const { tasks } = await clients.ecs.send(new DescribeTasksCommand({ cluster: given.cluster, tasks: [result] }));
  const task = tasks?.[0];
  if (!task) {
    return {
      ok: false,
      why: {
        en: `solve() returned ${result}, but cluster ${given.cluster} has no such task (DescribeTasks). Run the task in the given cluster (RunTask cluster: ctx.given.cluster) and return its taskArn.`,
        ja: `solve() は ${result} を返しましたが、クラスター ${given.cluster} にそのタスクはありません(DescribeTasks)。指定のクラスター(RunTask の cluster: ctx.given.cluster)でタスクを実行し、その taskArn を返してください。`,
      },
    };
  }
  const { taskDefinition: definition } = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }));
  if (definition?.family !== FAMILY) {
    return {
      ok: false,
      why: {
        en: `Task ${taskId(result)} ran from ${task.taskDefinitionArn}, of family ${definition?.family}, not ${FAMILY}. The exercise gives the role to kata-app: register a new revision of the family ${FAMILY} (RegisterTaskDefinition family '${FAMILY}') and run that.`,
        ja: `タスク ${taskId(result)} は ${task.taskDefinitionArn}(ファミリー ${definition?.family})から実行されていて、${FAMILY} ではありません。ロールを渡すのは kata-app です。ファミリー ${FAMILY} の新しいリビジョンを登録し(RegisterTaskDefinition の family は '${FAMILY}')、それを実行してください。`,
      },
    };
  }
  const run = await awaitTaskStop(clients, accountId, { cluster: given.cluster, taskArn: result, logs: logsOf(definition) });
  const calls = await callsOfTask(accountId, result);
  return { ok: true, watched: { task: run.task, definition, run, calls, digest: pushedDigests.get(accountId)! } };
}

/** Where the task's container writes its output: its awslogs settings, as the task definition has them. */
function logsOf(definition: TaskDefinition): { group: string; streamPrefix: string; container: string } {
  const container = definition.containerDefinitions?.find((c) => c.logConfiguration?.logDriver === 'awslogs') ?? definition.containerDefinitions?.[0];
  const options = container?.logConfiguration?.options ?? {};
  return {
    group: options['awslogs-group'] ?? KATA_APP_LOGS.group,
    streamPrefix: options['awslogs-stream-prefix'] ?? KATA_APP_LOGS.streamPrefix,
    container: container?.name ?? KATA_APP_LOGS.container,
  };
}

const needTask = (found: Found): Watched => {
  if (found.ok) return found.watched;
  return check(false, {
    en: `There is no task to check (see the rule 'solve() returns …'): ${found.why.en}`,
    ja: `確認できるタスクがありません(ルール「solve() returns …」を参照): ${found.why.ja}`,
  }) as never;
};

// ---- the task role: who can assume it, what it may do ----

const taskId = (arn: string) => arn.split('/').pop()!;
const roleName = (arn: string) => arn.split('/').pop()!;

interface Policy {
  /** 'inline' or the managed policy's ARN. */
  source: string;
  name: string;
  document: string;
}

/** The role's permissions policies, inline and attached, as JSON a learner reads. */
async function policiesOf(solved: Solved, roleArn: string): Promise<Policy[]> {
  const { iam } = solved.clients;
  const RoleName = roleName(roleArn);
  const policies: Policy[] = [];
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName })).catch(() => ({ PolicyNames: [] as string[] }));
  for (const PolicyName of inline.PolicyNames ?? []) {
    const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
    policies.push({ source: 'inline', name: PolicyName, document: readPolicyDocument(PolicyDocument, 'one-line') });
  }
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName })).catch(() => ({ AttachedPolicies: [] }));
  for (const { PolicyArn, PolicyName } of attached.AttachedPolicies ?? []) {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy!.DefaultVersionId }));
    policies.push({ source: PolicyArn!, name: PolicyName!, document: readPolicyDocument(PolicyVersion?.Document, 'one-line') });
  }
  return policies;
}

const policyList = (roleArn: string, policies: Policy[]): Bilingual =>
  policies.length === 0
    ? { en: `Role ${roleName(roleArn)} has no permissions policy (inline or attached).`, ja: `ロール ${roleName(roleArn)} には権限ポリシーがありません(インラインもアタッチ済みも)。` }
    : {
        en: `The permissions policies of role ${roleName(roleArn)}:\n${policies.map((p) => `  - ${p.name} (${p.source === 'inline' ? 'inline' : p.source}): ${p.document}`).join('\n')}`,
        ja: `ロール ${roleName(roleArn)} の権限ポリシー:\n${policies.map((p) => `  - ${p.name}(${p.source === 'inline' ? 'インライン' : p.source}): ${p.document}`).join('\n')}`,
      };

/** The roles of the account other than the given execution role: what the learner created. */
async function createdRoles(solved: Solved): Promise<string[]> {
  const { Roles } = await solved.clients.iam.send(new ListRolesCommand({}));
  return (Roles ?? []).map((role) => role.Arn!).filter((arn) => arn !== solved.given.executionRoleArn && !arn.includes(':role/aws-service-role/'));
}

/** Whether the role's trust policy names the ECS service itself, the usual slip for ecs-tasks. */
async function trustNamesEcsService(solved: Solved, roleArn: string): Promise<boolean> {
  const { Role } = await solved.clients.iam.send(new GetRoleCommand({ RoleName: roleName(roleArn) }));
  return /"ecs\.amazonaws\.com"/.test(readPolicyDocument(Role?.AssumeRolePolicyDocument, 'one-line'));
}

/** The kata-app revisions that name a task role, newest first. */
async function revisionsWithRole(solved: Solved): Promise<TaskDefinition[]> {
  const { ecs } = solved.clients;
  const { taskDefinitionArns } = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: FAMILY, sort: 'DESC' }));
  const found: TaskDefinition[] = [];
  for (const arn of taskDefinitionArns ?? []) {
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    if (taskDefinition?.taskRoleArn) found.push(taskDefinition);
  }
  return found;
}

/** The task's revision names no task role: why, from what the learner did instead. */
async function whyNoTaskRole(solved: Solved, watched: Watched): Promise<Bilingual> {
  const { definition, task } = watched;
  const { given } = solved;
  const ran: Bilingual = {
    en: `Task ${taskId(task.taskArn!)} ran from ${definition.taskDefinitionArn}, which has no task role (no taskRoleArn).\n`,
    ja: `タスク ${taskId(task.taskArn!)} は ${definition.taskDefinitionArn} から実行されましたが、このタスク定義にはタスクロールがありません(taskRoleArn がない)。\n`,
  };
  const consequence: Bilingual = {
    en: `Without a task role, ECS gives the container no AWS credentials at all (see the rule on the task's logs).`,
    ja: `タスクロールがなければ、ECS はコンテナに AWS の認証情報を一切渡しません(タスクのログについてのルールを参照)。`,
  };
  const withRole = (await revisionsWithRole(solved))[0];
  const created = await createdRoles(solved);
  let why: Bilingual;
  if (definition.executionRoleArn && definition.executionRoleArn !== given.executionRoleArn) {
    why = {
      en:
        `Its executionRoleArn is ${definition.executionRoleArn}, in place of the given ${given.executionRoleArn}. The execution role is ECS's own: ECS assumes it to pull the image from ECR and to ship the container's logs, and the container never gets its credentials. ` +
        `The role the container receives is the task role, taskRoleArn. Keep executionRoleArn as revision 1 has it and put your role in taskRoleArn.\n`,
      ja:
        `executionRoleArn が、指定された ${given.executionRoleArn} ではなく ${definition.executionRoleArn} になっています。タスク実行ロールは ECS 自身のロールです。ECS がこれを引き受けて ECR からイメージを取得し、コンテナのログを送ります。コンテナがその認証情報を受け取ることはありません。` +
        `コンテナが受け取るのはタスクロール、つまり taskRoleArn です。executionRoleArn はリビジョン 1 のままにして、作ったロールを taskRoleArn に指定してください。\n`,
    };
  } else if (withRole) {
    why = {
      en:
        `${withRole.taskDefinitionArn} names the task role ${withRole.taskRoleArn}, but the task ran from ${definition.taskDefinitionArn}. RunTask runs exactly the revision it is given: ` +
        `pass the ARN that RegisterTaskDefinition answered (taskDefinition.taskDefinitionArn), or the family name '${FAMILY}', which means its latest ACTIVE revision.\n`,
      ja:
        `${withRole.taskDefinitionArn} はタスクロール ${withRole.taskRoleArn} を指定していますが、タスクは ${definition.taskDefinitionArn} から実行されています。RunTask は渡されたリビジョンをそのまま実行します。` +
        `RegisterTaskDefinition が返した ARN(taskDefinition.taskDefinitionArn)か、最新の ACTIVE なリビジョンを意味するファミリー名 '${FAMILY}' を渡してください。\n`,
    };
  } else if (created.length > 0) {
    why = {
      en: `You created ${created.join(', ')}, but no revision of ${FAMILY} names it. Register a new revision of ${FAMILY} with taskRoleArn set to your role's ARN, and run that revision.\n`,
      ja: `${created.join('、')} を作成していますが、${FAMILY} のどのリビジョンもそれを指定していません。taskRoleArn にそのロールの ARN を指定した ${FAMILY} の新しいリビジョンを登録し、そのリビジョンを実行してください。\n`,
    };
  } else {
    why = {
      en: `Create a role for the task (CreateRole), register a new revision of ${FAMILY} with taskRoleArn set to its ARN (RegisterTaskDefinition), and run that revision.\n`,
      ja: `タスク用のロールを作成し(CreateRole)、taskRoleArn にその ARN を指定した ${FAMILY} の新しいリビジョンを登録して(RegisterTaskDefinition)、そのリビジョンを実行してください。\n`,
    };
  }
  return { en: ran.en + why.en + consequence.en, ja: ran.ja + why.ja + consequence.ja };
}

// ---- what the task logged ----

const digestShown = (watched: Watched) => watched.run.lines.some((line) => line.includes(`imageDigest: '${watched.digest}'`));
/** The task's container itself called DescribeImages, and AWS answered. */
const describedByTask = (watched: Watched) => watched.calls.some((call) => call.operation === 'DescribeImages' && call.status === 200);
const repositoryShown = (watched: Watched) => watched.run.lines.some((line) => line.includes(`repositoryName: '${REPOSITORY}'`));

/**
 * The task's log as a learner needs to read it: the todo and the error, without the SDK's Node
 * version warning, Node's source excerpt of where it threw, stack frames and the error's fields.
 */
function logExcerpt(lines: string[]): string {
  const shown: string[] = [];
  let inWarning = false;
  for (const [index, line] of lines.entries()) {
    if (/^\(node:\d+\) Warning: NodeVersionSupportWarning/.test(line)) inWarning = true;
    if (inWarning) {
      if (/^\(Use `node --trace-warnings/.test(line)) inWarning = false;
      continue;
    }
    const sourceExcerpt = /^\/\S+:\d+$/.test(line) || /^\s*\^+\s*$/.test(line) || /^\/\S+:\d+$/.test(lines[index - 1] ?? '');
    if (sourceExcerpt || /^\s/.test(line) || /^\s*[{}]\s*$/.test(line) || line.trim() === '') continue;
    shown.push(line);
  }
  return shown.length === 0 ? '  (no log lines)' : shown.slice(0, 12).map((line) => `  | ${line}`).join('\n');
}

// ---- the rules ----

k.test(`solve() returns the ARN of a ${FAMILY} task it ran in my-cluster`, async (solved) => {
  const found = await returnedTask(solved);
  check(found.ok, found.ok ? { en: '', ja: '' } : found.why);
});

k.test(`the task has a task role that ECS tasks, and only they, can assume`, async (solved) => {
  const watched = needTask(await returnedTask(solved));
  const { definition, task } = watched;
  const roleArn = definition.taskRoleArn;
  if (!roleArn) return check(false, await whyNoTaskRole(solved, watched));

  const asTasks = await assumeRoleAsService(solved.accountId, roleArn, ECS_TASKS);
  if (!asTasks.allowed) {
    const explanation = asTasks.explanation ?? { en: asTasks.message, ja: asTasks.message };
    // ECS's stop reason ends with the engine's English explanation, which is quoted on its own.
    const ecsSaid = (task.stoppedReason ?? '').replace(explanation.en, '').trim();
    const trustsEcs = await trustNamesEcsService(solved, roleArn);
    return check(false, {
      en:
        `ECS cannot assume the task role ${roleArn}: ECS assumes a task role as the service principal ${ECS_TASKS}, and the role's trust policy does not let it in.\n` +
        `The harness's IAM engine: ${explanation.en}\n` +
        (ecsSaid ? `So ECS stopped task ${taskId(task.taskArn!)} before its container ran: ${ecsSaid}\n` : '') +
        (trustsEcs
          ? `The trust policy names ecs.amazonaws.com: that is the ECS service itself (the principal of ECS's service-linked role), not your task. The containers of a task get their credentials from a role that trusts ${ECS_TASKS}.\n`
          : '') +
        `Give the role a trust policy with Effect 'Allow', Principal { Service: '${ECS_TASKS}' } and Action 'sts:AssumeRole' (UpdateAssumeRolePolicy), then run the task again.`,
      ja:
        `ECS はタスクロール ${roleArn} を引き受けられません。ECS はタスクロールをサービスプリンシパル ${ECS_TASKS} として引き受けますが、ロールの信頼ポリシーがそれを許可していません。\n` +
        `ハーネスの IAM エンジンの説明: ${explanation.ja}\n` +
        (ecsSaid ? `そのため ECS は、コンテナを動かす前にタスク ${taskId(task.taskArn!)} を停止しました: ${ecsSaid}\n` : '') +
        (trustsEcs
          ? `信頼ポリシーが指定しているのは ecs.amazonaws.com です。これは ECS サービスそのもの(ECS のサービスリンクロールのプリンシパル)で、タスクではありません。タスクのコンテナが認証情報を受け取るのは、${ECS_TASKS} を信頼するロールからです。\n`
          : '') +
        `Effect が 'Allow'、Principal が { Service: '${ECS_TASKS}' }、Action が 'sts:AssumeRole' の信頼ポリシーをロールに設定し(UpdateAssumeRolePolicy)、タスクを実行し直してください。`,
    });
  }
  const intruders: string[] = [];
  for (const service of OTHERS) {
    if ((await assumeRoleAsService(solved.accountId, roleArn, service)).allowed) intruders.push(service);
  }
  check(intruders.length === 0, {
    en:
      `Not only ECS tasks can assume the task role ${roleArn}: ${intruders.join(', ')} got a session of it too, and whoever holds a session can do what the role allows. ` +
      `Let the trust policy name ${ECS_TASKS} alone (UpdateAssumeRolePolicy).`,
    ja:
      `タスクロール ${roleArn} を引き受けられるのは ECS タスクだけではありません。${intruders.join('、')} もセッションを得られました。セッションを持つ者は、ロールが許可することを何でもできます。` +
      `信頼ポリシーには ${ECS_TASKS} だけを指定してください(UpdateAssumeRolePolicy)。`,
  });
});

k.test(`the task's logs hold the image details of ${REPOSITORY}, with the digest the setup pushed`, async (solved) => {
  const watched = needTask(await returnedTask(solved));
  // What the sample printed, and that it printed the answer of its own DescribeImages call.
  if (digestShown(watched) && repositoryShown(watched) && describedByTask(watched)) return;
  check(false, await whyNoImageDetails(solved, watched));
});

k.test(`the task role reaches no further than ${REPOSITORY}: not ${OTHER_REPOSITORY}'s images, not deleting images`, async (solved) => {
  const { definition } = needTask(await returnedTask(solved));
  const roleArn = definition.taskRoleArn;
  check(roleArn, {
    en: `The task definition ${definition.taskDefinitionArn} has no task role, so there is nothing to check here (see the rule 'the task has a task role …').`,
    ja: `タスク定義 ${definition.taskDefinitionArn} にタスクロールがないため、ここで確認するものがありません(ルール「the task has a task role …」を参照)。`,
  });
  const session = await assumeRoleAsService(solved.accountId, roleArn, ECS_TASKS);
  check(session.allowed && session.credentials, {
    en: `ECS tasks cannot assume ${roleArn}, so there is no session to check here (see the rule 'the task has a task role …').`,
    ja: `ECS タスクが ${roleArn} を引き受けられないため、ここで確認するセッションがありません(ルール「the task has a task role …」を参照)。`,
  });
  const other = await callWithSession(solved.accountId, session.credentials, (clients) => clients.ecr.send(new DescribeImagesCommand({ repositoryName: OTHER_REPOSITORY })));
  const deletion = await callWithSession(solved.accountId, session.credentials, (clients) =>
    clients.ecr.send(new BatchDeleteImageCommand({ repositoryName: REPOSITORY, imageIds: [{ imageTag: 'kata-probe-no-such-tag' }] })),
  );
  // Any answer but AccessDenied (an empty list, ImageNotFound for the made-up tag) means IAM let the call through.
  const letThrough = (outcome: CallOutcome<unknown>) => outcome.ok || !/AccessDenied/.test(outcome.errorCode);
  const allowed = [
    ...(letThrough(other) ? [{ en: `ecr:DescribeImages on ${OTHER_REPOSITORY}`, ja: `${OTHER_REPOSITORY} に対する ecr:DescribeImages` }] : []),
    ...(letThrough(deletion) ? [{ en: `ecr:BatchDeleteImage on ${REPOSITORY}`, ja: `${REPOSITORY} に対する ecr:BatchDeleteImage` }] : []),
  ];
  if (allowed.length === 0) return;
  const policies = policyList(roleArn, await policiesOf(solved, roleArn));
  check(false, {
    en:
      `The task role ${roleName(roleArn)} allows more than the sample needs: a session of it, as ECS tasks get, could call ${allowed.map((a) => a.en).join(' and ')}.\n` +
      `${policies.en}\n` +
      `The sample calls one action on one repository: allow Action 'ecr:DescribeImages' on Resource ${repositoryArn(solved)}, not on '*' and not 'ecr:*'. Then a task that misbehaves, or whoever takes over its container, can read my-repo's image list and nothing else.`,
    ja:
      `タスクロール ${roleName(roleArn)} はサンプルに必要な範囲を超えて許可しています。ECS タスクが得るのと同じこのロールのセッションで、${allowed.map((a) => a.ja).join('と')}ができました。\n` +
      `${policies.ja}\n` +
      `サンプルが呼ぶのは 1 つのリポジトリに対する 1 つのアクションです。Resource ${repositoryArn(solved)} に対する Action 'ecr:DescribeImages' を許可してください('*' や 'ecr:*' ではなく)。そうすれば、タスクが誤動作しても、コンテナを乗っ取られても、読めるのは my-repo のイメージ一覧だけです。`,
  });
});

const repositoryArn = (solved: Solved) => `arn:aws:ecr:${solved.region}:${solved.accountId}:repository/${REPOSITORY}`;

// ---- why the logs have no image details: a mentor's reading of what happened ----

async function whyNoImageDetails(solved: Solved, watched: Watched): Promise<Bilingual> {
  const { task, definition, run, calls } = watched;
  const id = taskId(task.taskArn!);
  const logs = logExcerpt(run.lines);
  const header: Bilingual = {
    en: `Task ${id} (${definition.taskDefinitionArn}) logged no image details of ${REPOSITORY} with the digest the setup pushed (imageDigest: '${watched.digest}').\n`,
    ja: `タスク ${id}(${definition.taskDefinitionArn})のログに、セットアップがプッシュしたダイジェスト(imageDigest: '${watched.digest}')の ${REPOSITORY} のイメージ詳細がありません。\n`,
  };
  const shown: Bilingual = {
    en: `What the task logged (${logsOf(definition).group}, stream ${logsOf(definition).streamPrefix}/${logsOf(definition).container}/${id}; an excerpt):\n${logs}\n`,
    ja: `タスクのログ(${logsOf(definition).group}、ストリーム ${logsOf(definition).streamPrefix}/${logsOf(definition).container}/${id}。抜粋):\n${logs}\n`,
  };
  const join = (...parts: Bilingual[]): Bilingual => ({ en: parts.map((p) => p.en).join(''), ja: parts.map((p) => p.ja).join('') });

  if (task.stopCode === 'TaskFailedToStart') return join(header, await whyNotStarted(solved, watched));

  const describeCalls = calls.filter((call) => call.operation === 'DescribeImages');
  const denied = describeCalls.find((call) => call.errorCode);
  const roleArn = definition.taskRoleArn;

  if (!roleArn && run.lines.some((line) => line.includes('Could not load credentials'))) {
    return join(header, shown, noCredentials(solved, watched, (await revisionsWithRole(solved))[0]));
  }
  if (denied && roleArn) {
    const policies = policyList(roleArn, await policiesOf(solved, roleArn));
    const explanation = denied.explanation ?? { en: `${denied.errorCode}`, ja: `${denied.errorCode}` };
    return join(
      header,
      shown,
      {
        en:
          `The task had its role and called DescribeImages as a session of ${roleName(roleArn)}, but IAM denied the call (${denied.errorCode}).\n` +
          `The harness's IAM engine: ${explanation.en}\n${policies.en}\n` +
          `The role needs an Allow statement with Action 'ecr:DescribeImages' and Resource ${repositoryArn(solved)}: the repository the sample reads, in this account and region (PutRolePolicy, or CreatePolicy then AttachRolePolicy).\n`,
        ja:
          `タスクはロールを持ち、${roleName(roleArn)} のセッションとして DescribeImages を呼びましたが、IAM が拒否しました(${denied.errorCode})。\n` +
          `ハーネスの IAM エンジンの説明: ${explanation.ja}\n${policies.ja}\n` +
          `ロールには、Action が 'ecr:DescribeImages'、Resource が ${repositoryArn(solved)}(サンプルが読むリポジトリ、このアカウントとリージョンのもの)の Allow ステートメントが必要です(PutRolePolicy、または CreatePolicy のあと AttachRolePolicy)。\n`,
      },
    );
  }
  if (describeCalls.length > 0 && !denied) {
    const listed = run.lines.flatMap((line) => [...line.matchAll(/imageDigest: '([^']+)'/g)].map((match) => match[1]));
    const digests = listed.length > 0 ? listed.join(', ') : '(none)';
    return join(
      header,
      shown,
      {
        en: `Its DescribeImages call succeeded, but the digests it logged (${digests}) are not the one the setup pushed to ${REPOSITORY}. Keep ${REPOSITORY} and its image latest as the setup made them, and run the sample image unchanged.\n`,
        ja: `DescribeImages の呼び出しは成功しましたが、ログに出たダイジェスト(${digests})はセットアップが ${REPOSITORY} にプッシュしたものではありません。${REPOSITORY} とイメージ latest はセットアップが作ったままにし、サンプルのイメージを変えずに実行してください。\n`,
      },
    );
  }
  return join(
    header,
    shown,
    {
      en: `The task ran (${task.stoppedReason ?? task.lastStatus}), but no DescribeImages call of it reached AWS. Run the kata-app image unchanged (no command override), so it fetches its todo and then calls DescribeImages on ${REPOSITORY}.\n`,
      ja: `タスクは動きました(${task.stoppedReason ?? task.lastStatus})が、DescribeImages の呼び出しが AWS に届いていません。kata-app のイメージを変更せずに(command を上書きせずに)実行してください。サンプルは todo を取得したあと、${REPOSITORY} に対して DescribeImages を呼びます。\n`,
    },
  );
}

/** The article's situation: the container ran with no task role, so its SDK found no credentials. */
function noCredentials(solved: Solved, watched: Watched, withRole: TaskDefinition | undefined): Bilingual {
  const { definition } = watched;
  const fetched = watched.run.lines.some((line) => line.includes(SAMPLE_TODO.title));
  return {
    en:
      (fetched ? `The sample fetched its todo, then its DescribeImages call failed before it was sent: the SDK in the container found no credentials to sign it with.\n` : `The sample's DescribeImages call failed before it was sent: the SDK in the container found no credentials to sign it with.\n`) +
      `ECS gives a container credentials through the task role only. When the task definition has a taskRoleArn, ECS assumes that role for the task (as ${ECS_TASKS}) and sets AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in the container's environment; ` +
      `the SDK's default credential provider chain reads it and fetches the role's temporary credentials from the credentials endpoint (169.254.170.2; here the harness's endpoint, given as AWS_CONTAINER_CREDENTIALS_FULL_URI). ` +
      `${definition.taskDefinitionArn} has no taskRoleArn, so the variable is not set, and the rest of the chain finds nothing (no access key in the environment, no ~/.aws, no instance metadata on Fargate): "Could not load credentials from any providers".\n` +
      `The execution role ${roleName(definition.executionRoleArn ?? solved.given.executionRoleArn)} does not help: ECS uses it itself to pull the image and ship these logs; the container never receives it.\n` +
      (withRole
        ? `${withRole.taskDefinitionArn} does name a task role (${withRole.taskRoleArn}), but this task ran from ${definition.taskDefinitionArn}: run the revision that has the role.\n`
        : `This is the article's exercise: create a role ECS tasks can assume (trust policy: Principal { Service: '${ECS_TASKS}' }, Action 'sts:AssumeRole'), allow it 'ecr:DescribeImages' on ${repositoryArn(solved)}, ` +
          `register a new revision of ${FAMILY} with taskRoleArn set to the role's ARN, and run that revision.\n`),
    ja:
      (fetched ? `サンプルは todo を取得しましたが、その後の DescribeImages の呼び出しは送信前に失敗しました。コンテナ内の SDK が、リクエストに署名するための認証情報を見つけられなかったためです。\n` : `サンプルの DescribeImages の呼び出しは送信前に失敗しました。コンテナ内の SDK が、リクエストに署名するための認証情報を見つけられなかったためです。\n`) +
      `ECS がコンテナに認証情報を渡す方法は、タスクロールだけです。タスク定義に taskRoleArn があると、ECS はタスクのためにそのロールを(${ECS_TASKS} として)引き受け、コンテナの環境変数に AWS_CONTAINER_CREDENTIALS_RELATIVE_URI を設定します。` +
      `SDK のデフォルトの認証情報プロバイダーチェーンがこれを読み、認証情報エンドポイント(169.254.170.2。ここではハーネスのエンドポイントで、AWS_CONTAINER_CREDENTIALS_FULL_URI として渡されます)からロールの一時的な認証情報を取得します。` +
      `${definition.taskDefinitionArn} には taskRoleArn がないため、この変数は設定されず、チェーンの残り(環境変数のアクセスキー、~/.aws、Fargate にはないインスタンスメタデータ)も何も見つけられません。それが「Could not load credentials from any providers」です。\n` +
      `タスク実行ロール ${roleName(definition.executionRoleArn ?? solved.given.executionRoleArn)} は役に立ちません。ECS 自身がイメージの取得とこのログの送信に使うもので、コンテナには渡されません。\n` +
      (withRole
        ? `${withRole.taskDefinitionArn} はタスクロール(${withRole.taskRoleArn})を指定していますが、このタスクは ${definition.taskDefinitionArn} から実行されています。ロールのあるリビジョンを実行してください。\n`
        : `これが記事の演習です。ECS タスクが引き受けられるロール(信頼ポリシー: Principal { Service: '${ECS_TASKS}' }、Action 'sts:AssumeRole')を作り、${repositoryArn(solved)} に対する 'ecr:DescribeImages' を許可し、` +
          `taskRoleArn にそのロールの ARN を指定した ${FAMILY} の新しいリビジョンを登録して、そのリビジョンを実行してください。\n`),
  };
}

/** ECS stopped the task before its container ran: a task role ECS cannot assume, an execution role that cannot pull, no way out. */
async function whyNotStarted(solved: Solved, watched: Watched): Promise<Bilingual> {
  const { task, definition, run } = watched;
  const reason = task.stoppedReason ?? '';
  const stopped: Bilingual = {
    en: `ECS stopped the task before its container ran: ${reason}\n`,
    ja: `ECS はコンテナを動かす前にタスクを停止しました: ${reason}\n`,
  };
  if (definition.taskRoleArn && reason.includes(`unable to assume the role '${definition.taskRoleArn}'`)) {
    const outcome = await assumeRoleAsService(solved.accountId, definition.taskRoleArn, ECS_TASKS);
    // The reason ends with the IAM engine's explanation, which the rule on the task role quotes.
    const ecsSaid = outcome.allowed || !outcome.explanation ? reason : reason.replace(outcome.explanation.en, '').trim();
    return {
      en: `ECS stopped the task before its container ran: ${ecsSaid}\nThe task role's trust policy does not let ${ECS_TASKS} in, and that is who assumes a task role for ECS. The rule 'the task has a task role …' quotes the IAM engine on it.\n`,
      ja: `ECS はコンテナを動かす前にタスクを停止しました: ${ecsSaid}\nタスクロールの信頼ポリシーが ${ECS_TASKS} を許可していません。ECS のためにタスクロールを引き受けるのは ${ECS_TASKS} です。IAM エンジンの説明はルール「the task has a task role …」にあります。\n`,
    };
  }
  const executionChanged = definition.executionRoleArn !== solved.given.executionRoleArn;
  if (reason.startsWith('CannotPullContainerError') && executionChanged) {
    return {
      en:
        `${stopped.en}The task definition's executionRoleArn is ${definition.executionRoleArn ?? '(not set)'}, not the given ${solved.given.executionRoleArn}. ` +
        `ECS pulls the image from ECR as the execution role, and that role needs the pull permissions of AmazonECSTaskExecutionRolePolicy; it is not the role your container receives. ` +
        `Keep executionRoleArn as revision 1 has it, and give your role as taskRoleArn.\n`,
      ja:
        `${stopped.ja}タスク定義の executionRoleArn が、指定された ${solved.given.executionRoleArn} ではなく ${definition.executionRoleArn ?? '(未設定)'} です。` +
        `ECS は ECR からのイメージの取得をタスク実行ロールとして行うため、このロールには AmazonECSTaskExecutionRolePolicy の取得権限が必要です。コンテナが受け取るロールではありません。` +
        `executionRoleArn はリビジョン 1 のままにして、作ったロールは taskRoleArn に指定してください。\n`,
    };
  }
  const blocked = (run.network?.destinations ?? []).filter((d) => d.kind === 'aws-service' && !d.reachable);
  if (blocked.length > 0) {
    // One line per distinct explanation (the endpoints are usually refused for the same reason).
    const byExplanation = new Map<string, { names: string[]; explanation: Bilingual }>();
    for (const d of blocked) {
      const entry = byExplanation.get(d.explanation.en) ?? { names: [], explanation: d.explanation };
      entry.names.push(d.name);
      byExplanation.set(d.explanation.en, entry);
    }
    const lines = [...byExplanation.values()];
    // ECS's reason quotes the model in English; the lines below give it in the learner's language.
    const ecsSaid = lines.reduce((text, l) => text.replace(` (${l.explanation.en})`, ''), reason);
    const stoppedShort: Bilingual = {
      en: `ECS stopped the task before its container ran: ${ecsSaid}\n`,
      ja: `ECS はコンテナを動かす前にタスクを停止しました: ${ecsSaid}\n`,
    };
    return {
      en:
        `${stoppedShort.en}ECS pulls the image and ships logs from the task's own network interface, and the harness's model of the VPC found no way to AWS's endpoints from there:\n` +
        `${lines.map((l) => `- ${l.names.join(', ')}: ${l.explanation.en}`).join('\n')}\n` +
        `The given subnet is public: run the task there with the given security group and a public IP (awsvpcConfiguration subnets [ctx.given.subnetId], securityGroups [ctx.given.securityGroupId], assignPublicIp 'ENABLED').\n`,
      ja:
        `${stoppedShort.ja}ECS はイメージの取得とログの送信をタスク自身のネットワークインターフェイスから行いますが、ハーネスの VPC のモデルでは、そこから AWS のエンドポイントに届きません:\n` +
        `${lines.map((l) => `- ${l.names.join('、')}: ${l.explanation.ja}`).join('\n')}\n` +
        `指定のサブネットはパブリックです。指定のセキュリティグループとパブリック IP を付けてそこで実行してください(awsvpcConfiguration の subnets [ctx.given.subnetId]、securityGroups [ctx.given.securityGroupId]、assignPublicIp 'ENABLED')。\n`,
    };
  }
  return {
    en: `${stopped.en}Keep revision 1's settings (image, execution role, logs) in your revision, add only taskRoleArn, and run it in the given subnet with a public IP.\n`,
    ja: `${stopped.ja}新しいリビジョンではリビジョン 1 の設定(イメージ、タスク実行ロール、ログ)をそのままにして taskRoleArn だけを加え、指定のサブネットでパブリック IP を付けて実行してください。\n`,
  };
}
