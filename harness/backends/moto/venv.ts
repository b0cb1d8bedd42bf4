import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackendPrerequisiteError } from '../backend';
import { localize, type Bilingual } from '../../i18n';
import { PROJECT_ROOT, OTHER_BACKENDS_HINT } from '../../paths';

const REQUIREMENTS = path.join(__dirname, 'requirements.txt');
const VENV_DIR = path.join(PROJECT_ROOT, '.dojo', 'moto-venv');
const STAMP = path.join(VENV_DIR, '.dojo-installed');
const LOCK_DIR = path.join(PROJECT_ROOT, '.dojo', 'moto-venv.lock');
const MIN_PYTHON: [number, number] = [3, 9];

/** The interpreter inside the project's moto venv, creating and filling the venv on first use. */
export async function ensureMotoVenv(log: (line: string) => void): Promise<string> {
  const venvPython = path.join(VENV_DIR, 'bin', 'python');
  const wanted = requirementsFingerprint();
  if (readStamp() === wanted) return venvPython;

  await withLock(async () => {
    if (readStamp() === wanted) return; // another run finished it while we waited
    const basePython = findPython();
    const motoPin = fs.readFileSync(REQUIREMENTS, 'utf8').match(/^moto\S*==(\S+)/m)?.[1] ?? '?';
    log(
      localize({
        en: `Setting up the local AWS (moto ${motoPin}) in .dojo/moto-venv with ${basePython}.\nThis happens once and takes about half a minute; pip shows its progress below.`,
        ja: `ローカル AWS(moto ${motoPin})を ${basePython} で .dojo/moto-venv に準備します。\n初回だけで、30 秒ほどかかります。pip の進み具合が下に表示されます。`,
      }),
    );
    fs.rmSync(VENV_DIR, { recursive: true, force: true });
    await run(basePython, ['-m', 'venv', VENV_DIR], { en: 'create the Python venv', ja: 'Python の venv を作成' });
    await run(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '-r', REQUIREMENTS], { en: 'install moto with pip', ja: 'pip で moto をインストール' });
    fs.writeFileSync(STAMP, wanted);
    log(localize({ en: 'The local AWS is installed.', ja: 'ローカル AWS の準備ができました。' }));
  });
  return venvPython;
}

/** True when .dojo/moto-venv holds the pinned moto already (`kata doctor` reports it; nothing is installed). */
export function motoVenvIsReady(): boolean {
  return readStamp() === requirementsFingerprint();
}

function requirementsFingerprint(): string {
  return createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
}

function readStamp(): string | undefined {
  try {
    return fs.readFileSync(STAMP, 'utf8');
  } catch {
    return undefined;
  }
}

/** The Python that creates the venv: KATA_PYTHON, else python3, else python. */
export function findPython(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.KATA_PYTHON ? [env.KATA_PYTHON] : ['python3', 'python'];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
    });
    if (probe.error || probe.status !== 0) continue;
    const [major, minor] = probe.stdout.trim().split('.').map(Number);
    if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return candidate;
    const minimum = MIN_PYTHON.join('.');
    throw new BackendPrerequisiteError({
      en: `The default backend (moto) needs Python ${minimum} or newer with the venv module; ${candidate} is Python ${major}.${minor}. Install a newer Python 3 (or point KATA_PYTHON at one). ${OTHER_BACKENDS_HINT.en}`,
      ja: `既定のバックエンド(moto)には venv モジュール付きの Python ${minimum} 以上が必要ですが、${candidate} は Python ${major}.${minor} です。新しい Python 3 を入れてください(または KATA_PYTHON でその場所を指定)。${OTHER_BACKENDS_HINT.ja}`,
    });
  }
  const minimum = MIN_PYTHON.join('.');
  const tried = candidates.join(' / ');
  throw new BackendPrerequisiteError({
    en: `The default backend (moto) needs Python ${minimum} or newer with the venv module, and ${tried} was not found or has no venv module. Install Python 3 (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python), or set KATA_PYTHON to an interpreter. ${OTHER_BACKENDS_HINT.en}`,
    ja: `既定のバックエンド(moto)には venv モジュール付きの Python ${minimum} 以上が必要ですが、${tried} が見つからないか venv モジュールがありません。Python 3 を入れてください(Debian/Ubuntu: apt-get install python3 python3-venv、macOS: brew install python)。または KATA_PYTHON でインタプリタを指定してください。${OTHER_BACKENDS_HINT.ja}`,
  });
}

function run(command: string, args: string[], what: Bilingual): Promise<void> {
  return new Promise((resolve, reject) => {
    // pip's progress goes to our stderr so it shows even where stdout is captured.
    const child = spawn(command, args, { stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', (error) =>
      reject(new BackendPrerequisiteError({ en: `Could not ${what.en}: ${error.message}`, ja: `${what.ja}できませんでした: ${error.message}` })),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new BackendPrerequisiteError({
            en: `Could not ${what.en}: \`${command} ${args.join(' ')}\` ended with ${signal ?? `exit code ${code}`}. Its output is above. Check that PyPI is reachable (or a pip mirror is configured), then run again; the half-made venv is rebuilt from scratch. ${OTHER_BACKENDS_HINT.en}`,
            ja: `${what.ja}できませんでした: \`${command} ${args.join(' ')}\` が ${signal ?? `終了コード ${code}`} で終わりました。出力は上にあります。PyPI に届くか(または pip のミラー設定)を確かめて、もう一度実行してください。途中までの venv は作り直されます。${OTHER_BACKENDS_HINT.ja}`,
          }),
        );
    });
  });
}

/** Serialises venv creation between test runs started at the same time. */
async function withLock(work: () => Promise<void>): Promise<void> {
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (lockHolderIsGone()) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new BackendPrerequisiteError({
          en: `Waited 10 minutes for another run to finish installing moto (lock ${path.relative(PROJECT_ROOT, LOCK_DIR)}). If no other run is going, delete that folder and run again.`,
          ja: `別の実行が moto をインストールし終えるのを 10 分待ちました(ロック ${path.relative(PROJECT_ROOT, LOCK_DIR)})。ほかに実行中のものがなければ、そのフォルダを消してもう一度実行してください。`,
        });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
  try {
    await work();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function lockHolderIsGone(): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
  } catch {
    // The holder writes its pid right after taking the lock; only a lock that stayed empty is stale.
    try {
      return Date.now() - fs.statSync(LOCK_DIR).mtimeMs > 30_000;
    } catch {
      return true;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}
