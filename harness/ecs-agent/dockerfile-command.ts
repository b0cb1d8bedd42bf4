import { localize, type Bilingual } from '../i18n';

/** The process runtime cannot run what an image asks for; the explanation says what to change. */
export class ProcessRuntimeError extends Error {
  override name = 'ProcessRuntimeError';
  readonly explanation: Bilingual;

  constructor(explanation: Bilingual) {
    super(localize(explanation));
    this.explanation = explanation;
  }
}

/**
 * The command an image runs: the CMD of the Dockerfile's last stage.
 *
 * A small parser, because the process runtime needs one instruction only and reads Dockerfiles
 * the project writes (container/Dockerfile, test fixtures); the Docker runtime lets Docker itself
 * read the file. What it follows from the Dockerfile reference:
 * - instructions are case-insensitive; a line ending in `\` continues on the next; lines
 *   starting with `#` are comments, also inside a continued instruction; blank lines are skipped;
 * - only the last CMD counts, and each FROM starts a new stage, whose CMD is the image's;
 * - exec form `CMD ["node", "index.js"]` is a JSON array of strings; text that does not parse
 *   as one is shell form (as Docker does), run by /bin/sh -c. The process runtime starts no
 *   shell, so shell form is accepted only when it is plain words (no quotes, variables,
 *   operators or globs) and split on blanks.
 * What it does not do: the `# escape=` parser directive, ARG/ENV substitution, ENTRYPOINT
 * (refused with an explanation), and a CMD inherited from the base image (refused: pass
 * `command`).
 */
export function commandFromDockerfile(text: string, file = 'Dockerfile'): string[] {
  let cmd: string | undefined;
  let entrypoint = false;
  for (const instruction of instructions(text)) {
    const match = /^(\S+)\s*(.*)$/s.exec(instruction);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const rest = match[2].trim();
    if (keyword === 'FROM') {
      cmd = undefined;
      entrypoint = false;
    } else if (keyword === 'CMD') {
      cmd = rest;
    } else if (keyword === 'ENTRYPOINT') {
      entrypoint = true;
    }
  }
  if (entrypoint) {
    throw new ProcessRuntimeError({
      en: `${file} sets ENTRYPOINT. The process runtime runs an image's CMD with the host's Node and does not model ENTRYPOINT. Put the whole command in CMD (e.g. CMD ["node", "index.js"]), or use the Docker runtime (KATA_RUNTIME=docker).`,
      ja: `${file} が ENTRYPOINT を設定しています。プロセスランタイムはイメージの CMD をホストの Node で実行し、ENTRYPOINT は扱いません。コマンド全体を CMD に書く (例: CMD ["node", "index.js"]) か、Docker ランタイム (KATA_RUNTIME=docker) を使ってください。`,
    });
  }
  if (cmd === undefined) {
    throw new ProcessRuntimeError({
      en: `${file} has no CMD in its last stage. The process runtime reads the command from the Dockerfile and cannot see one inherited from the base image. Add CMD ["node", "<entry file>"] to the last stage.`,
      ja: `${file} の最後のステージに CMD がありません。プロセスランタイムはコマンドを Dockerfile から読み取るため、ベースイメージから継承した CMD は見えません。最後のステージに CMD ["node", "<エントリーファイル>"] を追加してください。`,
    });
  }
  const exec = execForm(cmd);
  if (exec) return exec;
  if (/["'`$\\|&;<>(){}*?~]/.test(cmd) || cmd === '') {
    throw new ProcessRuntimeError({
      en: `${file}: CMD ${cmd} is shell form with shell syntax; Docker would run it with /bin/sh -c, which the process runtime does not. Write it in exec form, e.g. CMD ["node", "index.js"].`,
      ja: `${file}: CMD ${cmd} はシェル構文を含むシェル形式です。Docker は /bin/sh -c で実行しますが、プロセスランタイムはシェルを使いません。exec 形式で書いてください (例: CMD ["node", "index.js"])。`,
    });
  }
  return cmd.split(/\s+/);
}

function execForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((word) => typeof word === 'string')) return parsed;
  } catch {
    // Not JSON: Docker treats it as shell form.
  }
  return undefined;
}

/** Logical instructions: comments and blank lines dropped, continued lines joined. */
function instructions(text: string): string[] {
  const result: string[] = [];
  let pending: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const continues = line.endsWith('\\');
    const body = continues ? line.slice(0, -1) : line;
    pending = pending === undefined ? body : `${pending} ${body}`;
    if (!continues) {
      result.push(pending.trim());
      pending = undefined;
    }
  }
  if (pending !== undefined) result.push(pending.trim());
  return result;
}
