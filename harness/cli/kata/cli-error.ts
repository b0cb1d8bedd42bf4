import type { Bilingual } from '../../i18n';

/** A mistake in how `kata` was called, or something the learner must fix first: printed without a stack. */
export class CliError extends Error {
  override name = 'CliError';

  constructor(
    readonly text: Bilingual,
    /** 2 for a wrong command line, 1 for anything else. */
    readonly exitCode = 2,
  ) {
    super(text.en);
  }
}
