import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file under `dir`, recursively, as paths relative to it (`/`-separated), sorted; none when it does not exist.
 * A symbolic link counts as what it points to (a linked directory is walked); only links are stat'ed, the other
 * entries' types come with the listing (20,000 stats were 1 % of a lint of 10,000 apps).
 */
export function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      const isDirectory = entry.isSymbolicLink() ? statSync(full).isDirectory() : entry.isDirectory();
      return isDirectory ? filesUnder(full, `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`];
    });
}
