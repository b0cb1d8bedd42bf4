import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type DeleteServiceCommandInput,
  type DescribeServicesCommandInput,
  type ECSClient,
  type Service,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { ecsError, ecsJson, type AgentAnswer } from './ecs-answers';
import { explainFargateRejection } from './fargate-validation';
import type { ServiceScheduler } from './services/service-scheduler';
import { refuseInvalidService, type ServiceRequest } from './services/service-validation';
import { toWireJson } from './wire-json';

export const SERVICE_OPERATIONS = ['CreateService', 'UpdateService', 'DeleteService', 'DescribeServices'];

/**
 * The ECS service API as the agent answers it: the agent refuses what ECS refuses at the call
 * (service-validation.ts), the backend stores the service and checks the rest of the request;
 * the scheduler runs its tasks, and its counts, events and deployments are laid over what the
 * backend answers.
 */
export class ServiceApi {
  constructor(
    private readonly scheduler: ServiceScheduler,
    private readonly backendClients: (accountId: string, region: string) => { ecs: ECSClient; ec2: EC2Client },
  ) {}

  async handle(operation: string, accountId: string, region: string, params: Record<string, unknown>): Promise<AgentAnswer> {
    const { ecs, ec2 } = this.backendClients(accountId, region);
    try {
      switch (operation) {
        case 'CreateService': {
          const input = params as unknown as CreateServiceCommandInput;
          const refused = await this.refuse(ecs, ec2, 'CreateService', input);
          if (refused) return refused;
          const { service } = await ecs.send(new CreateServiceCommand(input));
          this.scheduler.createService(accountId, region, input, service);
          return ecsJson({ service: this.overlay(accountId, region, input.cluster, service) });
        }
        case 'UpdateService': {
          const input = params as unknown as UpdateServiceCommandInput;
          const refused = await this.refuseUpdate(ecs, ec2, input);
          if (refused) return refused;
          const { service } = await ecs.send(new UpdateServiceCommand(input));
          this.scheduler.updateService(accountId, region, input, service);
          return ecsJson({ service: this.overlay(accountId, region, input.cluster, service) });
        }
        case 'DeleteService': {
          const input = params as unknown as DeleteServiceCommandInput;
          const outcome = this.scheduler.deleteService(accountId, region, input);
          if (!outcome.ok) return ecsError(outcome.status, outcome.code, outcome.message);
          const { service } = await ecs.send(new DeleteServiceCommand(input));
          return ecsJson({ service: this.overlay(accountId, region, input.cluster, service) });
        }
        default: {
          const input = params as unknown as DescribeServicesCommandInput;
          const answer = await ecs.send(new DescribeServicesCommand(input));
          return ecsJson({
            services: (answer.services ?? []).map((service) => this.overlay(accountId, region, input.cluster, service)),
            failures: toWireJson(answer.failures ?? []),
          });
        }
      }
    } catch (error) {
      const failed = error as Error & { $metadata?: { httpStatusCode?: number } };
      return ecsError(failed.$metadata?.httpStatusCode ?? 400, failed.name, failed.message);
    }
  }

  /**
   * ECS's refusal of the service, with its explanation for the call trace; undefined when ECS
   * would accept it, or when the backend should answer (no task definition, or an unknown one).
   */
  private async refuse(
    ecs: ECSClient,
    ec2: EC2Client,
    operation: ServiceRequest['operation'],
    service: Pick<ServiceRequest, 'launchType' | 'capacityProviderStrategy' | 'networkConfiguration'> & { taskDefinition?: string },
  ): Promise<AgentAnswer | undefined> {
    if (!service.taskDefinition) return undefined;
    let taskDefinition;
    try {
      ({ taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition })));
    } catch {
      return undefined;
    }
    if (!taskDefinition) return undefined;
    const rejection = await refuseInvalidService({ ...service, taskDefinition, operation, ec2 });
    return rejection && ecsError(400, rejection.code, rejection.message.en, explainFargateRejection(rejection));
  }

  /**
   * UpdateService is checked as CreateService is when it changes what the checks read (task
   * definition, network configuration, capacity provider strategy), with the service's other
   * members as they are.
   */
  private async refuseUpdate(ecs: ECSClient, ec2: EC2Client, input: UpdateServiceCommandInput): Promise<AgentAnswer | undefined> {
    if (input.taskDefinition === undefined && input.networkConfiguration === undefined && input.capacityProviderStrategy === undefined) return undefined;
    if (!input.service) return undefined;
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: input.cluster, services: [input.service] }));
    const current = services?.find((service) => service.status === 'ACTIVE');
    if (!current) return undefined;
    // moto records launchType EC2 for a service created with a capacity provider strategy (see overlay()).
    const strategy = input.capacityProviderStrategy ?? (current.capacityProviderStrategy?.length ? current.capacityProviderStrategy : undefined);
    return this.refuse(ecs, ec2, 'UpdateService', {
      taskDefinition: input.taskDefinition ?? current.taskDefinition,
      launchType: strategy ? undefined : current.launchType,
      capacityProviderStrategy: strategy,
      networkConfiguration: input.networkConfiguration ?? current.networkConfiguration,
    });
  }

  /** The backend's service with what the scheduler knows of it. */
  private overlay(accountId: string, region: string, cluster: string | undefined, service: Service | undefined): unknown {
    if (!service) return undefined;
    const view = this.scheduler.describe(accountId, region, cluster ?? service.clusterArn, service.serviceArn ?? service.serviceName ?? '');
    if (!view) return toWireJson(service);
    // moto records launchType EC2 for a service created with a capacity provider strategy; ECS shows none.
    const launchType = service.capacityProviderStrategy?.length ? undefined : service.launchType;
    return toWireJson({
      ...service,
      launchType,
      status: view.status,
      desiredCount: view.desiredCount,
      runningCount: view.runningCount,
      pendingCount: view.pendingCount,
      taskDefinition: view.taskDefinition,
      events: view.events,
      deployments: view.deployments,
    });
  }
}
