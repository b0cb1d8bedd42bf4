import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { accountCalls, newAccount, simulatePrincipal } from '../../harness/runner/control-api';

const cloud = currentLocalCloud();
const { region } = cloud;
const opened: { destroy(): void }[] = [];
afterAll(() => opened.forEach((client) => client.destroy()));

const accountTrust = (accountId: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] });

/** A fresh account with my-repo and other-repo, and role `reader` allowed ecr:DescribeImages on my-repo only. */
async function accountWithReader(): Promise<{ accountId: string; root: KataClients; roleArn: string; myRepo: string; otherRepo: string }> {
  const accountId = await newAccount(cloud.gatewayUrl);
  const root = createClients({ endpoint: cloud.gatewayUrl, region, credentials: rootCredentials(accountId) });
  opened.push({ destroy: () => destroyClients(root) });
  const [myRepo, otherRepo] = await Promise.all(
    ['my-repo', 'other-repo'].map(async (repositoryName) => (await root.ecr.send(new CreateRepositoryCommand({ repositoryName }))).repository!.repositoryArn!),
  );
  const { Role } = await root.iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify(accountTrust(accountId)) }));
  const policy = { Version: '2012-10-17', Statement: [{ Sid: 'ReadMyRepo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: myRepo }] };
  await root.iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read-my-repo', PolicyDocument: JSON.stringify(policy) }));
  return { accountId, root, roleArn: Role!.Arn!, myRepo, otherRepo };
}

const found = <T extends { found: boolean }>(simulation: T) => {
  expect(simulation.found).toBe(true);
  return simulation as Extract<T, { found: true }>;
};

describe('POST /_dojo/accounts/<id>/simulate: the IAM engine on every action × resource pair', () => {
  test("a role allowed ecr:DescribeImages on my-repo: that pair is allowed by its statement; the rest are denied, with the closest statement and why, in both languages", async () => {
    const { accountId, roleArn, myRepo, otherRepo } = await accountWithReader();
    const simulation = found(await simulatePrincipal(cloud.gatewayUrl, { accountId, principalArn: roleArn, actions: ['ecr:DescribeImages', 'ecr:ListImages'], resources: [myRepo, otherRepo] }));

    expect(simulation.principalArn).toBe(`arn:aws:sts::${accountId}:assumed-role/reader/dojo-simulation`);
    expect(simulation.identityPolicies).toEqual([expect.objectContaining({ name: 'read-my-repo', kind: 'inline', attachedTo: 'role reader' })]);
    expect(simulation.results.map(({ action, resource, decision }) => [action, resource, decision])).toEqual([
      ['ecr:DescribeImages', myRepo, 'Allow'],
      ['ecr:DescribeImages', otherRepo, 'ImplicitDeny'],
      ['ecr:ListImages', myRepo, 'ImplicitDeny'],
      ['ecr:ListImages', otherRepo, 'ImplicitDeny'],
    ]);
    const [allowed, otherRepoDenied, listDenied] = simulation.results;
    expect(allowed.statements).toEqual([expect.objectContaining({ index: 0, sid: 'ReadMyRepo', policy: expect.objectContaining({ name: 'read-my-repo' }) })]);
    expect(allowed.explanation.en).toContain('ReadMyRepo');
    expect(otherRepoDenied.statements).toEqual([]);
    expect(otherRepoDenied.closest).toMatchObject({ ref: { sid: 'ReadMyRepo' }, mismatched: ['resource'] });
    expect(otherRepoDenied.explanation.en).toContain(`but only on Resource ${myRepo}`);
    expect(otherRepoDenied.explanation.ja).toContain(myRepo);
    expect(listDenied.closest).toMatchObject({ mismatched: ['action'] });
  });

  test('decides as the gateway enforces: a real session is refused the pair the simulation denies, with the same explanation', async () => {
    const { accountId, root, roleArn, otherRepo } = await accountWithReader();
    const { Credentials } = await root.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'dojo-simulation' }));
    const ecr = new ECRClient({
      endpoint: cloud.gatewayUrl,
      region,
      maxAttempts: 1,
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
    });
    opened.push(ecr);
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'other-repo' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const refused = (await accountCalls(cloud.gatewayUrl, accountId)).calls.filter((call) => call.operation === 'DescribeImages').pop();

    const simulation = found(await simulatePrincipal(cloud.gatewayUrl, { accountId, principalArn: roleArn, actions: ['ecr:DescribeImages'], resources: [otherRepo] }));
    expect(simulation.results[0].explanation).toEqual(refused?.explanation);
  });

  test('reads the policies again after an IAM change: an attached AdministratorAccess allows what was denied, and a Deny wins over it', async () => {
    const { accountId, root, roleArn, otherRepo } = await accountWithReader();
    const ask = async () => found(await simulatePrincipal(cloud.gatewayUrl, { accountId, principalArn: roleArn, actions: ['ecr:ListImages'], resources: [otherRepo] })).results[0];
    expect((await ask()).decision).toBe('ImplicitDeny');

    await root.iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const allowed = await ask();
    expect(allowed).toMatchObject({ decision: 'Allow', decidedBy: 'identity', statements: [{ index: 0, policy: { name: 'AdministratorAccess', kind: 'aws-managed' } }] });

    const deny = { Version: '2012-10-17', Statement: [{ Sid: 'NoOtherRepo', Effect: 'Deny', Action: 'ecr:*', Resource: otherRepo }] };
    await root.iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'fence', PolicyDocument: JSON.stringify(deny) }));
    const denied = await ask();
    expect(denied).toMatchObject({ decision: 'ExplicitDeny', statements: [{ sid: 'NoOtherRepo', policy: { name: 'fence' } }] });
    expect(denied.explanation.en).toContain('explicitly denies it');
  });

  test('an IAM user is simulated as itself; aws:RequestedRegion comes from the resource ARN unless a region is given', async () => {
    const { accountId, root, myRepo } = await accountWithReader();
    const { User } = await root.iam.send(new CreateUserCommand({ UserName: 'tokyo-only' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': region } } }] };
    await root.iam.send(new PutUserPolicyCommand({ UserName: 'tokyo-only', PolicyName: 'here-only', PolicyDocument: JSON.stringify(policy) }));
    const elsewhere = myRepo.replace(`:${region}:`, ':eu-west-1:');

    const simulation = found(await simulatePrincipal(cloud.gatewayUrl, { accountId, principalArn: User!.Arn!, actions: ['ecr:DescribeImages'], resources: [myRepo, elsewhere] }));
    expect(simulation.principalArn).toBe(User!.Arn);
    expect(simulation.results.map((result) => result.decision)).toEqual(['Allow', 'ImplicitDeny']);
    const noResource = found(await simulatePrincipal(cloud.gatewayUrl, { accountId, principalArn: User!.Arn!, actions: ['ecr:GetAuthorizationToken'], resources: ['*'], region }));
    expect(noResource.results[0].decision).toBe('Allow');
  });

  test("sts:AssumeRole is decided with the target role's trust policy, as the gateway enforces it", async () => {
    const { accountId, root, roleArn } = await accountWithReader();
    const trustsAccount = (await root.iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: JSON.stringify(accountTrust(accountId)) }))).Role!.Arn!;
    const ecsOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const trustsEcs = (await root.iam.send(new CreateRoleCommand({ RoleName: 'task-only', AssumeRolePolicyDocument: JSON.stringify(ecsOnly) }))).Role!.Arn!;
    const assumeAny = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
    await root.iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'assume-any', PolicyDocument: JSON.stringify(assumeAny) }));

    const simulation = found(await simulatePrincipal(cloud.gatewayUrl, { accountId, principalArn: roleArn, actions: ['sts:AssumeRole'], resources: [trustsAccount, trustsEcs] }));
    expect(simulation.results.map((result) => result.decision)).toEqual(['Allow', 'ImplicitDeny']);
    expect(simulation.results[1]).toMatchObject({ decidedBy: 'resource' });
    expect(simulation.results[1].explanation.en).toContain('ecs-tasks.amazonaws.com');
  });

  test('answers 404 for a principal the account does not have, and 400 for a request it cannot read', async () => {
    const { accountId, roleArn } = await accountWithReader();
    const missing = await simulatePrincipal(cloud.gatewayUrl, { accountId, principalArn: `arn:aws:iam::${accountId}:role/nobody`, actions: ['ecr:DescribeImages'], resources: ['*'] });
    expect(missing).toMatchObject({ found: false, message: { en: expect.stringContaining('There is no IAM role or user'), ja: expect.any(String) } });
    const elsewhere = await simulatePrincipal(cloud.gatewayUrl, { accountId: await newAccount(cloud.gatewayUrl), principalArn: roleArn, actions: ['ecr:DescribeImages'], resources: ['*'] });
    expect(elsewhere.found).toBe(false);

    const post = (body: unknown) => fetch(`${cloud.gatewayUrl}/_dojo/accounts/${accountId}/simulate`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ principalArn: roleArn, actions: 'ecr:DescribeImages', resources: ['*'] })).status).toBe(400);
    const tooMany = await post({ principalArn: roleArn, actions: Array.from({ length: 101 }, (_, i) => `ecr:Action${i}`), resources: Array.from({ length: 100 }, (_, i) => `r${i}`) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('At most 10000');
  });
});
