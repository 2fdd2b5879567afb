// Before anything starts: every port the dev stack needs must be free, or we say which variable to
// change. Checked by binding the address the services bind (loopback), which is what would fail.
import { createServer } from 'node:net';
import { CliError, ExitCode } from '../exit-codes.js';
import type { NamedPort } from './dev-config.js';

export async function assertPortsFree(ports: readonly NamedPort[]): Promise<void> {
  const seen = new Map<number, string>();
  for (const { port, variable } of ports) {
    const other = seen.get(port);
    if (other) {
      throw new CliError(
        `${variable} and ${other} are both ${port}; give each its own port`,
        ExitCode.Failed,
      );
    }
    seen.set(port, variable);
  }
  for (const { port, variable } of ports) {
    if (!(await isFree(port))) {
      throw new CliError(
        `Port ${port} (${variable}) is in use; set ${variable} to another port`,
        ExitCode.Failed,
      );
    }
  }
}

export function isFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => done(true)));
  });
}
