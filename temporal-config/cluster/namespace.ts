// Registers the namespace and Plangate's search attributes on a cluster with the `temporal` CLI,
// idempotently (an existing namespace or attribute is fine), and waits until a frontend serves both.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { searchAttributeCreateFlags } from '../search-attributes.js';

const run = promisify(execFile);

export interface NamespaceSettings {
  /** The `temporal` binary (temporal-cli.ts resolves it). */
  cli: string;
  address: string;
  namespace: string;
  /** How long closed workflows stay visible; Plangate's timelines are read from them. */
  retention?: string;
}

/** The command lines, exactly as the README's production recipe shows them. */
export function namespaceCommands(settings: NamespaceSettings): string[][] {
  const target = ['--address', settings.address, '--namespace', settings.namespace];
  return [
    [settings.cli, 'operator', 'namespace', 'create', ...target, '--retention', settings.retention ?? '720h'],
    [settings.cli, 'operator', 'search-attribute', 'create', ...target, ...searchAttributeCreateFlags()],
  ];
}

export async function registerNamespace(settings: NamespaceSettings): Promise<void> {
  const [create, searchAttributes] = namespaceCommands(settings);
  try {
    await runCli(create!);
  } catch (error) {
    if (!/already exists/i.test((error as Error).message)) throw error;
  }
  // Creating attributes that exist with the same type succeeds; another type is a real conflict.
  await runCli(searchAttributes!);
}

/**
 * Resolves once `address` answers a visibility query on one of our search attributes: its frontend
 * knows the namespace and the attributes (each node refreshes its namespace cache on its own).
 */
export async function waitUntilServing(
  settings: Omit<NamespaceSettings, 'retention'>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const probe = [
    settings.cli,
    'workflow',
    'count',
    '--address',
    settings.address,
    '--namespace',
    settings.namespace,
    '--query',
    `RequestId = "readiness-probe"`,
  ];
  for (;;) {
    try {
      await runCli(probe, 10_000);
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `Temporal at ${settings.address} did not serve namespace ${settings.namespace} in time: ${(error as Error).message}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function runCli([command, ...args]: string[], timeout = 30_000): Promise<string> {
  // Only what the command line says: a TEMPORAL_API_KEY or profile of the caller's shell must not
  // send these calls elsewhere.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')),
  );
  try {
    const { stdout } = await run(command!, args, { env, timeout });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(
      `temporal ${args.slice(0, 3).join(' ')}: ${(stderr || (error as Error).message).trim().slice(0, 600)}`,
    );
  }
}
