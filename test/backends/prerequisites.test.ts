import { BackendPrerequisiteError } from '../../harness/backends/backend';
import { findPython } from '../../harness/backends/moto/venv';
import { runDojo } from '../run-dojo';
import { closedPort } from '../closed-port';

// Each test starts a whole run; Jest's timeout is generous, the assertions time the run itself.
jest.setTimeout(60_000);

describe('a missing prerequisite ends the run at once with one clear message', () => {
  test('KATA_BACKEND=localstack without Docker stops in under 5 s and points to the default backend', async () => {
    const run = await runDojo(['katas'], { KATA_BACKEND: 'localstack', DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(run.code).not.toBe(0);
    expect(run.ms).toBeLessThan(5000);
    expect(run.output).toContain('KATA_BACKEND=localstack needs Docker');
    expect(run.output).toContain('run without KATA_BACKEND (moto in a project-local Python venv, no Docker needed)');
    expect(run.output).not.toMatch(/^\s+at /m); // a message, not a stack trace
  });

  test('KATA_BACKEND=endpoint with nothing listening names the endpoint and the other backends', async () => {
    const port = await closedPort();
    const run = await runDojo(['katas'], { KATA_BACKEND: 'endpoint', KATA_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(run.code).not.toBe(0);
    expect(run.ms).toBeLessThan(5000);
    expect(run.output).toContain(`KATA_ENDPOINT=http://127.0.0.1:${port} does not answer`);
    expect(run.output).toContain('KATA_BACKEND=moto (default; needs Python 3)');
  });

  test('KATA_BACKEND=endpoint without KATA_ENDPOINT says what to set', async () => {
    const run = await runDojo(['katas'], { KATA_BACKEND: 'endpoint' });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('KATA_BACKEND=endpoint needs KATA_ENDPOINT');
  });

  test('an unknown KATA_BACKEND lists the backends', async () => {
    const run = await runDojo(['katas'], { KATA_BACKEND: 'lokalstack' });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('KATA_BACKEND=lokalstack is not a backend');
    expect(run.output).toContain('KATA_BACKEND=localstack (needs Docker)');
  });

  test('no usable Python for the moto venv names Python and the other backends', () => {
    const attempt = () => findPython({ KATA_PYTHON: '/nonexistent/python3' });
    expect(attempt).toThrow(BackendPrerequisiteError);
    expect(attempt).toThrow(/needs Python 3\.9 or newer.*\/nonexistent\/python3 was not found.*KATA_BACKEND=localstack \(needs Docker\)/s);
  });
});

