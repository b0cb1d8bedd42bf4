import { identifyCaller } from '../../harness/gateway/caller';

const url = new URL('http://gateway.local/');
const signed = (credential: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=abc`,
});

describe('identifyCaller', () => {
  test('a 12-digit access key id is the root of that account', () => {
    expect(identifyCaller(signed('210987654321/20261129/ap-northeast-1/ec2/aws4_request'), url)).toEqual({
      ok: true,
      caller: { kind: 'root', accountId: '210987654321', accessKeyId: '210987654321', service: 'ec2', region: 'ap-northeast-1' },
    });
  });

  test('any other access key id is not an account root', () => {
    const result = identifyCaller(signed('AKIAIOSFODNN7EXAMPLE/20261129/ap-northeast-1/iam/aws4_request'), url);
    expect(result).toEqual({ ok: true, caller: { kind: 'unknown-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', service: 'iam', region: 'ap-northeast-1' } });
  });

  test('a presigned URL carries the credential in X-Amz-Credential', () => {
    const presigned = new URL('http://gateway.local/bucket/key?X-Amz-Credential=210987654321%2F20261129%2Fap-northeast-1%2Fs3%2Faws4_request');
    expect(identifyCaller({}, presigned)).toMatchObject({ ok: true, caller: { kind: 'root', accountId: '210987654321', service: 's3' } });
  });

  test('no signature at all is "missing"', () => {
    expect(identifyCaller({}, url)).toMatchObject({ ok: false, code: 'missing' });
  });

  test.each([
    ['AWS AKIA:signature', 'AWS4-HMAC-SHA256'],
    ['AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc', "'Credential'"],
    ['AWS4-HMAC-SHA256 Credential=210987654321/2026/ap-northeast-1/ec2, Signature=abc', "'Credential'"],
  ])('%s is malformed, and the detail says why', (authorization, mentions) => {
    const result = identifyCaller({ authorization }, url);
    expect(result).toMatchObject({ ok: false, code: 'malformed' });
    expect(!result.ok && result.detail).toContain(mentions);
  });
});
