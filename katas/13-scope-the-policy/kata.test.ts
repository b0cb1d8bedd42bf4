import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  BatchDeleteImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  ListImagesCommand,
} from '@aws-sdk/client-ecr';
import { AttachRolePolicyCommand, CreateRoleCommand, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { KataClients, ScopePolicyGiven } from 'aws-basics-dojo';
import {
  attemptCall,
  buildSampleTaskWorld,
  callsOfTask,
  check,
  groupByAllowingStatement,
  iamActionCatalogue,
  kata,
  KATA_APP_LOGS,
  listOfStrings,
  oncePerSolve,
  policiesListing,
  registerSampleTaskDefinition,
  roleSessionAsService,
  runTaskToStop,
  simulatePrincipalPolicy,
  statementLabel,
  type Bilingual,
  type CallOutcome,
  type SimulatedDecision,
  type Simulation,
  type SolvedKata,
  type TaskRun,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<ScopePolicyGiven, void>;
type Found = Extract<Simulation, { found: true }>;
type StatementRef = SimulatedDecision['statements'][number];

const TASK_ROLE = 'kata-app-task-role';
const ECS_TASKS = 'ecs-tasks.amazonaws.com';
const THE_CALL = 'ecr:DescribeImages';
/** Services whose every action the role must not have (ECR is checked action by action on its own). */
const OTHER_SERVICES = ['s3', 'iam', 'ec2', 'logs', 'sts', 'ecs', 'lambda', 'dynamodb'];
/** Well-known actions, shown first when the role can still do them. */
const NOTABLE = ['iam:CreateUser', 'iam:PassRole', 's3:DeleteBucket', 's3:GetObject', 'ec2:RunInstances', 'ecs:RunTask', 'logs:DeleteLogGroup', 'lambda:CreateFunction', 'dynamodb:DeleteTable', 'sts:GetFederationToken'];

const k = kata<ScopePolicyGiven>({
  id: '13-scope-the-policy',
  // The article's world in a public subnet, a second repository, and the app's task role made to
  // "just work": AdministratorAccess attached and an inline policy allowing everything too.
  async setup(env) {
    const { clients, region } = env;
    const world = await buildSampleTaskWorld(env, 'internet');
    await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'other-repo' }));
    const { GroupId } = await clients.ec2.send(new CreateSecurityGroupCommand({ VpcId: world.vpcId, GroupName: 'kata-app-sg', Description: 'kata-app tasks: all outbound traffic' }));
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ECS_TASKS }, Action: 'sts:AssumeRole' }] };
    const { Role } = await clients.iam.send(new CreateRoleCommand({ RoleName: TASK_ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: TASK_ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const everything = { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] };
    await clients.iam.send(new PutRolePolicyCommand({ RoleName: TASK_ROLE, PolicyName: 'kata-app-permissions', PolicyDocument: JSON.stringify(everything) }));
    await clients.logs.send(new CreateLogGroupCommand({ logGroupName: KATA_APP_LOGS.group }));
    const taskDefinitionArn = await registerSampleTaskDefinition(clients.ecs, region, {
      family: 'kata-app',
      image: `${world.repositoryUri}:latest`,
      logs: KATA_APP_LOGS,
      executionRoleArn: world.executionRoleArn,
      taskRoleArn: Role!.Arn!,
    });
    return {
      taskRoleName: TASK_ROLE,
      taskRoleArn: Role!.Arn!,
      repositoryName: 'my-repo',
      repositoryUri: world.repositoryUri,
      otherRepositoryName: 'other-repo',
      taskDefinitionArn,
      cluster: world.cluster,
      subnetId: world.subnetId,
      securityGroupId: GroupId!,
      logGroupName: KATA_APP_LOGS.group,
    };
  },
});

// ---- what the account holds, read once with the root's clients ----

interface Repositories {
  myRepoArn: string;
  otherRepoArn: string;
  /**
   * ARNs a too-broad pattern for my-repo's would match too (a wildcard region, a name prefix): IAM
   * decides on the ARN alone, whether or not such a repository exists.
   */
  lookalikes: { arn: string; name: Bilingual }[];
  /** The digest of my-repo's image, which the sample logs when DescribeImages succeeds. */
  digest: string;
}

// (No lookalike in another account: without that repository's own policy allowing it, no
// identity-based policy reaches across accounts, so a wildcard account grants nothing more there.)
function lookalikesOf(myRepoArn: string): Repositories['lookalikes'] {
  const [, partition, service, region, account, resource] = myRepoArn.split(':');
  const otherRegion = region === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
  return [
    { arn: ['arn', partition, service, otherRegion, account, resource].join(':'), name: { en: `my-repo in ${otherRegion}`, ja: `${otherRegion} の my-repo` } },
    { arn: `${myRepoArn}-staging`, name: { en: 'my-repo-staging (not created yet)', ja: 'my-repo-staging(未作成)' } },
  ];
}

const repositories = oncePerSolve(async ({ clients, given }: Solved): Promise<Repositories> => {
  const { repositories: found = [] } = await clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [given.repositoryName, given.otherRepositoryName] }));
  const arnOf = (name: string) => found.find((repository) => repository.repositoryName === name)?.repositoryArn;
  const { imageDetails = [] } = await clients.ecr.send(new DescribeImagesCommand({ repositoryName: given.repositoryName }));
  const digest = imageDetails.find((image) => image.imageTags?.includes('latest'))?.imageDigest;
  check(arnOf(given.repositoryName) && arnOf(given.otherRepositoryName) && digest, {
    en: `The check cannot find my-repo, other-repo and my-repo's image latest any more (repositories found: ${found.map((r) => r.repositoryName).join(', ') || 'none'}). Keep the repositories and the image: scope the role, nothing else.`,
    ja: `my-repo、other-repo、my-repo のイメージ latest のどれかが見つかりません(見つかったリポジトリ: ${found.map((r) => r.repositoryName).join('、') || 'なし'})。リポジトリとイメージは残し、ロールだけを絞ってください。`,
  });
  const myRepoArn = arnOf(given.repositoryName)!;
  return { myRepoArn, otherRepoArn: arnOf(given.otherRepositoryName)!, lookalikes: lookalikesOf(myRepoArn), digest };
});

const repoName = (repos: Repositories, resource: string): Bilingual => {
  const plain = resource === repos.myRepoArn ? 'my-repo' : resource === repos.otherRepoArn ? 'other-repo' : resource === '*' ? '"*"' : undefined;
  return plain ? { en: plain, ja: plain } : (repos.lookalikes.find((look) => look.arn === resource)?.name ?? { en: resource, ja: resource });
};
const pair = (repos: Repositories, d: { action: string; resource: string }): Bilingual =>
  d.resource === '*' ? { en: d.action, ja: d.action } : { en: `${d.action} on ${repoName(repos, d.resource).en}`, ja: `${repoName(repos, d.resource).ja} の ${d.action}` };
const isTheCall = (repos: Repositories, d: { action: string; resource: string }) => d.action.toLowerCase() === THE_CALL.toLowerCase() && d.resource === repos.myRepoArn;

// ---- the IAM engine's view: every ECR action, and every action of a few other services ----

interface Engine {
  ecr: Found;
  others: Found;
  /** How many ECR actions the catalogue has, and how many of them act on no repository. */
  ecrActions: number;
  accountLevel: number;
}

const engine = oncePerSolve(async (solved: Solved): Promise<Engine | undefined> => {
  const repos = await repositories(solved);
  const principalArn = solved.given.taskRoleArn;
  const catalogue = await iamActionCatalogue('ecr');
  const onRepository = catalogue.filter((entry) => entry.resourceTypes.includes('repository')).map((entry) => entry.action);
  // The rest act on no repository (most take no resource at all): AWS authorizes them on "*".
  const accountLevel = catalogue.filter((entry) => !entry.resourceTypes.includes('repository')).map((entry) => entry.action);
  const others = (await Promise.all(OTHER_SERVICES.map(iamActionCatalogue))).flat().map((entry) => entry.action);
  const [repoDecisions, accountDecisions, otherDecisions] = await Promise.all([
    simulatePrincipalPolicy(solved.accountId, { principalArn, actions: onRepository, resources: [repos.myRepoArn, repos.otherRepoArn, ...repos.lookalikes.map((look) => look.arn)] }),
    simulatePrincipalPolicy(solved.accountId, { principalArn, actions: accountLevel, resources: ['*'], region: solved.region }),
    simulatePrincipalPolicy(solved.accountId, { principalArn, actions: others, resources: ['*'], region: solved.region }),
  ]);
  if (!repoDecisions.found || !accountDecisions.found || !otherDecisions.found) return undefined;
  return {
    ecr: { ...repoDecisions, results: [...repoDecisions.results, ...accountDecisions.results] },
    others: otherDecisions,
    ecrActions: catalogue.length,
    accountLevel: accountLevel.length,
  };
});

const noRole = (solved: Solved): Bilingual => ({
  en:
    `There is no role ${solved.given.taskRoleArn} any more, so the app's task has no credentials at all. Scope the role's policies; ` +
    `do not delete the role (the task definition kata-app names it as its task role).`,
  ja:
    `ロール ${solved.given.taskRoleArn} がなくなっているため、アプリのタスクは認証情報をまったく受け取れません。ロールは削除せず、` +
    `ロールのポリシーを絞ってください(タスク定義 kata-app がタスクロールとして指定しています)。`,
});

const needEngine = async (solved: Solved): Promise<Engine> => {
  const found = await engine(solved);
  check(found, noRole(solved));
  return found;
};

// ---- what is too broad, and what to do about it ----

const quoted = (values: string[]) => values.map((value) => `"${value}"`).join(', ');

/** What is too broad in a statement that allows `pairs` it should not, and what to do about it. */
function statementNotes(ref: StatementRef, pairs: SimulatedDecision[], repos: Repositories, scope: 'ecr' | 'others'): Bilingual[] {
  const { statement } = ref;
  const notes: Bilingual[] = [];
  const actions = listOfStrings(statement.Action);
  const resources = listOfStrings(statement.Resource);
  const otherActions = [...new Set(pairs.filter((d) => d.action.toLowerCase() !== THE_CALL.toLowerCase()).map((d) => d.action))];
  const otherResources = [...new Set(pairs.filter((d) => d.resource !== repos.myRepoArn && d.resource !== '*').map((d) => d.resource))].map((arn) => repoName(repos, arn));
  if (ref.policy.kind === 'aws-managed') {
    // AWS maintains these documents; the only thing to do with one is not to attach it. (The ARN
    // leads the line: Jest re-indents a line where "at" comes before "::", taking it for a stack frame.)
    return [
      {
        en:
          `${ref.policy.arn} is an AWS managed policy attached to the role (ListAttachedRolePolicies lists it). Nobody can edit it, and whatever you ` +
          `write in the role's other policies, it keeps granting all this: detach it (DetachRolePolicy with that PolicyArn).`,
        ja:
          `${ref.policy.arn} はロールにアタッチされた AWS 管理ポリシーです(ListAttachedRolePolicies で確認できます)。内容は編集できず、ロールのほかのポリシーに何を書いても、` +
          `これが許可し続けます。デタッチしてください(その PolicyArn を指定して DetachRolePolicy)。`,
      },
    ];
  }
  if (statement.NotAction !== undefined) {
    notes.push({
      en: `NotAction ${quoted(listOfStrings(statement.NotAction))} allows every action except those it lists; allow the one action instead: Action "${THE_CALL}".`,
      ja: `NotAction ${quoted(listOfStrings(statement.NotAction))} は、並べたもの以外のすべてのアクションを許可します。許可するアクションを 1 つだけ書いてください: Action "${THE_CALL}"。`,
    });
  } else if (scope === 'others' || otherActions.length > 0) {
    const examples = otherActions.slice(0, 4).join(', ');
    notes.push(
      actions.includes('*')
        ? {
            en: `Action "*" matches every action of every service. The app calls one: name it, Action "${THE_CALL}".`,
            ja: `Action "*" はすべてのサービスのすべてのアクションに一致します。アプリが呼ぶのは 1 つだけなので、それを書いてください: Action "${THE_CALL}"。`,
          }
        : {
            en: `Action ${quoted(actions)} matches more than ${THE_CALL} (${examples}${otherActions.length > 4 ? ', …' : ''}): a wildcard grants every action it matches, today's and those AWS adds later. Name the one action: "${THE_CALL}".`,
            ja: `Action ${quoted(actions)} は ${THE_CALL} 以外にも一致します(${examples}${otherActions.length > 4 ? ' など' : ''})。ワイルドカードは一致するすべてのアクションを許可します。今あるものも、AWS が後から追加するものもです。アクションを 1 つだけ書いてください: "${THE_CALL}"。`,
          },
    );
  }
  if (statement.NotResource !== undefined || otherResources.length > 0) {
    const which = statement.NotResource !== undefined ? `NotResource ${quoted(listOfStrings(statement.NotResource))}` : `Resource ${quoted(resources)}`;
    const reaches = otherResources;
    const everything = resources.includes('*');
    const covers: Bilingual =
      reaches.length > 0
        ? {
            en: `covers ${reaches.map((name) => name.en).join(', ')} too, not only my-repo${everything ? ' (and every resource of every service)' : ''}`,
            ja: `は my-repo だけでなく ${reaches.map((name) => name.ja).join('、')} も含みます${everything ? '(すべてのサービスのすべてのリソースも)' : ''}`,
          }
        : everything
          ? { en: 'covers every resource of every service', ja: 'はすべてのサービスのすべてのリソースを含みます' }
          : { en: 'covers resources outside ECR', ja: 'は ECR 以外のリソースも含みます' };
    notes.push({
      en: `${which} ${covers.en}. Name my-repo's ARN: ${repos.myRepoArn} (DescribeRepositories answers it as repositoryArn).`,
      ja: `${which} ${covers.ja}。my-repo の ARN を書いてください: ${repos.myRepoArn}(DescribeRepositories の応答の repositoryArn です)。`,
    });
  }
  if (ref.policy.kind === 'customer-managed') {
    notes.push({
      en:
        `${ref.policy.arn} is a managed policy attached to the role (ListAttachedRolePolicies lists it): detach it (DetachRolePolicy), ` +
        `or make a scoped version its default (CreatePolicyVersion with SetAsDefault).`,
      ja:
        `${ref.policy.arn} はロールにアタッチされた管理ポリシーです(ListAttachedRolePolicies で確認できます)。デタッチする(DetachRolePolicy)か、` +
        `絞ったバージョンをデフォルトにしてください(SetAsDefault を指定して CreatePolicyVersion)。`,
    });
  } else {
    notes.push({
      en: `${ref.policy.name} is an inline policy of the role (ListRolePolicies lists it): replace it (PutRolePolicy with the same PolicyName replaces the whole document) or delete it (DeleteRolePolicy).`,
      ja: `${ref.policy.name} はロールのインラインポリシーです(ListRolePolicies で確認できます)。置き換える(同じ PolicyName で PutRolePolicy を呼ぶと文書全体が置き換わります)か、削除して(DeleteRolePolicy)ください。`,
    });
  }
  return notes;
}

function describeGroups(
  groups: { ref: StatementRef; pairs: SimulatedDecision[] }[],
  { repos, scope, policyCount }: { repos: Repositories; scope: 'ecr' | 'others'; policyCount: number },
  examples: (pairs: SimulatedDecision[]) => SimulatedDecision[],
): Bilingual {
  const render = (language: 'en' | 'ja') =>
    groups
      .map(({ ref, pairs }) => {
        const shown = examples(pairs).map((d) => pair(repos, d)[language]);
        const more = pairs.length - shown.length;
        const head =
          language === 'en'
            ? `- ${statementLabel(ref).en} ${JSON.stringify(ref.statement)} allows ${pairs.length} of them: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`
            : `- ${statementLabel(ref).ja} ${JSON.stringify(ref.statement)} がそのうち ${pairs.length} 件を許可しています: ${shown.join('、')}${more > 0 ? ` ほか ${more} 件` : ''}。`;
        const notes = statementNotes(ref, pairs, repos, scope).map((note) => `    - ${note[language]}`);
        return [head, ...notes].join('\n');
      })
      .join('\n');
  const addUp: Bilingual = {
    en: `The role has ${policyCount} policies, and they add up: a narrow policy beside a broad one takes nothing away from what the broad one allows.`,
    ja: `ロールにはポリシーが ${policyCount} 個あり、それらは足し合わされます。広いポリシーの横に狭いポリシーを置いても、広いほうが許可していることは減りません。`,
  };
  const withAddUp = (language: 'en' | 'ja') => render(language) + (policyCount > 1 ? `\n${addUp[language]}` : '');
  return { en: withAddUp('en'), ja: withAddUp('ja') };
}

/** Where a Resource the closest statement names differs from my-repo's ARN, field by field. */
function arnDifferences(values: string[], myRepoArn: string): Bilingual[] {
  const fields: [number, string, string][] = [[2, 'service', 'サービス'], [3, 'region', 'リージョン'], [4, 'account', 'アカウント'], [5, 'resource', 'リソース']];
  const wanted = myRepoArn.split(':');
  const notes: Bilingual[] = [];
  for (const value of values) {
    const parts = value.split(':');
    if (parts.length < 6 || parts[0] !== 'arn') continue;
    for (const [index, en, ja] of fields) {
      const theirs = index === 5 ? parts.slice(5).join(':') : parts[index];
      const ours = index === 5 ? wanted.slice(5).join(':') : wanted[index];
      if (theirs !== ours && theirs !== '*') {
        notes.push({
          en: `The ARN ${value} names ${en} "${theirs}", but my-repo's is "${ours}": my-repo's ARN is ${myRepoArn}.`,
          ja: `ARN ${value} の${ja}は "${theirs}" ですが、my-repo は "${ours}" です。my-repo の ARN は ${myRepoArn} です。`,
        });
      }
    }
  }
  return notes;
}

const bullets = (notes: Bilingual[], indent = '') => ({
  en: notes.map((note) => `${indent}- ${note.en}`).join('\n'),
  ja: notes.map((note) => `${indent}- ${note.ja}`).join('\n'),
});

// ---- running the sample task once ----

const sampleRun = oncePerSolve(
  (solved: Solved): Promise<TaskRun> =>
    runTaskToStop(solved.clients, solved.accountId, {
      cluster: solved.given.cluster,
      taskDefinition: solved.given.taskDefinitionArn,
      subnetId: solved.given.subnetId,
      securityGroupIds: [solved.given.securityGroupId],
      assignPublicIp: 'ENABLED',
      logs: KATA_APP_LOGS,
    }),
);

/** The task's log without the noise a learner does not need: Node's SDK warning, stack frames, source excerpts, error dumps. */
const logExcerpt = (lines: string[]) => {
  let inWarning = false;
  const shown = lines.filter((line) => {
    if (line.startsWith('(node:')) inWarning = true;
    const skip = inWarning || /^\s*at /.test(line) || /^\s*\^\s*$/.test(line) || /node_modules\/.*:\d+$/.test(line) || /^\s{8,}\S/.test(line);
    if (line.startsWith('(Use `node')) inWarning = false;
    return !skip;
  });
  // The error's name and message say it; the object dump after them does not.
  const error = shown.findIndex((line) => /^[A-Za-z]*(Exception|Error)\b/.test(line));
  const excerpt = (error >= 0 ? shown.slice(0, error + 1) : shown).slice(0, 8);
  return excerpt.length === 0 ? '  (no log lines / ログはありません)' : excerpt.map((line) => `  | ${line}`).join('\n');
};

// ---- the role's own credentials, and real calls with them ----

interface RealCall {
  label: Bilingual;
  operation: string;
  allowed: boolean;
  send: (clients: KataClients, given: ScopePolicyGiven) => Promise<unknown>;
}

const same = (text: string): Bilingual => ({ en: text, ja: text });
const REAL_CALLS: RealCall[] = [
  { label: { en: `${THE_CALL} on my-repo`, ja: `my-repo の ${THE_CALL}` }, operation: 'DescribeImages', allowed: true, send: (c, g) => c.ecr.send(new DescribeImagesCommand({ repositoryName: g.repositoryName })) },
  { label: { en: 'ecr:DescribeImages on other-repo', ja: 'other-repo の ecr:DescribeImages' }, operation: 'DescribeImages', allowed: false, send: (c, g) => c.ecr.send(new DescribeImagesCommand({ repositoryName: g.otherRepositoryName })) },
  { label: { en: 'ecr:ListImages on my-repo', ja: 'my-repo の ecr:ListImages' }, operation: 'ListImages', allowed: false, send: (c, g) => c.ecr.send(new ListImagesCommand({ repositoryName: g.repositoryName })) },
  {
    label: { en: 'ecr:BatchDeleteImage on my-repo (of a tag that does not exist, so nothing is deleted)', ja: 'my-repo の ecr:BatchDeleteImage(存在しないタグなので何も消えません)' },
    operation: 'BatchDeleteImage',
    allowed: false,
    send: (c, g) => c.ecr.send(new BatchDeleteImageCommand({ repositoryName: g.repositoryName, imageIds: [{ imageTag: 'kata-check-no-such-tag' }] })),
  },
  { label: { en: 'ecr:DescribeRepositories (every repository)', ja: 'ecr:DescribeRepositories(すべてのリポジトリ)' }, operation: 'DescribeRepositories', allowed: false, send: (c) => c.ecr.send(new DescribeRepositoriesCommand({})) },
  { label: same('ecr:GetAuthorizationToken'), operation: 'GetAuthorizationToken', allowed: false, send: (c) => c.ecr.send(new GetAuthorizationTokenCommand({})) },
  { label: same('s3:ListAllMyBuckets (ListBuckets)'), operation: 'ListBuckets', allowed: false, send: (c) => c.s3.send(new ListBucketsCommand({})) },
  { label: same('iam:ListRoles'), operation: 'ListRoles', allowed: false, send: (c) => c.iam.send(new ListRolesCommand({})) },
  { label: same('ec2:DescribeVpcs'), operation: 'DescribeVpcs', allowed: false, send: (c) => c.ec2.send(new DescribeVpcsCommand({})) },
];

type RealOutcome = { call: RealCall; attempt: CallOutcome<unknown> };
/** How each service words an IAM refusal (EC2 says UnauthorizedOperation). */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

const realCalls = oncePerSolve(async (solved: Solved): Promise<{ ok: true; outcomes: RealOutcome[]; sessionArn: string } | { ok: false; why: Bilingual }> => {
  const session = await roleSessionAsService(solved.accountId, solved.given.taskRoleArn, ECS_TASKS);
  if (!session.allowed) return { ok: false, why: session.explanation };
  try {
    const outcomes: RealOutcome[] = [];
    for (const call of REAL_CALLS) {
      outcomes.push({ call, attempt: await attemptCall(solved.accountId, () => call.send(session.clients, solved.given)) });
    }
    return { ok: true, outcomes, sessionArn: session.sessionArn };
  } finally {
    session.close();
  }
});

// ---- the rules ----

k.test("the sample task (kata-app) still logs my-repo's image details", async (solved) => {
  const repos = await repositories(solved);
  const run = await sampleRun(solved);
  if (!run.started) {
    return check(false, {
      en: `RunTask did not start the kata-app task: ${run.error}. Keep the cluster, the task definition kata-app and its roles as the setup made them.`,
      ja: `kata-app のタスクを RunTask で起動できませんでした: ${run.error}。クラスター、タスク定義 kata-app とそのロールはセットアップのまま残してください。`,
    });
  }
  if (run.lines.some((line) => line.includes(repos.digest))) return;
  if (run.task.stopCode === 'TaskFailedToStart') {
    return check(false, {
      en:
        `ECS could not start the kata-app task: ${run.task.stoppedReason}\n` +
        `Keep ${TASK_ROLE} and its trust policy (ecs-tasks.amazonaws.com may assume it): scope what the role may do, not whether the task gets it.`,
      ja:
        `ECS が kata-app のタスクを起動できませんでした: ${run.task.stoppedReason}\n` +
        `${TASK_ROLE} とその信頼ポリシー(ecs-tasks.amazonaws.com が引き受けられること)は残してください。絞るのはロールにできることで、タスクがロールを受け取れるかどうかではありません。`,
    });
  }
  const calls = await callsOfTask(solved.accountId, run.taskArn);
  const describe = calls.filter((call) => call.operation === 'DescribeImages').pop();
  const why: Bilingual = describe?.errorCode
    ? {
        en: `The sample's ${THE_CALL} on my-repo was refused (${describe.errorCode}). The harness's IAM engine: ${describe.explanation?.en ?? '(no explanation recorded)'}`,
        ja: `サンプルの my-repo への ${THE_CALL} が拒否されました(${describe.errorCode})。ハーネスの IAM エンジンの説明: ${describe.explanation?.ja ?? '(説明の記録なし)'}`,
      }
    : {
        en: `The sample made no successful ${THE_CALL} call (task stopped: ${run.task.stoppedReason ?? 'unknown'}). Did the task still get kata-app-task-role's credentials?`,
        ja: `サンプルの ${THE_CALL} は成功しませんでした(タスクの停止理由: ${run.task.stoppedReason ?? '不明'})。タスクは kata-app-task-role の認証情報を受け取れていますか。`,
      };
  const found = await engine(solved);
  check(false, {
    en:
      `The sample task ran with task role ${TASK_ROLE}, but its log has no image details of my-repo (digest ${repos.digest}): scoping went too far. ` +
      `The app calls ${THE_CALL} on my-repo, so the role must keep exactly that.\n${why.en}\n` +
      (found ? `The role's policies now:\n${policiesListing(found.ecr.identityPolicies).en}\n` : '') +
      `\nWhat the task logged (${KATA_APP_LOGS.group}, ${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines)}`,
    ja:
      `サンプルのタスクはタスクロール ${TASK_ROLE} で動きましたが、ログに my-repo のイメージの詳細(ダイジェスト ${repos.digest})がありません。絞りすぎです。` +
      `アプリは my-repo の ${THE_CALL} を呼び出すので、ロールにはそれだけは残しておく必要があります。\n${why.ja}\n` +
      (found ? `現在のロールのポリシー:\n${policiesListing(found.ecr.identityPolicies).ja}\n` : '') +
      `\nタスクのログ(${KATA_APP_LOGS.group}、${run.taskArn.split('/').pop()}):\n${logExcerpt(run.lines)}`,
  });
});

k.test(`in ECR, ${TASK_ROLE} may do ${THE_CALL} on my-repo and nothing else: every ECR action on my-repo, other-repo and lookalike ARNs, by the IAM engine`, async (solved) => {
  const repos = await repositories(solved);
  const { ecr, ecrActions, accountLevel } = await needEngine(solved);
  const theCall = ecr.results.find((d) => isTheCall(repos, d))!;
  const extra = ecr.results.filter((d) => d.decision === 'Allow' && !isTheCall(repos, d));
  if (theCall.decision === 'Allow' && extra.length === 0) return;

  const scope = {
    en:
      `The harness's IAM engine decided, for a session of ${TASK_ROLE}, every ECR action of the IAM action catalogue (${ecrActions}) on my-repo, on other-repo ` +
      `and on ARNs only a too-broad pattern would mistake for my-repo's (${repos.lookalikes.map((look) => look.name.en).join(', ')}); on "*" for the ${accountLevel} that act on no repository.`,
    ja:
      `ハーネスの IAM エンジンが、${TASK_ROLE} のセッションについて、IAM のアクション一覧にある ECR のすべてのアクション(${ecrActions} 個)を、my-repo と other-repo、` +
      `そして広すぎるパターンだけが my-repo と取り違える ARN(${repos.lookalikes.map((look) => look.name.ja).join('、')})に対して判定しました。リポジトリを対象としない ${accountLevel} 個は "*" に対して判定しました。`,
  };
  const parts: Bilingual[] = [];
  if (theCall.decision !== 'Allow') {
    const closest = theCall.closest ? arnDifferences(listOfStrings(theCall.closest.ref.statement.Resource), repos.myRepoArn) : [];
    const notes = bullets(closest, '  ');
    parts.push({
      en: `It may not call ${THE_CALL} on my-repo (${repos.myRepoArn}), the one call the app makes: ${theCall.explanation.en}${closest.length > 0 ? `\n${notes.en}` : ''}`,
      ja: `アプリが行う唯一の呼び出しである、my-repo(${repos.myRepoArn})への ${THE_CALL} ができません: ${theCall.explanation.ja}${closest.length > 0 ? `\n${notes.ja}` : ''}`,
    });
  }
  if (extra.length > 0) {
    const groups = describeGroups(groupByAllowingStatement(extra), { repos, scope: 'ecr', policyCount: ecr.identityPolicies.length }, (pairs) => [
      // The app's own action on other repositories first: it shows what is wrong with Resource.
      ...pairs.filter((d) => d.action.toLowerCase() === THE_CALL.toLowerCase()),
      ...pairs.filter((d) => d.action.toLowerCase() !== THE_CALL.toLowerCase()).slice(0, 5),
    ].slice(0, 6));
    parts.push({
      en: `It may still do ${extra.length} more in ECR, where the app needs nothing else:\n${groups.en}`,
      ja: `ECR でほかに ${extra.length} 件のことができてしまいます。アプリにはほかに何も必要ありません:\n${groups.ja}`,
    });
  }
  const policies = policiesListing(ecr.identityPolicies);
  check(false, {
    en: `${TASK_ROLE} should be able to do exactly one thing in ECR: ${THE_CALL} on my-repo. ${scope.en}\n${parts.map((p) => p.en).join('\n')}\n\nThe role's policies now:\n${policies.en}`,
    ja: `${TASK_ROLE} が ECR でできるのは、my-repo への ${THE_CALL} ただ 1 つであるべきです。${scope.ja}\n${parts.map((p) => p.ja).join('\n')}\n\n現在のロールのポリシー:\n${policies.ja}`,
  });
});

k.test(`outside ECR, ${TASK_ROLE} may do nothing: every action of ${OTHER_SERVICES.join(', ')}, by the IAM engine`, async (solved) => {
  const repos = await repositories(solved);
  const { others } = await needEngine(solved);
  const allowed = others.results.filter((d) => d.decision === 'Allow');
  if (allowed.length === 0) return;
  const counts = OTHER_SERVICES.map((service) => {
    const all = others.results.filter((d) => d.action.startsWith(`${service}:`)).length;
    const can = allowed.filter((d) => d.action.startsWith(`${service}:`)).length;
    return `${service} ${can}/${all}`;
  });
  const groups = describeGroups(groupByAllowingStatement(allowed), { repos, scope: 'others', policyCount: others.identityPolicies.length }, (pairs) => {
    const notable = NOTABLE.flatMap((name) => pairs.filter((d) => d.action.toLowerCase() === name.toLowerCase()));
    return (notable.length > 0 ? notable : pairs).slice(0, 6);
  });
  const policies = policiesListing(others.identityPolicies);
  check(false, {
    en:
      `The app calls nothing outside ECR, yet ${TASK_ROLE} may still do ${allowed.length} of the ${others.results.length} actions of ${OTHER_SERVICES.join(', ')} ` +
      `in the IAM action catalogue, on any resource ("*"), as the harness's IAM engine decides them (${counts.join(', ')}). Anyone who gets the task's credentials ` +
      `(code running in the container, a dependency, a leaked environment) can do the same.\n${groups.en}\n\nThe role's policies now:\n${policies.en}`,
    ja:
      `アプリは ECR 以外を呼びませんが、${TASK_ROLE} は、IAM のアクション一覧にある ${OTHER_SERVICES.join('、')} の ${others.results.length} 個のアクションのうち ${allowed.length} 個を、` +
      `どのリソース("*")に対しても実行できます。ハーネスの IAM エンジンの判定です(${counts.join('、')})。タスクの認証情報を手に入れた誰でも(コンテナで動くコード、依存パッケージ、` +
      `漏れた環境変数)同じことができます。\n${groups.ja}\n\n現在のロールのポリシー:\n${policies.ja}`,
  });
});

k.test(`with ${TASK_ROLE}'s own credentials, real calls: ${THE_CALL} on my-repo succeeds; other-repo, other ECR actions and other services are AccessDenied`, async (solved) => {
  const calls = await realCalls(solved);
  if (!calls.ok) {
    return check(false, {
      en: `The check could not get a session of ${TASK_ROLE} as ${ECS_TASKS}, as ECS does for the task: ${calls.why.en} Keep the role and its trust policy.`,
      ja: `ECS がタスクのためにするのと同じように、${ECS_TASKS} として ${TASK_ROLE} のセッションを得ることができませんでした: ${calls.why.ja} ロールとその信頼ポリシーは残してください。`,
    });
  }
  const wrong = calls.outcomes.filter(({ call, attempt }) => (call.allowed ? !attempt.ok : attempt.ok || !ACCESS_DENIED.has(attempt.errorCode)));
  if (wrong.length === 0) return;
  const lines = wrong.map(({ call, attempt }) => {
    const { label } = call;
    if (call.allowed) {
      const failed = attempt as Extract<CallOutcome<unknown>, { ok: false }>;
      return {
        en: `- ${label.en}: ${failed.errorCode}, but the app needs it. ${failed.explanation ? `The harness's IAM engine: ${failed.explanation.en}` : failed.message}`,
        ja: `- ${label.ja}: ${failed.errorCode} でしたが、アプリに必要な呼び出しです。${failed.explanation ? `ハーネスの IAM エンジンの説明: ${failed.explanation.ja}` : failed.message}`,
      };
    }
    const answer = attempt.ok ? { en: 'succeeded', ja: '成功しました' } : { en: `got past IAM (the service answered ${attempt.errorCode})`, ja: `IAM を通過しました(サービスの応答は ${attempt.errorCode})` };
    return { en: `- ${label.en}: ${answer.en}; it should be AccessDenied.`, ja: `- ${label.ja}: ${answer.ja}。AccessDenied になるべきです。` };
  });
  check(false, {
    en:
      `The check took a session of ${TASK_ROLE} as ${ECS_TASKS}, as ECS does for the task (${calls.sessionArn}), and called AWS through the local gateway with its credentials:\n` +
      `${lines.map((l) => l.en).join('\n')}\nThe rules above say which statements allow too much, or too little.`,
    ja:
      `チェックは、ECS がタスクのためにするのと同じように ${ECS_TASKS} として ${TASK_ROLE} のセッションを得て(${calls.sessionArn})、その認証情報でローカルのゲートウェイ経由で AWS を呼び出しました:\n` +
      `${lines.map((l) => l.ja).join('\n')}\nどのステートメントが許可しすぎているか(または足りないか)は、ほかのルールの説明にあります。`,
  });
});
