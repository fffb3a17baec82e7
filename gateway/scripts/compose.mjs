#!/usr/bin/env node
// Composes the five subgraphs' schemas into gateway/supergraph.graphql (Apollo Federation 2).
//
//   npm run compose                  write the supergraph (only when it changed)
//   npm run compose:check            write nothing; exit 1 when the committed file is stale or composition fails
//   node gateway/scripts/compose.mjs --root <dir> --out <file>
//                                    compose a fixture tree (<dir>/services/<name>/src/modules/**/*.graphql)
//   ... --allow-missing              skip a service that has no .graphql files yet, with a warning
//
// Each service's schema is the set of files services/<name>/src/modules/**/*.graphql, read in sorted
// order so the output is deterministic. Exactly one of them carries the federation `@link`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import composition from '@apollo/composition';
import { Kind, Source, parse } from 'graphql';

const { composeServices } = composition;

const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(gatewayDir, '..');

/** Subgraph name (as the gateway knows it) and the local port its URL points at. */
const services = [
  ['incident', 4001],
  ['problem', 4002],
  ['change', 4003],
  ['notification', 4004],
  ['analytics', 4005],
];

const header = [
  '# GENERATED FILE - do not edit.',
  '# Composed from services/*/src/modules/**/*.graphql by gateway/scripts/compose.mjs.',
  '# Regenerate with `npm run compose`; CI fails when it is stale (`npm run compose:check`).',
  '',
].join('\n');

const federationLinkPrefix = 'https://specs.apollo.dev/federation/';

function fail(lines) {
  for (const line of [].concat(lines)) console.error(line);
  process.exit(1);
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        check: { type: 'boolean', default: false },
        'allow-missing': { type: 'boolean', default: false },
        root: { type: 'string', default: repoRoot },
        out: { type: 'string' },
      },
      strict: true,
    });
    const root = path.resolve(values.root);
    return {
      check: values.check,
      allowMissing: values['allow-missing'],
      root,
      out: path.resolve(values.out ?? path.join(gatewayDir, 'supergraph.graphql')),
    };
  } catch (error) {
    return fail(`compose: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function graphqlFiles(modulesDir) {
  if (!existsSync(modulesDir)) return [];
  return readdirSync(modulesDir, { recursive: true, withFileTypes: false })
    .map((entry) => String(entry))
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** The `@link(url: "https://specs.apollo.dev/federation/...")` directives on schema definitions/extensions. */
function federationLinks(document) {
  return document.definitions
    .filter(
      (definition) => definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION,
    )
    .flatMap((definition) => definition.directives ?? [])
    .filter((directive) => directive.name.value === 'link')
    .filter((directive) =>
      directive.arguments?.some(
        (argument) =>
          argument.name.value === 'url' &&
          argument.value.kind === Kind.STRING &&
          argument.value.value.startsWith(federationLinkPrefix),
      ),
    );
}

function loadSubgraph(root, name, port, problems) {
  const serviceDir = path.join('services', name);
  const modulesDir = path.join(root, serviceDir, 'src', 'modules');
  const files = graphqlFiles(modulesDir);
  if (files.length === 0) return null;

  const definitions = [];
  let links = 0;
  for (const file of files) {
    const display = `${serviceDir}/src/modules/${file}`;
    try {
      const document = parse(new Source(readFileSync(path.join(modulesDir, file), 'utf8'), display));
      links += federationLinks(document).length;
      definitions.push(...document.definitions);
    } catch (error) {
      problems.push(`${display}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (links !== 1) {
    problems.push(
      `${serviceDir}: expected exactly one \`extend schema @link(url: "${federationLinkPrefix}v2.x", ...)\` ` +
        `across its .graphql files, found ${links}`,
    );
  }
  return { name, url: `http://127.0.0.1:${port}/graphql`, typeDefs: { kind: Kind.DOCUMENT, definitions } };
}

function compose({ root, allowMissing }) {
  const problems = [];
  const subgraphs = [];
  for (const [name, port] of services) {
    const subgraph = loadSubgraph(root, name, port, problems);
    if (subgraph) {
      subgraphs.push(subgraph);
    } else if (allowMissing) {
      console.warn(`compose: warning: services/${name}/src/modules has no .graphql files yet; skipped`);
    } else {
      problems.push(
        `services/${name}/src/modules: no .graphql files (every service must contribute a schema)`,
      );
    }
  }
  if (problems.length > 0)
    fail(['compose: cannot compose the supergraph:', ...problems.map((p) => `  - ${p}`)]);
  if (subgraphs.length === 0) fail('compose: no subgraph has a schema yet');

  const result = composeServices(subgraphs);
  if (result.errors && result.errors.length > 0) {
    fail([
      `compose: composition failed with ${result.errors.length} error(s):`,
      ...result.errors.map((error) => {
        const code = error.extensions?.code ? `[${String(error.extensions.code)}] ` : '';
        return `  - ${code}${error.message}`;
      }),
    ]);
  }
  for (const hint of result.hints ?? []) {
    console.warn(`compose: hint: [${hint.definition.code}] ${hint.message}`);
  }
  return { sdl: `${header}${result.supergraphSdl.trimEnd()}\n`, names: subgraphs.map((s) => s.name) };
}

const opts = options();
const { sdl, names } = compose(opts);
const relativeOut = path.relative(process.cwd(), opts.out) || opts.out;
const current = existsSync(opts.out) ? readFileSync(opts.out, 'utf8') : null;

if (opts.check) {
  if (current !== sdl) {
    fail(
      current === null
        ? `compose: ${relativeOut} is missing; run \`npm run compose\` and commit it`
        : `compose: ${relativeOut} is stale (it differs from the composed schemas); run \`npm run compose\` and commit it`,
    );
  }
  console.log(`compose: ${relativeOut} is up to date (${names.join(', ')})`);
} else if (current === sdl) {
  console.log(`compose: ${relativeOut} is up to date (${names.join(', ')})`);
} else {
  writeFileSync(opts.out, sdl);
  console.log(`compose: wrote ${relativeOut} (${names.join(', ')})`);
}
