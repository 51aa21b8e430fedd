// The case form, generated from the input JSON Schema that `kontroll` returns, and a JSON view of
// the same case. Both edit one value; the form re-renders only when the schema or the whole value
// changes, so typing in a field keeps its focus.
import { h, fill } from './dom.js';

// The field's regel type; the schema's own `x-regel-typ`, or one read from the JSON Schema.
function regelType(s) {
  if (s['x-regel-typ']) return s['x-regel-typ'];
  if (s.enum) return 'uppräkning';
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'integer') return 'heltal';
  if (type === 'number') return 'tal';
  if (type === 'boolean') return 'ja/nej';
  if (type === 'object') return 'post';
  if (type === 'array') return 'lista';
  if (s.format === 'date') return 'datum';
  if (s.pattern) return 'månad';
  return 'text';
}

const NUMERIC = new Set(['heltal', 'tal', 'procent', 'belopp']);
const PLACEHOLDER = { belopp: 't.ex. 6 500 eller 6 500,50', procent: 't.ex. 25 eller 2,5 %', tal: 't.ex. 0,25', heltal: 't.ex. 3' };

// `vuxna[0].ålder`: the same notation as the server's `sökväg`.
export function pathText(path) {
  return path.reduce((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

// A number typed as text is sent as a JSON number only when it is a whole number (group spaces
// allowed): anything else ("6 500,50", "2,5 %") goes as text, which the server reads exactly
// instead of through a float here.
export function parseNumber(text) {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const compact = trimmed.replace(/[\s\u00a0\u202f]/g, '');
  if (/^-?\d+$/.test(compact) && Number.isSafeInteger(Number(compact))) return Number(compact);
  return trimmed;
}

function parseField(type, text) {
  if (NUMERIC.has(type)) return parseNumber(text);
  if (type === 'ja/nej') return text === '' ? undefined : text === 'ja';
  return text === '' ? undefined : text;
}

function showField(value) {
  if (value === undefined || value === null) return '';
  if (value === true) return 'ja';
  if (value === false) return 'nej';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// The type beside a field, with the limits the ruleset declares: "heltal 0 till 20".
function typeText(s, type) {
  const lo = s.minimum;
  const hi = s.maximum;
  if (lo !== undefined && hi !== undefined) return `${type} ${lo} till ${hi}`;
  if (lo !== undefined) return `${type} minst ${lo}`;
  if (hi !== undefined) return `${type} högst ${hi}`;
  return type;
}

// A field name may break after its underscores, not inside a word (`månader_i_följd_med_bistånd`).
function breakable(text) {
  return text.split(/(?<=_)/).flatMap((part, i) => (i ? [h('wbr'), part] : [part]));
}

function getIn(obj, path) {
  return path.reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

// Sets (or, for undefined, removes) the value at path, creating the objects on the way.
function setIn(obj, path, value) {
  let o = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (o[path[i]] == null || typeof o[path[i]] !== 'object') o[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    o = o[path[i]];
  }
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(o)) delete o[last];
  else o[last] = value === undefined ? null : value;
}

export class CaseForm {
  constructor({ formEl, jsonEl, jsonErrorEl }) {
    this.formEl = formEl;
    this.jsonEl = jsonEl;
    this.jsonErrorEl = jsonErrorEl;
    this.schema = null;
    this.schemaText = '';
    this.value = {};
    this.ids = 0;
    jsonEl.addEventListener('input', () => this.readJson());
    this.render();
  }

  setSchema(schema) {
    const text = JSON.stringify(schema);
    if (!schema || text === this.schemaText) return;
    this.schema = schema;
    this.schemaText = text;
    this.render();
  }

  setValue(value) {
    this.value = structuredClone(value ?? {});
    this.render();
    this.writeJson();
  }

  // The JSON view edits the case too; while it is not a JSON object the form keeps the last one.
  readJson() {
    let parsed;
    try {
      parsed = JSON.parse(this.jsonEl.value);
    } catch (e) {
      return this.showJsonError(`Ogiltig JSON: ${e.message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return this.showJsonError('Ärendet ska vara ett JSON-objekt: { … }.');
    this.showJsonError('');
    this.value = parsed;
    this.render();
  }

  showJsonError(text) {
    this.jsonErrorEl.textContent = text;
    this.jsonEl.setAttribute('aria-invalid', text ? 'true' : 'false');
  }

  writeJson() {
    this.jsonEl.value = JSON.stringify(this.value, null, 2);
    this.showJsonError('');
  }

  change(path, value) {
    setIn(this.value, path, value);
    this.writeJson();
  }

  render() {
    if (!this.schema) {
      fill(this.formEl, h('p', { class: 'hint' }, 'Formuläret visas när regelverket har kontrollerats utan fel.'));
      return;
    }
    fill(this.formEl, this.fields(this.schema, []));
  }

  fields(schema, path) {
    // A field declared `valfri` may be left out; any other left out is a fact the case lacks.
    return Object.entries(schema.properties ?? {}).map(([key, s]) =>
      this.field(s, [...path, key], key, s['x-regel-valfri'] === true));
  }

  field(s, path, key, optional) {
    const type = regelType(s);
    const title = s.title || key;
    if (type === 'post') {
      return h('fieldset', { class: 'post', 'data-testid': `fält-${pathText(path)}` },
        h('legend', {}, title, optional && h('span', { class: 'optional' }, ' (valfri)')), this.fields(s, path));
    }
    if (type === 'lista') return this.list(s, path, title, optional);
    const id = `falt-${++this.ids}`;
    return h('div', { class: 'field' },
      h('label', { for: id }, breakable(title), optional && h('span', { class: 'optional' }, ' (valfri)')),
      this.input(s, type, path, id),
      h('span', { class: 'field-type' }, typeText(s, type)));
  }

  input(s, type, path, id) {
    const current = showField(getIn(this.value, path));
    const attrs = { id, name: pathText(path), 'data-testid': `fält-${pathText(path)}`, 'data-sokvag': pathText(path) };
    const onchange = (e) => this.change(path, parseField(type, e.target.value));
    if (type === 'ja/nej' || type === 'uppräkning') {
      const choices = type === 'ja/nej' ? ['ja', 'nej'] : s.enum ?? [];
      return h('select', { ...attrs, onchange },
        h('option', { value: '' }, '(tom)'),
        choices.map((c) => h('option', { value: c, selected: c === current }, c)));
    }
    const inputType = type === 'datum' ? 'date' : type === 'månad' ? 'month' : 'text';
    return h('input', {
      ...attrs, type: inputType, value: current, oninput: onchange,
      placeholder: PLACEHOLDER[type], inputmode: NUMERIC.has(type) ? 'decimal' : undefined,
      autocomplete: 'off',
    });
  }

  list(s, path, title, optional) {
    const items = getIn(this.value, path);
    const list = Array.isArray(items) ? items : [];
    const itemSchema = s.items ?? {};
    const itemType = regelType(itemSchema);
    const add = () => {
      setIn(this.value, path, [...list, itemType === 'post' ? {} : null]);
      this.render();
      this.writeJson();
    };
    const remove = (i) => {
      setIn(this.value, path, list.filter((_, j) => j !== i));
      this.render();
      this.writeJson();
    };
    return h('fieldset', { class: 'lista', 'data-testid': `fält-${pathText(path)}` },
      h('legend', {}, title, optional && h('span', { class: 'optional' }, ' (valfri)')),
      list.length === 0 && h('p', { class: 'hint' }, 'Listan är tom.'),
      list.map((_, i) => {
        const name = `${title} ${i + 1}`;
        const removeButton = h('button', {
          type: 'button', class: 'small', 'data-testid': `ta-bort-${pathText([...path, i])}`, onclick: () => remove(i), 'aria-label': `Ta bort ${name}`,
        }, 'Ta bort');
        // A record gets a heading over its fields; a single value is one row with its button.
        return itemType === 'post'
          ? h('div', { class: 'list-item' }, h('div', { class: 'list-item-head' }, h('span', {}, name), removeButton),
            this.fields(itemSchema, [...path, i]))
          : h('div', { class: 'list-item list-item-value' }, this.field(itemSchema, [...path, i], name, false), removeButton);
      }),
      h('button', { type: 'button', class: 'small', 'data-testid': `lagg-till-${pathText(path)}`, onclick: add }, 'Lägg till'));
  }

  // Marks the fields a refused case names (`sökväg`) and clears earlier marks.
  markErrors(fel) {
    for (const el of this.formEl.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    for (const f of fel ?? []) {
      if (!f.sökväg) continue;
      const el = [...this.formEl.querySelectorAll('[data-sokvag]')].find((e) => e.dataset.sokvag === f.sökväg);
      if (el) el.setAttribute('aria-invalid', 'true');
    }
  }
}
