import { spawnSync } from 'node:child_process';

const PING = `
const Docker = require('dockerode');
const timer = setTimeout(() => { console.error('no answer within 5 s'); process.exit(1); }, 5000);
new Docker().ping().then(() => { clearTimeout(timer); process.exit(0); }, (error) => { console.error(error.message); process.exit(1); });
`;

/**
 * Why this suite's Docker tests cannot run here, or undefined when they can. Synchronous, so a
 * file can pick `describe` or `describe.skip` while Jest collects it. In CI (CI=true) Docker is
 * installed and started by .ci/run, so the tests always run there and an unreachable Docker fails them.
 */
export function dockerSkipReason(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  const ping = spawnSync(process.execPath, ['-e', PING], { cwd: __dirname, encoding: 'utf8', timeout: 10_000 });
  if (ping.status === 0) return undefined;
  return `Docker does not answer (${(ping.stderr || ping.error?.message || 'no output').trim()}); start Docker to run them.`;
}

/** `describe` when Docker answers (always in CI), else `describe.skip` with the reason printed once. */
export function describeWithDocker(what: string): jest.Describe {
  const reason = dockerSkipReason();
  if (reason === undefined) return describe;
  process.stderr.write(`Skipping ${what}: ${reason}\n`);
  return describe.skip;
}
