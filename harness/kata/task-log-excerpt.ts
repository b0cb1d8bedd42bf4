import type { Bilingual } from '../i18n';

/** A task's log lines as a learner reads them in the console: Node's stack frames left out, at most `most` lines, then how many more. */
export function taskLogExcerpt(all: string[], most: number): Bilingual {
  const lines = all.filter((line) => !/^\s*at /.test(line));
  const shown = lines.slice(0, most).map((line) => `  | ${line}`).join('\n');
  const hidden = lines.length - most;
  return lines.length === 0
    ? { en: '  (no log lines)', ja: '  (ログはありません)' }
    : { en: `${shown}${hidden > 0 ? `\n  | … (${hidden} more)` : ''}`, ja: `${shown}${hidden > 0 ? `\n  | …(ほか ${hidden} 行)` : ''}` };
}
