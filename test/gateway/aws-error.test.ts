import { awsError, awsErrorCode } from '../../harness/gateway/aws-error';

describe('awsErrorCode reads the code of a failed call in every protocol', () => {
  test.each([
    ['EC2 XML', {}, '<Response><Errors><Error><Code>InvalidSubnet.Conflict</Code><Message>m</Message></Error></Errors></Response>', 'InvalidSubnet.Conflict'],
    ['query XML', {}, '<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code></Error></ErrorResponse>', 'NoSuchEntity'],
    ['JSON __type with a namespace', {}, '{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"m"}', 'ClusterNotFoundException'],
    ['the x-amzn-ErrorType header', { 'x-amzn-errortype': 'RepositoryNotFoundException:http://internal.amazon.com/' }, '{}', 'RepositoryNotFoundException'],
    ['a body with no code', {}, 'Internal Server Error', undefined],
  ])('%s', (_name, headers, body, code) => {
    expect(awsErrorCode(headers, body)).toBe(code);
  });

  test('the gateway\'s own errors carry their code where SDKs look for it', () => {
    for (const protocol of ['json', 'ec2-query', 'query', 'rest-xml'] as const) {
      const error = awsError(protocol, 'iam', 403, 'AccessDenied', 'User: <x> & "y"');
      expect(awsErrorCode(error.headers, error.body)).toBe('AccessDenied');
      if (protocol !== 'json') expect(error.body).toContain('User: &lt;x&gt; &amp; &quot;y&quot;');
    }
  });
});
