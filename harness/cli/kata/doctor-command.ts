import { OTHER_BACKENDS_HINT } from '../../paths';
import type { CliContext } from './cli-context';
import {
  checkDocker,
  checkEndpoint,
  checkLocalStackImage,
  checkLocalStackToken,
  checkLoopback,
  checkMotoVenv,
  checkNode,
  checkPython,
  type CheckLevel,
  type CheckResult,
} from './doctor-checks';
import { bold, green, red, say, yellow } from './terminal';
import { padEnd } from './text-width';

const BACKENDS = ['moto', 'localstack', 'endpoint'];
const RUNTIMES = ['process', 'docker'];

/** `kata doctor`: what the chosen backend and runtime need, line by line; exit 1 when something needed is missing. */
export async function doctorCommand(context: CliContext, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const backend = (env.KATA_BACKEND ?? '').trim().toLowerCase() || 'moto';
  const runtime = (env.KATA_RUNTIME ?? '').trim() || 'process';
  const dockerNeededBy = backend === 'localstack' ? 'KATA_BACKEND=localstack' : runtime === 'docker' ? 'KATA_RUNTIME=docker' : undefined;
  say(bold(context.text({ en: `Checking what the dojo needs (backend ${backend}, task runtime ${runtime}):`, ja: `道場に必要なものを確認しています(バックエンド ${backend}、タスクのランタイム ${runtime}):` })));

  const results: CheckResult[] = [checkNode(), checkPython(backend === 'moto')];
  if (backend === 'moto') results.push(checkMotoVenv());
  const docker = await checkDocker(dockerNeededBy);
  results.push(docker);
  if (backend === 'localstack') {
    if (docker.level === 'ok') results.push(await checkLocalStackImage(env));
    results.push(checkLocalStackToken(env));
  }
  if (backend === 'endpoint') results.push(await checkEndpoint(env.KATA_ENDPOINT));
  if (!BACKENDS.includes(backend))
    results.push({
      level: 'problem',
      subject: 'KATA_BACKEND',
      detail: { en: `"${env.KATA_BACKEND}" is not a backend (${BACKENDS.join(', ')}). ${OTHER_BACKENDS_HINT.en}`, ja: `"${env.KATA_BACKEND}" というバックエンドはありません(${BACKENDS.join(', ')})。${OTHER_BACKENDS_HINT.ja}` },
    });
  if (!RUNTIMES.includes(runtime))
    results.push({
      level: 'problem',
      subject: 'KATA_RUNTIME',
      detail: { en: `"${runtime}" is not a task runtime (${RUNTIMES.join(', ')}); unset it for the process runtime.`, ja: `"${runtime}" はタスクのランタイムではありません(${RUNTIMES.join(', ')})。プロセスランタイムにするには未設定にしてください。` },
    });
  results.push(await checkLoopback());

  for (const result of results) say(`  ${levelLabel(context, result.level)} ${result.subject}: ${context.text(result.detail)}`);
  const problems = results.filter((result) => result.level === 'problem').length;
  say(
    problems === 0
      ? green(context.text({ en: `Everything the ${backend} backend needs is here.`, ja: `${backend} バックエンドに必要なものはすべて揃っています。` }))
      : red(context.text({ en: `${problems} problem(s): fix the lines marked "problem", then run \`npm run kata -- doctor\` again.`, ja: `問題が ${problems} 件あります。「問題」の行を直してから、もう一度 \`npm run kata -- doctor\` を実行してください。` })),
  );
  return problems === 0 ? 0 : 1;
}

function levelLabel(context: CliContext, level: CheckLevel): string {
  const labels = { ok: { en: 'ok', ja: 'OK' }, problem: { en: 'problem', ja: '問題' }, note: { en: 'note', ja: 'メモ' } };
  const colour = { ok: green, problem: red, note: yellow }[level];
  return colour(padEnd(context.text(labels[level]), context.language === 'ja' ? 4 : 7));
}
