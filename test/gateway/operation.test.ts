import { identifyOperation } from '../../harness/gateway/operation';

const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const none = Buffer.alloc(0);
const at = (path: string) => new URL(path, 'http://gateway.local');

describe('identifyOperation', () => {
  test('awsJson services are named by X-Amz-Target', () => {
    expect(identifyOperation('POST', at('/'), { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.RunTask' }, none, 'ecs')).toEqual({
      service: 'ecs', name: 'RunTask', protocol: 'json',
    });
    expect(identifyOperation('POST', at('/'), { 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeImages' }, none, undefined)).toEqual({
      service: 'ecr', name: 'DescribeImages', protocol: 'json',
    });
    expect(identifyOperation('POST', at('/'), { 'x-amz-target': 'Logs_20140328.GetLogEvents' }, none, undefined).service).toBe('logs');
  });

  test('query services are named by Action, in the body or the query string', () => {
    expect(identifyOperation('POST', at('/'), form, Buffer.from('Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16'), 'ec2')).toEqual({
      service: 'ec2', name: 'CreateVpc', protocol: 'ec2-query',
    });
    expect(identifyOperation('GET', at('/?Action=GetCallerIdentity&Version=2011-06-15'), {}, none, 'sts')).toEqual({
      service: 'sts', name: 'GetCallerIdentity', protocol: 'query',
    });
  });

  test.each([
    ['GET', '/', {}, 'ListBuckets'],
    ['PUT', '/mybucket', {}, 'CreateBucket'],
    ['GET', '/mybucket?list-type=2', {}, 'ListObjectsV2'],
    ['PUT', '/mybucket?policy', {}, 'PutBucketPolicy'],
    ['DELETE', '/mybucket', {}, 'DeleteBucket'],
    ['PUT', '/mybucket/a.txt', {}, 'PutObject'],
    ['PUT', '/mybucket/a.txt', { 'x-amz-copy-source': '/other/b.txt' }, 'CopyObject'],
    ['GET', '/mybucket/dir/a.txt', {}, 'GetObject'],
    ['HEAD', '/mybucket/a.txt', {}, 'HeadObject'],
    ['DELETE', '/mybucket/a.txt', {}, 'DeleteObject'],
    ['POST', '/mybucket/a.txt?uploads', {}, 'CreateMultipartUpload'],
    ['POST', '/mybucket?delete', {}, 'DeleteObjects'],
  ])('S3 %s %s is %s', (method, path, headers, name) => {
    expect(identifyOperation(method, at(path), headers, none, 's3')).toEqual({ service: 's3', name, protocol: 'rest-xml' });
  });
});
