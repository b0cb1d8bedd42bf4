import { localize, type Bilingual } from '../i18n';

/** KATA_RUNTIME names no runtime, or the chosen one cannot run here; the message is in the learner's language. */
export class RuntimeChoiceError extends Error {
  override name = 'RuntimeChoiceError';

  constructor(readonly text: Bilingual) {
    super(localize(text));
  }
}
