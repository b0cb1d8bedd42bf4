import { OTHER_BACKENDS_HINT } from '../paths';
import { BackendPrerequisiteError, type Backend } from './backend';
import { EndpointBackend } from './endpoint-backend';
import { LocalStackBackend } from './localstack-backend';
import { MotoBackend } from './moto/moto-backend';

/** The backend KATA_BACKEND names (default: moto). */
export function selectBackend(env: NodeJS.ProcessEnv, log: (line: string) => void): Backend {
  const name = (env.KATA_BACKEND ?? 'moto').trim().toLowerCase() || 'moto';
  switch (name) {
    case 'moto':
      return new MotoBackend(log);
    case 'localstack':
      return new LocalStackBackend(log);
    case 'endpoint':
      return new EndpointBackend(env.KATA_ENDPOINT);
    default:
      throw new BackendPrerequisiteError({
        en: `KATA_BACKEND=${env.KATA_BACKEND} is not a backend. ${OTHER_BACKENDS_HINT.en}`,
        ja: `KATA_BACKEND=${env.KATA_BACKEND} というバックエンドはありません。${OTHER_BACKENDS_HINT.ja}`,
      });
  }
}
