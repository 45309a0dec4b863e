/* The charts: inline SVG drawn from plain data (bars, a monthly series, a stacked share bar). */

import {svg} from './dom.js';
import {formatFigure, niceMax, shorten} from './format.js';

/**
 * Horizontal bars: items [{label, value, display, href?}], one row each; a bar with href is a link (drill
 * down). The SVG scales to its container (viewBox). Wide: the label left of its bar (shortened, the full name
 * in <title>); compact (narrow screens, small charts): the label above its bar, so it stays legible.
 */
export function hbarChart(items, {title, percent = false, decorative = false, compact = false}) {
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
export function seriesChart(points, {title, kind, percent, locale}) {
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
        text: new Intl.NumberFormat(locale, {maximumFractionDigits: 1}).format(max * tick) + (percent ? '\u00a0%' : '')}));
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
export function stackedBar(parts, title, locale) {
  const width = 720;
  const height = 28;
  const root = svg('svg', {class: 'stacked', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title,
    preserveAspectRatio: 'none'}, svg('title', {text: title}));
  let x = 0;
  for (const part of parts) {
    const w = (part.value / 100) * width;
    if (w > 0) {
      root.append(svg('rect', {class: `grade-${part.key}`, x: x.toFixed(1), y: 0, width: w.toFixed(1), height},
        svg('title', {text: `${part.label}: ${formatFigure('x_pct', part.value, locale)}`})));
    }
    x += w;
  }
  return root;
}
