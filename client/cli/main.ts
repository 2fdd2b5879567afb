#!/usr/bin/env node
// The `plangate` command (package.json "bin"). Every failure ends here as one line on stderr,
// `plangate: <message>`, and an exit code from exit-codes.ts; never a stack trace (LOG_LEVEL=debug
// adds one for bug reports).
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { exitCodeFor, messageFor } from './exit-codes.js';

try {
  await buildProgram(process.env).parseAsync(process.argv);
  process.exit(0);
} catch (error) {
  // Commander has already printed its own message (usage errors, --help, --version).
  if (!(error instanceof CommanderError)) {
    process.stderr.write(`plangate: ${messageFor(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
  }
  process.exit(exitCodeFor(error));
}
