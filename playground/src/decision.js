// The decision: outcome, amount, reasons, missing facts, and the explanation as a rule tree built
// from the trace (`spår`), each rule a <details> that opens to its lagrum, values and children.
import { h, fill } from './dom.js';

const STATE_CLASS = {
  'beräknat': 'ok',
  'uppgift saknas': 'missing',
  'okänt värde': 'missing',
  'fel': 'error',
  'ej beräknat': 'idle',
};

function headline(node) {
  if (node.typ === 'gren') {
    const holds = node.villkoret_gäller === undefined ? '' : node.villkoret_gäller ? ' – villkoret gäller' : ' – villkoret gäller inte';
    return `gren: ${node.namn}${holds}`;
  }
  if (node.typ === 'beslut') return `beslut: ${node.namn}`;
  return `${node.typ} ${node.namn}`;
}

const asList = (x) => (Array.isArray(x) ? x : x ? [x] : []);

// The lines under a node's headline; each shown only when the node has it.
function details(node, onGoToLine) {
  const rows = [];
  const row = (label, ...value) => rows.push(h('div', { class: 'node-row' }, h('span', { class: 'node-label' }, label), h('span', {}, ...value)));
  for (const l of asList(node.lagrum)) row('lagrum', l);
  if (node.motivering) row('motivering', node.motivering);
  for (const s of asList(node.skäl)) row('skäl', s);
  if (node.version) row('version', node.version);
  if (node.källa) row('källa', node.källa);
  if (node.rad) row('tabellrad', node.rad);
  if (node.gäller !== undefined) row('undantaget', node.gäller ? 'gäller' : 'gäller inte', node.används ? ', värdet används' : '');
  if (node.tillstånd && node.tillstånd !== 'beräknat') row('tillstånd', node.tillstånd);
  const read = asList(node.läste);
  if (read.length) row('läste', read.map((r) => `${r.namn} = ${r.värde}`).join('; '));
  if (node.plats?.rad) {
    row('regeltext', h('button', { type: 'button', class: 'link', onclick: () => onGoToLine(node.plats.rad) }, `rad ${node.plats.rad}`));
  }
  return rows;
}

function treeNode(byId, id, onGoToLine, depth) {
  const node = byId.get(id);
  if (!node) return null;
  const value = node.värde !== undefined ? h('span', { class: 'node-value' }, ` = ${node.värde}`) : null;
  return h('details', { class: `node node-${node.typ}`, open: depth === 0, 'data-testid': 'spårnod', 'data-nod': id },
    h('summary', {},
      h('span', { class: `node-state state-${STATE_CLASS[node.tillstånd] ?? 'idle'}`, title: node.tillstånd ?? '' }),
      h('span', { class: 'node-head' }, headline(node)), value),
    h('div', { class: 'node-body' }, details(node, onGoToLine),
      asList(node.barn).map((child) => treeNode(byId, child, onGoToLine, depth + 1))));
}

export function renderTree(container, spår, onGoToLine) {
  if (!spår?.noder?.length) {
    fill(container, h('p', { class: 'hint' }, 'Beslutet har inget spår.'));
    return;
  }
  const byId = new Map(spår.noder.map((n) => [n.id, n]));
  fill(container, treeNode(byId, spår.rot ?? 0, onGoToLine, 0));
}

function missingFacts(beslut) {
  const facts = asList(beslut.saknade_uppgifter);
  if (!facts.length) return null;
  return h('section', { class: 'missing', 'data-testid': 'saknade-uppgifter' },
    h('h3', {}, 'Uppgifter som saknas'),
    h('ul', {}, facts.map((f) => h('li', {}, h('code', {}, f.uppgift),
      f.behövs_för?.length ? ` – behövs för ${f.behövs_för.join(', ')}` : ''))));
}

function unknownValues(beslut) {
  const values = asList(beslut.okända_värden);
  if (!values.length) return null;
  return h('section', { class: 'missing' },
    h('h3', {}, 'Värden som saknas i regelverket'),
    h('ul', {}, values.map((v) => h('li', {}, `${v.parameter} (${v.version}): ${v.skäl}`))));
}

// The whole answer of `beslut`.
export function renderDecision(container, answer, onGoToLine) {
  const beslut = answer.beslut ?? {};
  const utfall = beslut.utfall ?? 'inget beslut (körfel)';
  const tree = h('div', { class: 'tree', 'data-testid': 'spår' });
  renderTree(tree, beslut.spår, onGoToLine);
  fill(container,
    h('div', { class: `outcome outcome-${(beslut.utfall ?? 'fel').replace(/\s+/g, '-')}` },
      h('span', { class: 'outcome-label' }, 'Utfall'),
      h('strong', { 'data-testid': 'utfall' }, utfall),
      beslut.belopp && h('span', { class: 'amount', 'data-testid': 'belopp' }, beslut.belopp.text),
      beslut.beslutsdatum && h('span', { class: 'outcome-date' }, `beslutsdatum ${beslut.beslutsdatum}`)),
    beslut.fel && h('p', { class: 'error', role: 'alert' }, `${beslut.fel.kod}: ${beslut.fel.meddelande}`),
    asList(beslut.skäl).length > 0 && h('section', {}, h('h3', {}, 'Skäl'),
      h('ul', { 'data-testid': 'skäl' }, asList(beslut.skäl).map((s) => h('li', {}, s)))),
    missingFacts(beslut),
    unknownValues(beslut),
    answer.vad_skulle_ändra && h('section', { 'data-testid': 'vad-skulle-andra' },
      h('h3', {}, 'Vad skulle ändra beslutet'), h('pre', { class: 'prose' }, answer.vad_skulle_ändra)),
    h('section', {}, h('h3', {}, 'Motivering regel för regel'),
      h('p', { class: 'hint' }, 'Öppna en regel för att se dess lagrum, värden och de regler den bygger på.'), tree),
    answer.förklaring && h('details', { class: 'plain' },
      h('summary', {}, 'Hela förklaringen som text'), h('pre', { class: 'prose', 'data-testid': 'förklaring' }, answer.förklaring)));
}
