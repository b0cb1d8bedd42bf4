import * as fs from 'node:fs';
import { BackendPrerequisiteError } from '../../backends/backend';
import type { KataResult } from '../../grading/kata-result';
import { runKatas } from '../../grading/run-katas';
import type { Bilingual } from '../../i18n';
import type { KataManifestEntry } from '../../kata/manifest';
import { startLocalCloud, type LocalCloud } from '../../runner/local-cloud';
import type { CliContext } from './cli-context';
import { CliError } from './cli-error';
import { hintText } from './hint-command';
import { findKata } from './kata-ids';
import { renderKataList } from './kata-list';
import { allStatuses, nextKata } from './kata-state';
import { kataProgress, sha256 } from './progress-store';
import { watchSolution, type SolutionWatcher } from './solution-watcher';
import { CLEAR_SCREEN, dim, red, say, yellow } from './terminal';
import { listenForKeys, type WatchKey } from './watch-keys';
import { renderWatchScreen } from './watch-screen';
import { shownPath, solutionFile } from './workspace';

/**
 * `kata watch [id]`: starts the local cloud once, then runs the kata (the given one, else the
 * next unsolved) on every save of its solution.ts until the learner quits.
 */
export async function watchCommand(context: CliContext, word: string | undefined, options: { poll: boolean }): Promise<number> {
  const first = word ? findKata(word, context.manifest) : nextKata(allStatuses(context.manifest, context.workspace, context.readProgress()));
  if (!first) {
    say(context.text({ en: 'Every kata is solved: there is nothing left to watch. Well done!', ja: 'すべてのカタを解きました。監視するカタはもうありません。お見事です!' }));
    return 0;
  }
  const missing = missingSolution(context, first);
  if (missing) throw new CliError(missing, 1);
  say(dim(context.text({ en: 'Starting the local AWS (once for this session)…', ja: 'ローカル AWS を起動しています(このセッションで 1 回だけ)…' })));
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud((line) => say(dim(line)));
  } catch (error) {
    if (error instanceof BackendPrerequisiteError) throw new CliError({ en: error.message, ja: error.message }, 1);
    throw error;
  }
  const { backend, backendEndpoint } = cloud.info;
  say(dim(context.text({ en: `Local AWS ready: ${backend} at ${backendEndpoint}.`, ja: `ローカル AWS の準備ができました: ${backend}(${backendEndpoint})。` })));
  const code = await new WatchSession(context, cloud, first, options.poll).run();
  // A kata run still going holds this process open; its Jest is killed when the process exits.
  setTimeout(() => process.exit(code), 2000).unref();
  return code;
}

function missingSolution(context: CliContext, kata: KataManifestEntry): Bilingual | undefined {
  const file = shownPath(solutionFile(context.workspace, kata.id));
  if (fs.existsSync(solutionFile(context.workspace, kata.id))) return undefined;
  return {
    en: `There is no solution at ${file}. Put the starter back with: npm run kata -- reset ${kata.id.slice(0, 2)}`,
    ja: `${file} に解答がありません。スターターを戻すには: npm run kata -- reset ${kata.id.slice(0, 2)}`,
  };
}

class WatchSession {
  private watcher?: SolutionWatcher;
  private keys?: { close(): void };
  private polling: boolean;
  private running = false;
  private runAgain = false;
  private stopping = false;
  private finish: (code: number) => void = () => {};
  private readonly onSignal = (signal: NodeJS.Signals) => {
    // The local cloud's own handler runs next and ends the process; the terminal must be left usable.
    this.keys?.close();
    say(dim(this.context.text({ en: `${signal}: stopping the local AWS.`, ja: `${signal}: ローカル AWS を停止します。` })));
  };

  constructor(
    private readonly context: CliContext,
    private readonly cloud: LocalCloud,
    private kata: KataManifestEntry,
    poll: boolean,
  ) {
    this.polling = poll;
  }

  run(): Promise<number> {
    return new Promise((resolve) => {
      this.finish = resolve;
      process.prependListener('SIGINT', this.onSignal);
      process.prependListener('SIGTERM', this.onSignal);
      this.keys = listenForKeys((key) => void this.onKey(key));
      this.watch();
      void this.runKata();
    });
  }

  private text(value: Bilingual): string {
    return this.context.text(value);
  }

  private watch(): void {
    this.watcher = watchSolution(solutionFile(this.context.workspace, this.kata.id), {
      poll: this.polling,
      onSave: () => void this.runKata(),
      onFallbackToPolling: (reason) => {
        this.polling = true;
        say(yellow(this.text({ en: `File watching is not available here (${reason}); checking the file every 0.3 s instead.`, ja: `ここではファイル監視が使えません(${reason})。代わりに 0.3 秒ごとにファイルを確認します。` })));
      },
    });
  }

  /** Runs the current kata; a save during a run makes one more run after it. */
  private async runKata(): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.runAgain = false;
        await this.runOnce(this.kata);
      } while (this.runAgain && !this.stopping);
    } finally {
      this.running = false;
    }
  }

  private async runOnce(kata: KataManifestEntry): Promise<void> {
    const file = solutionFile(this.context.workspace, kata.id);
    let solution: Buffer;
    try {
      solution = fs.readFileSync(file);
    } catch {
      say(red(this.text(missingSolution(this.context, kata)!)));
      return;
    }
    say(CLEAR_SCREEN + dim(this.text({ en: `Running ${kata.id}…`, ja: `${kata.id} を実行しています…` })));
    let result: KataResult;
    try {
      [result] = await runKatas({ solutionsDir: this.context.workspace.solutionsDir, kataIds: [kata.id], cloud: this.cloud.info, language: this.context.language });
    } catch (error) {
      if (this.stopping) return;
      say(red(this.text({ en: `The harness could not run ${kata.id}: ${(error as Error).message}\nSave the file to try again.`, ja: `ハーネスが ${kata.id} を実行できませんでした: ${(error as Error).message}\nファイルを保存するともう一度試します。` })));
      return;
    }
    if (this.stopping || kata !== this.kata) return;
    const progress = this.context.updateProgress((state) => {
      state.katas[kata.id] = { ...kataProgress(state, kata.id), last: { outcome: result.status, solutionSha256: sha256(solution), at: new Date().toISOString() } };
    });
    const statuses = allStatuses(this.context.manifest, this.context.workspace, progress);
    say(
      renderWatchScreen({
        kata,
        solution: shownPath(file),
        result,
        solved: statuses.filter((status) => status.state === 'solved').length,
        total: statuses.length,
        hintsShown: kataProgress(progress, kata.id).hintsShown,
        polling: this.polling,
        language: this.context.language,
      }),
    );
  }

  private async onKey(key: WatchKey): Promise<void> {
    if (this.stopping) return;
    switch (key) {
      case 'hint':
        return this.showHint();
      case 'list':
        say(renderKataList(allStatuses(this.context.manifest, this.context.workspace, this.context.readProgress()), this.context.language));
        return;
      case 'next':
        return this.nextKata();
      case 'quit':
        return this.stop(0);
      case 'interrupt':
        return this.stop(130);
    }
  }

  private showHint(): void {
    const hints = this.kata.hints[this.context.language];
    let shown = 0;
    let isNew = false;
    this.context.updateProgress((progress) => {
      const before = kataProgress(progress, this.kata.id);
      isNew = before.hintsShown < hints.length;
      shown = Math.min(before.hintsShown + 1, hints.length);
      progress.katas[this.kata.id] = { ...before, hintsShown: shown };
    });
    say(`\n${hintText(this.context, this.kata.id, hints, shown, isNew)}`);
  }

  private async nextKata(): Promise<void> {
    const next = nextKata(allStatuses(this.context.manifest, this.context.workspace, this.context.readProgress()), this.kata.id);
    if (!next) {
      say(this.text({ en: '\nEvery other kata is solved.', ja: '\nほかのカタはすべて解けています。' }));
      return;
    }
    const missing = missingSolution(this.context, next);
    if (missing) {
      say(red(`\n${this.text(missing)}`));
      return;
    }
    await this.watcher?.close();
    this.kata = next;
    this.watch();
    await this.runKata();
  }

  private async stop(code: number): Promise<void> {
    this.stopping = true;
    this.keys?.close();
    await this.watcher?.close();
    say(dim(this.text({ en: '\nStopping the local AWS…', ja: '\nローカル AWS を停止しています…' })));
    await this.cloud.stop();
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    const file = shownPath(this.context.workspace.progressFile);
    say(this.text({ en: `Stopped. Your progress is kept in ${file}.`, ja: `停止しました。進捗は ${file} に保存されています。` }));
    this.finish(code);
  }
}
