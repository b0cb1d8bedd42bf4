import { X509Certificate } from 'node:crypto';
import * as https from 'node:https';
import { FixtureCa } from '../../harness/network/fixture-ca';
import { InternetFixture, type FixtureListener } from '../../harness/network/internet-fixture';
import { JSONPLACEHOLDER_HOST, TODO } from '../../harness/network/internet-hosts';

jest.setTimeout(30_000);

const LOOPBACK = '127.0.0.1';

interface ClientTls {
  ca?: string[];
  cert?: string;
  key?: string;
  servername?: string;
}

/** An HTTPS GET to the listener as a task's container makes it: by the real host name, at the fixture's address. */
function get(listener: FixtureListener, path: string, tlsOptions: ClientTls): Promise<{ status: number; contentType?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      { host: listener.host, port: listener.port, path, headers: { host: JSONPLACEHOLDER_HOST }, servername: JSONPLACEHOLDER_HOST, agent: false, ...tlsOptions },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

let ca: FixtureCa;
let fixture: InternetFixture;
let listener: FixtureListener;
let taskA: Required<Pick<ClientTls, 'ca' | 'cert' | 'key'>>;

beforeAll(async () => {
  ca = await FixtureCa.create();
  fixture = new InternetFixture(ca);
  listener = await fixture.openForTask('task-a', LOOPBACK);
  const tls = await fixture.taskTls('task-a');
  taskA = { ca: [tls.ca], cert: tls.cert, key: tls.key };
});

afterAll(async () => {
  await fixture.close();
});

describe('the harness CA', () => {
  it('is a CA that signed the server certificate for the fixture host names', async () => {
    const server = await ca.issueServerCertificate([JSONPLACEHOLDER_HOST, 'example.test']);
    const authority = new X509Certificate(ca.certificatePem);
    const leaf = new X509Certificate(server.certificatePem);
    expect(authority.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(authority)).toBe(true);
    expect(leaf.verify(authority.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe(`DNS:${JSONPLACEHOLDER_HOST}, DNS:example.test`);
    expect(leaf.checkHost(JSONPLACEHOLDER_HOST)).toBe(JSONPLACEHOLDER_HOST);
  });

  it('issues a task a client certificate whose CN is the task id', async () => {
    const client = await ca.issueClientCertificate('0123456789abcdef');
    const leaf = new X509Certificate(client.certificatePem);
    expect(leaf.subject).toBe('CN=0123456789abcdef');
    expect(leaf.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // TLS client authentication
  });
});

describe('a task\'s fixture listener', () => {
  it('answers /todos/1 with the todo as jsonplaceholder does, over TLS verified with the harness CA', async () => {
    const answer = await get(listener, '/todos/1', taskA);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual(TODO);
  });

  it('answers another path with 404 and {}, as the real site does', async () => {
    const answer = await get(listener, '/todos/999999', taskA);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({});
  });

  it('presents a certificate that a client without the harness CA does not trust', async () => {
    await expect(get(listener, '/todos/1', { ...taskA, ca: undefined })).rejects.toMatchObject({ code: expect.stringMatching(/^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/) });
  });

  it('presents a certificate for the fixture hosts only', async () => {
    await expect(get(listener, '/todos/1', { ...taskA, servername: 'example.com' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('refuses a client without a certificate', async () => {
    await expect(get(listener, '/todos/1', { ca: taskA.ca })).rejects.toThrow();
  });

  it('refuses the certificate of another task, though the harness CA issued it', async () => {
    const other = await fixture.taskTls('task-b');
    await expect(get(listener, '/todos/1', { ca: taskA.ca, cert: other.cert, key: other.key })).rejects.toThrow();
    const ownListener = await fixture.openForTask('task-b', LOOPBACK);
    try {
      expect((await get(ownListener, '/todos/1', { ca: taskA.ca, cert: other.cert, key: other.key })).status).toBe(200);
    } finally {
      await ownListener.close();
    }
  });

  it('refuses a certificate from another CA with the task id as CN', async () => {
    const stranger = await (await FixtureCa.create()).issueClientCertificate('task-a');
    await expect(get(listener, '/todos/1', { ca: taskA.ca, cert: stranger.certificatePem, key: stranger.privateKeyPem })).rejects.toThrow();
  });
});
