// perf-agent dashboard: the page's copy of /history, the figures the agent samples every few
// seconds (StatusHistory in the agent). Loaded whole once, then extended with only the new samples
// (GET history?since=<last time>); every array of every site stays aligned with `times` (null where
// a sample had no value) and is cut to the agent's capacity.
//
// Shape of one site: { meta: {id, rule, layers, sloMs}, series: {callsPerSec: [...], p99Ms: [...]},
//   batch: {cap: [...], meanSize: [...], itemsPerSec: [...]},
//   protections: Map(layer -> {series: {hit_ratio: [...], rejected_per_s: [...]}, states: {state: [...]}}) }

export class History {
  constructor() {
    this.times = [];
    this.intervalMs = 5000;
    this.capacity = 180;
    this.sites = new Map();
  }

  /** The time of the newest sample, for ?since=; null before the first. */
  lastTime() {
    return this.times.length ? this.times[this.times.length - 1] : null;
  }

  site(method) {
    return this.sites.get(method) || null;
  }

  /** Adds an answer of /history (whole or since the last sample). */
  append(answer) {
    this.intervalMs = answer.intervalMs || this.intervalMs;
    this.capacity = answer.capacity || this.capacity;
    answer = newerThan(answer, this.lastTime());
    const added = answer.times.length;
    if (added === 0) return;
    const before = this.times.length;
    this.times.push(...answer.times);
    const present = new Set();
    for (const s of answer.sites) {
      present.add(s.method);
      let site = this.sites.get(s.method);
      if (!site) {
        site = { meta: null, series: {}, batch: {}, protections: new Map() };
        this.sites.set(s.method, site);
      }
      site.meta = { id: s.id, rule: s.rule, layers: s.layers || [], sloMs: s.sloMs };
      merge(site.series, s.series || {}, before, added);
      merge(site.batch, s.batch || {}, before, added);
      const layers = new Set();
      for (const p of s.protections || []) {
        layers.add(p.layer);
        let layer = site.protections.get(p.layer);
        if (!layer) {
          layer = { series: {}, states: {} };
          site.protections.set(p.layer, layer);
        }
        merge(layer.series, p.series || {}, before, added);
        merge(layer.states, p.states || {}, before, added);
      }
      for (const [name, layer] of site.protections) {
        if (!layers.has(name)) pad(layer, before, added);
      }
    }
    for (const [method, site] of this.sites) {
      if (!present.has(method)) pad(site, before, added);
    }
    this.trim();
  }

  /** Drops samples beyond the capacity, and sites with no value left. */
  trim() {
    const excess = this.times.length - this.capacity;
    if (excess <= 0) return;
    this.times.splice(0, excess);
    for (const [method, site] of this.sites) {
      let any = false;
      eachArray(site, (values) => {
        values.splice(0, excess);
        any = any || values.some((v) => v !== null);
      });
      if (!any) this.sites.delete(method);
    }
  }
}

/** The answer without the samples at or before `last` (already held), should a server repeat them. */
function newerThan(answer, last) {
  let skip = 0;
  while (last !== null && skip < answer.times.length && answer.times[skip] <= last) skip++;
  if (skip === 0) return answer;
  const cut = (group) => Object.fromEntries(Object.entries(group || {}).map(([k, v]) => [k, v.slice(skip)]));
  return {
    times: answer.times.slice(skip),
    sites: answer.sites.map((s) => ({
      ...s,
      series: cut(s.series),
      batch: s.batch ? cut(s.batch) : undefined,
      protections: (s.protections || []).map((p) => ({ ...p, series: cut(p.series), states: cut(p.states) })),
    })),
  };
}

/** Appends a slice of `added` samples to a group of named arrays that had `before` samples. */
function merge(target, slice, before, added) {
  for (const name of Object.keys(slice)) {
    if (!target[name]) target[name] = new Array(before).fill(null);
    target[name].push(...slice[name]);
  }
  for (const name of Object.keys(target)) {
    if (!(name in slice)) target[name].push(...new Array(added).fill(null));
  }
}

/** Appends gaps to every array of a site or layer that the answer did not mention. */
function pad(holder, before, added) {
  eachArray(holder, (values) => values.push(...new Array(added).fill(null)));
}

function eachArray(holder, fn) {
  for (const group of [holder.series, holder.batch, holder.states]) {
    if (group) for (const name of Object.keys(group)) fn(group[name]);
  }
  if (holder.protections) for (const layer of holder.protections.values()) eachArray(layer, fn);
}
