import type { PolicyStatement } from '../../../harness/iam/policy-types';

/** The statement of AWS's managed AmazonECSTaskExecutionRolePolicy: a valid policy both checks must accept. */
export const EXECUTION_ROLE_STATEMENT: PolicyStatement = {
  Effect: 'Allow',
  Action: [
    'ecr:GetAuthorizationToken',
    'ecr:BatchCheckLayerAvailability',
    'ecr:GetDownloadUrlForLayer',
    'ecr:BatchGetImage',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ],
  Resource: '*',
};
