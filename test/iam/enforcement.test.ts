import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, DeleteRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { accountCalls, newAccount } from '../../harness/runner/control-api';

const cloud = currentLocalCloud();
const region = cloud.region;
const toDestroy: { destroy(): void }[] = [];
afterAll(() => toDestroy.forEach((client) => client.destroy()));

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const ecrAs = (credentials: Credentials, inRegion = region) => keep(new ECRClient({ endpoint: cloud.gatewayUrl, region: inRegion, credentials, maxAttempts: 1 }));
const keep = <T extends { destroy(): void }>(client: T) => (toDestroy.push(client), client);

const ecsTasksTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const articleLambdaTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const accountTrust = (accountId: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] });
const readMyRepo = (accountId: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadMyRepo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: `arn:aws:ecr:${region}:${accountId}:repository/my-repo` }],
});

/** A fresh account with my-repo and other-repo, and root clients for it. */
async function accountWithRepositories(): Promise<{ accountId: string; root: KataClients }> {
  const accountId = await newAccount(cloud.gatewayUrl);
  const root = createClients({ endpoint: cloud.gatewayUrl, region, credentials: rootCredentials(accountId) });
  toDestroy.push({ destroy: () => destroyClients(root) });
  for (const repositoryName of ['my-repo', 'other-repo']) await root.ecr.send(new CreateRepositoryCommand({ repositoryName }));
  return { accountId, root };
}

async function roleSession(root: KataClients, accountId: string, roleName: string, policy: object): Promise<Credentials> {
  await root.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(accountTrust(accountId)) }));
  await root.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: `${roleName}-policy`, PolicyDocument: JSON.stringify(policy) }));
  const { Credentials } = await root.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 's1' }));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

const notAuthorized = (principal: string, action: string, resource: string, because: string) =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${because}`;
const noAllow = (action: string) => `because no identity-based policy allows the ${action} action`;

describe('IAM enforcement in the gateway', () => {
  test('a role session allowed ecr:DescribeImages on my-repo: my-repo yes; other-repo, DeleteRepository and us-east-1 no, with AWS\'s message', async () => {
    const { accountId, root } = await accountWithRepositories();
    const session = await roleSession(root, accountId, 'reader', readMyRepo(accountId));
    const sessionArn = `arn:aws:sts::${accountId}:assumed-role/reader/s1`;
    const ecr = ecrAs(session);

    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))).resolves.toMatchObject({ imageDetails: [] });

    const otherRepo = `arn:aws:ecr:${region}:${accountId}:repository/other-repo`;
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'other-repo' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: notAuthorized(sessionArn, 'ecr:DescribeImages', otherRepo, noAllow('ecr:DescribeImages')),
      $metadata: { httpStatusCode: 400 },
    });
    const myRepo = `arn:aws:ecr:${region}:${accountId}:repository/my-repo`;
    await expect(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'my-repo' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: notAuthorized(sessionArn, 'ecr:DeleteRepository', myRepo, noAllow('ecr:DeleteRepository')),
    });
    await expect(ecrAs(session, 'us-east-1').send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: notAuthorized(sessionArn, 'ecr:DescribeImages', `arn:aws:ecr:us-east-1:${accountId}:repository/my-repo`, noAllow('ecr:DescribeImages')),
    });

    // The lesson "scope the policy": the denial is explained with the statement that came closest.
    const { calls } = await accountCalls(cloud.gatewayUrl, accountId);
    const denied = calls.find((call) => call.errorCode === 'AccessDeniedException');
    expect(denied?.explanation?.en).toContain('ReadMyRepo');
    expect(denied?.explanation?.en).toContain(otherRepo);
    expect(denied?.explanation?.en).toContain(myRepo);
    expect(denied?.explanation?.ja).toContain('ReadMyRepo');
  });

  test('an explicit Deny overrides an ecr:* Allow', async () => {
    const { accountId, root } = await accountWithRepositories();
    const myRepo = `arn:aws:ecr:${region}:${accountId}:repository/my-repo`;
    const session = await roleSession(root, accountId, 'denied', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
        { Sid: 'NoMyRepo', Effect: 'Deny', Action: 'ecr:DescribeImages', Resource: myRepo },
      ],
    });
    const ecr = ecrAs(session);
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'other-repo' }))).resolves.toBeDefined();
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: notAuthorized(`arn:aws:sts::${accountId}:assumed-role/denied/s1`, 'ecr:DescribeImages', myRepo, 'with an explicit deny in an identity-based policy'),
    });
  });

  test("an IAM user's access key is enforced the same way; the account root is never denied", async () => {
    const { accountId, root } = await accountWithRepositories();
    await root.iam.send(new CreateUserCommand({ UserName: 'pusher' }));
    await root.iam.send(new PutUserPolicyCommand({ UserName: 'pusher', PolicyName: 'read', PolicyDocument: JSON.stringify(readMyRepo(accountId)) }));
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'pusher' }));
    const ecr = ecrAs({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))).resolves.toBeDefined();
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'other-repo' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: notAuthorized(`arn:aws:iam::${accountId}:user/pusher`, 'ecr:DescribeImages', `arn:aws:ecr:${region}:${accountId}:repository/other-repo`, noAllow('ecr:DescribeImages')),
    });
    await expect(root.ecr.send(new DeleteRepositoryCommand({ repositoryName: 'other-repo' }))).resolves.toBeDefined();
  });

  test('a role with no policy at all: the denial says the principal has no identity-based policy', async () => {
    const { accountId, root } = await accountWithRepositories();
    await root.iam.send(new CreateRoleCommand({ RoleName: 'bare', AssumeRolePolicyDocument: JSON.stringify(accountTrust(accountId)) }));
    const { Credentials } = await root.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/bare`, RoleSessionName: 's1' }));
    const ecr = ecrAs({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const { calls } = await accountCalls(cloud.gatewayUrl, accountId);
    const explanation = calls.find((call) => call.errorCode === 'AccessDeniedException')?.explanation;
    expect(explanation?.en).toMatch(/no identity-based polic/i);
    expect(explanation?.en).toContain(`arn:aws:sts::${accountId}:assumed-role/bare/s1`);
  });

  test('a role session works only with its own session token', async () => {
    const { accountId, root } = await accountWithRepositories();
    const session = await roleSession(root, accountId, 'tokened', readMyRepo(accountId));
    await expect(ecrAs({ ...session, sessionToken: 'forged' }).send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    const sts = keep(new STSClient({ endpoint: cloud.gatewayUrl, region, credentials: session, maxAttempts: 1 }));
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: `arn:aws:sts::${accountId}:assumed-role/tokened/s1` });
  });

  test('registering a task definition that hands ECS a role needs iam:PassRole on that role', async () => {
    const { accountId, root } = await accountWithRepositories();
    const taskRole = `arn:aws:iam::${accountId}:role/app-task-role`;
    await root.iam.send(new CreateRoleCommand({ RoleName: 'app-task-role', AssumeRolePolicyDocument: JSON.stringify(ecsTasksTrust) }));
    const registerOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: '*' }] };
    const withPassRole = {
      Version: '2012-10-17',
      Statement: [...registerOnly.Statement, { Effect: 'Allow', Action: 'iam:PassRole', Resource: taskRole, Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } }],
    };
    const register = (credentials: Credentials) =>
      keep(new ECSClient({ endpoint: cloud.gatewayUrl, region, credentials, maxAttempts: 1 })).send(
        new RegisterTaskDefinitionCommand({
          family: 'app',
          taskRoleArn: taskRole,
          containerDefinitions: [{ name: 'app', image: 'my-repo:latest', essential: true, cpu: 256, memory: 512 }],
        }),
      );
    await expect(register(await roleSession(root, accountId, 'no-pass', registerOnly))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: notAuthorized(`arn:aws:sts::${accountId}:assumed-role/no-pass/s1`, 'iam:PassRole', taskRole, noAllow('iam:PassRole')),
    });
    await expect(register(await roleSession(root, accountId, 'may-pass', withPassRole))).resolves.toMatchObject({
      taskDefinition: { taskRoleArn: taskRole },
    });
  });

  test('IAM resources are matched with their path: arn:aws:iam::<acct>:role/service-role/<name>', async () => {
    const { accountId, root } = await accountWithRepositories();
    await root.iam.send(new CreateRoleCommand({ RoleName: 'under-path', Path: '/service-role/', AssumeRolePolicyDocument: JSON.stringify(ecsTasksTrust) }));
    await root.iam.send(new CreateRoleCommand({ RoleName: 'at-root', AssumeRolePolicyDocument: JSON.stringify(ecsTasksTrust) }));
    const readServiceRoles = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${accountId}:role/service-role/*` }] };
    const iam = keep(new IAMClient({ endpoint: cloud.gatewayUrl, region, credentials: await roleSession(root, accountId, 'auditor', readServiceRoles), maxAttempts: 1 }));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'under-path' }))).resolves.toMatchObject({ Role: { Arn: `arn:aws:iam::${accountId}:role/service-role/under-path` } });
    await expect(iam.send(new GetRoleCommand({ RoleName: 'at-root' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('is not authorized to perform: iam:GetRole on resource: role at-root'),
    });
  });

  test('an operation the engine does not model is denied to a role session, naming it', async () => {
    const { accountId, root } = await accountWithRepositories();
    const session = await roleSession(root, accountId, 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const ec2 = keep(new EC2Client({ endpoint: cloud.gatewayUrl, region, credentials: session, maxAttempts: 1 }));
    await expect(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
      message: expect.stringContaining('ec2:CreateVpc'),
    });
  });

  test('a malformed policy document is refused with MalformedPolicyDocument, whatever the backend would do', async () => {
    const { root } = await accountWithRepositories();
    await expect(root.iam.send(new CreatePolicyCommand({ PolicyName: 'broken', PolicyDocument: '{"Version":"2012-10-17","Statement":{"Effect":"Allow"}}' }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('a policy naming an action that does not exist gets a "did you mean" note in the trace', async () => {
    const { accountId, root } = await accountWithRepositories();
    const typo = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImage', Resource: '*' }] };
    await root.iam.send(new CreatePolicyCommand({ PolicyName: 'typo', PolicyDocument: JSON.stringify(typo) }));
    const { calls } = await accountCalls(cloud.gatewayUrl, accountId);
    const notes = calls.find((call) => call.operation === 'CreatePolicy')?.notes ?? [];
    expect(notes.map((note) => note.en).join('\n')).toContain('ecr:DescribeImages');
  });
});

describe('sts:AssumeRole by a service principal follows the trust policy', () => {
  async function serviceSession(accountId: string, roleName: string, service: string) {
    const response = await fetch(`${cloud.gatewayUrl}/_dojo/accounts/${accountId}/service-sessions`, {
      method: 'POST',
      body: JSON.stringify({ roleArn: `arn:aws:iam::${accountId}:role/${roleName}`, service, sessionName: 'task' }),
    });
    return { status: response.status, body: (await response.json()) as { allowed: boolean; explanation?: { en: string; ja: string } } };
  }

  test('ecs-tasks.amazonaws.com may assume an ECS-task role but not the article\'s Lambda role, and lambda.amazonaws.com the other way round', async () => {
    const { accountId, root } = await accountWithRepositories();
    await root.iam.send(new CreateRoleCommand({ RoleName: 'kata-ecs-task-role', AssumeRolePolicyDocument: JSON.stringify(ecsTasksTrust) }));
    await root.iam.send(new CreateRoleCommand({ RoleName: 'kata-lambda-role', AssumeRolePolicyDocument: JSON.stringify(articleLambdaTrust) }));

    expect(await serviceSession(accountId, 'kata-ecs-task-role', 'ecs-tasks.amazonaws.com')).toMatchObject({ status: 200, body: { allowed: true } });
    expect(await serviceSession(accountId, 'kata-lambda-role', 'lambda.amazonaws.com')).toMatchObject({ status: 200, body: { allowed: true } });

    const refused = await serviceSession(accountId, 'kata-lambda-role', 'ecs-tasks.amazonaws.com');
    expect(refused).toMatchObject({ status: 403, body: { allowed: false } });
    // The lesson "give the task a role": the refusal names both principals.
    expect(refused.body.explanation?.en).toContain('lambda.amazonaws.com');
    expect(refused.body.explanation?.en).toContain('ecs-tasks.amazonaws.com');
    expect(refused.body.explanation?.ja).toContain('ecs-tasks.amazonaws.com');
    expect(await serviceSession(accountId, 'kata-ecs-task-role', 'lambda.amazonaws.com')).toMatchObject({ status: 403, body: { allowed: false } });
  });

  test('the account root can assume a role only when its trust policy allows the account', async () => {
    const { accountId, root } = await accountWithRepositories();
    await root.iam.send(new CreateRoleCommand({ RoleName: 'service-only', AssumeRolePolicyDocument: JSON.stringify(ecsTasksTrust) }));
    const roleArn = `arn:aws:iam::${accountId}:role/service-only`;
    await expect(root.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining(`is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`),
    });
  });
});
