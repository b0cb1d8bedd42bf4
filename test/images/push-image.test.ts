import { spawn } from 'node:child_process';
import { BatchCheckLayerAvailabilityCommand, CreateRepositoryCommand, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { buildSampleImage, type BuiltImage } from '../../harness/images/build-sample-image';
import { readImageContent } from '../../harness/images/image-content';
import { imageManifest } from '../../harness/images/image-manifest';
import { pushImage, type PushCredentials } from '../../harness/images/push-image';
import { pushSampleImage } from '../../harness/images/push-sample-image';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';
import { FixtureCa } from '../../harness/network/fixture-ca';
import { InternetFixture } from '../../harness/network/internet-fixture';
import { JSONPLACEHOLDER_HOST } from '../../harness/network/internet-hosts';
import { TASK_NETWORK_PRELOAD, taskNetworkEnvironment, type TaskNetwork } from '../../harness/network/task-network-spec';

const cloud = currentLocalCloud();
// The sample calls ECR in the article's region whatever KATA_REGION says.
const SAMPLE_REGION = 'ap-northeast-1';
const opened: KataClients[] = [];
afterAll(() => opened.forEach(destroyClients));

let image: BuiltImage;
beforeAll(async () => {
  image = await buildSampleImage();
}, 180_000);

async function accountWithRepository(repositoryName = 'my-repo', region = cloud.region): Promise<{ accountId: string; root: KataClients; repositoryUri: string }> {
  const accountId = await newAccount(cloud.gatewayUrl);
  const root = createClients({ endpoint: cloud.gatewayUrl, region, credentials: rootCredentials(accountId) });
  opened.push(root);
  const { repository } = await root.ecr.send(new CreateRepositoryCommand({ repositoryName }));
  return { accountId, root, repositoryUri: repository!.repositoryUri! };
}

const push = (repositoryUri: string, tag: string, credentials: PushCredentials) => pushImage(image, { repositoryUri, tag, endpoint: cloud.gatewayUrl, credentials });

describe('pushing the sample image to ECR', () => {
  test('DescribeImages shows the tag and a digest that depends only on the built content', async () => {
    const { accountId, root, repositoryUri } = await accountWithRepository();
    const pushed = await push(repositoryUri, 'v1', rootCredentials(accountId));
    const expected = imageManifest(await readImageContent(image.dir)).imageDigest;
    expect(pushed).toEqual({ repositoryUri, tag: 'v1', imageDigest: expected });

    const { imageDetails } = await root.ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }));
    expect(imageDetails).toHaveLength(1);
    expect(imageDetails![0]).toMatchObject({ imageTags: ['v1'], imageDigest: expected, registryId: accountId });

    // Pushing the same content again, under the same tag or in another account, gives the same digest.
    await expect(push(repositoryUri, 'v1', rootCredentials(accountId))).resolves.toEqual(pushed);
    const other = await accountWithRepository();
    await expect(push(other.repositoryUri, 'latest', rootCredentials(other.accountId))).resolves.toMatchObject({ imageDigest: expected });
  });

  test('the image\'s blobs are uploaded as docker push does, so ECR reports them available', async () => {
    const { accountId, repositoryUri, root } = await accountWithRepository();
    await push(repositoryUri, 'v1', rootCredentials(accountId));
    const { config, layer } = imageManifest(await readImageContent(image.dir));
    const check = await root.ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'my-repo', layerDigests: [config.digest, layer.digest] }));
    expect(check.failures ?? []).toEqual([]);
    expect(check.layers?.map((l) => [l.layerDigest, l.layerAvailability, l.layerSize])).toEqual([
      [config.digest, 'AVAILABLE', config.bytes.length],
      [layer.digest, 'AVAILABLE', layer.bytes.length],
    ]);
    expect(layer.digest).toBe(image.digest); // the layer is the content, so its digest names the staged folder
  });

  test('a role session allowed only ecr:DescribeImages is denied the push with AWS\'s AccessDenied', async () => {
    const { accountId, root, repositoryUri } = await accountWithRepository();
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] };
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: '*' }] };
    await root.iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await root.iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read', PolicyDocument: JSON.stringify(policy) }));
    const { Credentials } = await root.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/reader`, RoleSessionName: 's1' }));
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };

    await expect(push(repositoryUri, 'v1', session)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(new RegExp(`assumed-role/reader/s1 is not authorized to perform: ecr:(GetAuthorizationToken|BatchCheckLayerAvailability|InitiateLayerUpload|UploadLayerPart|CompleteLayerUpload|PutImage) `)),
    });
    const { imageDetails } = await root.ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }));
    expect(imageDetails).toEqual([]);
  });

  test('a malformed URI and a repository that does not exist are explained', async () => {
    const accountId = await newAccount(cloud.gatewayUrl);
    const target = (repositoryUri: string) => ({ repositoryUri, tag: 'v1', endpoint: cloud.gatewayUrl, credentials: rootCredentials(accountId) });
    await expect(pushSampleImage(target(`${accountId}.dkr.ecr.${cloud.region}.amazonaws.com/my-repo:v1`))).rejects.toMatchObject({
      name: 'ImagePipelineError',
      message: expect.stringContaining('Give the tag as the second argument'),
    });
    await expect(pushSampleImage(target('my-repo'))).rejects.toMatchObject({ message: expect.stringContaining('is not an ECR repository URI') });

    const missing = `${accountId}.dkr.ecr.${cloud.region}.amazonaws.com/nowhere`;
    await expect(pushSampleImage(target(missing))).rejects.toMatchObject({
      name: 'ImagePipelineError',
      message: expect.stringContaining(`ECR has no repository "nowhere" in account ${accountId}, region ${cloud.region} (RepositoryNotFoundException). Create it first`),
    });
  });

  test('the staged folder runs the sample with the host\'s Node: it prints the todo and the pushed image', async () => {
    const { accountId, repositoryUri } = await accountWithRepository('my-repo', SAMPLE_REGION);
    const pushed = await push(repositoryUri, 'v1', rootCredentials(accountId));

    // The task network preload sends the article's todo fetch to the harness's fixture, as for a task whose VPC reaches it.
    const fixture = new InternetFixture(await FixtureCa.create());
    const listener = await fixture.openForTask('push-test', '127.0.0.1');
    const network: TaskNetwork = {
      dns: true,
      connections: [{ host: JSONPLACEHOLDER_HOST, port: 443, action: 'fixture', to: { host: listener.host, port: listener.port } }],
      defaultAction: 'timeout',
      own: [new URL(cloud.gatewayUrl).host],
      tls: await fixture.taskTls('push-test'),
    };
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_ENDPOINT_URL: cloud.gatewayUrl,
      AWS_ACCESS_KEY_ID: accountId,
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...taskNetworkEnvironment(network),
    };
    const { code, output } = await run(process.execPath, ['--require', TASK_NETWORK_PRELOAD, 'index.js'], image.dir, env).finally(() => fixture.close());
    expect(output).toContain("title: 'delectus aut autem'");
    expect(output).toContain(`imageDigest: '${pushed.imageDigest}'`);
    expect(output).toContain("imageTags: [ 'v1' ]");
    expect(code).toBe(0);
  }, 30_000);
});

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
