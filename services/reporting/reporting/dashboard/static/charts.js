/* The charts: inline SVG drawn from plain data (bars, a monthly series, a stacked share bar). */

import {svg} from './dom.js';
import {formatFigure, niceMax, shorten} from './format.js';

/**
 * Charts are drawn at their container's width (``width``, CSS px, when the container is laid out): one SVG unit
 * is one pixel, so the stylesheet's 12–13 px labels are read at 12–13 px. A chart drawn 720 units wide and
 * squeezed into a 350 px phone would shrink them to 6 px. Without a width (not laid out yet) the defaults.
 */
const CHAR_PX = 7.5; // a generous average advance of a 12–13 px system-ui character, Vietnamese included

/**
 * Horizontal bars: items [{label, value, display, href?}], one row each; a bar with href is a link (drill
 * down). Wide: the label left of its bar (shortened, the full name in <title>); compact (narrow screens, small
 * charts): the label above its bar, as long as the chart is wide, so it stays legible.
 */
export function hbarChart(items, {title, percent = false, decorative = false, compact = false, width = 0}) {
  const chartWidth = width > 0 ? Math.round(width) : compact ? 340 : 720;
  const layout = compact
    ? {width: chartWidth, row: 38, labelX: 0, barX: 0, barY: 18, barH: 14, valueWidth: 66,
      chars: Math.floor(chartWidth / CHAR_PX)}
    : {width: chartWidth, row: 26, labelX: 242, barX: 250, barY: 3, barH: 18, valueWidth: 84, chars: 28};
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

/**
 * Monthly series: columns for counts within a month, a line with dots for levels and rates. The value axis
 * gets the room its longest tick needs; where months are too narrow for their labels (a phone), every second
 * (or third…) month is labelled, counted from the current one, so labels never overlap.
 */
export function seriesChart(points, {title, kind, percent, locale, width = 0}) {
  width = width > 0 ? Math.round(width) : 720;
  const height = 260;
  const max = niceMax(Math.max(0, ...points.map((p) => p.value ?? 0)), percent);
  const number = new Intl.NumberFormat(locale, {maximumFractionDigits: 1});
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((tick) => [tick, number.format(max * tick) + (percent ? '\u00a0%' : '')]);
  const longest = Math.max(...ticks.map(([, text]) => text.length));
  const pad = {left: Math.max(36, Math.ceil(longest * CHAR_PX) + 10), right: 12, top: 14, bottom: 30};
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const step = plotW / Math.max(points.length, 1);
  const yOf = (v) => pad.top + plotH - (v / max) * plotH;
  const xOf = (i) => pad.left + step * i + step / 2;
  const root = svg('svg', {class: `series series-${kind}`, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': title, preserveAspectRatio: 'xMinYMin meet'}, svg('title', {text: title}));
  for (const [tick, text] of ticks) {
    const y = yOf(max * tick);
    root.append(svg('line', {class: 'grid', x1: pad.left, x2: width - pad.right, y1: y, y2: y}),
      svg('text', {class: 'axis', x: pad.left - 6, y, 'text-anchor': 'end', 'dominant-baseline': 'middle', text}));
  }
  const labelWidth = Math.max(1, ...points.map((p) => p.label.length)) * CHAR_PX + 6;
  const every = Math.max(1, Math.ceil(labelWidth / step));
  const anchor = Math.max(0, points.findIndex((p) => p.current));
  points.forEach((p, i) => {
    if ((((i - anchor) % every) + every) % every !== 0) return;
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
