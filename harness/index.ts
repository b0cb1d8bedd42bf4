/** What a solution may import: `import type { KataContext } from 'aws-basics-dojo'`. */
export type { KataCall, KataClients, KataContext, KataHarness, Solve } from './kata/kata-context';
export type { CidrToolkit, PublicSampleTaskGiven, SampleTaskGiven, SampleTaskWorld, VpcGiven } from './kata-types';
export type { PushCredentials, PushedImage } from './images/push-image';
export type { TrustPolicyGiven, TrustPolicyRoles } from './kata-types';
export type { TaskDefinitionGiven } from './kata-types';
export type { KataAppGiven } from './kata-types';
export type { S3BucketsGiven } from './kata-types';
export type { CiPusherKey, EcrRepositoriesGiven } from './kata-types';
export type { ServiceGiven } from './kata-types';
export type { TaskRoleGiven } from './kata-types';
export type { IsolatedSubnetGiven, KataAppTaskGiven, PrivateSubnetNatGiven } from './kata-types';
export type { ScopePolicyGiven } from './kata-types';
