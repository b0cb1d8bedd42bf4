import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '08-user-and-access-key';
const KEY = /^solve\(\) returns an access key of IAM user ci-pusher/;
const PUSHES = /^with that key, the sample image is pushed to my-repo/;
const NO_OTHER_REPO = /^with that key, pushing to other-repo is denied/;
const NO_DELETE = /^with that key, deleting my-repo is denied/;
const NO_IAM = /^with that key, IAM calls are denied/;
const ALL = [KEY, PUSHES, NO_OTHER_REPO, NO_DELETE, NO_IAM];

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(ALL.length);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};

describe("kata 08 proves what ci-pusher's key can do, and names what lets it do too much or too little", () => {
  test('the starter: every rule fails, naming the user and the key to create', async () => {
    const results = await run({});
    onlyFailing(results, ALL);
    expect(one(results, KEY).message).toMatch(/^KataAssertionError: There is no IAM user ci-pusher in account \d{12} \(it has no IAM user at all\)\. Create the user with CreateUserCommand/);
    for (const title of [PUSHES, NO_OTHER_REPO, NO_DELETE, NO_IAM]) {
      expect(one(results, title).message).toMatch(/^KataAssertionError: There is no usable key to check .*solve\(\) returned \{"accessKeyId":"","secretAccessKey":""\}, not an access key/);
    }
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, KEY).message).toMatch(/^KataAssertionError: アカウント \d{12} に IAM ユーザー ci-pusher がいません/);
  }, 120_000);

  test("the push actions on Resource '*': other-repo takes the push, and the statement is named", async () => {
    const results = await run(fixture('wrong-solutions', 'ecr-push-resource-star'));
    onlyFailing(results, [NO_OTHER_REPO]);
    const { message } = one(results, NO_OTHER_REPO);
    expect(message).toMatch(/the test could push the sample image to another repository, other-repo: it succeeded\./);
    expect(message).toMatch(/The harness's IAM engine: IAM user arn:aws:iam::\d{12}:user\/ci-pusher may call ecr:PutImage on arn:aws:ecr:[a-z0-9-]+:\d{12}:repository\/other-repo: statement 0 of policy push \(inline, user ci-pusher\) allows it\./);
    expect(message).toMatch(/allows it on Resource '\*', which matches .*repository\/other-repo too\. Only ecr:GetAuthorizationToken needs '\*'/);
  }, 120_000);

  test('only ecr:PutImage: the push stops at docker login, and every missing action is named', async () => {
    const results = await run(fixture('wrong-solutions', 'only-put-image'));
    onlyFailing(results, [PUSHES]);
    const { message } = one(results, PUSHES);
    expect(message).toMatch(/stopped at ecr:GetAuthorizationToken: AWS answered AccessDeniedException: User: arn:aws:iam::\d{12}:user\/ci-pusher is not authorized to perform: ecr:GetAuthorizationToken/);
    expect(message).toMatch(/The harness's IAM engine: IAM user .* may not call ecr:GetAuthorizationToken: no statement allows it\./);
    expect(message).toContain(
      "Of the actions a push needs, ci-pusher's policies do not allow: ecr:GetAuthorizationToken (Resource '*'), ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload.",
    );
  }, 120_000);

  test('AdministratorAccess: the push works, and so do other-repo, DeleteRepository and IAM, each naming the managed policy', async () => {
    const results = await run(fixture('wrong-solutions', 'administrator-access'));
    onlyFailing(results, [NO_OTHER_REPO, NO_DELETE, NO_IAM]);
    for (const title of [NO_OTHER_REPO, NO_DELETE, NO_IAM]) {
      expect(one(results, title).message).toMatch(/statement 0 of policy AdministratorAccess allows it\.\n\s*- statement 0 of policy AdministratorAccess allows \* on \*: AdministratorAccess is an AWS managed policy/);
    }
    expect(one(results, NO_DELETE).message).toContain('IAM let it through, and only the service itself refused it: RepositoryNotEmptyException');
    expect(one(results, NO_IAM).message).toMatch(/could make ci-pusher another access key \(iam:CreateAccessKey\)/);
  }, 120_000);

  test('the key of a user named ci_pusher: only the key rule fails, naming who the key signs as', async () => {
    const results = await run(fixture('wrong-solutions', 'key-of-misnamed-user'));
    onlyFailing(results, [KEY]);
    expect(one(results, KEY).message).toMatch(/There is no IAM user ci-pusher in account \d{12} \(its users are ci_pusher\)\. The key solve\(\) returned signs as arn:aws:iam::\d{12}:user\/ci_pusher\./);
  }, 120_000);

  test('a customer managed policy attached to a user under a path, with a wildcard for the layer uploads: also passes', async () => {
    const results = await run(fixture('alternative-solutions', 'managed-push-policy-attached'));
    expect(results).toHaveLength(ALL.length);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
