/* Grassroots reporting dashboard: reads the report API in the browser and draws it. ES2020 modules, no library.
 *
 * - The token comes from the URL fragment (#token=…&org=…&period=2026, optionally &lang=en) or the form, is kept
 *   in sessionStorage only, is removed from the address bar at once, and travels only in the Authorization
 *   header (never in a query string).
 * - The DOM is built with createElement/textContent only (the page's CSP enforces Trusted Types, so string
 *   sinks such as innerHTML would throw): an organisation's name can never become markup.
 * - Native ES modules, no bundler: texts.js (words), format.js (pure helpers, tested with node --test), dom.js
 *   (createElement only), charts.js (inline SVG), this file (state, API calls, rendering).
 * - Navigation state lives in the fragment (#org=…&period=…), so drill-down, back and forward just work.
 */

import {hbarChart, seriesChart, stackedBar} from './charts.js';
import {clear, el} from './dom.js';
import {
  PERIOD_RE, UUID_RE, claimsOf, filenameOf, formatFigure, hashFor, inPeriod, isPercent, localeOf, rankChildren,
  readRemembered, seriesParams, sortChildren, startOrg, toNumber, translate,
} from './format.js';
import {createPicker} from './picker.js';
import {
  CHART_FIGURES, CHILD_COLUMNS, CLASS_GRADES, FIGURES, FLOW_FIGURES, GROUPS, KINDS, RATE_PARTS, SERIES_FIGURES,
  TEXT,
} from './texts.js';

const API = new URL('../api/v1/reports/', document.baseURI);
const TOKEN_KEY = 'grassroots.dashboard.token';
const PARENTS_KEY = 'grassroots.dashboard.parents';
const LANG_KEY = 'grassroots.dashboard.lang';
const ORG_KEY = 'grassroots.dashboard.org'; // localStorage: the last organisation opened ({id, name, scope})
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const MAX_PAGES = 50; // breakdown pages of 200 children: far beyond any real committee

// ------------------------------------------------------------------------------------------------- state
const state = {
  lang: readLang(),
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  org: '', period: '',
  data: null, // {summary, children, series, year} of the page shown
  generation: 0, // bumps on every load: answers of a superseded load are dropped
  chartFigure: 'members_total', seriesFigure: 'members_total',
  sort: {key: 'name', dir: 'asc'},
  error: null,
};
let picker = null; // the organisation picker (picker.js), made in init()

const $ = (id) => document.getElementById(id);

function readLang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

function t(key, vars = {}) {
  return translate(TEXT, state.lang, key, vars);
}

const pick = (pair, fallback) => (pair ? pair[state.lang === 'en' ? 1 : 0] : fallback);
const figureLabel = (name) => pick(FIGURES[name], name);
const kindLabel = (kind) => pick(KINDS[kind], kind);
const locale = () => localeOf(state.lang);

function formatValue(name, value) {
  return formatFigure(name, value, locale());
}

// ------------------------------------------------------------------------------------------------- token

function saveToken(token) {
  state.token = token.trim().replace(/^Bearer\s+/i, '');
  if (state.token) sessionStorage.setItem(TOKEN_KEY, state.token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Read #token=…&org=…&period=…; a token moves to sessionStorage and leaves the address bar and history. */
function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has('token')) {
    saveToken(params.get('token') || '');
    params.delete('token');
    history.replaceState(null, '', `${location.pathname}${location.search}#${params}`);
  }
  const lang = params.get('lang');
  if ((lang === 'vi' || lang === 'en') && lang !== state.lang) setLanguage(lang);
  state.org = startOrg(params.get('org'), remembered(), claimsOf(state.token).org);
  state.period = params.get('period') || String(new Date().getFullYear());
}

function remembered() {
  try {
    return readRemembered(localStorage.getItem(ORG_KEY));
  } catch {
    return null;
  }
}

/** Remember the organisation just opened, with the token's scope, for the next visit without a fragment. */
function remember(org) {
  try {
    localStorage.setItem(ORG_KEY, JSON.stringify({id: org.id, name: org.name,
      scope: String(claimsOf(state.token).org ?? '')}));
  } catch {
    // storage refused (private mode): nothing is remembered
  }
}

// ------------------------------------------------------------------------------------------------- API
class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** GET a report; a problem+json answer (or any non-2xx) becomes an ApiError carrying the problem. */
async function request(path, params) {
  const url = new URL(path, API);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  let response;
  try {
    response = await fetch(url, {
      headers: {Authorization: `Bearer ${state.token}`, 'Accept-Language': state.lang},
      cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, {title: t('err.network')});
  }
  if (!response.ok) {
    let problem = {};
    if (/json/.test(response.headers.get('content-type') || '')) {
      try {
        problem = await response.json();
      } catch {
        problem = {};
      }
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

const reportPath = (org, report) => `${encodeURIComponent(org)}/${report}`;

async function getJson(path, params) {
  return (await request(path, params)).json();
}

/** Every child of the node: follows next_cursor (the API caps a page at 200). */
async function getChildren(org, period) {
  const items = [];
  let cursor = null;
  let page;
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const params = {period, limit: '200'};
    if (cursor) params.cursor = cursor;
    page = await getJson(reportPath(org, 'breakdown'), params);
    items.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return {...page, items};
}

// ------------------------------------------------------------------------------------------------- loading
async function load() {
  const generation = ++state.generation;
  syncForm();
  hideError();
  if (!state.token) {
    showTokenFields(true);
    setStatus(t('need.token'));
    document.body.dataset.state = 'need-token';
    return;
  }
  showTokenFields(false);
  if (!state.org) {
    setStatus(t('need.org'));
    document.body.dataset.state = 'need-org';
    picker.showCurrent(null);
    picker.browse(null);
    $('org-search').focus();
    return;
  }
  if (!PERIOD_RE.test(state.period)) {
    showError(new ApiError(400, {detail: t('bad.period')}));
    return;
  }
  document.body.dataset.state = 'loading';
  $('main').setAttribute('aria-busy', 'true');
  setStatus(t('loading'));
  const year = state.period.slice(0, 4);
  const {org, period} = state;
  const [summary, children, series] = await Promise.allSettled([
    getJson(reportPath(org, 'summary'), {period}),
    getChildren(org, period),
    getJson(reportPath(org, 'series'), {...seriesParams(year), figures: SERIES_FIGURES.join(',')}),
  ]);
  if (generation !== state.generation) return; // the user moved on meanwhile
  $('main').removeAttribute('aria-busy');
  const failed = [summary, children, series].find((r) => r.status === 'rejected');
  if (summary.status === 'rejected') {
    $('report').hidden = true;
    state.data = null;
    showError(summary.reason);
    return;
  }
  state.data = {
    summary: summary.value, year,
    children: children.status === 'fulfilled' ? children.value : null,
    series: series.status === 'fulfilled' ? series.value : null,
  };
  rememberParents(state.data.summary.org, state.data.children);
  remember(state.data.summary.org);
  render();
  if (failed) showError(failed.reason);
  else setStatus(t('loaded', {org: summary.value.org.name, period: summary.value.period.label}));
  document.body.dataset.state = failed ? 'partial' : 'ready';
}

function setStatus(text) {
  $('status').textContent = text;
}

function hideError() {
  state.error = null;
  clear($('error')).hidden = true;
}

/** Show a problem+json answer: its detail (localised by the server), field errors and request id. */
function showError(error) {
  state.error = error;
  const problem = error instanceof ApiError ? error.problem : {};
  const status = error instanceof ApiError ? error.status : 0;
  const box = clear($('error'));
  box.append(el('p', {class: 'error-title', text: problem.title || t('err.title')}));
  // The server's own (localised) detail first; our generic text only when it gave none.
  const detail = problem.detail || (status === 401 ? t('err.401') : status === 404 ? t('err.404')
    : status ? t('err.http', {status}) : problem.title ? '' : error.message);
  if (detail) box.append(el('p', {class: 'error-detail', text: detail}));
  if (status === 401 && problem.detail) box.append(el('p', {text: t('err.401')}));
  if (status === 404 && problem.detail) box.append(el('p', {text: t('err.404')}));
  const fields = (problem.errors || []).filter((e) => e && e.msg && e.msg !== detail);
  if (fields.length) {
    box.append(el('ul', {}, fields.map((e) => el('li', {text: `${(e.loc || []).slice(1).join('.')}: ${e.msg}`}))));
  }
  if (problem.request_id) box.append(el('p', {class: 'hint', text: t('err.request', {id: problem.request_id})}));
  box.hidden = false;
  setStatus('');
  document.body.dataset.state = 'error';
  $('main').removeAttribute('aria-busy');
  if (status === 401) {
    showTokenFields(true);
    $('token-input').focus();
  }
}

// ------------------------------------------------------------------------------------------------- breadcrumbs
/** Parents learnt from breakdowns ({childId: {id, name}}), so the trail back up survives a drill-down. */
function parents() {
  try {
    return JSON.parse(sessionStorage.getItem(PARENTS_KEY) || '{}');
  } catch {
    return {};
  }
}

function rememberParents(org, children) {
  if (!children) return;
  const known = parents();
  for (const row of children.items) known[row.org.id] = {id: org.id, name: org.name};
  sessionStorage.setItem(PARENTS_KEY, JSON.stringify(known));
}

function renderCrumbs(org) {
  const known = parents();
  const trail = [];
  const seen = new Set([org.id]);
  for (let up = known[org.id]; up && !seen.has(up.id) && trail.length < 12; up = known[up.id]) {
    seen.add(up.id);
    trail.unshift(up);
  }
  const list = clear($('crumbs'));
  for (const node of trail) list.append(el('li', {}, el('a', {href: hashFor(node.id, state.period), text: node.name})));
  list.append(el('li', {}, el('span', {'aria-current': 'page', text: org.name})));
}

// ------------------------------------------------------------------------------------------------- rendering
function render() {
  const {summary} = state.data;
  $('report').hidden = false;
  $('org-name').textContent = summary.org.name;
  $('org-kind').textContent = kindLabel(summary.org.kind);
  $('period-label').textContent = summary.period.label;
  $('updated').textContent = updatedText(summary.last_event_at);
  document.title = `${summary.org.name} · ${summary.period.label} — ${t('app.title')}`;
  renderCrumbs(summary.org);
  picker.showCurrent(summary.org);
  renderTargets(summary);
  renderFigures(summary);
  renderClassification(summary.figures);
  renderChildren();
  renderSeries();
}

function updatedText(at) {
  if (!at) return t('updated.never');
  const time = new Intl.DateTimeFormat(locale(), {hour: '2-digit', minute: '2-digit', day: '2-digit',
    month: '2-digit', year: 'numeric', timeZone: TIME_ZONE}).format(new Date(at));
  return t('updated.at', {time});
}

function badge(passed) {
  const kind = passed === true ? 'pass' : passed === false ? 'fail' : 'unknown';
  const mark = passed === true ? '✓ ' : passed === false ? '✗ ' : '';
  return el('span', {class: `badge ${kind}`, dataset: {verdict: kind}, text: mark + t(kind)});
}

function renderTargets(summary) {
  const body = clear($('targets-table').tBodies[0]);
  if (!summary.targets.length) {
    body.append(el('tr', {}, el('td', {colspan: '4', text: t('targets.none')})));
    return;
  }
  for (const target of summary.targets) {
    body.append(el('tr', {dataset: {figure: target.figure}},
      el('th', {scope: 'row', text: figureLabel(target.figure)}),
      el('td', {class: 'num', text: formatValue(target.figure, target.value)}),
      el('td', {class: 'num', text: `≥\u00a0${formatValue(target.figure, target.target)}`}),
      el('td', {}, badge(target.passed))));
  }
}

function renderFigures(summary) {
  const targets = Object.fromEntries(summary.targets.map((x) => [x.figure, x]));
  const values = summary.figures;
  const host = clear($('figure-groups'));
  for (const [key, names] of GROUPS) {
    const present = names.filter((name) => name in values);
    if (!present.length) continue;
    const id = `group-${key.slice(2)}`;
    const list = el('dl', {class: 'figures'});
    for (const name of present) {
      const target = targets[name];
      const parts = RATE_PARTS[name];
      const value = el('dd', {},
        el('span', {class: 'value', text: formatValue(name, values[name])}),
        parts && parts.every((p) => p in values)
          ? el('span', {class: 'parts', text: ` (${formatValue(parts[0], values[parts[0]])} / ${formatValue(parts[1], values[parts[1]])})`})
          : null,
        target ? el('span', {class: 'target'}, badge(target.passed),
          el('span', {class: 'hint', text: ` ${t('target.short', {target: formatValue(name, target.target)})}`})) : null);
      list.append(el('div', {class: 'figure', dataset: {figure: name, value: values[name] ?? ''}},
        el('dt', {text: figureLabel(name)}), value));
    }
    host.append(el('section', {class: `group ${id}`, 'aria-labelledby': id}, el('h3', {id, text: t(key)}), list));
  }
  // Drawn once every group is laid out (each new group narrows the grid's columns), at its group's width.
  const ages = host.querySelector('.group-age');
  if (ages) ages.append(ageChart(values, ages.clientWidth));
}

function ageChart(values, width) {
  const names = GROUPS.find(([key]) => key === 'g.age')[1];
  return hbarChart(names.map((name) => ({label: figureLabel(name), value: toNumber(values[name]), display:
    formatValue(name, values[name])})), {title: t('g.age'), decorative: true,
    compact: true, width});
}

function renderClassification(values) {
  const host = clear($('classification'));
  let any = false;
  for (const kind of ['org', 'member']) {
    const total = toNumber(values[`classification_${kind}_total`]) || 0;
    if (!total) continue;
    any = true;
    const parts = CLASS_GRADES.map((grade) => ({
      key: grade, label: t(`grade.${grade}`), value: toNumber(values[`classification_${kind}_${grade}_pct`]) || 0,
    }));
    const title = t(`class.${kind}`, {total: formatValue('n', total)});
    host.append(el('div', {class: 'class-block', dataset: {classification: kind}},
      el('h3', {text: title}), stackedBar(parts, title, locale()),
      el('ul', {class: 'legend'}, parts.map((p) => el('li', {},
        el('span', {class: `swatch grade-${p.key}`, 'aria-hidden': 'true'}),
        `${p.label}: ${formatValue('x_pct', p.value)}`)))));
  }
  if (!any) host.append(el('p', {class: 'hint', text: t('class.none')}));
}

// ----------------------------------------------------------------------------------------------- children
function childColumns() {
  const columns = [...CHILD_COLUMNS];
  if (!columns.includes(state.chartFigure)) columns.push(state.chartFigure);
  return columns;
}

function renderChildren() {
  const children = state.data.children;
  const items = children ? children.items : [];
  const table = $('children-table');
  $('children-empty').hidden = items.length > 0 || !children;
  table.hidden = items.length === 0;
  $('children-chart-figure').hidden = items.length === 0;
  const select = $('figure-select');
  fillSelect(select, CHART_FIGURES, state.chartFigure);
  if (!items.length) return;

  const columns = [['name', t('col.name')], ['kind', t('col.kind')],
    ...childColumns().map((name) => [name, figureLabel(name)])];
  const head = clear(table.tHead.rows[0]);
  for (const [key, label] of columns) {
    const sorted = state.sort.key === key;
    const th = el('th', {scope: 'col', class: key === 'name' || key === 'kind' ? '' : 'num',
      'aria-sort': sorted ? (state.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'},
    el('button', {type: 'button', class: 'sort', dataset: {sort: key}, title: t('sort.by', {column: label})},
      label, el('span', {class: 'sort-mark', 'aria-hidden': 'true',
        text: sorted ? (state.sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'})));
    head.append(th);
  }
  const body = clear(table.tBodies[0]);
  for (const row of sortChildren(items, state.sort, locale(), kindLabel)) {
    body.append(el('tr', {dataset: {orgId: row.org.id}},
      el('th', {scope: 'row'}, el('a', {href: hashFor(row.org.id, state.period), text: row.org.name})),
      el('td', {text: kindLabel(row.org.kind)}),
      childColumns().map((name) => el('td', {class: 'num', dataset: {figure: name},
        text: formatValue(name, row.figures[name])}))));
  }

  const figure = state.chartFigure;
  // The chart always ranks by the chosen figure (largest first), whatever order the table is sorted in.
  const ranked = rankChildren(items, figure, locale());
  const bars = ranked.map((row) => ({
    label: row.org.name, value: toNumber(row.figures[figure]), display: formatValue(figure, row.figures[figure]),
    href: hashFor(row.org.id, state.period),
  }));
  const caption = t('children.chart', {figure: figureLabel(figure)});
  const host = clear($('children-chart'));
  host.append(hbarChart(bars, {title: caption, percent: isPercent(figure), compact: isNarrow(host),
    width: host.clientWidth}));
  $('children-chart-caption').textContent = caption;
}

/** Narrow containers get the compact chart (labels above bars); see the resize listener in init(). */
function isNarrow(node) {
  return (node.clientWidth || document.documentElement.clientWidth) < 560;
}

function fillSelect(select, names, chosen) {
  clear(select).append(...names.map((name) => el('option', {value: name, selected: name === chosen,
    text: figureLabel(name)})));
}

// ----------------------------------------------------------------------------------------------- series
function monthLabel(label) {
  const month = Number(label.slice(5, 7));
  const mon = new Intl.DateTimeFormat('en-GB', {month: 'short', timeZone: 'UTC'})
    .format(new Date(Date.UTC(2000, month - 1, 1)));
  return t('month.short', {m: month, mon});
}

function renderSeries() {
  const series = state.data.series;
  fillSelect($('series-select'), SERIES_FIGURES, state.seriesFigure);
  const chart = clear($('series-chart'));
  const table = $('series-table');
  clear(table.tHead.rows[0]);
  clear(table.tBodies[0]);
  if (!series) return;
  const figure = state.seriesFigure;
  const points = series.items.map((p) => ({label: monthLabel(p.period.label), value: toNumber(p.figures[figure]),
    display: formatValue(figure, p.figures[figure]), current: inPeriod(p.period.label, state.period)}));
  const caption = t('series.chart', {figure: figureLabel(figure), year: state.data.year});
  chart.append(seriesChart(points, {title: caption, kind: FLOW_FIGURES.has(figure) ? 'column' : 'line',
    percent: isPercent(figure), locale: locale(), width: chart.clientWidth}));
  $('series-chart-caption').textContent = caption;

  table.tHead.rows[0].append(el('th', {scope: 'col', text: t('col.period')}),
    ...SERIES_FIGURES.map((name) => el('th', {scope: 'col', class: 'num', text: figureLabel(name)})));
  for (const p of series.items) {
    table.tBodies[0].append(el('tr', {}, el('th', {scope: 'row', text: p.period.label}),
      ...SERIES_FIGURES.map((name) => el('td', {class: 'num', text: formatValue(name, p.figures[name])}))));
  }
}

// ------------------------------------------------------------------------------------------------- exports
const EXPORTS = {
  summary: () => ['summary', {period: state.period}],
  breakdown: () => ['breakdown', {period: state.period}],
  series: () => ['series', seriesParams(state.period.slice(0, 4))],
  targets: () => ['targets', {period: state.period}],
  // the printed documents (PDF to sign, XLSX in the same layout): their own operations
  printed_report: () => ['report/export', {period: state.period}],
  printed_classification: () => ['classification/export', {year: state.period.slice(0, 4)}],
  printed_admissions: () => ['admissions/export', {period: state.period}],
};

/** Fetch the file with the token (a plain link could not send it) and hand it to the browser as a blob. */
async function download(report, format) {
  const [path, params] = EXPORTS[report]();
  setStatus(t('exports.busy'));
  try {
    const response = await request(reportPath(state.org, path), {...params, format});
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') || '';
    const name = filenameOf(disposition, `${report}-${state.period}.${format}`);
    const url = URL.createObjectURL(blob);
    const link = el('a', {href: url, download: name, hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus(t('exports.done', {name}));
  } catch (error) {
    showError(error);
  }
}

// ------------------------------------------------------------------------------------------------- language
function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-aria]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAria));
  }
  const toggle = $('lang-toggle');
  toggle.textContent = t('lang.other');
  toggle.lang = state.lang === 'vi' ? 'en' : 'vi';
  for (const button of document.querySelectorAll('button[data-report]')) {
    button.setAttribute('aria-label', t('exports.button', {what: t(`exports.${button.dataset.report}`),
      format: button.dataset.format.toUpperCase()}));
  }
}

/** Switch the UI language (also asked of the server through Accept-Language) and remember the choice. */
function setLanguage(lang) {
  state.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // storage refused (private mode): the choice lasts for this page only
  }
  applyLanguage();
}

// ------------------------------------------------------------------------------------------------- form
function syncForm() {
  $('org-input').value = state.org;
  $('period-input').value = state.period;
  $('sign-out').hidden = !state.token;
}

function showTokenFields(show) {
  $('token-fields').hidden = !show;
  $('sign-out').hidden = !state.token;
}

function onSubmit(event) {
  event.preventDefault();
  const token = $('token-input').value;
  if (token.trim()) saveToken(token);
  $('token-input').value = '';
  const typed = $('org-search').value.trim();
  const org = UUID_RE.test(typed) ? typed : $('org-input').value.trim(); // a pasted id still works
  const period = $('period-input').value.trim().toUpperCase();
  if (!PERIOD_RE.test(period)) {
    showError(new ApiError(400, {detail: t('bad.period')}));
    $('period-input').setAttribute('aria-invalid', 'true');
    $('period-input').focus();
    return;
  }
  $('period-input').removeAttribute('aria-invalid');
  const target = hashFor(org, period);
  if (location.hash === target) navigate();
  else location.hash = target; // fires hashchange -> navigate()
}

function navigate() {
  readFragment();
  load();
}

function init() {
  applyLanguage();
  picker = createPicker({getJson, t, kindLabel, onError: showError, onChoose: (org) => {
    $('org-input').value = org.id;
    const target = hashFor(org.id, state.period || String(new Date().getFullYear()));
    if (location.hash === target) navigate();
    else location.hash = target; // fires hashchange -> navigate()
  }});
  $('controls').addEventListener('submit', onSubmit);
  $('lang-toggle').addEventListener('click', () => {
    setLanguage(state.lang === 'vi' ? 'en' : 'vi');
    if (state.data) render();
    if (state.error) showError(state.error);
    else if (state.data) setStatus('');
  });
  $('sign-out').addEventListener('click', () => {
    saveToken('');
    sessionStorage.removeItem(PARENTS_KEY);
    state.data = null;
    $('report').hidden = true;
    clear($('crumbs'));
    load();
  });
  $('figure-select').addEventListener('change', (event) => {
    state.chartFigure = event.target.value;
    renderChildren();
  });
  $('series-select').addEventListener('change', (event) => {
    state.seriesFigure = event.target.value;
    renderSeries();
  });
  $('children-table').tHead.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-sort]');
    if (!button) return;
    const key = button.dataset.sort;
    state.sort = {key, dir: state.sort.key === key && state.sort.dir === 'asc' ? 'desc' : 'asc'};
    renderChildren();
    focusSortButton(key);
  });
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-report]');
    if (button && state.data) download(button.dataset.report, button.dataset.format);
  });
  window.addEventListener('hashchange', navigate);
  // Charts are drawn at their container's width (legible labels at any width): redrawn when it changes.
  let widths = '';
  window.addEventListener('resize', () => {
    const now = ['children-chart', 'series-chart', 'figure-groups'].map((id) => $(id).clientWidth).join();
    if (state.data && now !== widths) {
      renderFigures(state.data.summary);
      renderChildren();
      renderSeries();
    }
    widths = now;
  });
  navigate();
}

/** Keep keyboard focus on the header just sorted (the header row is rebuilt). */
function focusSortButton(key) {
  const button = $('children-table').querySelector(`button[data-sort="${CSS.escape(key)}"]`);
  if (button) button.focus();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
