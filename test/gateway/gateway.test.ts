import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { accountCalls, newAccount } from '../../harness/runner/control-api';

const cloud = currentLocalCloud();
const opened: KataClients[] = [];
const clientsOf = (accountId: string) => {
  const clients = createClients({ endpoint: cloud.gatewayUrl, region: cloud.region, credentials: rootCredentials(accountId) });
  opened.push(clients);
  return clients;
};
afterAll(() => opened.forEach(destroyClients));

const tagged = (name: string) => [{ ResourceType: 'vpc' as const, Tags: [{ Key: 'Name', Value: name }] }];

describe('the gateway', () => {
  test('routes each root key into its own account: two accounts never see each other\'s VPCs', async () => {
    const [a, b] = await Promise.all([newAccount(cloud.gatewayUrl), newAccount(cloud.gatewayUrl)]);
    expect(a).toMatch(/^\d{12}$/);
    expect(a).not.toBe(b);
    const [inA, inB] = await Promise.all([
      clientsOf(a).ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: tagged('only-in-a') })),
      clientsOf(b).ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16', TagSpecifications: tagged('only-in-b') })),
    ]);
    const seenBy = async (account: string) =>
      ((await clientsOf(account).ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map((vpc) => vpc.VpcId);
    expect(await seenBy(a)).toContain(inA.Vpc!.VpcId);
    expect(await seenBy(a)).not.toContain(inB.Vpc!.VpcId);
    expect(await seenBy(b)).toContain(inB.Vpc!.VpcId);
    expect(await seenBy(b)).not.toContain(inA.Vpc!.VpcId);
    const identity = await clientsOf(a).sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(a);
  });

  test('forwards a backend error untouched: same status and body as the backend gives', async () => {
    const account = await newAccount(cloud.gatewayUrl);
    const request = (base: string, extra: Record<string, string> = {}) =>
      fetch(base, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
          authorization: `AWS4-HMAC-SHA256 Credential=${account}/20261129/${cloud.region}/ecr/aws4_request, SignedHeaders=host, Signature=0`,
          ...extra,
        },
        body: JSON.stringify({ repositoryNames: ['no-such-repo'] }),
      });
    const viaGateway = await request(cloud.gatewayUrl);
    const direct = await request(cloud.backendEndpoint, { 'x-moto-account-id': account });
    expect(viaGateway.status).toBe(direct.status);
    expect(viaGateway.status).toBe(400);
    const body = await viaGateway.text();
    expect(body).toBe(await direct.text());
    expect(body).toContain('RepositoryNotFoundException');
    await expect(clientsOf(account).ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['no-such-repo'] }))).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
    });
  });

  test('keeps a per-account trace of service, operation and status', async () => {
    const account = await newAccount(cloud.gatewayUrl);
    const { latestSeq } = await accountCalls(cloud.gatewayUrl, account, Number.MAX_SAFE_INTEGER);
    const clients = clientsOf(account);
    await clients.ec2.send(new DescribeVpcsCommand({}));
    await clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['missing'] })).catch(() => undefined);
    await clients.s3.send(new ListBucketsCommand({}));
    const { calls } = await accountCalls(cloud.gatewayUrl, account, latestSeq);
    expect(calls.map(({ service, operation, status, errorCode }) => ({ service, operation, status, errorCode }))).toEqual([
      { service: 'ec2', operation: 'DescribeVpcs', status: 200, errorCode: undefined },
      { service: 'ecr', operation: 'DescribeRepositories', status: 400, errorCode: 'RepositoryNotFoundException' },
      { service: 's3', operation: 'ListBuckets', status: 200, errorCode: undefined },
    ]);
    const other = await newAccount(cloud.gatewayUrl);
    expect((await accountCalls(cloud.gatewayUrl, other)).calls).toEqual([]);
  });

  test.each([
    ['EC2 (ec2 query)', () => new EC2Client(keyConfig()).send(new DescribeVpcsCommand({})), 'AuthFailure', 401],
    ['IAM (query)', () => new IAMClient(keyConfig()).send(new ListRolesCommand({})), 'InvalidClientTokenId', 403],
    ['ECR (json)', () => new ECRClient(keyConfig()).send(new DescribeRepositoriesCommand({})), 'UnrecognizedClientException', 400],
    ['S3 (rest-xml)', () => new S3Client({ ...keyConfig(), forcePathStyle: true }).send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403],
  ])('answers an unknown access key as AWS does, for %s', async (_name, call, code, status) => {
    await expect(call()).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: status } });
  });

  test.each([
    ['an unsigned EC2 call', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=DescribeVpcs&Version=2016-11-15', 403, '<Code>MissingAuthenticationToken</Code>'],
    ['an unsigned ECS call', { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1' }, '{}', 403, '"__type":"MissingAuthenticationToken"'],
    ['a garbled Authorization header', { authorization: 'AWS4-HMAC-SHA256 garbage', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }, '{}', 400, '"__type":"IncompleteSignature"'],
    ['an S3 call with a non-SigV4 header', { authorization: 'AWS AKIA:sig' }, '', 400, '<Code>AuthorizationHeaderMalformed</Code>'],
  ])('answers %s with an AWS-shaped error and keeps serving', async (_name, headers, body, status, shape) => {
    const response = await fetch(cloud.gatewayUrl + '/', { method: 'POST', headers, body });
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(shape);
    const account = await newAccount(cloud.gatewayUrl);
    await expect(clientsOf(account).sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Account: account,
    });
  });

  test('says which control routes exist when asked for an unknown one', async () => {
    const response = await fetch(`${cloud.gatewayUrl}/_dojo/nothing`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('POST /_dojo/accounts');
  });
});

function keyConfig() {
  return {
    endpoint: cloud.gatewayUrl,
    region: cloud.region,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  };
}
