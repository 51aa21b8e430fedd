// End-to-end test of the playground in Debian's Chromium, driven as a person would: pick the
// försörjningsstöd ruleset, break a name and fix it with the quick fix, see what a name is and go
// to its declaration, load and edit a case, decide it, open the rule tree and run the exempel.
// Each step asserts and saves NN-name.png.
//
// Usage: node e2e/lekplats.mjs BASE_URL SCREENSHOT_DIR
// Exit code 0 only when every assertion held; otherwise one line says which step failed and why.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const [baseArg, shotDir] = process.argv.slice(2);
if (!baseArg || !shotDir) {
  console.error('usage: node e2e/lekplats.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const base = baseArg.replace(/\/$/, '');
const RULESET = 'forsorjningsstod';
const CASE = '2023-0001';
const WAIT = 20_000;
const TOTAL = 60_000;

// These flags keep Chromium from reaching for the network, which this machine does not have.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=sv-SE'];

class Failure extends Error {}
function check(condition, reason) {
  if (!condition) throw new Failure(reason);
}

const tid = (id) => `[data-testid="${id}"]`;

// Waits for the next answer of the live check after `before` answers, and returns the state.
async function nextCheck(page, before) {
  await page.waitForFunction((n) => {
    const s = document.querySelector('[data-testid="status"]');
    return Number(s.dataset.kontroll ?? 0) > n && s.dataset.state !== 'kontrollerar';
  }, before, { timeout: WAIT });
  return page.locator(tid('status')).getAttribute('data-state');
}
const checksSoFar = async (page) => Number((await page.locator(tid('status')).getAttribute('data-kontroll')) ?? 0);

// The line of the ruleset with the name we break, found in the source the server serves.
async function target() {
  const res = await fetch(`${base}/v1/lekplats/regelverk/${RULESET}`).catch((e) => {
    throw new Failure(`kunde inte nå ${base} (${e.cause?.code ?? e.message})`);
  });
  check(res.ok, `GET /v1/lekplats/regelverk/${RULESET} svarade ${res.status}`);
  const lines = (await res.json()).källkod.split('\n');
  const needle = 'högsta_boendekostnad(antal_vuxna';
  const index = lines.findIndex((l) => l.includes(needle));
  check(index >= 0, `regelverket saknar '${needle}'`);
  const declared = lines.findIndex((l) => l.startsWith('värde antal_vuxna'));
  check(declared >= 0, 'regelverket deklarerar inte antal_vuxna');
  return { needle, rad: index + 1, broken: lines[index].replace('antal_vuxna', 'antal_vuxan'), original: lines[index],
    declaredAt: declared + 1 };
}

const steps = [
  ['01-sidan', async (page) => {
    await page.goto(`${base}/`);
    await page.locator('.cm-content').waitFor({ timeout: WAIT });
    const state = await nextCheck(page, 0);
    check(state === 'ok', `startreglerna kontrollerades inte utan fel (status: ${state})`);
    const options = await page.locator(`${tid('regelverk-val')} option`).count();
    check(options > 1, 'listan över regelverk är tom');
  }],

  ['02-regelverk', async (page) => {
    const before = await checksSoFar(page);
    await page.selectOption(tid('regelverk-val'), RULESET);
    await page.locator('.cm-content', { hasText: 'regelverk Försörjningsstöd' }).waitFor({ timeout: WAIT });
    const state = await nextCheck(page, before);
    check(state === 'ok', `försörjningsstöd kontrollerades inte utan fel (status: ${state})`);
    await page.locator(tid('fält-månad')).waitFor({ timeout: WAIT });
  }],

  ['03-fel', async (page, t) => {
    // Find the name with the editor's search, put the cursor after it and misspell it.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+f');
    const search = page.locator('.cm-search input[name="search"]');
    await search.pressSequentially(t.needle);
    await search.press('Enter');
    await search.press('Escape');
    const before = await checksSoFar(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('an');
    const state = await nextCheck(page, before);
    check(state === 'fel', `felet gav ingen diagnostik (status: ${state})`);
    const item = page.locator(`${tid('diagnostik')}[data-kod="R0101"]`);
    check(await item.count() === 1, 'listan visar inte R0101');
    check(await item.getAttribute('data-rad') === String(t.rad), `R0101 står på rad ${await item.getAttribute('data-rad')}, inte ${t.rad}`);
    const mark = page.locator('.cm-lintRange-error');
    await mark.first().waitFor({ timeout: WAIT });
    check(await mark.first().innerText() === 'antal_vuxan', `understruket är '${await mark.first().innerText()}', inte 'antal_vuxan'`);
    const line = await mark.first().evaluate((el) => el.closest('.cm-line').textContent);
    check(line === t.broken, `understrykningen står på fel rad: '${line}'`);
    await mark.first().hover();
    const tooltip = page.locator('.cm-tooltip-lint');
    await tooltip.waitFor({ timeout: WAIT });
    check((await tooltip.innerText()).includes('R0101: okänt namn'), 'verktygstipset saknar koden och meddelandet');
  }],

  ['04-snabbfix', async (page, t) => {
    const before = await checksSoFar(page);
    const fix = page.locator('.cm-tooltip-lint .cm-diagnosticAction', { hasText: "Ersätt med 'antal_vuxna'" });
    check(await fix.count() === 1, "snabbfixen \"Ersätt med 'antal_vuxna'\" saknas");
    await fix.click();
    const state = await nextCheck(page, before);
    check(state === 'ok', `felet finns kvar efter snabbfixen (status: ${state})`);
    check(await page.locator('.cm-lintRange-error').count() === 0, 'understrykningen finns kvar');
    check(await page.locator(tid('diagnostik')).count() === 0, 'listan visar fortfarande diagnostik');
    const text = await page.locator('.cm-line', { hasText: t.needle }).first().textContent();
    check(text === t.original, `raden blev '${text}'`);
    await page.mouse.move(900, 700); // away from the tooltip, for the screenshot
  }],

  ['05-namn', async (page, t) => {
    // Over the name the quick fix wrote: what it is; then F12 goes to where it is declared.
    // The middle of the name on screen: a DOM range over its characters in the line's text nodes.
    const where = await page.evaluate(({ line, name }) => {
      const el = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === line);
      if (!el) return null;
      let offset = line.indexOf(name) + 2;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset < node.length) {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          const r = range.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }
        offset -= node.length;
      }
      return null;
    }, { line: t.original, name: 'antal_vuxna' });
    check(where !== null, 'raden med antal_vuxna syns inte i redigeraren');
    await page.mouse.move(where.x, where.y);
    const tip = page.locator(`.cm-tooltip-hover ${tid('namntips')}`);
    await tip.waitFor({ timeout: WAIT });
    const text = await tip.innerText();
    check(text.includes('definition') && text.includes('antal_vuxna') && text.includes(': heltal'),
      `verktygstipset över antal_vuxna säger '${text}'`);
    check(text.includes(`Deklarerad på rad ${t.declaredAt}`), `verktygstipset anger inte deklarationens rad: '${text}'`);
    await page.screenshot({ path: path.join(shotDir, '05-namn-tips.png') });
    await page.mouse.click(where.x, where.y);  // the cursor into the name
    await page.keyboard.press('F12');
    const active = await page.locator('.cm-activeLine').first().textContent();
    check(active.startsWith('värde antal_vuxna'), `F12 gick till '${active}', inte till deklarationen`);
    // The name at the cursor is marked where it is declared and where it is used.
    check(await page.locator('.cm-name-declaration').count() === 1, 'deklarationen är inte markerad');
    const uses = await page.locator('.cm-name-use').allTextContents();
    check(uses.length >= 2 && uses.every((u) => u === 'antal_vuxna'), `användningarna som markeras: ${JSON.stringify(uses)}`);
    await page.mouse.move(900, 700);
  }],

  ['06-arende', async (page) => {
    await page.selectOption(tid('arende-val'), { label: CASE });
    check(await page.inputValue(tid('fält-månad')) === '2023-02', 'ärendets månad fylldes inte i');
    check(await page.inputValue(tid('fält-vuxna[0].ålder')) === '34', 'den vuxnas ålder fylldes inte i');
    // The form writes the JSON view, and the JSON view writes the form.
    // An amount typed with a group space ("4 150") is sent as the number 4150.
    await page.locator(tid('fält-boendekostnad')).fill('4 150');
    await page.locator('.json-view summary').click();
    const json = JSON.parse(await page.inputValue(tid('arende-json')));
    check(json.boendekostnad === 4150, `JSON-vyn visar boendekostnad = ${JSON.stringify(json.boendekostnad)}`);
    json.hemförsäkring = 115;
    await page.locator(tid('arende-json')).fill(JSON.stringify(json, null, 2));
    check(await page.inputValue(tid('fält-hemförsäkring')) === '115', 'formuläret följde inte JSON-vyn');
  }],

  ['07-beslut', async (page) => {
    await page.click(tid('besluta'));
    const outcome = page.locator(tid('utfall'));
    await outcome.waitFor({ timeout: WAIT });
    check(await outcome.innerText() === 'bifall', `utfallet blev '${await outcome.innerText()}', inte bifall`);
    check(/\d kr$/.test(await page.locator(tid('belopp')).innerText()), 'beloppet saknas');
    check(await page.locator(`${tid('skäl')} li`).count() > 0, 'skälen saknas');
  }],

  ['08-spar', async (page) => {
    const root = page.locator(`${tid('spår')} > details`);
    check(await root.getAttribute('open') !== null, 'trädets rot är inte öppen');
    const child = root.locator(':scope > .node-body > details').first();
    check(await child.count() === 1, 'trädet har inga grenar');
    await child.locator(':scope > summary').click();
    check(await child.getAttribute('open') !== null, 'grenen öppnades inte');
    const grandchild = child.locator(':scope > .node-body > details').first();
    await grandchild.locator(':scope > summary').click();
    const rows = await grandchild.locator(':scope > .node-body > .node-row').allInnerTexts();
    check(rows.some((r) => r.startsWith('lagrum')), 'regeln visar inget lagrum');
    await grandchild.scrollIntoViewIfNeeded();
  }],

  ['09-exempel', async (page) => {
    await page.click(tid('kor-exempel'));
    const summary = page.locator(tid('exempel-summering'));
    await summary.waitFor({ timeout: WAIT });
    const passed = Number(await summary.getAttribute('data-godkanda'));
    const failed = Number(await summary.getAttribute('data-underkanda'));
    check(failed === 0, `${failed} exempel stämmer inte`);
    check(passed > 0, 'inga exempel kördes');
    check(await page.locator(`${tid('exempel')}[data-godkand="ja"]`).count() === passed, 'listan stämmer inte med summeringen');
    check(await page.locator(tid('täckning')).count() === 1, 'täckningen visas inte');
  }],
];

async function main() {
  await mkdir(shotDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const timer = setTimeout(() => {
    console.error(`FEL: testet tog över ${TOTAL / 1000} s`);
    process.exit(1);
  }, TOTAL);
  const errors = [];
  let current = 'start';
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' });
  try {
    page.on('pageerror', (e) => errors.push(e.message));
    const t = await target();
    for (const [name, step] of steps) {
      current = name;
      await step(page, t);
      check(errors.length === 0, `fel i sidans skript: ${errors[0]}`);
      await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
      console.log(`ok ${name}`);
    }
    console.log(`lekplats e2e: alla ${steps.length} steg gick igenom`);
  } catch (e) {
    const reason = e instanceof Failure ? e.message : e.message.split('\n')[0];
    console.error(`FEL i steg ${current}: ${reason}`);
    process.exitCode = 1;
    await page.screenshot({ path: path.join(shotDir, `${current}-fel.png`) }).catch(() => {});
  } finally {
    clearTimeout(timer);
    await browser.close();
  }
}

main();
