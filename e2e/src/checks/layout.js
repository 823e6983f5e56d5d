// How a chapter page is laid out, at the current width (run as a WebDriver
// script body; it `return`s one JSON object, see layout.rs).
//
// - outside: blocks (code, outputs, figures, tables, panes, diagrams) whose
//   left edge is left of the visible box of the element that clips them
//   (the nearest ancestor whose `overflow-x` is not `visible`; for the page
//   text that is mdBook's scrolling `.content` column), so that a glyph is
//   cut; or whose right edge, or the right edge of the content a block
//   that does not clip lets spill out, is right of it, unless that element
//   is a scroll box of its own (a figure's, a table's: `sideways` judges
//   those). A block inside a reported one is not reported
//   again.
// - sideways: elements that scroll sideways (`scrollWidth` over
//   `clientWidth`, with an `overflow-x` of `auto` or `scroll`): a reader
//   must scroll them to see all of a line. Inside a `<pre>` it is the `<code>`
//   of mdBook's highlighted source that scrolls, or the `<pre>` itself.
// - compares: each comparison figure (`figure.mdbx-compare`), whether a
//   closed `<details>` hides it when the page opens, its caption, each run's
//   total and lane labels in order (from the column-wide drawing: a
//   `text.mdbx-tl-run` starts a run, the `text.mdbx-tl-lane`s after it are
//   its lanes, `text.mdbx-tl-total` its total), and which lanes it draws
//   empty (a `text.mdbx-tl-none` "no lines" note: the lane is another
//   run's, this run printed nothing on it).
//
// Closed `<details>` are opened for the measurements (what they hide must
// fit too) and closed again.
const main = document.querySelector('main');
if (!main) return { error: 'no <main> element' };
const column = document.querySelector('.content') || document.scrollingElement;

const label = (el) => {
  const fig = el.closest('figure.mdbx, [data-example]');
  if (fig && fig.dataset.example) return fig.dataset.example;
  const cmp = el.closest('figure.mdbx-compare');
  if (cmp) {
    const c = cmp.querySelector('.mdbx-compare-caption');
    return 'comparison "' + (c ? c.textContent.trim().slice(0, 40) : '?') + '"';
  }
  const svg = el.closest('svg');
  const t = svg && svg.querySelector('title');
  if (t) return 'diagram "' + t.textContent.trim().slice(0, 40) + '"';
  let h = null;
  for (const x of main.querySelectorAll('h1, h2, h3')) {
    if (x.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) h = x;
  }
  return h ? 'under "' + h.textContent.trim().slice(0, 50) + '"' : '-';
};
const what = (el) => {
  const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter((c) => c);
  let tag = el.tagName.toLowerCase();
  if (el.parentElement && el.parentElement.tagName === 'PRE') tag = 'pre > ' + tag;
  return tag + cls.slice(0, 2).map((c) => '.' + c).join('');
};
const firstText = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);

// ---- which comparisons a reader sees without a click ----
const compares = [...main.querySelectorAll('figure.mdbx-compare')].map((fig) => {
  const caption = fig.querySelector('.mdbx-compare-caption');
  const svg = fig.querySelector('svg.mdbx-tl-compare');
  const runs = [];
  if (svg) {
    let lane = null;
    for (const t of svg.querySelectorAll('text.mdbx-tl-run, text.mdbx-tl-lane, text.mdbx-tl-total, text.mdbx-tl-none')) {
      const words = t.textContent.trim();
      const run = runs[runs.length - 1];
      if (t.classList.contains('mdbx-tl-run')) runs.push({ label: words, total: null, lanes: [], empty: [] });
      else if (!run) continue;
      else if (t.classList.contains('mdbx-tl-total')) run.total = words;
      else if (t.classList.contains('mdbx-tl-none')) { if (lane !== null) run.empty.push(lane); }
      else { run.lanes.push(words); lane = words; }
    }
  }
  return {
    hidden: !!fig.closest('details:not([open])'),
    caption: caption ? caption.textContent.replace(/\s+/g, ' ').trim() : '',
    chart: !!fig.querySelector('svg.mdbx-tl-chart'),
    runs,
  };
});

const closed = [...main.querySelectorAll('details:not([open])')];
closed.forEach((d) => { d.open = true; });

// ---- blocks past the edge of what clips them ----
const clipper = (el) => {
  for (let e = el.parentElement; e; e = e.parentElement) {
    if (getComputedStyle(e).overflowX !== 'visible') return e;
    if (e === column) return e;
  }
  return column;
};
const outside = [];
const reported = [];
const blocks = main.querySelectorAll('pre, figure, table, .table-wrapper, .mdbx-side-by-side, .mdbx-pane, svg.mdbx-dia, blockquote');
for (const el of blocks) {
  if (!el.checkVisibility()) continue;
  if (el.parentElement && el.parentElement.closest('pre, figure, svg')) continue; // measured through its block
  const box = el.getBoundingClientRect();
  if (box.width === 0) continue;
  const c = clipper(el);
  const cb = c.getBoundingClientRect();
  const left = cb.left + c.clientLeft;
  const right = left + c.clientWidth;
  // Left of a scroll box's edge nothing can be scrolled to; right of it a
  // box of its own (a figure's, a table's) is scrolled on purpose, and
  // `sideways` judges that; the page column itself must not scroll.
  const own = c !== column && ['auto', 'scroll'].includes(getComputedStyle(c).overflowX);
  // A block that does not clip its content (`overflow-x: visible`) lets a
  // line wider than itself spill out past its own right edge.
  const spills = el instanceof HTMLElement && getComputedStyle(el).overflowX === 'visible';
  const contentRight = spills ? box.left + el.clientLeft + el.scrollWidth : box.right;
  const pastLeft = left - box.left;
  const pastRight = own ? 0 : Math.max(box.right, contentRight) - right;
  if ((pastLeft > 0.5 || pastRight > 0.5) && !reported.some((r) => r.contains(el))) {
    reported.push(el);
    outside.push({ what: what(el), at: label(el), text: firstText(el), pastLeft: Math.max(0, pastLeft), pastRight: Math.max(0, pastRight), clipper: what(c) });
  }
}

// ---- what scrolls sideways ----
const sideways = [];
for (const el of main.querySelectorAll('*')) {
  if (el instanceof SVGElement) continue;
  const ox = getComputedStyle(el).overflowX;
  if (ox !== 'auto' && ox !== 'scroll') continue;
  if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
  sideways.push({ what: what(el), at: label(el), text: firstText(el), scrollWidth: el.scrollWidth, clientWidth: el.clientWidth });
}

closed.forEach((d) => { d.open = false; });
return { vw: window.innerWidth, compares, outside, sideways };
