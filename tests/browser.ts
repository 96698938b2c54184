/**
 * A real browser for the dashboard tests: Debian's Chromium driven by playwright-core, headless,
 * WebGL in software (SwiftShader). Console errors and failed page loads are collected so a test
 * can assert there were none; screenshots go to test-results/screenshots/ for CI to keep.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Not helpers.ts's ROOT: that module registers vitest hooks, and the benchmark uses this one too.
export const SCREENSHOTS = resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

export interface Browser {
  context: BrowserContext;
  /**
   * A new page whose console errors and page errors land in `errors`, except those matching
   * `expected` (a refused token's 401 is the browser's report of a response the test wants).
   */
  page(options?: { expected?: RegExp }): Promise<Page>;
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'helpflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  const errors: string[] = [];
  return {
    context,
    errors,
    async page(options = {}) {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (options.expected?.test(message.text())) return;
        errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of the page (or of one element) as test-results/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string, selector?: string): Promise<Buffer> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  return selector ? page.locator(selector).screenshot({ path }) : page.screenshot({ path });
}

/** How many pixels of a PNG differ from white, and how many distinct colours they have. */
export function drawnPixels(png: Buffer): { drawn: number; total: number; colours: Set<string> } {
  const image = PNG.sync.read(png);
  let drawn = 0;
  const colours = new Set<string>();
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    if (r > 245 && g > 245 && b > 245) continue;
    drawn++;
    // Coarse buckets: anti-aliasing makes many near-identical shades.
    colours.add(`${r >> 4},${g >> 4},${b >> 4}`);
  }
  return { drawn, total: image.width * image.height, colours };
}

/** The pages of a PDF Chromium printed: one object of /Type /Page each (their tree is /Pages). */
export function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
