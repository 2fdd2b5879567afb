// docs/workflow.md is the life cycle users read: its transitions table is the code's table of
// allowed moves (workflows/request-states.ts), row for row, and it names every state. A move added
// to or dropped from either side fails here until both agree again.
import { expect } from 'chai';
import { allowedMoves, type RequestState } from '../../workflows/request-states.js';
import { documentedMoves, readWorkflowDoc } from './workflow-doc.js';

const states = Object.keys(allowedMoves) as RequestState[];
const codeMoves = states.flatMap((from) => allowedMoves[from].map((to) => `${from} -> ${to}`));

describe('docs/workflow.md', () => {
  it('lists exactly the allowed transitions of the code, each once', () => {
    const documented = documentedMoves().map(({ from, to }) => `${from} -> ${to}`);
    expect(
      documented.filter((move, index) => documented.indexOf(move) !== index),
      'rows listed twice',
    ).to.deep.equal([]);
    expect(
      codeMoves.filter((move) => !documented.includes(move)),
      'allowed by workflows/request-states.ts, missing from the table',
    ).to.deep.equal([]);
    expect(
      documented.filter((move) => !codeMoves.includes(move)),
      'in the table, not allowed by workflows/request-states.ts',
    ).to.deep.equal([]);
  });

  it('names every state of the code, in the states table and nothing else there', () => {
    const doc = readWorkflowDoc();
    expect(states.filter((state) => !doc.includes(`\`${state}\``))).to.deep.equal([]);
    const section = doc.slice(doc.indexOf('## States'), doc.indexOf('## Transitions'));
    const listed = [...section.matchAll(/^\| `([a-z_]+)`/gm)].map((match) => match[1]);
    expect([...listed].sort()).to.deep.equal([...states].sort());
  });

  it('refuses a table it cannot read, naming the line', () => {
    const doc = '## Transitions\n\n| from | to | when |\n| --- | --- | --- |\n| pending | `applied` | x |\n';
    expect(() => documentedMoves(doc)).to.throw(/docs\/workflow\.md:5: "from" and "to"/);
  });
});
