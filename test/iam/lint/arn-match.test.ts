import { patternCanMatchFormat, patternMatches, splitArn } from '../../../harness/iam/lint/arn-match';
import { suggest } from '../../../harness/iam/lint/suggest';

const REPOSITORY = 'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}';
const BUCKET = 'arn:${Partition}:s3:::${BucketName}';
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const LOG_STREAM = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}';

describe('patternCanMatchFormat: can a Resource pattern match some ARN of a resource type', () => {
  test.each([
    ['a repository', 'arn:aws:ecr:ap-northeast-1:123456789012:repository/my-repo', REPOSITORY, true],
    ['a repository with a slash in its name', 'arn:aws:ecr:ap-northeast-1:123456789012:repository/team/app', REPOSITORY, true],
    ['every repository anywhere', 'arn:aws:ecr:*:*:repository/*', REPOSITORY, true],
    ['everything', '*', REPOSITORY, true],
    ['a registry is not a repository', 'arn:aws:ecr:ap-northeast-1:123456789012:registry/x', REPOSITORY, false],
    ['an S3 ARN is not a repository', 'arn:aws:s3:::mybucket/*', REPOSITORY, false],
    ['a bucket', 'arn:aws:s3:::mybucket', BUCKET, true],
    ['objects are not a bucket', 'arn:aws:s3:::mybucket/*', BUCKET, false],
    ['objects', 'arn:aws:s3:::mybucket/*', OBJECT, true],
    ['a bucket is not an object', 'arn:aws:s3:::mybucket', OBJECT, false],
    ['a policy variable in an object key', 'arn:aws:s3:::home/${aws:username}/*', OBJECT, true],
    ['the streams of a log group', 'arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/sample:*', LOG_STREAM, true],
    ['a log group without ":*" is no stream', 'arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/sample', LOG_STREAM, false],
    ['"?" stands for one character', 'arn:aws:s3:::bucket?', BUCKET, true],
  ])('%s', (_name, pattern, format, expected) => {
    expect(patternCanMatchFormat(pattern, format)).toBe(expected);
  });
});

describe('patternMatches: IAM wildcard matching', () => {
  test.each([
    ['*', '*', true],
    ['arn:aws:s3:::*', '*', false],
    ['ap-*', 'ap-northeast-1', true],
    ['us-east-?', 'ap-northeast-1', false],
    ['describe*s', 'describeimages', true],
    ['describe*foo', 'describeimages', false],
    ['12345678901?', '123456789012', true],
  ])('%s vs %s', (pattern, text, expected) => {
    expect(patternMatches(pattern, text)).toBe(expected);
  });

  test('splitArn keeps colons inside the resource part', () => {
    expect(splitArn('arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/sample:*')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'ap-northeast-1',
      account: '123456789012',
      resource: 'log-group:/ecs/sample:*',
    });
    expect(splitArn('arn:aws:ecr:*')).toBeUndefined();
  });
});

describe('suggest: the closest names, at most three', () => {
  test.each<[string, string[], string[]]>([
    ['DescribeImage', ['DescribeImages', 'DescribeImageScanFindings', 'DescribeRepositories', 'PutImage'], ['DescribeImages']],
    ['ecs-tasks', ['ecs', 'ecr', 'eks', 'events'], ['ecs']],
    ['Describe', ['DescribeImages', 'DescribeRepositories', 'DescribeRegistry', 'DescribePullThroughCacheRules', 'PutImage'], ['DescribeImages', 'DescribeRegistry', 'DescribeRepositories']],
    ['Frobnicate', ['DescribeImages', 'PutImage'], []],
  ])('%s', (name, candidates, expected) => {
    expect(suggest(name, candidates)).toEqual(expected);
  });
});
