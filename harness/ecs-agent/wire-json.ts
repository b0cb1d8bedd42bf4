/**
 * An SDK output turned back into what ECS's JSON protocol sends: the same member names (ECS
 * renames none), timestamps as epoch seconds, no `$metadata`. The agent uses it to answer with a
 * backend's result it has changed.
 */
export function toWireJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWireJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (key === '$metadata' || member === undefined) continue;
      out[key] = toWireJson(member);
    }
    return out;
  }
  return value;
}
