// Where the page's main thread spends the load, from a Chromium trace (`browser.startTracing`):
// the self time of each trace event (its duration less its children's) on the renderer's main
// thread, from navigation start to the `ferrite-ready` mark. A Layout inside a FunctionCall is a
// layout the script forced; its enclosing event is kept in the name (`Layout < FunctionCall`).

export const CATEGORIES = ['devtools.timeline', 'blink.user_timing', 'v8.wasm', 'loading'];

/**
 * `trace`: the JSON buffer `stopTracing` returns. → { total_ms, busy_ms, cpu_ms, self_ms: { name: ms },
 * cpu_self_ms: { name: ms } }: time to the prompt, the main thread's wall and CPU time in it.
 */
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
  // Wall time (dur) and the thread's CPU time (tdur, where Chromium records it): on a loaded
  // machine the wall time includes waiting for a core, the CPU time is the page's own work.
  const self = {};
  const cpu = {};
  const stack = [];
  const add = (to, k, us) => { to[k] = (to[k] ?? 0) + us / 1000; };
  let busy = 0;
  let cpuTotal = 0;
  for (const e of spans) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) {
      add(self, parent.key, -Math.min(e.dur, parent.ts + parent.dur - e.ts));
      add(cpu, parent.key, -Math.min(e.tdur ?? 0, parent.tdur ?? 0));
    } else {
      busy += e.dur;
      cpuTotal += e.tdur ?? 0;
    }
    const forced = parent && /^(Layout|UpdateLayoutTree)$/.test(e.name) ? ` < ${stack[0].name}` : '';
    e.key = e.name + forced;
    add(self, e.key, e.dur);
    add(cpu, e.key, e.tdur ?? 0);
    stack.push(e);
  }
  const table = (t) => Object.fromEntries(Object.entries(t).filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => [k, Math.round(ms * 10) / 10]));
  return {
    total_ms: (ready.ts - t0) / 1000, busy_ms: busy / 1000, cpu_ms: cpuTotal / 1000,
    self_ms: table(self), cpu_self_ms: table(cpu),
  };
}
