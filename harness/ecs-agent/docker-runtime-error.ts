import { localize, type Bilingual } from '../i18n';

/** The Docker runtime cannot do what a task needs (Docker down, its network, a container that will not start). */
export class DockerRuntimeError extends Error {
  override name = 'DockerRuntimeError';

  constructor(readonly explanation: Bilingual, options?: { cause?: unknown }) {
    super(localize(explanation), options);
  }
}
