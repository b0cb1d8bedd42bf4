import { localize, type Bilingual } from '../i18n';

/** Building or pushing the sample image failed; the message is in the learner's language. */
export class ImagePipelineError extends Error {
  override name = 'ImagePipelineError';

  constructor(readonly text: Bilingual, options?: { cause?: unknown }) {
    super(localize(text), options);
  }
}
