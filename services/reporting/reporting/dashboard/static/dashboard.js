/* Grassroots reporting dashboard: reads the report API in the browser and draws it. Vanilla ES2020, no library.
 *
 * - The token comes from the URL fragment (#token=…&org=…&period=2026, optionally &lang=en) or the form, is kept
 *   in sessionStorage only, is removed from the address bar at once, and travels only in the Authorization
 *   header (never in a query string).
 * - The DOM is built with createElement/textContent only (the page's CSP enforces Trusted Types, so string
 *   sinks such as innerHTML would throw): an organisation's name can never become markup.
 * - Charts are inline SVG drawn by the small functions below (hbarChart, seriesChart, stackedBar).
 * - Navigation state lives in the fragment (#org=…&period=…), so drill-down, back and forward just work.
 */
'use strict';

(() => {
  const API = new URL('../api/v1/reports/', document.baseURI);
  const TOKEN_KEY = 'grassroots.dashboard.token';
  const PARENTS_KEY = 'grassroots.dashboard.parents';
  const LANG_KEY = 'grassroots.dashboard.lang';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const PERIOD_RE = /^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$/;
  const TIME_ZONE = 'Asia/Ho_Chi_Minh';
  const MAX_PAGES = 50; // breakdown pages of 200 children: far beyond any real committee

  // ---------------------------------------------------------------------------------------------- texts (vi/en)
  const TEXT = {
    vi: {
      'app.title': 'Báo cáo tổ chức đảng', skip: 'Bỏ qua, đến nội dung chính', 'crumbs.label': 'Đường dẫn',
      signout: 'Xoá mã truy cập', 'lang.other': 'English',
      'token.legend': 'Mã truy cập', 'token.label': 'Dán mã truy cập (JWT)',
      'token.hint': 'Mã chỉ được giữ trong phiên làm việc của trình duyệt này (sessionStorage) và chỉ gửi kèm '
        + 'tiêu đề Authorization tới máy chủ báo cáo.',
      'org.label': 'Mã tổ chức', 'period.label': 'Kỳ báo cáo',
      'period.hint': 'Năm (2026), quý (2026-Q3) hoặc tháng (2026-07)', show: 'Xem báo cáo',
      'need.token': 'Hãy dán mã truy cập để xem báo cáo.', 'need.org': 'Hãy nhập mã tổ chức cần xem.',
      'bad.period': 'Kỳ báo cáo phải có dạng 2026, 2026-Q3 hoặc 2026-07.',
      loading: 'Đang tải báo cáo…', loaded: 'Đã tải báo cáo {org}, kỳ {period}.',
      'updated.at': 'cập nhật lúc {time}', 'updated.never': 'chưa có sự kiện nào được ghi nhận',
      'targets.title': 'Chỉ tiêu', 'targets.caption': 'Các chỉ tiêu so với kết quả',
      'targets.none': 'Không có chỉ tiêu cho kỳ này.',
      'col.figure': 'Chỉ tiêu', 'col.value': 'Kết quả', 'col.target': 'Mục tiêu', 'col.verdict': 'Đánh giá',
      'col.name': 'Tổ chức', 'col.kind': 'Loại', 'col.period': 'Tháng',
      pass: 'Đạt', fail: 'Chưa đạt', unknown: 'Chưa có số liệu', 'target.short': 'chỉ tiêu ≥ {target}',
      'figures.title': 'Số liệu tổng hợp', 'class.title': 'Phân loại chất lượng',
      'class.org': 'Tổ chức đảng ({total} được xếp loại)', 'class.member': 'Đảng viên ({total} được xếp loại)',
      'class.none': 'Chưa có kết quả xếp loại trong kỳ.',
      'children.title': 'Các tổ chức trực thuộc', 'children.figure': 'Chỉ tiêu trên biểu đồ',
      'children.caption': 'Số liệu của các tổ chức trực thuộc; bấm tiêu đề cột để sắp xếp, bấm tên để xem chi tiết',
      'children.none': 'Không có tổ chức trực thuộc.',
      'children.chart': '{figure} theo tổ chức trực thuộc. Bấm vào một thanh để xem chi tiết tổ chức đó.',
      'sort.by': 'Sắp xếp theo {column}',
      'series.title': 'Diễn biến theo tháng', 'series.figure': 'Chỉ tiêu', 'series.table': 'Bảng số liệu theo tháng',
      'series.chart': '{figure} theo tháng, năm {year}.',
      'exports.title': 'Tải số liệu', 'exports.summary': 'Tổng hợp', 'exports.breakdown': 'Các tổ chức trực thuộc',
      'exports.series': 'Theo tháng', 'exports.targets': 'Chỉ tiêu', 'exports.button': 'Tải {what} ({format})',
      'exports.done': 'Đã tải tệp {name}.', 'exports.busy': 'Đang chuẩn bị tệp…',
      'err.title': 'Không tải được báo cáo', 'err.401': 'Mã truy cập không hợp lệ hoặc đã hết hạn. Hãy dán mã mới.',
      'err.404': 'Không tìm thấy tổ chức này trong phạm vi được xem (hoặc dữ liệu chưa về tới máy chủ báo cáo).',
      'err.network': 'Không kết nối được máy chủ báo cáo.', 'err.http': 'Máy chủ trả lỗi {status}.',
      'err.request': 'Mã yêu cầu: {id}', 'month.short': 'T{m}',
      'g.members': 'Đảng viên', 'g.profile': 'Giới tính và dân tộc', 'g.age': 'Độ tuổi',
      'g.movement': 'Kết nạp và biến động', 'g.orgs': 'Tổ chức', 'g.meetings': 'Sinh hoạt chi bộ',
      'g.quality': 'Chất lượng sinh hoạt', 'g.discipline': 'Kiểm tra và kỷ luật',
      'grade.excellent': 'Hoàn thành xuất sắc', 'grade.good': 'Hoàn thành tốt', 'grade.completed': 'Hoàn thành',
      'grade.not_completed': 'Không hoàn thành',
    },
    en: {
      'app.title': 'Party organisation reports', skip: 'Skip to main content', 'crumbs.label': 'Breadcrumb',
      signout: 'Forget token', 'lang.other': 'Tiếng Việt',
      'token.legend': 'Access token', 'token.label': 'Paste your access token (JWT)',
      'token.hint': 'The token is kept only for this browser session (sessionStorage) and is only sent in the '
        + 'Authorization header to the reporting server.',
      'org.label': 'Organisation id', 'period.label': 'Period',
      'period.hint': 'A year (2026), quarter (2026-Q3) or month (2026-07)', show: 'Show report',
      'need.token': 'Paste an access token to see reports.', 'need.org': 'Enter the id of an organisation.',
      'bad.period': 'The period must look like 2026, 2026-Q3 or 2026-07.',
      loading: 'Loading the report…', loaded: 'Loaded the report of {org}, period {period}.',
      'updated.at': 'updated at {time}', 'updated.never': 'no event recorded yet',
      'targets.title': 'Targets', 'targets.caption': 'Targets against results',
      'targets.none': 'No target for this period.',
      'col.figure': 'Figure', 'col.value': 'Result', 'col.target': 'Target', 'col.verdict': 'Verdict',
      'col.name': 'Organisation', 'col.kind': 'Kind', 'col.period': 'Month',
      pass: 'Met', fail: 'Not met', unknown: 'No data', 'target.short': 'target ≥ {target}',
      'figures.title': 'Summary figures', 'class.title': 'Quality classification',
      'class.org': 'Organisations ({total} classified)', 'class.member': 'Members ({total} classified)',
      'class.none': 'No classification in this period.',
      'children.title': 'Organisations directly under', 'children.figure': 'Figure on the chart',
      'children.caption': 'Figures of the organisations directly under; sort with the column headers, open one with '
        + 'its name',
      'children.none': 'No organisation directly under.',
      'children.chart': '{figure} by organisation directly under. Select a bar to open that organisation.',
      'sort.by': 'Sort by {column}',
      'series.title': 'Month by month', 'series.figure': 'Figure', 'series.table': 'Monthly figures as a table',
      'series.chart': '{figure} by month, {year}.',
      'exports.title': 'Download', 'exports.summary': 'Summary', 'exports.breakdown': 'Organisations directly under',
      'exports.series': 'Month by month', 'exports.targets': 'Targets', 'exports.button': 'Download {what} ({format})',
      'exports.done': 'Downloaded {name}.', 'exports.busy': 'Preparing the file…',
      'err.title': 'The report could not be loaded', 'err.401': 'The access token is invalid or has expired. '
        + 'Paste a new one.',
      'err.404': 'This organisation is not in your scope (or its data has not reached the reporting server yet).',
      'err.network': 'The reporting server cannot be reached.', 'err.http': 'The server answered {status}.',
      'err.request': 'Request id: {id}', 'month.short': '{mon}',
      'g.members': 'Members', 'g.profile': 'Gender and ethnicity', 'g.age': 'Age', 'g.movement': 'Admissions and changes',
      'g.orgs': 'Organisations', 'g.meetings': 'Branch meetings', 'g.quality': 'Meeting quality',
      'g.discipline': 'Inspection and discipline',
      'grade.excellent': 'Excellent', 'grade.good': 'Good', 'grade.completed': 'Completed',
      'grade.not_completed': 'Not completed',
    },
  };

  // Figure names of the report API -> [Vietnamese, English].
  const FIGURES = {
    members_total: ['Tổng số đảng viên', 'Members'],
    members_official: ['Đảng viên chính thức', 'Full members'],
    members_probationary: ['Đảng viên dự bị', 'Probationary members'],
    members_exempt: ['Miễn sinh hoạt', 'Exempt from meetings'],
    members_temporarily_away: ['Tạm vắng', 'Temporarily away'],
    members_transfer_pending: ['Đang chuyển sinh hoạt', 'Transfer pending'],
    members_male: ['Nam', 'Men'], members_female: ['Nữ', 'Women'],
    members_ethnic_minority: ['Dân tộc thiểu số', 'Ethnic minority'],
    members_ethnic_minority_pct: ['Tỷ lệ dân tộc thiểu số', 'Ethnic minority share'],
    age_under_30: ['Dưới 30 tuổi', 'Under 30'], age_30_40: ['30–40 tuổi', '30–40'],
    age_41_50: ['41–50 tuổi', '41–50'], age_51_60: ['51–60 tuổi', '51–60'], age_over_60: ['Trên 60 tuổi', 'Over 60'],
    admissions: ['Kết nạp mới', 'Admissions'], recognitions: ['Công nhận chính thức', 'Recognised as full members'],
    transfers_in: ['Chuyển đến', 'Transfers in'], transfers_out: ['Chuyển đi', 'Transfers out'],
    removals: ['Xoá tên', 'Removed from the rolls'], resignations: ['Xin ra khỏi Đảng', 'Resignations'],
    expulsions: ['Khai trừ', 'Expulsions'], deaths: ['Từ trần', 'Deaths'],
    admissions_year_to_date: ['Kết nạp từ đầu năm', 'Admissions, year to date'],
    branches: ['Chi bộ', 'Branches'], grassroots_branches: ['Chi bộ cơ sở', 'Grassroots branches'],
    grassroots_committees: ['Đảng bộ cơ sở', 'Grassroots committees'],
    regular_meetings_required: ['Sinh hoạt thường kỳ phải tổ chức (chi bộ-tháng)', 'Regular meetings required (branch-months)'],
    regular_branch_months_met: ['Sinh hoạt thường kỳ đã tổ chức (chi bộ-tháng)', 'Regular meetings held (branch-months)'],
    regular_meeting_rate: ['Tỷ lệ sinh hoạt thường kỳ', 'Regular meeting rate'],
    regular_meetings_held: ['Số buổi sinh hoạt thường kỳ', 'Regular meetings'],
    thematic_meetings_required: ['Sinh hoạt chuyên đề phải tổ chức (chi bộ-quý)', 'Thematic meetings required (branch-quarters)'],
    thematic_branch_quarters_met: ['Sinh hoạt chuyên đề đã tổ chức (chi bộ-quý)', 'Thematic meetings held (branch-quarters)'],
    thematic_meeting_rate: ['Tỷ lệ sinh hoạt chuyên đề', 'Thematic meeting rate'],
    thematic_meetings_held: ['Số buổi sinh hoạt chuyên đề', 'Thematic meetings'],
    meetings_held: ['Tổng số buổi sinh hoạt', 'Meetings held'],
    attendance_rate: ['Tỷ lệ đảng viên dự sinh hoạt', 'Attendance rate'],
    meetings_attendance_90_share: ['Buổi có ≥ 90 % đảng viên dự', 'Meetings with ≥ 90 % attendance'],
    superior_attendance_share: ['Buổi có cấp ủy cấp trên dự', 'Meetings attended by a superior committee'],
    meetings_evaluated: ['Buổi được đánh giá', 'Meetings evaluated'],
    meetings_grade_good: ['Xếp loại tốt', 'Graded good'], meetings_grade_fair: ['Xếp loại khá', 'Graded fair'],
    meetings_grade_average: ['Xếp loại trung bình', 'Graded average'], meetings_grade_poor: ['Xếp loại kém', 'Graded poor'],
    meetings_good_share: ['Tỷ lệ buổi tốt', 'Share graded good'], average_score: ['Điểm bình quân', 'Average score'],
    disciplines: ['Kỷ luật (tổng)', 'Disciplinary measures'],
    discipline_member_reprimand: ['Đảng viên bị khiển trách', 'Members reprimanded'],
    discipline_member_warning: ['Đảng viên bị cảnh cáo', 'Members warned'],
    discipline_member_removal_from_post: ['Đảng viên bị cách chức', 'Members removed from post'],
    discipline_member_expulsion: ['Đảng viên bị khai trừ', 'Members expelled'],
    discipline_org_reprimand: ['Tổ chức bị khiển trách', 'Organisations reprimanded'],
    discipline_org_warning: ['Tổ chức bị cảnh cáo', 'Organisations warned'],
    discipline_org_dissolution: ['Tổ chức bị giải tán', 'Organisations dissolved'],
    inspections_opened: ['Cuộc kiểm tra mở', 'Inspections opened'],
    inspections_concluded: ['Cuộc kiểm tra kết luận', 'Inspections concluded'],
    appeals_lodged: ['Khiếu nại kỷ luật', 'Appeals lodged'],
  };
  const KINDS = {
    province: ['Đảng bộ tỉnh', 'Provincial committee'], district: ['Đảng bộ huyện', 'District committee'],
    grassroots_committee: ['Đảng bộ cơ sở', 'Grassroots committee'],
    grassroots_branch: ['Chi bộ cơ sở', 'Grassroots branch'],
    partial_committee: ['Đảng bộ bộ phận', 'Partial committee'], branch: ['Chi bộ', 'Branch'],
  };
  const GROUPS = [
    ['g.members', ['members_total', 'members_official', 'members_probationary', 'members_exempt',
      'members_temporarily_away', 'members_transfer_pending']],
    ['g.profile', ['members_male', 'members_female', 'members_ethnic_minority', 'members_ethnic_minority_pct']],
    ['g.age', ['age_under_30', 'age_30_40', 'age_41_50', 'age_51_60', 'age_over_60']],
    ['g.movement', ['admissions', 'recognitions', 'transfers_in', 'transfers_out', 'removals', 'resignations',
      'expulsions', 'deaths']],
    ['g.meetings', ['regular_meeting_rate', 'thematic_meeting_rate', 'attendance_rate',
      'meetings_attendance_90_share', 'superior_attendance_share', 'meetings_held', 'regular_meetings_held',
      'thematic_meetings_held']],
    ['g.quality', ['meetings_evaluated', 'meetings_grade_good', 'meetings_grade_fair', 'meetings_grade_average',
      'meetings_grade_poor', 'meetings_good_share', 'average_score']],
    ['g.discipline', ['disciplines', 'discipline_member_reprimand', 'discipline_member_warning',
      'discipline_member_removal_from_post', 'discipline_member_expulsion', 'discipline_org_reprimand',
      'discipline_org_warning', 'discipline_org_dissolution', 'inspections_opened', 'inspections_concluded']],
    ['g.orgs', ['grassroots_committees', 'grassroots_branches', 'branches']],
  ];
  // A rate and the two counts it is made of, shown as "held / required" under the rate.
  const RATE_PARTS = {
    regular_meeting_rate: ['regular_branch_months_met', 'regular_meetings_required'],
    thematic_meeting_rate: ['thematic_branch_quarters_met', 'thematic_meetings_required'],
    attendance_rate: ['attendance_present', 'attendance_expected'],
    meetings_attendance_90_share: ['meetings_attendance_90', 'meetings_held'],
    superior_attendance_share: ['meetings_superior_attended', 'meetings_held'],
    members_ethnic_minority_pct: ['members_ethnic_minority', 'members_total'],
  };
  const CLASS_GRADES = ['excellent', 'good', 'completed', 'not_completed'];
  const CHILD_COLUMNS = ['members_total', 'admissions', 'regular_meeting_rate', 'attendance_rate'];
  const CHART_FIGURES = ['members_total', 'members_probationary', 'members_female', 'members_ethnic_minority',
    'admissions', 'branches', 'regular_meeting_rate', 'thematic_meeting_rate', 'attendance_rate',
    'meetings_attendance_90_share', 'superior_attendance_share', 'meetings_held', 'meetings_good_share',
    'disciplines'];
  const SERIES_FIGURES = ['members_total', 'admissions', 'meetings_held', 'regular_meeting_rate',
    'thematic_meeting_rate', 'attendance_rate', 'superior_attendance_share', 'disciplines'];
  // Figures counted within each month (drawn as columns); the others are levels or rates (drawn as a line).
  const FLOW_FIGURES = new Set(['admissions', 'meetings_held', 'disciplines']);

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

  const $ = (id) => document.getElementById(id);

  function readLang() {
    try {
      return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
    } catch {
      return 'vi';
    }
  }

  function t(key, vars = {}) {
    const text = TEXT[state.lang][key] ?? TEXT.vi[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
  }

  const pick = (pair, fallback) => (pair ? pair[state.lang === 'en' ? 1 : 0] : fallback);
  const figureLabel = (name) => pick(FIGURES[name], name);
  const kindLabel = (kind) => pick(KINDS[kind], kind);
  const locale = () => (state.lang === 'en' ? 'en-GB' : 'vi-VN');
  const isPercent = (name) => /(_pct|_rate|_share)$/.test(name);

  // Decimals arrive as JSON strings ("93.33"), counts as numbers, unknowns as null.
  function toNumber(value) {
    if (value === null || value === undefined || value === '') return null;
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }

  function formatValue(name, value) {
    const number = toNumber(value);
    if (number === null) return '—';
    const digits = Number.isInteger(number) ? 0 : 2;
    const text = new Intl.NumberFormat(locale(), {maximumFractionDigits: digits}).format(number);
    return isPercent(name) ? `${text}\u00a0%` : text; // no line break between a number and its unit
  }

  // ------------------------------------------------------------------------------------------------- DOM helpers
  /** An element with attributes and children (strings become text nodes, never markup). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  }

  function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }

  function clear(node) {
    node.replaceChildren();
    return node;
  }

  function hashFor(org, period) {
    return `#${new URLSearchParams({org, period})}`;
  }

  // ------------------------------------------------------------------------------------------------- token
  /** The claims of a JWT, decoded without verification: only to preselect the token's own organisation. */
  function claimsOf(token) {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return {};
    }
  }

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
    const own = claimsOf(state.token).org;
    state.org = params.get('org') || (own && own !== '*' ? String(own) : '');
    state.period = params.get('period') || String(new Date().getFullYear());
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

  function seriesParams(year) {
    return {from: `${year}-01`, to: `${year}-12`, granularity: 'month'};
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
      $('org-input').focus();
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
      const group = el('section', {class: `group ${id}`, 'aria-labelledby': id}, el('h3', {id, text: t(key)}), list);
      if (key === 'g.age') group.append(ageChart(values));
      host.append(group);
    }
  }

  function ageChart(values) {
    const names = GROUPS.find(([key]) => key === 'g.age')[1];
    return hbarChart(names.map((name) => ({label: figureLabel(name), value: toNumber(values[name]), display:
      formatValue(name, values[name])})), {title: t('g.age'), decorative: true,
      compact: true});
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
        el('h3', {text: title}), stackedBar(parts, title),
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

  function sortedChildren(items) {
    const {key, dir} = state.sort;
    const sign = dir === 'asc' ? 1 : -1;
    const text = (row) => (key === 'name' ? row.org.name : kindLabel(row.org.kind));
    return [...items].sort((a, b) => {
      if (key === 'name' || key === 'kind') return sign * text(a).localeCompare(text(b), locale());
      const x = toNumber(a.figures[key]);
      const y = toNumber(b.figures[key]);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // unknowns last either way
      return sign * (x - y) || a.org.name.localeCompare(b.org.name, locale());
    });
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
    for (const row of sortedChildren(items)) {
      body.append(el('tr', {dataset: {orgId: row.org.id}},
        el('th', {scope: 'row'}, el('a', {href: hashFor(row.org.id, state.period), text: row.org.name})),
        el('td', {text: kindLabel(row.org.kind)}),
        childColumns().map((name) => el('td', {class: 'num', dataset: {figure: name},
          text: formatValue(name, row.figures[name])}))));
    }

    const figure = state.chartFigure;
    // The chart always ranks by the chosen figure (largest first), whatever order the table is sorted in.
    const ranked = [...items].sort((a, b) => (toNumber(b.figures[figure]) ?? -Infinity)
      - (toNumber(a.figures[figure]) ?? -Infinity) || a.org.name.localeCompare(b.org.name, locale()));
    const bars = ranked.map((row) => ({
      label: row.org.name, value: toNumber(row.figures[figure]), display: formatValue(figure, row.figures[figure]),
      href: hashFor(row.org.id, state.period),
    }));
    const caption = t('children.chart', {figure: figureLabel(figure)});
    const host = clear($('children-chart'));
    host.append(hbarChart(bars, {title: caption, percent: isPercent(figure), compact: isNarrow(host)}));
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
      display: formatValue(figure, p.figures[figure]), current: inPeriod(p.period.label)}));
    const caption = t('series.chart', {figure: figureLabel(figure), year: state.data.year});
    chart.append(seriesChart(points, {title: caption, kind: FLOW_FIGURES.has(figure) ? 'column' : 'line',
      percent: isPercent(figure)}));
    $('series-chart-caption').textContent = caption;

    table.tHead.rows[0].append(el('th', {scope: 'col', text: t('col.period')}),
      ...SERIES_FIGURES.map((name) => el('th', {scope: 'col', class: 'num', text: figureLabel(name)})));
    for (const p of series.items) {
      table.tBodies[0].append(el('tr', {}, el('th', {scope: 'row', text: p.period.label}),
        ...SERIES_FIGURES.map((name) => el('td', {class: 'num', text: formatValue(name, p.figures[name])}))));
    }
  }

  /** Whether a month (2026-07) falls inside the chosen period, to highlight it on the chart. */
  function inPeriod(monthText) {
    const period = state.period;
    if (period.length === 4) return monthText.startsWith(period);
    if (period.includes('Q')) {
      const quarter = Number(period.slice(6));
      const month = Number(monthText.slice(5, 7));
      return monthText.startsWith(period.slice(0, 4)) && Math.ceil(month / 3) === quarter;
    }
    return monthText === period;
  }

  // ------------------------------------------------------------------------------------------------- charts
  /** A rounded-up scale maximum (1, 2, 5 × 10ⁿ) so the axis labels are round numbers. */
  function niceMax(value, percent) {
    if (percent) return 100;
    if (!(value > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    const step = [1, 2, 5, 10].find((s) => s * power >= value);
    return step * power;
  }

  function shorten(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  /**
   * Horizontal bars: items [{label, value, display, href?}], one row each; a bar with href is a link (drill
   * down). The SVG scales to its container (viewBox). Wide: the label left of its bar (shortened, the full name
   * in <title>); compact (narrow screens, small charts): the label above its bar, so it stays legible.
   */
  function hbarChart(items, {title, percent = false, decorative = false, compact = false}) {
    const layout = compact
      ? {width: 340, row: 38, labelX: 0, barX: 0, barY: 18, barH: 14, valueWidth: 56, chars: 40}
      : {width: 720, row: 26, labelX: 242, barX: 250, barY: 3, barH: 18, valueWidth: 84, chars: 28};
    const plot = layout.width - layout.barX - layout.valueWidth;
    const height = Math.max(items.length, 1) * layout.row + 6;
    const max = niceMax(Math.max(0, ...items.map((i) => i.value ?? 0)), percent);
    const root = svg('svg', {class: compact ? 'hbar compact' : 'hbar', viewBox: `0 0 ${layout.width} ${height}`,
      role: decorative ? null : 'img', 'aria-hidden': decorative ? 'true' : null,
      'aria-label': decorative ? null : title, preserveAspectRatio: 'xMinYMin meet'});
    if (!decorative) root.append(svg('title', {text: title}));
    items.forEach((item, index) => {
      const barWidth = item.value ? Math.max(1, (item.value / max) * plot) : 0;
      const middle = layout.barY + layout.barH / 2;
      const label = compact
        ? svg('text', {class: 'bar-label', x: 0, y: 12, text: shorten(item.label, layout.chars)})
        : svg('text', {class: 'bar-label', x: layout.labelX, y: middle, 'text-anchor': 'end',
          'dominant-baseline': 'middle', text: shorten(item.label, layout.chars)});
      const group = svg('g', {class: 'bar-row', transform: `translate(0 ${index * layout.row + 3})`},
        svg('title', {text: `${item.label}: ${item.display}`}), label,
        svg('rect', {class: 'bar-track', x: layout.barX, y: layout.barY, width: plot, height: layout.barH, rx: 2}),
        svg('rect', {class: 'bar', x: layout.barX, y: layout.barY, width: barWidth.toFixed(1), height: layout.barH,
          rx: 2}),
        svg('text', {class: 'bar-value', x: layout.barX + plot + 6, y: middle, 'dominant-baseline': 'middle',
          text: item.display}));
      root.append(item.href ? svg('a', {href: item.href, class: 'bar-link'}, group) : group);
    });
    return root;
  }

  /** Monthly series: columns for counts within a month, a line with dots for levels and rates. */
  function seriesChart(points, {title, kind, percent}) {
    const width = 720;
    const height = 260;
    const pad = {left: 48, right: 12, top: 14, bottom: 30};
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const max = niceMax(Math.max(0, ...points.map((p) => p.value ?? 0)), percent);
    const step = plotW / Math.max(points.length, 1);
    const yOf = (v) => pad.top + plotH - (v / max) * plotH;
    const xOf = (i) => pad.left + step * i + step / 2;
    const root = svg('svg', {class: `series series-${kind}`, viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': title, preserveAspectRatio: 'xMinYMin meet'}, svg('title', {text: title}));
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      const y = yOf(max * tick);
      root.append(svg('line', {class: 'grid', x1: pad.left, x2: width - pad.right, y1: y, y2: y}),
        svg('text', {class: 'axis', x: pad.left - 6, y, 'text-anchor': 'end', 'dominant-baseline': 'middle',
          text: new Intl.NumberFormat(locale(), {maximumFractionDigits: 1}).format(max * tick) + (percent ? '\u00a0%' : '')}));
    }
    points.forEach((p, i) => {
      root.append(svg('text', {class: p.current ? 'axis current' : 'axis', x: xOf(i), y: height - 10,
        'text-anchor': 'middle', text: p.label}));
    });
    if (kind === 'column') {
      points.forEach((p, i) => {
        if (p.value === null) return;
        const y = yOf(p.value);
        root.append(svg('rect', {class: p.current ? 'column current' : 'column', x: xOf(i) - step * 0.3, y,
          width: step * 0.6, height: Math.max(0, pad.top + plotH - y)}, svg('title', {text: `${p.label}: ${p.display}`})));
      });
    } else {
      // A gap in the line where a value is unknown (e.g. no meeting held, so no attendance rate).
      let path = '';
      let pen = false;
      points.forEach((p, i) => {
        if (p.value === null) {
          pen = false;
          return;
        }
        path += `${pen ? 'L' : 'M'}${xOf(i).toFixed(1)} ${yOf(p.value).toFixed(1)}`;
        pen = true;
      });
      if (path) root.append(svg('path', {class: 'line', d: path}));
      points.forEach((p, i) => {
        if (p.value === null) return;
        root.append(svg('circle', {class: p.current ? 'dot current' : 'dot', cx: xOf(i), cy: yOf(p.value), r: 4},
          svg('title', {text: `${p.label}: ${p.display}`})));
      });
    }
    return root;
  }

  /** One bar split into shares (percentages summing to about 100). */
  function stackedBar(parts, title) {
    const width = 720;
    const height = 28;
    const root = svg('svg', {class: 'stacked', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title,
      preserveAspectRatio: 'none'}, svg('title', {text: title}));
    let x = 0;
    for (const part of parts) {
      const w = (part.value / 100) * width;
      if (w > 0) {
        root.append(svg('rect', {class: `grade-${part.key}`, x: x.toFixed(1), y: 0, width: w.toFixed(1), height},
          svg('title', {text: `${part.label}: ${formatValue('x_pct', part.value)}`})));
      }
      x += w;
    }
    return root;
  }

  // ------------------------------------------------------------------------------------------------- exports
  const EXPORTS = {
    summary: () => ['summary', {period: state.period}],
    breakdown: () => ['breakdown', {period: state.period}],
    series: () => ['series', seriesParams(state.period.slice(0, 4))],
    targets: () => ['targets', {period: state.period}],
  };

  /** Fetch the file with the token (a plain link could not send it) and hand it to the browser as a blob. */
  async function download(report, format) {
    const [path, params] = EXPORTS[report]();
    setStatus(t('exports.busy'));
    try {
      const response = await request(reportPath(state.org, path), {...params, format});
      const blob = await response.blob();
      const disposition = response.headers.get('content-disposition') || '';
      const match = /filename="?([^";]+)"?/i.exec(disposition);
      const name = match ? match[1] : `${report}-${state.period}.${format}`;
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
    const org = $('org-input').value.trim();
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
    let narrow = null;
    window.addEventListener('resize', () => {
      const now = isNarrow($('children-chart'));
      if (state.data && now !== narrow) renderChildren();
      narrow = now;
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
})();
