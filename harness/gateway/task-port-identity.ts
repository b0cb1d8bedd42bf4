import type { PrincipalRegistry } from '../iam/principal-registry';
import type { Bilingual } from '../i18n';
import type { Caller } from './caller';

/** The task a gateway port is bound to. */
export interface PortTask {
  taskId: string;
  accountId: string;
  /** The services (SigV4 signing names) whose endpoints the task's VPC reaches; absent: all. */
  services?: Set<string>;
}

/**
 * A gateway port bound to a task is that task's network path to AWS: a call through it must be
 * the task's own, never another task's (its role session, which ECS named after that task) nor
 * another account's. Returns why a call is refused, or undefined when it may go on to IAM.
 */
export function foreignToTask(task: PortTask, caller: Caller, registry: PrincipalRegistry): Bilingual | undefined {
  const principal = caller.kind === 'unknown-key' ? registry.lookup(caller.accessKeyId) : undefined;
  const accountId = caller.kind === 'root' ? caller.accountId : principal?.accountId;
  if (accountId !== undefined && accountId !== task.accountId) {
    return {
      en: `This endpoint is the network path of task ${task.taskId} in account ${task.accountId}; the call is signed for account ${accountId}. A task calls AWS as itself only.`,
      ja: `このエンドポイントはアカウント ${task.accountId} のタスク ${task.taskId} のネットワーク経路ですが、呼び出しはアカウント ${accountId} の署名です。タスクは自分自身としてだけ AWS を呼び出せます。`,
    };
  }
  if (principal?.kind === 'assumed-role' && principal.assumedBy && principal.sessionName !== task.taskId) {
    return {
      en: `This endpoint is the network path of task ${task.taskId}; the call is signed by ${principal.sessionArn}, the role session ${principal.assumedBy} made for task ${principal.sessionName}. A task cannot use another task's network or credentials.`,
      ja: `このエンドポイントはタスク ${task.taskId} のネットワーク経路ですが、呼び出しは ${principal.sessionArn}(${principal.assumedBy} がタスク ${principal.sessionName} のために作ったロールセッション)の署名です。タスクは他のタスクのネットワークや認証情報を使えません。`,
    };
  }
  return undefined;
}
