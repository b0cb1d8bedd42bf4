import { localize, type Bilingual } from '../i18n';

/** The network model could not read or judge a task's network; the message is in the learner's language. */
export class NetworkModelError extends Error {
  override name = 'NetworkModelError';

  constructor(readonly text: Bilingual) {
    super(localize(text));
  }
}
