import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const KATAS_DIR = path.join(PROJECT_ROOT, 'katas');
export const SOLUTIONS_DIR = path.join(PROJECT_ROOT, 'solutions');

/** Ends every "prerequisite missing" message: the ways to get a local AWS. */
export const OTHER_BACKENDS_HINT = {
  en:
    'Backends: KATA_BACKEND=moto (default; needs Python 3), KATA_BACKEND=localstack (needs Docker), ' +
    'KATA_BACKEND=endpoint with KATA_ENDPOINT=http://host:port (any local AWS already running, e.g. `docker compose up moto`).',
  ja:
    'バックエンド: KATA_BACKEND=moto(既定。Python 3 が必要)、KATA_BACKEND=localstack(Docker が必要)、' +
    'KATA_BACKEND=endpoint と KATA_ENDPOINT=http://host:port(起動済みのローカル AWS。例: `docker compose up moto`)。',
};
