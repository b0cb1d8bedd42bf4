// A stand-in for a harness process: starts the sleeper container, prints its pid, then ends the
// way argv[2] says: "exit" (process.exit, so 'exit' hooks run) or "wait" (until killed).
import { join } from 'node:path';
import { startProcessContainer } from '../../harness/ecs-agent/process-runtime';

const container = startProcessContainer({
  imageDir: join(__dirname, '..', 'fixtures', 'containers', 'sleeper'),
  environment: {},
  timeoutMs: 60_000,
  onOutput: (_stream, chunk) => {
    if (chunk.includes('sleeping')) {
      process.stdout.write(`container ${container.pid}\n`);
      if (process.argv[2] === 'exit') process.exit(0);
    }
  },
});
