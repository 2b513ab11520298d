// The CodeMirror 6 editor with Python highlighting and one highlighted error line. A bundle of
// its own, imported by the page once the REPL is ready (see placeholder.js). The extensions are
// picked rather than `basicSetup`: without autocompletion, search, lint and folding the bundle
// is ~30 KB (gzip) smaller; Tab indents (Esc then Tab leaves the editor). Python is CodeMirror's
// stream mode (@codemirror/legacy-modes: tokens, indentation after `:`) rather than the Lezer
// grammar of @codemirror/lang-python, whose parse tables and LR runtime are 21 KB (gzip) of a
// 125 KB bundle; highlighting, bracket matching and auto-indent do not need a full syntax tree.

import {
  Decoration, EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap,
  lineNumbers,
} from '@codemirror/view';
import { StateEffect, StateField } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  StreamLanguage, bracketMatching, defaultHighlightStyle, indentOnInput, indentUnit, syntaxHighlighting,
} from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { python } from '@codemirror/legacy-modes/mode/python';
import { oneDark } from '@codemirror/theme-one-dark';

const setup = [
  lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(), indentOnInput(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }), bracketMatching(), closeBrackets(), highlightActiveLine(),
  keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
  StreamLanguage.define(python),
  indentUnit.of('    '), // PEP 8 and MicroPython's examples; CodeMirror's default is two spaces
];

const setErrorLine = StateEffect.define();
const errorMark = Decoration.line({ class: 'cm-error-line', attributes: { 'data-error-line': 'true' } });

const errorLine = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (e.is(setErrorLine)) {
        const doc = tr.state.doc;
        if (e.value === null || e.value < 1 || e.value > doc.lines) return Decoration.none;
        return Decoration.set([errorMark.range(doc.line(e.value).from)]);
      }
    }
    // Any edit clears the mark: the line number no longer means the same code.
    return tr.docChanged ? Decoration.none : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function createEditor(parent, text, onChange, { cursor = null, focus = false } = {}) {
  const view = new EditorView({
    doc: text,
    parent,
    ...(cursor !== null ? { selection: { anchor: Math.min(cursor, text.length) } } : {}),
    extensions: [
      setup,
      oneDark,
      errorLine,
      EditorView.updateListener.of((u) => { if (u.docChanged) onChange(u.state.doc.toString()); }),
    ],
  });
  if (focus) view.focus();
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(t) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t }, effects: setErrorLine.of(null) });
    },
    /** Highlight line `n` (1-based) and scroll to it; `null` clears. */
    markError(n) {
      const ok = n !== null && n >= 1 && n <= view.state.doc.lines;
      view.dispatch({
        effects: [setErrorLine.of(ok ? n : null), ...(ok ? [EditorView.scrollIntoView(view.state.doc.line(n).from, { y: 'center' })] : [])],
      });
    },
  };
}
