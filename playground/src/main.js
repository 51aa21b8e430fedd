// The playground page: wires the editor, the live check, the case form, the decision and the
// exempel report to the server's endpoints (see ../README.md).
import './app.css';
import * as api from './api.js';
import { h, fill } from './dom.js';
import { createEditor, setText, goToLine } from './editor.js';
import { checker, renderDiagnosticList } from './diagnostics.js';
import { setIndex } from './names.js';
import { CaseForm } from './caseform.js';
import { renderDecision } from './decision.js';
import { renderExamples } from './exempel.js';
import starter from './starter.regel';

const $ = (id) => document.getElementById(id);

const status = $('status');
const form = new CaseForm({ formEl: $('formular'), jsonEl: $('arende-json'), jsonErrorEl: $('json-fel') });
let cases = []; // the chosen ruleset's example cases
let checks = 0; // checks answered so far, shown as data-kontroll on the status line for tests

function setStatus(text, state) {
  status.textContent = text;
  status.dataset.state = state;
}

const view = createEditor($('editor'), {
  doc: starter,
  checker: checker({
    onPending: () => setStatus('Kontrollerar …', 'kontrollerar'),
    onResult: showCheck,
  }),
});
const toLine = (rad) => goToLine(view, rad);

function showCheck({ ok, data, diagnostics, view: checked, doc }) {
  // The names of the checked text, for the tooltips and F12 (also when it has errors).
  checked.dispatch({ effects: setIndex.of({ index: ok ? data.index : null, doc }) });
  status.dataset.kontroll = String(++checks);
  renderDiagnosticList($('diagnostik'), diagnostics, view);
  if (!ok) {
    setStatus(`Kontrollen misslyckades: ${api.errorLines(data).join(' ')}`, 'serverfel');
    return;
  }
  const examples = data.exempel ? ` · ${data.exempel} exempel` : '';
  setStatus(`${data.sammanfattning}${examples}`, data.fel > 0 ? 'fel' : 'ok');
  form.setSchema(data.indata);
}

// ---- Rulesets and their example cases ---------------------------------------------------------

async function loadRulesetList() {
  const res = await api.listRulesets();
  if (!res.ok) return setStatus(`Kunde inte hämta regelverken: ${api.errorLines(res.data).join(' ')}`, 'serverfel');
  const select = $('regelverk-val');
  for (const r of res.data.regelverk ?? []) select.append(h('option', { value: r.namn }, r.titel || r.namn));
}

async function loadRuleset(namn) {
  if (!namn) return;
  setStatus('Hämtar regelverket …', 'kontrollerar');
  const res = await api.getRuleset(namn);
  if (!res.ok) return setStatus(`Kunde inte hämta regelverket: ${api.errorLines(res.data).join(' ')}`, 'serverfel');
  setText(view, res.data.källkod ?? '');
  cases = res.data.ärenden ?? [];
  const select = $('arende-val');
  fill(select, h('option', { value: '' }, cases.length ? 'Välj ett ärende …' : 'Inga ärenden'),
    cases.map((c, i) => h('option', { value: String(i) }, c.namn)));
  select.disabled = cases.length === 0;
  // The last ruleset's case would only have fields this one does not know.
  form.setValue({});
  $('beslutsdatum').value = '';
  hideResults();
}

// A bundled case is either the input object itself or `{ id, datum, indata }` (docs/json.md).
function loadCase(index) {
  const c = cases[Number(index)];
  if (!c) return;
  const wrapped = c.ärende && typeof c.ärende.indata === 'object' && c.ärende.indata !== null;
  form.setValue(wrapped ? c.ärende.indata : c.ärende);
  $('beslutsdatum').value = wrapped && c.ärende.datum ? c.ärende.datum : '';
  form.markErrors([]);
}

// ---- Decide and run the exempel ---------------------------------------------------------------

function hideResults() {
  $('resultat').hidden = true;
  $('exempelrapport').hidden = true;
}

function show(sectionId) {
  hideResults();
  const section = $(sectionId);
  section.hidden = false;
  // Scroll only the case pane, to just below its sticky buttons (scrollIntoView would also move
  // the page and hide the section's heading under them).
  const pane = section.closest('.pane');
  pane.scrollTop = section.offsetTop - $('knappar').offsetHeight - 8;
  section.focus({ preventScroll: true });
}

// A 422: rules that do not compile (diagnostiker) or a case that was refused (fel with sökväg).
function renderRefusal(container, data, what) {
  const diagnostics = data.diagnostiker ?? [];
  fill(container,
    h('p', { class: 'error', role: 'alert', 'data-testid': 'vägran' },
      diagnostics.length ? `Regelverket har fel och kan inte ${what}. Rätta felen i regeltexten först.` : `Ärendet kunde inte ${what}.`),
    h('ul', { class: 'errors' }, api.errorLines(data).map((line) => h('li', {}, line))));
}

async function busy(label, work) {
  const buttons = [$('besluta'), $('kor-exempel')];
  buttons.forEach((b) => (b.disabled = true));
  $('arbetar').textContent = label;
  try {
    await work();
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    $('arbetar').textContent = '';
  }
}

async function decide() {
  await busy('Beslutar …', async () => {
    const res = await api.decide(view.state.doc.toString(), form.value, $('beslutsdatum').value || undefined);
    const out = $('resultat-innehall');
    if (res.ok) {
      form.markErrors([]);
      renderDecision(out, res.data, toLine);
    } else {
      form.markErrors(res.data.fel);
      renderRefusal(out, res.data, 'beslutas');
    }
    show('resultat');
  });
}

async function runExamples() {
  await busy('Kör exemplen …', async () => {
    const res = await api.runExamples(view.state.doc.toString());
    const out = $('exempel-innehall');
    if (res.ok) renderExamples(out, res.data, toLine);
    else renderRefusal(out, res.data, 'köras');
    show('exempelrapport');
  });
}

$('regelverk-val').addEventListener('change', (e) => loadRuleset(e.target.value));
$('arende-val').addEventListener('change', (e) => loadCase(e.target.value));
$('besluta').addEventListener('click', decide);
$('kor-exempel').addEventListener('click', runExamples);
$('tomt-arende').addEventListener('click', () => {
  form.setValue({});
  $('arende-val').value = '';
});
// Enter in a field must not submit (and reload) the page.
$('formular').addEventListener('submit', (e) => e.preventDefault());

loadRulesetList();
