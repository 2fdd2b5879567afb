import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package version, from package.json next to the sources (tsx) or above dist/ (built). */
export function packageVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'plangate' && manifest.version) return manifest.version;
  }
  return 'unknown';
}
