// The report of `exempel`: pass or fail per exempel with its mismatches, then the coverage.
import { h, fill } from './dom.js';

function coverage(täckning, onGoToLine) {
  if (!täckning) return null;
  const percent = täckning.totalt ? Math.floor((100 * täckning.täckta) / täckning.totalt) : 100;
  const untested = (täckning.poster ?? []).filter((p) => !p.täckt);
  return h('section', { 'data-testid': 'täckning' },
    h('h3', {}, 'Täckning'),
    h('p', {}, `Exemplen prövar ${täckning.täckta} av ${täckning.totalt} delar av regelverket (${percent} %).`),
    h('div', { class: 'meter', role: 'img', 'aria-label': `${percent} procent täckt` }, h('span', { style: `width:${percent}%` })),
    täckning.text && h('pre', { class: 'prose' }, täckning.text),
    untested.length > 0 && h('details', {}, h('summary', {}, `${untested.length} delar prövas inte av något exempel`),
      h('ul', {}, untested.map((p) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => onGoToLine(p.rad) }, `rad ${p.rad}`),
        ` ${p.slag}: ${p.beskrivning}`)))));
}

export function renderExamples(container, report, onGoToLine) {
  const results = report.resultat ?? [];
  const passed = report.godkända ?? results.filter((r) => r.godkänd).length;
  const failed = report.underkända ?? results.length - passed;
  fill(container,
    h('p', { class: `summary ${failed ? 'bad' : 'good'}`, 'data-testid': 'exempel-summering', 'data-godkanda': passed, 'data-underkanda': failed },
      failed === 0 ? `Alla ${passed} exempel stämmer.` : `${failed} av ${passed + failed} exempel stämmer inte.`),
    results.length === 0 && h('p', { class: 'hint' }, 'Regelverket har inga exempel.'),
    h('ul', { class: 'examples' }, results.map((r) => h('li', {
      class: r.godkänd ? 'pass' : 'fail', 'data-testid': 'exempel', 'data-godkand': r.godkänd ? 'ja' : 'nej',
    },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, r.godkänd ? '✓' : '✗'),
      h('span', { class: 'visually-hidden' }, r.godkänd ? 'stämmer: ' : 'stämmer inte: '),
      h('span', {}, r.titel),
      ' ',
      r.rad && h('button', { type: 'button', class: 'link', onclick: () => onGoToLine(r.rad) }, `rad ${r.rad}`),
      r.avvikelser?.length > 0 && h('ul', { class: 'mismatches' }, r.avvikelser.map((a) => h('li', {}, a)))))),
    coverage(report.täckning, onGoToLine));
}
