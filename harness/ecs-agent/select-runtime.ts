import type { ContainerRuntime } from './container-runtime';
import { DockerRuntime } from './docker-runtime';
import { ProcessContainerRuntime } from './process-container-runtime';
import { RuntimeChoiceError } from './runtime-choice-error';

export const RUNTIME_NAMES = ['process', 'docker'] as const;

/** KATA_RUNTIME: `process` (the default: no Docker needed) or `docker`. */
export function selectRuntime(env: NodeJS.ProcessEnv): ContainerRuntime {
  const chosen = (env.KATA_RUNTIME ?? '').trim() || 'process';
  if (chosen === 'process') return new ProcessContainerRuntime();
  if (chosen === 'docker') return new DockerRuntime();
  throw new RuntimeChoiceError({
    en: `KATA_RUNTIME is "${chosen}"; the ECS agent's runtimes are ${RUNTIME_NAMES.join(' and ')}. Unset it for the process runtime, or set KATA_RUNTIME=docker with Docker running.`,
    ja: `KATA_RUNTIME が "${chosen}" です。ECS エージェントのランタイムは ${RUNTIME_NAMES.join(' と ')} です。プロセスランタイムにするには未設定にし、Docker を使うなら Docker を起動して KATA_RUNTIME=docker にしてください。`,
  });
}
