/**
 * Issue 14, item 4: the services the routes share are fastify plugins, each naming the plugins
 * it depends on. Each starts on a bare fastify with only what it declares (so the declarations
 * are complete), and fastify refuses one whose dependency is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import auth from '../server/plugins/auth.ts';
import docs from '../server/plugins/docs.ts';
import groupFilters from '../server/plugins/group-filters.ts';
import sso from '../server/plugins/sso.ts';
import analytics from '../server/services/analytics.ts';
import audit from '../server/services/audit.ts';
import caches from '../server/services/caches.ts';
import imports from '../server/services/imports.ts';
import settings, { DEFAULT_API_CONFIG } from '../server/services/settings.ts';
import tokens from '../server/services/tokens.ts';
import viewers from '../server/services/viewers.ts';
import { Store } from '../server/store/database.ts';

/** A plugin made with fastify-plugin, whatever its options. */
type Plugin = object;
const meta = (plugin: Plugin) =>
  (plugin as unknown as Record<symbol, { name: string; dependencies?: string[] }>)[
    Symbol.for('plugin-meta')
  ]!;

/** Each plugin and what it decorates the app with. */
const PLUGINS: [Plugin, string[]][] = [
  [settings, ['store', 'config']],
  [caches, ['caches']],
  [tokens, ['tokens']],
  [audit, ['audit']],
  [viewers, ['viewers']],
  [analytics, ['analytics']],
  [imports, ['imports']],
  [docs, []],
  [sso, []],
  [auth, []],
  [groupFilters, []],
];
const BY_NAME = new Map(PLUGINS.map(([plugin]) => [meta(plugin).name, plugin]));

/** `plugin` after the plugins it declares, theirs first. */
function withDependencies(plugin: Plugin, into: Plugin[] = []): Plugin[] {
  for (const name of meta(plugin).dependencies ?? []) {
    const dependency = BY_NAME.get(name);
    if (!dependency) throw new Error(`${meta(plugin).name} names an unknown plugin ${name}`);
    withDependencies(dependency, into);
  }
  if (!into.includes(plugin)) into.push(plugin);
  return into;
}

describe('service plugins', () => {
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpflow-plugins-'));
    store = await Store.open(join(dir, 'helpflow.duckdb'));
  });
  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(plugins: Plugin[]) {
    const app = Fastify();
    for (const plugin of plugins) {
      const options = plugin === settings ? { store, config: DEFAULT_API_CONFIG } : {};
      await app.register(plugin as FastifyPluginAsync<object>, options);
    }
    await app.ready();
    return app;
  }

  for (const [plugin, decorations] of PLUGINS) {
    const { name, dependencies = [] } = meta(plugin);
    it(`${name} starts with only what it declares (${dependencies.join(', ') || 'nothing'})`, async () => {
      const app = await start(withDependencies(plugin));
      try {
        for (const decoration of decorations) expect(app.hasDecorator(decoration)).toBe(true);
      } finally {
        await app.close();
      }
    });
    if (dependencies.length > 0) {
      it(`${name} is refused without ${dependencies.at(-1)}`, async () => {
        const missing = BY_NAME.get(dependencies.at(-1)!)!;
        const plugins = withDependencies(plugin).filter((p) => p !== missing);
        await expect(start(plugins)).rejects.toThrow(dependencies.at(-1)!);
      });
    }
  }
});
