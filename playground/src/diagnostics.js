// Live diagnostics: the editor's text is checked by the server (`kontroll`) a moment after the
// user stops typing, shown as underlined spans in the editor and as a list under it.
import { linter, forEachDiagnostic } from '@codemirror/lint';
import { EditorSelection } from '@codemirror/state';
import * as api from './api.js';
import { h, fill } from './dom.js';

const DELAY_MS = 300;

// Converts the server's 1-based line and column (counted in Unicode code points) to an offset in
// the editor, which counts UTF-16 units; positions past the end are clamped.
export function offsetOf(doc, pos) {
  if (!pos) return 0;
  const lineNo = Math.min(Math.max(pos.rad, 1), doc.lines);
  const line = doc.line(lineNo);
  let offset = 0;
  let column = 1;
  for (const ch of line.text) {
    if (column >= pos.kolumn) break;
    offset += ch.length;
    column += 1;
  }
  return line.from + offset;
}

function replaceAction(replacement) {
  return {
    name: `Ersätt med '${replacement}'`,
    apply(view, from, to) {
      view.dispatch({ changes: { from, to, insert: replacement }, selection: { anchor: from + replacement.length } });
    },
  };
}

// The server's diagnostic as CodeMirror's, message prefixed with its code.
export function toEditorDiagnostic(doc, d) {
  const from = offsetOf(doc, d.från);
  const to = Math.max(from, offsetOf(doc, d.till));
  const message = `${d.kod}: ${d.meddelande}`;
  return {
    from,
    to,
    severity: d.allvarlighet === 'fel' ? 'error' : 'warning',
    source: d.kod,
    message: d.tips ? `${message}\nTips: ${d.tips}` : message,
    renderMessage: () => h('div', { class: 'lint-message' }, h('div', {}, message), d.tips && h('div', { class: 'lint-tips' }, `Tips: ${d.tips}`)),
    actions: d.förslag ? [replaceAction(d.förslag)] : [],
  };
}

// The linter extension. `onResult` hears about every answer (also failures) that is still about
// the current text: { ok, data, diagnostics: [{ server, editor }], view, doc } (doc: the text that
// was checked); `onPending` that a check began.
export function checker({ onPending, onResult }) {
  let seq = 0;
  return linter(
    async (view) => {
      const mine = ++seq;
      const doc = view.state.doc;
      onPending();
      const res = await api.check(doc.toString());
      const diagnostics = (res.data.diagnostiker ?? []).map((d) => ({ server: d, editor: toEditorDiagnostic(doc, d) }));
      // An answer overtaken by a later check is not reported (CodeMirror itself drops an answer
      // about a text that has changed since).
      if (mine === seq) onResult({ ok: res.ok, data: res.data, diagnostics, view, doc });
      return diagnostics.map((d) => d.editor);
    },
    { delay: DELAY_MS },
  );
}

// Where a diagnostic is now: the editor maps its span through the edits made since the check.
function currentRange(view, diagnostic) {
  let range = null;
  forEachDiagnostic(view.state, (d, from, to) => {
    if (d === diagnostic) range = { from, to };
  });
  return range;
}

function goTo(view, diagnostic) {
  const range = currentRange(view, diagnostic);
  if (!range) return;
  view.dispatch({ selection: EditorSelection.range(range.from, range.to), scrollIntoView: true });
  view.focus();
}

// The list under the editor: one item per diagnostic, with a button to go there and, when the
// server has a suggestion, the same quick fix as in the editor.
export function renderDiagnosticList(container, diagnostics, view) {
  if (diagnostics.length === 0) {
    fill(container, h('li', { class: 'diag-none' }, 'Inga fel eller varningar.'));
    return;
  }
  fill(container, diagnostics.map(({ server: d, editor }, i) => {
    const fix = editor.actions[0];
    return h('li', { class: `diag diag-${d.allvarlighet}`, 'data-testid': 'diagnostik', 'data-kod': d.kod, 'data-rad': d.från?.rad },
      h('button', { type: 'button', class: 'diag-where', onclick: () => goTo(view, editor), title: 'Visa i regeltexten' },
        `rad ${d.från?.rad}, kolumn ${d.från?.kolumn}`),
      h('span', { class: 'diag-kind' }, d.allvarlighet === 'fel' ? 'fel' : 'varning'),
      h('span', { class: 'diag-text' }, `${d.kod}: ${d.meddelande}`),
      d.tips && h('span', { class: 'diag-tips' }, `Tips: ${d.tips}`),
      fix && h('button', {
        type: 'button', class: 'diag-fix', 'data-testid': `snabbfix-${i}`,
        onclick: () => {
          const range = currentRange(view, editor);
          if (range) fix.apply(view, range.from, range.to);
        },
      }, fix.name));
  }));
}
