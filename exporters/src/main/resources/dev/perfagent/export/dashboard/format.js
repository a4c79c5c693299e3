// perf-agent dashboard: numbers to short text, and small DOM helpers. All text goes in through
// textContent, never as markup, so nothing a report carries can become part of the page.

/** A new element with a class and text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** Sets text only when it changed: 200 cards refreshed every 2 s should not touch the DOM for nothing. */
export function setText(element, text) {
  const value = text === undefined || text === null ? '' : String(text);
  if (element.textContent !== value) element.textContent = value;
}

export function isNumber(v) {
  return typeof v === 'number' && isFinite(v);
}

/** Three significant digits at most, no trailing zeros: 1234, 12.3, 1.5, 0.042. */
function digits(v) {
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  const text = a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
  return String(Number(text));
}

/** A plain number, with k / M for large ones. */
export function number(v) {
  if (!isNumber(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return digits(v / 1e9) + 'G';
  if (a >= 1e6) return digits(v / 1e6) + 'M';
  if (a >= 1e4) return digits(v / 1e3) + 'k';
  return digits(v);
}

/** Milliseconds, switching to µs below 1 ms and to s above 10 s. */
export function ms(v) {
  if (!isNumber(v)) return '–';
  if (v === 0) return '0';
  if (Math.abs(v) < 1) return digits(v * 1000) + ' µs';
  if (Math.abs(v) >= 10000) return digits(v / 1000) + ' s';
  return digits(v) + ' ms';
}

export function seconds(v) {
  return isNumber(v) ? ms(v * 1000) : '–';
}

export function perSecond(v) {
  return isNumber(v) ? number(v) + '/s' : '–';
}

/** A share from 0 to 1, as a percentage. */
export function ratio(v) {
  return isNumber(v) ? digits(v * 100) + '%' : '–';
}

/** A percentage already from 0 to 100. */
export function percent(v) {
  return isNumber(v) ? digits(v) + '%' : '–';
}

export function bytes(v) {
  if (!isNumber(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return digits(v) + ' ' + units[i];
}

/** How long in words: 42 s, 3 min, 2 h 5 min, 3 d 4 h. */
export function duration(millis) {
  if (!isNumber(millis)) return '–';
  const s = Math.max(0, Math.round(millis / 1000));
  if (s < 120) return s + ' s';
  const m = Math.round(s / 60);
  if (m < 120) return m + ' min';
  const h = Math.floor(m / 60);
  if (h < 48) return h + ' h ' + (m % 60) + ' min';
  return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
}

/** Picks a format by a layer figure's name: *_ratio is a share, *_seconds a time, *_bytes a size. */
export function figure(layer, name, v) {
  if (name.endsWith('_per_s')) return perSecond(v);
  if (name.endsWith('_ratio')) return ratio(v);
  if (name.endsWith('_seconds')) return seconds(v);
  if (name.endsWith('_bytes')) return bytes(v);
  return number(v);
}

/** com.example.model.MlpModel#score(float[]) → MlpModel#score(float[]) */
export function shortMethod(method) {
  const hash = method.indexOf('#');
  const owner = hash < 0 ? method : method.substring(0, hash);
  const dot = owner.lastIndexOf('.');
  return dot < 0 ? method : method.substring(dot + 1);
}

/** Names in words: circuit_breaker or circuit-breaker → circuit breaker. */
export function words(name) {
  return String(name).replace(/[_-]/g, ' ');
}
