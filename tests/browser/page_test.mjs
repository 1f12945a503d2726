// page_test.mjs - quoth serve's page in Debian's headless Chromium.
//
//   SHARED=../shared node tests/browser/page_test.mjs URL SHOT_DIR
//
// URL is a server with a store that holds the seed article. Pastes
// $SHARED/examples/simmons-lumet.txt, checks the highlighted quotations,
// their details on hover and on keyboard focus, the legend, escaping, the
// search tab and a phone-sized screen, and saves SHOT_DIR/serve-page.png,
// serve-search.png and serve-page-phone.png. Prints `ok - NAME` or
// `FAIL - NAME: why` per check and last `N passed, N failed`; exits 1 on a
// failure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, shotDir] = process.argv.slice(2);
const shared = process.env.SHARED || '../shared';
const article = readFileSync(join(shared, 'examples', 'simmons-lumet.txt'), 'utf8');

let passed = 0;
let failed = 0;
function check(name, cond, why = '') {
  if (cond) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`FAIL - ${name}: ${why}`);
  }
}

// Everything the page says on its console is a failure: a script error,
// or a resource the Content-Security-Policy blocked.
function watchConsole(page, problems) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
}

async function paste(page, text) {
  await page.fill('#article', text);
  await page.click('#extract-button');
  await page.waitForFunction(() => {
    const s = document.getElementById('extract-status').textContent;
    return /quotation|Could not/.test(s);
  });
}

// The values of data-NAME of the quotation marks, in page order.
function markData(page, name, selector = '#rendered mark.q') {
  return page.$$eval(selector, (ms, n) => ms.map((m) => m.dataset[n]), name);
}

async function testArticle(page) {
  await page.goto(url);
  check('page title', (await page.title()).startsWith('quoth'));
  await paste(page, article);
  const marks = page.locator('#rendered mark.q');
  const count = await marks.count();
  const distinct = new Set(await markData(page, 'quote')).size;
  check('11 highlighted quotations', count === 11 && distinct === 11,
    `${count} marks, ${distinct} quotes`);
  const both = (names) => names.includes('Russell Simmons') && names.includes('Jenny Lumet');
  const speakers = await markData(page, 'speaker');
  check('speakers Russell Simmons and Jenny Lumet', both(speakers), JSON.stringify(speakers));
  const texts = (selector) => page.$$eval(selector, (ns) => ns.map((n) => n.textContent));
  const legend = await texts('#legend-list .legend-name');
  check('legend lists both speakers', both(legend), JSON.stringify(legend));
  const counts = await texts('#legend-list .legend-count');
  check('legend counts add up to 11', counts.reduce((a, c) => a + parseInt(c, 10), 0) === 11,
    JSON.stringify(counts));
  const colours = await page.$$eval('#rendered mark.q', (ms) => {
    const by = {};
    for (const m of ms) by[m.dataset.speaker] = getComputedStyle(m).borderBottomColor;
    return by;
  });
  check('each speaker has a colour of their own',
    colours['Russell Simmons'] && colours['Russell Simmons'] !== colours['Jenny Lumet'],
    JSON.stringify(colours));
  const text = await page.$eval('#rendered', (r) => r.textContent);
  check('the article is shown as pasted', text === article.replace(/\r\n?/g, '\n'));

  await marks.nth(3).hover();
  const tip = page.locator('#tip');
  const hovered = await tip.textContent();
  check('hover shows speaker, cue, kind and confidence',
    await tip.isVisible() && /Jenny Lumet/.test(hovered) && /cue/.test(hovered) &&
    /kind/.test(hovered) && /confidence\s*\d+%/.test(hovered), hovered);
  // The picture of record: the article, the legend and one quote's details.
  await page.screenshot({ path: join(shotDir, 'serve-page.png'), fullPage: true });
  await page.mouse.move(0, 0);
}

async function testKeyboard(page) {
  await page.focus('#extract-button');
  let onMark = false;
  for (let i = 0; i < 10 && !onMark; i++) {
    await page.keyboard.press('Tab');
    onMark = await page.evaluate(() => document.activeElement.matches('mark.q'));
  }
  const tipText = await page.locator('#tip').textContent();
  const speaker = await page.evaluate(() => document.activeElement.dataset.speaker);
  check('Tab reaches a quotation and shows its details',
    onMark && await page.locator('#tip').isVisible() && tipText.includes(speaker), tipText);
  const described = await page.evaluate(() => {
    const id = document.activeElement.getAttribute('aria-describedby');
    return id && document.getElementById(id).textContent;
  });
  check('a focused quotation is described for screen readers',
    /Said by .+; kind/.test(described || ''), described);
  await page.keyboard.press('Escape');
  check('Escape hides the details', !(await page.locator('#tip').isVisible()));

  const jenny = page.locator('#legend-list button', { hasText: 'Jenny Lumet' });
  await jenny.focus();
  await page.keyboard.press('Enter');
  const chosen = await markData(page, 'speaker', '#rendered mark.q.chosen');
  check('a legend button picks out one speaker',
    chosen.length > 0 && chosen.every((s) => s === 'Jenny Lumet') &&
    (await jenny.getAttribute('aria-pressed')) === 'true', JSON.stringify(chosen));
  await page.keyboard.press('Enter');

  await page.focus('#article');
  await page.fill('#article', '"Short," she said.');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.querySelectorAll('#rendered mark.q').length === 1);
  check('Ctrl+Enter in the text area submits', true);
}

async function testEscaping(page) {
  const evil = '"<img src=x onerror=window.pwned=1><b>bold</b>," she said.\n' +
    'The <script>window.pwned=2</script> mayor said that "<i>it</i>" was fine.';
  await paste(page, evil);
  const tags = await page.$$eval('#rendered :is(img, b, i, script)', (e) => e.length);
  const shown = await page.$eval('#rendered', (r) => r.textContent);
  const pwned = await page.evaluate(() => window.pwned);
  check('article text is escaped, never markup',
    tags === 0 && shown === evil && pwned === undefined, `${tags} tags, pwned=${pwned}`);
  const marks = await page.$$eval('#rendered mark.q', (ms) => ms.map((m) => m.textContent));
  check('quotations with markup in them are still highlighted',
    marks.some((t) => t.includes('<b>bold</b>')), JSON.stringify(marks));
}

async function testSearch(page) {
  await page.focus('#tab-article');
  await page.keyboard.press('ArrowRight');
  check('ArrowRight moves to the search tab',
    (await page.getAttribute('#tab-search', 'aria-selected')) === 'true' &&
    await page.locator('#panel-search').isVisible() &&
    !(await page.locator('#panel-article').isVisible()));
  await page.waitForSelector('#top-speakers li button');
  const top = await page.$$eval('#top-speakers button', (bs) => bs.map((b) => b.textContent));
  check('search tab lists the most quoted speakers', top[0] === 'Russell Simmons',
    JSON.stringify(top));
  await page.fill('#q', 'step aside');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => /found|Nothing/.test(document.getElementById('search-status').textContent));
  const results = await page.$$eval('#results li', (ls) => ls.map((l) => l.textContent));
  const hits = await page.$$eval('#results blockquote mark', (ms) => ms.map((m) => m.textContent));
  check('search finds the quotation, matches marked',
    results.length >= 1 && results[0].includes('Russell Simmons') && hits.includes('step'),
    JSON.stringify(results).slice(0, 300));
  await page.screenshot({ path: join(shotDir, 'serve-search.png') });
}

async function testPhone(browserContext) {
  const page = await browserContext.newPage();
  const problems = [];
  watchConsole(page, problems);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  await paste(page, article);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth);
  check('phone-sized screen: no sideways scrolling', overflow <= 0, `${overflow}px too wide`);
  const small = await page.$$eval('button', (bs) => bs.filter(
    (b) => b.offsetParent && b.getBoundingClientRect().height < 36).length);
  check('phone-sized screen: buttons big enough to tap', small === 0, `${small} small buttons`);
  await page.locator('#rendered mark.q').nth(2).tap();
  check('phone-sized screen: a tap shows the details', await page.locator('#tip').isVisible());
  await page.screenshot({ path: join(shotDir, 'serve-page-phone.png'), fullPage: false });
  check('phone page: nothing on the console', problems.length === 0, problems.join('; '));
  await page.close();
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'quoth-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      hasTouch: true,
      // Tall enough for the whole result: a full-page screenshot of a
      // longer page resizes the window, and a resize hides the details.
      viewport: { width: 1280, height: 1440 },
      timeout: 30000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context.setDefaultTimeout(10000);
    const page = await context.newPage();
    const problems = [];
    watchConsole(page, problems);
    await testArticle(page);
    await testKeyboard(page);
    await testEscaping(page);
    await testSearch(page);
    check('nothing on the console', problems.length === 0, problems.join('; '));
    await testPhone(context);
  } catch (e) {
    check('the browser test ran to the end', false, e.stack || String(e));
  } finally {
    if (context) await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
