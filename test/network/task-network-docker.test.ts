import { mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunnableImage } from '../../harness/ecs-agent/container-runtime';
import { DockerRuntime } from '../../harness/ecs-agent/docker-runtime';
import { buildSampleImage } from '../../harness/images/build-sample-image';
import { FixtureCa } from '../../harness/network/fixture-ca';
import { InternetFixture, type FixtureListener } from '../../harness/network/internet-fixture';
import { JSONPLACEHOLDER_ADDRESS, JSONPLACEHOLDER_HOST } from '../../harness/network/internet-hosts';
import { TASK_NETWORK_PRELOAD, taskNetworkEnvironment, type TaskConnection } from '../../harness/network/task-network-spec';
import { describeWithDocker } from '../docker-available';

jest.setTimeout(60_000);

const describeDocker = describeWithDocker('the task network preload in a Docker container');

let imagesDir: string;
let runtime: DockerRuntime;
let sample: RunnableImage;
let fixture: InternetFixture;
let taskCount = 0;

/** The task's gateway port and credentials endpoint, where Docker containers reach the harness. */
let harness: http.Server;
let harnessBase: string;

let ecrCall: string | undefined;

describeDocker('the task network preload in the sample image (Docker runtime)', () => {
  beforeAll(async () => {
    imagesDir = await mkdtemp(join(tmpdir(), 'dojo-task-network-images-'));
    runtime = new DockerRuntime({ imagesDir, stopGraceMs: 1_000 });
    await runtime.start();
    const built = await buildSampleImage({ imagesDir });
    const lookup = await runtime.findImage(built.digest);
    if (!lookup.ok) throw new Error(lookup.reason.en);
    sample = lookup.image;
    fixture = new InternetFixture(await FixtureCa.create());
    harness = http.createServer((request, response) => {
      if (request.url === '/v2/credentials/task-role') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ AccessKeyId: 'ASIATASKROLE00000000', SecretAccessKey: 'secret', Token: 'session', Expiration: new Date(Date.now() + 3_600_000).toISOString() }));
        return;
      }
      request.resume().on('end', () => {
        ecrCall = `${request.headers['x-amz-target']} ${request.headers.authorization}`;
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        response.end(JSON.stringify({ imageDetails: [{ imageTags: ['from-the-gateway-port'] }] }));
      });
    });
    await new Promise<void>((resolve) => harness.listen(0, runtime.harnessAddress, resolve));
    harnessBase = `${runtime.harnessAddress}:${(harness.address() as AddressInfo).port}`;
  }, 300_000);

  afterAll(async () => {
    await fixture?.close();
    if (harness) await new Promise((resolve) => harness.close(resolve));
    await runtime?.close();
    if (imagesDir) await rm(imagesDir, { recursive: true, force: true });
  });

  /** Runs the sample as the agent will: the preload bind-mounted, the task's network in its environment. */
  async function runSample(connection: (listener: FixtureListener) => TaskConnection): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
    const taskId = `task-network-docker-${process.pid}-${++taskCount}`;
    const listener = await fixture.openForTask(taskId, runtime.harnessAddress);
    const output = { stdout: '', stderr: '' };
    try {
      const container = await runtime.run({
        taskId,
        containerName: 'app',
        image: sample,
        preload: TASK_NETWORK_PRELOAD,
        timeoutMs: 30_000,
        onOutput: (stream, chunk) => (output[stream] += chunk),
        environment: {
          AWS_REGION: 'ap-northeast-1',
          AWS_ENDPOINT_URL: `http://${harnessBase}`,
          AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://${harnessBase}/v2/credentials/task-role`,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: 'task-token',
          ...taskNetworkEnvironment({
            dns: true,
            connections: [connection(listener)],
            defaultAction: 'timeout',
            own: [harnessBase],
            tls: await fixture.taskTls(taskId),
          }),
        },
      });
      const { exitCode } = await container.exited;
      return { exitCode, ...output };
    } finally {
      await listener.close();
    }
  }

  test('a task whose VPC reaches jsonplaceholder prints the todo from the fixture, then calls ECR through its own endpoint', async () => {
    const run = await runSample((listener) => ({ host: JSONPLACEHOLDER_HOST, port: 443, address: JSONPLACEHOLDER_ADDRESS, action: 'fixture', to: { host: listener.host, port: listener.port } }));
    expect(run).toMatchObject({ exitCode: 0 });
    expect(run.stdout).toContain("title: 'delectus aut autem'");
    expect(run.stdout).toContain("imageTags: [ 'from-the-gateway-port' ]");
    // The SDK took the task role's credentials from 169.254.170.2, as on Fargate, and signed with them.
    expect(ecrCall).toMatch(/^AmazonEC2ContainerRegistry_V20150921\.DescribeImages AWS4-HMAC-SHA256 Credential=ASIATASKROLE00000000\//);
  });

  test('a task whose VPC has no path there fails its fetch with a connect timeout', async () => {
    const run = await runSample(() => ({ host: JSONPLACEHOLDER_HOST, port: 443, address: JSONPLACEHOLDER_ADDRESS, action: 'timeout', reason: 'no route to 0.0.0.0/0' }));
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('TypeError: fetch failed');
    expect(run.stderr).toContain(`connect ETIMEDOUT ${JSONPLACEHOLDER_ADDRESS}:443`);
  });
});
