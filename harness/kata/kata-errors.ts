import { localize, type Bilingual } from '../i18n';

/**
 * A kata's rule is not met. Kata tests fail only with this error when the solution ran: the
 * project's suite relies on it to tell "the starter is not solved yet" from "the harness broke".
 */
export class KataAssertionError extends Error {
  override name = 'KataAssertionError';

  /** The explanation in the learner's language (KATA_LANG, else the locale). */
  constructor(explanation: Bilingual) {
    super(localize(explanation));
    this.showOnlyMessage();
  }

  /** Adds to the explanation (e.g. the calls the solution made). */
  append(text: string): void {
    this.message += text;
    this.showOnlyMessage();
  }

  // Jest prints the stack: a learner needs the explanation, not the harness's frames.
  private showOnlyMessage(): void {
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** The solution could not be run to the end: missing file, wrong export, a throw, a timeout. */
export class KataSolveError extends Error {
  override name = 'KataSolveError';

  constructor(explanation: Bilingual) {
    super(localize(explanation));
  }
}

/** The harness could not prepare the kata (its setup failed): not the learner's doing; grading reports it as a harness failure. */
export class KataHarnessError extends Error {
  override name = 'KataHarnessError';

  constructor(explanation: Bilingual) {
    super(localize(explanation));
  }
}

/** Fails the kata with the explanation (English and Japanese) unless `condition` holds. */
export function check(condition: unknown, explanation: Bilingual): asserts condition {
  if (!condition) throw new KataAssertionError(explanation);
}
