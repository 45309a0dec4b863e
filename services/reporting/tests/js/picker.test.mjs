// The organisation picker's pure helpers (static/format.js): folding, filtering, request parameters and the
// remembered organisation. Run by `node --test` (tests/api/test_dashboard.py calls it).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  filterByName, fold, pickerParams, readRemembered, startOrg,
} from '../../reporting/dashboard/static/format.js';

const ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OTHER = '9b2e1c4a-0d7e-4c61-8f7a-5a7d3c2b1e00';

test('a name folds to lower case without diacritics, đ and Đ included, with single spaces', () => {
  assert.equal(fold('Đảng ủy xã  Xuân Lôi'), 'dang uy xa xuan loi');
  assert.equal(fold('  Chi bộ thôn ĐỒNG TÂM '), 'chi bo thon dong tam');
  assert.equal(fold('Huyện Mường Nhé'), 'huyen muong nhe');
  // A decomposed (NFD) name, as some sources paste it, folds the same as the precomposed one.
  assert.equal(fold('Xuân Lôi'.normalize('NFD')), fold('Xuân Lôi'));
  assert.equal(fold(null), '');
});

test('filtering by a name typed without diacritics keeps exactly the organisations that contain it', () => {
  const orgs = [{name: 'Đảng ủy xã Xuân Lôi'}, {name: 'Huyện Sơn Dương'}, {name: 'Chi bộ Xuân Hòa'}];
  assert.deepEqual(filterByName(orgs, 'xuan').map((o) => o.name), ['Đảng ủy xã Xuân Lôi', 'Chi bộ Xuân Hòa']);
  assert.deepEqual(filterByName(orgs, 'XUAN LOI').map((o) => o.name), ['Đảng ủy xã Xuân Lôi']);
  assert.deepEqual(filterByName(orgs, 'son duong').map((o) => o.name), ['Huyện Sơn Dương']);
  assert.deepEqual(filterByName(orgs, 'ha noi'), []);
  assert.equal(filterByName(orgs, '  ').length, 3); // nothing typed: everything listed
});

test('the picker asks by folded name or browses a parent, always with a page size', () => {
  assert.deepEqual(pickerParams('Xuân  Lôi', null), {limit: '20', q: 'xuan loi'});
  assert.deepEqual(pickerParams('', ID), {limit: '20', parent: ID});
  assert.deepEqual(pickerParams(' ', null, 5), {limit: '5'}); // the top of the caller's subtree
});

test('a remembered organisation is read back only when it is well formed', () => {
  assert.deepEqual(readRemembered(JSON.stringify({id: ID, name: 'Tỉnh', scope: '*'})), {id: ID, name: 'Tỉnh', scope: '*'});
  for (const broken of [null, '', 'not json', '{"id": 5}', '{"id": "../../x"}', 'null']) {
    assert.equal(readRemembered(broken), null, String(broken));
  }
});

test("the organisation opened is the fragment's, else the last one of the same scope, else the token's own", () => {
  const last = {id: ID, name: 'Huyện', scope: OTHER};
  assert.equal(startOrg(OTHER, last, OTHER), OTHER); // the fragment wins
  assert.equal(startOrg(null, last, OTHER), ID); // the last one, opened with a token of this scope
  assert.equal(startOrg(null, last, '*'), ''); // another scope's: not used; a national token has no own org
  assert.equal(startOrg('', {id: ID, name: 'Tỉnh', scope: '*'}, '*'), ID);
  assert.equal(startOrg(null, null, OTHER), OTHER);
  assert.equal(startOrg(null, null, undefined), '');
});
