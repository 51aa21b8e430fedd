// The rule editor: CodeMirror 6 with the rule language, completion, search, live diagnostics, and
// what each name is (names.js).
import { EditorState } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  highlightSpecialChars,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { regelLanguage, regelHighlighting, completeRegel } from './language.js';
import { swedishPhrases } from './phrases.js';
import { names } from './names.js';

export function createEditor(parent, { doc, checker }) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        regelLanguage,
        regelHighlighting,
        autocompletion({ override: [completeRegel], icons: false }),
        checker,
        lintGutter(),
        names,
        swedishPhrases,
        EditorView.lineWrapping, // long comments and motiveringar stay readable without scrolling sideways
        EditorView.contentAttributes.of({ 'aria-label': 'Regeltext', spellcheck: 'false' }),
        keymap.of([
          ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
          ...completionKeymap, ...lintKeymap, indentWithTab,
        ]),
      ],
    }),
  });
}

export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 }, scrollIntoView: true });
}

export function goToLine(view, rad) {
  const line = view.state.doc.line(Math.min(Math.max(rad, 1), view.state.doc.lines));
  view.dispatch({ selection: { anchor: line.from }, effects: EditorView.scrollIntoView(line.from, { y: 'center' }) });
  view.focus();
}
