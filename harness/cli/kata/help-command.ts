import type { CliContext } from './cli-context';
import { say } from './terminal';

/** `kata help` / `kata --help`. */
export function helpCommand(context: CliContext): number {
  say(
    context.text({
      en: `npm run kata -- [command] [kata id] [--lang en|ja]

  list            every kata with its track and state, your progress and the next kata (the default)
  watch [id]      reruns the kata (default: the next unsolved one) each time you save its solution.ts
                  keys: h next hint, n next kata, l list, q quit;  --poll checks the file instead of watching it
  hint <id>       one more hint for the kata each time
  reset <id>      puts the kata's starter back after showing what you would lose (asks first; --yes does not ask)
  doctor          checks Node, Python, Docker, the chosen backend and loopback ports, and says what to fix

A kata id can be its number: 04 means 04-reachable-subnet. KATA_LANG=ja or --lang ja for Japanese.`,
      ja: `npm run kata -- [コマンド] [カタ ID] [--lang en|ja]

  list            すべてのカタをトラックと状態つきで表示し、進捗と次のカタを示します(既定のコマンド)
  watch [id]      solution.ts を保存するたびにカタを実行し直します(既定: 次の未解決のカタ)
                  キー: h 次のヒント、n 次のカタ、l 一覧、q 終了。--poll でファイル監視の代わりに定期確認
  hint <id>       呼ぶたびにヒントを 1 つずつ表示します
  reset <id>      失われる変更を見せてから、カタのスターターに戻します(先に確認します。--yes で確認なし)
  doctor          Node・Python・Docker・選んだバックエンド・ループバックのポートを確認し、直し方を示します

カタ ID は番号だけでも構いません(04 は 04-reachable-subnet)。英語は KATA_LANG=en か --lang en。`,
    }),
  );
  return 0;
}
