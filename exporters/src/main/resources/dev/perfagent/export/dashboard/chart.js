// perf-agent dashboard: a small canvas chart of time series (no library, no network).
//
// A TimeChart draws lines over a time axis, y from 0 to a rounded maximum, optionally a dashed
// horizontal threshold (an SLO) and coloured background bands (a breaker's state per sample).
// Gaps (null) break a line. Hovering shows the values at the nearest sample in the legend.
// Once drawn, the canvas carries data-points = the number of values plotted, data-series = the keys of
// the series with at least one value plotted (comma-separated) and data-threshold = the threshold line's
// value ('' for none), so tests (and people with dev tools) can tell an empty chart from a drawn one,
// and which lines it holds, without reading pixels.

const PAD = { left: 52, right: 10, top: 8, bottom: 20 };
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/** Rounds up to 1, 2 or 5 times a power of ten. */
function niceStep(rough) {
  if (!(rough > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  const f = rough / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

function two(n) {
  return n < 10 ? '0' + n : '' + n;
}

function clock(ms, withSeconds) {
  const d = new Date(ms);
  return two(d.getHours()) + ':' + two(d.getMinutes()) + (withSeconds ? ':' + two(d.getSeconds()) : '');
}

/** Colours from the page's CSS custom properties, so the charts follow the light or dark theme. */
function palette(element) {
  const css = getComputedStyle(element);
  const read = (name, fallback) => (css.getPropertyValue(name) || '').trim() || fallback;
  return {
    read,
    text: read('--muted', '#666'),
    grid: read('--grid', '#ddd'),
    threshold: read('--bad', '#c62828'),
    cursor: read('--fg', '#222'),
  };
}

export class TimeChart {
  /**
   * @param {HTMLElement} parent where the chart goes
   * @param {object} options title, format (number to text), series [{key, label, color}] where
   *     color names a CSS custom property (--c1), thresholdLabel, bandColors {STATE: property}
   */
  constructor(parent, options) {
    this.options = options;
    this.format = options.format || ((v) => String(v));
    this.times = [];
    this.values = {};
    this.threshold = null;
    this.bands = null;
    this.hover = -1;
    this.visible = false;
    this.dirty = true;

    this.root = document.createElement('figure');
    this.root.className = 'chart';
    const caption = document.createElement('figcaption');
    const title = document.createElement('span');
    title.className = 'chart-title';
    title.textContent = options.title;
    caption.appendChild(title);
    this.legend = new Map();
    for (const s of options.series) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const swatch = document.createElement('i');
      swatch.className = 'swatch swatch-' + s.color.replace(/^--/, '');
      const label = document.createElement('span');
      label.textContent = s.label + ' ';
      const value = document.createElement('b');
      item.append(swatch, label, value);
      caption.appendChild(item);
      this.legend.set(s.key, value);
    }
    this.canvas = document.createElement('canvas');
    this.canvas.dataset.points = '0';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', options.title);
    this.root.append(caption, this.canvas);
    parent.appendChild(this.root);

    this.canvas.addEventListener('mousemove', (e) => this.onHover(e));
    this.canvas.addEventListener('mouseleave', () => {
      this.hover = -1;
      this.render();
    });
  }

  /** New data: times (epoch ms, ascending) and, per series key, values aligned with them. */
  setData(times, values) {
    this.times = times;
    this.values = values;
    this.dirty = true;
    if (this.visible) this.render();
  }

  /** A dashed horizontal line at value (null for none), labelled with the option's threshold. */
  setThreshold(value) {
    this.threshold = value === null || value === undefined || !isFinite(value) ? null : value;
    this.dirty = true;
  }

  /** Background bands: per time a state word (or null), coloured by options.bandColors. */
  setBands(states) {
    this.bands = states;
    this.dirty = true;
  }

  /** Called by the page's IntersectionObserver: only charts on screen are drawn. */
  setVisible(visible) {
    this.visible = visible;
    if (visible && this.dirty) this.render();
  }

  onHover(event) {
    if (this.times.length === 0) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const { x0, x1, t0, t1 } = this.geometry || {};
    if (x1 === undefined) return;
    const t = t0 + ((x - x0) / (x1 - x0)) * (t1 - t0);
    let best = -1;
    let bestDistance = Infinity;
    for (let i = 0; i < this.times.length; i++) {
      const d = Math.abs(this.times[i] - t);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    if (best !== this.hover) {
      this.hover = best;
      this.render();
    }
  }

  updateLegend() {
    const at = this.hover >= 0 ? this.hover : this.times.length - 1;
    for (const s of this.options.series) {
      const values = this.values[s.key];
      let v = null;
      if (values) {
        // Latest: the last sample that has a value, so a trailing gap does not blank the legend.
        if (this.hover >= 0) v = values[at];
        else for (let i = values.length - 1; i >= 0 && v === null; i--) v = values[i] ?? null;
      }
      this.legend.get(s.key).textContent = v === null || v === undefined ? '–' : this.format(v);
    }
  }

  render() {
    this.dirty = false;
    this.updateLegend();
    const canvas = this.canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const colors = palette(this.root);
    g.font = '11px system-ui, sans-serif';

    const times = this.times;
    const x0 = PAD.left;
    const x1 = width - PAD.right;
    const y0 = height - PAD.bottom;
    const y1 = PAD.top;
    let t0 = times.length ? times[0] : Date.now() - 60000;
    let t1 = times.length ? times[times.length - 1] : Date.now();
    if (t1 - t0 < 10000) t0 = t1 - 10000;

    let max = 0;
    for (const s of this.options.series) {
      for (const v of this.values[s.key] || []) if (v !== null && v > max) max = v;
    }
    if (this.threshold !== null) max = Math.max(max, this.threshold);
    const step = niceStep((max > 0 ? max : 1) / 4);
    const top = Math.max(step, Math.ceil((max * 1.05) / step) * step);
    const xOf = (t) => x0 + ((t - t0) / (t1 - t0)) * (x1 - x0);
    const yOf = (v) => y0 - (v / top) * (y0 - y1);
    this.geometry = { x0, x1, t0, t1 };

    // Bands first, under everything: one rectangle per sample, from it to the next.
    if (this.bands && this.options.bandColors) {
      for (let i = 0; i < times.length; i++) {
        const property = this.options.bandColors[this.bands[i]];
        if (!property) continue;
        const color = colors.read(property, 'transparent');
        const left = xOf(times[i]);
        const right = i + 1 < times.length ? xOf(times[i + 1]) : x1;
        g.fillStyle = color;
        g.fillRect(left, y1, Math.max(1, right - left), y0 - y1);
      }
    }

    // Grid and y labels.
    g.strokeStyle = colors.grid;
    g.fillStyle = colors.text;
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let v = 0; v <= top + step / 2; v += step) {
      const y = Math.round(yOf(v)) + 0.5;
      g.beginPath();
      g.moveTo(x0, y);
      g.lineTo(x1, y);
      g.stroke();
      g.fillText(this.format(v), x0 - 4, y);
    }
    // Time labels.
    const span = t1 - t0;
    const timeStep = TIME_STEPS.find((s) => span / s <= 5) || 3600000;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let t = Math.ceil(t0 / timeStep) * timeStep; t <= t1; t += timeStep) {
      const label = clock(t, timeStep < 60000);
      const half = g.measureText(label).width / 2;
      if (xOf(t) + half <= width) g.fillText(label, xOf(t), y0 + 4); // none cut at the right edge
    }

    // Threshold.
    canvas.dataset.threshold = this.threshold === null ? '' : String(this.threshold);
    if (this.threshold !== null) {
      const y = Math.round(yOf(this.threshold)) + 0.5;
      g.save();
      g.strokeStyle = colors.threshold;
      g.setLineDash([5, 4]);
      g.beginPath();
      g.moveTo(x0, y);
      g.lineTo(x1, y);
      g.stroke();
      g.restore();
      g.fillStyle = colors.threshold;
      g.textAlign = 'left';
      g.textBaseline = 'bottom';
      g.fillText((this.options.thresholdLabel || '') + ' ' + this.format(this.threshold), x0 + 4, y - 1);
    }

    // Lines; a lone value between gaps is a dot.
    let points = 0;
    const drawn = [];
    g.lineWidth = 1.5;
    g.lineJoin = 'round';
    for (const s of this.options.series) {
      const values = this.values[s.key] || [];
      const color = colors.read(s.color, '#888');
      g.strokeStyle = color;
      g.fillStyle = color;
      g.beginPath();
      const before = points;
      let drawing = false;
      for (let i = 0; i < times.length; i++) {
        const v = values[i];
        if (v === null || v === undefined || times[i] < t0) {
          drawing = false;
          continue;
        }
        points++;
        const x = xOf(times[i]);
        const y = yOf(v);
        const alone = !drawing && (i + 1 >= times.length || values[i + 1] === null || values[i + 1] === undefined);
        if (alone) {
          g.moveTo(x + 2, y);
          g.arc(x, y, 2, 0, 2 * Math.PI);
          g.moveTo(x, y);
        } else if (drawing) {
          g.lineTo(x, y);
        } else {
          g.moveTo(x, y);
        }
        drawing = true;
      }
      g.stroke();
      if (points > before) drawn.push(s.key);
    }

    // Hover cursor.
    if (this.hover >= 0 && this.hover < times.length) {
      const x = Math.round(xOf(times[this.hover])) + 0.5;
      g.strokeStyle = colors.cursor;
      g.globalAlpha = 0.4;
      g.beginPath();
      g.moveTo(x, y1);
      g.lineTo(x, y0);
      g.stroke();
      g.globalAlpha = 1;
      g.fillStyle = colors.text;
      g.textAlign = 'right';
      g.textBaseline = 'top';
      g.fillText(clock(times[this.hover], true), x1, y1);
    }
    canvas.dataset.points = String(points);
    canvas.dataset.series = drawn.join(',');
  }
}
