import type { Simulation, SimulationRequest } from '../gateway/simulate';
import { catalogueService } from '../iam/lint/catalogue';
import { currentLocalCloud } from '../runner/cloud-env';
import { simulatePrincipal } from '../runner/control-api';

export type { SimulatedDecision, Simulation } from '../gateway/simulate';

/**
 * Asks the gateway's IAM engine, as IAM's SimulatePrincipalPolicy does, whether role (or user)
 * `principalArn` of `accountId` may perform each action on each resource: per pair the decision,
 * the statements that decided it and the engine's explanation, with the policies it read.
 */
export function simulatePrincipalPolicy(accountId: string, request: Omit<SimulationRequest, 'accountId'>): Promise<Simulation> {
  return simulatePrincipal(currentLocalCloud().gatewayUrl, { accountId, ...request });
}

/** One action of the IAM action catalogue (the Service Authorization Reference). */
export interface CatalogueEntry {
  /** "service:Action" as AWS spells it, e.g. "ecr:DescribeImages". */
  action: string;
  /** The resource types it acts on, e.g. ["repository"]; empty when it supports only Resource "*". */
  resourceTypes: string[];
}

/** Every action of service `prefix` (e.g. "ecr") in the IAM action catalogue, by name; empty for an unknown service. */
export async function iamActionCatalogue(prefix: string): Promise<CatalogueEntry[]> {
  const service = await catalogueService(prefix);
  if (!service) return [];
  return [...service.actions.values()]
    .map((entry) => ({ action: `${service.prefix}:${entry.name}`, resourceTypes: entry.resourceTypes }))
    .sort((a, b) => a.action.localeCompare(b.action));
}
