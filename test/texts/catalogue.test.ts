// The text catalogue: one interface, two languages that implement all of it.
import { expect } from 'chai';
import { de } from '../../activities/texts/de.js';
import { en } from '../../activities/texts/en.js';
import { textsFor, type PageTexts } from '../../activities/texts/index.js';

/** Every key path of a catalogue: nested objects are walked, functions and strings are leaves. */
function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value)
    .flatMap(([key, v]) =>
      v !== null && typeof v === 'object' ? keysOf(v as object, `${prefix}${key}.`) : [`${prefix}${key}`],
    )
    .sort();
}

describe('text catalogue', () => {
  it('has the same texts in German and English', () => {
    expect(keysOf(de)).to.deep.equal(keysOf(en));
    expect(keysOf(de).length).to.be.greaterThan(150);
  });

  it('does not compile when a language lacks a text', () => {
    const { approve: _approve, ...withoutApprove } = de.page;
    // @ts-expect-error: `approve` is missing, and every language must have every text
    const incomplete: PageTexts = withoutApprove;
    expect(incomplete).to.not.have.property('approve');
  });

  it('falls back to English for a locale it does not have', () => {
    expect(textsFor('de')).to.equal(de);
    expect(textsFor('fr' as never)).to.equal(en);
  });
});
