import { clean, runKata } from './kata-cli';
import { closedPort } from '../closed-port';

// Each command is a fresh Node process that compiles the CLI as it loads: a few seconds.
jest.setTimeout(60_000);

/** Versions and ports differ from machine to machine. */
const normalise = (text: string) =>
  clean(text)
    .replace(/v\d+\.\d+\.\d+/g, 'v<version>')
    .replace(/Python \d+\.\d+\.\d+/g, 'Python <version>')
    .replace(/port \d+/g, 'port <port>')
    .trimEnd()
    .split('\n');


describe('kata doctor', () => {
  test('the default backend on this machine: everything it needs is here', async () => {
    const { code, stdout } = await runKata(['doctor']);
    const lines = normalise(stdout);
    expect(lines[0]).toBe('Checking what the dojo needs (backend moto, task runtime process):');
    expect(lines[1]).toBe('  ok      Node: v<version> (the dojo needs 20 or newer)');
    expect(lines[2]).toMatch(/^ {2}ok {6}Python: python3? is Python <version>, with the venv module$/);
    expect(lines[3]).toBe('  ok      moto venv: .dojo/moto-venv holds the pinned moto server');
    // Docker is optional for moto: either state is healthy.
    expect(lines[4]).toMatch(/^ {2}(ok {6}Docker: the engine answers at .+|note {4}Docker: no engine answers at .+ Only KATA_BACKEND=localstack and KATA_RUNTIME=docker need it\.)$/);
    expect(lines.slice(5)).toEqual(['  ok      loopback: 127.0.0.1 accepts listeners (free port <port> found)', 'Everything the moto backend needs is here.']);
    expect(code).toBe(0);
  });

  test('KATA_BACKEND=endpoint at a closed port: a problem that says what to do, and a failing exit', async () => {
    const port = await closedPort();
    const { code, stdout } = await runKata(['doctor'], { KATA_BACKEND: 'endpoint', KATA_ENDPOINT: `http://127.0.0.1:${port}` });
    const lines = normalise(stdout.split(String(port)).join('<closed>'));
    expect(lines[0]).toBe('Checking what the dojo needs (backend endpoint, task runtime process):');
    expect(lines).toContain(
      '  problem KATA_ENDPOINT: http://127.0.0.1:<closed> does not answer (connect ECONNREFUSED 127.0.0.1:<closed>). Start the local AWS there first (e.g. `docker compose up moto`), or fix the URL. Backends: KATA_BACKEND=moto (default; needs Python 3), KATA_BACKEND=localstack (needs Docker), KATA_BACKEND=endpoint with KATA_ENDPOINT=http://host:port (any local AWS already running, e.g. `docker compose up moto`).',
    );
    expect(lines.at(-1)).toBe('1 problem(s): fix the lines marked "problem", then run `npm run kata -- doctor` again.');
    expect(code).toBe(1);
  });

  test('in Japanese', async () => {
    const { code, stdout } = await runKata(['doctor', '--lang', 'ja']);
    const lines = normalise(stdout);
    expect(lines[0]).toBe('道場に必要なものを確認しています(バックエンド moto、タスクのランタイム process):');
    expect(lines[1]).toBe('  OK   Node: v<version>(道場には 20 以上が必要)');
    expect(lines.at(-1)).toBe('moto バックエンドに必要なものはすべて揃っています。');
    expect(code).toBe(0);
  });
});

describe('mistakes on the command line name the value and the choices', () => {
  test.each([
    [['fix'], '"fix" is not a kata command. Commands: list, watch, hint, reset, doctor, help. For example: npm run kata -- watch 01'],
    [['hint', '99'], '"99" is not a kata id. Kata ids: 01-cidr-basics, 02-create-vpc, 03-subnets-in-two-azs, 04-reachable-subnet, 05-security-group, 06-policy-document, 07-trust-policy, 08-user-and-access-key, 09-push-to-ecr, 10-cluster-and-task-definition, 11-run-task, 12-give-the-task-a-role, 13-scope-the-policy, 14-execution-role, 15-service, 16-private-subnet-nat, 17-vpc-endpoints. A number is enough, e.g. 04.'],
    [['reset', '1'], '"1" matches several katas (10-cluster-and-task-definition, 11-run-task, 12-give-the-task-a-role, 13-scope-the-policy, 14-execution-role, 15-service, 16-private-subnet-nat, 17-vpc-endpoints); give more of the id, e.g. 10.'],
    [['watch', '1'], '"1" matches several katas (10-cluster-and-task-definition, 11-run-task, 12-give-the-task-a-role, 13-scope-the-policy, 14-execution-role, 15-service, 16-private-subnet-nat, 17-vpc-endpoints); give more of the id, e.g. 10.'],
    [['hint'], 'kata hint needs a kata id, e.g. npm run kata -- hint 01'],
    [['list', '01'], 'kata list takes no kata id; "01" is one too many.'],
    [['list', '--colour'], '"--colour" is not an option of kata. Options: --lang en|ja, --yes (reset), --poll (watch), --help.'],
    [['list', '--lang', 'fr'], '--lang fr is not a language of the dojo; use --lang en or --lang ja.'],
    [['fix', '--lang', 'ja'], '"fix" は kata のコマンドではありません。コマンド: list, watch, hint, reset, doctor, help。例: npm run kata -- watch 01'],
  ])('kata %j', async (args, message) => {
    const { code, stdout, stderr } = await runKata(args);
    expect(clean(stderr)).toBe(`${message}\n`);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});

test('kata --help lists the commands', async () => {
  const { code, stdout } = await runKata(['--help']);
  expect(code).toBe(0);
  const commands = clean(stdout)
    .split('\n')
    .filter((line) => /^ {2}[a-z]/.test(line))
    .map((line) => line.trim().split(/\s{2,}/)[0]);
  expect(commands).toEqual(['list', 'watch [id]', 'hint <id>', 'reset <id>', 'doctor']);
});
