// The README's Configuration table is the schema's docs, row for row: a variable added to
// config/environment.ts without a README row fails here, and so does a README row nothing reads.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { documentedVariables } from '../../config/environment.js';
import { readmeRows, tableAfterMarker } from '../../config/readme-table.js';

const regenerate = 'regenerate it: npx tsx config/readme-table.ts --write && npx prettier --write README.md';

describe('README configuration table', () => {
  let readme: ReturnType<typeof tableAfterMarker>;
  before(async () => {
    readme = tableAfterMarker(await readFile(new URL('../../README.md', import.meta.url), 'utf8'));
  });

  it('names every variable of the schema, and only those', () => {
    const inReadme = readme.map((row) => row.variable);
    const inSchema = [...new Set(documentedVariables().map(({ name, doc }) => doc.family ?? name))];
    expect(
      inSchema.filter((name) => !inReadme.includes(name)),
      `missing from the README; ${regenerate}`,
    ).to.deep.equal([]);
    expect(
      inReadme.filter((name) => !inSchema.includes(name)),
      'in the README, not in the schema',
    ).to.deep.equal([]);
  });

  it('shows the schema’s default and meaning of each, in its order', () => {
    expect(readme, regenerate).to.deep.equal(readmeRows());
  });
});
