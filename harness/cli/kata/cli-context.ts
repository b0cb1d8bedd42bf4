import { localize, type Bilingual, type Language } from '../../i18n';
import { loadManifest, type KataManifestEntry } from '../../kata/manifest';
import { readProgress, updateProgress, type Progress } from './progress-store';
import { warn } from './terminal';
import { learnerWorkspace, type Workspace } from './workspace';

/** What every command works with: the language, the katas, and the learner's folder and progress. */
export interface CliContext {
  language: Language;
  manifest: KataManifestEntry[];
  workspace: Workspace;
  text(text: Bilingual): string;
  readProgress(): Progress;
  updateProgress(change: (progress: Progress) => void): Progress;
}

export function cliContext(language: Language): CliContext {
  const workspace = learnerWorkspace();
  const text = (value: Bilingual) => localize(value, language);
  const onProblem = (problem: Bilingual) => warn(text(problem));
  return {
    language,
    manifest: loadManifest(),
    workspace,
    text,
    readProgress: () => readProgress(workspace.progressFile, onProblem),
    updateProgress: (change) => updateProgress(workspace.progressFile, change, onProblem),
  };
}
