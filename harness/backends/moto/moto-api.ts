/**
 * moto's own control API (/moto-api/...), used for a moto started by the harness and for a moto
 * found at KATA_ENDPOINT.
 */

/**
 * How long a local AWS that is already running may take to answer the harness's first request. A
 * shared moto on a busy two-core machine (several test runs starting at once) has taken over 10 s.
 */
export const ENDPOINT_ANSWER_TIMEOUT_MS = 20_000;

/** True when the server at `endpoint` is a moto server. */
export async function isMoto(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/moto-api/state-manager/get-transition?model_name=ecs::task', endpoint), {
      signal: AbortSignal.timeout(ENDPOINT_ANSWER_TIMEOUT_MS),
    });
    return response.ok && (await response.text()).includes('progression');
  } catch {
    return false;
  }
}

/**
 * Stops moto from advancing ECS tasks on its own. By default every DescribeTasks moves a task one
 * step towards STOPPED; the harness is ECS's data plane and decides a task's state itself.
 */
export async function freezeEcsTaskState(endpoint: string): Promise<void> {
  const response = await fetch(new URL('/moto-api/state-manager/set-transition', endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model_name: 'ecs::task',
      transition: { progression: 'manual', times: Number.MAX_SAFE_INTEGER },
    }),
  });
  if (!response.ok) {
    throw new Error(
      `moto at ${endpoint} refused to freeze ECS task state (HTTP ${response.status}: ${await response.text()}). ` +
        'The harness needs moto 5 or newer.',
    );
  }
}
