// What a name is and where it is declared: a tooltip over every name of the rules (its kind, type,
// lagrum and comment), "go to definition" with F12 or Ctrl/Cmd+click, and the name under the
// cursor marked with all its uses. They read the semantic index that the server sends with each
// check (schema regel-index/1, docs/json.md).
import { StateEffect, StateField, EditorSelection } from '@codemirror/state';
import { Decoration, EditorView, hoverTooltip, keymap } from '@codemirror/view';
import { offsetOf } from './diagnostics.js';
import { h } from './dom.js';

// Sets the index of a checked text: { index, doc } (doc: the text the check was about).
export const setIndex = StateEffect.define();

// The index with every name's and reference's place as editor offsets. It describes one text
// only: after an edit it is not used until the next check answers.
const indexField = StateField.define({
  create: () => null,
  update(value, tr) {
    for (const e of tr.effects) {
      if (e.is(setIndex)) return e.value.index ? located(e.value.index, e.value.doc) : null;
    }
    return value;
  },
});

function located(index, doc) {
  const span = (e) => ({
    from: offsetOf(doc, { rad: e.rad, kolumn: e.kolumn }),
    to: offsetOf(doc, { rad: e.slutrad, kolumn: e.slutkolumn }),
  });
  const names = index.namn.map((n) => ({ ...span(n), name: n }));
  const uses = index.referenser.map((r) => ({ ...span(r), target: names[r.namn] })).filter((r) => r.target);
  return { doc, names, uses };
}

// The name used or declared at `pos` (`atEnd`: also just after it, where the cursor is after typing
// a name): { from, to, declaration } or null.
function nameAt(state, pos, atEnd) {
  const index = state.field(indexField, false);
  if (!index || index.doc !== state.doc) return null;
  const covers = (s) => s.from <= pos && (pos < s.to || (atEnd && pos === s.to));
  const use = index.uses.find(covers);
  if (use) return { from: use.from, to: use.to, declaration: use.target };
  const name = index.names.find(covers);
  return name ? { from: name.from, to: name.to, declaration: name } : null;
}

// What the name is, in words: "fält i Vuxen", "argument till norm", "värde i uppräkningen Boende".
function kindWords(n) {
  switch (n.art) {
    case 'fält': return `fält i ${n.i}`;
    case 'argument': return `argument till ${n.i}`;
    case 'uppräkningsvärde': return `värde i uppräkningen ${n.i}`;
    case 'lokal': return 'lokalt namn';
    case 'undantag': return `undantag i ${n.i}`;
    default: return n.art;
  }
}

function tooltipContent(found, isUse, doc) {
  const n = found.declaration.name;
  const line = doc.lineAt(found.declaration.from).number;
  return h('div', { class: 'name-tip', 'data-testid': 'namntips' },
    h('div', { class: 'name-head' },
      h('span', { class: 'name-kind' }, `${kindWords(n)} `),
      h('strong', {}, n.namn),
      n.typ && h('span', { class: 'name-type' }, `: ${n.typ}`)),
    (n.lagrum ?? []).map((l) => h('div', { class: 'name-lagrum' }, l)),
    n.kommentar && h('div', { class: 'name-comment' }, n.kommentar),
    isUse && h('div', { class: 'name-where' }, `Deklarerad på rad ${line}. F12 eller Ctrl+klick går dit.`));
}

const nameTooltip = hoverTooltip((view, pos) => {
  const found = nameAt(view.state, pos, false);
  if (!found) return null;
  const isUse = found.from !== found.declaration.from;
  return { pos: found.from, end: found.to, above: true, create: () => ({ dom: tooltipContent(found, isUse, view.state.doc) }) };
});

// Selects the declaration of the name at `pos`; false when there is none.
function goToDeclaration(view, pos) {
  const found = nameAt(view.state, pos, true);
  if (!found) return false;
  const { from, to } = found.declaration;
  view.dispatch({ selection: EditorSelection.range(from, to), effects: EditorView.scrollIntoView(from, { y: 'center' }) });
  view.focus();
  return true;
}

// The declaration and every use of the name at the cursor: the same name, as the checker resolved
// it (two locals both called `v` are two names), not the same word.
const declarationMark = Decoration.mark({ class: 'cm-name-declaration' });
const useMark = Decoration.mark({ class: 'cm-name-use' });

function marksAt(state) {
  const found = nameAt(state, state.selection.main.head, true);
  if (!found) return Decoration.none;
  const target = found.declaration;
  const uses = state.field(indexField).uses.filter((u) => u.target === target);
  return Decoration.set([declarationMark.range(target.from, target.to), ...uses.map((u) => useMark.range(u.from, u.to))], true);
}

const usesField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    const indexed = tr.effects.some((e) => e.is(setIndex));
    if (!indexed && !tr.selection && !tr.docChanged) return marks;
    return marksAt(tr.state);
  },
  provide: (field) => EditorView.decorations.from(field),
});

export const names = [
  indexField,
  usesField,
  nameTooltip,
  keymap.of([{ key: 'F12', run: (view) => goToDeclaration(view, view.state.selection.main.head) }]),
  EditorView.domEventHandlers({
    mousedown(event, view) {
      if (!(event.ctrlKey || event.metaKey) || event.button !== 0) return false;
      const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
      if (pos === null || !goToDeclaration(view, pos)) return false;
      event.preventDefault();
      return true;
    },
  }),
];
