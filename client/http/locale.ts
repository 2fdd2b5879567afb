// The page language: `?lang=de|en` (email links carry the recipient's locale), else the browser's
// Accept-Language, else English.
import type { Locale } from '../../activities/pricing/types.js';

const supported: readonly Locale[] = ['de', 'en'];

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supported as readonly string[]).includes(value);
}

/** `de-CH;q=0.8, en;q=0.9` -> 'en': the supported language with the highest weight. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of header.slice(0, 500).split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const language = range.trim().toLowerCase().split('-')[0];
    if (!isLocale(language)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: language, q };
  }
  return best?.locale;
}

export function pickLocale(query: unknown, acceptLanguage: string | undefined): Locale {
  const lang = query && typeof query === 'object' ? (query as Record<string, unknown>).lang : undefined;
  if (isLocale(lang)) return lang;
  return fromAcceptLanguage(acceptLanguage) ?? 'en';
}
