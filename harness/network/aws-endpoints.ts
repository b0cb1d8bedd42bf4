import type { Destination } from './vpc-model';

/**
 * The AWS endpoints a task's traffic may need, as the network model sees them: the SigV4 signing
 * name a call carries, the endpoint's service name in `com.amazonaws.<region>.<name>` (what a
 * VPC endpoint is created for), the public address the harness gives its regional endpoint, and
 * the variable an SDK reads that endpoint's URL from (AWS_ENDPOINT_URL_<service id>; the image
 * registry ecr.dkr is no SDK's).
 *
 * The addresses are from 198.51.100.0/24 (TEST-NET-2, documentation only): the model needs an
 * address to match routes, security group rules and network ACLs against, and no real one is
 * involved, since every call goes to the local gateway.
 */
const ENDPOINTS: { signingName: string; endpointService: string; address: string; endpointUrlVariable?: string }[] = [
  { signingName: 'ecr', endpointService: 'ecr.api', address: '198.51.100.10', endpointUrlVariable: 'AWS_ENDPOINT_URL_ECR' },
  { signingName: 'ecr-dkr', endpointService: 'ecr.dkr', address: '198.51.100.11' },
  { signingName: 's3', endpointService: 's3', address: '198.51.100.12', endpointUrlVariable: 'AWS_ENDPOINT_URL_S3' },
  { signingName: 'logs', endpointService: 'logs', address: '198.51.100.13', endpointUrlVariable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS' },
  { signingName: 'sts', endpointService: 'sts', address: '198.51.100.14', endpointUrlVariable: 'AWS_ENDPOINT_URL_STS' },
  { signingName: 'ecs', endpointService: 'ecs', address: '198.51.100.15', endpointUrlVariable: 'AWS_ENDPOINT_URL_ECS' },
  { signingName: 'ec2', endpointService: 'ec2', address: '198.51.100.16', endpointUrlVariable: 'AWS_ENDPOINT_URL_EC2' },
  { signingName: 'iam', endpointService: 'iam', address: '198.51.100.17', endpointUrlVariable: 'AWS_ENDPOINT_URL_IAM' },
];

/** The signing names of the services a task may call through its gateway port. */
export const TASK_CALLABLE_SERVICES = ENDPOINTS.filter((endpoint) => endpoint.signingName !== 'ecr-dkr').map((endpoint) => endpoint.signingName);

/** The destination of a call signed for `signingName` (ecr, logs, sts…). */
export function awsServiceDestination(signingName: string): Extract<Destination, { kind: 'aws-service' }> {
  const endpoint = ENDPOINTS.find((candidate) => candidate.signingName === signingName);
  if (!endpoint) throw new Error(`No AWS endpoint is modelled for the signing name "${signingName}"; known: ${ENDPOINTS.map((e) => e.signingName).join(', ')}.`);
  return { kind: 'aws-service', service: endpoint.endpointService, address: endpoint.address, port: 443 };
}

/** The AWS_ENDPOINT_URL_<service id> variable of the SDK client for `signingName`, if an SDK calls it. */
export function endpointUrlVariable(signingName: string): string | undefined {
  return ENDPOINTS.find((candidate) => candidate.signingName === signingName)?.endpointUrlVariable;
}

/** The regional host name of an endpoint service, as a learner would see it (api.ecr.ap-northeast-1.amazonaws.com…). */
export function endpointHost(endpointService: string, region: string): string {
  if (endpointService === 'ecr.api') return `api.ecr.${region}.amazonaws.com`;
  if (endpointService === 'ecr.dkr') return `dkr.ecr.${region}.amazonaws.com`;
  if (endpointService === 'iam') return 'iam.amazonaws.com';
  return `${endpointService}.${region}.amazonaws.com`;
}
