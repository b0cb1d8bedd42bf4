import { fixture, one, runKata } from './kata-fixtures';

const KATA = '09-push-to-ecr';
const URI = /^solve\(\) returns the URI of repository my-repo/;
const IMAGE = /^my-repo holds the sample image as 'latest'/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);

describe('kata 09 checks the pushed image against the harness\'s own build, and names what was pushed where', () => {
  test('the starter: no repository, and both rules say to create my-repo and push', async () => {
    const results = await run({});
    expect(results).toHaveLength(2);
    for (const title of [URI, IMAGE]) {
      const { status, message } = one(results, title);
      expect(status).toBe('failed');
      expect(message).toMatch(/KataAssertionError: (No repository to look in\. )?There is no ECR repository in account \d{12}, region [a-z0-9-]+\. Create my-repo with CreateRepositoryCommand/);
      expect(message).toContain("ctx.harness.pushSampleImage(repositoryUri, 'latest')");
    }
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, URI).message).toMatch(/^KataAssertionError: アカウント \d{12}、リージョン [a-z0-9-]+ には ECR リポジトリが 1 つもありません/);
  }, 120_000);

  test('pushed as v1: only the image rule fails, and it finds the sample under v1 with the digest the harness computed', async () => {
    const results = await run(fixture('wrong-solutions', 'pushed-as-v1'));
    expect(one(results, URI).status).toBe('passed');
    const { status, message } = one(results, IMAGE);
    expect(status).toBe('failed');
    const [, listed, named] = message.match(/- (sha256:[0-9a-f]{64}) \(tags v1\)\n\s*The sample is there \((sha256:[0-9a-f]{64})\), but as 'v1'/) ?? [];
    expect(listed).toBeDefined();
    expect(named).toBe(listed);
    expect(message).toContain("push it again with ctx.harness.pushSampleImage(repositoryUri, 'latest')");
  }, 120_000);

  test('the repository ARN returned: only the URI rule fails, and it tells the ARN from the URI', async () => {
    const results = await run(fixture('wrong-solutions', 'returns-repository-arn'));
    expect(one(results, IMAGE).status).toBe('passed');
    const { status, message } = one(results, URI);
    expect(status).toBe('failed');
    expect(message).toMatch(/solve\(\) returned "arn:aws:ecr:[a-z0-9-]+:\d{12}:repository\/my-repo", but the URI of my-repo is \d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/my-repo\. That is the repository's ARN/);
  }, 120_000);

  test('a repository with another name: both rules fail and name the repository that is there', async () => {
    const results = await run(fixture('wrong-solutions', 'repository-named-sample-app'));
    for (const title of [URI, IMAGE]) {
      const { status, message } = one(results, title);
      expect(status).toBe('failed');
      expect(message).toMatch(/There is no ECR repository my-repo in account \d{12}, region [a-z0-9-]+; there is:\n\s*- sample-app \(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/sample-app\)/);
    }
  }, 120_000);

  test('an immutable, scanned repository whose URI is read back with DescribeRepositories also passes', async () => {
    const results = await run(fixture('alternative-solutions', 'immutable-tags-uri-from-describe'));
    expect(results).toHaveLength(2);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
