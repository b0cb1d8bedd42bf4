import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type DeleteServiceCommandInput,
  type DescribeServicesCommandInput,
  type ECSClient,
  type Service,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { ecsError, ecsJson, type AgentAnswer } from './ecs-answers';
import type { ServiceScheduler } from './services/service-scheduler';
import { toWireJson } from './wire-json';

export const SERVICE_OPERATIONS = ['CreateService', 'UpdateService', 'DeleteService', 'DescribeServices'];

/**
 * The ECS service API as the agent answers it: the backend stores the service and checks the
 * request; the scheduler runs its tasks, and its counts, events and deployments are laid over
 * what the backend answers.
 */
export class ServiceApi {
  constructor(private readonly scheduler: ServiceScheduler, private readonly backendEcs: (accountId: string, region: string) => ECSClient) {}

  async handle(operation: string, accountId: string, region: string, params: Record<string, unknown>): Promise<AgentAnswer> {
    const ecs = this.backendEcs(accountId, region);
    try {
      switch (operation) {
        case 'CreateService': {
          const input = params as unknown as CreateServiceCommandInput;
          const { service } = await ecs.send(new CreateServiceCommand(input));
          this.scheduler.createService(accountId, region, input, service);
          return ecsJson({ service: this.overlay(accountId, region, input.cluster, service) });
        }
        case 'UpdateService': {
          const input = params as unknown as UpdateServiceCommandInput;
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
