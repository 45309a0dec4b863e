/* The dashboard's pure helpers: no DOM, no state, no network. Each takes what it needs as parameters, so that
 * `node --test` checks them directly (services/reporting/tests/js). */

/** Year (2026), quarter (2026-Q3) or month (2026-07), as the report API accepts them. */
export const PERIOD_RE = /^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$/;

/** The text of ``key`` in ``lang`` (Vietnamese, then the key itself, when missing) with {name} filled in. */
export function translate(texts, lang, key, vars = {}) {
  const text = texts[lang]?.[key] ?? texts.vi?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export const localeOf = (lang) => (lang === 'en' ? 'en-GB' : 'vi-VN');
export const isPercent = (name) => /(_pct|_rate|_share)$/.test(name);

/** Decimals arrive as JSON strings ("93.33"), counts as numbers, unknowns as null. */
export function toNumber(value) {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A figure as shown: "—" when unknown, two decimals at most, a non-breaking space before "%" for rates. */
export function formatFigure(name, value, locale) {
  const number = toNumber(value);
  if (number === null) return '—';
  const digits = Number.isInteger(number) ? 0 : 2;
  const text = new Intl.NumberFormat(locale, {maximumFractionDigits: digits}).format(number);
  return isPercent(name) ? `${text}\u00a0%` : text; // no line break between a number and its unit
}

export function hashFor(org, period) {
  return `#${new URLSearchParams({org, period})}`;
}

/** The claims of a JWT, decoded without verification: only to preselect the token's own organisation. */
export function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

export function seriesParams(year) {
  return {from: `${year}-01`, to: `${year}-12`, granularity: 'month'};
}

/** Whether a month (2026-07) falls inside the chosen period, to highlight it on the chart. */
export function inPeriod(monthText, period) {
  if (period.length === 4) return monthText.startsWith(period);
  if (period.includes('Q')) {
    const quarter = Number(period.slice(6));
    const month = Number(monthText.slice(5, 7));
    return monthText.startsWith(period.slice(0, 4)) && Math.ceil(month / 3) === quarter;
  }
  return monthText === period;
}

/** A rounded-up scale maximum (1, 2, 5 × 10ⁿ) so the axis labels are round numbers. */
export function niceMax(value, percent) {
  if (percent) return 100;
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value);
  return step * power;
}

export function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Children rows sorted for the table: by name or kind label (in the locale's order), or by a figure with
 * unknown values last in either direction and ties broken by name.
 */
export function sortChildren(items, {key, dir}, locale, kindLabel = (kind) => kind) {
  const sign = dir === 'asc' ? 1 : -1;
  const text = (row) => (key === 'name' ? row.org.name : kindLabel(row.org.kind));
  return [...items].sort((a, b) => {
    if (key === 'name' || key === 'kind') return sign * text(a).localeCompare(text(b), locale);
    const x = toNumber(a.figures[key]);
    const y = toNumber(b.figures[key]);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // unknowns last either way
    return sign * (x - y) || a.org.name.localeCompare(b.org.name, locale);
  });
}

/** The children ranked by one figure for the chart: largest first, unknown last, ties by name. */
export function rankChildren(items, figure, locale) {
  const value = (row) => toNumber(row.figures[figure]) ?? -Infinity;
  return [...items].sort((a, b) => value(b) - value(a) || a.org.name.localeCompare(b.org.name, locale));
}

/** The file name a Content-Disposition header gives, else ``fallback``. */
export function filenameOf(disposition, fallback) {
  const match = /filename="?([^";]+)"?/i.exec(disposition || '');
  return match ? match[1] : fallback;
}

/** A name folded for matching: no diacritics (đ → d as well, which Unicode decomposition leaves), lower case,
 * single spaces; the same fold as the server's ``shared.text.search_key`` for Vietnamese names. */
export function fold(text) {
  return String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')
    .toLowerCase().split(/\s+/).filter(Boolean).join(' ');
}

/** The organisations whose folded name contains the folded query (all of them for an empty query). */
export function filterByName(items, query) {
  const wanted = fold(query);
  return wanted ? items.filter((org) => fold(org.name).includes(wanted)) : [...items];
}

/** The query string of the picker's request: a search by name (optionally below ``parent``) or a browse. */
export function pickerParams(query, parent, limit = 20) {
  const params = {limit: String(limit)};
  const q = fold(query);
  if (q) params.q = q;
  if (parent) params.parent = parent;
  return params;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The remembered organisation ({id, name, scope}) read back from storage, or null when missing or broken. */
export function readRemembered(text) {
  try {
    const value = JSON.parse(text || 'null');
    return value && typeof value.id === 'string' && UUID_RE.test(value.id) ? value : null;
  } catch {
    return null;
  }
}

/**
 * The organisation to open: the fragment's, else the last one opened with a token of the same scope (another
 * scope's would only be refused), else the token's own (none for a national token: the picker shows the top).
 */
export function startOrg(fragmentOrg, remembered, tokenOrg) {
  if (fragmentOrg) return fragmentOrg;
  const scope = tokenOrg ? String(tokenOrg) : '';
  if (remembered && remembered.scope === scope) return remembered.id;
  return scope && scope !== '*' ? scope : '';
}
