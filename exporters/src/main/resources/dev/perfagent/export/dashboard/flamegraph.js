// perf-agent dashboard: a flame graph drawn on a canvas from collapsed stacks (no library, no network).
//
// Input is async-profiler's "collapsed" text, which /profile/<kind> serves for the latest profiling
// window: one line per distinct stack, frames root first separated by ';', then a space and a count.
// Frames merge into a tree; each frame is a box as wide as its share of the samples, children above
// their parent. Frames narrower than a pixel are left out. Hovering names a frame and its share. The
// canvas carries data-frames = the number of boxes drawn, so tests can tell a drawn graph from an empty one.

const ROW = 16;
const MAX_DEPTH = 64;

/** Parses collapsed text into a tree {name, value, children: Map}. */
export function parseCollapsed(text) {
  const root = { name: 'all', value: 0, children: new Map() };
  for (const line of String(text || '').split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space <= 0) continue;
    const count = Number(line.slice(space + 1));
    if (!(count > 0)) continue;
    root.value += count;
    let node = root;
    for (const frame of line.slice(0, space).split(';').slice(0, MAX_DEPTH)) {
      let child = node.children.get(frame);
      if (!child) {
        child = { name: frame, value: 0, children: new Map() };
        node.children.set(frame, child);
      }
      child.value += count;
      node = child;
    }
  }
  return root;
}

function depthOf(node) {
  let deepest = 0;
  for (const child of node.children.values()) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** A warm colour per frame name, stable across redraws; JVM and native frames in grey. */
function colour(name) {
  if (!name.includes('/') && !name.includes('.')) return 'hsl(0, 0%, 70%)';
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  return 'hsl(' + (10 + Math.abs(hash) % 40) + ', 85%, ' + (58 + Math.abs(hash >> 8) % 14) + '%)';
}

/** Draws {@code root} into {@code canvas}; returns the boxes drawn, for the hover lookup. */
export function drawFlameGraph(canvas, root, label) {
  const width = canvas.clientWidth || 800;
  const rows = Math.min(depthOf(root), MAX_DEPTH + 1);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = rows * ROW * ratio;
  canvas.style.height = rows * ROW + 'px';
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.font = '11px ui-monospace, Menlo, monospace';
  g.textBaseline = 'middle';
  const boxes = [];
  const place = (node, x, depth) => {
    const w = root.value ? (node.value / root.value) * width : 0;
    if (w < 1) return;
    const y = (rows - depth - 1) * ROW; // root at the bottom, callees above
    g.fillStyle = colour(node.name);
    g.fillRect(x, y, w - 0.5, ROW - 1);
    if (w > 30) {
      g.fillStyle = '#222';
      g.save();
      g.beginPath();
      g.rect(x, y, w - 2, ROW);
      g.clip();
      g.fillText(node.name, x + 3, y + ROW / 2);
      g.restore();
    }
    boxes.push({ x, y, w, node });
    let cx = x;
    for (const child of node.children.values()) {
      place(child, cx, depth + 1);
      cx += root.value ? (child.value / root.value) * width : 0;
    }
  };
  place(root, 0, 0);
  canvas.dataset.frames = String(boxes.length);
  canvas.title = label;
  canvas.onmousemove = (event) => {
    const r = canvas.getBoundingClientRect();
    const px = event.clientX - r.left;
    const py = event.clientY - r.top;
    const hit = boxes.find((b) => px >= b.x && px < b.x + b.w && py >= b.y && py < b.y + ROW);
    canvas.title = hit
      ? hit.node.name + ' · ' + ((100 * hit.node.value) / root.value).toFixed(1) + '% (' + hit.node.value + ')'
      : label;
  };
  return boxes;
}
