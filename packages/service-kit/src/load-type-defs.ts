import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentNode, parse } from 'graphql';

/** Reads every `.graphql` file under a folder (sorted), the schema-first source of a subgraph. */
export function loadTypeDefs(directory: string): DocumentNode[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.graphql')) files.push(path);
    }
  };
  walk(directory);
  return files.sort().map((file) => parse(readFileSync(file, 'utf8')));
}
