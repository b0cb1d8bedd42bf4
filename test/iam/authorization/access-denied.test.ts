import { PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateVpcCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeImagesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { GetRoleCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  accessDeniedResponse,
  decodeAuthorizationMessage,
  notAuthorizedMessage,
  resourceInMessage,
  type NotAuthorizedInput,
} from '../../../harness/iam/authorization/access-denied';
import { requiredPermissions } from '../../../harness/iam/authorization/required-permissions';
import type { DecidedBy } from '../../../harness/iam/policy-types';
import { ACCOUNT, REGION, SdkCapture, toAuthorizedRequest, type Clients } from './sdk-capture';

const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/kata-runner/session-1`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/kata-task-role`;

describe('notAuthorizedMessage words a denial as AWS does', () => {
  const repository = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/web`;
  test.each<[string, NotAuthorizedInput, string]>([
    ['no identity-based policy allows it',
      { principalArn: USER, action: 'ecr:DescribeImages', resource: repository, decision: 'ImplicitDeny', decidedBy: 'identity' },
      `User: ${USER} is not authorized to perform: ecr:DescribeImages on resource: ${repository} because no identity-based policy allows the ecr:DescribeImages action`],
    ['an identity-based policy denies it',
      { principalArn: SESSION, action: 'ecr:DescribeImages', resource: repository, decision: 'ExplicitDeny', decidedBy: 'identity' },
      `User: ${SESSION} is not authorized to perform: ecr:DescribeImages on resource: ${repository} with an explicit deny in an identity-based policy`],
    ['a managed policy denies it, named after the type',
      { principalArn: USER, action: 'ecr:DescribeImages', resource: repository, decision: 'ExplicitDeny', decidedBy: 'identity', policyArn: `arn:aws:iam::${ACCOUNT}:policy/deny-ecr` },
      `User: ${USER} is not authorized to perform: ecr:DescribeImages on resource: ${repository} with an explicit deny in an identity-based policy: arn:aws:iam::${ACCOUNT}:policy/deny-ecr`],
    ['no permissions boundary allows it',
      { principalArn: USER, action: 'ecr:CreateRepository', resource: repository, decision: 'ImplicitDeny', decidedBy: 'permissions-boundary' },
      `User: ${USER} is not authorized to perform: ecr:CreateRepository on resource: ${repository} because no permissions boundary allows the ecr:CreateRepository action`],
    ['a permissions boundary denies it',
      { principalArn: USER, action: 'ecr:CreateRepository', resource: repository, decision: 'ExplicitDeny', decidedBy: 'permissions-boundary' },
      `User: ${USER} is not authorized to perform: ecr:CreateRepository on resource: ${repository} with an explicit deny in a permissions boundary`],
    ['a bucket policy denies it (S3 quotes the resource)',
      { principalArn: USER, action: 's3:ListBucket', resource: '"arn:aws:s3:::dojo-bucket"', decision: 'ExplicitDeny', decidedBy: 'resource' },
      `User: ${USER} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::dojo-bucket" with an explicit deny in a resource-based policy`],
    ['no resource-based policy allows it',
      { principalArn: USER, action: 's3:GetObject', resource: '"arn:aws:s3:::other/a.txt"', decision: 'ImplicitDeny', decidedBy: 'resource' },
      `User: ${USER} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::other/a.txt" because no resource-based policy allows the s3:GetObject action`],
    ['a role trust policy that does not name the caller gives no reason',
      { principalArn: USER, action: 'sts:AssumeRole', resource: ROLE_ARN, decision: 'ImplicitDeny', decidedBy: 'resource' },
      `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`],
    ['a role trust policy that denies the caller',
      { principalArn: USER, action: 'sts:AssumeRole', resource: ROLE_ARN, decision: 'ExplicitDeny', decidedBy: 'resource' },
      `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN} with an explicit deny in the role trust policy`],
    ['the caller may not call sts:AssumeRole at all',
      { principalArn: SESSION, action: 'sts:AssumeRole', resource: ROLE_ARN, decision: 'ImplicitDeny', decidedBy: 'identity' },
      `User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN} because no identity-based policy allows the sts:AssumeRole action`],
    ['IAM names its resources by type and name',
      { principalArn: USER, action: 'iam:GetRole', resource: 'role kata-task-role', decision: 'ImplicitDeny', decidedBy: 'identity' },
      `User: ${USER} is not authorized to perform: iam:GetRole on resource: role kata-task-role because no identity-based policy allows the iam:GetRole action`],
    ['an action on "*" that the service leaves out',
      { principalArn: USER, action: 's3:ListAllMyBuckets', resource: null, decision: 'ImplicitDeny', decidedBy: 'identity' },
      `User: ${USER} is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`],
    ['EC2 Describe: prefixed, no resource, nothing encoded',
      { principalArn: USER, action: 'ec2:DescribeVpcs', resource: null, decision: 'ImplicitDeny', decidedBy: 'identity' },
      `You are not authorized to perform this operation. User: ${USER} is not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action`],
  ])('%s', (_description, input, expected) => {
    expect(notAuthorizedMessage(input)).toBe(expected);
  });

  test('EC2 writes carry an encoded authorization failure message, which the dojo can decode', () => {
    const resource = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/*`;
    const message = notAuthorizedMessage({
      principalArn: USER, action: 'ec2:CreateVpc', resource, decision: 'ImplicitDeny', decidedBy: 'identity',
      explanation: 'No statement of policy "kata-read" allows ec2:CreateVpc.',
    });
    const prefix = `You are not authorized to perform this operation. User: ${USER} is not authorized to perform: ec2:CreateVpc on resource: ${resource} because no identity-based policy allows the ec2:CreateVpc action. Encoded authorization failure message: `;
    expect(message.startsWith(prefix)).toBe(true);
    const encoded = message.slice(prefix.length);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = JSON.parse(decodeAuthorizationMessage(encoded) ?? 'null');
    expect(decoded).toMatchObject({
      allowed: false,
      explicitDeny: false,
      context: { principal: { arn: USER }, action: 'ec2:CreateVpc', resource },
      explanation: 'No statement of policy "kata-read" allows ec2:CreateVpc.',
    });
    expect(decodeAuthorizationMessage('not-ours')).toBeUndefined();
  });
});

describe('accessDeniedResponse: the real SDK clients read the denial as AWS sends it', () => {
  const capture = new SdkCapture();
  beforeAll(() => capture.start());
  afterAll(() => capture.stop());

  /** The denial of the request's first required permission, as the gateway would answer it. */
  const deny = (principalArn: string, decidedBy: DecidedBy = 'identity') => {
    capture.answer = (captured) => {
      const request = toAuthorizedRequest(captured);
      const required = requiredPermissions(request);
      if (!required.modelled) throw new Error(required.reason);
      const [permission] = required.permissions;
      const message = notAuthorizedMessage({
        principalArn, action: permission.action, resource: resourceInMessage(permission), decision: 'ImplicitDeny', decidedBy,
      });
      return accessDeniedResponse(request.operation, message);
    };
  };
  afterEach(() => {
    capture.answer = () => ({ status: 400, headers: {}, body: '' });
  });

  const because = (action: string) => `because no identity-based policy allows the ${action} action`;

  test.each<[string, (c: Clients) => Promise<unknown>, { name: string; status: number; message: string }, DecidedBy?]>([
    ['ECR (awsJson)', (c) => c.ecr.send(new DescribeImagesCommand({ repositoryName: 'web' })), {
      name: 'AccessDeniedException', status: 400,
      message: `User: ${USER} is not authorized to perform: ecr:DescribeImages on resource: arn:aws:ecr:${REGION}:${ACCOUNT}:repository/web ${because('ecr:DescribeImages')}`,
    }],
    ['ECR on "*", which ECR names', (c) => c.ecr.send(new GetAuthorizationTokenCommand({})), {
      name: 'AccessDeniedException', status: 400,
      message: `User: ${USER} is not authorized to perform: ecr:GetAuthorizationToken on resource: * ${because('ecr:GetAuthorizationToken')}`,
    }],
    ['ECS (awsJson)', (c) => c.ecs.send(new RunTaskCommand({ cluster: 'dojo', taskDefinition: 'web:3' })), {
      name: 'AccessDeniedException', status: 400,
      message: `User: ${USER} is not authorized to perform: ecs:RunTask on resource: arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:3 ${because('ecs:RunTask')}`,
    }],
    ['CloudWatch Logs (awsJson)', (c) => c.logs.send(new PutLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/app/1', logEvents: [{ timestamp: 1, message: 'x' }] })), {
      name: 'AccessDeniedException', status: 400,
      message: `User: ${USER} is not authorized to perform: logs:PutLogEvents on resource: arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/web:log-stream:ecs/app/1 ${because('logs:PutLogEvents')}`,
    }],
    ['IAM (query)', (c) => c.iam.send(new GetRoleCommand({ RoleName: 'kata-task-role' })), {
      name: 'AccessDenied', status: 403,
      message: `User: ${USER} is not authorized to perform: iam:GetRole on resource: role kata-task-role ${because('iam:GetRole')}`,
    }],
    ['IAM list (query)', (c) => c.iam.send(new ListUsersCommand({})), {
      name: 'AccessDenied', status: 403,
      message: `User: ${USER} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ ${because('iam:ListUsers')}`,
    }],
    ['STS refused by the trust policy (query)', (c) => c.sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'kata' })), {
      name: 'AccessDenied', status: 403,
      message: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    }, 'resource'],
    ['S3 (REST-XML)', (c) => c.s3.send(new GetObjectCommand({ Bucket: 'dojo-bucket', Key: 'dir/a b.txt' })), {
      name: 'AccessDenied', status: 403,
      message: `User: ${USER} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::dojo-bucket/dir/a b.txt" ${because('s3:GetObject')}`,
    }],
    ['S3 on "*"', (c) => c.s3.send(new ListBucketsCommand({})), {
      name: 'AccessDenied', status: 403,
      message: `User: ${USER} is not authorized to perform: s3:ListAllMyBuckets ${because('s3:ListAllMyBuckets')}`,
    }],
    ['EC2 (ec2 query)', (c) => c.ec2.send(new DescribeVpcsCommand({})), {
      name: 'UnauthorizedOperation', status: 403,
      message: `You are not authorized to perform this operation. User: ${USER} is not authorized to perform: ec2:DescribeVpcs ${because('ec2:DescribeVpcs')}`,
    }],
  ])('%s', async (...row) => {
    const [, call, expected, decidedBy] = row;
    deny(USER, decidedBy);
    const error = await call(capture.clients).then(() => undefined, (failure: unknown) => failure);
    expect(error).toMatchObject({ name: expected.name, message: expected.message, $metadata: { httpStatusCode: expected.status } });
  });

  test('a denied HEAD answers 403 with no body, as S3 does; the SDK has only the status to go on', async () => {
    // With real S3 the SDK v3 reports such a 403 as an unnamed error too ("name": "403", "UnknownError",
    // aws/aws-sdk-js-v3#6597): the learner sees the status, not a message.
    deny(USER);
    expect(accessDeniedResponse({ service: 's3', name: 'HeadObject', protocol: 'rest-xml' }, 'm')).toMatchObject({ status: 403, body: '' });
    const error = await capture.clients.s3.send(new HeadObjectCommand({ Bucket: 'dojo-bucket', Key: 'a.txt' })).then(() => undefined, (failure: unknown) => failure);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((error as Error).name).not.toBe('AccessDenied');
  });

  test('an EC2 write the dojo refuses reads as UnauthorizedOperation with its encoded message', async () => {
    capture.answer = (captured) => {
      const request = toAuthorizedRequest(captured);
      const message = notAuthorizedMessage({
        principalArn: SESSION, action: `ec2:${request.operation.name}`, resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/*`,
        decision: 'ImplicitDeny', decidedBy: 'identity', explanation: 'dojo explanation',
      });
      return accessDeniedResponse(request.operation, message);
    };
    const error = await capture.clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' })).then(() => undefined, (failure: unknown) => failure);
    expect(error).toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    const encoded = (error as Error).message.match(/Encoded authorization failure message: ([A-Za-z0-9_-]+)$/)?.[1] ?? '';
    expect(JSON.parse(decodeAuthorizationMessage(encoded) ?? 'null')).toMatchObject({ explanation: 'dojo explanation', context: { action: 'ec2:CreateVpc' } });
  });
});

describe('accessDeniedResponse status and code per protocol', () => {
  test.each([
    ['json', 'ecr', 'DescribeImages', 400, 'AccessDeniedException'],
    ['query', 'iam', 'GetRole', 403, 'AccessDenied'],
    ['query', 'sts', 'AssumeRole', 403, 'AccessDenied'],
    ['rest-xml', 's3', 'GetObject', 403, 'AccessDenied'],
    ['ec2-query', 'ec2', 'DescribeVpcs', 403, 'UnauthorizedOperation'],
  ] as const)('%s (%s)', (protocol, service, name, status, code) => {
    const response = accessDeniedResponse({ service, name, protocol }, 'User: x is not authorized to perform: y');
    expect(response.status).toBe(status);
    expect(response.body).toContain(code);
    expect(response.body).toContain('User: x is not authorized to perform: y');
  });
});
