import { spawnSync } from 'node:child_process';
import { describeWithDocker } from '../docker-available';
import { docker } from '../docker-cli';
import { clean, runKata } from './kata-cli';

// Each command is a fresh Node process that compiles the CLI as it loads: a few seconds.
jest.setTimeout(60_000);

const describeDocker = describeWithDocker('kata doctor with KATA_BACKEND=localstack');
// An empty image made here, so the test needs no registry and no LocalStack build.
const PRESENT_IMAGE = `aws-basics-dojo/doctor-test:${process.pid}`;

async function doctorLines(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number | null; lines: string[] }> {
  const { code, stdout } = await runKata(['doctor', ...args], { KATA_BACKEND: 'localstack', LOCALSTACK_AUTH_TOKEN: '', ...env });
  return { code, lines: clean(stdout).trimEnd().split('\n') };
}

describeDocker('kata doctor with KATA_BACKEND=localstack', () => {
  beforeAll(() => {
    const emptyTar = spawnSync('tar', ['-c', '-T', '/dev/null'], { encoding: 'latin1' }).stdout;
    docker(['import', '-', PRESENT_IMAGE], emptyTar);
  });
  afterAll(() => docker(['image', 'rm', PRESENT_IMAGE]));

  test('an image in the store and no token: the image is ok, the community edition is named with what it skips', async () => {
    const { code, lines } = await doctorLines({ KATA_LOCALSTACK_IMAGE: PRESENT_IMAGE });
    expect(lines[0]).toBe('Checking what the dojo needs (backend localstack, task runtime process):');
    expect(lines).toContain(`  ok      LocalStack image: ${PRESENT_IMAGE} is in Docker's image store`);
    expect(lines).toContain(
      '  note    LOCALSTACK_AUTH_TOKEN: not set, so LocalStack runs its community edition: it has no ECS or ECR, and the katas that need them are skipped, each saying why. KATA_BACKEND=moto runs them all.',
    );
    expect(lines.at(-1)).toBe('Everything the localstack backend needs is here.');
    expect(code).toBe(0);
  });

  test('an image not in the store yet and a token: a note that the first run pulls it, and the token is passed through', async () => {
    const missing = `aws-basics-dojo/not-built-${process.pid}:0`;
    const { code, lines } = await doctorLines({ KATA_LOCALSTACK_IMAGE: missing, LOCALSTACK_AUTH_TOKEN: 'ls-test-token' });
    expect(lines).toContain(
      `  note    LocalStack image: ${missing} is not in Docker's image store yet: the first run pulls it, which needs Docker Hub (or your mirror). Without one, set KATA_LOCALSTACK_IMAGE to an image you have.`,
    );
    expect(lines).toContain(
      '  ok      LOCALSTACK_AUTH_TOKEN: set, and passed to the container: the katas that run are those of the services your plan answers, which the probe prints at start',
    );
    expect(code).toBe(0);
  });

  test('in Japanese', async () => {
    const { lines } = await doctorLines({ KATA_LOCALSTACK_IMAGE: PRESENT_IMAGE }, ['--lang', 'ja']);
    expect(lines).toContain(`  OK   LocalStack image: ${PRESENT_IMAGE} は Docker のイメージストアにあります`);
    expect(lines).toContain(
      '  メモ LOCALSTACK_AUTH_TOKEN: 未設定なので、LocalStack はコミュニティ版として動きます。ECS と ECR がないため、それらが必要なカタはそれぞれ理由を示してスキップされます。KATA_BACKEND=moto ならすべて実行できます。',
    );
  });
});
