import { CreateRepositoryCommand, DeleteRepositoryCommand, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListUsersCommand, type User } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CiPusherKey, EcrRepositoriesGiven, KataHarness, PushedImage } from 'aws-basics-dojo';
import {
  attemptCall,
  check,
  explainUserDecision,
  iamWildcardMatches,
  kata,
  listOfStrings,
  oncePerSolve,
  policiesOfUser,
  withAccessKeyClients,
  type Bilingual,
  type CallOutcome,
  type HeldPolicy,
  type SolvedKata,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<EcrRepositoriesGiven, CiPusherKey>;

const USER = 'ci-pusher';
const REPO = 'my-repo';
const OTHER_REPO = 'other-repo';
const TAG = 'latest';
/** What a docker push calls, in order (harness/images/push-image.ts does the same). */
const PUSH_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'];

// The setup's harness, by account: the test pushes with it, signed with the returned key.
const harnesses = new Map<string, KataHarness>();

const k = kata<EcrRepositoriesGiven, CiPusherKey>({
  id: '08-user-and-access-key',
  // The article's repository and another one, both empty: made with the calls a person would make.
  async setup({ accountId, clients, harness }) {
    harnesses.set(accountId, harness);
    const { repository: mine } = await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: REPO }));
    const { repository: other } = await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: OTHER_REPO }));
    return {
      repositoryName: REPO,
      repositoryUri: mine!.repositoryUri!,
      repositoryArn: mine!.repositoryArn!,
      otherRepositoryName: OTHER_REPO,
      otherRepositoryUri: other!.repositoryUri!,
      otherRepositoryArn: other!.repositoryArn!,
    };
  },
});

// ---- the user, its key, and what the key can do (once per run) ----

interface Probe {
  user?: User;
  /** Every user of the account, when there is no ci-pusher. */
  userNames: string[];
  /** Why the returned key cannot be used, if it cannot. */
  keyProblem?: Bilingual;
  key?: CiPusherKey;
  /** Who the key signs as (sts GetCallerIdentity). */
  keyOwnerArn?: string;
  push?: CallOutcome<PushedImage>;
  /** The digest the account root sees under my-repo:latest after the push. */
  digestInRepo?: string;
  pushOther?: CallOutcome<PushedImage>;
  deleteRepo?: CallOutcome<unknown>;
  listUsers?: CallOutcome<unknown>;
  createKey?: CallOutcome<unknown>;
}

const probeOnce = oncePerSolve(probeKey);

async function probeKey(solved: Solved): Promise<Probe> {
  const { accountId, given, clients } = solved;
  const users = (await clients.iam.send(new ListUsersCommand({}))).Users ?? [];
  const probe: Probe = { user: users.find((user) => user.UserName === USER), userNames: users.map((user) => user.UserName!) };
  const result = solved.result as Partial<CiPusherKey> | undefined;
  if (typeof result?.accessKeyId !== 'string' || !result.accessKeyId || typeof result.secretAccessKey !== 'string' || !result.secretAccessKey) {
    probe.keyProblem = {
      en: `solve() returned ${JSON.stringify(result)}, not an access key. Return { accessKeyId, secretAccessKey } from the AccessKey that CreateAccessKeyCommand answered (its AccessKeyId and SecretAccessKey).`,
      ja: `solve() の戻り値が ${JSON.stringify(result)} で、アクセスキーではありません。CreateAccessKeyCommand の応答の AccessKey から { accessKeyId, secretAccessKey }(AccessKeyId と SecretAccessKey)を返してください。`,
    };
    return probe;
  }
  const key = { accessKeyId: result.accessKeyId, secretAccessKey: result.secretAccessKey };
  const harness = harnesses.get(accountId)!;
  await withAccessKeyClients(key, async (as) => {
    const identity = await attemptCall(accountId, () => as.sts.send(new GetCallerIdentityCommand({})));
    if (!identity.ok) {
      probe.keyProblem = {
        en:
          `The local AWS refused the key solve() returned (access key id ${key.accessKeyId}): ${identity.errorCode}: ${identity.message}. ` +
          `Return the AccessKeyId and SecretAccessKey of the AccessKey that CreateAccessKeyCommand answered: AWS shows the secret only in that answer.`,
        ja:
          `solve() が返したキー(アクセスキー ID ${key.accessKeyId})をローカルの AWS が受け付けませんでした: ${identity.errorCode}: ${identity.message}。` +
          `CreateAccessKeyCommand の応答にある AccessKey の AccessKeyId と SecretAccessKey を返してください。シークレットが示されるのはその応答の中だけです。`,
      };
      return;
    }
    probe.key = key;
    probe.keyOwnerArn = identity.value.Arn;
    probe.push = await attemptCall(accountId, () => harness.pushSampleImage(given.repositoryUri, TAG, key));
    if (probe.push.ok) {
      const { imageDetails } = await clients.ecr.send(new DescribeImagesCommand({ repositoryName: REPO, imageIds: [{ imageTag: TAG }] }));
      probe.digestInRepo = imageDetails?.[0]?.imageDigest;
    }
    probe.pushOther = await attemptCall(accountId, () => harness.pushSampleImage(given.otherRepositoryUri, TAG, key));
    probe.deleteRepo = await attemptCall(accountId, () => as.ecr.send(new DeleteRepositoryCommand({ repositoryName: REPO })));
    probe.listUsers = await attemptCall(accountId, () => as.iam.send(new ListUsersCommand({})));
    probe.createKey = await attemptCall(accountId, () => as.iam.send(new CreateAccessKeyCommand({ UserName: ownerName(probe) })));
    if (probe.createKey.ok) {
      // Keep the account as solve() left it: the key the probe made is not the learner's.
      const made = (probe.createKey.value as { AccessKey?: { AccessKeyId?: string } }).AccessKey?.AccessKeyId;
      if (made) await clients.iam.send(new DeleteAccessKeyCommand({ UserName: ownerName(probe), AccessKeyId: made }));
    }
  });
  return probe;
}

/** The user the key signs as, else ci-pusher. */
const ownerName = (probe: Probe) => probe.keyOwnerArn?.split(':user/')[1]?.split('/').pop() ?? USER;

// ---- policies, statements and notes ----

interface Statement {
  index: number;
  sid?: string;
  actions: string[];
  resources: string[];
}

function allowStatements(policy: HeldPolicy): Statement[] {
  const raw = Array.isArray(policy.document.Statement) ? policy.document.Statement : [policy.document.Statement];
  return raw.flatMap((s, index) => (s?.Effect === 'Allow' ? [{ index, sid: s.Sid, actions: listOfStrings(s.Action), resources: listOfStrings(s.Resource) }] : []));
}

const statementOf = (policy: HeldPolicy, s: Statement): Bilingual => ({
  en: `statement ${s.index}${s.sid ? ` (Sid "${s.sid}")` : ''} of ${policy.label.en}`,
  ja: `${policy.label.ja}のステートメント ${s.index}${s.sid ? ` (Sid "${s.sid}")` : ''} `,
});

/** Which statements let through a call ci-pusher should not make, and what to narrow. */
function whyAllowed(solved: Solved, policies: HeldPolicy[], action: string, resource: string): Bilingual[] {
  const notes: Bilingual[] = [];
  const myRepo = solved.given.repositoryArn;
  for (const policy of policies) {
    for (const s of allowStatements(policy)) {
      const matchedAction = s.actions.find((a) => iamWildcardMatches(a, action, true));
      const matchedResource = s.resources.find((r) => iamWildcardMatches(r, resource, false));
      if (!matchedAction || !matchedResource) continue;
      const where = statementOf(policy, s);
      if (policy.kind === 'aws-managed') {
        notes.push({
          en:
            `${where.en} allows ${matchedAction} on ${matchedResource}: ${policy.name} is an AWS managed policy written for everyone who needs it, ` +
            `not for ci-pusher. Write your own policy with just what a push needs.`,
          ja:
            `${where.ja}は ${matchedResource} に対する ${matchedAction} を許可しています。${policy.name} は必要とする誰にでも使えるよう書かれた AWS 管理ポリシーで、` +
            `ci-pusher 専用ではありません。プッシュに必要なものだけを書いた自分のポリシーを用意してください。`,
        });
        continue;
      }
      if (matchedAction.toLowerCase() !== action.toLowerCase()) {
        notes.push({
          en: `${where.en} allows Action '${matchedAction}', which covers ${action} too. List the actions a push calls one by one: ${PUSH_ACTIONS.join(', ')} (and ecr:GetAuthorizationToken).`,
          ja: `${where.ja}の Action '${matchedAction}' は ${action} も含みます。プッシュが呼び出すアクションを 1 つずつ書いてください: ${PUSH_ACTIONS.join('、')}(と ecr:GetAuthorizationToken)。`,
        });
      }
      if (matchedResource !== resource) {
        notes.push({
          en:
            `${where.en} allows it on Resource '${matchedResource}', which matches ${resource} too. Only ecr:GetAuthorizationToken needs '*' (it acts on no repository): ` +
            `give it a statement of its own, and name ${REPO}'s ARN ${myRepo} in the statement with the push actions.`,
          ja:
            `${where.ja}は Resource '${matchedResource}' で許可しており、これは ${resource} にも一致します。'*' が必要なのは ecr:GetAuthorizationToken だけです(どのリポジトリにも作用しません)。` +
            `それは別のステートメントにし、プッシュのアクションのステートメントには ${REPO} の ARN ${myRepo} を指定してください。`,
        });
      }
    }
  }
  return notes;
}

// ---- the learner's messages ----

const indent = (text: string) => text.split('\n').map((line) => `  | ${line}`).join('\n');
const bullets = (notes: Bilingual[]): Bilingual => ({ en: notes.map((n) => `- ${n.en}`).join('\n'), ja: notes.map((n) => `- ${n.ja}`).join('\n') });

async function policiesBlock(solved: Solved, probe: Probe): Promise<{ policies: HeldPolicy[]; text: Bilingual }> {
  const name = ownerName(probe);
  const policies = probe.keyOwnerArn?.includes(':user/') ? await policiesOfUser(solved.accountId, name) : [];
  if (policies.length === 0) {
    return {
      policies,
      text: { en: `IAM user ${name} holds no policy now.`, ja: `IAM ユーザー ${name} は現在ポリシーを 1 つも持っていません。` },
    };
  }
  const each = (language: 'en' | 'ja') =>
    policies.map((policy) => `${policy.label[language]}:\n${indent(JSON.stringify(policy.document, null, 2))}`).join('\n');
  return {
    policies,
    text: { en: `The policies IAM user ${name} holds now:\n${each('en')}`, ja: `IAM ユーザー ${name} が現在持っているポリシー:\n${each('ja')}` },
  };
}

const pushSteps = (solved: Solved): Bilingual => ({
  en:
    `What a docker push calls, in order: ecr:GetAuthorizationToken (docker login; it acts on no repository, so only Resource '*' matches it), ` +
    `then for each layer ecr:BatchCheckLayerAvailability and, when ECR lacks the layer, ecr:InitiateLayerUpload, ecr:UploadLayerPart and ecr:CompleteLayerUpload, ` +
    `and last ecr:PutImage (the manifest and its tag), all on the repository ${solved.given.repositoryArn}.`,
  ja:
    `docker push が呼び出すもの(順番どおり): ecr:GetAuthorizationToken(docker login。どのリポジトリにも作用しないので、一致するのは Resource '*' だけです)、` +
    `次にレイヤーごとに ecr:BatchCheckLayerAvailability と、ECR にないレイヤーなら ecr:InitiateLayerUpload・ecr:UploadLayerPart・ecr:CompleteLayerUpload、` +
    `最後に ecr:PutImage(マニフェストとタグ)。いずれもリポジトリ ${solved.given.repositoryArn} に対してです。`,
});

/** The actions of a push (with the resource each acts on) that the key's user is not allowed, per the IAM engine. */
async function missingPushActions(solved: Solved, probe: Probe): Promise<string[]> {
  if (!probe.keyOwnerArn?.includes(':user/')) return [];
  const needed = [['ecr:GetAuthorizationToken', '*'], ...PUSH_ACTIONS.map((action) => [action, solved.given.repositoryArn])];
  const missing: string[] = [];
  for (const [action, resource] of needed) {
    const { allowed } = await explainUserDecision(solved.accountId, ownerName(probe), action, resource);
    if (!allowed) missing.push(resource === '*' ? `${action} (Resource '*')` : action);
  }
  return missing;
}

const answered = (outcome: CallOutcome<unknown>): Bilingual =>
  outcome.ok
    ? { en: 'it succeeded', ja: '成功しました' }
    : outcome.denied
      ? { en: `AWS answered ${outcome.errorCode}: ${outcome.message}`, ja: `AWS の応答は ${outcome.errorCode} でした: ${outcome.message}` }
      : {
          en: `IAM let it through, and only the service itself refused it: ${outcome.errorCode} (${outcome.message})`,
          ja: `IAM は通し、サービス自身が断っただけです: ${outcome.errorCode}(${outcome.message})`,
        };

function noUser(solved: Solved, probe: Probe): Bilingual {
  const others = probe.userNames.length === 0 ? { en: 'it has no IAM user at all', ja: 'IAM ユーザーは 1 人もいません' } : { en: `its users are ${probe.userNames.join(', ')}`, ja: `いるユーザーは ${probe.userNames.join('、')} です` };
  const signs: Bilingual = probe.keyOwnerArn
    ? { en: ` The key solve() returned signs as ${probe.keyOwnerArn}.`, ja: `solve() が返したキーで署名すると ${probe.keyOwnerArn} になります。` }
    : { en: '', ja: '' };
  return {
    en: `There is no IAM user ${USER} in account ${solved.accountId} (${others.en}).${signs.en} Create the user with CreateUserCommand of @aws-sdk/client-iam (UserName '${USER}'), and its key with CreateAccessKeyCommand.`,
    ja: `アカウント ${solved.accountId} に IAM ユーザー ${USER} がいません(${others.ja})。${signs.ja}@aws-sdk/client-iam の CreateUserCommand でユーザーを(UserName は '${USER}')、CreateAccessKeyCommand でそのキーを作成してください。`,
  };
}

/** The key, usable: or the failure of a rule that needs it. */
function needKey(probe: Probe): CiPusherKey {
  if (probe.key) return probe.key;
  return check(false, {
    en: `There is no usable key to check (see the rule 'solve() returns an access key of IAM user ${USER}'): ${probe.keyProblem!.en}`,
    ja: `確かめられるキーがありません(ルール「solve() returns an access key of IAM user ${USER}」を参照): ${probe.keyProblem!.ja}`,
  }) as never;
}

/** A call ci-pusher's key should not get through: passes when IAM refused it, else names what let it through. */
async function expectDenied(
  solved: Solved,
  probe: Probe,
  outcome: CallOutcome<unknown>,
  call: { what: Bilingual; action: string; resource: string },
): Promise<void> {
  needKey(probe);
  if (!outcome.ok && outcome.denied) return;
  const { policies, text } = await policiesBlock(solved, probe);
  const engine = probe.keyOwnerArn?.includes(':user/') ? (await explainUserDecision(solved.accountId, ownerName(probe), call.action, call.resource)).explanation : undefined;
  const said: Bilingual = engine ? { en: `The harness's IAM engine: ${engine.en}`, ja: `ハーネスの IAM エンジンの説明: ${engine.ja}` } : { en: '', ja: '' };
  const notes = bullets(whyAllowed(solved, policies, call.action, call.resource));
  const how = answered(outcome);
  check(false, {
    en:
      `With the key solve() returned (${probe.keyOwnerArn}), the test could ${call.what.en}: ${how.en}. ${USER} may push images to ${REPO} and do nothing else.\n` +
      `${said.en}\n${notes.en}\n\n${text.en}`,
    ja:
      `solve() が返したキー(${probe.keyOwnerArn})で、テストは${call.what.ja}ことができました: ${how.ja}。${USER} に許されるのは ${REPO} へのイメージのプッシュだけです。\n` +
      `${said.ja}\n${notes.ja}\n\n${text.ja}`,
  });
}

// ---- the rules ----

k.test(`solve() returns an access key of IAM user ${USER}`, async (solved) => {
  const probe = await probeOnce(solved);
  check(probe.user, noUser(solved, probe));
  needKey(probe);
  check(probe.keyOwnerArn === probe.user.Arn, {
    en:
      `The key solve() returned signs as ${probe.keyOwnerArn} (sts GetCallerIdentity with it), not as IAM user ${USER} (${probe.user.Arn}). ` +
      `Create the key for ${USER}: CreateAccessKeyCommand({ UserName: '${USER}' }), and return that one.`,
    ja:
      `solve() が返したキーで署名すると ${probe.keyOwnerArn} になり(そのキーで sts GetCallerIdentity を呼んだ結果)、IAM ユーザー ${USER}(${probe.user.Arn})ではありません。` +
      `${USER} のキーを CreateAccessKeyCommand({ UserName: '${USER}' }) で作成し、それを返してください。`,
  });
});

k.test(`with that key, the sample image is pushed to ${REPO}`, async (solved) => {
  const probe = await probeOnce(solved);
  needKey(probe);
  const push = probe.push!;
  if (push.ok) {
    check(probe.digestInRepo === push.value.imageDigest, {
      en: `The push to ${REPO}:${TAG} reported ${push.value.imageDigest}, but DescribeImages shows ${probe.digestInRepo ?? 'no image'} under that tag. This is a harness problem, not your solution.`,
      ja: `${REPO}:${TAG} へのプッシュは ${push.value.imageDigest} を返しましたが、DescribeImages ではそのタグに ${probe.digestInRepo ?? 'イメージなし'} と出ます。解答ではなくハーネスの問題です。`,
    });
    return;
  }
  const { text } = await policiesBlock(solved, probe);
  const stoppedAt = push.operation ? { en: ` stopped at ecr:${push.operation}`, ja: `は ecr:${push.operation} で止まりました` } : { en: ' failed', ja: 'は失敗しました' };
  const said: Bilingual = push.explanation ? { en: `The harness's IAM engine: ${push.explanation.en}`, ja: `ハーネスの IAM エンジンの説明: ${push.explanation.ja}` } : { en: '', ja: '' };
  const steps = pushSteps(solved);
  const missing = push.denied ? await missingPushActions(solved, probe) : [];
  const lacking: Bilingual =
    missing.length > 0
      ? { en: `Of the actions a push needs, ${ownerName(probe)}'s policies do not allow: ${missing.join(', ')}.`, ja: `プッシュに必要なアクションのうち、${ownerName(probe)} のポリシーが許可していないもの: ${missing.join('、')}。` }
      : { en: '', ja: '' };
  const how = answered(push);
  check(false, {
    en: `Pushing the sample image to ${solved.given.repositoryUri}:${TAG} with the key solve() returned (${probe.keyOwnerArn})${stoppedAt.en}: ${how.en}.\n${said.en}\n${steps.en}\n${lacking.en}\n\n${text.en}`,
    ja: `solve() が返したキー(${probe.keyOwnerArn})での ${solved.given.repositoryUri}:${TAG} へのサンプルイメージのプッシュ${stoppedAt.ja}: ${how.ja}。\n${said.ja}\n${steps.ja}\n${lacking.ja}\n\n${text.ja}`,
  });
});

k.test(`with that key, pushing to ${OTHER_REPO} is denied`, async (solved) => {
  const probe = await probeOnce(solved);
  await expectDenied(solved, probe, probe.pushOther ?? { ok: true, value: undefined }, {
    what: { en: `push the sample image to another repository, ${OTHER_REPO}`, ja: `別のリポジトリ ${OTHER_REPO} にサンプルイメージをプッシュする` },
    action: 'ecr:PutImage',
    resource: solved.given.otherRepositoryArn,
  });
});

k.test(`with that key, deleting ${REPO} is denied`, async (solved) => {
  const probe = await probeOnce(solved);
  await expectDenied(solved, probe, probe.deleteRepo ?? { ok: true, value: undefined }, {
    what: { en: `delete the repository ${REPO} (DeleteRepository)`, ja: `リポジトリ ${REPO} を削除する(DeleteRepository)` },
    action: 'ecr:DeleteRepository',
    resource: solved.given.repositoryArn,
  });
});

k.test('with that key, IAM calls are denied (iam:ListUsers, iam:CreateAccessKey)', async (solved) => {
  const probe = await probeOnce(solved);
  needKey(probe);
  const keyMade = probe.createKey && !(!probe.createKey.ok && probe.createKey.denied);
  const listed = probe.listUsers && !(!probe.listUsers.ok && probe.listUsers.denied);
  const ownerArn = probe.keyOwnerArn ?? '';
  await expectDenied(
    solved,
    probe,
    keyMade ? probe.createKey! : listed ? probe.listUsers! : { ok: false, errorCode: 'AccessDenied', message: '', denied: true },
    keyMade
      ? {
          what: { en: `make ${ownerName(probe)} another access key (iam:CreateAccessKey), as anyone holding a leaked key could`, ja: `${ownerName(probe)} の新しいアクセスキーを作る(iam:CreateAccessKey。キーが漏れれば、それを持つ誰にでもできてしまいます)` },
          action: 'iam:CreateAccessKey',
          resource: ownerArn,
        }
      : {
          what: { en: 'list the IAM users of the account (iam:ListUsers)', ja: 'アカウントの IAM ユーザーを一覧する(iam:ListUsers)' },
          action: 'iam:ListUsers',
          resource: `arn:aws:iam::${solved.accountId}:user/`,
        },
  );
});
