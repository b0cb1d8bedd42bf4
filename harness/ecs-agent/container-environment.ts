import type { Bilingual } from '../i18n';
import type { TaskCredentialsAccess } from './credentials-endpoint';

/**
 * The environment a task's container starts with, built the way the ECS agent builds it.
 *
 * What ECS does (amazon-ecs-agent, agent/api/task/task.go and agent/api/container/container.go;
 * the Fargate agent documents the same variables in "Amazon ECS environment variables"):
 * - The container definition's `environment` is the base.
 * - AWS_REGION and AWS_DEFAULT_REGION are injected only when the task definition sets neither
 *   (`ApplyRegionToContainer`: "Injection is skipped if either var is already set in the task
 *   definition"). A task definition that sets one of them keeps its value and gets no other.
 * - ECS_CONTAINER_METADATA_URI_V4 and the credentials URI are written over whatever the task
 *   definition said (`InjectV4MetadataEndpoint`, `initializeCredentialsEndpoint`): a task
 *   definition cannot redirect them.
 * - AWS_EXECUTION_ENV tells SDKs where they run (AWS_ECS_FARGATE on Fargate).
 *
 * What the harness adds, and why:
 * - AWS_ENDPOINT_URL, a gateway port bound to this task. ECS sets no such variable, but here it
 *   is what keeps the task inside the local cloud, so the harness always owns it; the
 *   task definition's AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE> and
 *   AWS_IGNORE_CONFIGURED_ENDPOINT_URLS are left out (they would send calls past the gateway,
 *   possibly to the real AWS) and listed in `ignored` with the reason.
 * - Credentials come as AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN
 *   (the loopback form of the container credentials provider) instead of ECS's
 *   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, which always means http://169.254.170.2. With a
 *   role, a task definition's RELATIVE_URI (and AUTHORIZATION_TOKEN_FILE) is dropped, as ECS
 *   would have written over it. Without a role, the task definition's variables pass as in ECS.
 * - AWS_EC2_METADATA_DISABLED=true: a task has no instance metadata service (on Fargate it is
 *   unreachable). Without this, an SDK in a role-less task would wait on 169.254.169.254 before
 *   giving its "Could not load credentials from any providers" error, and a harness running on
 *   an EC2 instance would hand the instance's own role to the container.
 */
export interface ContainerEnvironmentInput {
  /** The region the task runs in. */
  region: string;
  /** The gateway URL bound to this task. */
  endpointUrl: string;
  /** The task metadata endpoint (version 4) for this container. */
  metadataUri: string;
  /** Present only when the task has a task role. */
  credentials?: TaskCredentialsAccess;
  /** The container definition's `environment`, as ECS's API shapes it. */
  taskDefinitionEnvironment?: ReadonlyArray<{ name?: string; value?: string }>;
}

export interface IgnoredVariable {
  name: string;
  reason: Bilingual;
}

export interface ContainerEnvironment {
  environment: Record<string, string>;
  /** Task-definition variables the container does not get, each with the reason. */
  ignored: IgnoredVariable[];
}

/** Variables only the harness may set: they decide where the task's AWS calls go. */
function redirectsCalls(name: string): boolean {
  return name === 'AWS_ENDPOINT_URL' || name.startsWith('AWS_ENDPOINT_URL_') || name === 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS';
}

export function containerEnvironment(input: ContainerEnvironmentInput): ContainerEnvironment {
  const environment: Record<string, string> = {};
  const ignored: IgnoredVariable[] = [];

  // ECS turns the list into a map: a name given twice keeps its last value.
  for (const { name, value } of input.taskDefinitionEnvironment ?? []) {
    if (!name) continue;
    if (redirectsCalls(name)) {
      ignored.push({
        name,
        reason: {
          en: `${name} is set by the harness: the task's AWS calls go to the local gateway (${input.endpointUrl}), never elsewhere. Remove it from the task definition.`,
          ja: `${name} はハーネスが設定します。タスクの AWS 呼び出しはローカルのゲートウェイ (${input.endpointUrl}) にだけ送られます。タスク定義から削除してください。`,
        },
      });
      continue;
    }
    environment[name] = value ?? '';
  }

  if (!('AWS_REGION' in environment) && !('AWS_DEFAULT_REGION' in environment)) {
    environment.AWS_REGION = input.region;
    environment.AWS_DEFAULT_REGION = input.region;
  }
  environment.AWS_EXECUTION_ENV = 'AWS_ECS_FARGATE';
  environment.ECS_CONTAINER_METADATA_URI_V4 = input.metadataUri;
  environment.AWS_ENDPOINT_URL = input.endpointUrl;
  environment.AWS_EC2_METADATA_DISABLED = 'true';

  if (input.credentials) {
    // SDKs read RELATIVE_URI before FULL_URI, and TOKEN_FILE before TOKEN: left in place, either
    // would take precedence over the credentials the harness serves.
    for (const name of ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE']) {
      if (!(name in environment)) continue;
      delete environment[name];
      ignored.push({
        name,
        reason: {
          en: `The task has a task role, so ECS sets the credentials endpoint itself and the task definition's ${name} is replaced (here by AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN).`,
          ja: `タスクにタスクロールがあるため認証情報エンドポイントは ECS が設定し、タスク定義の ${name} は置き換えられます (ここでは AWS_CONTAINER_CREDENTIALS_FULL_URI と AWS_CONTAINER_AUTHORIZATION_TOKEN)。`,
        },
      });
    }
    environment.AWS_CONTAINER_CREDENTIALS_FULL_URI = input.credentials.fullUri;
    environment.AWS_CONTAINER_AUTHORIZATION_TOKEN = input.credentials.authorizationToken;
  }

  return { environment, ignored };
}
