import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '13-scope-the-policy';
const SAMPLE = /^the sample task \(kata-app\) still logs/;
const ECR = /^in ECR, kata-app-task-role may do ecr:DescribeImages on my-repo and nothing else/;
const OTHERS = /^outside ECR, kata-app-task-role may do nothing/;
const REAL = /^with kata-app-task-role's own credentials, real calls/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(4);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};
const wrong = (name: string) => run(fixture('wrong-solutions', name));

describe('kata 13 proves, by the IAM engine and by real calls, that the task role can do exactly ecr:DescribeImages on my-repo', () => {
  test('the starter: the sample works, but the role may do everything, and both policies that allow it are named', async () => {
    const results = await run({});
    onlyFailing(results, [ECR, OTHERS, REAL]);
    for (const title of [ECR, OTHERS]) {
      const { message } = one(results, title);
      expect(message).toMatch(/^KataAssertionError: /);
      expect(message).toMatch(/statement 0 of AWS managed policy AdministratorAccess \(attached to the role\) \{"Action":"\*","Effect":"Allow","Resource":"\*"\} allows \d+ of them/);
      expect(message).toMatch(/statement 0 \(Sid "Everything"\) of inline policy kata-app-permissions of the role .* allows \d+ of them/);
      expect(message).toContain('arn:aws:iam::aws:policy/AdministratorAccess is an AWS managed policy attached to the role');
      expect(message).toContain('The role has 2 policies, and they add up');
    }
    expect(one(results, ECR).message).toMatch(/It may still do \d+ more in ECR.*?allows \d+ of them: ecr:DescribeImages on other-repo, /s);
    expect(one(results, OTHERS).message).toMatch(/may still do (\d+) of the \d+ actions of s3, iam, ec2, logs, sts, ecs, lambda, dynamodb .*iam:CreateUser, iam:PassRole/s);
    expect(one(results, REAL).message).toMatch(/- ecr:DescribeImages on other-repo: succeeded; it should be AccessDenied\.\n.*- ecr:ListImages on my-repo: succeeded/);
  }, 180_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, ECR).message).toMatch(/^KataAssertionError: kata-app-task-role が ECR でできるのは、my-repo への ecr:DescribeImages ただ 1 つであるべきです/);
    expect(one(results, OTHERS).message).toMatch(/^KataAssertionError: アプリは ECR 以外を呼びませんが/);
    expect(one(results, REAL).message).toMatch(/^KataAssertionError: チェックは、ECS がタスクのためにするのと同じように/);
  }, 180_000);

  test('Resource "*" with only ecr:DescribeImages: other-repo is reachable, and the statement is named', async () => {
    const results = await wrong('resource-star');
    onlyFailing(results, [ECR, REAL]);
    const { message } = one(results, ECR);
    expect(message).toMatch(
      /It may still do 3 more in ECR.*\n.*statement 0 of inline policy kata-app-permissions of the role \{.*"Resource":"\*"\} allows 3 of them: ecr:DescribeImages on other-repo, ecr:DescribeImages on my-repo in us-east-1, ecr:DescribeImages on my-repo-staging \(not created yet\)\./,
    );
    expect(message).toContain('Resource "*" covers other-repo, my-repo in us-east-1, my-repo-staging (not created yet) too, not only my-repo');
    expect(message).not.toContain('Action "');
    expect(one(results, REAL).message).toContain('- ecr:DescribeImages on other-repo: succeeded; it should be AccessDenied.');
  }, 180_000);

  test('ecr:* on my-repo: every other ECR action on my-repo is named, other-repo is not', async () => {
    const results = await wrong('ecr-star-on-my-repo');
    onlyFailing(results, [ECR, REAL]);
    const { message } = one(results, ECR);
    expect(message).toMatch(/statement 0 \(Sid "MyRepo"\) of inline policy kata-app-permissions .* allows \d+ of them: ecr:BatchCheckLayerAvailability on my-repo, ecr:BatchDeleteImage on my-repo/);
    expect(message).toContain('Action "ecr:*" matches more than ecr:DescribeImages');
    expect(message).not.toMatch(/ecr:\w+ on other-repo/);
    expect(one(results, REAL).message).toMatch(/- ecr:ListImages on my-repo: succeeded.*\n.*- ecr:BatchDeleteImage on my-repo .*: succeeded/);
  }, 180_000);

  test('an ARN with any region and any account: my-repo in another region is named, nothing else fails', async () => {
    const results = await wrong('arn-any-region-any-account');
    onlyFailing(results, [ECR]);
    const { message } = one(results, ECR);
    expect(message).toMatch(/allows 1 of them: ecr:DescribeImages on my-repo in us-east-1\./);
    expect(message).toContain('Resource "arn:aws:ecr:*:*:repository/my-repo" covers my-repo in us-east-1 too, not only my-repo.');
  }, 180_000);

  test("my-repo's ARN in us-east-1: the sample loses its image details, and the engine names the region", async () => {
    const results = await wrong('arn-wrong-region');
    onlyFailing(results, [SAMPLE, ECR, REAL]);
    const sample = one(results, SAMPLE).message;
    expect(sample).toMatch(/The sample's ecr:DescribeImages on my-repo was refused \(AccessDeniedException\)\. The harness's IAM engine: .*but only on Resource arn:aws:ecr:us-east-1:\d{12}:repository\/my-repo/);
    expect(sample).toContain("title: 'delectus aut autem'");
    expect(one(results, ECR).message).toMatch(/names region "us-east-1", but my-repo's is "ap-northeast-1"/);
    expect(one(results, REAL).message).toMatch(/- ecr:DescribeImages on my-repo: AccessDeniedException, but the app needs it/);
  }, 180_000);

  test('the inline policy scoped but AdministratorAccess still attached: the managed policy is named, the inline one is not', async () => {
    const results = await wrong('admin-still-attached');
    onlyFailing(results, [ECR, OTHERS, REAL]);
    for (const title of [ECR, OTHERS]) {
      const { message } = one(results, title);
      expect(message).toMatch(/statement 0 of AWS managed policy AdministratorAccess \(attached to the role\) .* allows \d+ of them/);
      expect(message).toContain('Nobody can edit it, and whatever you write in the role\'s other policies, it keeps granting all this: detach it');
      expect(message).not.toContain('Action "*" matches');
      expect(message).not.toMatch(/of inline policy kata-app-permissions of the role .* allows/);
    }
  }, 180_000);

  test('AdministratorAccess detached but the old inline policy kept beside the new one: the old one is named', async () => {
    const results = await wrong('old-inline-policy-kept');
    onlyFailing(results, [ECR, OTHERS, REAL]);
    const { message } = one(results, OTHERS);
    expect(message).toMatch(/statement 0 \(Sid "Everything"\) of inline policy kata-app-permissions of the role .* allows \d+ of them/);
    expect(message).toContain('kata-app-permissions is an inline policy of the role');
    expect(message).not.toMatch(/AdministratorAccess.* allows/);
  }, 180_000);

  test('ecr:Describe* on my-repo: the other Describe actions it matches are named', async () => {
    const results = await wrong('describe-star');
    onlyFailing(results, [ECR]);
    const { message } = one(results, ECR);
    expect(message).toMatch(/Action "ecr:Describe\*" matches more than ecr:DescribeImages \(ecr:DescribeImageReplicationStatus, /);
    expect(message).toContain('ecr:DescribeRepositories on my-repo');
  }, 180_000);

  test('both policies removed and nothing put in their place: the sample loses its image details, and the engine says nothing allows the call', async () => {
    const results = await wrong('everything-removed');
    onlyFailing(results, [SAMPLE, ECR, REAL]);
    expect(one(results, SAMPLE).message).toMatch(/scoping went too far.*\n.*refused \(AccessDeniedException\).*it has no identity-based policy, so nothing allows the call/);
    expect(one(results, ECR).message).toMatch(/It may not call ecr:DescribeImages on my-repo .*, the one call the app makes/);
  }, 180_000);

  test.each(['managed-policy-from-ctx', 'inline-policy-rewritten'])('the alternative %s passes', async (name) => {
    const results = await run(fixture('alternative-solutions', name));
    expect(results).toHaveLength(4);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 180_000);
});
