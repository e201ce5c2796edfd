// Small SVG charts drawn from the overview's timeline. Colours come from console.css classes.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 420;
const HEIGHT = 150;
const LEFT = 52;
const BOTTOM = 20;
const TOP = 8;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function frame(label) {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label, class: 'chart-svg' });
  root.append(svg('title', {}, label));
  return root;
}

function niceMax(value) {
  if (value <= 0) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) {
      return step * power;
    }
  }
  return 10 * power;
}

function axes(root, max, unit, samples, intervalSeconds) {
  const plotHeight = HEIGHT - BOTTOM - TOP;
  for (const fraction of [0, 0.5, 1]) {
    const y = TOP + plotHeight * (1 - fraction);
    root.append(svg('line', { x1: LEFT, x2: WIDTH, y1: y, y2: y, class: 'grid-line' }));
    const value = max * fraction;
    root.append(svg('text', { x: LEFT - 4, y: y + 4, class: 'axis-label', 'text-anchor': 'end' },
      `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`));
  }
  const span = Math.round((samples * intervalSeconds) / 60 * 10) / 10;
  root.append(svg('text', { x: LEFT, y: HEIGHT - 4, class: 'axis-label' }, `${span} min ago`));
  root.append(svg('text', { x: WIDTH, y: HEIGHT - 4, class: 'axis-label', 'text-anchor': 'end' }, 'now'));
}

function legend(entries) {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const [name, css] of entries) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${css}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, document.createTextNode(name));
    list.append(item);
  }
  return list;
}

function empty(container, text) {
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = text;
  container.replaceChildren(note);
}

const OUTCOMES = [['ok', 'outcome-ok'], ['parked', 'outcome-parked'], ['retried', 'outcome-retried']];

/** Stacked bars: commands handled per interval, by outcome. */
export function commandsChart(container, timeline) {
  const samples = timeline.samples;
  if (samples.length === 0) {
    empty(container, 'No samples yet: the first comes one interval after the bridge started.');
    return;
  }
  const totals = samples.map((s) => OUTCOMES.reduce((sum, [name]) => sum + (s.commands[name] || 0), 0));
  const all = OUTCOMES.map(([name]) => `${samples.reduce((sum, s) => sum + (s.commands[name] || 0), 0)} ${name}`);
  const root = frame(`Commands in the last ${samples.length} intervals of ${timeline.interval_seconds} s: ${all.join(', ')}`);
  const max = niceMax(Math.max(...totals));
  axes(root, max, '', samples.length, timeline.interval_seconds);
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = (WIDTH - LEFT) / samples.length;
  samples.forEach((sample, index) => {
    let base = TOP + plotHeight;
    for (const [name, css] of OUTCOMES) {
      const count = sample.commands[name] || 0;
      if (count === 0) {
        continue;
      }
      const height = (count / max) * plotHeight;
      base -= height;
      const bar = svg('rect', { x: LEFT + index * slot + 1, y: base, width: Math.max(slot - 2, 1), height, class: css });
      bar.append(svg('title', {}, `${sample.at}: ${count} ${name}`));
      root.append(bar);
    }
  });
  container.replaceChildren(root, legend(OUTCOMES.map(([name, css], i) => [all[i], css])));
}

/** One line per connection: mean AvaTax call time per interval (gaps where it made no call). */
export function latencyChart(container, timeline) {
  const samples = timeline.samples;
  const connections = [...new Set(samples.flatMap((s) => Object.keys(s.avatax)
    .filter((c) => s.avatax[c].calls > 0)))].sort();
  if (connections.length === 0) {
    empty(container, 'No AvaTax calls in the last minutes.');
    return;
  }
  const values = samples.flatMap((s) => connections.map((c) => (s.avatax[c] && s.avatax[c].mean_ms) || 0));
  const max = niceMax(Math.max(...values));
  const label = connections.map((c) => {
    const last = [...samples].reverse().find((s) => s.avatax[c] && s.avatax[c].calls > 0);
    return `${c} ${last.avatax[c].mean_ms} ms`;
  });
  const root = frame(`Mean AvaTax call time, latest per connection: ${label.join(', ')}`);
  axes(root, max, ' ms', samples.length, timeline.interval_seconds);
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = (WIDTH - LEFT) / samples.length;
  connections.forEach((connection, n) => {
    const css = `series-${n % 6}`;
    let points = [];
    const flush = () => {
      if (points.length === 1) {
        const [x, y] = points[0].split(',');
        root.append(svg('circle', { cx: x, cy: y, r: 2.5, class: `dot ${css}` }));
      } else if (points.length > 1) {
        root.append(svg('polyline', { points: points.join(' '), class: `line ${css}` }));
      }
      points = [];
    };
    samples.forEach((sample, index) => {
      const calls = sample.avatax[connection];
      if (!calls || !calls.calls) {
        flush();
        return;
      }
      const x = LEFT + index * slot + slot / 2;
      const y = TOP + plotHeight * (1 - calls.mean_ms / max);
      points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    });
    flush();
  });
  container.replaceChildren(root, legend(connections.map((c, n) => [label[n], `series-${n % 6}`])));
}

/** A horizontal bar for a queue's depth, relative to the deepest queue shown. */
export function depthBar(messages, max) {
  const root = svg('svg', { viewBox: '0 0 100 10', class: 'depth', 'aria-hidden': 'true', preserveAspectRatio: 'none' });
  root.append(svg('rect', { x: 0, y: 0, width: 100, height: 10, class: 'depth-track' }));
  if (messages > 0) {
    root.append(svg('rect', { x: 0, y: 0, width: Math.max(2, (messages / Math.max(max, 1)) * 100), height: 10,
      class: 'depth-fill' }));
  }
  return root;
}
