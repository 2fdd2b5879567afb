// The README's production recipe is the code's: the schema, server and namespace commands it shows
// are the ones temporal-config/cluster builds and the cluster tests run, variable for variable.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { namespaceCommands } from '../../temporal-config/cluster/namespace.js';
import { schemaCommands } from '../../temporal-config/cluster/schema.js';
import {
  nodeEnvironment,
  nodePorts,
  serverArgs,
  serverConfigDir,
} from '../../temporal-config/cluster/server-config.js';
import { schemaCacheDir } from '../../temporal-config/temporal-server.js';
import { repoRoot } from '../cli/run-cli.js';

/** The lines of the bash block after `<!-- production:<name> -->`. */
async function recipe(name: string): Promise<string[]> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- production:${name} -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!block) throw new Error(`README.md has no production:${name} block`);
  return block[1]!.trimEnd().split('\n');
}

describe('README: the production recipe', () => {
  it('sets up the schemas with the commands the cluster runs', async () => {
    const schemaDir = schemaCacheDir({ HOME: homedir() }).replace(homedir(), '~');
    const commands = schemaCommands(
      { server: 'temporal-server', sqlTool: 'temporal-sql-tool', schemaDir },
      {
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        password: '',
        database: 'temporal',
        visibilityDatabase: 'temporal_visibility',
      },
    );
    expect(await recipe('schema')).to.deep.equal(commands.map((command) => command.join(' ')));
  });

  it('starts a node with the arguments and variables the cluster uses', async () => {
    const lines = await recipe('server');
    const root = relative(repoRoot, serverConfigDir);
    expect(root).to.equal('temporal-config/server');
    expect(lines.at(-1)).to.equal(['temporal-server', '--root', root, ...serverArgs.slice(2)].join(' '));
    const known = Object.keys(
      nodeEnvironment({
        ports: nodePorts(7233, 1),
        databases: { host: '', port: 0, user: '', password: '', database: '', visibilityDatabase: '' },
        historyShards: 1,
        clusterAddress: '',
      }),
    );
    const exported = lines
      .filter((line) => line.startsWith('export '))
      .flatMap((line) => line.slice('export '.length).split(' '))
      .map((assignment) => assignment.split('=')[0]);
    expect(exported).to.have.length.greaterThan(0);
    for (const name of exported) expect(known, `${name} is a variable of the server config`).to.include(name);
    // ...and the template reads exactly those (plus one with a default that the cluster keeps).
    const template = await readFile(join(serverConfigDir, 'postgresql.yaml'), 'utf8');
    const read = new Set([...template.matchAll(/env "([A-Z_]+)"/g)].map((match) => match[1]));
    expect([...read].sort()).to.deep.equal([...known, 'TEMPORAL_DB_MAX_CONNS'].sort());
  });

  it('registers the namespace and search attributes with the commands the cluster runs', async () => {
    const commands = namespaceCommands({
      cli: 'temporal',
      address: '"$TEMPORAL_ADDRESS"',
      namespace: 'default',
    });
    expect(await recipe('namespace')).to.deep.equal(commands.map((command) => command.join(' ')));
  });
});
