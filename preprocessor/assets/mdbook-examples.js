/* mdbook-examples 0.1.0 script. Run an example yourself on the Rust
   Playground and see your run beside the build's real one. Each runnable example's figure holds
   <script type="application/json" class="mdbx-program"> with the whole
   program, its edition and the playground's address. Nothing runs until the
   reader asks; without JavaScript, and in print, the page is unchanged. */
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
    const REAL_RUN = '.mdbx-output, .mdbx-fold, .mdbx-diagnostics, .mdbx-label, .mdbx-badge';

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
                    code,
                }),
                signal: controller.signal,
            });
            const body = await response.json().catch(() => ({}));
            if (typeof body.result === 'string') {
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

        const section = el('section', 'mdbx-yours');
        section.setAttribute('aria-label', 'Your run on the Rust Playground');
        const title = el('p', 'mdbx-run-title', 'Your run');
        title.append(el('span', 'mdbx-run-where',
            ' · Rust Playground, edition ' + program.edition + ' · output arrives all at once: no per-line times'));
        const output = el('pre', 'mdbx-yours-output');
        output.setAttribute('aria-live', 'polite');
        section.append(title, output);

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

    async function run(figure, program, runButton) {
        const output = panel(figure, program).querySelector('.mdbx-yours-output');
        const editor = figure.querySelector('.mdbx-yours-code');
        output.classList.remove('mdbx-yours-failed');
        output.textContent = 'Running on the Rust Playground…';
        runButton.disabled = true;
        const result = await evaluate(program, editor.value);
        runButton.disabled = false;
        output.classList.toggle('mdbx-yours-failed', !result.ok);
        output.textContent = result.failed || visible(result.text) || '(no output)';
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
        const bar = el('div', 'mdbx-play-bar');
        const runButton = el('button', 'mdbx-play-run', '▶ Run it yourself');
        runButton.type = 'button';
        runButton.title = 'Compile and run this example on the Rust Playground (play.rust-lang.org)';
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
