// Facts about one chapter page and the problems found on it (run as a
// WebDriver script body: it `return`s a JSON object, see pages.rs).
const main = document.querySelector('main');
if (!main) {
  return { problems: ['no <main> element: not an mdBook chapter page'] };
}
const problems = [];
if (main.textContent.includes('Document not found (404)')) {
  problems.push('the page is the 404 page');
}

const visible = (el) => {
  const r = el.getBoundingClientRect();
  return el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    && r.width > 0 && r.height > 0;
};
const inClosedDetails = (el) => el.closest('details:not([open])') !== null;
const size = (el) => {
  const r = el.getBoundingClientRect();
  return `${Math.round(r.width)}×${Math.round(r.height)}`;
};

const figures = [...main.querySelectorAll('figure.mdbx')];
const counts = { figures: figures.length, outputs: 0, timelines: 0, reveals: 0, lines: 0, dropped: 0, crossed: 0 };

// `phase` says when: as loaded, or after opening the closed reveals.
const checkFigures = (phase, which) => {
  for (const fig of which) {
    const name = fig.dataset.example || '(unnamed)';
    const expectVisible = (el, what) => {
      // A reveal's <summary> is its button: shown whether it is open or not,
      // unless a closed <details> around the reveal (a `solution`) hides it.
      const hidden = el.tagName === 'SUMMARY' ? inClosedDetails(el.parentElement.parentElement) : inClosedDetails(el);
      if (hidden) {
        if (visible(el)) problems.push(`${name}: ${what} is visible although its <details> is closed`);
      } else if (!visible(el)) {
        problems.push(`${name}: ${what} is not visible ${phase} (${size(el)})`);
      }
    };
    const outputs = fig.querySelectorAll('pre.mdbx-output');
    const diagnostics = fig.querySelectorAll('pre.mdbx-diagnostics');
    if (outputs.length === 0 && diagnostics.length === 0) {
      problems.push(`${name}: figure has neither pre.mdbx-output nor pre.mdbx-diagnostics`);
    }
    for (const pre of outputs) {
      const lines = pre.querySelectorAll('.mdbx-line');
      if (lines.length === 0 && !pre.querySelector('.mdbx-empty')) {
        problems.push(`${name}: pre.mdbx-output has no .mdbx-line and no "(no output)"`);
      }
      for (const line of lines) {
        const t = line.querySelector('.mdbx-t');
        if (!t || !/^\+\d+\.\d{3}s$/.test(t.textContent)) {
          problems.push(`${name}: a line without a "+S.mmms" timestamp: "${line.textContent}"`);
          break;
        }
      }
      expectVisible(pre, 'pre.mdbx-output');
    }
    for (const pre of diagnostics) expectVisible(pre, 'pre.mdbx-diagnostics');
    const footers = fig.querySelectorAll('figcaption.mdbx-footer');
    if (outputs.length > 0 && footers.length === 0) {
      problems.push(`${name}: no figcaption.mdbx-footer`);
    }
    for (const f of footers) {
      if (!/\d+(\.\d+)? (s|ms) total/.test(f.textContent)) {
        problems.push(`${name}: footer shows no total time: "${f.textContent.trim()}"`);
      }
      expectVisible(f, 'the footer');
    }
    // Each figure is drawn twice, for a page column and for a phone: the
    // drawing for this screen must show, the other must not.
    const other = window.innerWidth > 600 ? '.mdbx-narrow' : '.mdbx-wide';
    for (const svg of fig.querySelectorAll('svg.mdbx-timeline')) {
      const vb = svg.viewBox && svg.viewBox.baseVal;
      if (!vb || vb.width <= 0 || vb.height <= 0) {
        problems.push(`${name}: svg.mdbx-timeline has no usable viewBox`);
      }
      if (svg.closest(other)) {
        if (svg.getBoundingClientRect().width > 0) {
          problems.push(`${name}: the drawing for the other screen size shows too`);
        }
      } else {
        expectVisible(svg, 'svg.mdbx-timeline');
      }
    }
    // A traced future dropped unfinished ends its waiting line at the drop:
    // a ✕ must sit on that end, on the future's own lane.
    if (phase === 'as loaded') {
      for (const svg of fig.querySelectorAll('svg.mdbx-tl-traced')) {
        // From the path itself (`M x y l8 8 …`, the cross's top left): a
        // drawing for the other screen size is not rendered, has no box.
        const narrow = svg.closest('.mdbx-narrow') !== null;
        const crosses = [...svg.querySelectorAll('path.mdbx-tl-drop')]
          .filter((p) => p.querySelector('title'))
          .map((p) => (p.getAttribute('d') || '').match(/^M\s*([\d.]+)[\s,]+([\d.]+)/))
          .filter((m) => m)
          .map((m) => ({ x: parseFloat(m[1]) + 4, y: parseFloat(m[2]) + 4 }));
        for (const wait of svg.querySelectorAll('line.mdbx-tl-wait')) {
          const title = wait.querySelector('title');
          if (!title || !/dropped unfinished at/.test(title.textContent)) continue;
          if (!narrow) counts.dropped += 1;
          const [x, y] = [wait.x2.baseVal.value, wait.y1.baseVal.value];
          if (crosses.some((c) => Math.abs(c.x - x) <= 1.5 && Math.abs(c.y - y) <= 1.5)) {
            if (!narrow) counts.crossed += 1;
          } else {
            problems.push(`${name}${narrow ? ' (narrow drawing)' : ''}: "${title.textContent}" but no ✕ at its drop (x ${x.toFixed(1)}, y ${y.toFixed(1)})`);
          }
        }
      }
    }
    for (const summary of fig.querySelectorAll('details.mdbx-reveal > summary')) {
      expectVisible(summary, 'the reveal <summary>');
    }
    if (phase === 'as loaded') {
      counts.outputs += outputs.length;
      counts.timelines += [...fig.querySelectorAll('svg.mdbx-timeline')]
        .filter((svg) => !svg.closest('.mdbx-narrow')).length;
      counts.reveals += fig.querySelectorAll('details.mdbx-reveal').length;
      counts.lines += fig.querySelectorAll('.mdbx-line').length;
    }
  }
};

checkFigures('as loaded', figures);

const closed = [...main.querySelectorAll('details.mdbx-reveal:not([open]), details.mdbx-solution:not([open])')];
closed.forEach((d) => { d.open = true; });
const opened = closed.flatMap((d) => [d.closest('figure.mdbx'), ...d.querySelectorAll('figure.mdbx')]);
checkFigures('with its reveal opened', [...new Set(opened)].filter((f) => f));

// Consecutive output lines one line apart, not two: a block-level line
// plus the newline between lines inside `white-space: pre` would leave an
// empty line between every two lines of output.
const spaced = [];
for (const pre of main.querySelectorAll('pre.mdbx-output')) {
  const lines = pre.querySelectorAll('.mdbx-line');
  if (lines.length < 2) continue;
  const a = lines[0].getBoundingClientRect();
  const b = lines[1].getBoundingClientRect();
  if (a.height > 0 && b.top - a.top > 1.5 * a.height) {
    spaced.push(`${Math.round(b.top - a.top)}px apart for ${Math.round(a.height)}px lines`);
  }
}
if (spaced.length > 0) {
  problems.push(`${spaced.length} output block(s) show an empty line between every two output lines (${spaced[0]})`);
}

closed.forEach((d) => { d.open = false; });

for (const box of main.querySelectorAll('.mdbx-error')) {
  problems.push(`an error box is shown: ${box.textContent.trim().slice(0, 200)}`);
}
// The preprocessor's HTML shown as text: markdown turned the block into a
// code block (e.g. a directive inside an indented list item).
for (const el of main.querySelectorAll('pre, :not(pre) > code')) {
  const m = el.textContent.match(/<figure class="mdbx" data-example="([^"]*)"/);
  if (m) {
    problems.push(`${m[1]}: the example's HTML is shown as text in a <${el.tagName.toLowerCase()}> block (escaped by markdown) instead of being rendered`);
  }
}
const prose = main.cloneNode(true);
prose.querySelectorAll('pre, code').forEach((el) => el.remove());
if (prose.textContent.includes('{{#example')) {
  problems.push('an unexpanded {{#example …}} directive is in the text');
}

// Words for the search check. Output tokens are cut the way elasticlunr
// (mdBook's search) cuts them: on whitespace and hyphens, lower-cased,
// non-word characters trimmed at both ends, stop words dropped, stemmed;
// only plain tokens of 4 or more letters, digits or `_` are kept.
// Everything else on the page (prose, source, footers, summaries — all but
// the output lines and the timelines drawn from them) is cut at every
// non-alphanumeric character, so that "world" in `greet("world")` counts.
const lunr = window.elasticlunr;
const stem = (word) => {
  if (!lunr) return word;
  const t = lunr.trimmer(word.toLowerCase());
  if (!t || !lunr.stopWordFilter(t)) return null;
  return lunr.stemmer(t);
};
const outWords = {};
for (const line of main.querySelectorAll('pre.mdbx-output .mdbx-line')) {
  const copy = line.cloneNode(true);
  copy.querySelectorAll('.mdbx-t').forEach((t) => t.remove());
  for (const raw of copy.textContent.split(/[\s-]+/)) {
    const token = lunr ? lunr.trimmer(raw.toLowerCase()) : raw.toLowerCase();
    if (/^[a-z0-9_]{4,}$/.test(token) && /[a-z0-9]/.test(token)) {
      const s = stem(token);
      if (s) outWords[token] = s;
    }
  }
}
const rest = main.cloneNode(true);
rest.querySelectorAll('pre.mdbx-output, svg.mdbx-timeline').forEach((el) => el.remove());
const restText = `${document.title} ${rest.textContent}`.toLowerCase();
const restWords = [...new Set(restText.split(/[^a-z0-9_]+/).filter((w) => w))];
const restStems = [...new Set(restWords.map(stem).filter((s) => s))];

// The Run buttons (the `playground` check judges them).
const has = (f, sel) => f.querySelector(':scope > ' + sel) !== null;
const language = (f) => {
  const pre = f.previousElementSibling;
  const code = pre && pre.matches('pre') ? pre.querySelector('code') : null;
  return code ? code.className : '';
};
const buttons = {
  programs: figures.filter((f) => has(f, 'script.mdbx-program')).length,
  bars: figures.filter((f) => has(f, '.mdbx-play-bar')).length,
  mismatched: figures.filter((f) => has(f, 'script.mdbx-program') !== has(f, '.mdbx-play-bar'))
    .map((f) => f.dataset.example),
  python: figures.filter((f) => language(f).includes('language-python')
      && !has(f, '.mdbx-play-bar') && !has(f, '.mdbx-local-only'))
    .map((f) => f.dataset.example),
  local_only: figures.filter((f) => has(f, '.mdbx-local-only')).length,
};

return { ...counts, problems, outWords, restWords, restStems, hasLunr: !!lunr, buttons };
