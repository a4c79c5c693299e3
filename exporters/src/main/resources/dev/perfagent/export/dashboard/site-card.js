// perf-agent dashboard: one card per woven method. The header (always there) carries the live
// figures from /status; the body (built on first expand, charts drawn only while on screen) carries
// the charts from the history and one panel per layer: batch, and each protection layer read
// generically from its /status object, so a layer the page does not know still shows its figures.

import { TimeChart } from './chart.js';
import * as fmt from './format.js';

const { el, setText, isNumber } = fmt;

/** States that mean a layer is turning calls away; their badges and chart bands are red. */
const BAD_STATES = new Set(['OPEN', 'FORCED_OPEN', 'REJECTING', 'LIMITED']);
const WARN_STATES = new Set(['HALF_OPEN', 'DISABLED']);
const STATE_BANDS = { OPEN: '--band-bad', FORCED_OPEN: '--band-bad', HALF_OPEN: '--band-warn' };

/**
 * The charts of the protection layers this page knows, by layer name; a chart shows when the
 * history has at least one of its series. Layers not listed get one chart per series.
 */
const LAYER_CHARTS = {
  cache: [
    { title: 'hit ratio', series: ['hit_ratio'], format: fmt.ratio },
    { title: 'entries', series: ['size'], format: fmt.number },
    { title: 'hits and misses', series: ['hits_per_s', 'misses_per_s'], format: fmt.perSecond },
  ],
  circuit_breaker: [
    // Shares from 0 to 1 (the metrics' _ratio), shown as percentages.
    { title: 'failure rate', series: ['failure_rate_ratio', 'slow_call_rate_ratio'], format: fmt.ratio, bands: 'state' },
    { title: 'calls not permitted', series: ['not_permitted_per_s', 'rejected_per_s'], format: fmt.perSecond, bands: 'state' },
  ],
  concurrency_limit: [
    { title: 'limit vs in flight', series: ['limit', 'in_flight'], format: fmt.number },
    { title: 'rejected', series: ['rejected_per_s'], format: fmt.perSecond },
  ],
  rate_limit: [
    { title: 'permitted and rejected', series: ['permitted_per_s', 'rejected_per_s'], format: fmt.perSecond },
    { title: 'waiting', series: ['waiting'], format: fmt.number },
  ],
};

const COLORS = ['--c1', '--c2', '--c3', '--c4'];

export function stateClass(state) {
  const s = String(state).toUpperCase();
  if (BAD_STATES.has(s)) return 'state-bad';
  if (WARN_STATES.has(s)) return 'state-warn';
  if (s === 'CLOSED') return 'state-ok';
  return 'state-neutral';
}

/** The last non-null value of an array, or null. */
export function latest(values) {
  if (!values) return null;
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return values[i];
  return null;
}

export class SiteCard {
  /**
   * @param {string} method the site's key
   * @param {object} context {history, observe(chart), unobserve(chart), userToggled()}
   */
  constructor(method, context) {
    this.method = method;
    this.context = context;
    this.site = null;
    this.expanded = false;
    this.body = null;
    this.charts = [];

    this.root = el('article', 'card');
    this.root.dataset.method = method;
    const header = el('header', 'card-header');
    this.toggle = el('button', 'toggle');
    this.toggle.type = 'button';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.title = method;
    this.toggle.append(el('span', 'chevron', '▸'), el('span', 'method', fmt.shortMethod(method)));
    this.toggle.addEventListener('click', () => {
      context.userToggled();
      this.setExpanded(!this.expanded);
    });
    this.rule = el('span', 'tag rule');
    this.badges = el('span', 'badges');
    const figures = el('span', 'figures');
    this.calls = figureSlot(figures, 'calls');
    this.p99 = figureSlot(figures, 'p99');
    this.errors = figureSlot(figures, 'errors');
    this.slo = figureSlot(figures, 'SLO');
    header.append(this.toggle, this.rule, this.badges, figures);
    this.root.appendChild(header);
  }

  /** Live figures from /status for this site. */
  update(site) {
    this.site = site;
    setText(this.rule, site.rule);
    this.renderBadges(site);
    const h = this.context.history.site(this.method);
    setText(this.calls, fmt.perSecond(latest(h && h.series.callsPerSec)));
    setText(this.errors, fmt.perSecond(latest(h && h.series.errorsPerSec)));
    setText(this.p99, fmt.ms(site.p99Ms));
    const over = isNumber(site.sloMs) && isNumber(site.p99Ms) && site.p99Ms > site.sloMs;
    this.p99.classList.toggle('bad', over);
    setText(this.slo, isNumber(site.sloMs)
      ? fmt.ms(site.sloMs) + (site.calls > 0 ? ' · ' + fmt.ratio(site.sloViolations / site.calls) + ' over' : '')
      : 'none');
    this.root.classList.toggle('over-slo', over);
    if (this.expanded) this.updateBody();
  }

  renderBadges(site) {
    const key = JSON.stringify([site.layers, (site.protections || []).map((p) => [p.layer, p.state])]);
    if (this.badgeKey === key) return;
    this.badgeKey = key;
    this.badges.replaceChildren();
    for (const key of site.layers || []) {
      if (key === 'time' || key === 'timing') continue; // every site is timed
      // "layers" holds config keys (circuit-breaker), "protections" metric names (circuit_breaker).
      const layer = key.replace(/-/g, '_');
      const protection = (site.protections || []).find((p) => p.layer === layer);
      const badge = el('span', 'tag layer', fmt.words(layer));
      if (protection && typeof protection.state === 'string') {
        badge.append(' ', el('b', 'state ' + stateClass(protection.state), protection.state));
        badge.dataset.state = protection.state;
      }
      badge.dataset.layer = layer;
      this.badges.appendChild(badge);
    }
  }

  matches(filter) {
    if (!filter) return true;
    const site = this.site || {};
    const text = [this.method, site.rule || '', ...(site.layers || [])].join(' ').toLowerCase();
    return filter.split(/\s+/).every((word) => text.includes(word));
  }

  setExpanded(expanded) {
    if (expanded === this.expanded) return;
    this.expanded = expanded;
    this.toggle.setAttribute('aria-expanded', String(expanded));
    this.root.classList.toggle('expanded', expanded);
    if (expanded) {
      if (!this.body) this.buildBody();
      this.body.hidden = false;
      for (const chart of this.charts) this.context.observe(chart);
      this.updateBody();
      this.refreshCharts();
    } else if (this.body) {
      this.body.hidden = true;
      for (const chart of this.charts) this.context.unobserve(chart);
    }
  }

  buildBody() {
    this.body = el('div', 'card-body');
    this.fullName = el('p', 'full-method', this.method);
    const grid = el('div', 'chart-grid');
    this.latency = this.addChart(grid, {
      title: 'latency (recent window)', format: fmt.ms, thresholdLabel: 'SLO',
      series: [
        { key: 'p50Ms', label: 'p50', color: '--c1' },
        { key: 'p99Ms', label: 'p99', color: '--c2' },
        { key: 'p999Ms', label: 'p99.9', color: '--c3' },
      ],
    }, 'chart-latency');
    this.throughput = this.addChart(grid, {
      title: 'throughput', format: fmt.perSecond,
      series: [
        { key: 'callsPerSec', label: 'calls', color: '--c1' },
        { key: 'errorsPerSec', label: 'errors', color: '--c2' },
        { key: 'sloViolationsPerSec', label: 'over SLO', color: '--c3' },
      ],
    }, 'chart-throughput');
    this.panels = el('div', 'panels');
    this.batchPanel = null;
    this.layerPanels = new Map();
    this.body.append(this.fullName, grid, this.panels);
    this.root.appendChild(this.body);
  }

  addChart(parent, options, className) {
    const chart = new TimeChart(parent, options);
    if (className) chart.root.classList.add(className);
    this.charts.push(chart);
    if (this.expanded) this.context.observe(chart);
    return chart;
  }

  updateBody() {
    const site = this.site;
    if (!site || !this.body) return;
    if (site.batch) {
      if (!this.batchPanel) {
        this.batchPanel = new BatchPanel(this.panels, this);
      }
      this.batchPanel.update(site.batch);
    }
    for (const protection of site.protections || []) {
      let panel = this.layerPanels.get(protection.layer);
      if (!panel) {
        panel = new LayerPanel(this.panels, protection.layer, this);
        this.layerPanels.set(protection.layer, panel);
        panel.refreshCharts(this.context.history);
      }
      panel.update(protection);
    }
  }

  /** New history samples: hands each chart its arrays; only charts on screen draw. */
  refreshCharts() {
    if (!this.expanded) return;
    const history = this.context.history;
    const h = history.site(this.method);
    const series = h ? h.series : {};
    this.latency.setThreshold(this.site ? this.site.sloMs : h && h.meta.sloMs);
    this.latency.setData(history.times, series);
    this.throughput.setData(history.times, series);
    if (this.batchPanel) this.batchPanel.refreshCharts(history);
    for (const panel of this.layerPanels.values()) panel.refreshCharts(history);
  }

  /** Sort keys. */
  callsPerSec() {
    const h = this.context.history.site(this.method);
    return latest(h && h.series.callsPerSec) || 0;
  }
}

function figureSlot(parent, label) {
  const slot = el('span', 'figure');
  const value = el('b', null, '–');
  slot.append(el('span', 'figure-label', label + ' '), value);
  parent.appendChild(slot);
  return value;
}

/** A definition list whose rows are created on first use and then only updated. */
class FigureList {
  constructor(parent) {
    this.root = el('dl', 'figure-list');
    this.rows = new Map();
    parent.appendChild(this.root);
  }

  set(name, text, className) {
    let row = this.rows.get(name);
    if (!row) {
      const dt = el('dt', null, name);
      const dd = el('dd');
      this.root.append(dt, dd);
      row = dd;
      this.rows.set(name, row);
    }
    setText(row, text);
    row.className = className || '';
  }
}

class BatchPanel {
  constructor(parent, card) {
    this.card = card;
    this.root = el('section', 'panel panel-batch');
    this.root.appendChild(el('h4', null, 'batch'));
    this.via = el('p', 'via');
    this.distribution = new SizeDistribution(this.root);
    this.figures = new FigureList(this.root);
    this.root.insertBefore(this.via, this.distribution.root);
    const charts = el('div', 'chart-grid');
    this.root.appendChild(charts);
    this.sizeChart = card.addChart(charts, {
      title: 'batch size', format: fmt.number,
      series: [
        { key: 'meanSize', label: 'mean', color: '--c1' },
        { key: 'cap', label: 'cap', color: '--c2' },
      ],
    }, 'chart-batch-size');
    this.itemsChart = card.addChart(charts, {
      title: 'items', format: fmt.perSecond,
      series: [{ key: 'itemsPerSec', label: 'items', color: '--c1' }],
    }, 'chart-batch-items');
    parent.appendChild(this.root);
  }

  update(b) {
    setText(this.via, 'via ' + b.via);
    this.distribution.update(b);
    const f = this.figures;
    f.set('state', b.enabled ? 'batching' : 'off: ' + (b.offReason || 'unknown'), b.enabled ? '' : 'bad');
    f.set('cap', fmt.number(b.cap) + ' of max ' + fmt.number(b.maxSize));
    f.set('batch size', 'mean ' + fmt.number(b.meanBatchSize) + ' · p50 ' + fmt.number(b.p50BatchSize)
      + ' · p99 ' + fmt.number(b.p99BatchSize) + ' · max ' + fmt.number(b.maxBatchSize));
    f.set('queue wait', 'p50 ' + fmt.ms(b.queueWaitP50Ms) + ' · p99 ' + fmt.ms(b.queueWaitP99Ms));
    f.set('batch time', 'p50 ' + fmt.ms(b.serviceP50Ms) + ' · p99 ' + fmt.ms(b.serviceP99Ms));
    f.set('delay', fmt.ms(b.delayMs));
    f.set('items / batches', fmt.number(b.items) + ' / ' + fmt.number(b.batches));
    f.set('callers in the method', fmt.number(b.callerConcurrency));
    f.set('observed p99 / SLO', fmt.ms(b.observedP99Ms) + ' / ' + (isNumber(b.sloMs) ? fmt.ms(b.sloMs) : 'none'),
      isNumber(b.sloMs) && b.observedP99Ms > b.sloMs ? 'bad' : '');
    f.set('limited by', b.limitedBy || '–');
    const turnedAway = b.rejectedFull + b.rejectedShed + b.timedOut;
    f.set('turned away', 'queue full ' + fmt.number(b.rejectedFull) + ' · shed ' + fmt.number(b.rejectedShed)
      + ' · timed out ' + fmt.number(b.timedOut), turnedAway > 0 ? 'warn' : '');
    f.set('failed alone / ran alone', fmt.number(b.isolatedFailures) + ' / ' + fmt.number(b.runAlone));
    if (b.memoryAware) {
      f.set('device memory', b.memoryAware === 'on'
        ? (isNumber(b.memoryPerItemBytes) ? fmt.bytes(b.memoryPerItemBytes) + ' per item' : 'learning')
          + (isNumber(b.memoryCap) ? ' · cap ' + fmt.number(b.memoryCap) : '')
        : b.memoryAware + (isNumber(b.memoryCap) ? ' · out-of-memory cap ' + fmt.number(b.memoryCap) : ''));
    }
  }

  refreshCharts(history) {
    const h = history.site(this.card.method);
    const batch = h ? h.batch : {};
    this.sizeChart.setData(history.times, batch);
    this.itemsChart.setData(history.times, batch);
  }
}

/**
 * Batch sizes on a scale from 0 to the configured max-size: a bar to the median, a lighter one to
 * the p99, a tick at the largest batch and a line at the controller's cap.
 */
class SizeDistribution {
  constructor(parent) {
    this.root = el('div', 'size-distribution');
    this.root.title = 'batch sizes: median (dark), p99 (light), largest (tick), cap (line), on 0 … max-size';
    this.p99 = el('span', 'size-p99');
    this.p50 = el('span', 'size-p50');
    this.max = el('span', 'size-max');
    this.cap = el('span', 'size-cap');
    this.scale = el('span', 'size-scale');
    this.root.append(this.p99, this.p50, this.max, this.cap, this.scale);
    parent.appendChild(this.root);
  }

  update(b) {
    const full = Math.max(1, b.maxSize || 1, b.maxBatchSize || 0);
    const at = (v) => (isNumber(v) ? Math.min(100, (v / full) * 100) : 0) + '%';
    // Positions through the CSS object model, which the page's Content-Security-Policy allows.
    this.p50.style.width = at(b.p50BatchSize);
    this.p99.style.width = at(b.p99BatchSize);
    this.max.style.left = at(b.maxBatchSize);
    this.cap.style.left = at(b.cap);
    setText(this.scale, '0 … ' + fmt.number(full));
  }
}

class LayerPanel {
  constructor(parent, layer, card) {
    this.layer = layer;
    this.card = card;
    this.root = el('section', 'panel panel-layer');
    this.root.dataset.layer = layer;
    const title = el('h4', null, fmt.words(layer));
    this.state = el('span', 'state');
    title.append(' ', this.state);
    this.root.appendChild(title);
    this.usage = null;
    this.figures = new FigureList(this.root);
    this.chartGrid = el('div', 'chart-grid');
    this.root.appendChild(this.chartGrid);
    this.charts = new Map();
    parent.appendChild(this.root);
  }

  /**
   * The layer's /status object: "layer", state words (strings), figures (numbers or labelled
   * points), and lists of values from the host's data (arrays of strings, e.g. a cache's
   * "hot_keys"), present only when the agent runs with export.http.show-values: true.
   */
  update(status) {
    const states = [];
    for (const [name, value] of Object.entries(status)) {
      if (name === 'layer') continue;
      if (Array.isArray(value)) {
        this.showList(name, value);
      } else if (typeof value === 'string') {
        states.push(name);
        this.figures.set(fmt.words(name), value, stateClass(value));
      } else if (isNumber(value)) {
        this.figures.set(fmt.words(name), fmt.figure(this.layer, name, value));
      } else if (value && typeof value === 'object') {
        const points = Object.entries(value).map(([labels, v]) => labels + ': ' + fmt.figure(this.layer, name, v));
        this.figures.set(fmt.words(name), points.join(' · '));
      }
    }
    const state = typeof status.state === 'string' ? status.state : null;
    setText(this.state, state || '');
    this.state.className = 'state ' + (state ? stateClass(state) : '');
    this.root.dataset.state = state || '';
    if (isNumber(status.limit) && isNumber(status.in_flight)) this.showUsage(status.in_flight, status.limit);
  }

  /** A list of values (a cache's hottest keys), one per line, as text. */
  showList(name, values) {
    if (!this.lists) this.lists = new Map();
    let list = this.lists.get(name);
    if (!list) {
      const box = el('div', 'value-list');
      box.dataset.list = name;
      list = el('ol');
      box.append(el('h5', null, fmt.words(name)), list);
      this.root.insertBefore(box, this.chartGrid);
      this.lists.set(name, list);
    }
    const key = values.join('\n');
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    list.replaceChildren(...values.map((v) => el('li', null, String(v))));
  }

  /** In flight against the limit, as a bar: the limiter's headroom at a glance. */
  showUsage(inFlight, limit) {
    if (!this.usage) {
      this.usage = el('div', 'usage');
      this.usageBar = el('span', 'usage-bar');
      this.usageText = el('span', 'usage-text');
      this.usage.append(this.usageBar, this.usageText);
      this.root.insertBefore(this.usage, this.figures.root);
    }
    const share = limit > 0 ? Math.min(1, inFlight / limit) : 0;
    this.usageBar.style.width = (share * 100).toFixed(1) + '%';
    this.usage.classList.toggle('full', share >= 1);
    setText(this.usageText, fmt.number(inFlight) + ' in flight of ' + fmt.number(limit));
  }

  refreshCharts(history) {
    const h = history.site(this.card.method);
    const layer = h ? h.protections.get(this.layer) : null;
    if (!layer) return;
    for (const spec of this.chartSpecs(layer)) {
      let chart = this.charts.get(spec.title);
      if (!chart) {
        chart = this.card.addChart(this.chartGrid, {
          title: spec.title, format: spec.format, bandColors: spec.bands ? STATE_BANDS : null,
          series: spec.series.map((key, i) => ({ key, label: fmt.words(key.replace(/_per_s$/, '').replace(/_rate_ratio$/, '_rate')), color: COLORS[i % 4] })),
        }, 'chart-layer');
        this.charts.set(spec.title, chart);
      }
      if (spec.bands) chart.setBands(layer.states[spec.bands] || null);
      chart.setData(history.times, layer.series);
    }
  }

  /** The known charts of this layer whose series the history has, or one chart per series. */
  chartSpecs(layer) {
    const names = Object.keys(layer.series);
    const known = LAYER_CHARTS[this.layer];
    if (known) {
      return known
        .map((spec) => ({ ...spec, series: spec.series.filter((s) => names.includes(s)) }))
        .filter((spec) => spec.series.length > 0);
    }
    return names.slice(0, 6).map((name) => ({
      title: fmt.words(name), series: [name], format: (v) => fmt.figure(this.layer, name, v),
    }));
  }
}
