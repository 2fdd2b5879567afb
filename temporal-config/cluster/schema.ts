// Creates a cluster's two databases and brings their schemas to the release's version with
// temporal-sql-tool: `setup-schema -v 0.0` (the version tables; a no-op on an existing database),
// then `update-schema -d <versioned dir>` (only the steps not yet applied). Safe to run on every
// start and after every server upgrade.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TemporalServerTools } from '../temporal-server.js';
import type { TemporalDatabases, TemporalDatabaseServer } from './server-config.js';

const run = promisify(execFile);

/** The command lines, exactly as the README's production recipe shows them. */
export function schemaCommands(tools: TemporalServerTools, databases: TemporalDatabases): string[][] {
  const steps: string[][] = [];
  for (const [database, schema] of [
    [databases.database, 'temporal'],
    [databases.visibilityDatabase, 'visibility'],
  ] as const) {
    const tool = [tools.sqlTool, ...connectionFlags(databases), '--db', database];
    steps.push(
      [...tool, 'create-database'],
      [...tool, 'setup-schema', '-v', '0.0'],
      [...tool, 'update-schema', '-d', join(tools.schemaDir, 'postgresql/v12', schema, 'versioned')],
    );
  }
  return steps;
}

export async function setUpSchemas(tools: TemporalServerTools, databases: TemporalDatabases): Promise<void> {
  for (const [command, ...args] of schemaCommands(tools, databases)) await runTool(command!, args);
}

export async function dropDatabases(tools: TemporalServerTools, databases: TemporalDatabases): Promise<void> {
  for (const database of [databases.database, databases.visibilityDatabase])
    await runTool(tools.sqlTool, [
      ...connectionFlags(databases),
      '--db',
      database,
      'drop-database',
      '--force',
    ]);
}

function connectionFlags(server: TemporalDatabaseServer): string[] {
  return [
    '--plugin',
    'postgres12',
    '--ep',
    server.host,
    '-p',
    String(server.port),
    '-u',
    server.user,
    ...(server.password ? ['--pw', server.password] : []),
  ];
}

async function runTool(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    // The tool logs coloured lines; the first ERROR one says what went wrong (e.g. cannot connect).
    // eslint-disable-next-line no-control-regex
    const output = `${stdout ?? ''}${stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '');
    const firstError = output.split('\n').find((line) => /\bERROR\b/.test(line));
    throw new Error(
      `temporal-sql-tool ${args.slice(-3).join(' ')} failed: ${(firstError ?? output.trim()).slice(0, 600)}`,
    );
  }
}
