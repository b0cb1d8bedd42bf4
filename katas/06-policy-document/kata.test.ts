import { randomUUID } from 'node:crypto';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetPolicyVersionCommand,
  ListPoliciesCommand,
  type Policy,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3BucketsGiven } from 'aws-basics-dojo';
import {
  attemptCall,
  check,
  explainUserDecision,
  iamWildcardMatches,
  kata,
  oncePerSolve,
  readPolicyDocument,
  statementsOfDocument,
  withAccessKeyClients,
  type Bilingual,
  type CallOutcome,
  type ReadStatement,
  type SolvedKata,
} from 'aws-basics-dojo/testing';

type Solved = SolvedKata<S3BucketsGiven, string>;

const POLICY = 'kata-s3-put-objects';
/** The article's bucket. S3 bucket names are global, so the kata's buckets add the account id to it. */
const ARTICLE_BUCKET = 'mybucket';
/** How the titles name the buckets, whose names carry the run's account id. */
const BUCKET_TITLE = `${ARTICLE_BUCKET}-<account>`;
const OTHER_BUCKET_TITLE = `${BUCKET_TITLE}-backup`;
const README = 'readme.txt';
const KEY = 'a.txt';
/** The IAM user the test makes after solve(), holding only the learner's policy. */
const WRITER = 'kata-s3-writer';

const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

const k = kata<S3BucketsGiven, string>({
  id: '06-policy-document',
  // The article's bucket with one object in it, and another bucket of the same account. Bucket names
  // are global across all accounts, so both carry the account id: runs of this kata against one
  // backend never ask for the same name. The other bucket's name starts with the first one's, so a
  // Resource of 'arn:aws:s3:::<bucket>*' reaches it.
  async setup({ accountId, clients, region }) {
    const bucket = `${ARTICLE_BUCKET}-${accountId}`;
    const otherBucket = `${bucket}-backup`;
    for (const name of [bucket, otherBucket]) {
      await clients.s3.send(
        new CreateBucketCommand({
          Bucket: name,
          ...(region !== 'us-east-1' && { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        }),
      );
    }
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: README, Body: 'Put objects here with kata-s3-put-objects.\n' }));
    return { bucket, bucketArn: bucketArn(bucket), otherBucket };
  },
});

// ---- the policy, and what a user holding only it can do (once per run) ----

interface FoundPolicy {
  arn: string;
  /** The default version's document, pretty-printed. */
  document: string;
  statements: ReadStatement[];
}

interface Probe {
  policy?: FoundPolicy;
  /** Names of the account's customer managed policies, when none is named kata-s3-put-objects. */
  otherPolicies: string[];
  writerArn?: string;
  put?: CallOutcome<unknown>;
  /** What the account root reads at <bucket>/a.txt after the writer's put. */
  readBack?: string;
  /** What the writer put. */
  written?: string;
  get?: CallOutcome<string>;
  putOther?: CallOutcome<unknown>;
  deleteBucket?: CallOutcome<unknown>;
}

const probeOnce = oncePerSolve(probePolicy);

async function probePolicy(solved: Solved): Promise<Probe> {
  const { iam, s3 } = solved.clients;
  const { bucket, otherBucket } = solved.given;
  const local = await customerManagedPolicies(solved);
  const found = local.find((policy) => policy.PolicyName === POLICY);
  if (!found) return { otherPolicies: local.map((policy) => policy.PolicyName!) };
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: found.Arn!, VersionId: found.DefaultVersionId! }));
  const document = readPolicyDocument(version.PolicyVersion?.Document);
  const policy: FoundPolicy = { arn: found.Arn!, document, statements: statementsOfDocument(document) };

  // A principal holding this policy and nothing else, made the way a person would.
  const { User } = await iam.send(new CreateUserCommand({ UserName: WRITER }));
  await iam.send(new AttachUserPolicyCommand({ UserName: WRITER, PolicyArn: found.Arn! }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: WRITER }));
  const key = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  const written = `written by ${WRITER}, ${randomUUID()}\n`;

  const probe: Probe = { policy, otherPolicies: [], writerArn: User!.Arn!, written };
  await withAccessKeyClients(key, async (as) => {
    const { accountId } = solved;
    probe.put = await attemptCall(accountId, () => as.s3.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: written })));
    if (probe.put.ok) probe.readBack = await readObject(s3, bucket, KEY);
    probe.get = await attemptCall(accountId, async () => readObject(as.s3, bucket, KEY));
    probe.putOther = await attemptCall(accountId, () => as.s3.send(new PutObjectCommand({ Bucket: otherBucket, Key: KEY, Body: written })));
    // The bucket is never empty (readme.txt), so an allowed DeleteBucket ends in BucketNotEmpty.
    probe.deleteBucket = await attemptCall(accountId, () => as.s3.send(new DeleteBucketCommand({ Bucket: bucket })));
  });
  return probe;
}

async function customerManagedPolicies(solved: Solved): Promise<Policy[]> {
  const policies: Policy[] = [];
  let marker: string | undefined;
  do {
    const page = await solved.clients.iam.send(new ListPoliciesCommand({ Scope: 'Local', Marker: marker }));
    policies.push(...(page.Policies ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return policies;
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await Body?.transformToString('utf8')) ?? '';
}

/** The Allow statements whose Action and Resource both cover the call (conditions aside). */
const allowing = (policy: FoundPolicy, action: string, resource: string) =>
  policy.statements.filter(
    (s) => s.effect === 'Allow' && s.actions.some((a) => iamWildcardMatches(a, action, true)) && s.resources.some((r) => iamWildcardMatches(r, resource, false)),
  );

const label = (s: ReadStatement): Bilingual => ({
  en: `statement ${s.index}${s.sid ? ` (Sid "${s.sid}")` : ''}`,
  ja: `ステートメント ${s.index}${s.sid ? ` (Sid "${s.sid}")` : ''} `,
});

// ---- the learner's messages ----

const indent = (text: string) => text.split('\n').map((line) => `  | ${line}`).join('\n');
const documentBlock = (policy: FoundPolicy): Bilingual => ({
  en: `The policy document of ${POLICY} (${policy.arn}) now:\n${indent(policy.document)}`,
  ja: `${POLICY}(${policy.arn})の現在のポリシードキュメント:\n${indent(policy.document)}`,
});
const bullets = (notes: Bilingual[]): Bilingual => ({ en: notes.map((n) => `- ${n.en}`).join('\n'), ja: notes.map((n) => `- ${n.ja}`).join('\n') });

function noPolicy(solved: Solved, probe: Probe): Bilingual {
  const others = probe.otherPolicies;
  const found: Bilingual =
    others.length === 0
      ? { en: 'The account has no customer managed policy at all.', ja: 'アカウントにはカスタマー管理ポリシーが 1 つもありません。' }
      : {
          en: `Its customer managed policies are: ${others.map((n) => `'${n}'`).join(', ')}. A policy's name is part of its ARN, and the test finds the policy by that name.`,
          ja: `あるカスタマー管理ポリシーは ${others.map((n) => `'${n}'`).join('、')} です。ポリシーの名前は ARN の一部で、テストはその名前でポリシーを探します。`,
        };
  return {
    en:
      `There is no customer managed policy named ${POLICY} in account ${solved.accountId}. ${found.en}\n` +
      `Create it with CreatePolicyCommand of @aws-sdk/client-iam (PolicyName '${POLICY}', PolicyDocument: the article's JSON as a string, narrowed to ` +
      `the action s3:PutObject on the resource ${solved.given.bucketArn}/*, the objects of ctx.given.bucket), and return the Policy.Arn it answers.`,
    ja:
      `アカウント ${solved.accountId} に ${POLICY} という名前のカスタマー管理ポリシーがありません。${found.ja}\n` +
      `@aws-sdk/client-iam の CreatePolicyCommand で作成し(PolicyName は '${POLICY}'、PolicyDocument は記事の JSON を文字列にしたもので、` +
      `アクションを s3:PutObject、リソースを ctx.given.bucket のオブジェクト ${solved.given.bucketArn}/* に絞ります)、応答の Policy.Arn を返してください。`,
  };
}

function needPolicy(solved: Solved, probe: Probe): FoundPolicy {
  check(probe.policy, noPolicy(solved, probe));
  return probe.policy;
}

const awsAnswered = (outcome: CallOutcome<unknown>): Bilingual =>
  outcome.ok
    ? { en: 'S3 carried it out', ja: 'S3 が実行しました' }
    : outcome.denied
      ? { en: `AWS answered ${outcome.errorCode}: ${outcome.message}`, ja: `AWS の応答は ${outcome.errorCode} でした: ${outcome.message}` }
      : {
          en: `IAM let the call through, and only S3 itself refused it: ${outcome.errorCode} (${outcome.message})`,
          ja: `IAM は呼び出しを通し、S3 自身が断っただけです: ${outcome.errorCode}(${outcome.message})`,
        };

// Why the put was refused, beyond the engine's words: the article's resource, and the usual slips.
function whyPutRefused(policy: FoundPolicy, given: S3BucketsGiven): Bilingual[] {
  const notes: Bilingual[] = [];
  const objects = `${given.bucketArn}/*`;
  for (const s of policy.statements) {
    const articleBucket = s.resources.find((r) => r === bucketArn(ARTICLE_BUCKET) || r.startsWith(`${bucketArn(ARTICLE_BUCKET)}/`));
    if (articleBucket) {
      notes.push({
        en:
          `${label(s).en} names ${articleBucket}, the article's bucket. Your account has no bucket called ${ARTICLE_BUCKET}: bucket names are global across ` +
          `all AWS accounts (one ${ARTICLE_BUCKET} in the whole world), so the setup named yours after your account id: ${given.bucket} (ctx.given.bucket). ` +
          `Build the Resource from ctx.given: \`\${ctx.given.bucketArn}/*\` is ${objects}.`,
        ja:
          `${label(s).ja}は記事のバケット ${articleBucket} を指定しています。あなたのアカウントに ${ARTICLE_BUCKET} というバケットはありません。` +
          `バケット名はすべての AWS アカウントをまたいでグローバル(${ARTICLE_BUCKET} は世界に 1 つだけ)なので、セットアップはアカウント ID を付けた ${given.bucket}(ctx.given.bucket)を作りました。` +
          `Resource は ctx.given から組み立ててください。\`\${ctx.given.bucketArn}/*\` は ${objects} です。`,
      });
    }
    if (s.resources.includes(given.bucketArn)) {
      notes.push({
        en:
          `${label(s).en} names ${given.bucketArn}: that is the bucket itself. s3:PutObject acts on objects, whose ARNs are ${given.bucketArn}/<key>; ` +
          `the article writes <bucket ARN>/* for every object of the bucket.`,
        ja:
          `${label(s).ja}は ${given.bucketArn} を指定しています。これはバケットそのものです。s3:PutObject の対象はオブジェクトで、ARN は ${given.bucketArn}/<キー> です。` +
          `記事のとおり、バケットのすべてのオブジェクトは <バケットの ARN>/* と書きます。`,
      });
    }
  }
  notes.push({
    en: `The policy needs a statement with Effect 'Allow', Action 's3:PutObject' and Resource '${objects}' (ctx.given.bucketArn followed by /*).`,
    ja: `ポリシーには、Effect が 'Allow'、Action が 's3:PutObject'、Resource が '${objects}'(ctx.given.bucketArn のあとに /*)のステートメントが必要です。`,
  });
  return notes;
}

/** Which statements let a call through that the policy should not allow, and what to narrow. */
function whyAllowed(policy: FoundPolicy, given: S3BucketsGiven, action: string, resource: string): Bilingual[] {
  const notes: Bilingual[] = [];
  for (const s of allowing(policy, action, resource)) {
    const matchedAction = s.actions.find((a) => iamWildcardMatches(a, action, true))!;
    const matchedResource = s.resources.find((r) => iamWildcardMatches(r, resource, false))!;
    if (action !== 's3:PutObject') {
      const covers = matchedAction.toLowerCase() === action.toLowerCase() ? { en: '', ja: '' } : { en: `, which covers ${action} too`, ja: `。これは ${action} も含みます` };
      const article = matchedAction === 's3:*' ? { en: ' (the article\'s first example: "any S3 operation")', ja: '(記事の最初の例「任意の S3 操作」です)' } : { en: '', ja: '' };
      notes.push({
        en: `${label(s).en} allows Action '${matchedAction}'${covers.en}${article.en}. Name the one action the policy is for: 's3:PutObject'.`,
        ja: `${label(s).ja}は Action '${matchedAction}' を許可しています${covers.ja}${article.ja}。ポリシーの目的の 1 つのアクション 's3:PutObject' だけを指定してください。`,
      });
    }
    if (matchedResource !== resource && !matchedResource.startsWith(`${given.bucketArn}/`)) {
      const matched =
        matchedResource === '*'
          ? { en: "Resource '*' is every resource: every object of every bucket, and every bucket.", ja: "Resource '*' はすべてのリソース、つまりすべてのバケットとそのすべてのオブジェクトです。" }
          : { en: `Resource '${matchedResource}' matches ${resource} too (a * matches any characters, '-' and '/' included).`, ja: `Resource '${matchedResource}' は ${resource} にも一致します(* は '-' や '/' を含む任意の文字列に一致します)。` };
      notes.push({
        en: `${label(s).en}: ${matched.en} Narrow it to the objects of ${given.bucket}: '${given.bucketArn}/*', as the article does.`,
        ja: `${label(s).ja}: ${matched.ja} 記事のとおり、${given.bucket} のオブジェクト '${given.bucketArn}/*' に絞ってください。`,
      });
    }
  }
  return notes;
}

const writerIs = (probe: Probe): Bilingual => ({
  en: `IAM user ${WRITER} (${probe.writerArn}), which holds only ${POLICY}`,
  ja: `${POLICY} だけを持つ IAM ユーザー ${WRITER}(${probe.writerArn})`,
});

/** A call the policy should not allow: passes when IAM refused it, else names what let it through. */
async function expectDenied(solved: Solved, probe: Probe, outcome: CallOutcome<unknown>, call: { action: string; resource: string; what: Bilingual }): Promise<void> {
  const policy = needPolicy(solved, probe);
  if (!outcome.ok && outcome.denied) return;
  const engine = await explainUserDecision(solved.accountId, WRITER, call.action, call.resource);
  const notes = bullets(whyAllowed(policy, solved.given, call.action, call.resource));
  const who = writerIs(probe);
  const answered = awsAnswered(outcome);
  const block = documentBlock(policy);
  check(false, {
    en:
      `${who.en}, could ${call.what.en} (${call.action} on ${call.resource}); ${answered.en}. The policy should allow s3:PutObject on the objects of ${solved.given.bucket} and nothing else.\n` +
      `The harness's IAM engine: ${engine.explanation.en}\n${notes.en}\n\n${block.en}`,
    ja:
      `${who.ja}が ${call.what.ja}ことができました(${call.resource} に対する ${call.action})。${answered.ja}。ポリシーが許可するのは ${solved.given.bucket} のオブジェクトへの s3:PutObject だけであるべきです。\n` +
      `ハーネスの IAM エンジンの説明: ${engine.explanation.ja}\n${notes.ja}\n\n${block.ja}`,
  });
}

// ---- the rules ----

k.test(`solve() returns the ARN of the customer managed policy ${POLICY}`, async (solved) => {
  const probe = await probeOnce(solved);
  const policy = needPolicy(solved, probe);
  check(solved.result === policy.arn, {
    en: `solve() returned ${JSON.stringify(solved.result)}, but ${POLICY}'s ARN is ${policy.arn}: return the Arn of the Policy that CreatePolicyCommand answered.`,
    ja: `solve() の戻り値が ${JSON.stringify(solved.result)} ですが、${POLICY} の ARN は ${policy.arn} です。CreatePolicyCommand の応答にある Policy の Arn を返してください。`,
  });
});

k.test(`${WRITER}, holding only ${POLICY}, can put ${BUCKET_TITLE}/${KEY} (s3:PutObject)`, async (solved) => {
  const probe = await probeOnce(solved);
  const policy = needPolicy(solved, probe);
  const { bucket, otherBucket } = solved.given;
  const put = probe.put!;
  const who = writerIs(probe);
  if (put.ok) {
    check(probe.readBack === probe.written, {
      en: `${who.en}, put ${bucket}/${KEY}, but the account root reads something else there: ${JSON.stringify(probe.readBack)}. This is a harness problem, not your solution.`,
      ja: `${who.ja}は ${bucket}/${KEY} を書き込みましたが、アカウントのルートユーザーが読むと別の内容です: ${JSON.stringify(probe.readBack)}。解答ではなくハーネスの問題です。`,
    });
    return;
  }
  const engine: Bilingual = put.explanation
    ? { en: `The harness's IAM engine: ${put.explanation.en}`, ja: `ハーネスの IAM エンジンの説明: ${put.explanation.ja}` }
    : { en: '', ja: '' };
  const notes = put.denied
    ? bullets(whyPutRefused(policy, solved.given))
    : { en: `- Keep the buckets the setup made (${bucket}, ${otherBucket}).`, ja: `- セットアップが作ったバケット(${bucket}、${otherBucket})は残しておいてください。` };
  const answered = awsAnswered(put);
  const block = documentBlock(policy);
  check(false, {
    en: `${who.en}, could not put ${bucket}/${KEY} with a real S3 PutObject call: ${answered.en}.\n${engine.en}\n${notes.en}\n\n${block.en}`,
    ja: `${who.ja}が、S3 の PutObject 呼び出しで ${bucket}/${KEY} を書き込めませんでした: ${answered.ja}。\n${engine.ja}\n${notes.ja}\n\n${block.ja}`,
  });
});

k.test(`${WRITER} is denied s3:GetObject on ${BUCKET_TITLE}/${KEY}`, async (solved) => {
  const probe = await probeOnce(solved);
  const { bucket } = solved.given;
  await expectDenied(solved, probe, probe.get!, {
    action: 's3:GetObject',
    resource: objectArn(bucket, KEY),
    what: { en: `read ${bucket}/${KEY}`, ja: `${bucket}/${KEY} を読む` },
  });
});

k.test(`${WRITER} is denied s3:PutObject to another bucket, ${OTHER_BUCKET_TITLE}`, async (solved) => {
  const probe = await probeOnce(solved);
  const { otherBucket } = solved.given;
  await expectDenied(solved, probe, probe.putOther!, {
    action: 's3:PutObject',
    resource: objectArn(otherBucket, KEY),
    what: { en: `put ${otherBucket}/${KEY}, an object of another bucket`, ja: `別のバケットのオブジェクト ${otherBucket}/${KEY} を書き込む` },
  });
});

k.test(`${WRITER} is denied s3:DeleteBucket on ${BUCKET_TITLE}`, async (solved) => {
  const probe = await probeOnce(solved);
  const { bucket } = solved.given;
  await expectDenied(solved, probe, probe.deleteBucket!, {
    action: 's3:DeleteBucket',
    resource: bucketArn(bucket),
    what: { en: `delete the bucket ${bucket}`, ja: `バケット ${bucket} を削除する` },
  });
});
