/**
 * A kata's rules each ask for the same observation (a task run, a probe, what solve() returned);
 * this does the work once per solved kata and hands every later rule the same promise.
 * Arguments after the solved kata come from the first call; later calls reuse its result.
 */
export function oncePerSolve<Solved extends object, Value, Rest extends unknown[]>(
  work: (solved: Solved, ...rest: Rest) => Value,
): (solved: Solved, ...rest: Rest) => Value {
  const done = new WeakMap<Solved, Value>();
  return (solved, ...rest) => {
    if (!done.has(solved)) done.set(solved, work(solved, ...rest));
    return done.get(solved)!;
  };
}
