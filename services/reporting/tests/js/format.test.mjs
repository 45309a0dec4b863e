// The dashboard's pure helpers (static/format.js), run by `node --test` (tests/api/test_dashboard.py calls it).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  PERIOD_RE, claimsOf, filenameOf, formatFigure, hashFor, inPeriod, isPercent, localeOf, niceMax, rankChildren,
  seriesParams, shorten, sortChildren, toNumber, translate,
} from '../../reporting/dashboard/static/format.js';
import {TEXT} from '../../reporting/dashboard/static/texts.js';

const NBSP = '\u00a0';
const row = (name, figures, kind = 'branch') => ({org: {id: name, name, kind}, figures});

test('the period field accepts a year, a quarter or a month and nothing else', () => {
  for (const good of ['2026', '2026-Q1', '2026-Q4', '2026-01', '2026-12']) assert.ok(PERIOD_RE.test(good), good);
  for (const bad of ['26', '2026-Q5', '2026-Q0', '2026-13', '2026-00', '2026-7', ' 2026', '2026-q1']) {
    assert.ok(!PERIOD_RE.test(bad), bad);
  }
});

test('a text is looked up in the language, then Vietnamese, then shown as its key; placeholders fill', () => {
  const texts = {vi: {a: 'Chào {name}', only: 'chỉ tiếng Việt'}, en: {a: 'Hello {name}'}};
  assert.equal(translate(texts, 'en', 'a', {name: 'Hà'}), 'Hello Hà');
  assert.equal(translate(texts, 'en', 'only'), 'chỉ tiếng Việt');
  assert.equal(translate(texts, 'en', 'missing.key'), 'missing.key');
  assert.equal(translate(texts, 'vi', 'a'), 'Chào {name}'); // an unfilled placeholder stays visible
});

test('every Vietnamese text of the dashboard has an English one with the same placeholders', () => {
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const byLanguage = new Set(['month.short']); // "Th7" in Vietnamese, "Jul" in English: both values are given
  for (const [key, vi] of Object.entries(TEXT.vi)) {
    assert.ok(typeof TEXT.en[key] === 'string' && TEXT.en[key] !== '', `${key} has no English text`);
    if (!byLanguage.has(key)) assert.deepEqual(placeholders(TEXT.en[key]), placeholders(vi), key);
  }
});

test('numbers from the API: decimal strings and counts read, blanks and garbage are unknown', () => {
  assert.equal(toNumber('93.33'), 93.33);
  assert.equal(toNumber(7), 7);
  assert.equal(toNumber(0), 0);
  for (const unknown of [null, undefined, '', 'abc', 'Infinity']) assert.equal(toNumber(unknown), null);
});

test('a figure is formatted for its locale, a rate with a non-breaking percent, an unknown as a dash', () => {
  assert.ok(isPercent('attendance_rate') && isPercent('members_ethnic_minority_pct') && isPercent('x_share'));
  assert.ok(!isPercent('members_total'));
  assert.equal(formatFigure('members_total', 12345, 'en-GB'), '12,345');
  assert.equal(formatFigure('members_total', 12345, localeOf('vi')), '12.345');
  assert.equal(formatFigure('attendance_rate', '93.333', 'en-GB'), `93.33${NBSP}%`);
  assert.equal(formatFigure('attendance_rate', '93.5', 'vi-VN'), `93,5${NBSP}%`);
  assert.equal(formatFigure('attendance_rate', null, 'en-GB'), '—');
  assert.equal(localeOf('en'), 'en-GB');
});

test('the navigation fragment carries the organisation and period, encoded', () => {
  assert.equal(hashFor('org 1&x', '2026-Q3'), '#org=org+1%26x&period=2026-Q3');
});

test('the claims of a token are read without verification; a malformed token has none', () => {
  const part = Buffer.from(JSON.stringify({org: 'tỉnh-1', sub: 'u'})).toString('base64url');
  assert.deepEqual(claimsOf(`h.${part}.s`), {org: 'tỉnh-1', sub: 'u'});
  assert.deepEqual(claimsOf('not-a-token'), {});
  assert.deepEqual(claimsOf('a.%%%.c'), {});
});

test('the series of a year asks for its twelve months', () => {
  assert.deepEqual(seriesParams('2026'), {from: '2026-01', to: '2026-12', granularity: 'month'});
});

test('a month is in a year, a quarter or a month period at its edges and not beyond', () => {
  assert.ok(inPeriod('2026-12', '2026'));
  assert.ok(!inPeriod('2025-12', '2026'));
  assert.ok(inPeriod('2026-07', '2026-Q3') && inPeriod('2026-09', '2026-Q3'));
  assert.ok(!inPeriod('2026-06', '2026-Q3') && !inPeriod('2026-10', '2026-Q3') && !inPeriod('2025-07', '2026-Q3'));
  assert.ok(inPeriod('2026-07', '2026-07') && !inPeriod('2026-08', '2026-07'));
});

test('a chart scale is a round 1, 2 or 5 times a power of ten at or above the largest value', () => {
  assert.equal(niceMax(0, false), 1);
  assert.equal(niceMax(1, false), 1);
  assert.equal(niceMax(1.2, false), 2);
  assert.equal(niceMax(37, false), 50);
  assert.equal(niceMax(500, false), 500);
  assert.equal(niceMax(501, false), 1000);
  assert.equal(niceMax(37, true), 100); // rates always run to 100 %
});

test('a long label is cut with an ellipsis at the given length', () => {
  assert.equal(shorten('Chi bộ thôn Hợp Thành', 8), 'Chi bộ …');
  assert.equal(shorten('Chi bộ', 8), 'Chi bộ');
});

test('children sort by a figure with unknowns last in both directions, ties by name', () => {
  const items = [row('B', {n: 2}), row('A', {n: null}), row('C', {n: 2}), row('D', {n: '10.5'})];
  const names = (rows) => rows.map((r) => r.org.name);
  assert.deepEqual(names(sortChildren(items, {key: 'n', dir: 'asc'}, 'en-GB')), ['B', 'C', 'D', 'A']);
  assert.deepEqual(names(sortChildren(items, {key: 'n', dir: 'desc'}, 'en-GB')), ['D', 'B', 'C', 'A']);
  assert.deepEqual(names(items), ['B', 'A', 'C', 'D']); // the input is left as it was
});

test('children sort by Vietnamese name in the Vietnamese order, and by kind label', () => {
  const items = [row('Đông', {}), row('Dương', {}), row('An', {}, 'grassroots_branch')];
  const names = (rows) => rows.map((r) => r.org.name);
  assert.deepEqual(names(sortChildren(items, {key: 'name', dir: 'asc'}, 'vi-VN')), ['An', 'Dương', 'Đông']);
  const label = (kind) => ({branch: 'Chi bộ', grassroots_branch: 'Chi bộ cơ sở'})[kind];
  assert.deepEqual(names(sortChildren(items, {key: 'kind', dir: 'desc'}, 'vi-VN', label))[0], 'An');
});

test('the chart ranks children by the figure, largest first, unknown last', () => {
  const items = [row('A', {n: null}), row('B', {n: 1}), row('C', {n: '3'})];
  assert.deepEqual(rankChildren(items, 'n', 'en-GB').map((r) => r.org.name), ['C', 'B', 'A']);
});

test('an export is saved under the server\'s file name, else a fallback', () => {
  assert.equal(filenameOf('attachment; filename="summary-2026.csv"', 'x'), 'summary-2026.csv');
  assert.equal(filenameOf('attachment; filename=breakdown.xlsx', 'x'), 'breakdown.xlsx');
  assert.equal(filenameOf('', 'fallback.csv'), 'fallback.csv');
  assert.equal(filenameOf(null, 'fallback.csv'), 'fallback.csv');
});
