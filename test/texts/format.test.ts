import { expect } from 'chai';
import { formatDate, formatDateTime, formatMoney, formatPercentBps } from '../../activities/texts/index.js';

const NBSP = '\u00a0';

describe('mail formatting', () => {
  it('formats minor units per locale and currency exponent', () => {
    expect(formatMoney(123456, 'EUR', 'de')).to.equal(`1.234,56${NBSP}€`);
    expect(formatMoney(123456, 'EUR', 'en')).to.equal('€1,234.56');
    expect(formatMoney(-5, 'EUR', 'de')).to.equal(`-0,05${NBSP}€`);
    expect(formatMoney(0, 'EUR', 'en')).to.equal('€0.00');
    expect(formatMoney(1234, 'JPY', 'en')).to.equal('¥1,234');
    expect(formatMoney(1234, 'JPY', 'de')).to.equal(`1.234${NBSP}¥`);
  });

  it('never goes through a float: the largest safe amounts stay exact', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR', 'en')).to.equal('€90,071,992,547,409.91');
    expect(formatMoney(-Number.MAX_SAFE_INTEGER, 'EUR', 'en')).to.equal('-€90,071,992,547,409.91');
  });

  it('refuses amounts that are not integer minor units', () => {
    expect(() => formatMoney(12.5, 'EUR', 'en')).to.throw(/integer/);
    expect(() => formatMoney(Number.NaN, 'EUR', 'en')).to.throw(/integer/);
  });

  it('formats dates in UTC, whatever the machine time zone', () => {
    expect(formatDate('2025-03-31T23:30:00.000Z', 'de')).to.equal('31. März 2025');
    expect(formatDate('2025-03-31T23:30:00.000Z', 'en')).to.equal('31 March 2025');
    expect(formatDateTime('2025-03-23T12:00:00.000Z', 'en')).to.match(/^23 March 2025.*12:00 UTC$/);
  });

  it('formats tax rates', () => {
    expect(formatPercentBps(1900, 'de')).to.equal(`19${NBSP}%`);
    expect(formatPercentBps(1900, 'en')).to.equal('19%');
    expect(formatPercentBps(750, 'de')).to.equal(`7,5${NBSP}%`);
  });
});
