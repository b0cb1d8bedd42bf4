import { awsServiceDestination } from '../../harness/network/aws-endpoints';
import { explainVerdict } from '../../harness/network/explain-verdict';
import { JSONPLACEHOLDER_ADDRESS, JSONPLACEHOLDER_HOST } from '../../harness/network/internet-hosts';
import { analyzeReachability } from '../../harness/network/reachability';
import type { Destination, PathHop, TaskEni, VpcSnapshot } from '../../harness/network/vpc-model';
import { aclEntry, articleVpc, DEFAULT_ACL, DEFAULT_SG, MAIN_TABLE, tcp, VPC_ID, VpcBuilder } from './vpc-builder';

const todo: Destination = { kind: 'internet', host: JSONPLACEHOLDER_HOST, address: JSONPLACEHOLDER_ADDRESS, port: 443 };
const plainHttp: Destination = { ...todo, port: 80 };
const ecrApi = awsServiceDestination('ecr');
const s3 = awsServiceDestination('s3');

function task(subnetId: string, options: Partial<TaskEni> = {}): TaskEni {
  return { subnetId, securityGroupIds: [], publicIp: false, ...options };
}
const publicTask = task('subnet-public', { publicIp: true });
const privateTask = task('subnet-private');

interface Row {
  name: string;
  vpc: VpcBuilder;
  eni: TaskEni;
  destination: Destination;
  /** reachable, or the code and the component at fault. */
  expected: { reachable: true; via?: PathHop } | { code: string; component: string };
  /** Ids (or words) the English explanation must name. */
  mentions?: string[];
}

/** A private subnet with a NAT gateway in the public one, and the main table's default route to it. */
function withNat(options: Parameters<VpcBuilder['natGateway']>[2] = {}, natSubnet = 'subnet-public'): VpcBuilder {
  return articleVpc().natGateway('nat-1', natSubnet, options).route(MAIN_TABLE, { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' });
}

/** A private subnet with an interface endpoint for ecr.api in it, guarded by sg-endpoint. */
function withEcrEndpoint(options: { privateDns?: boolean; endpointIngress?: ReturnType<typeof tcp>[]; state?: string } = {}): VpcBuilder {
  return articleVpc()
    .securityGroup('sg-endpoint', { ingress: options.endpointIngress ?? [tcp(443, 443, '10.0.0.0/16')] })
    .interfaceEndpoint('vpce-ecr-api', 'ecr.api', { privateDns: options.privateDns, subnetIds: ['subnet-private'], groupIds: ['sg-endpoint'], state: options.state });
}

const rows: Row[] = [
  {
    name: 'public subnet, task with a public IP: out through the internet gateway',
    vpc: articleVpc(),
    eni: publicTask,
    destination: todo,
    expected: { reachable: true, via: { kind: 'internet-gateway', id: 'igw-main' } },
  },
  {
    name: 'public subnet, task without a public IP',
    vpc: articleVpc(),
    eni: task('subnet-public'),
    destination: todo,
    expected: { code: 'ENI_NO_PUBLIC_IP', component: 'subnet-public' },
    mentions: ['igw-main', 'assignPublicIp ENABLED', 'NAT gateway'],
  },
  {
    name: 'private subnet on the main table: no route to the internet',
    vpc: articleVpc(),
    eni: task('subnet-private', { publicIp: true }),
    destination: todo,
    expected: { code: 'NO_ROUTE_TO_DESTINATION', component: MAIN_TABLE },
    mentions: ['subnet-private', MAIN_TABLE, "the VPC's main route table", '0.0.0.0/0', VPC_ID],
  },
  {
    name: 'route to an internet gateway attached to no VPC',
    vpc: new VpcBuilder()
      .subnet('subnet-public', '10.0.1.0/24')
      .internetGateway('igw-loose')
      .route(MAIN_TABLE, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-loose' }),
    eni: publicTask,
    destination: todo,
    expected: { code: 'IGW_NOT_ATTACHED', component: 'igw-loose' },
    mentions: ['igw-loose', 'not attached to any VPC', VPC_ID],
  },
  {
    name: 'route to an internet gateway attached to another VPC',
    vpc: new VpcBuilder()
      .subnet('subnet-public', '10.0.1.0/24')
      .internetGateway('igw-other', 'vpc-other')
      .route(MAIN_TABLE, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-other' }),
    eni: publicTask,
    destination: todo,
    expected: { code: 'IGW_NOT_ATTACHED', component: 'igw-other' },
    mentions: ['igw-other', 'vpc-other', VPC_ID],
  },
  {
    name: 'route to an internet gateway that no longer exists',
    vpc: new VpcBuilder().subnet('subnet-public', '10.0.1.0/24').route(MAIN_TABLE, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-deleted' }),
    eni: publicTask,
    destination: todo,
    expected: { code: 'ROUTE_BLACKHOLE', component: MAIN_TABLE },
    mentions: ['igw-deleted', 'no longer exists'],
  },
  {
    name: 'the explicitly associated table wins over a main table that has the route',
    vpc: articleVpc().route(MAIN_TABLE, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-main' }).routeTable('rtb-isolated', ['subnet-private']),
    eni: task('subnet-private', { publicIp: true }),
    destination: todo,
    expected: { code: 'NO_ROUTE_TO_DESTINATION', component: 'rtb-isolated' },
    mentions: ['rtb-isolated', 'explicitly associated', 'subnet-private'],
  },
  {
    name: 'a subnet without an association uses the main table',
    vpc: articleVpc().route(MAIN_TABLE, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-main' }),
    eni: task('subnet-private', { publicIp: true }),
    destination: todo,
    expected: { reachable: true, via: { kind: 'route-table', id: MAIN_TABLE } },
  },
  {
    name: 'longest prefix: a /32 blackhole for the host beats 0.0.0.0/0',
    vpc: articleVpc().route('rtb-public', { DestinationCidrBlock: `${JSONPLACEHOLDER_ADDRESS}/32`, NatGatewayId: 'nat-gone', State: 'blackhole' }),
    eni: publicTask,
    destination: todo,
    expected: { code: 'ROUTE_BLACKHOLE', component: 'rtb-public' },
    mentions: [`${JSONPLACEHOLDER_ADDRESS}/32`, 'nat-gone', 'rtb-public'],
  },
  {
    name: 'longest prefix: a /32 blackhole for another host leaves 0.0.0.0/0 in charge',
    vpc: articleVpc().route('rtb-public', { DestinationCidrBlock: '203.0.113.99/32', NatGatewayId: 'nat-gone', State: 'blackhole' }),
    eni: publicTask,
    destination: todo,
    expected: { reachable: true, via: { kind: 'internet-gateway', id: 'igw-main' } },
  },
  {
    name: 'NAT gateway in the public subnet: a private task without a public IP gets out',
    vpc: withNat(),
    eni: privateTask,
    destination: todo,
    expected: { reachable: true, via: { kind: 'nat-gateway', id: 'nat-1' } },
  },
  {
    name: 'NAT gateway in a subnet without internet (the private subnet itself)',
    vpc: withNat({}, 'subnet-private'),
    eni: privateTask,
    destination: todo,
    expected: { code: 'NAT_GATEWAY_NO_INTERNET', component: 'nat-1' },
    mentions: ['nat-1', 'subnet-private', MAIN_TABLE, 'public subnet'],
  },
  {
    name: 'NAT gateway still pending',
    vpc: withNat({ state: 'pending' }),
    eni: privateTask,
    destination: todo,
    expected: { code: 'NAT_GATEWAY_NOT_AVAILABLE', component: 'nat-1' },
    mentions: ['nat-1', 'pending'],
  },
  {
    name: 'private NAT gateway',
    vpc: withNat({ connectivity: 'private', publicIp: null }),
    eni: privateTask,
    destination: todo,
    expected: { code: 'NAT_GATEWAY_NO_PUBLIC_IP', component: 'nat-1' },
  },
  {
    name: 'security group allows only TCP 443 out: TCP 80 is dropped',
    vpc: articleVpc().securityGroup('sg-https', { egress: [tcp(443, 443)] }),
    eni: task('subnet-public', { publicIp: true, securityGroupIds: ['sg-https'] }),
    destination: plainHttp,
    expected: { code: 'ENI_SG_RULES_MISMATCH', component: 'sg-https' },
    mentions: ['sg-https', 'TCP 80', JSONPLACEHOLDER_ADDRESS],
  },
  {
    name: 'security group allows only TCP 443 out: TCP 443 passes',
    vpc: articleVpc().securityGroup('sg-https', { egress: [tcp(443, 443)] }),
    eni: task('subnet-public', { publicIp: true, securityGroupIds: ['sg-https'] }),
    destination: todo,
    expected: { reachable: true, via: { kind: 'security-group', id: 'sg-https' } },
  },
  {
    name: "default security group's outbound allow-all removed",
    vpc: articleVpc().egress(DEFAULT_SG, []),
    eni: publicTask,
    destination: todo,
    expected: { code: 'ENI_SG_RULES_MISMATCH', component: DEFAULT_SG },
    mentions: [DEFAULT_SG, 'no outbound rules'],
  },
  {
    name: 'network ACL denies the reply on ephemeral ports',
    vpc: articleVpc().networkAcl('acl-strict', ['subnet-public'], [aclEntry(100, true, 'allow'), aclEntry(100, false, 'allow', { protocol: '6', ports: [443, 443] })]),
    eni: publicTask,
    destination: todo,
    expected: { code: 'SUBNET_ACL_RESTRICTION', component: 'acl-strict' },
    mentions: ['acl-strict', 'subnet-public', 'reply', '1024-65535', '*'],
  },
  {
    name: 'network ACL: only part of the ephemeral range allowed back',
    vpc: articleVpc().networkAcl('acl-strict', ['subnet-public'], [aclEntry(100, true, 'allow'), aclEntry(100, false, 'allow', { protocol: '6', ports: [32768, 65535] })]),
    eni: publicTask,
    destination: todo,
    expected: { code: 'SUBNET_ACL_RESTRICTION', component: 'acl-strict' },
  },
  {
    name: 'network ACL: a lower-numbered deny wins over a later allow',
    vpc: articleVpc().networkAcl('acl-ordered', ['subnet-public'], [
      aclEntry(90, true, 'deny', { protocol: '6', ports: [443, 443] }),
      aclEntry(100, true, 'allow'),
      aclEntry(100, false, 'allow'),
    ]),
    eni: publicTask,
    destination: todo,
    expected: { code: 'SUBNET_ACL_RESTRICTION', component: 'acl-ordered' },
    mentions: ['rule 90', 'outbound TCP 443'],
  },
  {
    name: 'network ACL: a lower-numbered allow wins over a later deny',
    vpc: articleVpc().networkAcl('acl-ordered', ['subnet-public'], [
      aclEntry(90, true, 'allow', { protocol: 'tcp', ports: [443, 443] }),
      aclEntry(100, true, 'deny'),
      aclEntry(100, false, 'allow'),
    ]),
    eni: publicTask,
    destination: todo,
    expected: { reachable: true, via: { kind: 'network-acl', id: 'acl-ordered' } },
  },
  {
    name: 'DNS resolution off: a name does not resolve',
    vpc: articleVpc().dns({ support: false }),
    eni: publicTask,
    destination: todo,
    expected: { code: 'DNS_RESOLUTION_DISABLED', component: VPC_ID },
    mentions: [VPC_ID, JSONPLACEHOLDER_HOST, 'enableDnsSupport'],
  },
  {
    name: 'DNS resolution off: an address in the VPC needs no name',
    vpc: articleVpc().dns({ support: false }),
    eni: privateTask,
    destination: { kind: 'vpc-address', address: '10.0.1.20', port: 5432 },
    expected: { reachable: true, via: { kind: 'local', id: 'local' } },
  },
  {
    name: 'an address in the VPC goes by the local route',
    vpc: articleVpc(),
    eni: privateTask,
    destination: { kind: 'vpc-address', address: '10.0.1.20', port: 5432 },
    expected: { reachable: true, via: { kind: 'local', id: 'local' } },
  },
  {
    name: "an address in the VPC: the other subnet's network ACL refuses the request",
    vpc: articleVpc().networkAcl('acl-db', ['subnet-public'], [aclEntry(100, true, 'allow'), aclEntry(100, false, 'allow', { protocol: '6', ports: [443, 443] })]),
    eni: privateTask,
    destination: { kind: 'vpc-address', address: '10.0.1.20', port: 5432 },
    expected: { code: 'SUBNET_ACL_RESTRICTION', component: 'acl-db' },
    mentions: ['subnet-public', 'inbound TCP 5432 from 10.0.2.4'],
  },
  {
    name: 'an address in the VPC: an outbound rule that references the destination group',
    vpc: articleVpc().securityGroup('sg-app', { egress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-db' }] }] }),
    eni: task('subnet-private', { securityGroupIds: ['sg-app'] }),
    destination: { kind: 'vpc-address', address: '10.0.1.20', port: 5432, securityGroupIds: ['sg-db'] },
    expected: { reachable: true, via: { kind: 'security-group', id: 'sg-app' } },
  },
  {
    name: 'an address in the VPC: a group reference does not match an interface outside that group',
    vpc: articleVpc().securityGroup('sg-app', { egress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-db' }] }] }),
    eni: task('subnet-private', { securityGroupIds: ['sg-app'] }),
    destination: { kind: 'vpc-address', address: '10.0.1.20', port: 5432 },
    expected: { code: 'ENI_SG_RULES_MISMATCH', component: 'sg-app' },
  },
  {
    name: 'interface endpoint for ecr.api with private DNS: a private task reaches ECR inside the VPC',
    vpc: withEcrEndpoint(),
    eni: privateTask,
    destination: ecrApi,
    expected: { reachable: true, via: { kind: 'vpc-endpoint', id: 'vpce-ecr-api' } },
  },
  {
    name: 'private subnet, no endpoint: an AWS service is unreachable, and a VPC endpoint is named as the private way',
    vpc: articleVpc(),
    eni: privateTask,
    destination: ecrApi,
    expected: { code: 'NO_ROUTE_TO_DESTINATION', component: MAIN_TABLE },
    mentions: ['0.0.0.0/0', 'To reach ecr.api without the internet, create a VPC endpoint', 'private DNS'],
  },
  {
    name: 'interface endpoint for ecr.api without private DNS: the name goes the internet path',
    vpc: withEcrEndpoint({ privateDns: false }),
    eni: privateTask,
    destination: ecrApi,
    expected: { code: 'NO_ROUTE_TO_DESTINATION', component: MAIN_TABLE },
    mentions: ['vpce-ecr-api', 'private DNS is off'],
  },
  {
    name: 'interface endpoint with private DNS in a VPC whose DNS hostnames are off',
    vpc: withEcrEndpoint().dns({ hostnames: false }),
    eni: privateTask,
    destination: ecrApi,
    expected: { code: 'NO_ROUTE_TO_DESTINATION', component: MAIN_TABLE },
    mentions: ['vpce-ecr-api', 'enableDnsHostnames'],
  },
  {
    name: "interface endpoint whose security group does not allow HTTPS in",
    vpc: withEcrEndpoint({ endpointIngress: [tcp(80, 80, '10.0.0.0/16')] }),
    eni: privateTask,
    destination: ecrApi,
    expected: { code: 'VPC_ENDPOINT_SG_RULES_MISMATCH', component: 'sg-endpoint' },
    mentions: ['vpce-ecr-api', 'sg-endpoint', 'TCP 443', DEFAULT_SG],
  },
  {
    name: "interface endpoint whose security group admits the task's group",
    vpc: withEcrEndpoint({ endpointIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: DEFAULT_SG }] }] }),
    eni: privateTask,
    destination: ecrApi,
    expected: { reachable: true, via: { kind: 'security-group', id: 'sg-endpoint' } },
  },
  {
    name: 'interface endpoint still pending',
    vpc: withEcrEndpoint({ state: 'Pending' }),
    eni: privateTask,
    destination: ecrApi,
    expected: { code: 'VPC_ENDPOINT_NOT_AVAILABLE', component: 'vpce-ecr-api' },
  },
  {
    name: 'S3 gateway endpoint: the prefix-list route takes a private task to S3',
    vpc: articleVpc().gatewayEndpoint('vpce-s3', 's3', [MAIN_TABLE]),
    eni: privateTask,
    destination: s3,
    expected: { reachable: true, via: { kind: 'vpc-endpoint', id: 'vpce-s3' } },
  },
  {
    name: 'S3 gateway endpoint associated with the table but its route not shown (moto after ModifyVpcEndpoint)',
    vpc: articleVpc().gatewayEndpoint('vpce-s3', 's3', [MAIN_TABLE], { withRoutes: false }),
    eni: privateTask,
    destination: s3,
    expected: { reachable: true, via: { kind: 'vpc-endpoint', id: 'vpce-s3' } },
  },
  {
    name: 'S3 gateway endpoint does not carry ECR traffic',
    vpc: articleVpc().gatewayEndpoint('vpce-s3', 's3', [MAIN_TABLE]),
    eni: privateTask,
    destination: ecrApi,
    expected: { code: 'NO_ROUTE_TO_DESTINATION', component: MAIN_TABLE },
  },
  {
    name: 'S3 gateway endpoint: an outbound rule to the S3 prefix list',
    vpc: articleVpc()
      .gatewayEndpoint('vpce-s3', 's3', [MAIN_TABLE])
      .securityGroup('sg-s3-only', { egress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-s3' }] }] }),
    eni: task('subnet-private', { securityGroupIds: ['sg-s3-only'] }),
    destination: s3,
    expected: { reachable: true, via: { kind: 'security-group', id: 'sg-s3-only' } },
  },
  {
    name: 'a route to a peering connection leads nowhere the dojo models',
    vpc: articleVpc().route(MAIN_TABLE, { DestinationCidrBlock: '0.0.0.0/0', VpcPeeringConnectionId: 'pcx-1' }),
    eni: privateTask,
    destination: todo,
    expected: { code: 'UNSUPPORTED_ROUTE_TARGET', component: MAIN_TABLE },
    mentions: ['pcx-1'],
  },
];

describe('analyzeReachability', () => {
  test.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const verdict = analyzeReachability(row.vpc.build(), row.eni, row.destination);
    if ('reachable' in row.expected) {
      expect(verdict).toMatchObject({ reachable: true });
      if (row.expected.via) expect(verdict.path).toContainEqual(row.expected.via);
    } else {
      expect(verdict.reachable).toBe(false);
      if (verdict.reachable) return;
      expect({ code: verdict.reason.code, component: verdict.reason.component }).toEqual(row.expected);
    }
    for (const words of row.mentions ?? []) {
      expect(verdict.reachable ? '' : verdict.reason.explanation.en).toContain(words);
    }
  });

  test('the path lists the hops passed in order', () => {
    const verdict = analyzeReachability(withNat().build(), privateTask, todo);
    expect(verdict.path).toEqual([
      { kind: 'eni', id: 'subnet-private' },
      { kind: 'dns', id: JSONPLACEHOLDER_HOST },
      { kind: 'security-group', id: DEFAULT_SG },
      { kind: 'network-acl', id: DEFAULT_ACL },
      { kind: 'route-table', id: MAIN_TABLE },
      { kind: 'nat-gateway', id: 'nat-1' },
      { kind: 'route-table', id: 'rtb-public' },
      { kind: 'internet-gateway', id: 'igw-main' },
    ]);
  });

  test('an unreachable verdict keeps the hops passed before the one that failed', () => {
    const verdict = analyzeReachability(articleVpc().build(), privateTask, todo);
    expect(verdict.path.map((hop) => hop.kind)).toEqual(['eni', 'dns', 'security-group', 'network-acl']);
  });

  test('a task whose subnet is not in the snapshot is an error that names it', () => {
    expect(() => analyzeReachability(articleVpc().build(), task('subnet-elsewhere'), todo)).toThrow(/subnet-elsewhere/);
  });
});

describe('explanations', () => {
  const failures = rows.filter((row) => !('reachable' in row.expected));

  test.each(failures.map((row) => [row.name, row] as const))('%s: English and Japanese', (_name, row) => {
    const verdict = analyzeReachability(row.vpc.build(), row.eni, row.destination);
    if (verdict.reachable) throw new Error('expected an unreachable verdict');
    const { en, ja } = verdict.reason.explanation;
    expect(en).toContain(verdict.reason.component);
    expect(ja).toContain(verdict.reason.component);
    expect(ja).toMatch(/[\u3040-\u30ff]/);
    expect(`${en} ${ja}`).not.toMatch(/undefined|\[object/);
    expect(explainVerdict(verdict, row.eni, row.destination)).toEqual(verdict.reason.explanation);
  });

  test('a reachable verdict says how the traffic gets there', () => {
    const snapshot: VpcSnapshot = withNat().build();
    const verdict = analyzeReachability(snapshot, privateTask, todo);
    const text = explainVerdict(verdict, privateTask, todo);
    expect(text.en).toContain('NAT gateway nat-1 and internet gateway igw-main');
    expect(text.en).toContain(JSONPLACEHOLDER_HOST);
    expect(text.ja).toContain('NAT ゲートウェイ nat-1');
  });

  test('a reachable verdict through an interface endpoint says it stays in the VPC', () => {
    const verdict = analyzeReachability(withEcrEndpoint().build(), privateTask, ecrApi);
    expect(explainVerdict(verdict, privateTask, ecrApi).en).toContain('inside the VPC, through interface endpoint vpce-ecr-api');
  });

});
