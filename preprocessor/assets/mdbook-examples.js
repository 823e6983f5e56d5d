/* mdbook-examples 0.1.0 script. Run an example yourself and see your run
   beside the build's real one, timed line by line and drawn on one time
   axis. Each runnable example's figure holds
   <script type="application/json" class="mdbx-program"> with the whole
   program and where it runs: a Rust program on the Rust Playground, with a
   few lines appended that stamp each printed line with its time; a Python
   program in this page, by the book's own copy of Pyodide, loaded on the
   first click only. Nothing runs until the reader asks; without
   JavaScript, and in print, the page is unchanged. */
'use strict';

// Compiler diagnostics keep rustc's columns and scroll sideways as a unit:
// a keyboard stop of their own, so that the keyboard can scroll them too.
(function mdbxDiagnostics() {
    document.querySelectorAll('pre.mdbx-diagnostics').forEach(pre => {
        pre.tabIndex = 0;
        pre.setAttribute('role', 'region');
        pre.setAttribute('aria-label', 'compiler output (scrolls sideways)');
    });
})();

(function mdbxPlayground() {
    const TIMEOUT_MS = 20000;
    /* A Python run is stopped (its worker terminated) after this long. */
    const PY_LIMIT_MS = 20000;
    /* Loading Pyodide (about 13 MB, first click only) may take this long. */
    const PY_LOAD_MS = 120000;
    const CARGO_LINE = /^\s*(Compiling|Finished|Running|Blocking|Downloaded|Updating) /;
    /* Shown as ⟨U+XXXX⟩ markers, as the build shows them: the table of
       preprocessor/src/util/invisible.rs (general category Cf as of Unicode
       15.1, and U+2028, U+2029), which a unit test there keeps equal. */
    const INVISIBLE_RANGES = [
        [0x00AD, 0x00AD], [0x0600, 0x0605], [0x061C, 0x061C], [0x06DD, 0x06DD],
        [0x070F, 0x070F], [0x0890, 0x0891], [0x08E2, 0x08E2], [0x180E, 0x180E],
        [0x200B, 0x200F], [0x2028, 0x2029], [0x202A, 0x202E], [0x2060, 0x2064],
        [0x2066, 0x206F], [0xFEFF, 0xFEFF], [0xFFF9, 0xFFFB], [0x110BD, 0x110BD],
        [0x110CD, 0x110CD], [0x13430, 0x1343F], [0x1BCA0, 0x1BCA3], [0x1D173, 0x1D17A],
        [0xE0001, 0xE0001], [0xE0020, 0xE007F],
    ];
    const INVISIBLE = new RegExp('[' + INVISIBLE_RANGES.map(([lo, hi]) =>
        '\\u{' + lo.toString(16) + '}-\\u{' + hi.toString(16) + '}').join('') + ']', 'gu');
    /* A line the appended stamping code wrote: \u0001+SECONDS STREAM TEXT
       (stream o, e, or x for the exit). */
    const STAMPED = /^\u0001\+(\d+\.\d+)s ([oex]) ?(.*)$/;
    const REAL_RUN = '.mdbx-output, .mdbx-fold, .mdbx-diagnostics, .mdbx-label, .mdbx-badge';
    const SVG = 'http://www.w3.org/2000/svg';

    function el(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    // Output is untrusted text: it only ever goes into textContent, and
    // invisible format characters are shown as ⟨U+XXXX⟩, as the build does.
    function visible(text) {
        return text.replace(INVISIBLE, c =>
            '⟨U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + '⟩');
    }

    function withoutCargoLines(text) {
        return text.split('\n').filter(line => !CARGO_LINE.test(line)).join('\n').trim();
    }

    /* `+0.123s`, as the build stamps its lines. */
    function stamp(ms) {
        return '+' + (ms / 1000).toFixed(3) + 's';
    }

    /* `3.004 s` or `12.3 ms`, as the build's footers say it. */
    function human(ms) {
        return ms >= 1000 ? (ms / 1000).toFixed(3) + ' s' : ms.toFixed(1) + ' ms';
    }

    /* A difference for a headline: `1.0 s` or `120 ms`. */
    function short(ms) {
        return ms >= 1000 ? (ms / 1000).toFixed(1) + ' s' : Math.round(ms) + ' ms';
    }

    // --- Rust, on the Rust Playground --------------------------------------

    /* Appended to a Rust program before it is sent (after it, so that
       compiler messages keep the reader's line numbers). Only std: the
       playground offers no crate for this. `cargo xtask line-times` builds
       the examples with it and checks its times against the build's. */
    const LINE_TIMES = String.raw`

// ---- Added by the book, after your program (your line numbers are unchanged).
// Before main(), stdout and stderr are routed through pipes to threads that
// write each line, stamped with its time since the start, to stdout; at exit
// the pipes are closed and the threads finish, so that no line is lost.
#[allow(unsafe_code, dead_code)]
mod __book_line_times {
    use std::fs::File;
    use std::io::{BufRead, BufReader, Write};
    use std::os::fd::FromRawFd;
    use std::sync::{Mutex, OnceLock};
    use std::thread::JoinHandle;
    use std::time::Instant;

    unsafe extern "C" {
        fn pipe(fds: *mut i32) -> i32;
        fn dup(fd: i32) -> i32;
        fn dup2(from: i32, to: i32) -> i32;
        fn close(fd: i32) -> i32;
        fn atexit(f: extern "C" fn()) -> i32;
    }

    static START: OnceLock<Instant> = OnceLock::new();
    static OUT: OnceLock<Mutex<File>> = OnceLock::new();
    static THREADS: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());

    /// Route fd through a pipe to a thread that stamps its lines as tag.
    fn stamp(fd: i32, tag: char) -> Option<()> {
        let mut ends = [0i32; 2];
        if unsafe { pipe(ends.as_mut_ptr()) } != 0 || unsafe { dup2(ends[1], fd) } < 0 {
            return None;
        }
        unsafe { close(ends[1]) };
        let reader = BufReader::new(unsafe { File::from_raw_fd(ends[0]) });
        let thread = std::thread::Builder::new()
            .name(format!("line-times-{fd}"))
            .spawn(move || {
                for line in reader.split(b'\n') {
                    let Ok(line) = line else { break };
                    let at = START.get().map_or(0.0, |s| s.elapsed().as_secs_f64());
                    let text = String::from_utf8_lossy(&line);
                    if let Some(out) = OUT.get() {
                        let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
                        let _ = writeln!(out, "\u{1}+{at:.3}s {tag} {text}");
                    }
                }
            })
            .ok()?;
        THREADS.lock().ok()?.push(thread);
        Some(())
    }

    extern "C" fn start() {
        START.get_or_init(Instant::now);
        let original = unsafe { dup(1) };
        if original < 0 {
            return;
        }
        let _ = OUT.set(Mutex::new(unsafe { File::from_raw_fd(original) }));
        if stamp(1, 'o').is_some() && stamp(2, 'e').is_some() {
            unsafe { atexit(finish) };
        }
    }

    /// At exit (after main(), or in process::exit): end the pipes, then
    /// wait for the threads to write what is left.
    extern "C" fn finish() {
        unsafe {
            close(1);
            close(2);
        }
        let threads = std::mem::take(&mut *THREADS.lock().unwrap_or_else(|e| e.into_inner()));
        for thread in threads {
            let _ = thread.join();
        }
        let at = START.get().map_or(0.0, |s| s.elapsed().as_secs_f64());
        if let Some(out) = OUT.get() {
            let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
            let _ = writeln!(out, "\u{1}+{at:.3}s x exit");
        }
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static START_FIRST: extern "C" fn() = start;
}
`;

    /* The reader's program with the stamping code after it: its own lines
       keep their numbers. Stamped lines become timed lines; the rest
       (compiler messages) stays as text. */
    function stampedLines(text) {
        const lines = [];
        const rest = [];
        let exit = null;
        for (const line of text.split('\n')) {
            const m = STAMPED.exec(line);
            if (m && m[2] === 'x') {
                exit = parseFloat(m[1]) * 1000;
            } else if (m) {
                lines.push({ at: parseFloat(m[1]) * 1000, stderr: m[2] === 'e', text: m[3] });
            } else if (!CARGO_LINE.test(line)) {
                rest.push(line);
            }
        }
        // Two threads wrote them: in time order again.
        lines.sort((a, b) => a.at - b.at);
        const last = lines.length > 0 ? lines[lines.length - 1].at : 0;
        return { lines, exit: exit === null ? last : Math.max(exit, last), rest: rest.join('\n').trim() };
    }

    async function evaluate(program, code) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
        try {
            const response = await fetch(program.url.replace(/\/$/, '') + '/evaluate.json', {
                method: 'POST',
                mode: 'cors',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({
                    version: 'stable',
                    optimize: '0',
                    edition: program.edition,
                    code: program.stamp ? code + LINE_TIMES : code,
                }),
                signal: controller.signal,
            });
            const body = await response.json().catch(() => ({}));
            if (typeof body.result === 'string') {
                const { lines, exit, rest } = stampedLines(body.result);
                if (lines.length > 0) {
                    return { ok: !body.error, lines, total: exit, text: rest };
                }
                return { ok: !body.error, text: withoutCargoLines(body.result) };
            }
            const why = body.error || ('HTTP ' + response.status);
            return { ok: false, failed: 'The playground could not run it: ' + why };
        } catch (e) {
            const why = e.name === 'AbortError'
                ? 'no answer within ' + TIMEOUT_MS / 1000 + ' s'
                : 'it could not be reached (offline?)';
            return { ok: false, failed: 'The Rust Playground did not answer: ' + why + '. The build\'s real run above is unaffected; try again later.' };
        } finally {
            clearTimeout(timer);
        }
    }

    // --- Python, in this page (Pyodide in a Web Worker) --------------------

    /* The worker's whole program (a module worker made from this text). It
       loads Pyodide from the book's own copy on its first message, then
       runs each program in fresh globals, posting every line as it is
       printed with its time since the run began. */
    function workerMain() {
        let pyodide = null;
        const post = message => self.postMessage(message);
        self.onmessage = async event => {
            const { indexURL, code } = event.data;
            if (!pyodide) {
                const started = performance.now();
                try {
                    const { loadPyodide } = await import(indexURL + 'pyodide.mjs');
                    pyodide = await loadPyodide({ indexURL });
                } catch (e) {
                    post({ kind: 'failed', text: 'Pyodide could not be loaded from this book (' + e + ').' });
                    return;
                }
                const bytes = performance.getEntriesByType('resource')
                    .reduce((sum, r) => sum + (r.transferSize || r.encodedBodySize || 0), 0);
                post({
                    kind: 'loaded',
                    ms: performance.now() - started,
                    bytes,
                    version: pyodide.version,
                    python: pyodide.runPython('import sys; sys.version.split()[0]'),
                });
            }
            // Without WebAssembly stack switching, Pyodide's event loop
            // cannot block in asyncio.run(): such a line runs as `await`.
            const changed = [];
            let program = code;
            if (typeof WebAssembly.Suspending !== 'function') {
                program = code.split('\n').map((line, i) => {
                    const m = /^(\s*)asyncio\.run\((.*)\)\s*$/.exec(line);
                    if (!m) {
                        return line;
                    }
                    const now = m[1] + 'await ' + m[2];
                    changed.push({ line: i + 1, from: line.trim(), to: now.trim() });
                    return now;
                }).join('\n');
            }
            const start = performance.now();
            const line = stream => text =>
                post({ kind: 'line', stream, at: performance.now() - start, text });
            pyodide.setStdout({ batched: line('stdout') });
            pyodide.setStderr({ batched: line('stderr') });
            const globals = pyodide.toPy({ __name__: '__main__' });
            let error = null;
            try {
                await pyodide.runPythonAsync(program, { globals, filename: 'main.py' });
            } catch (e) {
                error = String(e.message || e);
            } finally {
                globals.destroy();
            }
            pyodide.runPython('import sys\nsys.stdout.flush()\nsys.stderr.flush()');
            post({ kind: 'done', total: performance.now() - start, error, changed });
        };
    }

    /* A traceback without the frames of Pyodide's own code, which runs the
       program (CPython's would not have them). */
    function withoutPyodideFrames(traceback) {
        const kept = [];
        let skipping = false;
        for (const line of traceback.trimEnd().split('\n')) {
            if (/^  File "/.test(line)) {
                skipping = /^  File "[^"]*\/_?pyodide\//.test(line);
            } else if (!/^   /.test(line)) {
                skipping = false;
            }
            if (!skipping) {
                kept.push(line);
            }
        }
        return kept;
    }

    let worker = null;
    /* Whether the current worker has loaded Pyodide. */
    let ready = false;
    let pyodideFacts = null;
    /* One run at a time in the one worker: runs wait for the one before. */
    let queue = Promise.resolve();

    function pyodideWorker() {
        if (!worker) {
            const source = '(' + workerMain.toString() + ')();';
            const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
            worker = new Worker(url, { type: 'module' });
            ready = false;
            URL.revokeObjectURL(url);
        }
        return worker;
    }

    /* Run `code` in the worker; `progress` is told what is happening. */
    function runPython(program, code, progress) {
        // mdBook's page script declares the way back to the book's root.
        const root = typeof path_to_root === 'string' ? path_to_root : '';
        const indexURL = new URL(program.pyodide, new URL(root, document.baseURI)).href;
        return new Promise(resolve => {
            const w = pyodideWorker();
            const lines = [];
            let timer = null;
            const stop = (result) => {
                clearTimeout(timer);
                w.onmessage = null;
                w.onerror = null;
                resolve(result);
            };
            const limit = (ms, why) => {
                clearTimeout(timer);
                timer = setTimeout(() => {
                    w.terminate();
                    worker = null;
                    stop({ ok: false, lines, total: ms, stopped: why });
                }, ms);
            };
            const stopped = 'stopped after ' + PY_LIMIT_MS / 1000 + ' s (the limit for a run in this page): the worker running it was terminated.';
            if (ready) {
                limit(PY_LIMIT_MS, stopped);
            } else {
                limit(PY_LOAD_MS, 'Python did not load within ' + PY_LOAD_MS / 1000 + ' s; try again.');
            }
            w.onerror = e => stop({ ok: false, failed: 'Python could not start in this page: ' + (e.message || 'the worker failed') + '.' });
            w.onmessage = event => {
                const m = event.data;
                if (m.kind === 'loaded') {
                    pyodideFacts = m;
                    ready = true;
                    progress('Running in your browser (Pyodide ' + m.version + ' loaded in ' + short(m.ms) + ')…');
                    limit(PY_LIMIT_MS, stopped);
                } else if (m.kind === 'line') {
                    lines.push({ at: m.at, stderr: m.stream === 'stderr', text: m.text });
                    progress(null, lines);
                } else if (m.kind === 'failed') {
                    w.terminate();
                    worker = null;
                    stop({ ok: false, failed: m.text });
                } else if (m.kind === 'done') {
                    // An exception ends the program as in CPython: its
                    // traceback on stderr when it ended.
                    const exit = m.error && !/SystemExit: (0|None)?\s*$/.test(m.error);
                    if (exit) {
                        for (const text of withoutPyodideFrames(m.error)) {
                            lines.push({ at: m.total, stderr: true, text });
                        }
                    }
                    stop({ ok: !exit, lines, total: m.total, changed: m.changed });
                }
            };
            progress(ready
                ? 'Running in your browser…'
                : 'Loading Python for your browser (Pyodide, served by this book; first run only)…');
            w.postMessage({ indexURL, code });
        });
    }

    // --- The figure: the reader's run beside the build's -------------------

    /* The build's run, as the page shows it: each line's time and text. */
    function buildRun(figure) {
        const lines = Array.from(figure.querySelectorAll('.mdbx-output .mdbx-line'))
            .map(line => {
                const t = line.querySelector('.mdbx-t');
                const at = t ? parseFloat(t.textContent.replace(/^\+/, '')) * 1000 : NaN;
                const text = line.textContent.slice(t ? t.textContent.length : 0).replace(/\u200b/g, '');
                return { at, stderr: line.classList.contains('mdbx-stderr'), text };
            })
            .filter(l => !Number.isNaN(l.at));
        const footer = figure.querySelector('.mdbx-footer strong');
        const m = footer && /([\d.]+) (s|ms) total/.exec(footer.textContent);
        const total = m ? parseFloat(m[1]) * (m[2] === 's' ? 1000 : 1) : Math.max(0, ...lines.map(l => l.at));
        return { lines, total };
    }

    function shorten(s, max) {
        const chars = Array.from(s);
        return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
    }

    /* Lanes as the build draws them: the lane pattern's first group, else
       `main`, in the order of their first line. */
    function layout(run, lanes) {
        const rows = [];
        const marks = run.lines.map(line => {
            const m = lanes.exec(line.text);
            const name = m && m[1] !== undefined ? m[1] : 'main';
            let row = rows.find(r => r.name === name);
            if (!row) {
                row = { name, first: line.at };
                rows.push(row);
            }
            row.first = Math.min(row.first, line.at);
            return { row, ...line };
        });
        rows.sort((a, b) => a.first - b.first);
        return { rows, marks: marks.map(m => ({ ...m, lane: rows.indexOf(m.row) })) };
    }

    /* A round tick step (1, 2 or 5 × 10^k ms) giving at most `most` ticks,
       as the build's axis does. */
    function niceStep(span, most) {
        for (let magnitude = 0.001; ; magnitude *= 10) {
            for (const m of [1, 2, 5]) {
                if (Math.floor(span / (m * magnitude)) <= most) {
                    return m * magnitude;
                }
            }
        }
    }

    function tickLabel(t, step) {
        if (t === 0) {
            return '0';
        }
        return step >= 100 ? Math.round(t / 100) / 10 + ' s' : Math.round(t * 10) / 10 + ' ms';
    }

    function svgEl(parent, tag, attrs, text) {
        const node = document.createElementNS(SVG, tag);
        for (const [k, v] of Object.entries(attrs)) {
            node.setAttribute(k, typeof v === 'number' ? String(Math.round(v * 10) / 10) : v);
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        parent.append(node);
        return node;
    }

    /* The runs on one time axis, drawn as the build draws a comparison
       (its geometry comes from the build: `program.style`). */
    function draw(runs, lanes, style, frame) {
        const f = style[frame];
        const layouts = runs.map(r => layout(r, lanes));
        const span = Math.max(1, ...runs.map(r => Math.max(r.total, ...r.lines.map(l => l.at))));
        const plot = f.width - f.labels - style.totalRoom;
        const x = ms => f.labels + ms / span * plot;
        const heights = layouts.map(l => f.head + style.lane * Math.max(1, l.rows.length));
        const tops = [];
        let top = style.top;
        for (const h of heights) {
            tops.push(top);
            top += h + style.gap;
        }
        const rowsBottom = tops[tops.length - 1] + heights[heights.length - 1];
        const height = rowsBottom + style.axis + 4;
        const svg = document.createElementNS(SVG, 'svg');
        svg.setAttribute('class', 'mdbx-timeline mdbx-tl-compare');
        svg.setAttribute('viewBox', '0 0 ' + f.width + ' ' + height);
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', runs.map(r => r.label + ': ' + r.lines.length + ' lines, exit after ' + human(r.total) + '.').join(' '));
        // The axis.
        const base = rowsBottom + 4;
        svgEl(svg, 'line', { class: 'mdbx-tl-axis', x1: x(0), x2: x(span), y1: base, y2: base });
        const most = Math.min(8, Math.max(2, Math.floor((x(span) - x(0)) / 64)));
        const step = niceStep(span, most);
        let d = '';
        for (let t = 0; t <= span + 1e-9; t += step) {
            d += 'M' + x(t).toFixed(1) + ' ' + style.top + 'V' + (base + 4);
            svgEl(svg, 'text', { class: 'mdbx-tl-label', x: x(t), y: base + 18, 'text-anchor': 'middle' }, tickLabel(t, step));
        }
        svgEl(svg, 'path', { class: 'mdbx-tl-tick', d });
        runs.forEach((run, i) => {
            const head = tops[i];
            const end = x(run.total);
            const [lx, ly, anchor, chars, mid] = f.stackLabels
                ? [8, head + 14, 'start', 40, head + 27]
                : [f.labels - 8, head + f.head / 2 + 4.5, 'end', f.labelChars, head + f.head / 2];
            svgEl(svg, 'text', { class: 'mdbx-tl-run', x: lx, y: ly, 'text-anchor': anchor }, shorten(run.label, chars));
            const bar = svgEl(svg, 'rect', { class: 'mdbx-tl-runbar mdbx-tl-r' + (i % 2), x: f.labels, y: mid - 4, width: Math.max(1, end - f.labels), height: 8, rx: 2 });
            svgEl(bar, 'title', {}, run.label + ' ran ' + human(run.total));
            svgEl(svg, 'text', { class: 'mdbx-tl-total', x: end + 6, y: mid + 4.5 }, human(run.total));
            const lanesTop = head + f.head;
            const laneY = k => lanesTop + style.lane * k + style.lane / 2;
            const { rows, marks } = layouts[i];
            rows.forEach((row, k) => {
                svgEl(svg, 'text', { class: 'mdbx-tl-lane', x: f.labels - 8, y: laneY(k) + 4, 'text-anchor': 'end' }, shorten(visible(row.name), f.labelChars));
                const times = marks.filter(m => m.lane === k).map(m => m.at);
                if (times.length > 1 && times[times.length - 1] > times[0]) {
                    svgEl(svg, 'line', { class: 'mdbx-tl-span', x1: x(times[0]), x2: x(times[times.length - 1]), y1: laneY(k), y2: laneY(k) });
                }
            });
            for (const m of marks) {
                const mark = svgEl(svg, 'circle', { class: m.stderr ? 'mdbx-tl-mark mdbx-tl-stderr' : 'mdbx-tl-mark', cx: x(m.at), cy: laneY(m.lane), r: style.markR });
                svgEl(mark, 'title', {}, stamp(m.at) + ' ' + visible(m.text));
            }
            const exit = svgEl(svg, 'line', { class: 'mdbx-tl-exit', x1: end, x2: end, y1: lanesTop, y2: lanesTop + style.lane * Math.max(1, rows.length) });
            svgEl(exit, 'title', {}, 'exit at ' + stamp(run.total));
        });
        return svg;
    }

    /* The difference in words, from the numbers: both totals, and the line
       whose time moved most (matched by its text and its occurrence). */
    function headline(yours, build) {
        const parts = ['your run: ' + short(yours.total), 'the build\'s: ' + short(build.total)];
        // Each line's key: its text and which occurrence of that text it is.
        const keys = lines => {
            const seen = new Map();
            return lines.map(l => {
                const n = (seen.get(l.text) || 0) + 1;
                seen.set(l.text, n);
                return l.text + '\u0000' + n;
            });
        };
        const builds = new Map(keys(build.lines).map((k, i) => [k, build.lines[i].at]));
        let moved = null;
        let unmatched = 0;
        keys(yours.lines).forEach((k, i) => {
            if (!builds.has(k)) {
                unmatched += 1;
                return;
            }
            const delta = yours.lines[i].at - builds.get(k);
            if (!moved || Math.abs(delta) > Math.abs(moved.delta)) {
                moved = { text: yours.lines[i].text, delta };
            }
        });
        if (moved && Math.abs(moved.delta) >= 10) {
            parts.push('`' + shorten(visible(moved.text), 40) + '` came ' + short(Math.abs(moved.delta)) + (moved.delta < 0 ? ' earlier' : ' later'));
        } else if (moved) {
            parts.push('every shared line within 10 ms of the build\'s');
        }
        if (unmatched > 0) {
            parts.push(unmatched + ' of your ' + yours.lines.length + ' lines not in the build\'s run');
        }
        return parts.join('; ');
    }

    /* The figure under the two runs: build's, yours, and (when kept) your
       previous run; redrawn for every run. */
    function drawComparison(figure, program, runs) {
        let holder = figure.querySelector('.mdbx-yours-figure');
        if (!holder) {
            // After the build's own timeline and footer, before the buttons.
            holder = el('div', 'mdbx-yours-figure');
            figure.querySelector('.mdbx-play-bar').before(holder);
        }
        let lanes;
        try {
            lanes = new RegExp(program.lanes || '^\\[([^\\]]+)\\]');
        } catch (e) {
            lanes = /^\[([^\]]+)\]/;
        }
        const caption = el('p', 'mdbx-compare-caption', headline(runs[1], runs[0]));
        if (program.language === 'python') {
            caption.append(el('span', 'mdbx-compare-note',
                ' Your clock starts with your program; the build\'s with its process, before Python\'s own start-up.'));
        }
        const wide = el('div', 'mdbx-figure-scroll mdbx-wide');
        const narrow = el('div', 'mdbx-figure-scroll mdbx-narrow');
        for (const node of [wide, narrow]) {
            node.tabIndex = 0;
            node.setAttribute('role', 'group');
            node.setAttribute('aria-label', 'Your run beside the build\'s, on one time axis');
        }
        wide.append(draw(runs, lanes, program.style, 'wide'));
        narrow.append(draw(runs, lanes, program.style, 'narrow'));
        const keep = holder.querySelector('.mdbx-keep input');
        const keepLabel = el('label', 'mdbx-keep');
        const box = el('input');
        box.type = 'checkbox';
        box.checked = keep ? keep.checked : false;
        keepLabel.append(box, ' keep this run as a third row when you run again');
        holder.replaceChildren(caption, wide, narrow, keepLabel);
    }

    // --- The page: buttons, editor, the two runs ---------------------------

    // The editor goes under the buttons; "your run" goes beside the build's
    // run (below it on narrow screens), each with its label.
    function panel(figure, program) {
        const existing = figure.querySelector('.mdbx-yours');
        if (existing) {
            return existing;
        }
        const editor = el('textarea', 'mdbx-yours-code');
        editor.value = program.code;
        editor.spellcheck = false;
        editor.wrap = 'off';
        editor.rows = Math.min(24, program.code.split('\n').length + 1);
        editor.setAttribute('aria-label', 'The program to run (edit it, then Run or Ctrl+Enter)');
        editor.hidden = true;
        editor.addEventListener('keydown', e => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                figure.querySelector('.mdbx-play-run').click();
            }
        });
        figure.querySelector('.mdbx-play-bar').after(editor);

        const python = program.language === 'python';
        const section = el('section', 'mdbx-yours');
        section.setAttribute('aria-label', python ? 'Your run in your browser' : 'Your run on the Rust Playground');
        const title = el('p', 'mdbx-run-title', 'Your run');
        const where = python
            ? ' · Python in your browser (Pyodide)'
            : ' · Rust Playground, edition ' + program.edition
                + (program.stamp ? ' · each line timed by code added after yours' : ' · output arrives all at once: no per-line times');
        title.append(el('span', 'mdbx-run-where', where));
        const output = el('pre', 'mdbx-yours-output');
        output.setAttribute('aria-live', 'polite');
        const note = el('p', 'mdbx-yours-note');
        note.textContent = python
            ? 'Runs in a worker of this page, stopped after ' + PY_LIMIT_MS / 1000 + ' s. Unlike CPython, Python in a browser has no threads, sockets or processes, and its time.sleep() lets other tasks run while it sleeps.'
            : (program.stamp
                ? 'Sent with a few lines added after your program (your line numbers are unchanged): before main they route stdout and stderr through a pipe to a thread that stamps each line with its time, so the figure can place it.'
                : '');
        note.hidden = !note.textContent;
        section.append(title, output, note);

        // The build's output (and compiler messages) move into the left
        // column of a two-column block; timeline and footer stay below.
        const realParts = Array.from(figure.children).filter(node => node.matches(REAL_RUN));
        const runs = el('div', 'mdbx-runs');
        const real = el('div', 'mdbx-real');
        const realTitle = el('p', 'mdbx-run-title', 'The build\'s run');
        realTitle.append(el('span', 'mdbx-run-where', ' · real, captured when this page was built'));
        if (realParts.length > 0) {
            realParts[0].before(runs);
        } else {
            editor.after(runs);
        }
        real.append(realTitle, ...realParts);
        runs.append(real, section);
        figure.classList.add('mdbx-has-yours');
        return section;
    }

    /* The reader's lines, stamped like the build's. */
    function showLines(output, lines) {
        output.replaceChildren(...lines.flatMap((l, i) => {
            const line = el('span', l.stderr ? 'mdbx-line mdbx-stderr' : 'mdbx-line');
            const t = el('span', 'mdbx-t', stamp(l.at));
            t.setAttribute('aria-hidden', 'true');
            line.append(t, visible(l.text) || '\u200b');
            return i > 0 ? ['\n', line] : [line];
        }));
    }

    async function run(figure, program, runButton) {
        const section = panel(figure, program);
        const output = section.querySelector('.mdbx-yours-output');
        const where = section.querySelector('.mdbx-run-where');
        const editor = figure.querySelector('.mdbx-yours-code');
        output.classList.remove('mdbx-yours-failed');
        runButton.disabled = true;
        let result;
        if (program.language === 'python') {
            output.textContent = 'Waiting for the run before it…';
            queue = queue.then(() => runPython(program, editor.value, (text, lines) => {
                if (text) {
                    output.textContent = text;
                } else if (lines) {
                    showLines(output, lines);
                }
            }));
            result = await queue;
            if (pyodideFacts) {
                where.textContent = ' · Python ' + pyodideFacts.python + ' in your browser, Pyodide ' + pyodideFacts.version
                    + ' (loaded from this book in ' + short(pyodideFacts.ms) + ', once per page)';
                section.dataset.pyodideLoadMs = String(Math.round(pyodideFacts.ms));
                section.dataset.pyodideBytes = String(pyodideFacts.bytes);
            }
        } else {
            output.textContent = 'Running on the Rust Playground…';
            result = await evaluate(program, editor.value);
        }
        runButton.disabled = false;
        output.classList.toggle('mdbx-yours-failed', !result.ok);
        if (result.lines) {
            showLines(output, result.lines);
            const extra = [result.text, result.stopped].filter(Boolean).map(visible);
            for (const change of result.changed || []) {
                extra.push('Your browser cannot block in asyncio.run(): line ' + change.line + ', `' + change.from + '`, ran as `' + change.to + '`.');
            }
            if (extra.length > 0) {
                output.append(el('span', 'mdbx-yours-extra', (result.lines.length ? '\n' : '') + extra.join('\n')));
            }
            const previous = figure._mdbxRuns || [];
            const keep = figure.querySelector('.mdbx-keep input');
            const yours = { label: 'your run', lines: result.lines, total: result.total };
            const runs = [{ label: 'the build\'s', ...buildRun(figure) }, yours];
            if (keep && keep.checked && previous[1]) {
                runs.push({ ...previous[1], label: 'your last run' });
            }
            figure._mdbxRuns = runs;
            drawComparison(figure, program, runs);
        } else {
            output.textContent = result.failed || visible(result.text) || '(no output)';
        }
        // The editor may have pushed the answer out of sight.
        output.scrollIntoView({ block: 'nearest' });
    }

    function setup(script) {
        let program;
        try {
            program = JSON.parse(script.textContent);
        } catch (e) {
            return;
        }
        const figure = script.closest('figure');
        if (!figure || typeof program.code !== 'string') {
            return;
        }
        const python = program.language === 'python';
        const bar = el('div', 'mdbx-play-bar');
        const runButton = el('button', 'mdbx-play-run', '▶ Run it yourself');
        runButton.type = 'button';
        runButton.title = python
            ? 'Run this example in your browser (Python compiled to WebAssembly, Pyodide, loaded from this book on the first run)'
            : 'Compile and run this example on the Rust Playground (play.rust-lang.org)';
        const editButton = el('button', 'mdbx-play-edit', '✎ Edit');
        editButton.type = 'button';
        editButton.setAttribute('aria-expanded', 'false');
        runButton.addEventListener('click', () => run(figure, program, runButton));
        editButton.addEventListener('click', () => {
            panel(figure, program);
            const editor = figure.querySelector('.mdbx-yours-code');
            editor.hidden = !editor.hidden;
            editButton.setAttribute('aria-expanded', String(!editor.hidden));
            if (!editor.hidden) {
                // At the example's first line, not at the appended library.
                editor.setSelectionRange(0, 0);
                editor.scrollTop = 0;
                editor.focus({ preventScroll: true });
            }
        });
        bar.append(runButton, editButton);
        // Last in the figure: the build's output starts where it would
        // without JavaScript (side-by-side panes stay aligned).
        figure.append(bar);
    }

    document.querySelectorAll('script.mdbx-program').forEach(setup);
})();
