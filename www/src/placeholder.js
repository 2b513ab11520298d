// The editor before CodeMirror has loaded: the page's REPL must not wait for the editor's
// ~450 KB of JavaScript, so the program is first shown in a plain editable block, one
// `.cm-line` per line (the same lines CodeMirror will show). When CodeMirror arrives it takes
// over with the placeholder's current text, selection and focus; edits made meanwhile are
// autosaved and kept, and an error line asked for meanwhile is marked once it is there.

export function createPlaceholder(parent, text, onChange) {
  const el = document.createElement('div');
  el.className = 'editor-placeholder';
  el.contentEditable = 'plaintext-only';
  el.spellcheck = false;
  el.setAttribute('role', 'textbox');
  el.setAttribute('aria-multiline', 'true');
  el.setAttribute('aria-label', 'main.py (the editor is loading)');
  parent.appendChild(el);

  let current = text;
  let edited = false;
  function render(t) {
    current = t;
    edited = false;
    el.replaceChildren(...t.split('\n').map((line) => {
      const d = document.createElement('div');
      d.className = 'cm-line';
      if (line === '') d.appendChild(document.createElement('br'));
      else d.textContent = line;
      return d;
    }));
  }
  render(text);
  el.addEventListener('input', () => { edited = true; onChange(read()); });

  /** The text as edited: one line per child block (a `<br>` alone is an empty line). */
  function lines() {
    const out = [];
    for (const node of el.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) { out.push(...node.data.split('\n')); continue; }
      let line = '';
      const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (n.nodeType === Node.TEXT_NODE) line += n.data;
        else if (n.nodeName === 'BR' && n !== node.lastChild) line += '\n';
      }
      out.push(...line.split('\n'));
    }
    return out;
  }
  function read() {
    if (!edited) return current;
    return lines().join('\n').replace(/\u00a0/g, ' ');
  }

  let pendingError = null;
  return {
    text: read,
    setText(t) { pendingError = null; render(t); onChange(t); },
    markError(n) { pendingError = n; },
    /** What CodeMirror needs to take over, and the node to remove once it has. */
    handOver() {
      const sel = window.getSelection();
      const focused = document.activeElement === el;
      let cursor = null;
      if (focused && sel.rangeCount) {
        // Lines before the caret's line, each with its newline, then the caret's column.
        const { endContainer, endOffset } = sel.getRangeAt(0);
        cursor = 0;
        for (const line of el.childNodes) {
          if (line === endContainer || line.contains(endContainer)) {
            const r = document.createRange();
            r.selectNodeContents(line);
            r.setEnd(endContainer, endOffset);
            cursor += r.toString().length;
            break;
          }
          cursor += (line.nodeType === Node.TEXT_NODE ? line.data.length : line.textContent.length) + 1;
        }
        cursor = Math.min(cursor, read().length);
      }
      return { text: read(), focused, cursor, error: pendingError, remove: () => el.remove() };
    },
  };
}
