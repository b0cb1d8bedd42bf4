import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { probeCapabilities } from '../../harness/backends/probe';

/** A stand-in for an edition that lacks ECS and ECR: 501 for those, a client error for the rest. */
function partialEdition(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((request, response) => {
    request.resume();
    const target = String(request.headers['x-amz-target'] ?? '');
    const lacking = target.startsWith('AmazonEC2ContainerServiceV20141113') || target.startsWith('AmazonEC2ContainerRegistry_V20150921');
    const body = lacking
      ? JSON.stringify({ __type: 'InternalFailure', message: `API for service '${target.startsWith('AmazonEC2ContainerService') ? 'ecs' : 'ecr'}' not yet implemented or pro feature` })
      : '<Error><Code>InvalidAction</Code><Message>probe</Message></Error>';
    response.writeHead(lacking ? 501 : 400, { 'content-type': lacking ? 'application/x-amz-json-1.1' : 'text/xml' });
    response.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  );
}

test('a 501 marks a service as not in this edition, with the reason the backend gave; other answers count as present', async () => {
  const edition = await partialEdition();
  try {
    const capabilities = await probeCapabilities(edition.url, '111122223333', 'ap-northeast-1');
    expect(capabilities.available).toEqual(['ec2', 'iam', 'sts', 'logs', 's3']);
    expect(Object.keys(capabilities.missing).sort()).toEqual(['ecr', 'ecs']);
    expect(capabilities.missing.ecs).toContain('not yet implemented or pro feature');
  } finally {
    edition.close();
  }
});

test('a backend that does not answer at all is an error, not an empty edition', async () => {
  await expect(probeCapabilities('http://127.0.0.1:1', '111122223333', 'ap-northeast-1')).rejects.toThrow(/did not answer/);
});
