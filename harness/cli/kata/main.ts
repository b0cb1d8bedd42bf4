import '../quiet-sdk-node-warning';
import { learnerLanguage, localize } from '../../i18n';
import { parseCliArguments, requestedLanguage, type CliArguments } from './arguments';
import { cliContext, type CliContext } from './cli-context';
import { CliError } from './cli-error';
import { doctorCommand } from './doctor-command';
import { helpCommand } from './help-command';
import { hintCommand } from './hint-command';
import { listCommand } from './list-command';
import { resetCommand } from './reset-command';
import { red, warn } from './terminal';

/** The `kata` command (`npm run kata -- …`): the learner's loop around the katas. */
export async function main(args: string[]): Promise<void> {
  const language = requestedLanguage(args) ?? learnerLanguage();
  // Messages of the harness itself (the local cloud, the backends) follow --lang too.
  process.env.KATA_LANG = language;
  try {
    const parsed = parseCliArguments(args);
    process.exitCode = await run(parsed, cliContext(language));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    warn(red(localize(error.text, language)));
    process.exitCode = error.exitCode;
  }
}

async function run(parsed: CliArguments, context: CliContext): Promise<number> {
  switch (parsed.command) {
    case 'list':
      return listCommand(context);
    case 'hint':
      return hintCommand(context, parsed.kata!);
    case 'reset':
      return resetCommand(context, parsed.kata!, parsed.yes);
    case 'doctor':
      return doctorCommand(context);
    case 'help':
      return helpCommand(context);
    case 'watch': {
      // Loaded only here: the local cloud's modules are many, and the other commands do not need them.
      const { watchCommand } = await import('./watch-command');
      return watchCommand(context, parsed.kata, { poll: parsed.poll || process.env.KATA_WATCH_POLL === '1' });
    }
  }
}
