/* The organisation picker: find an organisation by its name (typed with or without diacritics) or browse the
 * tree, through GET /api/v1/reports/orgs (the caller's subtree only), instead of pasting a UUID.
 *
 * createPicker() wires the shell's #org-search, #org-browse and #org-results; the dashboard gives it the API call,
 * its texts and what to do with the chosen organisation. Answers of a superseded request are dropped. */

import {clear, el} from './dom.js';
import {filterByName, fold, pickerParams} from './format.js';

const DEBOUNCE_MS = 250;
const MIN_QUERY = 2; // folded characters before a search is sent

export function createPicker({getJson, t, kindLabel, onChoose, onError}) {
  const $ = (id) => document.getElementById(id);
  const input = $('org-search');
  const box = $('org-results');
  const list = $('org-list');
  const title = $('org-results-title');
  const browseButton = $('org-browse');
  let generation = 0;
  let timer = null;
  let shown = []; // the items listed now, for the instant client-side filter while a search is on its way
  let current = null; // the organisation being reported on: browsing starts at its children
  const trail = []; // the organisations browsed into, to go back up

  function open(show) {
    box.hidden = !show;
    browseButton.setAttribute('aria-expanded', String(show));
  }

  async function fetchList(params, heading) {
    const mine = ++generation;
    title.textContent = t('org.searching');
    open(true);
    let page;
    try {
      page = await getJson('orgs', params);
    } catch (error) {
      if (mine === generation) {
        open(false);
        onError(error);
      }
      return;
    }
    if (mine !== generation) return;
    shown = page.items;
    render(page.items, heading, Boolean(page.next_cursor));
  }

  function item(org) {
    const meta = [kindLabel(org.kind), org.parent_name].filter(Boolean).join(' · ');
    const choose = el('button', {type: 'button', class: 'org-choice', dataset: {orgId: org.id},
      onclick: () => pick(org)}, el('span', {class: 'org-name', text: org.name}),
    el('span', {class: 'org-meta', text: meta}));
    const deeper = org.kind === 'branch' ? null : el('button', {type: 'button', class: 'org-deeper',
      'aria-label': t('org.into', {name: org.name}), title: t('org.into', {name: org.name}), text: '›',
      onclick: () => browse(org)});
    return el('li', {}, choose, deeper);
  }

  function render(items, heading, more) {
    title.textContent = items.length ? heading : t('org.none');
    const rows = items.map(item);
    if (trail.length) {
      rows.unshift(el('li', {}, el('button', {type: 'button', class: 'org-up', text: t('org.up'),
        onclick: () => { trail.pop(); browse(trail.pop() || null); }})));
    }
    clear(list).append(...rows);
    if (more) list.append(el('li', {class: 'hint', text: t('org.more')}));
  }

  function pick(org) {
    input.value = org.name;
    open(false);
    onChoose(org);
  }

  /** The organisations directly under ``org`` (the top of the caller's subtree when null). */
  function browse(org) {
    if (org) trail.push(org);
    else trail.length = 0;
    const heading = org ? t('org.under', {name: org.name}) : t('org.top');
    return fetchList(pickerParams('', org ? org.id : null), heading);
  }

  function search(now = false) {
    clearTimeout(timer);
    const query = input.value;
    if (fold(query).length < MIN_QUERY) return;
    if (shown.length) render(filterByName(shown, query), t('org.results', {q: query.trim()}), false);
    const run = () => fetchList(pickerParams(query, null), t('org.results', {q: query.trim()}));
    if (now) run();
    else timer = setTimeout(run, DEBOUNCE_MS);
  }

  input.addEventListener('input', () => search());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') open(false);
    if (event.key === 'Enter') {
      event.preventDefault(); // search, do not submit the form with a half-typed name
      search(true);
    }
  });
  browseButton.addEventListener('click', () => {
    if (!box.hidden) open(false);
    else browse(current);
  });

  return {
    browse,
    /** Show the organisation being reported on in the search box (its name, not its id). */
    showCurrent(org) {
      current = org ? {id: org.id, name: org.name} : null;
      input.value = org ? org.name : '';
    },
    close: () => open(false),
  };
}
