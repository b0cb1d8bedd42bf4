import { localize, type Language } from '../i18n';
import type { GradeReport } from './grade-folders';
import type { GradeStatus } from './kata-result';
import { firstLine, score } from './scorecard';

const MARK: Record<GradeStatus | 'absent', string> = { pass: '✅', fail: '❌', error: '⚠️', absent: '➖' };

/** A Markdown scorecard for a CI job summary or a pull-request comment. */
export function renderMarkdownSummary(report: GradeReport, language: Language): string {
  const t = (en: string, ja: string) => localize({ en, ja }, language);
  const shortIds = report.katas.map((id) => id.slice(0, 2));
  const lines = [
    `## ${t('Kata scorecard', 'カタの採点結果')}`,
    '',
    t(
      `Backend: ${report.backend} · ${report.katas.length} katas · solve() limit ${report.timeoutSeconds} s · graded ${report.gradedAt}`,
      `バックエンド: ${report.backend} · カタ ${report.katas.length} 問 · solve() の制限 ${report.timeoutSeconds} 秒 · 採点 ${report.gradedAt}`,
    ),
    '',
    `| ${t('Solutions', '解答')} | ${t('Score', '得点')} | ${shortIds.join(' | ')} |`,
    `| --- | --- | ${shortIds.map(() => ':-:').join(' | ')} |`,
  ];
  for (const folder of report.folders) {
    const marks = report.katas.map((id) => MARK[folder.katas.find((kata) => kata.id === id)?.status ?? 'absent']);
    lines.push(`| ${cell(folder.name)} | ${score(folder)} | ${marks.join(' | ')} |`);
  }
  lines.push(
    '',
    t(
      `${MARK.pass} pass · ${MARK.fail} fail (a check failed) · ${MARK.error} error (the kata could not run to the end: read why) · ${MARK.absent} absent`,
      `${MARK.pass} 合格 · ${MARK.fail} 不合格(チェックが通らない) · ${MARK.error} エラー(最後まで実行できなかった。理由を読んでください) · ${MARK.absent} 未提出`,
    ),
  );
  for (const folder of report.folders) {
    const notPassed = folder.katas.filter((kata) => kata.status !== 'pass');
    if (notPassed.length === 0 && !folder.harnessFailure) continue;
    lines.push('', `<details><summary>${html(folder.name)}: ${t(`${notPassed.length} not passed`, `${notPassed.length} 問が未合格`)}</summary>`, '');
    if (folder.harnessFailure) lines.push(`- ${t('The harness could not grade this folder', 'ハーネスがこのフォルダを採点できませんでした')}: ${html(firstLine(folder.harnessFailure))}`);
    for (const kata of notPassed) lines.push(`- ${MARK[kata.status]} **${kata.id}**: ${html(firstLine(kata.message ?? ''))}`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return html(text).replace(/\|/g, '\\|');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
