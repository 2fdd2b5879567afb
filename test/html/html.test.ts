// The html`` template every email and page is built with, and the three document variants.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { html, joinHtml, literalHtml, NEWLINE } from '../../activities/html/html.js';
import {
  devMailboxDocument,
  emailDocument,
  PAGE_STYLE_HASH,
  pageDocument,
} from '../../activities/html/layout.js';
import { PAGE_CSP } from '../../client/http/security-headers.js';

const EVIL = `<script>alert("x")</script> & 'y'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;';

describe('html template', () => {
  it('escapes every interpolated value, in element content and in attributes', () => {
    expect(String(html`<p title="${EVIL}">${EVIL}</p>`)).to.equal(`<p title="${ESCAPED}">${ESCAPED}</p>`);
    expect(String(html`<a href="${'" onclick="x()'}">${42}</a>`)).to.equal(
      '<a href="&quot; onclick=&quot;x()">42</a>',
    );
  });

  it('inserts nested templates and lists of them as they are, and null or undefined as nothing', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    expect(String(html`<ul>${items}</ul>${null}${undefined}`)).to.equal(
      '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>',
    );
    expect(String(joinHtml(items, NEWLINE))).to.equal('<li>a&lt;b</li>\n<li>c&amp;d</li>');
    expect(String(joinHtml([], NEWLINE))).to.equal('');
  });

  it('takes unescaped markup only as a literal without values', () => {
    expect(String(html`<p style="${literalHtml`font-family:'Segoe UI'`}">x</p>`)).to.equal(
      `<p style="font-family:'Segoe UI'">x</p>`,
    );
    // @ts-expect-error: a literal takes no interpolation, so no value can slip in unescaped
    const withValue = () => literalHtml`<b>${EVIL}</b>`;
    expect(withValue).to.be.a('function');
  });
});

describe('html documents', () => {
  it('email: inline styles only, escaped title, preheader and footer lines', () => {
    const doc = emailDocument({
      locale: 'de',
      title: EVIL,
      preheader: EVIL,
      body: html`<p>${EVIL}</p>`,
      footer: ['one <1>', 'two & 2'],
    });
    expect(doc).to.match(/^<!DOCTYPE html>\n<html lang="de">/);
    expect(doc).to.not.match(/<(style|script|link|img)\b/i);
    expect(doc).to.include(`<title>${ESCAPED}</title>`);
    expect(doc).to.include(`mso-hide:all">${ESCAPED}</div>`);
    expect(doc).to.include('one &lt;1&gt;<br>two &amp; 2</td>');
    expect(doc.split(ESCAPED)).to.have.length(4);
  });

  it('page: one stylesheet, the one the Content-Security-Policy admits, and no style attribute', () => {
    const doc = pageDocument({ locale: 'en', title: EVIL, body: html`<p>${EVIL}</p>` });
    const styles = [...doc.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(styles).to.have.length(1);
    const hash = `sha256-${createHash('sha256')
      .update(styles[0]?.[1] ?? '')
      .digest('base64')}`;
    expect(hash).to.equal(PAGE_STYLE_HASH);
    expect(PAGE_CSP).to.include(`style-src '${hash}'`);
    expect(doc).to.not.match(/\sstyle=|<script/i);
    expect(doc).to.include('<meta name="referrer" content="no-referrer">');
    expect(doc).to.include(`<title>${ESCAPED}</title>`);
  });

  it('dev mailbox: the title is the heading too, escaped', () => {
    const doc = devMailboxDocument({ locale: 'en', title: EVIL, body: html`` });
    expect(doc).to.include(`<title>${ESCAPED}</title>`);
    expect(doc).to.include(`<h1 style="font-size:22px;margin:0 0 20px">${ESCAPED}</h1>`);
    expect(doc).to.not.include('<style');
  });
});

describe('html sources', () => {
  /** Every TypeScript source file below `dir`. */
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
  }

  it('build HTML only through html`` (no hand-called escaper, no raw insertion outside html.ts)', () => {
    const files = [...sources('activities'), ...sources('client')];
    expect(files.length).to.be.greaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).to.not.match(/escapeHtml|escape-html/);
      if (file !== join('activities', 'html', 'html.ts')) expect(text, file).to.not.match(/\.raw\b/);
    }
  });
});
