import * as fs from 'node:fs';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, CreateRoleCommand, GetPolicyCommand, GetPolicyVersionCommand, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { MotoBackend } from '../../harness/backends/moto/moto-backend';
import { destroyClients, type KataClients } from '../../harness/runner/clients';
import { directClients } from './direct-clients';

// Every kata run has an account of its own and moto is never reset, so what one account costs
// moto is paid hundreds of times in a test run or a room's grading. A moto of its own here, so
// the figures are this file's alone.
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const REGION = 'ap-northeast-1';
const moto = new MotoBackend(() => {});
let nextAccount = 400_000_000_000;
const opened: KataClients[] = [];

beforeAll(() => moto.start(), 60_000);
afterAll(async () => {
  opened.forEach(destroyClients);
  await moto.stop();
});

function clientsOfNewAccount(): KataClients {
  const accountId = String(nextAccount++);
  const clients = directClients(moto.endpoint(), REGION, accountId, moto.accountHeaders(accountId));
  opened.push(clients);
  return clients;
}

/** What a kata run's first calls make moto build: the account's IAM and its EC2 in the kata region. */
async function meet(clients: KataClients): Promise<void> {
  await clients.iam.send(new GetPolicyCommand({ PolicyArn: ADMINISTRATOR_ACCESS }));
  await clients.ec2.send(new DescribeVpcsCommand({}));
}

async function residentMiB(): Promise<number> {
  const [pid] = await moto.processIds();
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)![1]) / 1024;
}

describe('moto with one account per kata run', () => {
  test('an attachment of an AWS managed policy belongs to its account; every account reads the same document', async () => {
    const [first, second] = [clientsOfNewAccount(), clientsOfNewAccount()];
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await first.iam.send(new CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await first.iam.send(new AttachRolePolicyCommand({ RoleName: 'admin', PolicyArn: ADMINISTRATOR_ACCESS }));

    const attachments = async (clients: KataClients) => (await clients.iam.send(new GetPolicyCommand({ PolicyArn: ADMINISTRATOR_ACCESS }))).Policy?.AttachmentCount;
    const attachedPolicies = async (clients: KataClients) =>
      (await clients.iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies?.map((policy) => policy.Arn);
    expect([await attachments(first), await attachments(second)]).toEqual([1, 0]);
    expect([await attachedPolicies(first), await attachedPolicies(second)]).toEqual([[ADMINISTRATOR_ACCESS], []]);

    const document = async (clients: KataClients) =>
      decodeURIComponent((await clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMINISTRATOR_ACCESS, VersionId: 'v1' }))).PolicyVersion!.Document!);
    const documents = [await document(first), await document(second)];
    expect(JSON.parse(documents[0])).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(documents[1]).toBe(documents[0]);
  });

  // Measured without the harness's sharing, moto 5.2 grew about 9 MiB per account (6 of them the
  // AWS managed policies, 3 the public AMIs); with it, about 1 MiB. The bound sits between.
  test('a new account adds under 3 MiB to moto', async () => {
    for (let warmUp = 0; warmUp < 3; warmUp++) await meet(clientsOfNewAccount());
    const before = await residentMiB();
    const accounts = 30;
    for (let account = 0; account < accounts; account++) await meet(clientsOfNewAccount());
    const perAccount = ((await residentMiB()) - before) / accounts;
    expect(perAccount).toBeLessThan(3);
  }, 60_000);
});
