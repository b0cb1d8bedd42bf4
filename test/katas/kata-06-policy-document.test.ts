import * as path from 'node:path';
import { MotoBackend } from '../../harness/backends/moto/moto-backend';
import { ROOT } from '../run-dojo';
import { runKatasWithReport, type KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '06-policy-document';
const RETURNS = /^solve\(\) returns the ARN of the customer managed policy kata-s3-put-objects/;
const PUTS = /^kata-s3-writer, holding only kata-s3-put-objects, can put mybucket-<account>\/a\.txt/;
const NO_GET = /^kata-s3-writer is denied s3:GetObject/;
const NO_OTHER_BUCKET = /^kata-s3-writer is denied s3:PutObject to another bucket/;
const NO_DELETE = /^kata-s3-writer is denied s3:DeleteBucket/;
const ALL = [RETURNS, PUTS, NO_GET, NO_OTHER_BUCKET, NO_DELETE];

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(ALL.length);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};
/** The run's account, read from the writer's ARN in a failure message. */
const accountOf = (message: string) => {
  const account = /arn:aws:iam::(\d{12}):user\/kata-s3-writer/.exec(message)?.[1];
  expect(account).toBeDefined();
  return account!;
};
const ENGINE_ALLOWS = (action: string, resource: string) =>
  new RegExp(`The harness's IAM engine: IAM user arn:aws:iam::\\d{12}:user/kata-s3-writer may call ${action} on ${resource.replace(/[.*/]/g, '\\$&')}: statement 0 of policy kata-s3-put-objects allows it\\.`);

describe('kata 06 proves what a user holding only the policy can do in S3, and names the statement at fault', () => {
  test('the starter: every rule fails, naming the policy to create with CreatePolicy', async () => {
    const results = await run({});
    onlyFailing(results, ALL);
    for (const title of ALL) {
      const { message } = one(results, title);
      expect(message).toMatch(/^KataAssertionError: There is no customer managed policy named kata-s3-put-objects in account \d{12}\. The account has no customer managed policy at all\./);
      expect(message).toContain('CreatePolicyCommand');
      const account = /in account (\d{12})/.exec(message)![1];
      expect(message).toContain(`on the resource arn:aws:s3:::mybucket-${account}/*, the objects of ctx.given.bucket`);
    }
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, PUTS).message).toMatch(/^KataAssertionError: アカウント \d{12} に kata-s3-put-objects という名前のカスタマー管理ポリシーがありません/);
  }, 120_000);

  test("Resource '*': the user puts into the other bucket, and the engine names the statement", async () => {
    const results = await run(fixture('wrong-solutions', 's3-resource-star'));
    onlyFailing(results, [NO_OTHER_BUCKET]);
    const { message } = one(results, NO_OTHER_BUCKET);
    const account = accountOf(message);
    expect(message).toMatch(new RegExp(`could put mybucket-${account}-backup/a\\.txt, an object of another bucket .*; S3 carried it out\\.`));
    expect(message).toMatch(ENGINE_ALLOWS('s3:PutObject', `arn:aws:s3:::mybucket-${account}-backup/a.txt`));
    expect(message).toContain("- statement 0: Resource '*' is every resource");
  }, 120_000);

  test("Action 's3:*' on the bucket's objects: the user reads a.txt, and the article's wide action is named", async () => {
    const results = await run(fixture('wrong-solutions', 's3-every-action'));
    onlyFailing(results, [NO_GET]);
    const { message } = one(results, NO_GET);
    expect(message).toMatch(ENGINE_ALLOWS('s3:GetObject', `arn:aws:s3:::mybucket-${accountOf(message)}/a.txt`));
    expect(message).toContain("- statement 0 allows Action 's3:*', which covers s3:GetObject too (the article's first example");
  }, 120_000);

  test('the bucket ARN instead of its objects: the put is refused with AccessDenied, and the engine and the note say why', async () => {
    const results = await run(fixture('wrong-solutions', 'bucket-not-objects'));
    onlyFailing(results, [PUTS]);
    const { message } = one(results, PUTS);
    const bucket = `mybucket-${accountOf(message)}`;
    expect(message).toContain(
      `could not put ${bucket}/a.txt with a real S3 PutObject call: AWS answered AccessDenied: User: arn:aws:iam::${accountOf(message)}:user/kata-s3-writer is not authorized to perform: s3:PutObject`,
    );
    expect(message).toMatch(new RegExp(`The harness's IAM engine: .*Closest: statement 0 of policy kata-s3-put-objects allows s3:PutObject, but only on Resource arn:aws:s3:::${bucket}\\.`));
    expect(message).toContain(`- statement 0 names arn:aws:s3:::${bucket}: that is the bucket itself.`);
  }, 120_000);

  test("the article's Resource copied as it is, arn:aws:s3:::mybucket/*: the put is refused, and the note says why the bucket carries the account id", async () => {
    const results = await run(fixture('wrong-solutions', 'article-bucket-name'));
    onlyFailing(results, [PUTS]);
    const { message } = one(results, PUTS);
    const bucket = `mybucket-${accountOf(message)}`;
    expect(message).toContain(`could not put ${bucket}/a.txt with a real S3 PutObject call: AWS answered AccessDenied`);
    expect(message).toContain(
      "- statement 0 names arn:aws:s3:::mybucket/*, the article's bucket. Your account has no bucket called mybucket: bucket names are global across all AWS accounts",
    );
    expect(message).toContain(`so the setup named yours after your account id: ${bucket} (ctx.given.bucket).`);
    expect(message).toContain(`Resource 'arn:aws:s3:::${bucket}/*' (ctx.given.bucketArn followed by /*)`);
  }, 120_000);

  test("'arn:aws:s3:::<bucket>*': the wildcard reaches the backup bucket, and says so", async () => {
    const results = await run(fixture('wrong-solutions', 'bucket-prefix-wildcard'));
    onlyFailing(results, [NO_OTHER_BUCKET]);
    const { message } = one(results, NO_OTHER_BUCKET);
    const bucket = `mybucket-${accountOf(message)}`;
    expect(message).toContain(`Resource 'arn:aws:s3:::${bucket}*' matches arn:aws:s3:::${bucket}-backup/a.txt too`);
  }, 120_000);

  test('the right document under another name: every rule names the policy that exists', async () => {
    const results = await run(fixture('wrong-solutions', 'policy-misnamed'));
    onlyFailing(results, ALL);
    expect(one(results, RETURNS).message).toContain("Its customer managed policies are: 'kata-s3-put-object'. A policy's name is part of its ARN");
  }, 120_000);

  test('Action and Resource as lists, a Sid and a Condition that always holds, the ARN read back by name: also passes', async () => {
    const results = await run(fixture('alternative-solutions', 'action-list-with-sid-and-condition'));
    expect(results).toHaveLength(ALL.length);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);

  // npm run grade grades many folders at once against one local AWS. Bucket names are global there
  // as in AWS, so two runs may only overlap when each asks for a name of its own account.
  // The shared backend is a moto of its own, as in a grading run, so only these two runs meet there.
  test('two runs of the reference at the same time, against one shared backend: both pass', async () => {
    const shared = new MotoBackend(() => {});
    await shared.start();
    try {
      const endpoint = shared.endpoint();
      const env = { KATA_BACKEND: 'endpoint', KATA_ENDPOINT: endpoint, KATA_SOLUTIONS_DIR: path.join(ROOT, 'solutions') };
      const runs = await Promise.all([runKatasWithReport(env, [KATA]), runKatasWithReport(env, [KATA])]);
      for (const { run, results } of runs) {
        expect(run.output).toContain(`local AWS ready: endpoint at ${endpoint}`);
        expect(results.map((result) => `${result.title}: ${result.status}${result.failureMessages.map((m) => `\n${m}`).join('')}`)).toEqual(
          results.map((result) => `${result.title}: passed`),
        );
        expect(results).toHaveLength(ALL.length);
      }
    } finally {
      await shared.stop();
    }
  }, 240_000);
});
