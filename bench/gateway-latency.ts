/**
 * What the gateway adds to each call: the same 1,000 ECR DescribeImages calls made directly
 * against the backend, through the gateway as the account root (forwarding only), and through the
 * gateway as a role session (IAM enforced), taken in turns. Prints median and p95 per call.
 *
 *   npm run bench:gateway            (KATA_BENCH_CALLS=… to change the count)
 */
import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { withAccountHeaders } from '../harness/iam/backend-iam';
import { newAccount } from '../harness/runner/control-api';
import { rootCredentials } from '../harness/runner/clients';
import { startLocalCloud } from '../harness/runner/local-cloud';

const CALLS = Number(process.env.KATA_BENCH_CALLS ?? 1000);
const WARMUP = 50;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const cloud = await startLocalCloud((line) => process.stderr.write(`[bench] ${line}\n`));
  const { gatewayUrl, backendEndpoint, region, backend } = cloud.info;
  try {
    const accountId = await newAccount(gatewayUrl);
    const root = { endpoint: gatewayUrl, region, credentials: rootCredentials(accountId) };
    await new ECRClient(root).send(new CreateRepositoryCommand({ repositoryName: 'my-repo' }));
    const iam = new IAMClient(root);
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] };
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: `arn:aws:ecr:${region}:${accountId}:repository/my-repo` }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'bench', PolicyName: 'read', PolicyDocument: JSON.stringify(policy) }));
    const { Credentials } = await new STSClient(root).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/bench`, RoleSessionName: 'bench' }));
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };

    // The direct client needs the same account routing the gateway would add (moto's header).
    const clients: [string, ECRClient][] = [
      ['direct to the backend', withAccountHeaders(new ECRClient({ ...root, endpoint: backendEndpoint }), { 'x-moto-account-id': accountId })],
      ['gateway, account root (no enforcement)', new ECRClient(root)],
      ['gateway, role session (IAM enforced)', new ECRClient({ ...root, credentials: session })],
    ];
    const samples = await measureInterleaved(clients.map(([, client]) => client));
    const results = clients.map(([name, client], index) => {
      client.destroy();
      return { name, median: percentile(samples[index], 50), p95: percentile(samples[index], 95) };
    });
    const direct = results[0];
    console.log(`Gateway latency: ${CALLS} ecr:DescribeImages calls per mode, taken in turns, backend ${backend}, Node ${process.version}`);
    console.log(['mode'.padEnd(42), 'median ms', '  p95 ms', ' added median', ' added p95'].join(''));
    for (const row of results) {
      const added = row === direct ? ['', ''] : [(row.median - direct.median).toFixed(2), (row.p95 - direct.p95).toFixed(2)];
      console.log([row.name.padEnd(42), row.median.toFixed(2).padStart(9), row.p95.toFixed(2).padStart(8), added[0].padStart(13), added[1].padStart(10)].join(''));
    }
  } finally {
    await cloud.stop();
  }
}

/** Round-robin over the clients, so drift in the backend (caches, GC) hits every mode alike. */
async function measureInterleaved(clients: ECRClient[]): Promise<number[][]> {
  const call = (client: ECRClient) => client.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }));
  for (let i = 0; i < WARMUP; i++) for (const client of clients) await call(client);
  const samples: number[][] = clients.map(() => []);
  for (let i = 0; i < CALLS; i++) {
    for (const [index, client] of clients.entries()) {
      const start = process.hrtime.bigint();
      await call(client);
      samples[index].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return samples;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
