/** What kata tests import: `import { kata, check } from 'aws-basics-dojo/testing'`. */
export { kata, type KataDefinition, type KataSetupEnv, type SolvedKata } from './kata/define-kata';
export { check, KataAssertionError, KataSolveError } from './kata/kata-errors';
export type { Bilingual } from './i18n';
export { runTaskToStop, type TaskRun, type TaskToRun, type TaskNetworkReport } from './kata/run-task';
export { addEcsEndpoints, buildSampleTaskWorld, registerSampleTaskDefinition, routeToInternet, SAMPLE_TASK_LOGS, KATA_APP_LOGS, type SampleTaskReach, type SampleTaskDefinition } from './kata/sample-task-world';
export { networkVerdict } from './kata/network-verdict';
export { assumeRoleAsService, assumeRoleWithCredentials, type AssumeRoleOutcome } from './kata/assume-role';
export { SAMPLE_TODO } from './kata/sample-todo';
export { sampleImageDigest } from './kata/sample-image';
export { awaitTaskStop, type TaskToAwait } from './kata/run-task';
export { buildKataAppWorld } from './kata/kata-app-world';
export { accountCallsMarker, accountCallsSince } from './kata/account-calls';
export { attemptCall, explainUserDecision, policiesOfUser, withAccessKeyClients, type AccessKeyCredentials, type CallOutcome, type HeldPolicy } from './kata/access-key-calls';
export { accountClusters, stopEverythingRunning, tasksNotStopped } from './kata/account-cleanup';
export { taskNetworkReport } from './kata/task-network-report';
export { callsOfTask } from './kata/task-calls';
export type { TraceEntry as KataCall } from './gateway/trace';
export { callWithSession, type SessionCallOutcome } from './kata/session-call';
