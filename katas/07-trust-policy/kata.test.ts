import { CreateAccessKeyCommand, CreateUserCommand, GetRoleCommand, PutUserPolicyCommand, type Role } from '@aws-sdk/client-iam';
import type { TrustPolicyGiven, TrustPolicyRoles } from 'aws-basics-dojo';
import {
  assumeRoleAsService,
  assumeRoleWithCredentials,
  check,
  kata,
  oncePerSolve,
  readPolicyDocument,
  statementsOfDocument,
  type AssumeRoleOutcome,
  type Bilingual,
  type ReadStatement,
  type SolvedKata,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<TrustPolicyGiven, TrustPolicyRoles>;

const USER = 'kata-user';
const LAMBDA = 'lambda.amazonaws.com';
const ECS_TASKS = 'ecs-tasks.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';

interface RoleSpec {
  name: string;
  field: keyof TrustPolicyRoles;
  /** The one principal that may assume the role. */
  service: string;
  /** Who that is, in words. */
  who: Bilingual;
}

const ROLES: RoleSpec[] = [
  { name: 'kata-lambda-role', field: 'lambdaRoleArn', service: LAMBDA, who: { en: 'Lambda', ja: 'Lambda' } },
  { name: 'kata-ecs-task-role', field: 'ecsTaskRoleArn', service: ECS_TASKS, who: { en: 'an ECS task', ja: 'ECS タスク' } },
];

// The IAM user's access keys, by account: the test signs with them, the solution never needs them.
const userKeys = new Map<string, { accessKeyId: string; secretAccessKey: string }>();

const k = kata<TrustPolicyGiven, TrustPolicyRoles>({
  id: '07-trust-policy',
  // An IAM user whose own policy allows sts:AssumeRole on every role, so only a role's trust
  // policy decides whether the user gets in: made with the calls a person would make.
  async setup({ accountId, clients }) {
    const { User } = await clients.iam.send(new CreateUserCommand({ UserName: USER }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
    await clients.iam.send(new PutUserPolicyCommand({ UserName: USER, PolicyName: 'assume-any-role', PolicyDocument: JSON.stringify(policy) }));
    const { AccessKey } = await clients.iam.send(new CreateAccessKeyCommand({ UserName: USER }));
    userKeys.set(accountId, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    return { userName: USER, userArn: User!.Arn! };
  },
});

// ---- what the roles are, and who can assume them (once per run) ----

interface Probe {
  spec: RoleSpec;
  role?: Role;
  document?: string;
  statements: ReadStatement[];
  /** Who asked (a service principal or the user's ARN), and what the gateway answered. */
  outcomes: { principal: string; outcome: AssumeRoleOutcome }[];
}

const probeAll = oncePerSolve((solved: Solved): Promise<Probe[]> => Promise.all(ROLES.map((spec) => probeRole(solved, spec))));

async function probeRole(solved: Solved, spec: RoleSpec): Promise<Probe> {
  const role = await solved.clients.iam
    .send(new GetRoleCommand({ RoleName: spec.name }))
    .then((answer) => answer.Role)
    .catch((error: Error) => {
      if (error.name === 'NoSuchEntityException' || error.name === 'NoSuchEntity') return undefined;
      throw error;
    });
  if (!role) return { spec, statements: [], outcomes: [] };
  const document = readPolicyDocument(role.AssumeRolePolicyDocument);
  const outcomes: Probe['outcomes'] = [];
  for (const service of [LAMBDA, ECS_TASKS, EC2]) {
    outcomes.push({ principal: service, outcome: await assumeRoleAsService(solved.accountId, role.Arn!, service) });
  }
  const keys = userKeys.get(solved.accountId)!;
  const asUser = await assumeRoleWithCredentials(solved.accountId, keys, role.Arn!);
  // Only the role's trust policy may refuse the user; anything else is the harness's problem.
  if (!asUser.allowed && asUser.errorCode !== 'AccessDenied') {
    throw new Error(`The check's own sts:AssumeRole as ${USER} failed with ${asUser.errorCode}: ${asUser.message} (a harness problem, not your solution)`);
  }
  outcomes.push({ principal: solved.given.userArn, outcome: asUser });
  return { spec, role, document, statements: statementsOfDocument(document), outcomes };
}

// Numbered from 0, as the IAM engine's explanations number them.
const label = (s: ReadStatement): Bilingual => ({
  en: `statement ${s.index}${s.sid ? ` (Sid "${s.sid}")` : ''}`,
  ja: `ステートメント ${s.index}${s.sid ? ` (Sid "${s.sid}")` : ''} `,
});
const services = (s: ReadStatement) => (s.principal === '*' ? [] : (s.principal.Service ?? []));
const awsPrincipals = (s: ReadStatement) => (s.principal === '*' ? ['*'] : (s.principal.AWS ?? []));

// ---- the learner's messages ----

const policyBlock = (probe: Probe): Bilingual => ({
  en: `The trust policy (AssumeRolePolicyDocument) of ${probe.spec.name} now:\n${indent(probe.document ?? '')}`,
  ja: `${probe.spec.name} の現在の信頼ポリシー(AssumeRolePolicyDocument):\n${indent(probe.document ?? '')}`,
});
const indent = (text: string) => text.split('\n').map((line) => `  | ${line}`).join('\n');

const noRole = (solved: Solved, spec: RoleSpec): Bilingual => ({
  en:
    `There is no role ${spec.name} in account ${solved.accountId}, so nobody can assume it. Create it with CreateRoleCommand ` +
    `(RoleName '${spec.name}', AssumeRolePolicyDocument: a trust policy that lets ${spec.service} — ${spec.who.en} — call sts:AssumeRole), ` +
    `the same shape as the Lambda role of the article's ユーザ・ロール section.`,
  ja:
    `アカウント ${solved.accountId} にロール ${spec.name} がないため、誰も引き受けられません。CreateRoleCommand で作成してください` +
    `(RoleName は '${spec.name}'、AssumeRolePolicyDocument は ${spec.service}(${spec.who.ja})に sts:AssumeRole を許可する信頼ポリシー)。` +
    `記事の「ユーザ・ロール」で作る Lambda 用のロールと同じ形です。`,
});

const engineSays = (outcome: AssumeRoleOutcome): Bilingual =>
  outcome.allowed
    ? { en: '', ja: '' }
    : outcome.explanation
      ? { en: `The harness's IAM engine: ${outcome.explanation.en}`, ja: `ハーネスの IAM エンジンの説明: ${outcome.explanation.ja}` }
      : { en: `AWS answered ${outcome.errorCode}: ${outcome.message}`, ja: `AWS の応答は ${outcome.errorCode} でした: ${outcome.message}` };

/** Why the intended service was refused, beyond the engine's words: the usual slips. */
function whyRefused(probe: Probe): Bilingual[] {
  const { service } = probe.spec;
  const notes: Bilingual[] = [];
  for (const s of probe.statements) {
    const names = services(s);
    if (names.includes(service) && s.effect === 'Allow' && !s.actions.some((a) => /^sts:(AssumeRole|\*)$|^\*$/i.test(a))) {
      notes.push({
        en:
          `${label(s).en} names ${service} but allows ${s.actions.join(', ')}, not sts:AssumeRole. sts:AssumeRoleWithWebIdentity is how a user ` +
          `signed in with a web identity provider (OIDC, Cognito) gets a session; a service takes a role with sts:AssumeRole.`,
        ja:
          `${label(s).ja}は ${service} を指定していますが、許可しているのは ${s.actions.join(', ')} で、sts:AssumeRole ではありません。` +
          `sts:AssumeRoleWithWebIdentity は Web ID プロバイダー(OIDC、Cognito)でサインインしたユーザーがセッションを得るためのものです。サービスは sts:AssumeRole でロールを引き受けます。`,
      });
    }
    if (service === ECS_TASKS && names.includes('ecs.amazonaws.com')) {
      notes.push({
        en:
          `${label(s).en} trusts ecs.amazonaws.com: that is the ECS service itself (the principal of ECS's service-linked role), not your task. ` +
          `The containers of a task get their credentials from a task role that trusts ecs-tasks.amazonaws.com.`,
        ja:
          `${label(s).ja}は ecs.amazonaws.com を信頼しています。これは ECS サービスそのもの(ECS のサービスリンクロールのプリンシパル)で、タスクではありません。` +
          `タスクのコンテナが認証情報を受け取るのは、ecs-tasks.amazonaws.com を信頼するタスクロールからです。`,
      });
    }
  }
  notes.push({
    en: `A trust policy that lets ${probe.spec.who.en} in has a statement with Effect 'Allow', Principal { Service: '${service}' } and Action 'sts:AssumeRole'.`,
    ja: `${probe.spec.who.ja}に引き受けさせる信頼ポリシーには、Effect が 'Allow'、Principal が { Service: '${service}' }、Action が 'sts:AssumeRole' のステートメントが必要です。`,
  });
  return notes;
}

/** Which statements let in a principal that should have been refused, and what that principal entry means. */
function whyAllowed(solved: Solved, probe: Probe, principal: string): Bilingual[] {
  const notes: Bilingual[] = [];
  const root = `arn:aws:iam::${solved.accountId}:root`;
  for (const s of probe.statements.filter((st) => st.effect === 'Allow')) {
    if (s.principal === '*') {
      notes.push({
        en: `${label(s).en} has Principal '*': it trusts everyone, every AWS principal and every service alike.`,
        ja: `${label(s).ja}の Principal は '*' です。すべての AWS プリンシパルとすべてのサービスを信頼しています。`,
      });
      continue;
    }
    if (principal.endsWith('.amazonaws.com') && services(s).includes(principal)) {
      notes.push({
        en:
          `${label(s).en} lists ${principal} as a Service principal (with ${services(s).join(', ')}). Every principal a statement lists may assume the role: ` +
          `give each role its own trust policy, naming only the service that role is for.`,
        ja:
          `${label(s).ja}は ${principal} を Service プリンシパルとして指定しています(指定は ${services(s).join(', ')})。ステートメントに並べたプリンシパルは、どれもロールを引き受けられます。` +
          `ロールごとに、そのロールを使うサービスだけを指定した信頼ポリシーを用意してください。`,
      });
    }
    if (principal === solved.given.userArn) {
      const aws = awsPrincipals(s);
      if (aws.includes('*')) {
        notes.push({
          en:
            `${label(s).en} has Principal { AWS: '*' }: it trusts every AWS principal, so any IAM user or role whose own policy allows sts:AssumeRole ` +
            `(${solved.given.userName}'s does, on every role) gets a session.`,
          ja:
            `${label(s).ja}の Principal は { AWS: '*' } です。すべての AWS プリンシパルを信頼するので、自分のポリシーで sts:AssumeRole を許可された IAM ユーザーやロール` +
            `(${solved.given.userName} はすべてのロールについて許可されています)は誰でもセッションを得られます。`,
        });
      }
      if (aws.includes(root) || aws.includes(solved.accountId)) {
        notes.push({
          en:
            `${label(s).en} trusts ${aws.includes(root) ? root : solved.accountId}, the account. That is not "only the root user": trusting an account hands the decision ` +
            `to the account's identity policies, so every IAM user or role of it that may call sts:AssumeRole (${solved.given.userName} may) can assume the role.`,
          ja:
            `${label(s).ja}はアカウント(${aws.includes(root) ? root : solved.accountId})を信頼しています。これは「ルートユーザーだけ」という意味ではありません。` +
            `アカウントを信頼すると判断がそのアカウントのアイデンティティベースのポリシーに委ねられ、sts:AssumeRole を許可された IAM ユーザーやロール(${solved.given.userName} も)は誰でもロールを引き受けられます。`,
        });
      }
      if (aws.includes(principal)) {
        notes.push({
          en: `${label(s).en} names ${principal} itself as an AWS principal.`,
          ja: `${label(s).ja}は ${principal} 自身を AWS プリンシパルとして指定しています。`,
        });
      }
    }
  }
  if (notes.length === 0) {
    notes.push({
      en: `Remove from the trust policy every principal but ${probe.spec.service}.`,
      ja: `信頼ポリシーから、${probe.spec.service} 以外のプリンシパルをすべて外してください。`,
    });
  }
  return notes;
}

const bullets = (notes: Bilingual[]): Bilingual => ({ en: notes.map((n) => `- ${n.en}`).join('\n'), ja: notes.map((n) => `- ${n.ja}`).join('\n') });
const principalName = (solved: Solved, principal: string): Bilingual =>
  principal === solved.given.userArn
    ? { en: `IAM user ${solved.given.userName} (${principal}, allowed sts:AssumeRole on every role by its own policy)`, ja: `IAM ユーザー ${solved.given.userName}(${principal}、自分のポリシーですべてのロールの sts:AssumeRole を許可済み)` }
    : { en: principal, ja: principal };

// ---- the rules ----

k.test('solve() returns the ARNs of kata-lambda-role and kata-ecs-task-role', async (solved) => {
  const probe = await probeAll(solved);
  const problems: Bilingual[] = [];
  for (const { spec, role } of probe) {
    const returned = (solved.result as Partial<TrustPolicyRoles> | undefined)?.[spec.field];
    if (!role) problems.push(noRole(solved, spec));
    else if (returned !== role.Arn) {
      problems.push({
        en: `${spec.field} is ${JSON.stringify(returned)}, but ${spec.name}'s ARN is ${role.Arn}: return the Arn of the Role that CreateRoleCommand answered.`,
        ja: `${spec.field} が ${JSON.stringify(returned)} ですが、${spec.name} の ARN は ${role.Arn} です。CreateRoleCommand の応答にある Role の Arn を返してください。`,
      });
    }
  }
  check(problems.length === 0, bullets(problems));
});

for (const spec of ROLES) {
  k.test(`${spec.service} can assume ${spec.name}`, async (solved) => {
    const probe = (await probeAll(solved)).find((p) => p.spec === spec)!;
    check(probe.role, noRole(solved, spec));
    const { outcome } = probe.outcomes.find((o) => o.principal === spec.service)!;
    if (outcome.allowed) return;
    const said = engineSays(outcome);
    const notes = bullets(whyRefused(probe));
    const policy = policyBlock(probe);
    check(false, {
      en: `${spec.service} (${spec.who.en}) could not assume ${spec.name} (${probe.role.Arn}), and it is the one principal that should.\n${said.en}\n${notes.en}\n\n${policy.en}`,
      ja: `${spec.service}(${spec.who.ja})が ${spec.name}(${probe.role.Arn})を引き受けられませんでした。引き受けられるべき唯一のプリンシパルです。\n${said.ja}\n${notes.ja}\n\n${policy.ja}`,
    });
  });

  k.test(`nobody else can assume ${spec.name}: not the other services, not IAM user ${USER}`, async (solved) => {
    const probe = (await probeAll(solved)).find((p) => p.spec === spec)!;
    check(probe.role, noRole(solved, spec));
    const intruders = probe.outcomes.filter((o) => o.principal !== spec.service && o.outcome.allowed);
    if (intruders.length === 0) return;
    const parts = intruders.map(({ principal }) => {
      const who = principalName(solved, principal);
      const notes = bullets(whyAllowed(solved, probe, principal));
      return {
        en: `${who.en} could assume ${spec.name}.\n${notes.en}`,
        ja: `${who.ja}が ${spec.name} を引き受けられました。\n${notes.ja}`,
      };
    });
    const policy = policyBlock(probe);
    check(false, {
      en:
        `Only ${spec.service} (${spec.who.en}) should be able to assume ${spec.name} (${probe.role.Arn}), as the article's Lambda role can be assumed only by Lambda. ` +
        `The test asked as ${[LAMBDA, ECS_TASKS, EC2].filter((s) => s !== spec.service).join(', ')} and as IAM user ${solved.given.userName}:\n` +
        `${parts.map((p) => p.en).join('\n')}\n\n${policy.en}`,
      ja:
        `${spec.name}(${probe.role.Arn})を引き受けられるのは ${spec.service}(${spec.who.ja})だけであるべきです。記事の Lambda 用ロールを Lambda だけが引き受けられるのと同じです。` +
        `テストは ${[LAMBDA, ECS_TASKS, EC2].filter((s) => s !== spec.service).join('、')} と IAM ユーザー ${solved.given.userName} として試しました:\n` +
        `${parts.map((p) => p.ja).join('\n')}\n\n${policy.ja}`,
    });
  });
}
