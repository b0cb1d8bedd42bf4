import { localize, type Language } from '../i18n';
import type { FolderGrade, GradeReport } from './grade-folders';
import type { GradeStatus } from './kata-result';

const BAR_WIDTH = 17;

export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

const STATUS_WORD: Record<GradeStatus | 'absent', { en: string; ja: string }> = {
  pass: { en: 'pass', ja: '合格' },
  fail: { en: 'fail', ja: '不合格' },
  error: { en: 'error', ja: 'エラー' },
  absent: { en: 'absent', ja: '未提出' },
};

/** The terminal scorecard: each folder's katas with their status and why, then the room's scores. */
export function renderScorecard(report: GradeReport, language: Language): string {
  const word = (status: GradeStatus | 'absent') => localize(STATUS_WORD[status], language).padEnd(6);
  const idWidth = Math.max(...report.katas.map((id) => id.length));
  const lines: string[] = [];
  for (const folder of report.folders) {
    lines.push('', `${folder.name}  ${score(folder)}  ${progressBar(folder.passed, folder.total)}`);
    if (folder.harnessFailure) lines.push(`  ${localize({ en: 'The harness could not grade this folder:', ja: 'ハーネスがこのフォルダを採点できませんでした:' }, language)} ${firstLine(folder.harnessFailure)}`);
    for (const id of report.katas) {
      const kata = folder.katas.find((k) => k.id === id);
      if (!kata) {
        lines.push(`  ${word('absent')} ${id.padEnd(idWidth)}  ${localize({ en: `no ${id}/solution.ts`, ja: `${id}/solution.ts がありません` }, language)}`);
        continue;
      }
      lines.push(`  ${word(kata.status)} ${id.padEnd(idWidth)}  ${firstLine(kata.message ?? '')}`.trimEnd());
    }
  }
  if (report.folders.length > 1) {
    lines.push('', localize({ en: `Room: ${report.folders.length} folders`, ja: `ルーム: ${report.folders.length} フォルダ` }, language));
    const nameWidth = Math.max(...report.folders.map((folder) => folder.name.length));
    for (const folder of report.folders) lines.push(`  ${folder.name.padEnd(nameWidth)}  ${score(folder).padStart(5)}  ${progressBar(folder.passed, folder.total)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function score(folder: FolderGrade): string {
  return `${folder.passed}/${folder.total}`;
}

export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim().length > 0)?.trim() ?? '';
}
