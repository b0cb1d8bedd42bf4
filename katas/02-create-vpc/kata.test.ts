import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { check, kata } from 'aws-basics-dojo/testing';

const createVpc = kata<Record<string, never>, string>({ id: '02-create-vpc' });

createVpc.test('returns the id of a VPC that exists', async ({ result, clients }) => {
  check(typeof result === 'string' && result.startsWith('vpc-'), `solve() returned ${JSON.stringify(result)}; it should return the id of the VPC it created (vpc-…).`);
  const { Vpcs } = await clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [result] }));
  check(Vpcs?.length === 1, `no VPC ${result}`);
});
