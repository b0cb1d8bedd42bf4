import * as readline from 'node:readline';

/** Asks a yes/no question on the terminal (or reads the answer from a pipe); anything but y/yes/はい is no. */
export function askYesNo(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
    let answered = false;
    lines.question(question, (answer) => {
      answered = true;
      lines.close();
      resolve(/^(y|yes|はい)$/i.test(answer.trim()));
    });
    // No answer at all (stdin closed): the safe answer.
    lines.on('close', () => {
      if (answered) return;
      process.stdout.write('\n');
      resolve(false);
    });
  });
}
