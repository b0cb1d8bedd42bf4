import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServicesCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import type { ServiceGiven } from 'aws-basics-dojo';
import {
  accountClusters,
  buildKataAppWorld,
  check,
  kata,
  KATA_APP_LOGS,
  oncePerSolve,
  SAMPLE_TODO,
  stopEverythingRunning,
  taskNetworkReport,
  tasksNotStopped,
  type Bilingual,
  type SolvedKata,
  type TaskNetworkReport,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<ServiceGiven, string>;

const SERVICE = 'kata-svc';
const DESIRED = 2;
const LOGS = KATA_APP_LOGS;
const { host: TODO_HOST, title: TODO_TITLE } = SAMPLE_TODO;
/** How long the test watches the service for its first tasks to exit and be replaced. */
const WATCH_MS = 30_000;
/** How long scaling to 0 may take to stop the service's tasks. */
const SCALE_DOWN_MS = 15_000;
const POLL_MS = 150;

// Every account a run of this file set up: whatever the solution left running is stopped at the end.
const accounts: string[] = [];
afterAll(async () => {
  await Promise.all(accounts.map((accountId) => stopEverythingRunning(accountId)));
}, 60_000);

const k = kata<ServiceGiven, string>({
  id: '15-service',
  async setup(env) {
    accounts.push(env.accountId);
    // A public subnet: the main route table sends 0.0.0.0/0 to the attached internet gateway.
    const { given } = await buildKataAppWorld(env, { executionRole: true });
    const { vpcId, subnetId, securityGroupId, internetGatewayId, cluster, taskDefinitionArn, logGroupName } = given;
    return { vpcId, subnetId, securityGroupId, internetGatewayId, cluster, taskDefinitionArn, logGroupName };
  },
});

// ---- watching kata-svc once: its first tasks, their exits, the replacements ----

interface ServiceTask {
  task: Task;
  /** The container's log lines (empty when the task stopped before its logs started). */
  lines: string[];
}

type Watch =
  | { found: false; elsewhere: { cluster: string; service: string }[] }
  | {
      found: true;
      /** DescribeServices at the end of the watch. */
      service: Service;
      /** Its events, oldest first. */
      events: string[];
      /** The task ids of each "has started N tasks" event, oldest first. */
      starts: string[][];
      /** Every task of the service the agent knows, by task id. */
      tasks: Map<string, ServiceTask>;
    };

/** The one watch of kata-svc every rule reads. */
const watchService = oncePerSolve(observe);

const taskId = (arn: string) => arn.split('/').pop()!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STARTED = /^\(service [^)]+\) has started \d+ tasks: (.*)\.$/;
const PROBLEM = /failed to launch a task|was unable to place a task|is unable to consistently start tasks/;

function startsOf(events: string[]): string[][] {
  return events.flatMap((message) => {
    const match = STARTED.exec(message);
    return match ? [[...match[1].matchAll(/\(task (\w+)\)/g)].map((m) => m[1])] : [];
  });
}

async function describeService({ clients, given }: Solved): Promise<Service | undefined> {
  const { services } = await clients.ecs.send(new DescribeServicesCommand({ cluster: given.cluster, services: [SERVICE] }));
  return services?.find((service) => service.serviceName === SERVICE);
}

async function serviceTasks({ clients, given }: Solved): Promise<Task[]> {
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    const { taskArns } = await clients.ecs.send(new ListTasksCommand({ cluster: given.cluster, serviceName: SERVICE, desiredStatus }));
    arns.push(...(taskArns ?? []));
  }
  if (arns.length === 0) return [];
  const { tasks } = await clients.ecs.send(new DescribeTasksCommand({ cluster: given.cluster, tasks: arns }));
  return tasks ?? [];
}

/** The services of every cluster of the account, for when kata-svc is not where it should be. */
async function allServices({ clients }: Solved): Promise<{ cluster: string; service: string }[]> {
  const found: { cluster: string; service: string }[] = [];
  for (const cluster of await accountClusters(clients.ecs)) {
    const { serviceArns } = await clients.ecs.send(new ListServicesCommand({ cluster }));
    for (const arn of serviceArns ?? []) found.push({ cluster: cluster.split('/').pop()!, service: arn.split('/').pop()! });
  }
  return found;
}

/**
 * Watches kata-svc until its first tasks have stopped and a later "has started" event shows the
 * scheduler replacing them, until it only reports problems, or for WATCH_MS at most.
 */
async function observe(solved: Solved): Promise<Watch> {
  const deadline = Date.now() + WATCH_MS;
  let service = await describeService(solved);
  if (!service) return { found: false, elsewhere: await allServices(solved) };
  for (;;) {
    const events = (service.events ?? []).map((event) => event.message ?? '').reverse();
    const starts = startsOf(events);
    const tasks = await serviceTasks(solved);
    const stopped = new Set(tasks.filter((task) => task.lastStatus === 'STOPPED').map((task) => taskId(task.taskArn!)));
    const firstOnesStopped = starts.length > 0 && starts[0].every((id) => stopped.has(id));
    const replaced = firstOnesStopped && starts.length > 1;
    const onlyProblems = starts.length === 0 && events.some((message) => PROBLEM.test(message));
    if (replaced || onlyProblems || Date.now() > deadline) {
      return { found: true, service, events, starts, tasks: await withLogs(solved, tasks) };
    }
    await sleep(POLL_MS);
    service = (await describeService(solved)) ?? service;
  }
}

async function withLogs({ clients }: Solved, tasks: Task[]): Promise<Map<string, ServiceTask>> {
  const found = new Map<string, ServiceTask>();
  for (const task of tasks) {
    const id = taskId(task.taskArn!);
    let lines: string[] = [];
    try {
      const { events } = await clients.logs.send(
        new GetLogEventsCommand({ logGroupName: LOGS.group, logStreamName: `${LOGS.streamPrefix}/${LOGS.container}/${id}`, startFromHead: true }),
      );
      lines = (events ?? []).map((event) => event.message ?? '');
    } catch {
      lines = [];
    }
    found.set(id, { task, lines });
  }
  return found;
}

const needService = (watch: Watch): Watch & { found: true } => {
  if (watch.found) return watch;
  return check(false, {
    en: `There is no service ${SERVICE} to check (see the rule '${SERVICE} is a service …').`,
    ja: `確認できるサービス ${SERVICE} がありません(ルール「${SERVICE} is a service …」を参照)。`,
  }) as never;
};

// ---- the learner's messages ----

const eventList = (events: string[]): string =>
  events.length === 0 ? '  (no events)' : events.slice(-12).map((message) => `  | ${message}`).join('\n');

const eventsBlock = (watch: Watch & { found: true }): Bilingual => ({
  en: `The events of ${SERVICE} (DescribeServices, oldest first):\n${eventList(watch.events)}`,
  ja: `${SERVICE} のイベント(DescribeServices、古い順):\n${eventList(watch.events)}`,
});

const logExcerpt = (lines: string[]): string => {
  const shown = lines.filter((line) => !/^\s*at /.test(line)).slice(0, 8);
  return shown.length === 0 ? '    (no log lines)' : shown.map((line) => `    | ${line}`).join('\n');
};

const launchTypeOf = (service: Service): string =>
  service.launchType ?? (service.capacityProviderStrategy?.map((item) => item.capacityProvider).join(', ') || '(none)');

/** The service's network, as CreateService was given it. */
function networkOf(service: Service): Bilingual {
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  if (!awsvpc) return { en: 'no networkConfiguration', ja: 'networkConfiguration なし' };
  const text = `subnets ${JSON.stringify(awsvpc.subnets ?? [])}, securityGroups ${JSON.stringify(awsvpc.securityGroups ?? [])}, assignPublicIp ${awsvpc.assignPublicIp ?? '(not set: DISABLED)'}`;
  return { en: text, ja: text };
}

/** Why a task of the service never ran: ECS's stop reason and, for the network, the model's words (each once). */
async function whyNotRun(solved: Solved, task: Task): Promise<Bilingual> {
  const report: TaskNetworkReport | undefined = await taskNetworkReport(solved.accountId, task.taskArn!);
  const blocked = (report?.destinations ?? []).filter((d) => !d.reachable && (/^(api\.ecr|dkr\.ecr|s3|logs)\./.test(d.name) || d.name === TODO_HOST));
  const byExplanation = new Map<string, { names: string[]; explanation: Bilingual }>();
  for (const d of blocked) {
    const entry = byExplanation.get(d.explanation.en) ?? { names: [], explanation: d.explanation };
    entry.names.push(d.name);
    byExplanation.set(d.explanation.en, entry);
  }
  const hops = [...byExplanation.values()].map(({ names, explanation }) => ({
    en: `    - ${names.join(', ')}: ${explanation.en}`,
    ja: `    - ${names.join('、')}: ${explanation.ja}`,
  }));
  const reason = (task.stoppedReason ?? '').replace(/ \(.*\)$/s, '');
  return {
    en: `stopped before it ran: ${reason}` + (hops.length > 0 ? `\n    What its VPC does not let it reach:\n${hops.map((h) => h.en).join('\n')}` : ''),
    ja: `動く前に停止しました: ${reason}` + (hops.length > 0 ? `\n    VPC が到達させない宛先:\n${hops.map((h) => h.ja).join('\n')}` : ''),
  };
}

/** Notes about tasks, the same note for several tasks said once. */
class TaskNotes {
  private readonly notes = new Map<string, { ids: string[]; text: Bilingual }>();

  add(id: string, text: Bilingual): void {
    const note = this.notes.get(text.en) ?? { ids: [], text };
    note.ids.push(id);
    this.notes.set(text.en, note);
  }

  get size(): number {
    return this.notes.size;
  }

  render(): Bilingual {
    const all = [...this.notes.values()];
    return {
      en: all.map(({ ids, text }) => `  - task ${ids.join(' and ')}: ${text.en}`).join('\n'),
      ja: all.map(({ ids, text }) => `  - タスク ${ids.join('、')}: ${text.ja}`).join('\n'),
    };
  }
}

const onFargate = (service: Service) =>
  service.launchType === 'FARGATE' || (service.capacityProviderStrategy ?? []).some((item) => /^FARGATE/.test(item.capacityProvider ?? ''));

/** What in the service's definition keeps ECS from launching its tasks. */
function whyNoLaunch({ given }: Solved, service: Service): Bilingual {
  if (!onFargate(service)) {
    const how = service.launchType ? `launchType ${service.launchType}` : 'no launchType (and no FARGATE capacity provider)';
    const howJa = service.launchType ? `launchType ${service.launchType}` : 'launchType なし(FARGATE のキャパシティプロバイダーもなし)';
    return {
      en:
        ` The service has ${how}: ECS then places its tasks on EC2 container instances registered in the cluster, and ${given.cluster} has none ` +
        `(the task definition is for Fargate, where AWS runs each task and there is no instance to register). ` +
        `Create the service with launchType 'FARGATE' (or capacityProviderStrategy [{ capacityProvider: 'FARGATE' }]).`,
      ja:
        ` サービスは ${howJa} です。この場合 ECS はクラスターに登録された EC2 のコンテナインスタンスにタスクを配置しますが、${given.cluster} にはありません` +
        `(タスク定義は Fargate 用です。Fargate では AWS が各タスクを動かすので、登録するインスタンスはありません)。` +
        `launchType 'FARGATE'(または capacityProviderStrategy [{ capacityProvider: 'FARGATE' }])でサービスを作成してください。`,
    };
  }
  return { en: ` It runs with launch type ${launchTypeOf(service)} and ${networkOf(service).en}.`, ja: ` 起動タイプは ${launchTypeOf(service)}、ネットワークは ${networkOf(service).ja} です。` };
}

// ---- the rules ----

k.test(`${SERVICE} is a service of the given cluster, and solve() returns its ARN`, async (solved) => {
  const watch = await watchService(solved);
  if (!watch.found) {
    const ranTasks = solved.calls.some((call) => call.service === 'ecs' && call.operation === 'RunTask' && !call.taskId);
    const others = watch.elsewhere.map((s) => `${s.service} (cluster ${s.cluster})`).join(', ');
    return check(false, {
      en:
        `DescribeServices finds no service ${SERVICE} in cluster ${solved.given.cluster}.` +
        (others ? ` The account's services: ${others}. The test looks for the service by its name: serviceName '${SERVICE}', in cluster ctx.given.cluster.` : '') +
        (ranTasks
          ? ` Your solve() called RunTask: RunTask starts tasks once, and when the one-shot sample exits nobody starts it again. ` +
            `A service (CreateService) keeps desiredCount tasks running and replaces the ones that stop.`
          : ` Create it with CreateServiceCommand (cluster, serviceName '${SERVICE}', taskDefinition, desiredCount, launchType, networkConfiguration).`),
      ja:
        `DescribeServices で、クラスター ${solved.given.cluster} にサービス ${SERVICE} が見つかりません。` +
        (others ? `アカウントにあるサービス: ${others}。テストはサービスを名前で探します。クラスター ctx.given.cluster に serviceName '${SERVICE}' で作ってください。` : '') +
        (ranTasks
          ? `solve() は RunTask を呼んでいます。RunTask はタスクを 1 回起動するだけで、1 回で終わるサンプルが終了しても、誰も起動し直しません。` +
            `desiredCount の数のタスクを動かし続け、停止したタスクを置き換えるのはサービス(CreateService)です。`
          : `CreateServiceCommand(cluster、serviceName '${SERVICE}'、taskDefinition、desiredCount、launchType、networkConfiguration)で作成してください。`),
    });
  }
  const arn = watch.service.serviceArn!;
  check(watch.service.status === 'ACTIVE', {
    en: `${SERVICE} is ${watch.service.status}, not ACTIVE: it was deleted, and a deleted service runs no task. Create it and leave it running; the test scales it to 0 and deletes it itself.`,
    ja: `${SERVICE} の状態が ACTIVE ではなく ${watch.service.status} です。削除されたサービスはタスクを動かしません。作成したら動かしたままにしてください。0 へのスケールと削除はテストが行います。`,
  });
  check(solved.result === arn, {
    en: `solve() returned ${JSON.stringify(solved.result)}, not the ARN of ${SERVICE} (${arn}). Return service.serviceArn from CreateService's answer.`,
    ja: `solve() の戻り値が ${JSON.stringify(solved.result)} で、${SERVICE} の ARN(${arn})ではありません。CreateService の応答の service.serviceArn を返してください。`,
  });
});

k.test(`${SERVICE} starts ${DESIRED} tasks of the given task definition on Fargate, and each fetches the todo from ${TODO_HOST}`, async (solved) => {
  const watch = needService(await watchService(solved));
  const { service } = watch;
  check(service.desiredCount === DESIRED, {
    en: `${SERVICE} has desiredCount ${service.desiredCount}; the kata asks for ${DESIRED} tasks running at once. Set desiredCount: ${DESIRED} (CreateService, or UpdateService afterwards).\n${eventsBlock(watch).en}`,
    ja: `${SERVICE} の desiredCount が ${service.desiredCount} です。このカタでは同時に ${DESIRED} つのタスクを動かします。desiredCount を ${DESIRED} にしてください(CreateService、または後から UpdateService)。\n${eventsBlock(watch).ja}`,
  });
  const first = watch.starts.flat().slice(0, DESIRED);
  if (first.length < DESIRED) {
    const problems = watch.events.some((message) => PROBLEM.test(message));
    const cause = problems ? whyNoLaunch(solved, service) : { en: '', ja: '' };
    return check(false, {
      en: `${SERVICE} has started ${first.length} task(s), not ${DESIRED}${problems ? ': ECS could not launch them.' : ` within ${WATCH_MS / 1000} s.`}${cause.en}\n${eventsBlock(watch).en}`,
      ja: `${SERVICE} が起動したタスクは ${first.length} 個で、${DESIRED} 個ではありません${problems ? '。ECS がタスクを起動できませんでした。' : `(${WATCH_MS / 1000} 秒待ちました)。`}${cause.ja}\n${eventsBlock(watch).ja}`,
    });
  }
  const given = solved.given.taskDefinitionArn;
  const notes = new TaskNotes();
  for (const id of first) {
    const found = watch.tasks.get(id);
    if (!found) {
      notes.add(id, { en: 'the agent does not know it', ja: 'エージェントが知らないタスクです' });
      continue;
    }
    const { task, lines } = found;
    if (task.taskDefinitionArn !== given) {
      notes.add(id, {
        en: `it runs ${task.taskDefinitionArn}, not the given task definition ${given}`,
        ja: `実行しているのは ${task.taskDefinitionArn} で、指定されたタスク定義 ${given} ではありません`,
      });
    } else if (!task.startedAt) {
      notes.add(id, task.lastStatus === 'STOPPED' ? await whyNotRun(solved, task) : { en: `still ${task.lastStatus}`, ja: `まだ ${task.lastStatus} です` });
    } else if (task.lastStatus !== 'STOPPED') {
      notes.add(id, { en: `still running after ${WATCH_MS / 1000} s`, ja: `${WATCH_MS / 1000} 秒たっても動いています` });
    } else if (!lines.some((line) => line.includes(TODO_TITLE))) {
      notes.add(id, {
        en: `it ran, but its log (${LOGS.group}) has no todo (title '${TODO_TITLE}'):\n${logExcerpt(lines)}`,
        ja: `動きましたが、ログ(${LOGS.group})に todo(title '${TODO_TITLE}')がありません:\n${logExcerpt(lines)}`,
      });
    }
  }
  const listed = notes.render();
  check(notes.size === 0, {
    en:
      `${SERVICE} started ${first.join(' and ')}, but not as tasks that fetch the todo:\n${listed.en}\n` +
      `The service runs them with launch type ${launchTypeOf(service)} and ${networkOf(service).en}.\n${eventsBlock(watch).en}`,
    ja:
      `${SERVICE} は ${first.join(' と ')} を起動しましたが、todo を取得するタスクになっていません:\n${listed.ja}\n` +
      `サービスの起動タイプは ${launchTypeOf(service)}、ネットワークは ${networkOf(service).ja} です。\n${eventsBlock(watch).ja}`,
  });
});

k.test(`when the one-shot sample exits, ${SERVICE} starts replacements (its events say so)`, async (solved) => {
  const watch = needService(await watchService(solved));
  const [first = [], ...later] = watch.starts;
  const exited = first.map((id) => watch.tasks.get(id)?.task).filter((task): task is Task => task?.stopCode === 'EssentialContainerExited');
  check(first.length > 0, {
    en: `${SERVICE} has started no task, so there is nothing to replace; see the rule '${SERVICE} starts ${DESIRED} tasks …'.\n${eventsBlock(watch).en}`,
    ja: `${SERVICE} がタスクを 1 つも起動していないため、置き換えるものがありません。ルール「${SERVICE} starts ${DESIRED} tasks …」を参照してください。\n${eventsBlock(watch).ja}`,
  });
  check(exited.length === first.length, {
    en:
      `The first tasks of ${SERVICE} (${first.join(', ')}) did not all run and then exit on their own (stopCode EssentialContainerExited), ` +
      `so the test has not seen the sample exit; see the rule '${SERVICE} starts ${DESIRED} tasks …'.\n${eventsBlock(watch).en}`,
    ja:
      `${SERVICE} の最初のタスク(${first.join('、')})が、すべて動いてから自分で終了した(stopCode EssentialContainerExited)わけではないため、` +
      `サンプルが終了したところをテストは確認できていません。ルール「${SERVICE} starts ${DESIRED} tasks …」を参照してください。\n${eventsBlock(watch).ja}`,
  });
  const replacements = later.flat().filter((id) => !first.includes(id));
  check(replacements.length > 0, {
    en:
      `The first tasks of ${SERVICE} exited (${exited.map((t) => `${taskId(t.taskArn!)}: ${t.stoppedReason}`).join('; ')}), ` +
      `but no later "has started" event shows the service replacing them within ${WATCH_MS / 1000} s.\n${eventsBlock(watch).en}`,
    ja:
      `${SERVICE} の最初のタスクは終了しました(${exited.map((t) => `${taskId(t.taskArn!)}: ${t.stoppedReason}`).join('、')})が、` +
      `${WATCH_MS / 1000} 秒以内に、サービスがそれを置き換えたことを示す "has started" のイベントがありません。\n${eventsBlock(watch).ja}`,
  });
});

/** The account's tasks that are not STOPPED (after waiting until `deadline` for them to stop), and its services. */
async function leftRunning(solved: Solved, deadline: number): Promise<{ running: Task[]; services: { cluster: string; service: string }[] }> {
  const clusters = await accountClusters(solved.clients.ecs);
  let running = await tasksNotStopped(solved.clients.ecs, clusters);
  while (running.length > 0 && Date.now() < deadline) {
    await sleep(POLL_MS);
    running = await tasksNotStopped(solved.clients.ecs, clusters);
  }
  return { running, services: await allServices(solved) };
}

const runningList = (running: Task[]) => running.map((task) => `  - ${taskId(task.taskArn!)} (${task.group}, ${task.lastStatus})`).join('\n');

k.test(`scaled to 0 and deleted, ${SERVICE} leaves nothing of the account running`, async (solved) => {
  const watch = await watchService(solved);
  const { clients, given } = solved;
  if (!watch.found) {
    const { running, services } = await leftRunning(solved, Date.now());
    const others = services.map((s) => `${s.service} (cluster ${s.cluster})`).join(', ');
    return check(false, {
      en:
        `There is no service ${SERVICE} to scale to 0 and delete (see the rule '${SERVICE} is a service …').` +
        (running.length > 0 ? ` Meanwhile ${running.length} task(s) of the account run:\n${runningList(running)}` : '') +
        (others ? `\nThe account's services, which keep their tasks running until they are scaled to 0: ${others}.` : ''),
      ja:
        `0 にスケールして削除するサービス ${SERVICE} がありません(ルール「${SERVICE} is a service …」を参照)。` +
        (running.length > 0 ? `その間もアカウントのタスクが ${running.length} 個動いています:\n${runningList(running)}` : '') +
        (others ? `\nアカウントのサービス(0 にスケールされるまでタスクを動かし続けます): ${others}。` : ''),
    });
  }
  const service = watch.service.serviceArn!;
  const deadline = Date.now() + SCALE_DOWN_MS;
  try {
    await clients.ecs.send(new UpdateServiceCommand({ cluster: given.cluster, service, desiredCount: 0 }));
    while ((await serviceTasks(solved)).some((task) => task.lastStatus !== 'STOPPED') && Date.now() < deadline) await sleep(POLL_MS);
    await clients.ecs.send(new DeleteServiceCommand({ cluster: given.cluster, service }));
  } catch (error) {
    const answer = `${(error as Error).name}: ${(error as Error).message}`;
    return check(false, {
      en: `The test could not scale ${SERVICE} to 0 and delete it: ECS answered ${answer}. Leave the service as solve() made it (status ${watch.service.status}); the test cleans up.`,
      ja: `テストが ${SERVICE} を 0 にスケールして削除できませんでした。ECS の応答: ${answer}。サービスは solve() が作ったままにしてください(状態 ${watch.service.status})。後片付けはテストが行います。`,
    });
  }
  const { running, services } = await leftRunning(solved, deadline);
  const others = services.filter((s) => s.service !== SERVICE);
  check(running.length === 0, {
    en:
      `After the test scaled ${SERVICE} to 0 and deleted it, ${running.length} task(s) of the account still run:\n${runningList(running)}\n` +
      (others.length > 0
        ? `Services other than ${SERVICE} keep their tasks running: ${others.map((s) => `${s.service} (cluster ${s.cluster})`).join(', ')}. ` +
          `A service replaces every task that stops until it is scaled to 0; make only ${SERVICE}.`
        : `Only ${SERVICE}'s tasks should have run; the one-shot sample ends by itself.`),
    ja:
      `テストが ${SERVICE} を 0 にスケールして削除したあとも、アカウントのタスクが ${running.length} 個動いています:\n${runningList(running)}\n` +
      (others.length > 0
        ? `${SERVICE} 以外のサービスがタスクを動かし続けています: ${others.map((s) => `${s.service}(クラスター ${s.cluster})`).join('、')}。` +
          `サービスは 0 にスケールされるまで、停止したタスクをすべて置き換えます。作るサービスは ${SERVICE} だけにしてください。`
        : `動くのは ${SERVICE} のタスクだけのはずです。1 回で終わるサンプルは自分で終了します。`),
  });
});
