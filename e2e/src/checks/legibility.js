// What a reader sees of the preprocessor's figures on one chapter page, in
// the current theme and at the current width (run as a WebDriver script
// body; it `return`s one JSON object, see legibility.rs).
//
// Figure text: every rendered text inside an element whose class starts
// with `mdbx` (the element itself or an ancestor) — SVG `<text>`/`<tspan>`,
// HTML elements with text of their own, and `::before`/`::after` content
// (the "err" mark of a stderr line). mdBook's own highlighted source
// (`pre > code` inside a pane) is left out: its size and colours are
// mdBook's, not the preprocessor's.
//
// Size: the font size in CSS px on the screen. HTML: the computed
// font-size. SVG: the computed font-size (in user units) times the scale of
// the element's screen transform, `getScreenCTM()` — √|det| of its 2×2
// part, which covers the viewBox scaling and any `transform` on the way.
//
// Contrast: the text colour (`fill` for SVG text) over what is behind it.
// Behind SVG text: the SVG shapes painted before it whose fill holds the
// centre of the text (`isPointInFill`), over the HTML background behind the
// SVG. HTML background: the ancestors' background colours, from the element
// up to the first opaque one (the canvas is white if none is), composited.
// Alpha: the colour's own, times `fill-opacity` (SVG), times the `opacity`
// of the element and of its ancestors. WCAG 2 relative luminance and ratio.
const [minPx, minRatio, measurePanes] = arguments;
const main = document.querySelector('main');
if (!main) return { error: 'no <main> element' };

const closed = [...main.querySelectorAll('details:not([open])')];
closed.forEach((d) => { d.open = true; });

// ---- colours ----
const canvas = document.createElement('canvas');
canvas.width = 1;
canvas.height = 1;
const paint = canvas.getContext('2d', { willReadFrequently: true });
// Any CSS colour as [r, g, b, a] (0–255, alpha 0–1), or null.
const rgba = (css) => {
  if (!css || css === 'none' || css.startsWith('url(')) return null;
  const m = css.match(/^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?\s*\)$/);
  if (m) {
    let a = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4] && m[4].endsWith('%')) a /= 100;
    return [+m[1], +m[2], +m[3], a];
  }
  // Another syntax (color(), oklch(), …): let the canvas convert it.
  paint.clearRect(0, 0, 1, 1);
  paint.fillStyle = '#000';
  paint.fillStyle = css;
  paint.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a / 255];
};
const over = (top, below) => {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat([1]);
};
const lum = (c) => {
  const lin = (v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
};
const ratio = (a, b) => {
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

// The opaque colour behind HTML element `el` and the product of the
// opacities between it and that background (computed once per element:
// every text of a figure asks about the same ancestors).
const backgrounds = new Map();
const htmlBackground = (el) => {
  if (!el) return { colour: [255, 255, 255, 1], opacity: 1 };
  let known = backgrounds.get(el);
  if (known) return known;
  const s = getComputedStyle(el);
  const bg = rgba(s.backgroundColor);
  if (bg && bg[3] >= 1) {
    known = { colour: bg, opacity: 1 };
  } else {
    const below = htmlBackground(el.parentElement);
    const colour = bg && bg[3] > 0 ? over(bg, below.colour) : below.colour;
    known = { colour, opacity: below.opacity * parseFloat(s.opacity) };
  }
  backgrounds.set(el, known);
  return known;
};
// The product of the opacities of `el` and its ancestors up to `top`
// (inclusive), once per element.
const opacities = new Map();
const opacityUpTo = (el, top) => {
  if (!el || el === top.parentElement) return 1;
  let known = opacities.get(el);
  if (known === undefined) {
    known = parseFloat(getComputedStyle(el).opacity) * opacityUpTo(el.parentElement, top);
    opacities.set(el, known);
  }
  return known;
};

// ---- where ----
const tagAndClasses = (el) => {
  const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter((c) => c);
  return el.tagName.toLowerCase() + cls.map((c) => '.' + c).join('');
};
// Tag and classes, after those of the nearest `mdbx` element when the
// element has no `mdbx` class itself: `figcaption.mdbx-footer strong`.
const kind = (el) => {
  const own = tagAndClasses(el);
  if (/\.mdbx/.test(own)) return own;
  for (let e = el.parentElement; e && e !== main; e = e.parentElement) {
    if (/(^|\s)mdbx/.test(e.getAttribute('class') || '')) return tagAndClasses(e) + ' ' + own;
  }
  return own;
};
const where = (el) => {
  const fig = el.closest('figure.mdbx, [data-example]');
  if (fig && fig.dataset.example) return fig.dataset.example;
  const svg = el.closest('svg');
  if (svg) {
    const t = svg.querySelector('title');
    if (t) return 'diagram "' + t.textContent.trim().slice(0, 40) + '"';
  }
  const pane = el.closest('.mdbx-pane');
  if (pane) return 'pane "' + (pane.querySelector('.mdbx-pane-title') || pane).textContent.trim().slice(0, 30) + '"';
  return '-';
};
const mdbx = new Map();
const inMdbx = (el) => {
  if (!el || el === main) return false;
  let known = mdbx.get(el);
  if (known === undefined) {
    known = /(^|\s)mdbx/.test(el.getAttribute('class') || '') || inMdbx(el.parentElement);
    mdbx.set(el, known);
  }
  return known;
};
const ownText = (el) => [...el.childNodes]
  .filter((n) => n.nodeType === Node.TEXT_NODE)
  .map((n) => n.textContent).join('')
  .replace(/[\u200b-\u200d\u2060\ufeff]/g, '') // zero-width: nothing to read
  .replace(/\s+/g, ' ').trim();

// ---- the texts ----
const texts = [];
const add = (el, px, fg, bg, text, pseudo = '') => {
  texts.push({ px, ratio: ratio(fg, bg), fg: hex(fg), bg: hex(bg), kind: kind(el) + pseudo, at: where(el), text: text.slice(0, 40) });
};
// Per drawing: its elements' document order, and the shapes that can be
// behind a text (filled, visible), each with its screen box, the inverse
// of its screen transform and its colour as painted.
const drawings = new Map();
const drawing = (svg) => {
  let known = drawings.get(svg);
  if (known) return known;
  const order = new Map();
  svg.querySelectorAll('*').forEach((e, i) => order.set(e, i));
  const shapes = [];
  for (const shape of svg.querySelectorAll('rect, circle, ellipse, polygon, path')) {
    const ss = getComputedStyle(shape);
    const sf = rgba(ss.fill);
    if (!sf || sf[3] === 0 || ss.visibility !== 'visible' || ss.display === 'none') continue;
    const m = shape.getScreenCTM();
    if (!m) continue;
    const a = sf[3] * parseFloat(ss.fillOpacity) * opacityUpTo(shape, svg);
    shapes.push({ shape, at: order.get(shape), box: shape.getBoundingClientRect(), inverse: m.inverse(), paint: [sf[0], sf[1], sf[2], a] });
  }
  known = { order, shapes };
  drawings.set(svg, known);
  return known;
};
// Whether screen point `p` can be in a shape's box (a pixel of slack for
// rounding); only then is the exact test worth its cost.
const nearBox = (b, p) => p.x >= b.left - 1 && p.x <= b.right + 1 && p.y >= b.top - 1 && p.y <= b.bottom + 1;

for (const el of main.querySelectorAll('*')) {
  if (el instanceof SVGElement && !(el instanceof SVGTextContentElement)) continue;
  if (!inMdbx(el)) continue;
  if (el.closest('pre > code')) continue; // mdBook's highlighted source
  if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
  const s = getComputedStyle(el);
  if (el instanceof SVGElement) {
    if (!ownText(el)) continue;
    const box = el.getBoundingClientRect();
    const ctm = el.getScreenCTM();
    if (!ctm || box.width === 0) continue;
    const px = parseFloat(s.fontSize) * Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c));
    const fill = rgba(s.fill);
    if (!fill) continue;
    const svg = el.ownerSVGElement;
    const back = htmlBackground(svg);
    let colour = back.colour;
    const alpha = fill[3] * parseFloat(s.fillOpacity) * back.opacity * opacityUpTo(el, svg);
    const centre = new DOMPoint(box.left + box.width / 2, box.top + box.height / 2);
    const { order, shapes } = drawing(svg);
    const at = order.get(el);
    for (const { at: shapeAt, shape, box: shapeBox, inverse, paint } of shapes) {
      if (shapeAt >= at || !nearBox(shapeBox, centre)) continue;
      if (!shape.isPointInFill(centre.matrixTransform(inverse))) continue;
      colour = over(paint, colour);
    }
    add(el, px, over([fill[0], fill[1], fill[2], alpha], colour), colour, ownText(el));
    continue;
  }
  const back = htmlBackground(el);
  const text = ownText(el);
  if (text && el.getClientRects().length > 0) {
    const c = rgba(s.color);
    if (c) add(el, parseFloat(s.fontSize), over([c[0], c[1], c[2], c[3] * back.opacity], back.colour), back.colour, text);
  }
  for (const pseudo of ['::before', '::after']) {
    const p = getComputedStyle(el, pseudo);
    const content = p.content;
    if (!content || content === 'none' || content === 'normal' || p.display === 'none') continue;
    const words = content.replace(/^"|"$/g, '');
    if (!words.trim()) continue;
    const c = rgba(p.color);
    if (c) add(el, parseFloat(p.fontSize), over([c[0], c[1], c[2], c[3] * back.opacity * parseFloat(p.opacity)], back.colour), back.colour, words, pseudo);
  }
}

// ---- bands ----
// A band (`rect.mdbx-tl-band`, a wash of the text colour between two
// moments) must show against the page: its colour, composited over the
// HTML background behind its drawing, against that background. The lowest
// on the page goes back, with how many were measured.
let bands = 0;
let band = null;
for (const rect of main.querySelectorAll('svg rect.mdbx-tl-band')) {
  if (!rect.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
  if (rect.getBoundingClientRect().width === 0) continue;
  const s = getComputedStyle(rect);
  const fill = rgba(s.fill);
  if (!fill) continue;
  const back = htmlBackground(rect.ownerSVGElement);
  const alpha = fill[3] * parseFloat(s.fillOpacity) * back.opacity * opacityUpTo(rect, rect.ownerSVGElement);
  const seen = over([fill[0], fill[1], fill[2], alpha], back.colour);
  const r = ratio(seen, back.colour);
  bands += 1;
  if (!band || r < band.ratio) {
    const title = rect.querySelector('title');
    band = { ratio: r, fg: hex(seen), bg: hex(back.colour), at: where(rect), text: (title ? title.textContent : '').slice(0, 40) };
  }
}

// Per kind of element: the smallest size and the lowest contrast, and how
// many are below the bounds. Only these go back (a page has thousands).
const kinds = {};
for (const t of texts) {
  const k = kinds[t.kind] || (kinds[t.kind] = { kind: t.kind, count: 0, small: 0, low: 0, minPx: null, minRatio: null });
  k.count += 1;
  if (t.px < minPx) k.small += 1;
  if (t.ratio < minRatio) k.low += 1;
  if (!k.minPx || t.px < k.minPx.px) k.minPx = t;
  if (!k.minRatio || t.ratio < k.minRatio.ratio) k.minRatio = t;
}

// ---- side-by-side panes ----
const panes = [];
if (measurePanes) {
  for (const pair of main.querySelectorAll('.mdbx-side-by-side')) {
    const sides = [...pair.querySelectorAll(':scope > .mdbx-pane')];
    const scrolling = [];
    const tops = [];
    for (const pane of sides) {
      const title = (pane.querySelector('.mdbx-pane-title') || pane).textContent.trim().slice(0, 30);
      for (const block of pane.querySelectorAll('pre, figure')) {
        // A <pre> scrolls itself or through its <code> (mdBook's highlighted source).
        const inner = [block, ...block.querySelectorAll(':scope > code')];
        const wide = inner.find((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1);
        if (wide) {
          const source = block.tagName !== 'FIGURE' && !block.closest('figure.mdbx');
          const what = source ? 'the source (pre > code)' : kind(block) + ' of ' + where(block);
          scrolling.push({ pane: title, what, source, scrollWidth: wide.scrollWidth, clientWidth: wide.clientWidth });
        }
      }
      const out = pane.querySelector('pre.mdbx-output, pre.mdbx-diagnostics');
      tops.push(out ? { pane: title, example: where(out), top: out.getBoundingClientRect().top + window.scrollY } : { pane: title, example: null, top: null });
    }
    const names = sides.map((p) => ((p.querySelector('figure.mdbx') || { dataset: {} }).dataset.example || '?'));
    panes.push({ examples: names.join(' | '), scrolling, tops });
  }
}

closed.forEach((d) => { d.open = false; });
return {
  vw: window.innerWidth,
  theme: document.documentElement.className,
  texts: texts.length,
  kinds: Object.values(kinds),
  bands,
  band,
  panes,
};
