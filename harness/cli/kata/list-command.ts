import type { CliContext } from './cli-context';
import { renderKataList } from './kata-list';
import { allStatuses } from './kata-state';
import { bold, say } from './terminal';
import { shownPath } from './workspace';

/** `kata` / `kata list`. */
export function listCommand(context: CliContext): number {
  const { workspace, manifest, language } = context;
  const statuses = allStatuses(manifest, workspace, context.readProgress());
  const folder = shownPath(workspace.solutionsDir);
  say(bold(context.text({ en: `Katas (your solutions in ${folder}/)`, ja: `カタ一覧(解答は ${folder}/ にあります)` })));
  say(renderKataList(statuses, language));
  return 0;
}
