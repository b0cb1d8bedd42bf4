import { DockerfileParser, type Instruction } from 'dockerfile-ast';
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
 * The command an image runs: the CMD of the Dockerfile's last stage, read with dockerfile-ast
 * (continuations, comments, the `# escape=` directive and case as Docker reads them).
 * - Only the last CMD counts, and each FROM starts a new stage, whose CMD is the image's.
 * - Exec form `CMD ["node", "index.js"]` is a JSON array of strings; text that does not parse as
 *   one is shell form (as Docker does), run by /bin/sh -c. The process runtime starts no shell,
 *   so shell form is accepted only when it is plain words (no quotes, variables, operators or
 *   globs).
 * Not modelled: ARG/ENV substitution, ENTRYPOINT (refused with an explanation), and a CMD
 * inherited from the base image (refused: pass `command`).
 */
export function commandFromDockerfile(text: string, file = 'Dockerfile'): string[] {
  let cmd: Instruction | undefined;
  let entrypoint = false;
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      cmd = undefined;
      entrypoint = false;
    } else if (keyword === 'CMD') {
      cmd = instruction;
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
  const content = (cmd.getArgumentsContent() ?? '').trim();
  const exec = execForm(content);
  if (exec) return exec;
  if (/["'`$\\|&;<>(){}*?~]/.test(content) || content === '') {
    throw new ProcessRuntimeError({
      en: `${file}: CMD ${content} is shell form with shell syntax; Docker would run it with /bin/sh -c, which the process runtime does not. Write it in exec form, e.g. CMD ["node", "index.js"].`,
      ja: `${file}: CMD ${content} はシェル構文を含むシェル形式です。Docker は /bin/sh -c で実行しますが、プロセスランタイムはシェルを使いません。exec 形式で書いてください (例: CMD ["node", "index.js"])。`,
    });
  }
  return cmd.getArguments().map((argument) => argument.getValue());
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
