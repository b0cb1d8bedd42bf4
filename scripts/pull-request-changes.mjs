// What a pull request changes besides the solutions grading reads from it, for the note in its
// summary: grading takes the tests, the harness and katas/katas.json from the base, so an edited
// kata test changes nothing, and the summary says so instead of leaving a reader to wonder.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

const LISTED_AT_MOST = 50;

/**
 * The files the checkout holding `solutionsDir` changed on its branch since it left `base`
 * (`git diff base...HEAD`: not what the base changed meanwhile), other than `<id>/solution.ts` in that
 * folder for a kata of `kataIds`. Returns `{ files, solutionPattern }`, or `{ error }` when git cannot tell.
 */
export function changesNotGraded({ solutionsDir, base, kataIds }) {
  try {
    const prefix = git(solutionsDir, ['rev-parse', '--show-prefix']).trim();
    const graded = new Set(kataIds.map((id) => `${prefix}${id}/solution.ts`));
    // Without rename detection git needs no file contents, only trees: a checkout without blobs will do.
    const changed = git(solutionsDir, ['diff', '--name-only', '--no-renames', '--no-relative', '-z', `${base}...HEAD`, '--']).split('\0').filter(Boolean);
    return { files: changed.filter((file) => !graded.has(file)), solutionPattern: `${prefix}<id>/solution.ts` };
  } catch (error) {
    const said = String(error.stderr ?? '').trim().split('\n')[0] || error.message;
    return { error: `git diff ${base}...HEAD in ${solutionsDir} failed: ${said}` };
  }
}

/** The top folder of the git checkout that holds `dir`, or null when no checkout holds it. */
export function checkoutRoot(dir) {
  try {
    return realpathSync(git(dir, ['rev-parse', '--show-toplevel']).trim());
  } catch {
    return null;
  }
}

/** The summary's note: empty when the pull request changes nothing but its solutions. */
export function renderChangesNote(changes, base, language) {
  const t = (text) => text[language];
  const heading = `### ${t({ en: 'Changes that were not graded', ja: '採点に使われなかった変更' })}`;
  const commit = `\`${/^[0-9a-f]{40}$/i.test(base) ? base.slice(0, 12) : base}\``;
  if (changes.error) {
    const error = html(changes.error);
    const text = t({
      en: `Could not list the files this pull request changes besides its solutions (${error}). Either way, grading read only its \`katas/<id>/solution.ts\` files; the tests and the harness came from the base ${commit}. In CI the pull request's checkout needs \`fetch-depth: 0\`, so that git has the base and the commit the branch left it at.`,
      ja: `このプルリクエストが解答以外に変更したファイルを一覧にできませんでした(${error})。いずれにしても、採点でプルリクエストから読み込んだのは \`katas/<id>/solution.ts\` だけで、テストとハーネスはベース ${commit} のものです。CI では、プルリクエストのチェックアウトに \`fetch-depth: 0\` が必要です(git がベースと、ブランチが分かれたコミットを持つため)。`,
    });
    return `${heading}\n\n${text}\n`;
  }
  if (changes.files.length === 0) return '';
  const solutions = `\`${changes.solutionPattern}\``;
  const intro = t({
    en: `This pull request also changes files other than its solutions. Grading read only its ${solutions} files: the tests, the harness and the list of katas came from the base ${commit}, not from the pull request, so these changes were not used and did not affect the score:`,
    ja: `このプルリクエストは解答以外のファイルも変更しています。採点でプルリクエストから読み込んだのは ${solutions} だけです。テスト、ハーネス、カタの一覧はプルリクエストではなくベース ${commit} のものを使いました。次の変更は採点に使われておらず、スコアに影響していません。`,
  });
  const listed = changes.files.slice(0, LISTED_AT_MOST).map((file) => `- <code>${html(file)}</code>`);
  const more = changes.files.length - listed.length;
  if (more > 0) listed.push(`- ${t({ en: `… and ${more} more`, ja: `…ほか ${more} 件` })}`);
  return `${heading}\n\n${intro}\n\n${listed.join('\n')}\n`;
}

function git(cwd, args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function html(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
