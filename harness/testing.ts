/** What kata tests import: `import { kata, check } from 'aws-basics-dojo/testing'`. */
export { kata, type KataDefinition, type KataSetupEnv, type SolvedKata } from './kata/define-kata';
export { check, KataAssertionError, KataSolveError } from './kata/kata-errors';
export type { Bilingual } from './i18n';
export { runTaskToStop, type TaskRun, type TaskToRun, type TaskNetworkReport } from './kata/run-task';
export { addEcsEndpoints, buildSampleTaskWorld, registerSampleTaskDefinition, routeToInternet, SAMPLE_TASK_LOGS, KATA_APP_LOGS, type SampleTaskReach, type SampleTaskDefinition } from './kata/sample-task-world';
export { networkVerdict } from './kata/network-verdict';
export { assumeRoleAsService, assumeRoleWithCredentials, type AssumeRoleOutcome } from './kata/assume-role';
export { SAMPLE_TODO } from './kata/sample-todo';
export { iamActionCatalogue, simulatePrincipalPolicy, type CatalogueEntry, type SimulatedDecision, type Simulation } from './kata/iam-simulation';
export { attemptCall, callsOfTask, roleSessionAsService, type CallAttempt, type ServiceRoleSession } from './kata/role-session';
export { groupByAllowingStatement, policiesListing, policyLabel, statementLabel } from './kata/policy-words';
