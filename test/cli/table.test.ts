import { expect } from 'chai';
import { CommanderError } from 'commander';
import { PlangateError } from '../../client/plangate-error.js';
import { CliError, ExitCode, exitCodeFor, messageFor } from '../../client/cli/exit-codes.js';
import { formatPairs, formatTable } from '../../client/cli/table.js';
import { parseDuration } from '../../client/cli/option-parsers.js';

describe('CLI output and exit codes', () => {
  it('aligns table columns, right-aligns amounts and keeps every row on one line', () => {
    const table = formatTable(
      [
        { what: 'credit', amount: '-€131.76', note: 'two\nlines' },
        { what: 'tax', amount: '€4.00', note: '' },
      ],
      [
        { header: 'what', value: (r) => r.what },
        { header: 'amount', value: (r) => r.amount, align: 'right' },
        { header: 'note', value: (r) => r.note },
      ],
    );
    expect(table.split('\n')).to.deep.equal([
      'WHAT      AMOUNT  NOTE',
      'credit  -€131.76  two lines',
      'tax        €4.00',
    ]);
    expect(
      formatPairs([
        ['Total now', '€1.00'],
        ['Tax', '€0.19'],
      ]),
    ).to.equal('Total now  €1.00\nTax        €0.19');
  });

  it('maps failures to the documented exit codes', () => {
    expect(exitCodeFor(new PlangateError('REQUEST_NOT_FOUND', 'x'))).to.equal(ExitCode.NotFound);
    expect(exitCodeFor(new PlangateError('TEMPORAL_UNREACHABLE', 'x'))).to.equal(ExitCode.Unreachable);
    expect(exitCodeFor(new PlangateError('REQUEST_NOT_OPEN', 'x'))).to.equal(ExitCode.Failed);
    expect(exitCodeFor(new PlangateError('FORBIDDEN_ROLE', 'x'))).to.equal(ExitCode.Failed);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', 'x'))).to.equal(ExitCode.Usage);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', 'x'))).to.equal(ExitCode.Ok);
    expect(exitCodeFor(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).to.equal(
      ExitCode.Unreachable,
    );
    expect(exitCodeFor(new CliError('x', ExitCode.Usage))).to.equal(ExitCode.Usage);
    expect(exitCodeFor(new Error('bug'))).to.equal(ExitCode.Failed);
  });

  it('says what was wrong in one line, field problems included', () => {
    const error = new PlangateError('INVALID_CHANGE', 'The change is not valid', {
      problems: [
        { field: 'changes.seats', message: 'must be at least 1' },
        { field: 'changes.card', message: 'cannot be changed' },
      ],
    });
    expect(messageFor(error)).to.equal(
      'The change is not valid (changes.seats: must be at least 1; changes.card: cannot be changed)',
    );
    expect(messageFor(new Error('first\n  second'))).to.equal('first second');
  });

  it('reads durations for --older-than', () => {
    expect(parseDuration('90m')).to.equal(90 * 60_000);
    expect(parseDuration('3d')).to.equal(3 * 86_400_000);
    expect(parseDuration('2w')).to.equal(14 * 86_400_000);
    expect(() => parseDuration('3 days')).to.throw('90m, 12h, 3d or 2w');
  });
});
