// The rule language in the editor: a stream tokenizer for highlighting and a completion source
// for the keywords and the names the document already uses.
import { StreamLanguage, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import keywordList from 'regel:nyckelord'; // read from grammar/Regel.g4 at build time

export const keywords = new Set(keywordList);

// Type names are ordinary names in the grammar (only `ja/nej` is a token of its own), so they
// are not keywords; they are still coloured as types.
const typeNames = new Set(['heltal', 'tal', 'procent', 'belopp', 'datum', 'månad', 'text', 'ja/nej']);
const literalWords = new Set(['ja', 'nej']);
const unitWords = new Set(['kr', 'öre']);

const NAME = /^[\p{L}_][\p{L}\p{N}_]*/u;
// Swedish numbers: `6 500`, `6 000,50`, `0,25` (grouped by a space, no-break or thin space).
const NUMBER = /^(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?/;
const DATE = /^\d{4}-\d{2}(?:-\d{2})?/;

function token(stream, state) {
  if (state.inString) return stringRest(stream, state);
  if (stream.eatSpace()) return null;
  if (stream.match('#')) {
    stream.skipToEnd();
    return 'comment';
  }
  if (stream.match('"')) {
    state.inString = true;
    return stringRest(stream, state);
  }
  if (stream.match(DATE)) return 'number';
  if (stream.match(NUMBER)) return 'number';
  if (stream.match('ja/nej')) return 'typeName';
  const name = stream.match(NAME);
  if (name) return nameToken(name[0]);
  if (stream.match(/^(?:<=|>=|!=|[=≠<>≤≥+\-*/])/)) return 'operator';
  if (stream.match('%')) return 'unit';
  stream.next();
  return 'punctuation';
}

function nameToken(word) {
  if (literalWords.has(word)) return 'bool';
  if (unitWords.has(word)) return 'unit';
  if (typeNames.has(word)) return 'typeName';
  if (keywords.has(word)) return 'keyword';
  // Records and enumerations are written with a capital letter by convention (docs/sprak.md §5).
  if (/^\p{Lu}/u.test(word)) return 'typeName';
  return 'variableName';
}

// A text stands on one line; an unterminated one ends at the line's end.
function stringRest(stream, state) {
  while (!stream.eol()) {
    const ch = stream.next();
    if (ch === '\\') stream.next();
    else if (ch === '"') {
      state.inString = false;
      return 'string';
    }
  }
  state.inString = false;
  return 'string';
}

export const regelLanguage = StreamLanguage.define({
  name: 'regel',
  startState: () => ({ inString: false }),
  token,
  languageData: { commentTokens: { line: '#' } },
});

const style = HighlightStyle.define([
  { tag: t.keyword, color: '#7a1f7a', fontWeight: '600' },
  { tag: t.typeName, color: '#1d5f8a' },
  { tag: t.string, color: '#0b6b2e' },
  { tag: t.number, color: '#9a4a00' },
  { tag: [t.bool, t.unit], color: '#9a4a00', fontWeight: '600' },
  { tag: t.comment, color: '#5c6670', fontStyle: 'italic' },
  { tag: t.operator, color: '#333' },
]);
export const regelHighlighting = syntaxHighlighting(style);

// Completion: the keywords, then every name that occurs in the document (but not the word being
// typed itself, which would only offer what is already there).
export function completeRegel(context) {
  const word = context.matchBefore(/[\p{L}_][\p{L}\p{N}_/]*/u);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  // Texts and comments are blanked out (same length, so positions hold): their words are prose.
  const text = context.state.doc.toString().replace(/"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, (m) => ' '.repeat(m.length));
  const names = new Map();
  for (const m of text.matchAll(/[\p{L}_][\p{L}\p{N}_]*/gu)) {
    if (m.index === word.from) continue;
    if (!keywords.has(m[0]) && !/^\d/.test(m[0])) names.set(m[0], true);
  }
  const options = [
    ...keywordList.map((label) => ({ label, type: 'keyword', boost: 1 })),
    ...[...names.keys()].map((label) => ({ label, type: /^\p{Lu}/u.test(label) ? 'type' : 'variable' })),
  ];
  return { from: word.from, options, validFor: /^[\p{L}\p{N}_/]*$/u };
}
