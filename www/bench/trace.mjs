// Where the page's main thread spends the load, from a Chromium trace (`browser.startTracing`):
// the self time of each trace event (its duration less its children's) on the renderer's main
// thread, from navigation start to the `ferrite-ready` mark. A Layout inside a FunctionCall is a
// layout the script forced; its enclosing event is kept in the name (`Layout < FunctionCall`).

export const CATEGORIES = ['devtools.timeline', 'blink.user_timing', 'v8.wasm', 'loading'];

/** `trace`: the JSON buffer `stopTracing` returns. → { total_ms, self_ms: { name: ms } }. */
export function summarize(trace) {
  const events = JSON.parse(trace.toString()).traceEvents ?? [];
  const mark = (name) => events.find((e) => e.name === name && e.ph !== 'X');
  const ready = mark('ferrite-ready');
  if (!ready) return null;
  const threadOf = (e) => `${e.pid}:${e.tid}`;
  const main = threadOf(ready);
  // The main thread is the one the page's own mark was recorded on; navigation start is the
  // earliest `navigationStart` of that renderer.
  const starts = events.filter((e) => e.name === 'navigationStart' && e.pid === ready.pid).map((e) => e.ts);
  const t0 = starts.length ? Math.min(...starts) : Math.min(...events.filter((e) => threadOf(e) === main).map((e) => e.ts));
  const spans = events
    .filter((e) => e.ph === 'X' && threadOf(e) === main && e.ts >= t0 && e.ts < ready.ts && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = {};
  const stack = [];
  const add = (k, us) => { self[k] = (self[k] ?? 0) + us / 1000; };
  for (const e of spans) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) add(parent.key, -Math.min(e.dur, parent.ts + parent.dur - e.ts));
    const forced = parent && /^(Layout|UpdateLayoutTree)$/.test(e.name) ? ` < ${stack[0].name}` : '';
    e.key = e.name + forced;
    add(e.key, e.dur);
    stack.push(e);
  }
  const rounded = Object.entries(self).filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1]);
  return { total_ms: (ready.ts - t0) / 1000, self_ms: Object.fromEntries(rounded.map(([k, ms]) => [k, Math.round(ms * 10) / 10])) };
}
