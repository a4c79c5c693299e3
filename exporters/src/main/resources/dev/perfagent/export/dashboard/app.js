// perf-agent dashboard: the page's main loop.
//
// Reads GET status every 2 s (live figures, layer states, the agent's notes) and GET history (the
// figures the agent samples every few seconds, for the charts): whole at load, then only the new
// samples (?since=) once per sampling interval. All requests are relative to the page, so the
// dashboard works behind a path prefix, and nothing is fetched from anywhere else. Polling pauses
// while the tab is hidden.
//
// Every 5 s it also reads GET recommendations (the latest profiling window's findings) and, when a new
// window has ended, GET profile/cpu and profile/alloc (that window's stacks, collapsed) for the flame
// graphs.
//
// The "gpu" member of /status: the accelerator the agent chose (cuda, or the CPU standing in) and why,
// its devices with their latest readings (utilization 0..1, this process's share processUtilization 0..1,
// memory used and total, temperature and power where the device reports them; null where unknown), and the
// staging buffer pool:
//   "gpu": { "mode": "auto", "accelerator": "cpu", "reason": "no CUDA (...)", "devices": [ { "kind": "cpu",
//       "index": 0, "name": "...", "utilization": 0.42, "processUtilization": 0.4, "memoryUsedBytes": 1.2e10,
//       "totalMemoryBytes": 2.4e10,
//       "temperatureCelsius": null, "powerWatts": null } ], "stagingPool": { ... } }
// Without it (an older agent) the panel says "not available in this agent yet".
//
// Security: the page shows what /status and /history carry (method and rule names, figures,
// states), and puts every text in with textContent. Argument values and cache keys (a cache's
// "hot_keys") are in /status only when the agent runs with export.http.show-values: true.
//
// Access: with export.http.token, the page is opened once as /?token=<token>. The token is taken
// out of the address bar (so it is not bookmarked, shared or kept in the history), kept for this tab
// only (sessionStorage, so a reload still works) and sent as "Authorization: Bearer" on every
// request the page makes.

import { TimeChart } from './chart.js';
import { drawFlameGraph, parseCollapsed } from './flamegraph.js';
import { History } from './history.js';
import { SiteCard, latest } from './site-card.js';
import * as fmt from './format.js';

const { el, setText, isNumber } = fmt;

const STATUS_EVERY_MS = 2000;
/** Recommendations change once a profiling window (60 s by default); a few seconds late is fine. */
const ADVICE_EVERY_MS = 5000;
/**
 * While there are no more sites than this, and until the user opens or closes one, cards open by
 * themselves; beyond it they start collapsed: the page lists 200 sites but draws a few.
 */
const OPEN_BY_THEMSELVES_UP_TO = 6;
const GPU_POINTS = 450; // 15 minutes of 2-second polls

const page = {
  status: null,
  history: new History(),
  cards: new Map(),
  filter: '',
  sort: 'name',
  agentKey: null,
  gpu: new Map(),
  userChoseCards: false,
};

const $ = (id) => document.getElementById(id);

// Charts draw only while on screen.
const chartsByElement = new Map();
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const chart = chartsByElement.get(entry.target);
    if (chart) chart.setVisible(entry.isIntersecting);
  }
});
const cardContext = {
  history: page.history,
  observe(chart) {
    chartsByElement.set(chart.root, chart);
    observer.observe(chart.root);
  },
  unobserve(chart) {
    observer.unobserve(chart.root);
    chartsByElement.delete(chart.root);
    chart.setVisible(false);
  },
  userToggled() {
    page.userChoseCards = true;
  },
};

const TOKEN_KEY = 'perf-agent-token';
const token = takeToken();

/** The token from ?token= (then removed from the address bar) or from earlier in this tab; or null. */
function takeToken() {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  if (given === null) {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null; // storage turned off
    }
  }
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  try {
    window.sessionStorage.setItem(TOKEN_KEY, given);
  } catch (e) {
    // storage turned off: the token serves this load only
  }
  return given;
}

async function getJson(path) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, { cache: 'no-store', headers });
  if (response.status === 401) throw new Error('unauthorized: open this page as ?token=<token>');
  if (!response.ok) throw new Error(path.split('?')[0] + ': HTTP ' + response.status);
  return response.json();
}

function showConnection(ok, detail) {
  const badge = $('connection');
  badge.className = 'connection ' + (ok ? 'live' : 'lost');
  setText(badge, ok ? 'live · ' + new Date().toLocaleTimeString() : 'no answer (' + detail + '); retrying');
}

// ---- status ---------------------------------------------------------------------------------

function onStatus(status) {
  // A new agent (restart, or detach and attach again) starts a new history.
  const key = status.pid + '@' + status.startedAt;
  if (page.agentKey !== null && page.agentKey !== key) {
    page.history = cardContext.history = new History();
    loadHistory().catch((e) => showConnection(false, e.message));
  }
  page.agentKey = key;
  page.status = status;
  renderAgent(status);
  renderSites(status.sites || []);
  renderSummary(status);
  renderGpu(status.gpu);
}

function renderAgent(status) {
  setText($('service'), status.service || 'perf-agent');
  document.title = (status.service || 'perf-agent') + ' · perf-agent';
  const self = status.self || {};
  const started = Date.parse(status.startedAt);
  const rows = [
    ['agent', status.agentVersion + ' (' + status.startMode + ')'],
    ['pid · Java', status.pid + ' · ' + status.javaVersion],
    ['up', isNaN(started) ? '–' : fmt.duration(Date.now() - started)],
    ['config', status.config],
    ['woven', self.sites + ' methods in ' + self.wovenClasses + ' classes'],
    ['faults survived', fmt.number(self.faults)],
  ];
  const list = $('agent-figures');
  if (list.children.length !== rows.length * 2) {
    list.replaceChildren();
    for (const [name] of rows) list.append(el('dt', null, name), el('dd'));
  }
  rows.forEach(([, value], i) => setText(list.children[i * 2 + 1], value));
  const notes = status.notes || [];
  const key = notes.join('\n');
  if ($('notes').dataset.key !== key) {
    $('notes').dataset.key = key;
    $('notes').replaceChildren(...notes.map((n) => el('li', null, n)));
  }
}

function renderSummary(status) {
  const sites = status.sites || [];
  let calls = 0;
  let errors = 0;
  let overSlo = 0;
  let open = 0;
  for (const site of sites) {
    const h = page.history.site(site.method);
    calls += latest(h && h.series.callsPerSec) || 0;
    errors += latest(h && h.series.errorsPerSec) || 0;
    if (isNumber(site.sloMs) && isNumber(site.p99Ms) && site.p99Ms > site.sloMs) overSlo++;
    for (const p of site.protections || []) if (/OPEN$/i.test(p.state || '') && !/HALF/i.test(p.state)) open++;
  }
  setText($('sum-sites'), fmt.number(sites.length));
  setText($('sum-calls'), fmt.perSecond(calls));
  setText($('sum-errors'), fmt.perSecond(errors));
  setText($('sum-slo'), String(overSlo));
  $('sum-slo').parentElement.classList.toggle('bad', overSlo > 0);
  setText($('sum-open'), String(open));
  $('sum-open').parentElement.classList.toggle('bad', open > 0);
}

// ---- sites ----------------------------------------------------------------------------------

function renderSites(sites) {
  const list = $('sites');
  const seen = new Set();
  let added = false;
  for (const site of sites) {
    seen.add(site.method);
    let card = page.cards.get(site.method);
    if (!card) {
      card = new SiteCard(site.method, cardContext);
      page.cards.set(site.method, card);
      list.appendChild(card.root);
      added = true;
    }
    card.update(site);
  }
  for (const [method, card] of page.cards) {
    if (!seen.has(method)) {
      card.setExpanded(false);
      card.root.remove();
      page.cards.delete(method);
    }
  }
  if (added) {
    if (!page.userChoseCards && page.cards.size <= OPEN_BY_THEMSELVES_UP_TO) {
      for (const card of page.cards.values()) card.setExpanded(true);
    }
    sortCards();
  }
  applyFilter();
  setText($('empty'), sites.length === 0 ? 'No method is woven yet: check the rules in the config and the notes below.' : '');
}

const SORTS = {
  name: (a, b) => a.method.localeCompare(b.method, undefined, { numeric: true }),
  p99: (a, b) => (b.site?.p99Ms ?? -1) - (a.site?.p99Ms ?? -1),
  calls: (a, b) => b.callsPerSec() - a.callsPerSec(),
  slo: (a, b) => sloShare(b) - sloShare(a),
  errors: (a, b) => (b.site?.errors ?? 0) / Math.max(1, b.site?.calls ?? 0) - (a.site?.errors ?? 0) / Math.max(1, a.site?.calls ?? 0),
};

function sloShare(card) {
  const s = card.site;
  return s && s.calls > 0 ? s.sloViolations / s.calls : 0;
}

function sortCards() {
  const cards = [...page.cards.values()].sort(SORTS[page.sort] || SORTS.name);
  const list = $('sites');
  for (const card of cards) list.appendChild(card.root);
}

function applyFilter() {
  let shown = 0;
  for (const card of page.cards.values()) {
    const match = card.matches(page.filter);
    card.root.hidden = !match;
    if (match) shown++;
  }
  setText($('site-count'), shown === page.cards.size ? shown + ' sites' : shown + ' of ' + page.cards.size + ' sites');
}

function setupToolbar() {
  $('filter').addEventListener('input', (e) => {
    page.filter = e.target.value.trim().toLowerCase();
    applyFilter();
  });
  $('sort').addEventListener('change', (e) => {
    page.sort = e.target.value;
    sortCards();
  });
  $('expand-all').addEventListener('click', () => {
    page.userChoseCards = true;
    for (const card of page.cards.values()) if (!card.root.hidden) card.setExpanded(true);
  });
  $('collapse-all').addEventListener('click', () => {
    page.userChoseCards = true;
    for (const card of page.cards.values()) card.setExpanded(false);
  });
  let resize = null;
  window.addEventListener('resize', () => {
    clearTimeout(resize);
    resize = setTimeout(() => {
      for (const chart of chartsByElement.values()) {
        chart.dirty = true;
        if (chart.visible) chart.render();
      }
    }, 150);
  });
}

// ---- history --------------------------------------------------------------------------------

async function loadHistory() {
  const history = page.history;
  const since = history.lastTime();
  const answer = await getJson(since === null ? 'history' : 'history?since=' + since);
  if (history !== page.history) return; // a new agent replaced it meanwhile
  history.append(answer);
  for (const card of page.cards.values()) card.refreshCharts();
  if (page.status) renderSummary(page.status);
}

// ---- recommendations, GPU, flame graphs ------------------------------------------------------

function notYet(container, what) {
  if (container.dataset.state === 'absent') return;
  container.dataset.state = 'absent';
  container.replaceChildren(el('p', 'muted', what + ' not available in this agent yet.'));
}

/** One evidence figure as text: "name: value unit [low–high]". */
function evidenceText(e) {
  const range = isNumber(e.low) && isNumber(e.high) ? ' [' + e.low + '–' + e.high + ']' : '';
  return e.name + ': ' + e.value + ' ' + e.unit + range;
}

/** /recommendations: the latest profiling window's findings, most important first. */
function renderRecommendations(report) {
  const box = $('recommendations');
  if (!report || report.state === 'off') {
    if (box.dataset.state === 'off') return;
    box.dataset.state = 'off';
    box.dataset.key = '';
    box.replaceChildren(el('p', 'muted', 'Profiling is off: add a profiling section to the config for recommendations.'));
    return;
  }
  const key = report.state + '|' + report.windowEnd + '|' + JSON.stringify(report.recommendations);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.dataset.state = report.state;
  if (report.state !== 'ready') {
    box.replaceChildren(el('p', 'muted', 'Profiling: the first window has not ended yet.'));
    return;
  }
  const window = el('p', 'muted', 'window ending ' + new Date(report.windowEnd).toLocaleTimeString() + ' · CPU by '
      + report.engine + (report.cpuSharesApproximate ? ' (shares approximate)' : '') + ' · ' + report.windows
      + ' windows analysed');
  const recommendations = report.recommendations || [];
  if (recommendations.length === 0) {
    box.replaceChildren(window, el('p', 'muted', 'No recommendation: nothing stands out in the last window.'));
    return;
  }
  const list = el('ol', 'recommendation-list');
  for (const r of recommendations) {
    const item = el('li', 'recommendation severity-' + String(r.severity || 'info').toLowerCase());
    item.dataset.kind = r.kind;
    const head = el('div', 'recommendation-head');
    head.append(el('span', 'tag severity', r.severity), el('b', null, r.kind));
    if (r.gain) head.appendChild(el('span', 'gain', 'predicted: ' + r.gain.summary));
    item.append(head, el('p', 'full-method', r.where), el('p', null, r.action));
    if (Array.isArray(r.evidence) && r.evidence.length) {
      const evidence = el('ul', 'evidence');
      for (const e of r.evidence) evidence.appendChild(el('li', null, evidenceText(e)));
      item.appendChild(evidence);
    }
    if (r.config) item.appendChild(el('pre', 'config', r.config));
    if (r.gain && r.gain.formula) item.appendChild(el('p', 'formula muted', 'how: ' + r.gain.formula));
    list.appendChild(item);
  }
  box.replaceChildren(window, list);
}

function renderGpu(gpu) {
  const box = $('gpu');
  if (!gpu || !Array.isArray(gpu.devices)) return notYet(box, 'GPU figures are');
  if (box.dataset.state !== 'present') {
    box.dataset.state = 'present';
    box.replaceChildren();
    page.gpu.clear();
    page.gpuHead = el('p', 'gpu-accelerator muted');
    box.appendChild(page.gpuHead);
  }
  setText(page.gpuHead, 'accelerator ' + (gpu.accelerator || 'choosing…') + ' (gpu.mode ' + gpu.mode + ')'
    + (gpu.reason ? ': ' + gpu.reason : '') + stagingText(gpu.stagingPool));
  const now = Date.now();
  for (const d of gpu.devices) {
    const key = d.kind + ':' + d.index;
    let view = page.gpu.get(key);
    if (!view) {
      view = gpuView(box, d);
      page.gpu.set(key, view);
    }
    const used = d.memoryUsedBytes >= 0 ? d.memoryUsedBytes : null;
    const utilizationPct = isNumber(d.utilization) ? d.utilization * 100 : null;
    const memoryPct = used !== null && d.totalMemoryBytes > 0 ? (used / d.totalMemoryBytes) * 100 : null;
    view.times.push(now);
    view.values.utilizationPct.push(utilizationPct);
    view.values.memoryPct.push(memoryPct);
    if (view.times.length > GPU_POINTS) {
      view.times.shift();
      view.values.utilizationPct.shift();
      view.values.memoryPct.shift();
    }
    setText(view.figures, 'utilisation ' + fmt.percent(utilizationPct)
      + (isNumber(d.processUtilization) ? ' (this process ' + fmt.ratio(d.processUtilization) + ')' : '')
      + ' · memory '
      + (used === null ? '–' : fmt.bytes(used)) + ' of ' + fmt.bytes(d.totalMemoryBytes)
      + (isNumber(d.temperatureCelsius) ? ' · ' + Math.round(d.temperatureCelsius) + ' °C' : '')
      + (isNumber(d.powerWatts) ? ' · ' + Math.round(d.powerWatts) + ' W' : ''));
    view.chart.setData(view.times, view.values);
  }
}

function stagingText(pool) {
  if (!pool) return '';
  return ' · staging buffers (' + pool.memory + '): ' + fmt.bytes(pool.allocatedBytes) + ' of '
    + fmt.bytes(pool.maxBytes) + ', ' + pool.reuses + ' reuses, ' + pool.overflows + ' overflows'
    + (pool.unpooledBeforeChoice > 0 ? ', ' + pool.unpooledBeforeChoice + ' unpooled before the choice' : '');
}

function gpuView(box, d) {
  const section = el('section', 'panel panel-gpu');
  section.appendChild(el('h4', null, (d.kind === 'cuda' ? 'GPU ' : d.kind + ' ') + d.index + ' ' + (d.name || '')));
  const figures = el('p', 'gpu-figures');
  section.appendChild(figures);
  const chart = new TimeChart(section, {
    title: 'utilisation and memory', format: fmt.percent,
    series: [
      { key: 'utilizationPct', label: 'utilisation', color: '--c1' },
      { key: 'memoryPct', label: 'memory', color: '--c2' },
    ],
  });
  cardContext.observe(chart);
  box.appendChild(section);
  return { figures, chart, times: [], values: { utilizationPct: [], memoryPct: [] } };
}

const FLAME_KINDS = ['cpu', 'alloc'];

async function getText(path) {
  const headers = {};
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, { cache: 'no-store', headers });
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.text();
}

/** The latest window's CPU and allocation stacks as flame graphs, fetched once per window. */
async function renderFlameGraphs(report) {
  const box = $('flamegraphs');
  if (!report || report.state !== 'ready') {
    const state = report ? report.state : 'off';
    if (box.dataset.state === state) return;
    box.dataset.state = state;
    box.dataset.window = '';
    box.replaceChildren(el('p', 'muted', state === 'off'
        ? 'Profiling is off: add a profiling section to the config for flame graphs.'
        : 'Profiling: the first window has not ended yet.'));
    return;
  }
  if (box.dataset.window === report.windowEnd) return;
  const texts = await Promise.all(FLAME_KINDS.map((kind) => getText('profile/' + kind)));
  box.dataset.window = report.windowEnd;
  box.dataset.state = 'present';
  box.replaceChildren();
  FLAME_KINDS.forEach((kind, i) => {
    const root = parseCollapsed(texts[i]);
    if (!root.value) return;
    const figure = el('figure', 'flamegraph');
    figure.dataset.kind = kind;
    const canvas = el('canvas');
    figure.append(canvas, el('figcaption', null, kind + ' · ' + fmt.number(root.value)
        + (kind === 'cpu' ? ' samples' : ' allocation samples') + ' · window ending '
        + new Date(report.windowEnd).toLocaleTimeString()));
    box.appendChild(figure);
    drawFlameGraph(canvas, root, kind + ' flame graph');
  });
  if (!box.children.length) box.appendChild(el('p', 'muted', 'No samples in the last window.'));
}

// ---- loops ----------------------------------------------------------------------------------

function every(millis, task) {
  const run = async () => {
    if (!document.hidden) {
      try {
        await task();
        showConnection(true);
      } catch (e) {
        showConnection(false, e.message);
      }
    }
    setTimeout(run, typeof millis === 'function' ? millis() : millis);
  };
  return run;
}

async function start() {
  setupToolbar();
  const pollStatus = every(STATUS_EVERY_MS, async () => onStatus(await getJson('status')));
  const pollHistory = every(() => page.history.intervalMs, loadHistory);
  const pollAdvice = every(ADVICE_EVERY_MS, async () => {
    const report = await getJson('recommendations');
    renderRecommendations(report);
    await renderFlameGraphs(report);
  });
  // History first, so the cards' first figures and charts have their past.
  try {
    await loadHistory();
  } catch (e) {
    showConnection(false, e.message);
  }
  await pollStatus();
  document.body.dataset.loaded = 'true';
  setTimeout(pollHistory, page.history.intervalMs);
  pollAdvice();
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) loadHistory().catch((e) => showConnection(false, e.message));
  });
}

start();
